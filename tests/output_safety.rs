//! `minhbach build` never harms what it did not make: every `--output` that would take the
//! sources (or a file, a link, a foreign folder) with it is refused with nothing touched; the old
//! output is removed without following links; and a build killed with SIGKILL at any point of
//! the write stage leaves the previous output as it was, with the next build tidying up.
//!
//! Everything runs the real binary on a copy of `tests/fixtures/minimal` in a temporary folder,
//! with real files and real symbolic links. The kill points are the write stage's test hook
//! `MINHBACH_TEST_PAUSE_AT` (see `crates/write/src/lib.rs`).
#![cfg(unix)]

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

const BIN: &str = env!("CARGO_BIN_EXE_minhbach");

/// A copy of the minimal fixture with the repository's themes, in `dir/site`.
fn make_site(dir: &Path) -> PathBuf {
    let root = dir.join("site");
    crate::common::copy_dir(&crate::common::repo().join("tests/fixtures/minimal"), &root);
    crate::common::copy_dir(&crate::common::repo().join("themes"), &root.join("themes"));
    root
}

/// `minhbach build` in the folder `cwd` with `args`.
fn build(cwd: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .arg("build")
        .args(args)
        .current_dir(cwd)
        .env_remove("MINHBACH_TEST_PAUSE_AT")
        .output()
        .expect("run minhbach")
}

fn text(out: &Output) -> String {
    format!(
        "status {:?}\nstdout:\n{}\nstderr:\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[derive(Debug, PartialEq, Eq)]
enum Entry {
    Dir,
    File(Vec<u8>),
    Link(PathBuf),
}

/// Every folder, file (with its bytes) and link (with its target) below `dir`; links are not
/// followed.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Entry> {
    walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .map(|e| {
            let e = e.unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
            let rel = e.path().strip_prefix(dir).unwrap().to_owned();
            let entry = if e.path_is_symlink() {
                Entry::Link(std::fs::read_link(e.path()).unwrap())
            } else if e.file_type().is_dir() {
                Entry::Dir
            } else {
                Entry::File(std::fs::read(e.path()).unwrap())
            };
            (rel, entry)
        })
        .collect()
}

/// Differences between two snapshots, for a readable failure.
fn diff(a: &BTreeMap<PathBuf, Entry>, b: &BTreeMap<PathBuf, Entry>) -> Vec<String> {
    let mut d = Vec::new();
    for (k, v) in a {
        match b.get(k) {
            None => d.push(format!("gone: {}", k.display())),
            Some(w) if w != v => d.push(format!("changed: {}", k.display())),
            _ => {}
        }
    }
    for k in b.keys().filter(|k| !a.contains_key(*k)) {
        d.push(format!("new: {}", k.display()));
    }
    d
}

fn assert_same(before: &BTreeMap<PathBuf, Entry>, after: &BTreeMap<PathBuf, Entry>, what: &str) {
    let d = diff(before, after);
    assert!(d.is_empty(), "{what}: {d:?}");
}

/// Names in `dir` that start with `.<output>.` (staging and old folders).
fn leftovers(dir: &Path, output: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(&format!(".{output}.")))
        .collect();
    names.sort();
    names
}

// ---------------------------------------------------------------------------------------------
// Refused outputs

