//! Time each stage of a build, and the memory it peaks at (Linux: /proc/self), to see where a
//! build's time and memory go:
//!
//! ```text
//! cargo run --release --example stage-times -- --root /dev/shm/site --output /dev/shm/out
//! ```
//!
//! It calls the library's stage functions in the order `minhbach::build` does (load, validate,
//! theme, plan, render into the staging folder, commit); if `build` gains a stage, add it here
//! too. Git history and the theme-strings check of `prepare` are left out (an example site is
//! not a repository, and the check is a few hundred map look-ups).

use clap::Parser;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

/// The allocator of the `minhbach` binary, so that the stages are timed as a build runs them.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
struct Args {
    #[arg(long, default_value = ".")]
    root: PathBuf,
    #[arg(long, short)]
    output: PathBuf,
    #[arg(long)]
    no_minify: bool,
}

/// A field of /proc/self/status in KiB (`VmHWM` peak resident, `VmRSS` resident now).
fn status_kib(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Reset the peak-resident counter, so that each stage's own peak shows (Linux 4.0 and later).
fn reset_peak() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

struct Stages {
    start: Instant,
    last: Instant,
    per_stage_peak: bool,
}

impl Stages {
    fn done(&mut self, name: &str) {
        let now = Instant::now();
        let mib =
            |kib: Option<u64>| kib.map_or_else(|| "?".to_owned(), |k| format!("{}", k / 1024));
        println!(
            "{name:<10} {:>8.3} s   peak {:>6} MiB{}   resident after {:>6} MiB",
            (now - self.last).as_secs_f64(),
            mib(status_kib("VmHWM:")),
            if self.per_stage_peak {
                ""
            } else {
                " (since start)"
            },
            mib(status_kib("VmRSS:")),
        );
        self.per_stage_peak = reset_peak();
        self.last = Instant::now();
    }
}

fn main() -> ExitCode {
    let args = Args::parse();
    let now = Instant::now();
    let mut t = Stages {
        start: now,
        last: now,
        per_stage_peak: reset_peak(),
    };
    let (loaded, diags) = minhbach::load::load(&args.root);
    let Some(loaded) = loaded.filter(|_| diags.is_empty()) else {
        eprintln!("{diags}");
        return ExitCode::FAILURE;
    };
    t.done("load");
    let (site, diags) = minhbach::validate::validate(loaded);
    if !diags.is_empty() {
        eprintln!("{diags}");
        return ExitCode::FAILURE;
    }
    t.done("validate");
    let theme_name = site.loaded.config.data.theme.clone();
    let (theme, diags) = minhbach::theme::load_theme(&args.root, &theme_name, site.languages());
    let Some(theme) = theme.filter(|_| diags.is_empty()) else {
        eprintln!("{diags}");
        return ExitCode::FAILURE;
    };
    t.done("theme");
    let plan = minhbach::plan::plan(&site);
    t.done("plan");
    let options = minhbach::render::RenderOptions {
        base_url: None,
        minify: !args.no_minify,
        body_end: None,
    };
    // As the build does: pages go to the staging folder as they are rendered, so rendering
    // and writing are one stage; the swap into place is the next.
    let output = match minhbach::write::check_output_dir(&args.root, &args.output) {
        Ok(output) => output,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let staging = match minhbach::write::Staging::new(&output) {
        Ok(staging) => staging,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    if let Err(diags) = minhbach::render::render_site_each(
        &site,
        &theme,
        &plan,
        &options,
        &minhbach::pipeline::outputs(),
        &minhbach::ToStaging(&staging),
    ) {
        eprintln!("{diags}");
        return ExitCode::FAILURE;
    }
    t.done("render");
    let stats = match staging.commit() {
        Ok(stats) => stats,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    t.done("commit");
    let (count, bytes) = (stats.files, stats.bytes);
    drop((plan, theme, site));
    t.done("free");
    println!(
        "total      {:>8.3} s   {} files, {} MiB rendered",
        t.start.elapsed().as_secs_f64(),
        count,
        bytes / (1 << 20)
    );
    ExitCode::SUCCESS
}
