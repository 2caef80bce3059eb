//! Hostile and careless sources: links, pipes, binary and huge files, YAML aliases and tags,
//! a theme path that leaves themes/, broken languages. Each case is made with real files
//! (and real symbolic links and named pipes) in a copy of `minimal/`, and each must give
//! exactly one error for its one cause, at its file, line and column, without ever printing
//! what a link points at.

use super::*;
use std::time::{Duration, Instant};

/// A marker that the files outside the site hold: it must never appear in any output.
const SECRET: &str = "SECRET-7f3a9c-do-not-print";

/// `minhbach ARGS` in `root`, killed after a minute (a build that opens a named pipe would
/// hang forever), with `SECRET` in its environment.
fn run_bounded(args: &[&str], root: &Path) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .arg("--root")
        .arg(root)
        .current_dir(root.parent().unwrap())
        .env("MINHBACH_TEST_SECRET", SECRET)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run minhbach");
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(60) {
            child.kill().unwrap();
            panic!("minhbach {args:?} did not finish in a minute (did it open a pipe?)");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

/// Run `check` and expect it to fail with exactly one error, at `location` (`file` or
/// `file:line:column`), whose message contains `message`; no output may hold `SECRET` or any
/// of `never`. Returns the error.
fn one_error(root: &Path, location: &str, message: &str, never: &[&str]) -> Reported {
    let output = run_bounded(&["check"], root);
    assert_failed_cleanly(&output);
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    for secret in std::iter::once(&SECRET).chain(never) {
        assert!(
            !all.contains(secret),
            "the output shows `{secret}`:\n{}",
            describe(&output)
        );
    }
    let mut reported = parse_stderr(&String::from_utf8_lossy(&output.stderr));
    assert_eq!(
        reported.len(),
        1,
        "expected one error for one cause:\n{}",
        describe(&output)
    );
    let r = reported.remove(0);
    assert_eq!(
        r.location.as_deref(),
        Some(location),
        "{}",
        describe(&output)
    );
    assert!(
        r.message.contains(message),
        "expected {message:?}:\n{}",
        describe(&output)
    );
    assert!(
        r.hint.as_deref().is_some_and(|h| !h.is_empty()),
        "no hint:\n{}",
        describe(&output)
    );
    assert!(all.contains("1 problem(s) found."), "{}", describe(&output));
    r
}

/// A copy of `minimal/` with themes, and a folder outside it holding secret files.
struct Case {
    _tmp: tempfile::TempDir,
    root: PathBuf,
    outside: PathBuf,
}

fn case() -> Case {
    let tmp = tempfile::tempdir().unwrap();
    let root = make_site(tmp.path(), "minimal");
    let outside = tmp.path().join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    // A valid record, so that following the link would publish it, with the secret in it.
    std::fs::write(
        outside.join("secret.yaml"),
        format!(
            "number: 9/QĐ\ntype: decision\nissuer: {SECRET}\ndate: 2024-01-01\ntitle: {SECRET}\n"
        ),
    )
    .unwrap();
    std::fs::write(
        outside.join("passwd"),
        format!("root:x:0:0:{SECRET}:/root:/bin/sh\n"),
    )
    .unwrap();
    Case {
        _tmp: tmp,
        root,
        outside,
    }
}

fn edit(root: &Path, rel: &str, f: impl FnOnce(String) -> String) {
    let path = root.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, f(text)).unwrap();
}

/// The 1-based line and column of the first `needle` in `rel`.
fn position_of(root: &Path, rel: &str, needle: &str) -> String {
    position_in(root, rel, needle, needle)
}

/// The 1-based line and column of `needle` in the first `context` of `rel`.
fn position_in(root: &Path, rel: &str, context: &str, needle: &str) -> String {
    let text = std::fs::read_to_string(root.join(rel)).unwrap();
    let at = text
        .find(context)
        .and_then(|c| text[c..].find(needle).map(|n| c + n))
        .unwrap_or_else(|| panic!("{needle} not in {rel}"));
    let line = text[..at].matches('\n').count() + 1;
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let column = text[line_start..at].chars().count() + 1;
    format!("{rel}:{line}:{column}")
}