/// Every form of an output that would replace the sources, a file, a link or a folder of
/// someone else's: refused, exit code 1, a message that names the reason and a hint, and not
/// one byte changed anywhere in the temporary folder (sources, link targets, the file).
#[test]
fn every_unsafe_output_is_refused_and_nothing_is_touched() {
    let tmp = tempfile::tempdir().unwrap();
    let root = make_site(tmp.path());
    let elsewhere = tmp.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).unwrap();
    std::fs::write(elsewhere.join("keep.txt"), "keep").unwrap();
    symlink("content/procedures", root.join("into-content")).unwrap();
    symlink("content", root.join("content-link")).unwrap();
    symlink(&elsewhere, root.join("link-out")).unwrap();
    symlink(tmp.path().join("nothing-here"), root.join("dangling")).unwrap();
    std::fs::write(root.join("notes.txt"), "not a folder").unwrap();
    std::fs::create_dir_all(root.join(".git/objects")).unwrap();
    std::fs::create_dir(root.join("docs")).unwrap();
    std::fs::write(root.join("docs/plan.md"), "mine").unwrap();
    // Another site, which even has the data files a build writes (as if built into itself).
    crate::common::copy_dir(&root.join("content"), &root.join("other-site/content"));
    std::fs::create_dir(root.join("other-site/data")).unwrap();
    std::fs::write(root.join("other-site/data/procedures.json"), "[]").unwrap();
    let abs_root = root.to_str().unwrap().to_owned();
    let abs_content = format!("{abs_root}/content");

    // (output, words the message must contain)
    let cases: &[(&str, &str)] = &[
        ("content", "is the folder content/"),
        ("content/", "is the folder content/"),
        ("./content/", "is the folder content/"),
        ("./content/.", "is the folder content/"),
        (&abs_content, "is the folder content/"),
        ("../site/content", "is the folder content/"),
        ("content/procedures", "inside content/"),
        ("content/procedures/new/deeper", "inside content/"),
        ("not-yet/../content", "is the folder content/"),
        ("content-link/new", "inside content/"),
        ("into-content", "inside content/"),
        ("themes", "is the folder themes/"),
        ("themes/default/templates", "inside themes/"),
        (".", "the site's own folder"),
        (&abs_root, "the site's own folder"),
        ("content/..", "the site's own folder"),
        ("..", "holds the site's folder"),
        (".git", "inside a .git folder"),
        (".git/public", "inside a .git folder"),
        ("notes.txt", "it is a file, not a folder"),
        ("notes.txt/public", "a part of that path is a file"),
        ("not-yet/../notes.txt", "it is a file, not a folder"),
        ("not-yet/deeper/../../link-out", "symbolic link"),
        ("link-out", "symbolic link"),
        ("dangling", "symbolic link"),
        ("dangling/public", "link to something that does not exist"),
        ("docs", "files that minhbach did not make (plan.md)"),
        ("other-site", "holds a minhbach site"),
    ];
    let before = snapshot(tmp.path());
    for (output, words) in cases {
        let out = build(&root, &["--output", output]);
        let shown = text(&out);
        assert_eq!(out.status.code(), Some(1), "--output {output}: {shown}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains(&format!("refusing to build into {output}:")),
            "--output {output}: {shown}"
        );
        assert!(stderr.contains(words), "--output {output}: {shown}");
        assert!(
            stderr.contains("= hint:") && stderr.contains("--output"),
            "--output {output}: {shown}"
        );
        assert_same(
            &before,
            &snapshot(tmp.path()),
            &format!("--output {output}"),
        );
    }
    // The same from outside the site, with --root.
    let out = build(tmp.path(), &["--root", "site", "--output", "site/content"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let out = build(tmp.path(), &["--root", "site", "--output", "."]);
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("holds the site's folder"),
        "{}",
        text(&out)
    );
    assert_same(&before, &snapshot(tmp.path()), "--root site");
}

/// The library refuses the same as the command (here the top of the disk, which the command
/// test cannot safely try), and accepts an ordinary output.
#[test]
fn the_top_of_the_disk_is_refused_and_an_empty_folder_or_a_previous_build_accepted() {
    let tmp = tempfile::tempdir().unwrap();
    let root = make_site(tmp.path());
    let err = minhbach::write::check_output_dir(&root, Path::new("/")).unwrap_err();
    assert!(err.to_string().contains("top of the disk"), "{err}");
    let ok = minhbach::write::check_output_dir(&root, &root.join("public/")).unwrap();
    assert_eq!(ok, root.canonicalize().unwrap().join("public"));
    // An empty existing folder and a previous build may be replaced.
    std::fs::create_dir(root.join("empty")).unwrap();
    std::fs::write(root.join("empty/.DS_Store"), "finder").unwrap();
    assert!(minhbach::write::check_output_dir(&root, &root.join("empty")).is_ok());
    let out = build(&root, &["--output", "empty"]);
    assert!(out.status.success(), "{}", text(&out));
    std::fs::write(root.join("empty/CNAME"), "portal.example").unwrap();
    assert!(
        minhbach::write::check_output_dir(&root, &root.join("empty")).is_ok(),
        "a previous build, even with a file added, is the build's to replace"
    );
}

// ---------------------------------------------------------------------------------------------
// Links in the old output

