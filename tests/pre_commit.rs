//! The checks before committing: the plain git hook `hooks/pre-commit`, and the pre-commit
//! framework's hook (`.pre-commit-hooks.yaml`, with the example `hooks/pre-commit-config.yaml`),
//! each in a temporary git repository holding a copy of the shipped portal.

use crate::common::{GIT_AUTHOR, commit_all, copy_shipped_site, git, git_command, repo};
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_minhbach");
const DATE: &str = "2025-03-01T09:00:00+07:00";
/// The record the tests edit, and another one.
const RECORD: &str = "content/procedures/2.002311.yaml";
const OTHER: &str = "content/procedures/2.002312.yaml";
/// What the plain hook says whenever it stops a commit.
const STOPPED: &str = "THE COMMIT WAS STOPPED";
const BYPASS: &str = "git commit --no-verify";

/// A temporary repository holding the shipped portal, committed once.
struct Portal {
    _tmp: tempfile::TempDir,
    dir: PathBuf,
}

impl Portal {
    fn new() -> Portal {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("portal");
        copy_shipped_site(&dir);
        git(&dir, DATE, &["init", "-q"]);
        commit_all(&dir, DATE, "Cổng thông tin: bản đầu");
        Portal { _tmp: tmp, dir }
    }

    /// The same, with `hooks/pre-commit` copied to `.git/hooks/pre-commit`, as the README says.
    fn with_plain_hook() -> Portal {
        let portal = Portal::new();
        let hook = portal.dir.join(".git/hooks/pre-commit");
        // std::fs::copy keeps the permissions: the hook stays executable.
        std::fs::copy(repo().join("hooks/pre-commit"), &hook).unwrap();
        portal
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.join(rel)
    }

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap()
    }

    fn write(&self, rel: &str, text: &str) {
        std::fs::write(self.path(rel), text).unwrap();
    }

    fn head(&self) -> String {
        git(&self.dir, DATE, &["rev-parse", "HEAD"])
    }

    /// `git <args>` with minhbach named by `$MINHBACH`; the status is the caller's to check.
    fn git(&self, args: &[&str]) -> Output {
        git_command(&self.dir, DATE)
            .args(args)
            .env("MINHBACH", BIN)
            .output()
            .unwrap()
    }

    /// `git commit -m subject` plus `extra` arguments.
    fn commit(&self, subject: &str, extra: &[&str]) -> Output {
        let mut args = vec!["commit", "-q", "-m", subject];
        args.extend_from_slice(extra);
        self.git(&args)
    }

    /// Stage `rel`.
    fn add(&self, rel: &str) {
        git(&self.dir, DATE, &["add", "--", rel]);
    }
}

/// A valid change of `text` (the record's Vietnamese name).
fn valid_edit(text: &str) -> String {
    let edited = text.replacen("  vi: Thủ tục cho phép", "  vi: Thủ tục cấp phép", 1);
    assert_ne!(
        edited, text,
        "the record's Vietnamese name changed in the shipped site"
    );
    edited
}