#[cfg(unix)]
mod links {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn a_linked_content_file_is_refused_by_its_own_name() {
        for (target, name) in [
            ("secret.yaml", "documents/linked.yaml"),
            ("passwd", "procedures/passwd.yaml"),
        ] {
            let c = case();
            let link = format!("content/{name}");
            symlink(c.outside.join(target), c.root.join(&link)).unwrap();
            let outside = c.outside.to_string_lossy().into_owned();
            let r = one_error(&c.root, &link, "is a symbolic link", &[&outside, "root:x"]);
            assert!(r.message.contains(&format!("`{link}`")), "{}", r.message);
            // Nor is it published by a build.
            let out = c.root.parent().unwrap().join("public");
            let build = run(&["build"], &c.root, Some(&out));
            assert_failed_cleanly(&build);
            assert!(
                !out.exists(),
                "a build with a linked source wrote its output"
            );
        }
    }

    #[test]
    fn a_link_to_the_process_environment_prints_nothing_of_it() {
        let c = case();
        symlink(
            "/proc/self/environ",
            c.root.join("content/procedures/env.yaml"),
        )
        .unwrap();
        one_error(
            &c.root,
            "content/procedures/env.yaml",
            "is a symbolic link",
            &["MINHBACH_TEST_SECRET", "PATH="],
        );
    }

    #[test]
    fn linked_folders_are_refused_at_any_depth() {
        let outside_docs = |c: &Case| {
            let dir = c.outside.join("docs");
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::copy(c.outside.join("secret.yaml"), dir.join("secret-doc.yaml")).unwrap();
            dir
        };
        // A kind folder.
        let c = case();
        let docs = outside_docs(&c);
        std::fs::rename(
            c.root.join("content/documents"),
            c.outside.join("moved-documents"),
        )
        .unwrap();
        symlink(&docs, c.root.join("content/documents")).unwrap();
        // The records citing the document that was in the folder also report it missing, so
        // this case has more than one error; the link's is there, and nothing of its target.
        let out = run_bounded(&["check"], &c.root);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_failed_cleanly(&out);
        assert!(!stderr.contains(SECRET), "{stderr}");
        assert!(
            stderr.contains("`content/documents` is a symbolic link"),
            "{stderr}"
        );
        assert!(!stderr.contains(&*docs.to_string_lossy()), "{stderr}");

        // content/ itself.
        let c = case();
        std::fs::rename(c.root.join("content"), c.outside.join("content")).unwrap();
        symlink(c.outside.join("content"), c.root.join("content")).unwrap();
        one_error(&c.root, "content", "`content` is a symbolic link", &[]);

        // The theme's folder, and themes/ itself.
        for linked in ["themes/default", "themes"] {
            let c = case();
            std::fs::rename(c.root.join(linked), c.outside.join("theme")).unwrap();
            symlink(c.outside.join("theme"), c.root.join(linked)).unwrap();
            one_error(
                &c.root,
                linked,
                &format!("`{linked}` is a symbolic link"),
                &[&c.outside.to_string_lossy()],
            );
        }
    }

    #[test]
    fn links_inside_a_theme_are_refused() {
        for (name, target) in [
            ("themes/default/templates/evil.html", "passwd"),
            ("themes/default/static/evil.txt", "passwd"),
            ("themes/default/i18n/vi.yaml", "secret.yaml"),
        ] {
            let c = case();
            let _ = std::fs::remove_file(c.root.join(name));
            symlink(c.outside.join(target), c.root.join(name)).unwrap();
            one_error(&c.root, name, "is a symbolic link", &["root:x"]);
        }
    }

    /// Links that stay inside the site are refused too: one rule, documented in
    /// docs/content-model.md.
    #[test]
    fn links_inside_the_site_are_refused_the_same_way() {
        let c = case();
        symlink(
            "2.000001.yaml",
            c.root.join("content/procedures/2.000009.yaml"),
        )
        .unwrap();
        one_error(
            &c.root,
            "content/procedures/2.000009.yaml",
            "is a symbolic link",
            &[],
        );
    }