/// Links left in the previous output, at the top and deeper, to folders and to a file: the
/// next build removes the links and leaves every target as it was.
#[test]
fn links_in_the_old_output_are_removed_and_their_targets_kept() {
    let tmp = tempfile::tempdir().unwrap();
    let root = make_site(tmp.path());
    let out = build(&root, &[]);
    assert!(out.status.success(), "{}", text(&out));
    let targets = tmp.path().join("targets");
    for t in ["t1", "t2/sub"] {
        std::fs::create_dir_all(targets.join(t)).unwrap();
        std::fs::write(targets.join(t).join("precious.txt"), t).unwrap();
    }
    std::fs::write(targets.join("file.txt"), "a file").unwrap();
    let public = root.join("public");
    symlink(targets.join("t1"), public.join("uploads")).unwrap();
    symlink(targets.join("t2"), public.join("vi/deep-link")).unwrap();
    symlink(targets.join("file.txt"), public.join("data/file-link")).unwrap();
    symlink(root.join("content"), public.join("vi/content")).unwrap();
    let before = snapshot(&targets);
    let content = snapshot(&root.join("content"));

    let out = build(&root, &[]);
    assert!(out.status.success(), "{}", text(&out));
    assert_same(&before, &snapshot(&targets), "link targets");
    assert_same(&content, &snapshot(&root.join("content")), "content");
    for gone in ["uploads", "vi/deep-link", "data/file-link", "vi/content"] {
        assert!(
            std::fs::symlink_metadata(public.join(gone)).is_err(),
            "{gone} is still there"
        );
    }
    assert!(public.join("index.html").is_file());
    assert_eq!(leftovers(&root, "public"), Vec::<String>::new());
}

// ---------------------------------------------------------------------------------------------
// Killed builds

/// Start a build that pauses at `point`, wait until it says so, and kill it with SIGKILL.
fn kill_at(root: &Path, point: &str) {
    let mut child = Command::new(BIN)
        .arg("build")
        .current_dir(root)
        .env("MINHBACH_TEST_PAUSE_AT", point)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start minhbach");
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let wanted = format!("minhbach: paused at {point}");
    let mut seen = Vec::new();
    loop {
        match rx.recv_timeout(Duration::from_secs(60)) {
            Ok(line) if line == wanted => break,
            Ok(line) => seen.push(line),
            Err(_) => {
                let _ = child.kill();
                panic!("the build never paused at {point}; stderr: {seen:?}");
            }
        }
    }
    child.kill().expect("kill -9"); // SIGKILL: no destructor, no clean-up runs
    let status = child.wait().unwrap();
    assert_eq!(
        std::os::unix::process::ExitStatusExt::signal(&status),
        Some(9),
        "killed at {point}"
    );
}

/// Change the site so that a new build differs from the old one.
fn edit_site(root: &Path) {
    let site = root.join("content/site.yaml");
    let text = std::fs::read_to_string(&site).unwrap();
    let edited = text.replace(
        "Test transparency portal",
        "Test transparency portal, edited",
    );
    assert_ne!(text, edited);
    std::fs::write(&site, edited).unwrap();
}

