//! Helpers shared by the integration-test modules.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root: the shipped portal's `content/` and `themes/` are below it.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Copy the folder `from` to `to`, recursively; a failure names the path.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).sort_by_file_name() {
        let entry = entry.unwrap_or_else(|e| panic!("read below {}: {e}", from.display()));
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target)
                .unwrap_or_else(|e| panic!("create {}: {e}", target.display()));
        } else {
            std::fs::copy(entry.path(), &target)
                .unwrap_or_else(|e| panic!("copy {}: {e}", entry.path().display()));
        }
    }
}

/// Copy the shipped portal's sources (`content/` and `themes/`) into `to`, for a test that
/// changes them.
pub fn copy_shipped_site(to: &Path) {
    copy_dir(&repo().join("content"), &to.join("content"));
    copy_dir(&repo().join("themes"), &to.join("themes"));
}

/// Copy the small test site `tests/fixtures/minimal/` (languages vi and en) with the
/// repository's themes into `to`.
pub fn copy_minimal_site(to: &Path) {
    copy_dir(
        &repo().join("tests/fixtures/minimal/content"),
        &to.join("content"),
    );
    copy_dir(&repo().join("themes"), &to.join("themes"));
}

/// Every file below `dir` (links not followed), sorted by path.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|entry| entry.unwrap_or_else(|e| panic!("read below {}: {e}", dir.display())))
        .filter(|entry| !entry.file_type().is_dir())
        .map(walkdir::DirEntry::into_path)
        .collect()
}

/// Every file below `dir` by its path relative to `dir`, with its bytes.
pub fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    files_under(dir)
        .into_iter()
        .map(|path| {
            let bytes =
                std::fs::read(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
            (path.strip_prefix(dir).unwrap().to_owned(), bytes)
        })
        .collect()
}

/// Every file below `dir` by its path relative to `dir`, sorted.
pub fn relative_files(dir: &Path) -> Vec<PathBuf> {
    files_under(dir)
        .into_iter()
        .map(|path| path.strip_prefix(dir).unwrap().to_owned())
        .collect()
}

/// The identity of the commits [`git`] makes: a Vietnamese name, and an e-mail address that must
/// never appear in a built page.
pub const GIT_AUTHOR: &str = "Nguyễn Văn Biên Tập";
pub const GIT_EMAIL: &str = "bien.tap@so-ngoai-vu.example.org";

/// A hermetic git command in `dir`, ready for its arguments: no user or system configuration, a
/// fixed identity and fixed dates. For a test that needs git's exit status (a refused commit);
/// [`git`] runs one that must succeed.
pub fn git_command(dir: &Path, date: &str) -> Command {
    let mut command = Command::new("git");
    command
        .args([
            "-c",
            &format!("user.name={GIT_AUTHOR}"),
            "-c",
            &format!("user.email={GIT_EMAIL}"),
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date);
    command
}

/// Run git hermetically ([`git_command`]); it must succeed. Returns its output, trimmed.
pub fn git(dir: &Path, date: &str, args: &[&str]) -> String {
    let out = git_command(dir, date)
        .args(args)
        .output()
        .expect("git must be installed to run these tests");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

/// Commit everything below `dir` with `subject`; returns the new commit's hash.
pub fn commit_all(dir: &Path, date: &str, subject: &str) -> String {
    git(dir, date, &["add", "-A"]);
    git(dir, date, &["commit", "-q", "-m", subject]);
    git(dir, date, &["rev-parse", "HEAD"])
}

/// `minhbach ARGS` run in `dir`.
pub fn minhbach(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_minhbach"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

/// A command's exit status and output, for a failing assertion's message.
pub fn describe(out: &Output) -> String {
    format!(
        "status {:?}\n--- stdout ---\n{}\n--- stderr ---\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// The command succeeded.
pub fn assert_ok(out: &Output) {
    assert_eq!(out.status.code(), Some(0), "{}", describe(out));
}
