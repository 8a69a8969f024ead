//! Works out the encounters of a file as the app does, times it, and prints a digest of the result:
//! for measuring co-presence on a real or generated file (the benches use the built-in generator), and
//! for checking that a faster version finds exactly the same encounters.
//!
//! ```text
//! cargo run --release --example encounters -- /tmp/L.json             # co-presences, as the window
//! cargo run --release --example encounters -- /tmp/L.json --meetings  # and meetings, as `who-met`
//! ```
//!
//! The digest covers every encounter's people, city, times, kind, exactness, evidence and sources,
//! in order.

use std::hash::{DefaultHasher, Hash as _, Hasher as _};
use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context as _;
use clap::Parser;
use travelmap::data::{self, Cities};
use travelmap::encounters::Encounters;

/// Times `Encounters` on a file and prints a digest of what it found.
#[derive(Parser, Debug)]
#[command(about)]
struct Args {
    /// A travelmap JSON file.
    file: PathBuf,
    /// Every meeting's pairs too, as `travelmap who-met` lists them (the window needs only the
    /// co-presences).
    #[arg(long)]
    meetings: bool,
    /// How many times to work them out.
    #[arg(long, default_value_t = 3)]
    runs: usize,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let started = Instant::now();
    let data =
        data::load_path(&args.file).with_context(|| format!("reading {}", args.file.display()))?;
    eprintln!(
        "read {} in {:.2} s: {}",
        args.file.display(),
        started.elapsed().as_secs_f64(),
        data.summary()
    );
    let cities = Cities::new(&data);
    for _ in 0..args.runs {
        let started = Instant::now();
        let found = if args.meetings {
            Encounters::compute(&data, &cities)
        } else {
            Encounters::co_presences_with_progress(&data, &cities, &0.into())
        };
        let secs = started.elapsed().as_secs_f64();
        let mut digest = DefaultHasher::new();
        for e in found.all() {
            (
                e.a,
                e.b,
                e.city,
                e.start,
                e.end,
                e.kind,
                e.exactness,
                e.geonames_id,
            )
                .hash(&mut digest);
            for r in found.evidence(e) {
                (r.kind, r.index).hash(&mut digest);
            }
            found.sources(e).hash(&mut digest);
        }
        println!(
            "{} encounters in {secs:.3} s, digest {:016x}",
            found.len(),
            digest.finish()
        );
    }
    Ok(())
}