/// `text` with a field minhbach does not know appended; returns the text and the field's
/// `file:line:column` in `rel`.
fn with_unknown_field(rel: &str, text: &str) -> (String, String) {
    assert!(text.ends_with('\n'));
    let line = text.lines().count() + 1;
    (
        format!("{text}ghi_chu_noi_bo: chưa duyệt\n"),
        format!("{rel}:{line}:1"),
    )
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn assert_succeeded(out: &Output, what: &str) {
    assert!(
        out.status.success(),
        "{what} failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        stderr(out)
    );
}

/// `PATH` with the folder of the minhbach binary first.
fn path_with_minhbach() -> OsString {
    let dir = Path::new(BIN).parent().unwrap().to_owned();
    let rest = std::env::var_os("PATH").unwrap_or_default();
    std::env::join_paths(std::iter::once(dir).chain(std::env::split_paths(&rest))).unwrap()
}

#[test]
fn plain_hook_lets_a_valid_commit_through_finding_minhbach_on_the_path() {
    let portal = Portal::with_plain_hook();
    let before = portal.head();
    portal.write(RECORD, &valid_edit(&portal.read(RECORD)));
    portal.add(RECORD);
    let out = git_command(&portal.dir, DATE)
        .args(["commit", "-q", "-m", "Sửa tên thủ tục"])
        .env_remove("MINHBACH")
        .env("PATH", path_with_minhbach())
        .output()
        .unwrap();
    assert_succeeded(&out, "a valid commit");
    assert_ne!(portal.head(), before, "the commit was made");
    assert_eq!(
        git(&portal.dir, DATE, &["log", "-1", "--format=%an %s"]),
        format!("{GIT_AUTHOR} Sửa tên thủ tục")
    );
    assert!(!stderr(&out).contains(STOPPED), "{}", stderr(&out));
}

#[test]
fn plain_hook_refuses_an_unknown_field_naming_its_file_and_line() {
    let portal = Portal::with_plain_hook();
    let before = portal.head();
    let (broken, at) = with_unknown_field(RECORD, &portal.read(RECORD));
    portal.write(RECORD, &broken);
    portal.add(RECORD);
    let out = portal.commit("Thêm ghi chú", &[]);
    let err = stderr(&out);
    assert!(
        !out.status.success(),
        "the broken commit was accepted:\n{err}"
    );
    assert_eq!(portal.head(), before, "HEAD moved");
    assert!(err.contains("unknown field `ghi_chu_noi_bo`"), "{err}");
    assert!(
        err.contains(&format!("--> {at}")),
        "no `--> {at}` in:\n{err}"
    );
    assert!(err.contains(STOPPED) && err.contains(BYPASS), "{err}");
    // The temporary folder the staged files were checked in is not shown.
    assert!(!err.contains("minhbach-pre-commit."), "{err}");
    // The change is still staged, ready to be fixed.
    let staged = git(&portal.dir, DATE, &["diff", "--cached", "--name-only"]);
    assert_eq!(staged, RECORD);
}

#[test]
fn plain_hook_refuses_invalid_yaml() {
    let portal = Portal::with_plain_hook();
    let before = portal.head();
    // An unquoted `: ` inside a value: YAML reads a second field on the same line.
    let text = portal.read(OTHER);
    let line = 1 + text
        .lines()
        .position(|l| l == "status: in_force")
        .expect("the record's status line");
    portal.write(
        OTHER,
        &text.replacen("status: in_force\n", "status: in_force: từ 2025\n", 1),
    );
    portal.add(OTHER);
    let out = portal.commit("Ghi chú", &[]);
    let err = stderr(&out);
    assert!(
        !out.status.success(),
        "the broken commit was accepted:\n{err}"
    );
    assert_eq!(portal.head(), before, "HEAD moved");
    assert!(err.contains("a `: ` inside a value"), "{err}");
    assert!(err.contains(&format!("--> {OTHER}:{line}:17")), "{err}");
    assert!(err.contains(STOPPED), "{err}");
}

#[test]
fn plain_hook_checks_the_staged_files_not_the_working_folder() {
    let portal = Portal::with_plain_hook();
    let good = valid_edit(&portal.read(RECORD));

    // A broken edit that is not staged, and a broken new file that is not added, do not block a
    // valid staged change.
    portal.write(RECORD, &good);
    portal.add(RECORD);
    let (broken_other, _) = with_unknown_field(OTHER, &portal.read(OTHER));
    portal.write(OTHER, &broken_other);
    portal.write("content/procedures/nhap.yaml", "code: [\n");
    let before = portal.head();
    let out = portal.commit("Sửa tên thủ tục", &[]);
    assert_succeeded(&out, "a valid staged change beside broken unstaged files");
    assert_ne!(portal.head(), before, "the commit was made");
    let committed = git(
        &portal.dir,
        DATE,
        &["show", "--name-only", "--format=", "HEAD"],
    );
    assert_eq!(committed, RECORD, "only the staged file was committed");

    // `git commit -a` commits the broken edit too: the hook sees it (git gives the hook an index
    // of its own for -a), and refuses.
    let before = portal.head();
    let out = portal.commit("Tất cả", &["-a"]);
    let err = stderr(&out);
    assert!(
        !out.status.success(),
        "commit -a of a broken file was accepted:\n{err}"
    );
    assert!(err.contains(&format!("--> {OTHER}:")), "{err}");
    assert_eq!(portal.head(), before, "HEAD moved");

    // The other way round: a broken staged file is refused even when the working folder holds
    // its fix.
    portal.add(OTHER);
    portal.write(
        OTHER,
        &git(&portal.dir, DATE, &["show", &format!("HEAD:{OTHER}")]),
    );
    let out = portal.commit("Sửa", &[]);
    let err = stderr(&out);
    assert!(
        !out.status.success(),
        "a broken staged file was accepted:\n{err}"
    );
    assert!(err.contains("unknown field `ghi_chu_noi_bo`"), "{err}");
    assert_eq!(portal.head(), before, "HEAD moved");
}

#[test]
fn plain_hook_is_skipped_by_no_verify() {
    let portal = Portal::with_plain_hook();
    let before = portal.head();
    let (broken, _) = with_unknown_field(RECORD, &portal.read(RECORD));
    portal.write(RECORD, &broken);
    portal.add(RECORD);
    let out = portal.commit("Khẩn cấp", &["--no-verify"]);
    assert_succeeded(&out, "git commit --no-verify");
    assert_ne!(portal.head(), before, "the commit was made");
    assert!(!stderr(&out).contains(STOPPED));
}

#[test]
fn plain_hook_fails_without_minhbach_and_says_how_to_install_it() {
    let portal = Portal::with_plain_hook();
    let before = portal.head();
    portal.write(RECORD, &valid_edit(&portal.read(RECORD)));
    portal.add(RECORD);

    // No $MINHBACH and a PATH that holds git only.
    let git_bin = std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())
        .map(|dir| dir.join("git"))
        .find(|p| p.is_file())
        .expect("git on the PATH");
    let bin_dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(&git_bin, bin_dir.path().join("git")).unwrap();
    let out = git_command(&portal.dir, DATE)
        .args(["commit", "-q", "-m", "Sửa"])
        .env_remove("MINHBACH")
        .env("PATH", bin_dir.path())
        .output()
        .unwrap();
    let err = stderr(&out);
    assert!(!out.status.success(), "committed without a check:\n{err}");
    assert_eq!(portal.head(), before, "HEAD moved");
    assert!(err.contains("the minhbach program was not found"), "{err}");
    assert!(
        err.contains("cargo install") && err.contains("MINHBACH="),
        "{err}"
    );
    assert!(err.contains(STOPPED) && err.contains(BYPASS), "{err}");

    // $MINHBACH naming nothing is refused too.
    let out = git_command(&portal.dir, DATE)
        .args(["commit", "-q", "-m", "Sửa"])
        .env("MINHBACH", portal.path("khong-co/minhbach"))
        .output()
        .unwrap();
    let err = stderr(&out);
    assert!(!out.status.success(), "committed without a check:\n{err}");
    assert!(err.contains("MINHBACH is set to"), "{err}");
    assert_eq!(portal.head(), before, "HEAD moved");
}

