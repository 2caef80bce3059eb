//! Broken content must be reported completely and precisely, and must never damage a site that
//! was already built.
//!
//! Two fixture sites live in `tests/fixtures/`:
//!
//! * `minimal/`: a small valid site with one record of each kind;
//! * `broken/`: the same site plus one broken file per kind of content error, each error at a
//!   known line and column, listed in [`EXPECTED`].
//!
//! Every test copies a fixture and the repository's `themes/` into a fresh temporary directory,
//! so nothing is ever written into the repository.

use crate::common::copy_dir;

/// Links, pipes, binary and huge files, aliases, tags, theme paths, broken languages.
#[path = "broken_content/sources.rs"]
mod sources;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_minhbach");

/// One error the broken site must produce.
struct Expected {
    /// `file:line:column`, the file relative to the site root. Checked by hand against the
    /// fixture, and by [`expected_positions_match_the_fixture_files`] against `anchor`.
    location: &'static str,
    /// A part of the message that identifies the error.
    message: &'static str,
    /// The text the fixture file holds at that line and column (invalid bytes read as U+FFFD).
    anchor: &'static str,
}

const EXPECTED: &[Expected] = &[
    // Invalid UTF-8: a 0xFF byte after `purpose: Tiếp nhận g` (20 characters).
    Expected {
        location: "content/channels/hop-thu-gop-y.yaml:4:21",
        message: "not valid UTF-8",
        anchor: "\u{FFFD}p ý",
    },
    // Wrong type: a list where a text is expected; the list starts on line 5. Told in plain
    // words (field, kind of value expected, what was found), not serde's.
    Expected {
        location: "content/channels/tiep-cong-dan.yaml:5:1",
        message: "`purpose` should be a text, not a list",
        anchor: "- Tiếp công dân định kỳ.",
    },
    // Missing required field: the record (a mapping) starts on line 2, after a comment.
    Expected {
        location: "content/documents/2-kh-nv-2025.yaml:2:1",
        message: "missing field `title`",
        anchor: "number: 2/KH-NV",
    },
    // Bad date: the value of `date:` on line 6.
    Expected {
        location: "content/documents/3-qd-nv-2024.yaml:6:7",
        message: "`2024-02-30`",
        anchor: "2024-02-30",
    },
    // Unknown language key in a text map: the key `fr`.
    Expected {
        location: "content/indices/sipas.yaml:5:3",
        message: "unknown language `fr`",
        anchor: "fr: Indice",
    },
    // Bad YAML syntax: the second `: ` on line 3, after 22 characters of Vietnamese text.
    Expected {
        location: "content/internal-procedures/cap-phep-hoi-nghi.yaml:3:23",
        message: "a `: ` inside a value (YAML reads it as a new field)",
        anchor: ": hội nghị quốc tế",
    },
    // Unknown field in a page's front matter.
    Expected {
        location: "content/pages/lien-he.md:4:1",
        message: "unknown field `menu`",
        anchor: "menu: main",
    },
    // A page named as one of the portal's own pages (`/vi/search/`): a problem of the file
    // name, at the file's start.
    Expected {
        location: "content/pages/search.md:1:1",
        message: "the file name `search` is the address of one of the portal's own pages",
        anchor: "---",
    },
    // Unknown reference: the second item of `legal_basis`.
    Expected {
        location: "content/procedures/2.000002.yaml:10:3",
        message: "unknown reference `999-qd-khong-co-2020`",
        anchor: "999-qd-khong-co-2020",
    },
    // Unknown field: the misspelt key.
    Expected {
        location: "content/procedures/2.000003.yaml:4:1",
        message: "unknown field `sumary`",
        anchor: "sumary:",
    },
    // Duplicate procedure code: reported on the file that comes second, at its `code` value.
    Expected {
        location: "content/procedures/cho-phep-hoi-thao-trung-ma.yaml:3:7",
        message: "the code 2.000001 is also used by content/procedures/2.000001.yaml",
        anchor: "'2.000001'",
    },
    // Unknown language suffix: a problem of the file name, so it points at the file's start.
    Expected {
        location: "content/reports/bc-cchc-quy-1-2025.fr.md:1:1",
        message: "unknown language suffix `.fr`",
        anchor: "---",
    },
    // Footnote reference without a definition, in a translation's body.
    Expected {
        location: "content/reports/bc-cchc-thang-5-2025.en.md:7:67",
        message: "the footnote `[^2]` is never defined",
        anchor: "[^2]",
    },
    // Unsafe link in a report body: the link starts after `Chi tiết: ` (10 characters).
    Expected {
        location: "content/reports/bc-cchc-thang-5-2025.md:14:11",
        message: "the link `javascript:alert(1)` is not allowed",
        anchor: "[bấm vào đây](javascript:alert(1))",
    },
];

