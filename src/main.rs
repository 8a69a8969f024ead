//! The `travelmap` command: parse arguments, set up logging, then open the window or run a subcommand.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Parser, Subcommand, ValueEnum};
use travelmap::data::{self, Dataset};

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
    /// Validate a file and print a one-line summary, or the errors (exit status 1).
    Check {
        /// The file to check (the bundled dataset when omitted).
        file: Option<PathBuf>,
    },
    /// Write a dataset in another format.
    Export {
        format: ExportFormat,
        /// The file to export (the bundled dataset when omitted).
        file: Option<PathBuf>,
        /// Where to write; standard output when omitted.
        #[arg(short, long)]
        out: Option<PathBuf>,
    },
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum ExportFormat {
    /// RFC 7946 GeoJSON: a LineString per leg, a Point per meeting.
    Geojson,
    /// The native travelmap JSON.
    Json,
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

fn load(file: Option<&Path>) -> Result<Dataset, data::LoadError> {
    match file {
        Some(path) => data::load_path(path),
        None => data::bundled(),
    }
}

fn check(file: Option<&Path>) -> anyhow::Result<()> {
    match load(file) {
        Ok(d) => {
            println!("ok: {}", d.summary());
            Ok(())
        }
        Err(data::LoadError::Invalid { path, problems }) => {
            for p in &problems {
                eprintln!("{path}: {p}");
            }
            anyhow::bail!("{path}: {} invalid record(s)", problems.len())
        }
        Err(e) => Err(e.into()),
    }
}

fn export(format: ExportFormat, file: Option<&Path>, out: Option<&Path>) -> anyhow::Result<()> {
    let d = load(file)?;
    let text = match format {
        ExportFormat::Geojson => serde_json::to_string(&travelmap::export::to_geojson(&d))?,
        ExportFormat::Json => data::to_json(&d),
    };
    match out {
        Some(path) => data::save_atomic(path, text.as_bytes())
            .with_context(|| format!("writing {}", path.display()))?,
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(text.as_bytes())?;
            stdout.write_all(b"\n")?;
        }
    }
    Ok(())
}
