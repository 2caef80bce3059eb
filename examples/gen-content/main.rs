//! Write a synthetic portal of any size, for benchmarks:
//!
//! ```text
//! cargo run --release --example gen-content -- --procedures 10000 --out /dev/shm/site [--seed 1]
//! minhbach build --root /dev/shm/site --output /dev/shm/site-public
//! ```
//!
//! The same options always give the same bytes. See `generator.rs` for what is written.

mod generator;

use clap::Parser;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(about = "Write a synthetic minhbach site of N procedures (for benchmarks)")]
struct Args {
    /// Number of public procedures; documents, reports and internal procedures scale with it.
    #[arg(long)]
    procedures: usize,
    /// Folder to write into: empty, or written by gen-content before.
    #[arg(long)]
    out: PathBuf,
    /// Seed of the pseudo-random choices.
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let theme = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("themes/default");
    let options = generator::Options {
        procedures: args.procedures,
        seed: args.seed,
    };
    match generator::generate(&args.out, &theme, &options) {
        Ok(s) => {
            println!(
                "Wrote {} records ({} procedures, {} internal procedures, {} documents, {} reports, {} indices, {} channels) into {}: {} files, {} KiB",
                s.records(),
                s.procedures,
                s.internal_procedures,
                s.documents,
                s.reports,
                s.indices,
                s.channels,
                args.out.display(),
                s.files,
                s.bytes / 1024
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