/// A build killed at each point of the write stage: the output is the old build (before the
/// swap) or the new one (after it), whole and byte for byte, never missing or mixed. The next
/// build removes what the killed one left; a failing next build restores and tidies too.
#[test]
fn a_build_killed_anywhere_leaves_a_whole_output_and_the_next_build_tidies() {
    let tmp = tempfile::tempdir().unwrap();
    let root = make_site(tmp.path());
    // The new build's output, for comparison: built once, elsewhere.
    let reference = tmp.path().join("reference");
    let reference_root = tmp.path().join("reference-site");
    crate::common::copy_dir(&root, &reference_root);
    edit_site(&reference_root);
    let out = build(&reference_root, &["--output", reference.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out));
    let new = snapshot(&reference);

    for (point, swapped) in [
        ("written", false),
        ("between-renames", false),
        ("swapped", true),
        ("removing", true),
    ] {
        let public = root.join("public");
        if public.exists() {
            std::fs::remove_dir_all(&public).unwrap();
        }
        let site = root.join("content/site.yaml");
        let original = std::fs::read_to_string(
            crate::common::repo().join("tests/fixtures/minimal/content/site.yaml"),
        )
        .unwrap();
        std::fs::write(&site, original).unwrap();
        let out = build(&root, &[]);
        assert!(out.status.success(), "{point}: {}", text(&out));
        let old = snapshot(&public);
        assert_ne!(diff(&old, &new), Vec::<String>::new(), "the edit shows");

        edit_site(&root);
        kill_at(&root, point);
        let left = leftovers(&root, "public");
        assert!(!left.is_empty(), "{point}: the killed build left nothing?");
        match point {
            // The two-rename swap (the fallback where the system has no exchange) has one
            // moment with no output: the old tree is under its `old` name, and the next build
            // puts it back, even one that then fails on broken content.
            "between-renames" => {
                assert!(!public.exists(), "{point}: {left:?}");
                let bad = root.join("content/procedures/bad.yaml");
                std::fs::write(&bad, "name: [unclosed\n").unwrap();
                let out = build(&root, &[]);
                assert_eq!(out.status.code(), Some(1), "{point}: {}", text(&out));
                std::fs::remove_file(&bad).unwrap();
                assert_same(&old, &snapshot(&public), point);
                assert_eq!(leftovers(&root, "public"), Vec::<String>::new(), "{point}");
            }
            _ => {
                let expected = if swapped { &new } else { &old };
                assert_same(expected, &snapshot(&public), point);
            }
        }
        let out = build(&root, &[]);
        assert!(out.status.success(), "{point}: {}", text(&out));
        assert_same(&new, &snapshot(&public), &format!("{point}, then built"));
        assert_eq!(
            leftovers(&root, "public"),
            Vec::<String>::new(),
            "{point}: the next build removed the killed build's folders"
        );
    }
}

/// A staging folder of a build that is still running is left alone by another build; once
/// that build is gone, the next build removes it. Folders under the names earlier versions
/// used, of processes that are gone, are removed too.
#[test]
fn a_running_builds_staging_folder_is_kept_and_stopped_ones_are_removed() {
    let tmp = tempfile::tempdir().unwrap();
    let root = make_site(tmp.path());
    let out = build(&root, &[]);
    assert!(out.status.success(), "{}", text(&out));

    // A process that has ended: its pid names the folders of an older minhbach.
    let mut gone = Command::new("true").spawn().unwrap();
    let gone_pid = gone.id();
    gone.wait().unwrap();
    for name in [
        format!(".public.new-{gone_pid}"),
        format!(".public.old-{gone_pid}"),
    ] {
        std::fs::create_dir_all(root.join(&name).join("vi")).unwrap();
        std::fs::write(root.join(&name).join("vi/index.html"), "old").unwrap();
    }
    // Not ours: a file and a link under a staging-like name, and a folder of another output.
    std::fs::write(root.join(".public.minhbach-staging-1"), "a file").unwrap();
    symlink(root.join("content"), root.join(".public.minhbach-old-2")).unwrap();
    std::fs::create_dir(root.join(".site-output.minhbach-staging-3")).unwrap();

    let mut running = Command::new(BIN)
        .arg("build")
        .current_dir(&root)
        .env("MINHBACH_TEST_PAUSE_AT", "written")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(running.stderr.take().unwrap()).lines();
    let paused = lines
        .by_ref()
        .map_while(Result::ok)
        .any(|l| l == "minhbach: paused at written");
    assert!(paused, "the build ended without pausing");
    let theirs = format!(".public.minhbach-staging-{}", running.id());
    assert!(root.join(&theirs).is_dir());

    let out = build(&root, &[]);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(
        leftovers(&root, "public"),
        vec![
            ".public.minhbach-old-2".to_owned(),
            ".public.minhbach-staging-1".to_owned(),
            theirs.clone()
        ],
        "the running build's folder stays; the stopped ones went; a file and a link stay"
    );
    assert!(
        root.join(&theirs).join("index.html").is_file(),
        "the running build's files are untouched"
    );
    assert!(root.join(".site-output.minhbach-staging-3").is_dir());
    assert!(root.join("content/site.yaml").is_file());

    running.kill().unwrap();
    running.wait().unwrap();
    let out = build(&root, &[]);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(
        leftovers(&root, "public"),
        vec![
            ".public.minhbach-old-2".to_owned(),
            ".public.minhbach-staging-1".to_owned()
        ]
    );
}
