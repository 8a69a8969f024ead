//! What the benchmarks run on. `cargo bench` passes `--bench` and gets the 1 M-meeting synthetic dataset;
//! `cargo test --benches` does not, and runs every benchmark once on a small one, as a smoke test. One
//! place decides, so the three bench targets cannot drift apart.

use crate::synthetic::Config;

/// Whether this run measures (`cargo bench`) rather than smoke-tests (`cargo test --benches`).
pub fn benchmarking() -> bool {
    let args: Vec<String> = std::env::args().collect();
    args.iter().any(|a| a == "--bench") && !args.iter().any(|a| a == "--test" || a == "--list")
}

/// 100,000 legs and 1,000,000 meetings when benchmarking; 2,000 and 20,000 otherwise.
pub fn synthetic_config() -> Config {
    if benchmarking() {
        Config::one_million()
    } else {
        Config {
            legs: 2_000,
            meetings: 20_000,
            ..Config::default()
        }
    }
}