/// The pre-commit framework's command, run in `dir` with minhbach on the PATH, hermetic git and
/// a cache of its own in `home`.
fn pre_commit(dir: &Path, home: &Path, args: &[&str]) -> Output {
    let found = std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())
        .any(|d| d.join("pre-commit").is_file());
    assert!(
        found,
        "the pre-commit framework is not installed (no `pre-commit` on the PATH): \
         scripts/install-test-deps installs it (Debian package pre-commit)"
    );
    Command::new("pre-commit")
        .args(args)
        .current_dir(dir)
        .env("PATH", path_with_minhbach())
        .env("PRE_COMMIT_HOME", home)
        .env("PRE_COMMIT_COLOR", "never")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env_remove("MINHBACH")
        .output()
        .expect("run pre-commit")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn pre_commit_framework_runs_the_example_local_hook() {
    let portal = Portal::new();
    let cache = tempfile::tempdir().unwrap();
    std::fs::copy(
        repo().join("hooks/pre-commit-config.yaml"),
        portal.path(".pre-commit-config.yaml"),
    )
    .unwrap();
    commit_all(&portal.dir, DATE, "pre-commit");

    let out = pre_commit(&portal.dir, cache.path(), &["run", "--all-files"]);
    assert_succeeded(&out, "pre-commit run --all-files on the shipped portal");
    assert!(stdout(&out).contains("minhbach check"), "{}", stdout(&out));
    assert!(stdout(&out).contains("Passed"), "{}", stdout(&out));

    let (broken, at) = with_unknown_field(RECORD, &portal.read(RECORD));
    portal.write(RECORD, &broken);
    let out = pre_commit(&portal.dir, cache.path(), &["run", "--all-files"]);
    let text = format!("{}{}", stdout(&out), stderr(&out));
    assert!(
        !out.status.success(),
        "pre-commit passed a broken record:\n{text}"
    );
    assert!(
        text.contains("Failed") && text.contains(&format!("--> {at}")),
        "{text}"
    );

    // Installed as the git hook: a commit of the broken record is refused, and a valid staged
    // change commits while the broken edit waits unstaged (pre-commit sets it aside).
    let out = pre_commit(&portal.dir, cache.path(), &["install"]);
    assert_succeeded(&out, "pre-commit install");
    let commit = |subject: &str| {
        git_command(&portal.dir, DATE)
            .args(["commit", "-q", "-m", subject])
            .env("PATH", path_with_minhbach())
            .env("PRE_COMMIT_HOME", cache.path())
            .env("PRE_COMMIT_COLOR", "never")
            .env_remove("MINHBACH")
            .output()
            .unwrap()
    };
    let before = portal.head();
    portal.add(RECORD);
    let out = commit("Thêm ghi chú");
    let text = format!("{}{}", stdout(&out), stderr(&out));
    assert!(
        !out.status.success(),
        "the broken commit was accepted:\n{text}"
    );
    assert!(text.contains(&format!("--> {at}")), "{text}");
    assert_eq!(portal.head(), before, "HEAD moved");

    git(&portal.dir, DATE, &["reset", "-q"]);
    portal.write(OTHER, &valid_edit_other(&portal.read(OTHER)));
    portal.add(OTHER);
    let out = commit("Sửa tên thủ tục");
    assert_succeeded(&out, "a valid staged change beside a broken unstaged one");
    assert_ne!(portal.head(), before, "the commit was made");
    assert_eq!(portal.read(RECORD), broken, "the unstaged edit is put back");
}

