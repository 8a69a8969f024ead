//! The `travelmap` command: parse arguments, set up logging, then open the window or run a subcommand.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::AtomicU64;

use anyhow::Context as _;
use clap::{Args, Parser, Subcommand, ValueEnum};
use travelmap::data::{self, Dataset, LoadError, Problem};
use travelmap::formats::itinerary::ColumnRoles;
use travelmap::formats::{self, Format, LoadOptions, Loaded};
use travelmap::render::{self, anim, options};

mod who_met;

/// Shows who travelled where, when, and whom they met, on an offline world map with a timeline.
#[derive(Parser, Debug)]
#[command(version, about, args_conflicts_with_subcommands = true)]
struct Cli {
    /// A file to open: travelmap JSON, GeoJSON, KML, or CSV. When omitted, the file open when the app
    /// was last closed, else the bundled 2025 U.S.–Russia dataset.
    file: Option<PathBuf>,
    /// Open the Frame statistics window (frames per second, CPU time per frame, memory). To record
    /// every frame to a file, set `TRAVELMAP_STATS=FILE.csv`.
    #[arg(long)]
    stats: bool,
    #[command(flatten)]
    reading: Reading,
    #[command(subcommand)]
    command: Option<Command>,
}

/// How files are read.
#[derive(Args, Debug, Clone, Default)]
struct Reading {
    /// Infer no flights between consecutive stays in different places.
    #[arg(long, global = true)]
    no_infer: bool,
    /// The longest gap between two stays that still gets an inferred flight, in days.
    #[arg(long, global = true, value_name = "DAYS", default_value_t = data::infer::DEFAULT_MAX_GAP_DAYS)]
    max_gap: u32,
    /// The roles of a spreadsheet's columns, where its header does not say them:
    /// `person=Traveller,start=Arrived,end=Left,place=Where,country=Nation`.
    #[arg(long, global = true, value_name = "ROLE=COLUMN,…")]
    columns: Option<String>,
    /// A place cell that lists several places ("Paris and Versailles") makes one stay per place
    /// (by default: one stay, at the first place that is found).
    #[arg(long, global = true)]
    split_lists: bool,
    /// Numeric dates (09/01/1866) are day first, where the file cannot tell.
    #[arg(long, global = true, conflicts_with = "month_first")]
    day_first: bool,
    /// Numeric dates (09/01/1866) are month first, where the file cannot tell.
    #[arg(long, global = true)]
    month_first: bool,
}

impl Reading {
    fn options(&self) -> anyhow::Result<LoadOptions> {
        let mut options = LoadOptions {
            infer_gap_days: (!self.no_infer).then_some(self.max_gap),
            ..LoadOptions::default()
        };
        if let Some(columns) = &self.columns {
            options.itinerary.columns = ColumnRoles::parse_overrides(columns)
                .map_err(|e| anyhow::anyhow!("--columns: {e}"))?;
        }
        options.itinerary.split_lists = self.split_lists;
        options.itinerary.day_first = match (self.day_first, self.month_first) {
            (true, _) => Some(true),
            (_, true) => Some(false),
            _ => None,
        };
        Ok(options)
    }
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Validate a file (travelmap JSON, GeoJSON, CSV, KML or iCalendar) and print a one-line summary, or every
    /// problem, one a line: file, line, column, record, field and message (exit status 1). Place texts
    /// that were ambiguous or not placed are listed as warnings, which do not fail the check.
    Check {
        /// The file to check (the bundled dataset when omitted).
        file: Option<PathBuf>,
    },
    /// Write a dataset in another format. A file with any problem is not exported; warnings (places
    /// that are ambiguous or not placed) do not stop it.
    Export {
        format: ExportFormat,
        /// The file to export, in any format `check` reads (the bundled dataset when omitted).
        file: Option<PathBuf>,
        /// Where to write (atomically: the old file stays whole if writing fails); standard output when
        /// omitted.
        #[arg(short, long)]
        out: Option<PathBuf>,
    },
    /// List who met whom, and who was in the same city at the same time: one line per pair per
    /// encounter. `meeting` lines are reported meetings both took part in; `co-presence` lines are
    /// possible encounters worked out from stays, meetings and the time between a reported arrival
    /// and the next reported departure (never from inferred flights). Stays placed only by their
    /// country (at its capital) or not placed at all are not presence in a city. Known to the day, the
    /// overlap is the first and last shared local day of the city; otherwise UTC times. Records with
    /// problems are left out, and the problems printed.
    ///
    /// Columns: `person_a,person_b,city,geonames_id,start,end,kind,evidence,sources` (evidence: record
    /// ids, sources: source ids, each joined with `;`).
    WhoMet {
        /// The file to read, in any format `check` reads (the bundled dataset when omitted).
        file: Option<PathBuf>,
        /// Only encounters of this person (name or id, any case).
        #[arg(long, value_name = "NAME")]
        person: Option<String>,
        /// Only encounters with this person (name or id, any case).
        #[arg(long = "with", value_name = "NAME")]
        with: Option<String>,
        /// Only co-presences that overlap at least this long: `1d`, `12h`, `30m` (meetings are
        /// always listed). Known to the day on both sides, an overlap is counted in whole days.
        #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
        min_overlap: Option<chrono::Duration>,
        #[arg(long, value_enum, default_value_t = WhoMetFormat::Csv)]
        format: WhoMetFormat,
    },
    /// Draw the map into a file, without a window: a picture (.png, .svg) at one moment, or an
    /// animation (.gif, .apng, .mp4, .webm, or a folder of numbered PNG frames, `-o DIR/`) over a stretch
    /// of time. Deterministic (the same command writes the same bytes), offline, no display needed.
    Render(Box<RenderArgs>),
}