    #[test]
    fn a_named_pipe_is_never_opened() {
        for name in [
            "content/procedures/pipe.yaml",
            "content/site.yaml",
            "themes/default/i18n/en.yaml",
        ] {
            let c = case();
            let _ = std::fs::remove_file(c.root.join(name));
            let status = Command::new("mkfifo")
                .arg(c.root.join(name))
                .status()
                .unwrap();
            assert!(status.success());
            // run_bounded fails the test if minhbach hangs on the pipe.
            one_error(&c.root, name, "is a named pipe", &[]);
        }
    }
}

#[test]
fn a_binary_file_is_reported_at_its_nul_byte() {
    let c = case();
    let rel = "content/documents/2-scan.yaml";
    std::fs::write(
        c.root.join(rel),
        b"number: 2/QD\ntitle: \xe1\xba\xa2nh\x00\x01\x02binary\n",
    )
    .unwrap();
    let r = one_error(
        &c.root,
        &format!("{rel}:2:11"),
        "this file is not text",
        &[],
    );
    assert_eq!(
        r.message,
        "this file is not text (it contains a NUL byte at line 2, column 11)"
    );
}

#[test]
fn invalid_utf8_is_reported_at_its_line_and_column() {
    let c = case();
    let rel = "content/documents/2-latin1.yaml";
    std::fs::write(c.root.join(rel), b"number: 2/QD\ntitle: Quy\xe9t\n").unwrap();
    let r = one_error(&c.root, &format!("{rel}:2:11"), "not valid UTF-8", &[]);
    assert!(r.message.contains("line 2, column 11"), "{}", r.message);
}

#[test]
fn a_file_over_the_size_limit_is_refused_and_the_limit_can_be_raised() {
    let c = case();
    let rel = "content/documents/1-qd-ubnd-2024.yaml";
    // 1.5 MB of comment: a valid record, too large for a limit of 1 MB.
    edit(&c.root, rel, |t| {
        format!("{t}# {}\n", "x".repeat(1_572_864))
    });
    edit(&c.root, "content/site.yaml", |t| {
        format!("{t}limits:\n  max_file_size_mb: 1\n")
    });
    let r = one_error(&c.root, rel, "more than the limit of 1 MB", &[]);
    assert!(
        r.hint.as_deref().unwrap().contains("max_file_size_mb"),
        "{:?}",
        r.hint
    );
    edit(&c.root, "content/site.yaml", |t| {
        t.replace("max_file_size_mb: 1", "max_file_size_mb: 2")
    });
    assert_succeeded(&run_bounded(&["check"], &c.root));
}

#[test]
fn a_huge_bad_value_is_not_printed_whole() {
    let c = case();
    let rel = "content/procedures/2.000001.yaml";
    let huge = "9".repeat(12 * 1024 * 1024);
    edit(&c.root, "content/site.yaml", |t| {
        format!("{t}limits:\n  max_file_size_mb: 30\n")
    });
    edit(&c.root, rel, |t| {
        t.replace("code: '2.000001'", &format!("code: '{huge}'"))
    });
    let output = run_bounded(&["check"], &c.root);
    assert_failed_cleanly(&output);
    assert!(
        output.stderr.len() < 4_000,
        "{} bytes of errors",
        output.stderr.len()
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains(&format!("{rel}:2:7")), "{stderr}");
    assert!(stderr.contains("characters]"), "{stderr}");
}