/// A valid change of the other record: a comment line.
fn valid_edit_other(text: &str) -> String {
    format!("# Đã rà soát.\n{text}")
}

#[test]
fn pre_commit_framework_takes_the_hook_from_this_repository() {
    // A repository holding this repository's .pre-commit-hooks.yaml, as a portal would name
    // minhbach's (pre-commit clones it by path, offline).
    let hooks_repo = tempfile::tempdir().unwrap();
    std::fs::copy(
        repo().join(".pre-commit-hooks.yaml"),
        hooks_repo.path().join(".pre-commit-hooks.yaml"),
    )
    .unwrap();
    git(hooks_repo.path(), DATE, &["init", "-q"]);
    let rev = commit_all(hooks_repo.path(), DATE, "hooks");

    let portal = Portal::new();
    let cache = tempfile::tempdir().unwrap();
    portal.write(
        ".pre-commit-config.yaml",
        &format!(
            "repos:\n  - repo: {}\n    rev: {rev}\n    hooks:\n      - id: minhbach-check\n",
            hooks_repo.path().display()
        ),
    );
    commit_all(&portal.dir, DATE, "pre-commit");

    let out = pre_commit(&portal.dir, cache.path(), &["run", "--all-files"]);
    assert_succeeded(&out, "pre-commit run --all-files on the shipped portal");
    assert!(stdout(&out).contains("minhbach check"), "{}", stdout(&out));

    // A change outside content/ and themes/ does not run it (`files:`).
    portal.write("README.md", "Cổng thông tin\n");
    portal.add("README.md");
    let out = pre_commit(&portal.dir, cache.path(), &["run"]);
    assert_succeeded(&out, "pre-commit run on a README change");
    assert!(
        stdout(&out).contains("(no files to check)Skipped"),
        "{}",
        stdout(&out)
    );

    let (broken, at) = with_unknown_field(RECORD, &portal.read(RECORD));
    portal.write(RECORD, &broken);
    portal.add(RECORD);
    let out = pre_commit(&portal.dir, cache.path(), &["run"]);
    let text = format!("{}{}", stdout(&out), stderr(&out));
    assert!(
        !out.status.success(),
        "pre-commit passed a broken record:\n{text}"
    );
    assert!(text.contains(&format!("--> {at}")), "{text}");
}