/// How `who-met` writes its lines.
#[derive(Clone, Copy, Debug, ValueEnum)]
enum WhoMetFormat {
    /// A header, then one row per encounter.
    Csv,
    /// An array of objects with the CSV's columns as keys.
    Json,
}

/// `1d`, `36h`, `90m`: a whole number and a unit (days, hours, minutes).
fn parse_duration(text: &str) -> Result<chrono::Duration, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let n: i64 = number
        .parse()
        .map_err(|_| format!("\"{text}\" is not a duration such as 1d, 12h or 30m"))?;
    match unit.trim() {
        "d" | "day" | "days" => Ok(chrono::Duration::days(n)),
        "h" | "hour" | "hours" => Ok(chrono::Duration::hours(n)),
        "m" | "min" | "minutes" | "" => Ok(chrono::Duration::minutes(n)),
        _ => Err(format!(
            "\"{text}\": the unit is d (days), h (hours) or m (minutes)"
        )),
    }
}

/// `travelmap render`'s arguments, as typed; `render_settings` validates them.
#[derive(Args, Debug)]
struct RenderArgs {
    /// The file to draw (the bundled dataset when omitted).
    file: Option<PathBuf>,
    /// Where to write: .png, .svg, .gif, .apng, .mp4, .webm, or a folder ending in `/` for PNG frames.
    #[arg(short, long)]
    out: PathBuf,
    /// The moment of a picture, in UTC (`2025-03-12`, `2025-03-12T14:00`); the end of the data when
    /// omitted.
    #[arg(long, value_name = "TIME")]
    at: Option<String>,
    /// Where an animation starts (the start of the data when omitted).
    #[arg(long, value_name = "TIME")]
    from: Option<String>,
    /// Where an animation ends (the end of the data when omitted).
    #[arg(long, value_name = "TIME")]
    to: Option<String>,
    /// How long an animation lasts (`20s`, `1.5m`).
    #[arg(long, value_name = "SECONDS", conflicts_with = "speed")]
    length: Option<String>,
    /// Data time per second of animation instead of a length (`2d/s`, `6h/s`).
    #[arg(long, value_name = "SPAN/s")]
    speed: Option<String>,
    /// Frames per second of an animation.
    #[arg(long, default_value_t = 30)]
    fps: u32,
    /// Size in pixels.
    #[arg(long, default_value = "1920x1080", value_name = "WxH")]
    size: String,
    /// `fit` (all places, as the window's "fit to data") or `LAT,LON,ZOOM`.
    #[arg(long, default_value = "fit")]
    view: String,
    /// Which legs are drawn: `all` up to the moment, the last `7d`, `30d`, `90d`, or `FROM..TO`.
    #[arg(long, default_value = "all")]
    window: String,
    /// Only these people's trips and meetings (names or ids, comma-separated).
    #[arg(long, value_name = "NAME,…")]
    people: Option<String>,
    /// The title (the dataset's when omitted).
    #[arg(long)]
    title: Option<String>,
    /// A city to select: ringed in yellow, its routes on top, its local time beside UTC.
    #[arg(long)]
    city: Option<String>,
    /// List the sources of what is visible at the bottom of the picture.
    #[arg(long)]
    footnotes: bool,
    /// The camera follows the travellers in the air.
    #[arg(long)]
    follow: bool,
    /// Play idle gaps at the same pace as the rest (by default they are crossed quickly).
    #[arg(long)]
    no_warp: bool,
}