#[test]
fn aliases_that_blow_a_file_up_are_refused_at_the_alias() {
    let c = case();
    let rel = "content/documents/1-qd-ubnd-2024.yaml";
    // A 1 MB anchor in a comment-free record and 1,000 aliases of it: 1 GB once read.
    let anchor = "x".repeat(1024 * 1024);
    let aliases = vec!["*big"; 1000].join(", ");
    edit(&c.root, rel, |t| {
        format!(
            "{}\nnotes_big: &big {anchor}\nmore: [{aliases}]\n",
            t.trim_end()
        )
    });
    let text = std::fs::read_to_string(c.root.join(rel)).unwrap();
    let line = text.lines().position(|l| l.starts_with("more:")).unwrap() + 1;
    // Reported at the alias that goes over the budget (4 times the file, plus 64 KiB): the
    // fifth, at column 8 + 4 × len("*big, ") of `more: [*big, *big, …`.
    one_error(
        &c.root,
        &format!("{rel}:{line}:32"),
        "aliases of this file expand it",
        &[],
    );
}

#[test]
fn custom_yaml_tags_are_errors_where_they_are_written() {
    let c = case();
    let rel = "content/procedures/2.000001.yaml";
    edit(&c.root, rel, |t| {
        t.replace("status: in_force", "status: !in_force")
    });
    let at = position_of(&c.root, rel, "!in_force");
    let r = one_error(
        &c.root,
        &at,
        "the YAML tag `!in_force` is not used by minhbach",
        &[],
    );
    assert!(r.hint.unwrap().contains("remove `!in_force`"));
    // On a text, where serde_yaml would drop it silently.
    let c = case();
    edit(&c.root, rel, |t| {
        t.replace("  vi: Ngoại vụ", "  vi: !foo Ngoại vụ")
    });
    let at = position_of(&c.root, rel, "!foo");
    one_error(&c.root, &at, "the YAML tag `!foo`", &[]);
}

#[test]
fn theme_must_be_a_folder_name_under_themes() {
    for theme in [
        "../../..",
        "/etc",
        "default/../default",
        "C:\\\\themes",
        "..",
        "a/b",
    ] {
        let c = case();
        edit(&c.root, "content/site.yaml", |t| {
            t.replace("theme: default", &format!("theme: \"{theme}\""))
        });
        let at = position_of(&c.root, "content/site.yaml", &format!("\"{theme}\""));
        let r = one_error(&c.root, &at, "is not a theme name", &[]);
        assert!(
            r.hint
                .as_deref()
                .unwrap()
                .contains("the themes in themes/ are: default"),
            "{:?}",
            r.hint
        );
    }
    let c = case();
    edit(&c.root, "content/site.yaml", |t| {
        t.replace("theme: default", "theme: plain")
    });
    let at = position_of(&c.root, "content/site.yaml", "plain");
    one_error(&c.root, &at, "the theme `plain` is not in themes/", &[]);
}

/// On the shipped portal these gave 580 and 2,897 errors.
#[test]
fn broken_languages_give_one_error() {
    let shipped = |site: &str| {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        copy_dir(
            &crate::common::repo().join("content"),
            &root.join("content"),
        );
        copy_dir(&crate::common::repo().join("themes"), &root.join("themes"));
        edit(&root, "content/site.yaml", |t| {
            let start = t.find("languages:").unwrap();
            let end = start + t[start..].find("\ntheme:").unwrap();
            format!("{}{site}{}", &t[..start], &t[end..])
        });
        (tmp, root)
    };
    let (_tmp, root) = shipped("languages: [vi, en]\ndefault_language: fr");
    let at = position_in(&root, "content/site.yaml", "default_language: fr", "fr");
    one_error(
        &root,
        &at,
        "the default language `fr` is not among the site's languages",
        &[],
    );
    let (_tmp, root) = shipped("languages: []\ndefault_language: vi");
    let at = position_of(&root, "content/site.yaml", "[]");
    one_error(&root, &at, "the site needs at least one language", &[]);
}

#[test]
fn a_cited_document_that_does_not_load_gives_one_error_at_its_date() {
    let c = case();
    let rel = "content/documents/1-qd-ubnd-2024.yaml";
    edit(&c.root, rel, |t| {
        t.replace("date: 2024-02-29", "date: 2025-02-30")
    });
    let at = position_of(&c.root, rel, "2025-02-30");
    let r = one_error(&c.root, &at, "`2025-02-30` is not a valid date", &[]);
    assert!(!r.message.contains("unknown reference"));
}

