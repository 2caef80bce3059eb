//! The bodies of the loading fuzz targets, in one place: the fuzz targets (`fuzz_targets/`) call
//! [`fuzz`], and the main suite's `tests/fuzz_corpus.rs` includes this file and replays every
//! committed corpus file through the same function.
//!
//! Each target writes its input as one file of a small site and runs minhbach's own load and
//! validate stages on it ([`minhbach::load::load`], [`minhbach::validate::validate`]), so a
//! file goes through exactly what `minhbach check` does with it: reading and UTF-8 checks,
//! front matter, YAML, the typed records, every rule of validation, Markdown bodies. The rules
//! a run must keep, whatever the input:
//! - no panic;
//! - every problem is a diagnostic naming a file of the site by its path relative to the root;
//! - a diagnostic's position lies inside its file (line and column, 1-based, the column at
//!   most one past the line's last character), and the source line it quotes is one line.

use minhbach::diagnostics::Diagnostic;
use minhbach::load::{CONTENT_DIR, Kind, SITE_FILE};
use std::path::{Path, PathBuf};

/// The shipped site's configuration: the site every record target's input is loaded in.
const SHIPPED_SITE: &str = include_str!("../../content/site.yaml");
/// Two small shipped records that the `site` target's configuration is checked with.
const SHIPPED_CHANNEL: &str = include_str!("../../content/channels/tong-dai-1022.yaml");
const SHIPPED_DOCUMENT: &str = include_str!("../../content/documents/29-2023-nd-cp-2023.yaml");

/// The targets: name (as in `fuzz_targets/` and `corpus/`) and the kind of file its input is.
pub const TARGETS: [(&str, Option<Kind>); 10] = [
    ("procedure", Some(Kind::Procedure)),
    ("internal_procedure", Some(Kind::InternalProcedure)),
    ("channel", Some(Kind::Channel)),
    ("report", Some(Kind::Report)),
    ("index", Some(Kind::Index)),
    ("document", Some(Kind::Document)),
    ("page", Some(Kind::Page)),
    ("news", Some(Kind::News)),
    ("unit", Some(Kind::Unit)),
    // `content/site.yaml`.
    ("site", None),
];

/// A site folder of one's own, for one thread: targets write their input into it.
struct Sandbox {
    root: PathBuf,
}