/// The formats `export` writes; any format `check` reads can be exported.
#[derive(Clone, Copy, Debug, ValueEnum)]
enum ExportFormat {
    /// The native travelmap JSON.
    Json,
    /// RFC 7946 GeoJSON: a point per place, meeting and stay, a line per leg.
    Geojson,
    /// A spreadsheet: one row per leg, meeting, note or stay.
    Csv,
    /// Google Earth: placemarks with time spans, so the time slider plays the routes.
    Kml,
    /// A calendar: one event per meeting and stay.
    Ics,
}

impl From<ExportFormat> for Format {
    fn from(f: ExportFormat) -> Self {
        match f {
            ExportFormat::Json => Self::Json,
            ExportFormat::Geojson => Self::GeoJson,
            ExportFormat::Csv => Self::Csv,
            ExportFormat::Kml => Self::Kml,
            ExportFormat::Ics => Self::Ics,
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // The subcommands print what they found themselves; the window logs what it loads.
    let default_filter = match cli.command {
        None => "warn,travelmap=info",
        Some(_) => "warn",
    };
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or(default_filter))
        .init();
    let result = match cli.command {
        None => travelmap::app::run(travelmap::app::StartOptions {
            file: cli.file,
            basemap: true,
            no_infer: cli.reading.no_infer,
            stats: cli.stats,
        }),
        Some(Command::Check { file }) => check(file.as_deref(), &cli.reading),
        Some(Command::Export { format, file, out }) => {
            export(format, file.as_deref(), out.as_deref(), &cli.reading)
        }
        Some(Command::WhoMet {
            file,
            person,
            with,
            min_overlap,
            format,
        }) => who_met::run(
            file.as_deref(),
            &cli.reading,
            &who_met::Query {
                person,
                with,
                min_overlap,
                format,
            },
        ),
        Some(Command::Render(args)) => render(&args, &cli.reading),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("travelmap: {err:#}");
            ExitCode::FAILURE
        }
    }
}

/// `FILE:LINE:COLUMN: record, field: message`, or `FILE: record, field: message` when the position in
/// the file is not known.
fn diagnostic(file: &str, p: &Problem) -> String {
    let warning = if p.is_warning() { "warning: " } else { "" };
    match (p.line, p.column) {
        (Some(line), Some(column)) => {
            format!(
                "{file}:{line}:{column}: {warning}{}, {}: {}",
                p.record, p.field, p.message
            )
        }
        _ => format!("{file}: {warning}{}, {}: {}", p.record, p.field, p.message),
    }
}

/// Reads the file through the one loader, printing every problem; fails when there is any. Warnings are
/// printed after the caller's summary. A syntax error is printed in the same form, without record and
/// field.
fn load(file: Option<&Path>, reading: &Reading) -> anyhow::Result<(String, Loaded)> {
    let (name, loaded) = load_lenient(file, reading)?;
    if loaded.problems.is_empty() {
        return Ok((name, loaded));
    }
    anyhow::bail!(
        "{name}: {} problem(s); {} (the records without problems)",
        loaded.problems.len(),
        loaded.data.summary()
    )
}

/// Like [`load`], but the records without problems are kept: the problems are printed and the rest
/// returned.
fn load_lenient(file: Option<&Path>, reading: &Reading) -> anyhow::Result<(String, Loaded)> {
    let options = reading.options()?;
    let (name, result) = match file {
        Some(path) => (
            path.display().to_string(),
            formats::load_path(path, &options, &AtomicU64::new(0)),
        ),
        None => (
            data::BUNDLED_NAME.to_owned(),
            formats::load_bundled(&options),
        ),
    };
    let loaded = match result {
        Ok(loaded) => loaded,
        Err(LoadError::Syntax {
            path,
            line,
            column,
            message,
        }) => {
            eprintln!("{path}:{line}:{column}: {message}");
            anyhow::bail!("{path}: not readable")
        }
        Err(e) => return Err(e.into()),
    };
    for p in &loaded.problems {
        eprintln!("{}", diagnostic(&name, p));
    }
    Ok((name, loaded))
}

/// `geocoded N of M place texts (A ambiguous, U unresolved)`, then each flagged text as a warning.
fn print_geocoding(name: &str, d: &Dataset, warnings: &[Problem]) {
    if let Some(summary) = d.geocode_summary() {
        println!("{summary}");
    }
    for w in warnings {
        eprintln!("{}", diagnostic(name, w));
    }
}

fn check(file: Option<&Path>, reading: &Reading) -> anyhow::Result<()> {
    let (name, loaded) = load(file, reading)?;
    println!("ok: {}", loaded.data.summary());
    print_geocoding(&name, &loaded.data, &loaded.warnings);
    Ok(())
}