#[test]
fn a_duplicate_key_is_reported_at_the_second_one() {
    let c = case();
    let rel = "content/documents/1-qd-ubnd-2024.yaml";
    edit(&c.root, rel, |t| {
        t.replace("type: decision\n", "type: decision\ndate: 2024-01-01\n")
    });
    let text = std::fs::read_to_string(c.root.join(rel)).unwrap();
    let second = text.match_indices("\ndate:").nth(1).unwrap().0 + 1;
    let line = text[..second].matches('\n').count() + 1;
    let r = one_error(
        &c.root,
        &format!("{rel}:{line}:1"),
        "`date` is written twice",
        &[],
    );
    assert!(
        r.hint
            .unwrap()
            .contains("first written at line 4, column 1")
    );
}

#[test]
fn an_unclosed_quote_is_reported_where_it_opens() {
    let c = case();
    let rel = "content/documents/1-qd-ubnd-2024.yaml";
    edit(&c.root, rel, |t| {
        t.replace("number: 1/QĐ-UBND", "number: \"1/QĐ-UBND")
    });
    let at = position_of(&c.root, rel, "\"1/QĐ");
    one_error(&c.root, &at, "this quote is never closed", &[]);
}

#[test]
fn wrong_types_are_explained_in_plain_words() {
    let c = case();
    let rel = "content/procedures/2.000001.yaml";
    edit(&c.root, rel, |t| {
        t.replace("status: in_force", "status:\n  - in_force")
    });
    let at = position_of(&c.root, rel, "- in_force");
    let r = one_error(
        &c.root,
        &at,
        "`status` should be one word from a list of choices, not a list",
        &["YAML tag", "invalid type"],
    );
    assert!(r.hint.unwrap().contains("status: in_force"));
    let c = case();
    edit(&c.root, rel, |t| {
        t.replace("working_days: 15", "working_days: fifteen")
    });
    let at = position_of(&c.root, rel, "fifteen");
    let r = one_error(
        &c.root,
        &at,
        "`processing_time.working_days` should be a number, not the text \"fifteen\"",
        &["f64"],
    );
    assert!(r.hint.unwrap().contains("working_days: 15"));
}

/// libyaml takes a time that grows with the square of the nesting depth (half a million `[`
/// took minutes), and a million tiny values take hundreds of MB: both are refused up front.
#[test]
fn deep_nesting_and_too_many_values_are_refused_quickly() {
    let rel = "content/procedures/2.000001.yaml";
    let line_of = |root: &Path, start: &str| {
        let text = std::fs::read_to_string(root.join(rel)).unwrap();
        text.lines().position(|l| l.starts_with(start)).unwrap() + 1
    };
    let c = case();
    edit(&c.root, rel, |t| {
        format!("{t}notes: {}{}\n", "[".repeat(500_000), "]".repeat(500_000))
    });
    let started = Instant::now();
    // Where the parser gives up: the `[` of the 256th level, after `notes: `.
    let at = format!(
        "{rel}:{}:{}",
        line_of(&c.root, "notes:"),
        "notes: ".len() + 256
    );
    one_error(&c.root, &at, "nested more than 128 levels deep", &[]);
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "{:?}",
        started.elapsed()
    );

    let c = case();
    edit(&c.root, rel, |t| {
        format!("{t}keywords: [{}a]\n", "a, ".repeat(200_000))
    });
    let output = run_bounded(&["check"], &c.root);
    assert_failed_cleanly(&output);
    let reported = parse_stderr(&String::from_utf8_lossy(&output.stderr));
    assert_eq!(reported.len(), 1, "{}", describe(&output));
    assert!(
        reported[0].message.contains("more than 100000 values"),
        "{}",
        describe(&output)
    );
    // On the list's line, at the value that goes over.
    let line = line_of(&c.root, "keywords:");
    assert!(
        reported[0]
            .location
            .as_deref()
            .is_some_and(|l| l.starts_with(&format!("{rel}:{line}:"))),
        "{}",
        describe(&output)
    );
}
