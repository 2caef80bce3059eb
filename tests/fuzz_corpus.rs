//! Replays the committed corpora of the loading fuzz targets (fuzz/corpus/TARGET/) through the
//! targets' own bodies (fuzz/src/lib.rs, included here), so that `cargo test` checks every
//! input the fuzzers kept, and the crashes they found, without cargo-fuzz or nightly.

#[path = "../fuzz/src/lib.rs"]
mod targets;

use minhbach::diagnostics::Position;
use std::path::Path;

fn corpus(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("the committed corpus {}: {e}", dir.display()))
        .map(|entry| {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&path).unwrap())
        })
        .collect();
    files.sort();
    files
}

#[test]
fn every_committed_corpus_file_loads_without_panic_and_with_positions_inside_the_file() {
    for (target, _) in targets::TARGETS {
        let files = corpus(target);
        assert!(
            files.len() >= 20,
            "{target}: only {} corpus files",
            files.len()
        );
        let mut loaded = 0;
        for (name, data) in &files {
            // The panic's message (minhbach's, or the rule broken) is printed above this one.
            match std::panic::catch_unwind(|| targets::fuzz(target, data)) {
                Ok(outcome) => loaded += usize::from(outcome.loaded),
                Err(_) => panic!("fuzz/corpus/{target}/{name} failed"),
            }
        }
        // A corpus of only valid or only broken files would test half of what it seems to.
        assert!(
            loaded > 0 && loaded < files.len(),
            "{target}: {loaded} of {} files load",
            files.len()
        );
    }
}

#[test]
fn the_shipped_records_load_in_the_targets_site_and_a_syntax_error_is_reported() {
    // The targets' small site is a working site: shipped records load in it (references to
    // records left out of it are all they may report).
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("content/procedures");
    let mut shipped: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    shipped.sort();
    let shipped = targets::run("procedure", &std::fs::read(&shipped[0]).unwrap()).unwrap();
    assert!(shipped.loaded);
    // And a bad file is seen: a syntax error is a diagnostic, inside the file.
    for target in ["procedure", "site"] {
        let broken = targets::run(target, b"name: [unclosed\n").unwrap();
        assert!(
            !broken.loaded && broken.problems > 0,
            "{target}: {broken:?}"
        );
    }
}

#[test]
fn the_rules_catch_a_diagnostic_that_breaks_them() {
    use minhbach::diagnostics::Diagnostic;
    let file = targets::record_path(minhbach::load::Kind::Channel);
    let files = [(file.clone(), "a: b\nc: đ\n".as_bytes())];
    let at = |line, column| Diagnostic::new(&file, "x").at(Position::new(line, column));
    // Inside: any character of a line, one past its end, the start of the empty last line.
    for (line, column) in [(1, 1), (1, 5), (2, 5), (3, 1)] {
        assert_eq!(targets::check_diagnostic(&at(line, column), &files), Ok(()));
    }
    // Outside: past a line's end (columns count characters, not bytes), past the last line, 0.
    for (line, column) in [(1, 6), (2, 6), (3, 2), (4, 1), (0, 1), (1, 0)] {
        assert!(targets::check_diagnostic(&at(line, column), &files).is_err());
    }
    let absolute = Diagnostic::new(std::env::temp_dir().join("x.yaml"), "x");
    assert!(targets::check_diagnostic(&absolute, &files).is_err());
    let elsewhere = Diagnostic::new("content/other.yaml", "x").at(Position::new(1, 1));
    assert!(targets::check_diagnostic(&elsewhere, &files).is_err());
}

/// The diagnostics of `content/procedures/p.yaml` holding `text`, in the shipped site's
/// configuration, from load and validate.
fn problems_of_procedure(text: &[u8]) -> Vec<minhbach::diagnostics::Diagnostic> {
    let root = tempfile::tempdir().unwrap();
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("content/site.yaml");
    std::fs::create_dir_all(root.path().join("content/procedures")).unwrap();
    std::fs::copy(shipped, root.path().join("content/site.yaml")).unwrap();
    std::fs::write(root.path().join("content/procedures/p.yaml"), text).unwrap();
    let (loaded, mut diags) = minhbach::load::load(root.path());
    if let Some(loaded) = loaded {
        diags.extend(minhbach::validate::validate(loaded).1);
    }
    diags
        .into_iter()
        .filter(|d| d.file == Path::new("content/procedures/p.yaml"))
        .collect()
}

/// Found by the fuzz targets: YAML parsers also end a line at a lone `\r` (and libyaml at
/// U+0085, U+2028 and U+2029), minhbach's positions and quoted lines only at `\n`; positions
/// were taken from the parsers' line numbers and pointed past the end of the file.
#[test]
fn found_by_fuzzing_positions_after_a_lone_cr_or_a_line_separator_stay_inside_the_file() {
    // A deserialiser's error (libyaml's position): `vi` has no value, on line 1 (was 2:6).
    let d = problems_of_procedure(b"name:\r  vi: ");
    assert_eq!(d[0].position, Some(Position::new(1, 12)), "{d:?}");
    assert!(d[0].message.contains("name.vi"), "{d:?}");
    let quoted = d[0].source_line.as_deref().unwrap_or_default();
    assert!(
        quoted.starts_with("name:") && quoted.ends_with("  vi: "),
        "{d:?}"
    );
    // A syntax error after a line separator inside a quoted text: libyaml reports it at the
    // end of the input, the start of the empty line 3 (was 4:1, with a U+2028 counted).
    let d = problems_of_procedure("name: \"a\u{2028}b\"\nx:CCCC [\n".as_bytes());
    assert_eq!(d[0].position, Some(Position::new(3, 1)), "{d:?}");
    assert!(
        d[0].message.contains("could not find expected ':'"),
        "{d:?}"
    );
    // A validation error (a position from the span index): the missing default-language text
    // of `name`, whose value starts on line 1 after the `\r`.
    let d = problems_of_procedure(b"name:\r  zh: x\r");
    let missing = d
        .iter()
        .find(|d| d.message.contains("default language"))
        .unwrap_or_else(|| panic!("{d:?}"));
    assert_eq!(missing.position, Some(Position::new(1, 9)), "{d:?}");
    // A key written twice, and a quote never closed, after a `\r`: both on line 1.
    let d = problems_of_procedure(b"name:\r  zh: a\r  zh: b\r");
    let twice = d.iter().find(|d| d.message.contains("twice"));
    assert_eq!(
        twice.and_then(|d| d.position),
        Some(Position::new(1, 17)),
        "{d:?}"
    );
    let d = problems_of_procedure(b"name: b\rcode: \"x\r");
    let quote = d.iter().find(|d| d.message.contains("quote"));
    assert_eq!(
        quote.and_then(|d| d.position),
        Some(Position::new(1, 15)),
        "{d:?}"
    );
    // Nesting too deep (the screen before deserialising), after `\r`s: on line 1 too.
    let d = problems_of_procedure(format!("a:\r b:\r {}", "[".repeat(300)).as_bytes());
    let deep = d.iter().find(|d| d.message.contains("nested"));
    assert_eq!(
        deep.and_then(|d| d.position).map(|p| p.line),
        Some(1),
        "{d:?}"
    );
}