fn export(
    format: ExportFormat,
    file: Option<&Path>,
    out: Option<&Path>,
    reading: &Reading,
) -> anyhow::Result<()> {
    // A dataset with rejected records is not written: the export would silently lack them.
    let (name, loaded) = load(file, reading).context("not exported")?;
    for w in &loaded.warnings {
        eprintln!("{}", diagnostic(&name, w));
    }
    let text = formats::export(&loaded.data, format.into())?;
    match out {
        Some(path) => data::save_atomic(path, text.as_bytes())
            .with_context(|| format!("writing {}", path.display()))?,
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(text.as_bytes())?;
            if !text.ends_with('\n') {
                stdout.write_all(b"\n")?;
            }
        }
    }
    Ok(())
}

/// Validated settings for the renderer, from the raw arguments.
fn render_settings(args: &RenderArgs, d: &Dataset) -> anyhow::Result<render::Settings> {
    let (width, height) = options::size(&args.size)?;
    let mut filter = travelmap::timeline::RecordFilter::default();
    for name in args.people.iter().flat_map(|p| p.split(',')) {
        let name = name.trim();
        let found = d
            .people
            .iter()
            .position(|p| p.id.eq_ignore_ascii_case(name) || p.name.eq_ignore_ascii_case(name));
        match found {
            Some(i) => {
                filter.people.only.insert(data::PersonIdx(i as u32));
            }
            None => anyhow::bail!("--people: nobody called {name:?} in the dataset"),
        }
    }
    let scene_cities = data::Cities::new(d);
    let selected = match &args.city {
        Some(name) => Some(
            scene_cities
                .find(name)
                .with_context(|| format!("--city: no city called {name:?} in the dataset"))?,
        ),
        None => None,
    };
    Ok(render::Settings {
        width,
        height,
        view: options::view(&args.view)?,
        window: options::window(&args.window)?,
        filter,
        selected,
        furniture: render::Furniture {
            title: args.title.clone(),
            footnotes: args.footnotes,
            online_tiles: false,
        },
    })
}

fn render(args: &RenderArgs, reading: &Reading) -> anyhow::Result<()> {
    let (_, loaded) = load(args.file.as_deref(), reading).context("not rendered")?;
    let settings = render_settings(args, &loaded.data)?;
    let renderer = render::Renderer::new(&loaded.data, settings);
    let (start, end) = renderer.range().ok_or(render::RenderError::NoTimes)?;
    let out = args.out.as_path();
    let extension = out
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    let picture = matches!(extension.as_deref(), Some("png" | "svg"));
    if picture {
        let at = args
            .at
            .as_deref()
            .map(options::time)
            .transpose()?
            .unwrap_or(end);
        let camera = renderer.camera();
        eprintln!("Drawing {} at {at}…", out.display());
        let bytes = if extension.as_deref() == Some("svg") {
            renderer.drawing(at, &camera).0.svg().into_bytes()
        } else {
            render::encode_png(&renderer.raster(at, &camera)?)?
        };
        data::save_atomic(out, &bytes).with_context(|| format!("writing {}", out.display()))?;
        eprintln!("Wrote {}", out.display());
        return Ok(());
    }
    let container = anim::Container::of(out).with_context(|| {
        format!(
            "{}: write .png or .svg for a picture; .gif, .apng, .mp4, .webm or a folder (DIR/) for an \
             animation",
            out.display()
        )
    })?;
    let pace = match (&args.length, &args.speed) {
        (_, Some(speed)) => anim::Pace::Speed(options::speed(speed)?),
        (Some(length), None) => anim::Pace::Length(options::seconds(length)?),
        (None, None) => anim::Pace::Length(20.0),
    };
    let playback = anim::Playback {
        from: args
            .from
            .as_deref()
            .map(options::time)
            .transpose()?
            .unwrap_or(start),
        to: args
            .to
            .as_deref()
            .map(options::time)
            .transpose()?
            .unwrap_or(end),
        fps: args.fps.clamp(1, 120),
        pace,
        warp: !args.no_warp,
        follow: args.follow,
    };
    let mut last_percent = usize::MAX;
    let mut progress = |done: usize, total: usize| {
        let percent = done * 100 / total.max(1);
        if percent != last_percent {
            last_percent = percent;
            eprint!(
                "\rRendering {}: frame {done} of {total} ({percent} %)",
                out.display()
            );
        }
        true
    };
    let frames = anim::render(&renderer, &playback, out, container, &mut progress)?;
    eprintln!("\nWrote {frames} frames to {}", out.display());
    Ok(())
}