impl Sandbox {
    fn new() -> Sandbox {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let root = std::env::temp_dir().join(format!(
            "minhbach-fuzz-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        let content = root.join(CONTENT_DIR);
        for kind in Kind::ALL {
            std::fs::create_dir_all(content.join(kind.folder())).expect("a sandbox folder");
        }
        Sandbox { root }
    }

    /// Replace the site's files with `files` (paths relative to the root).
    fn write(&self, files: &[(PathBuf, &[u8])]) {
        let content = self.root.join(CONTENT_DIR);
        let _ = std::fs::remove_file(content.join(SITE_FILE));
        for kind in Kind::ALL {
            for entry in std::fs::read_dir(content.join(kind.folder())).expect("a sandbox folder") {
                std::fs::remove_file(entry.expect("a sandbox file").path())
                    .expect("a sandbox file removed");
            }
        }
        for (rel, bytes) in files {
            std::fs::write(self.root.join(rel), bytes).expect("a sandbox file written");
        }
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

thread_local! {
    static SANDBOX: Sandbox = Sandbox::new();
}

/// Where a record of `kind` written by a target goes.
pub fn record_path(kind: Kind) -> PathBuf {
    let name = if kind.is_markdown() {
        "fuzz.md"
    } else {
        "fuzz.yaml"
    };
    Path::new(CONTENT_DIR).join(kind.folder()).join(name)
}

/// What a run of a target found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outcome {
    /// Whether the input was loaded: as a record of the site, or as its configuration.
    pub loaded: bool,
    /// How many diagnostics load and validate gave.
    pub problems: usize,
}

/// Run target `target` on `data`; panics if a rule above is broken (or if minhbach panics).
pub fn fuzz(target: &str, data: &[u8]) -> Outcome {
    run(target, data).unwrap_or_else(|broken| panic!("{broken}"))
}

/// Run target `target` on `data`: load and validate the site, and check the diagnostics.
/// Returns what it found, or which rule a diagnostic broke.
pub fn run(target: &str, data: &[u8]) -> Result<Outcome, String> {
    let kind = TARGETS
        .iter()
        .find(|(name, _)| *name == target)
        .unwrap_or_else(|| panic!("no fuzz target `{target}`"))
        .1;
    let site = Path::new(CONTENT_DIR).join(SITE_FILE);
    let files: Vec<(PathBuf, &[u8])> = match kind {
        Some(kind) => vec![(site, SHIPPED_SITE.as_bytes()), (record_path(kind), data)],
        None => vec![
            (site, data),
            (record_path(Kind::Channel), SHIPPED_CHANNEL.as_bytes()),
            (record_path(Kind::Document), SHIPPED_DOCUMENT.as_bytes()),
        ],
    };
    SANDBOX.with(|sandbox| {
        sandbox.write(&files);
        let (loaded, mut diags) = minhbach::load::load(&sandbox.root);
        let input_loaded = loaded.as_ref().is_some_and(|site| match kind {
            Some(kind) => !site.records(kind).is_empty(),
            None => true,
        });
        if let Some(loaded) = loaded {
            let (_site, more) = minhbach::validate::validate(loaded);
            diags.extend(more);
        }
        for d in diags.iter() {
            check_diagnostic(d, &files).map_err(|rule| {
                format!("target {target}: {rule}\n--- the diagnostic:\n{d}\n{d:?}")
            })?;
        }
        Ok(Outcome {
            loaded: input_loaded,
            problems: diags.len(),
        })
    })
}

/// The rules every diagnostic keeps: it names one of the site's files (or folders) relative to
/// the root, its position lies inside that file, and it quotes at most one line.
pub fn check_diagnostic(d: &Diagnostic, files: &[(PathBuf, &[u8])]) -> Result<(), String> {
    if d.file.is_absolute() {
        return Err(format!(
            "the diagnostic names an absolute path {:?}",
            d.file
        ));
    }
    if let Some(line) = &d.source_line
        && line.contains('\n')
    {
        return Err("the quoted source line is more than one line".to_owned());
    }
    let Some(pos) = d.position else {
        return Ok(());
    };
    let Some((_, bytes)) = files.iter().find(|(rel, _)| *rel == d.file) else {
        return Err(format!(
            "the diagnostic has a position in {:?}, which is not a file of the site",
            d.file
        ));
    };
    // Invalid UTF-8 is reported at a position in the text read up to the bad byte.
    let text = String::from_utf8_lossy(bytes);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let lines: Vec<&str> = text.split('\n').collect();
    if pos.line == 0 || pos.column == 0 {
        return Err(format!(
            "position {}:{} is not 1-based",
            pos.line, pos.column
        ));
    }
    let Some(line) = lines.get(pos.line - 1) else {
        return Err(format!(
            "line {} is past the end of the file ({} lines)",
            pos.line,
            lines.len()
        ));
    };
    // A `\r` before the `\n` counts: a position may point at it (the end of the line).
    let chars = line.chars().count();
    if pos.column > chars + 1 {
        return Err(format!(
            "column {} is past the end of line {} ({chars} characters)",
            pos.column, pos.line
        ));
    }
    // Quoted, a line may be cut (with a `…` at either end) and its control characters shown
    // as `�`, but never grow.
    if let Some(quoted) = &d.source_line
        && quoted.chars().count() > chars + 2
    {
        return Err(format!(
            "the quoted source line ({} characters) is longer than line {} ({chars})",
            quoted.chars().count(),
            pos.line,
        ));
    }
    Ok(())
}