// ---------------------------------------------------------------------------------------------
// Helpers

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("fixtures")
        .join(name)
}

/// Copy the fixture `name` and the repository's themes into `dir/name`; returns the site root.
fn make_site(dir: &Path, name: &str) -> PathBuf {
    let root = dir.join(name);
    copy_dir(&fixture(name), &root);
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("themes"),
        &root.join("themes"),
    );
    root
}

fn run(args: &[&str], root: &Path, output: Option<&Path>) -> Output {
    let mut cmd = Command::new(BIN);
    cmd.args(args).arg("--root").arg(root);
    if let Some(out) = output {
        cmd.arg("--output").arg(out);
    }
    cmd.current_dir(root.parent().unwrap());
    cmd.output().expect("run minhbach")
}

fn describe(output: &Output) -> String {
    format!(
        "exit status: {:?}\n--- stdout ---\n{}\n--- stderr ---\n{}",
        output.status.code(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// Exit code 1 (content errors), not 101 (a panic) or anything else.
fn assert_failed_cleanly(output: &Output) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !stderr.contains("panicked"),
        "minhbach panicked:\n{}",
        describe(output)
    );
    assert_eq!(
        output.status.code(),
        Some(1),
        "expected exit code 1:\n{}",
        describe(output)
    );
}

fn assert_succeeded(output: &Output) {
    assert_eq!(
        output.status.code(),
        Some(0),
        "expected success:\n{}",
        describe(output)
    );
}

/// A diagnostic as reported, by the binary (parsed from stderr) or by the library.
#[derive(Debug)]
struct Reported {
    message: String,
    location: Option<String>,
    hint: Option<String>,
}

/// Parse `error: …` / `  --> …` / `  = hint: …` blocks from the binary's stderr.
fn parse_stderr(stderr: &str) -> Vec<Reported> {
    let mut out: Vec<Reported> = Vec::new();
    for line in stderr.lines() {
        if let Some(message) = line.strip_prefix("error: ") {
            out.push(Reported {
                message: message.to_owned(),
                location: None,
                hint: None,
            });
            continue;
        }
        let Some(last) = out.last_mut() else { continue };
        if let Some(location) = line.strip_prefix("  --> ") {
            last.location = Some(location.trim().to_owned());
        } else if let Some(hint) = line.strip_prefix("  = hint: ") {
            last.hint = Some(hint.to_owned());
        }
    }
    out
}

/// Compare what was reported with [`EXPECTED`] (place and message; hints are checked by the
/// callers, for every diagnostic); returns every mismatch, not just the first.
fn mismatches(reported: &[Reported]) -> Vec<String> {
    let mut problems = Vec::new();
    let mut matched = vec![false; reported.len()];
    for e in EXPECTED {
        let exact = reported.iter().position(|r| {
            r.location.as_deref() == Some(e.location) && r.message.contains(e.message)
        });
        match exact {
            Some(i) => matched[i] = true,
            None => {
                let elsewhere: Vec<String> = reported
                    .iter()
                    .filter(|r| r.message.contains(e.message))
                    .map(|r| r.location.clone().unwrap_or_else(|| "<no location>".into()))
                    .collect();
                if elsewhere.is_empty() {
                    problems.push(format!("missing: {:?} at {}", e.message, e.location));
                } else {
                    problems.push(format!(
                        "wrong place: {:?} expected at {}, reported at {}",
                        e.message,
                        e.location,
                        elsewhere.join(", ")
                    ));
                }
            }
        }
    }
    for (r, matched) in reported.iter().zip(matched) {
        if matched {
            continue;
        }
        // Reported at the wrong place: already listed above.
        if EXPECTED.iter().any(|e| r.message.contains(e.message)) {
            continue;
        }
        problems.push(format!(
            "unexpected diagnostic: {:?} at {}",
            r.message,
            r.location.as_deref().unwrap_or("<no location>")
        ));
    }
    problems
}

/// Every file and directory below `dir`, with file contents.
fn snapshot(dir: &Path) -> BTreeMap<String, Option<Vec<u8>>> {
    walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .map(|entry| {
            let entry = entry.unwrap();
            let rel = entry.path().strip_prefix(dir).unwrap();
            let rel = rel.to_string_lossy().replace('\\', "/");
            if entry.file_type().is_dir() {
                (format!("{rel}/"), None)
            } else {
                (rel, Some(std::fs::read(entry.path()).unwrap()))
            }
        })
        .collect()
}

fn assert_same_tree(
    before: &BTreeMap<String, Option<Vec<u8>>>,
    after: &BTreeMap<String, Option<Vec<u8>>>,
) {
    let mut diffs = Vec::new();
    for (path, content) in before {
        match after.get(path) {
            None => diffs.push(format!("removed: {path}")),
            Some(c) if c != content => diffs.push(format!("changed: {path}")),
            Some(_) => {}
        }
    }
    diffs.extend(
        after
            .keys()
            .filter(|p| !before.contains_key(*p))
            .map(|p| format!("added: {p}")),
    );
    assert!(
        diffs.is_empty(),
        "the previous output was modified:\n{}",
        diffs.join("\n")
    );
}

/// Staging or retired trees (`.public.new-*`, `.public.old-*`) left beside the output.
fn leftovers(parent: &Path, output_name: &str) -> Vec<String> {
    std::fs::read_dir(parent)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(&format!(".{output_name}.")))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// The fixtures themselves

/// Guards the hand-computed positions in [`EXPECTED`]: if a fixture is edited, this test says
/// which expectation went stale (rather than blaming the generator).
#[test]
fn expected_positions_match_the_fixture_files() {
    let root = fixture("broken");
    for e in EXPECTED {
        let mut parts = e.location.rsplitn(3, ':');
        let column: usize = parts.next().unwrap().parse().unwrap();
        let line: usize = parts.next().unwrap().parse().unwrap();
        let file = parts.next().unwrap();
        let bytes = std::fs::read(root.join(file)).unwrap_or_else(|err| panic!("{file}: {err}"));
        let text = String::from_utf8_lossy(&bytes);
        let source_line = text
            .lines()
            .nth(line - 1)
            .unwrap_or_else(|| panic!("{file} has no line {line}"));
        let at: String = source_line.chars().skip(column - 1).collect();
        assert!(
            at.starts_with(e.anchor),
            "{}: expected `{}` at column {column}, the line is `{source_line}`",
            e.location,
            e.anchor
        );
    }
    // The invalid-UTF-8 fixture must really hold the byte (an editor may have "fixed" it).
    let bytes = std::fs::read(root.join("content/channels/hop-thu-gop-y.yaml")).unwrap();
    assert!(
        bytes.contains(&0xFF),
        "hop-thu-gop-y.yaml lost its 0xFF byte"
    );
    assert!(String::from_utf8(bytes).is_err());
}

/// `broken/` is `minimal/` plus broken files: every file of the valid site is there unchanged,
/// so every error comes from a file added on purpose.
#[test]
fn broken_fixture_is_the_minimal_site_plus_broken_files() {
    let minimal = snapshot(&fixture("minimal"));
    let broken = snapshot(&fixture("broken"));
    for (path, content) in &minimal {
        assert_eq!(
            broken.get(path),
            Some(content),
            "{path} differs between minimal/ and broken/"
        );
    }
    let added = broken
        .keys()
        .filter(|p| !minimal.contains_key(*p) && !p.ends_with('/'))
        .count();
    assert_eq!(added, EXPECTED.len(), "one broken file per expected error");
}

// ---------------------------------------------------------------------------------------------
// The valid site

#[test]
fn minimal_site_checks_and_builds_cleanly() {
    let tmp = tempfile::tempdir().unwrap();
    let root = make_site(tmp.path(), "minimal");

    let check = run(&["check"], &root, None);
    assert_succeeded(&check);
    assert!(
        String::from_utf8_lossy(&check.stdout).contains("No problems found"),
        "{}",
        describe(&check)
    );
    assert!(
        !String::from_utf8_lossy(&check.stderr).contains("error"),
        "{}",
        describe(&check)
    );

    let prepared = minhbach::prepare(&root).unwrap_or_else(|d| panic!("prepare failed:\n{d}"));
    let l = &prepared.site.loaded;
    let counts = [
        l.procedures.len(),
        l.internal_procedures.len(),
        l.channels.len(),
        l.reports.len(),
        l.indices.len(),
        l.documents.len(),
    ];
    assert_eq!(counts, [1; 6], "one record of each kind");
    assert_eq!(l.reports[0].translations.keys().collect::<Vec<_>>(), ["en"]);

    let out = tmp.path().join("public");
    let build = run(&["build"], &root, Some(&out));
    assert_succeeded(&build);
    for page in [
        "index.html",
        "vi/index.html",
        "en/index.html",
        "vi/procedures/2.000001/index.html",
        "vi/internal-procedures/tham-dinh-thoa-thuan-quoc-te/index.html",
        "vi/channels/duong-day-nong/index.html",
        "vi/reports/bc-cchc-quy-1-2025/index.html",
        "en/reports/bc-cchc-quy-1-2025/index.html",
        "vi/indices/par-index/index.html",
        "vi/documents/1-qd-ubnd-2024/index.html",
    ] {
        assert!(
            out.join(page).is_file(),
            "{page} was not built:\n{}",
            describe(&build)
        );
    }
    // The report's footnote became a linked note.
    let report =
        std::fs::read_to_string(out.join("vi/reports/bc-cchc-quy-1-2025/index.html")).unwrap();
    assert!(
        report.contains("fn-1") && report.contains("fnref-1"),
        "footnote not rendered"
    );
    assert!(
        leftovers(tmp.path(), "public").is_empty(),
        "{:?}",
        leftovers(tmp.path(), "public")
    );
}

// ---------------------------------------------------------------------------------------------
// The broken site

/// One run of `minhbach check` reports every error, each at its exact place and with a hint,
/// and exits with 1 rather than panicking.
#[test]
fn check_reports_every_error_with_position_and_hint() {
    let tmp = tempfile::tempdir().unwrap();
    let root = make_site(tmp.path(), "broken");
    let output = run(&["check"], &root, None);
    assert_failed_cleanly(&output);

    let stderr = String::from_utf8_lossy(&output.stderr);
    let reported = parse_stderr(&stderr);
    let mut problems = mismatches(&reported);
    for r in &reported {
        if r.hint.as_deref().is_none_or(|h| h.trim().is_empty()) {
            problems.push(format!(
                "printed without `= hint:`: {:?} at {}",
                r.message,
                r.location.as_deref().unwrap_or("<no location>")
            ));
        }
    }
    let summary = format!("{} problem(s) found.", EXPECTED.len());
    if !stderr.contains(&summary) {
        problems.push(format!("the last line should read `{summary}`"));
    }
    assert!(
        problems.is_empty(),
        "{}\n\n{}",
        problems.join("\n"),
        describe(&output)
    );
}

/// The same through the library: `prepare` returns every diagnostic.
#[test]
fn prepare_returns_every_error_with_position_and_hint() {
    let tmp = tempfile::tempdir().unwrap();
    let root = make_site(tmp.path(), "broken");
    let diags = match minhbach::prepare(&root) {
        Ok(_) => panic!("the broken site passed `prepare`"),
        Err(d) => d,
    };
    let reported: Vec<Reported> = diags
        .iter()
        .map(|d| Reported {
            message: d.message.clone(),
            location: Some(d.location()),
            hint: d.hint.clone(),
        })
        .collect();
    let mut problems = mismatches(&reported);
    for d in diags
        .iter()
        .filter(|d| d.hint.as_deref().is_none_or(|h| h.trim().is_empty()))
    {
        problems.push(format!("no hint: {:?} at {}", d.message, d.location()));
    }
    for d in diags.iter().filter(|d| d.position.is_none()) {
        problems.push(format!(
            "no line and column: {:?} at {}",
            d.message,
            d.location()
        ));
    }
    assert!(
        problems.is_empty(),
        "{}\n\nall diagnostics:\n{diags}",
        problems.join("\n")
    );
}

/// Every error shows the line it points at, as the file holds it: the source text is not kept
/// after loading, so the errors found later (references, codes, footnotes, links) read it again.
#[test]
fn every_error_shows_the_line_it_points_at() {
    let tmp = tempfile::tempdir().unwrap();
    let root = make_site(tmp.path(), "broken");
    let diags = match minhbach::prepare(&root) {
        Ok(_) => panic!("the broken site passed `prepare`"),
        Err(d) => d,
    };
    let mut problems = Vec::new();
    // A problem of the file's name points at the file's start but not at a line of it.
    let about_the_name = |e: &&Expected| e.message.starts_with("unknown language suffix");
    for e in EXPECTED.iter().filter(|e| !about_the_name(e)) {
        let Some(d) = diags
            .iter()
            .find(|d| d.location() == e.location && d.message.contains(e.message))
        else {
            problems.push(format!("missing: {:?} at {}", e.message, e.location));
            continue;
        };
        let file = e.location.split(':').next().unwrap();
        let bytes = std::fs::read(root.join(file)).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        let line = d.position.and_then(|p| text.lines().nth(p.line - 1));
        if line.is_none() || d.source_line.as_deref() != line {
            problems.push(format!(
                "{}: shows {:?}, the file's line is {line:?}",
                e.location, d.source_line
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// A failed build after a good one leaves the good output byte for byte as it was, and no
/// staging directory behind.
#[test]
fn failed_build_leaves_previous_output_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    let minimal = make_site(tmp.path(), "minimal");
    let broken = make_site(tmp.path(), "broken");
    let out = tmp.path().join("public");

    assert_succeeded(&run(&["build"], &minimal, Some(&out)));
    let before = snapshot(&out);
    assert!(before.contains_key("vi/procedures/2.000001/index.html"));

    let failed = run(&["build"], &broken, Some(&out));
    assert_failed_cleanly(&failed);
    let stderr = String::from_utf8_lossy(&failed.stderr);
    assert!(stderr.contains("Build failed"), "{}", describe(&failed));
    assert!(
        stderr.contains("unknown reference `999-qd-khong-co-2020`"),
        "{}",
        describe(&failed)
    );

    assert_same_tree(&before, &snapshot(&out));
    assert!(
        leftovers(tmp.path(), "public").is_empty(),
        "left behind: {:?}",
        leftovers(tmp.path(), "public")
    );
    let mut names: Vec<String> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["broken", "minimal", "public"]);
}

/// The same through the library: `build` returns the content errors and writes nothing.
#[test]
fn library_build_of_broken_site_fails_and_keeps_output() {
    let tmp = tempfile::tempdir().unwrap();
    let minimal = make_site(tmp.path(), "minimal");
    let broken = make_site(tmp.path(), "broken");
    let out = tmp.path().join("site-output");
    let options = |root: &Path| minhbach::BuildOptions {
        root: root.to_owned(),
        output: out.clone(),
        base_url: None,
        minify: false,
        body_end: None,
    };

    let summary = minhbach::build(&options(&minimal)).unwrap_or_else(|e| panic!("{e}"));
    assert!(summary.files > 0);
    let before = snapshot(&out);

    match minhbach::build(&options(&broken)) {
        Err(minhbach::BuildError::Content(diags)) => {
            assert!(
                diags.len() >= EXPECTED.len(),
                "only {} problem(s):\n{diags}",
                diags.len()
            )
        }
        Err(e) => panic!("expected content errors, got: {e}"),
        Ok(_) => panic!("the broken site built"),
    }
    assert_same_tree(&before, &snapshot(&out));
    assert!(
        leftovers(tmp.path(), "site-output").is_empty(),
        "{:?}",
        leftovers(tmp.path(), "site-output")
    );
}

/// Pointing minhbach at a folder that is not a site gives one clear error, not a cascade.
#[test]
fn a_folder_without_content_gives_one_clear_error() {
    let tmp = tempfile::tempdir().unwrap();
    let diags = match minhbach::prepare(tmp.path()) {
        Ok(_) => panic!("an empty folder is not a site"),
        Err(d) => d,
    };
    let all: Vec<_> = diags.iter().collect();
    assert_eq!(all.len(), 1, "{diags}");
    assert!(all[0].message.contains("no content/ folder"), "{diags}");
    assert!(
        all[0].hint.as_deref().is_some_and(|h| h.contains("--root")),
        "{diags}"
    );
}

/// `intros` in site.yaml takes one paragraph per list page; a section without a list page (or a
/// misspelt one) is an error at its key, and a given paragraph shows on its page only.
#[test]
fn site_intros_show_on_their_list_page_and_unknown_sections_are_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let root = make_site(tmp.path(), "minimal");
    let config = root.join("content/site.yaml");
    let text = std::fs::read_to_string(&config).unwrap();
    let lines = text.lines().count();

    std::fs::write(
        &config,
        format!("{text}intros:\n  channels:\n    vi: Đoạn giới thiệu kênh.\n  home: Trang chủ\n"),
    )
    .unwrap();
    let output = run(&["check"], &root, None);
    assert_failed_cleanly(&output);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("unknown field `home`"),
        "{}",
        describe(&output)
    );
    assert!(
        stderr.contains(&format!("content/site.yaml:{}:", lines + 4)),
        "the error points at the `home` line:\n{}",
        describe(&output)
    );

    std::fs::write(
        &config,
        format!("{text}intros:\n  channels:\n    vi: Đoạn giới thiệu kênh.\n"),
    )
    .unwrap();
    let out = tmp.path().join("out");
    assert_succeeded(&run(&["build", "--no-minify"], &root, Some(&out)));
    let channels = std::fs::read_to_string(out.join("vi/channels/index.html")).unwrap();
    assert!(channels.contains("<p class=\"intro\">Đoạn giới thiệu kênh.</p>"));
    // English has no translation: the Vietnamese shows, marked as such.
    let en = std::fs::read_to_string(out.join("en/channels/index.html")).unwrap();
    assert!(
        en.contains("Đoạn giới thiệu kênh."),
        "falls back to Vietnamese"
    );
    let reports = std::fs::read_to_string(out.join("vi/reports/index.html")).unwrap();
    assert!(
        !reports.contains("class=\"intro\""),
        "only the channels page has one"
    );
}
