//! The `travelmap` command: parse arguments, set up logging, then open the window or run a subcommand.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Parser, Subcommand, ValueEnum};
use travelmap::data::{self, Dataset, LoadError, Problem};
use travelmap::formats::{self, Format};

/// Shows who travelled where, when, and whom they met, on an offline world map with a timeline.
#[derive(Parser, Debug)]
#[command(version, about, args_conflicts_with_subcommands = true)]
struct Cli {
    /// A travelmap JSON file to open (the bundled 2025 U.S.–Russia dataset when omitted).
    file: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Validate a file (travelmap JSON, GeoJSON, CSV or KML) and print a one-line summary, or every
    /// problem, one a line: file, line, column, record, field and message (exit status 1).
    Check {
        /// The file to check (the bundled dataset when omitted).
        file: Option<PathBuf>,
    },
    /// Write a dataset in another format. A file with any problem is not exported.
    Export {
        format: ExportFormat,
        /// The file to export, in any format `check` reads (the bundled dataset when omitted).
        file: Option<PathBuf>,
        /// Where to write (atomically: the old file stays whole if writing fails); standard output when
        /// omitted.
        #[arg(short, long)]
        out: Option<PathBuf>,
    },
}

/// The formats `export` writes; any format `check` reads can be exported.
#[derive(Clone, Copy, Debug, ValueEnum)]
enum ExportFormat {
    /// The native travelmap JSON.
    Json,
    /// RFC 7946 GeoJSON: a point per place and meeting, a line per leg.
    Geojson,
    /// A spreadsheet: one row per leg, meeting or note.
    Csv,
    /// Google Earth: placemarks with time spans, so the time slider plays the routes.
    Kml,
    /// A calendar: one event per meeting.
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
    env_logger::Builder::from_env(
        env_logger::Env::default().default_filter_or("warn,travelmap=info"),
    )
    .init();
    let cli = Cli::parse();
    let result = match cli.command {
        None => travelmap::app::run(cli.file),
        Some(Command::Check { file }) => check(file.as_deref()),
        Some(Command::Export { format, file, out }) => {
            export(format, file.as_deref(), out.as_deref())
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("travelmap: {err:#}");
            ExitCode::FAILURE
        }
    }
}

/// Reads a file of any importable format (by content, then extension), or the bundled dataset, keeping the
/// good records and listing the rejected ones. Returns the name used in messages too.
fn import(file: Option<&Path>) -> (String, Result<(Dataset, Vec<Problem>), LoadError>) {
    // Every problem is printed by the caller; the validator's log lines would repeat them (RUST_LOG still
    // shows them).
    if std::env::var_os("RUST_LOG").is_none() {
        log::set_max_level(log::LevelFilter::Error);
    }
    match file {
        Some(path) => (path.display().to_string(), formats::import_path(path)),
        None => (
            data::BUNDLED_NAME.to_owned(),
            formats::import_str(data::BUNDLED_JSON, data::BUNDLED_NAME, Format::Json),
        ),
    }
}

/// `FILE:LINE:COLUMN: record, field: message`, or `FILE: record, field: message` when the position in
/// the file is not known.
fn diagnostic(file: &str, p: &Problem) -> String {
    match (p.line, p.column) {
        (Some(line), Some(column)) => {
            format!(
                "{file}:{line}:{column}: {}, {}: {}",
                p.record, p.field, p.message
            )
        }
        _ => format!("{file}: {}, {}: {}", p.record, p.field, p.message),
    }
}

/// Reads the file, printing every problem; fails when there is any. A syntax error is printed in the
/// same form, without record and field.
fn import_all(file: Option<&Path>) -> anyhow::Result<Dataset> {
    let (name, result) = import(file);
    let (d, problems) = match result {
        Ok(found) => found,
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
    if problems.is_empty() {
        return Ok(d);
    }
    for p in &problems {
        eprintln!("{}", diagnostic(&name, p));
    }
    anyhow::bail!(
        "{name}: {} problem(s); {} (the records without problems)",
        problems.len(),
        d.summary()
    )
}

fn check(file: Option<&Path>) -> anyhow::Result<()> {
    let d = import_all(file)?;
    println!("ok: {}", d.summary());
    Ok(())
}

fn export(format: ExportFormat, file: Option<&Path>, out: Option<&Path>) -> anyhow::Result<()> {
    // A dataset with rejected records is not written: the export would silently lack them.
    let d = import_all(file).context("not exported")?;
    let text = formats::export(&d, format.into());
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
