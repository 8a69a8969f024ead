//! Writes a large, realistic, deterministic travelmap dataset for load and frame-time testing.
//!
//! ```text
//! cargo run --release --example synthetic -- --legs 100000 --meetings 1000000 --out /tmp/synthetic_1m.json
//! target/release/travelmap check /tmp/synthetic_1m.json
//! ```
//!
//! The generator itself lives in `benches/support/synthetic.rs`, shared with the benchmarks.

use std::io::Write as _;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context as _;
use clap::Parser;

#[path = "../benches/support/synthetic.rs"]
mod synthetic;

/// Generates a synthetic travelmap dataset: people flying between real cities all through 2025 and
/// meeting whoever is in town.
#[derive(Parser, Debug)]
#[command(about)]
struct Args {
    /// Number of legs (flights) in all.
    #[arg(long, default_value_t = 1_000)]
    legs: usize,
    /// Number of meetings in all.
    #[arg(long, default_value_t = 10_000)]
    meetings: usize,
    /// Where to write the JSON file.
    #[arg(long)]
    out: PathBuf,
    /// Seed: the same seed and sizes always give the same file.
    #[arg(long, default_value_t = 2025)]
    seed: u64,
    /// Number of travellers.
    #[arg(long, default_value_t = 200)]
    people: usize,
    /// Number of cities used, hubs first (at most the size of the built-in table).
    #[arg(long, default_value_t = synthetic::CITIES.len())]
    places: usize,
    /// Indent the JSON (about twice the size).
    #[arg(long)]
    pretty: bool,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let config = synthetic::Config {
        legs: args.legs,
        meetings: args.meetings,
        people: args.people,
        places: args.places,
        seed: args.seed,
    };
    let started = Instant::now();
    let (file, stats) = synthetic::generate(&config)?;
    let generated = started.elapsed();

    let out = std::fs::File::create(&args.out)
        .with_context(|| format!("creating {}", args.out.display()))?;
    let mut out = std::io::BufWriter::with_capacity(1 << 20, out);
    if args.pretty {
        serde_json::to_writer_pretty(&mut out, &file)?;
    } else {
        serde_json::to_writer(&mut out, &file)?;
    }
    out.write_all(b"\n")?;
    out.flush()
        .with_context(|| format!("writing {}", args.out.display()))?;
    drop(out);
    let bytes = std::fs::metadata(&args.out)?.len();
    let total = started.elapsed();

    println!(
        "wrote {}: {:.1} MB in {:.2} s (generating {:.2} s, writing {:.2} s)",
        args.out.display(),
        bytes as f64 / 1e6,
        total.as_secs_f64(),
        generated.as_secs_f64(),
        (total - generated).as_secs_f64()
    );
    println!(
        "  {} places, {} people, {} legs ({} without a reported departure), {} meetings",
        stats.places, stats.people, stats.legs, stats.legs_without_departure, stats.meetings
    );
    println!(
        "  {:.0} km flown, longest flight {} h {:02} min; {:.2} participants a meeting; {} stays redrawn \
         because nobody else was in town",
        stats.total_flight_km,
        stats.longest_flight_minutes / 60,
        stats.longest_flight_minutes % 60,
        if stats.meetings == 0 {
            0.0
        } else {
            stats.participants as f64 / stats.meetings as f64
        },
        stats.meeting_retries
    );
    println!("  seed {}: {}", config.seed, file.title);
    Ok(())
}
