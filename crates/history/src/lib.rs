//! Dates and public change history from git.
//!
//! Staff publish by committing, so the repository already knows when each record changed and
//! why. [`read`] asks git once per build (one `git log` over the content folder, not one per
//! file) and gives every record its "last updated" date and its list of changes, newest first.
//!
//! Rules, all chosen so that a page never says something wrong:
//!
//! * A record's history is every first-parent commit that touched any of its files (`x.yaml`, or
//!   a report's `x.md`, `x.en.md` …). With `--first-parent`, a merged branch counts as one
//!   change on the main line, dated when it was merged.
//! * Renames are followed: a record whose file was renamed (or moved between kind folders) keeps
//!   the history of its old name. A file deleted and later created again under the same name is
//!   the same record (same id, same address), so it keeps the old history too.
//! * The date of a change is the committer date, in the committer's own time zone, so the same
//!   repository gives the same dates on every machine.
//! * A record with uncommitted changes (edited, new or untracked) has no git date: the date of its
//!   last commit would be wrong for what is on the page.
//! * Outside a repository, in a shallow clone (whose history is cut off), when git is not
//!   installed, or when `history.from_git` is false, there are no git dates. Then the optional
//!   `updated:` field of a record gives its date; without it, the page says nothing.
//! * File modification times are never used: they would make the output depend on the checkout.
//! * Author e-mail addresses are never read. Author names are read through `.mailmap` and shown
//!   only if `history.show_authors` is true; a "name" that holds an e-mail address is dropped.

use diagnostics::Diagnostics;
use load::{CONTENT_DIR, Kind, LoadedSite};
use model::Date;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;
use std::sync::Arc;

/// One change of the site's content: a first-parent commit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commit {
    /// The full hash.
    pub hash: String,
    /// Position in the first-parent history: 0 is the newest commit that touched the content.
    /// Sort by it for a deterministic newest-first order across records.
    pub sequence: usize,
    /// The committer date, in the committer's time zone.
    pub date: Date,
    /// The committer date and time, RFC 3339 with the committer's offset
    /// (`2025-03-01T09:30:00+07:00`), for feeds and `<time datetime>`.
    pub timestamp: String,
    /// The subject line. Untrusted text: templates escape it.
    pub subject: String,
    /// The author's name (through `.mailmap`); `None` if it looked like an e-mail address or was
    /// empty. Whether to show it is `history.show_authors`.
    pub author: Option<String>,
}

impl Commit {
    /// The first 10 characters of the hash, as shown on pages.
    pub fn short_hash(&self) -> &str {
        &self.hash[..self.hash.len().min(10)]
    }
}

/// Where a record's "last updated" date came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateSource {
    /// The newest commit that touched the record.
    Git,
    /// The record's `updated:` field.
    Field,
}

/// The history of one record.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecordHistory {
    /// When the record last changed; `None` when nothing trustworthy is known.
    pub updated: Option<Date>,
    /// Where [`RecordHistory::updated`] came from.
    pub updated_from: Option<DateSource>,
    /// The commits that touched the record, newest first. Shared between records.
    pub commits: Vec<Arc<Commit>>,
    /// The working tree holds changes to the record that are not committed.
    pub uncommitted: bool,
}

static EMPTY: RecordHistory = RecordHistory {
    updated: None,
    updated_from: None,
    commits: Vec::new(),
    uncommitted: false,
};

/// What came of asking git.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum GitStatus {
    /// History was read: this many commits touched the content.
    Read { commits: usize },
    /// `history.from_git: false` in site.yaml.
    Disabled,
    /// The site is not inside a git repository.
    #[default]
    NotARepository,
    /// A shallow clone: its history is cut off, so its dates would be wrong.
    Shallow,
    /// The `git` program was not found.
    GitNotFound,
    /// git failed; the message says why.
    Failed(String),
}

impl GitStatus {
    /// A sentence for the build's output when no git dates could be read.
    pub fn note(&self) -> Option<String> {
        match self {
            GitStatus::Read { .. } | GitStatus::Disabled => None,
            GitStatus::NotARepository => Some(
                "not a git repository: dates come only from `updated:` fields".to_owned(),
            ),
            GitStatus::Shallow => Some(
                "shallow git clone: no dates from git (clone with full history, e.g. `fetch-depth: 0`); dates come only from `updated:` fields".to_owned(),
            ),
            GitStatus::GitNotFound => {
                Some("git is not installed: dates come only from `updated:` fields".to_owned())
            }
            GitStatus::Failed(why) => Some(format!(
                "cannot read the git history ({why}): dates come only from `updated:` fields"
            )),
        }
    }
}

/// The history of every record of a site.
#[derive(Debug, Clone, Default)]
pub struct History {
    /// What came of asking git.
    pub status: GitStatus,
    /// Per kind, one entry per record, in the order of the site's lists.
    records: BTreeMap<Kind, Vec<RecordHistory>>,
}

impl History {
    /// The history of the record at `index` in the site's list of `kind` (empty if unknown).
    pub fn record(&self, kind: Kind, index: usize) -> &RecordHistory {
        self.records
            .get(&kind)
            .and_then(|list| list.get(index))
            .unwrap_or(&EMPTY)
    }

    /// When the record last changed, if known.
    pub fn updated(&self, kind: Kind, index: usize) -> Option<Date> {
        self.record(kind, index).updated
    }

    /// Every change to records of `kind`, newest first: (record index, commit). A commit that
    /// touched several records appears once for each. Records with uncommitted changes are
    /// left out, like their dates. Order: by [`Commit::sequence`], then record index.
    pub fn changes(&self, kind: Kind) -> Vec<(usize, &Arc<Commit>)> {
        let mut out: Vec<(usize, &Arc<Commit>)> = self
            .records
            .get(&kind)
            .into_iter()
            .flatten()
            .enumerate()
            .filter(|(_, r)| !r.uncommitted)
            .flat_map(|(i, r)| r.commits.iter().map(move |c| (i, c)))
            .collect();
        out.sort_by_key(|(i, c)| (c.sequence, *i));
        out
    }
}

/// Read the history of every record of `site`, and check the `history:` settings of site.yaml,
/// with git's output from `git_output` (called only if `history.from_git` is on), so that a
/// caller can run git in the background while the site loads (see [`run_git`]). git problems
/// are not errors (the site still builds, without git dates): they show in
/// [`History::status`]. Settings problems are.
pub fn read(
    site: &LoadedSite,
    git_output: impl FnOnce() -> Result<GitOutput, GitStatus>,
) -> (History, Diagnostics) {
    let mut diags = Diagnostics::new();
    let config = &site.config;
    if let Some(url) = &config.data.history.commit_url {
        if !(url.starts_with("https://") || url.starts_with("http://")) {
            diags.push(
                config
                    .error_at(
                        "history.commit_url",
                        format!("`{url}` is not an http(s) address"),
                    )
                    .hint("e.g. https://github.com/org/repo/commit/{hash}"),
            );
        } else if !url.contains("{hash}") {
            diags.push(
                config
                    .error_at(
                        "history.commit_url",
                        "the commit address has no `{hash}` placeholder",
                    )
                    .hint("write where the commit's hash goes: https://github.com/org/repo/commit/{hash}"),
            );
        }
    }

    let (status, per_record, uncommitted) = if config.data.history.from_git {
        match git_output().map(|output| match_records(output, &RecordIndex::new(site))) {
            Ok(git) => (
                GitStatus::Read {
                    commits: git.commits,
                },
                git.per_record,
                git.uncommitted,
            ),
            Err(status) => (status, BTreeMap::new(), BTreeSet::new()),
        }
    } else {
        (GitStatus::Disabled, BTreeMap::new(), BTreeSet::new())
    };

    let mut history = History {
        status,
        records: BTreeMap::new(),
    };
    let mut per_record = per_record;
    for kind in Kind::ALL {
        let fields = updated_fields(site, kind);
        let list = fields
            .into_iter()
            .enumerate()
            .map(|(i, field)| {
                let commits = per_record.remove(&(kind, i)).unwrap_or_default();
                let uncommitted = uncommitted.contains(&(kind, i));
                let git = if uncommitted {
                    None
                } else {
                    commits.first().map(|c| c.date)
                };
                let (updated, updated_from) = match (git, field) {
                    (Some(d), _) => (Some(d), Some(DateSource::Git)),
                    (None, Some(d)) => (Some(d), Some(DateSource::Field)),
                    (None, None) => (None, None),
                };
                RecordHistory {
                    updated,
                    updated_from,
                    commits,
                    uncommitted,
                }
            })
            .collect();
        history.records.insert(kind, list);
    }
    (history, diags)
}

/// The `updated:` field of every record of `kind`, in list order.
fn updated_fields(l: &LoadedSite, kind: Kind) -> Vec<Option<Date>> {
    let records = l.records(kind);
    (0..records.len())
        .map(|i| records.data(i).updated())
        .collect()
}

/// Finds the record a content path belongs to, by kind folder and id.
struct RecordIndex {
    by_id: BTreeMap<(Kind, String), usize>,
}

impl RecordIndex {
    fn new(l: &LoadedSite) -> Self {
        let mut by_id = BTreeMap::new();
        for kind in Kind::ALL {
            let records = l.records(kind);
            for i in 0..records.len() {
                by_id.insert((kind, records.id(i).to_owned()), i);
            }
        }
        RecordIndex { by_id }
    }

    /// The record of a path relative to the site root (`content/reports/x.en.md`).
    fn find(&self, path: &str) -> Option<(Kind, usize)> {
        let (kind, id) = record_of_path(path)?;
        self.by_id.get(&(kind, id)).map(|&i| (kind, i))
    }
}

/// The kind and id a content path names: `content/reports/x.en.md` → (Report, `x`). Ids follow
/// the loader's rules: the extension goes, and for Markdown a language suffix too.
fn record_of_path(path: &str) -> Option<(Kind, String)> {
    let mut parts = path.split('/');
    let (Some(content), Some(folder), Some(name), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return None;
    };
    if content != CONTENT_DIR {
        return None;
    }
    let kind = Kind::ALL.into_iter().find(|k| k.folder() == folder)?;
    let (stem, _ext) = name.rsplit_once('.')?;
    let id = match stem.rsplit_once('.') {
        Some((id, suffix))
            if kind.is_markdown()
                && (2..=3).contains(&suffix.len())
                && suffix.bytes().all(|b| b.is_ascii_lowercase()) =>
        {
            id
        }
        _ => stem,
    };
    Some((kind, id.to_owned()))
}

type PerRecord = BTreeMap<(Kind, usize), Vec<Arc<Commit>>>;

/// What git tells: the number of commits, each record's commits, the records with uncommitted
/// changes.
struct GitHistory {
    commits: usize,
    per_record: PerRecord,
    uncommitted: BTreeSet<(Kind, usize)>,
}

/// What git says about the content folder of a site, before it is matched to records.
#[derive(Debug)]
pub struct GitOutput {
    /// Where the site sits in the repository (`site/` or empty), as git's paths start with it.
    prefix: String,
    /// `git log` of the content folder.
    log: Vec<u8>,
    /// `git status` of the content folder.
    status: Vec<u8>,
}

/// Ask git: is the site under `root` in a full repository, what is its content's history, what
/// is uncommitted. Needs only the root, not the loaded site, so it can run while the site loads.
pub fn run_git(root: &Path) -> Result<GitOutput, GitStatus> {
    let probe = git(
        root,
        &["rev-parse", "--is-shallow-repository", "--show-prefix"],
    )?;
    let probe = String::from_utf8_lossy(&probe);
    let mut lines = probe.lines();
    if lines.next() == Some("true") {
        return Err(GitStatus::Shallow);
    }
    // Paths in git's output are relative to the repository's top; the site may sit below it.
    let prefix = lines.next().unwrap_or("").to_owned();

    let log = match git(
        root,
        &[
            "-c",
            "core.quotePath=false",
            "-c",
            "log.showSignature=false",
            "log",
            "-z",
            "--first-parent",
            "--no-color",
            "--name-status",
            "-M",
            "--format=%x1e%H%x1f%cI%x1f%aN%x1f%s",
            "--",
            CONTENT_DIR,
        ],
    ) {
        Ok(log) => log,
        // A repository without commits yet (just after `git init`): no history, and every
        // record is uncommitted, which `git status` below finds.
        Err(GitStatus::Failed(why)) if why.contains("does not have any commits yet") => Vec::new(),
        Err(e) => return Err(e),
    };

    let status = git(
        root,
        &[
            "-c",
            "core.quotePath=false",
            "status",
            "--porcelain=v1",
            "-z",
            "--untracked-files=all",
            "--no-renames",
            "--",
            CONTENT_DIR,
        ],
    )?;
    Ok(GitOutput {
        prefix,
        log,
        status,
    })
}

/// Give each record its commits and find the records with uncommitted changes.
fn match_records(output: GitOutput, records: &RecordIndex) -> GitHistory {
    let GitOutput {
        prefix,
        log,
        status,
    } = output;
    let commits = parse_log(&log);
    let count = commits.len();
    let per_record = assign(commits, &prefix, records);
    let uncommitted = status
        .split(|&b| b == 0)
        .filter(|entry| entry.len() > 3)
        .filter_map(|entry| {
            let path = String::from_utf8_lossy(&entry[3..]);
            records.find(path.strip_prefix(prefix.as_str())?)
        })
        .collect();
    GitHistory {
        commits: count,
        per_record,
        uncommitted,
    }
}

/// The git folder of the repository that holds `root`, if there is one (for `serve`, which
/// watches it to notice commits).
pub fn git_dir(root: &Path) -> Option<std::path::PathBuf> {
    let out = git(root, &["rev-parse", "--absolute-git-dir"]).ok()?;
    let dir = String::from_utf8(out).ok()?;
    let dir = dir.trim_end_matches(['\n', '\r']);
    (!dir.is_empty()).then(|| std::path::PathBuf::from(dir))
}

/// Run git in `root` and return its standard output.
fn git(root: &Path, args: &[&str]) -> Result<Vec<u8>, GitStatus> {
    let output = Command::new("git")
        .args(args)
        .current_dir(root)
        // Messages in English, to recognise "not a git repository"; no lock taken by `status`.
        .env("LC_ALL", "C")
        .env("GIT_OPTIONAL_LOCKS", "0")
        .output()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => GitStatus::GitNotFound,
            _ => GitStatus::Failed(e.to_string()),
        })?;
    if output.status.success() {
        return Ok(output.stdout);
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    if stderr.contains("not a git repository") {
        Err(GitStatus::NotARepository)
    } else {
        Err(GitStatus::Failed(
            stderr.lines().next().unwrap_or("unknown error").to_owned(),
        ))
    }
}

/// A change of one commit to one path.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Change {
    /// Added, modified, deleted, type-changed …
    Path(String),
    /// Renamed (or copied) from the first path to the second.
    Renamed(String, String),
}

/// Parse `git log -z --name-status --format=%x1e%H%x1f%cI%x1f%aN%x1f%s`: each commit starts with
/// 0x1E; its header ends with NUL; then NUL-separated status letters and paths.
fn parse_log(bytes: &[u8]) -> Vec<(Commit, Vec<Change>)> {
    let mut out = Vec::new();
    for chunk in bytes.split(|&b| b == 0x1e).skip(1) {
        let mut fields = chunk.split(|&b| b == 0);
        let header = String::from_utf8_lossy(fields.next().unwrap_or_default());
        let mut parts = header.splitn(4, '\x1f');
        let (Some(hash), Some(iso), Some(author), Some(subject)) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        let Some(date) = iso.get(..10).and_then(|d| Date::parse(d).ok()) else {
            continue;
        };
        let mut changes = Vec::new();
        let mut tokens = fields
            .map(|f| String::from_utf8_lossy(f.strip_prefix(b"\n").unwrap_or(f)).into_owned())
            .filter(|f| !f.is_empty());
        while let Some(status) = tokens.next() {
            if status.starts_with('R') || status.starts_with('C') {
                if let (Some(old), Some(new)) = (tokens.next(), tokens.next()) {
                    changes.push(Change::Renamed(old, new));
                }
            } else if let Some(path) = tokens.next() {
                changes.push(Change::Path(path));
            }
        }
        out.push((
            Commit {
                hash: hash.to_owned(),
                sequence: out.len(),
                date,
                timestamp: iso.to_owned(),
                subject: subject.trim().to_owned(),
                author: public_name(author),
            },
            changes,
        ));
    }
    out
}

/// An author name fit to publish: never anything that looks like an e-mail address.
fn public_name(name: &str) -> Option<String> {
    let name = name.trim();
    (!name.is_empty() && !name.contains('@')).then(|| name.to_owned())
}

/// Give each commit to the records it touched, following renames. Commits come newest first, so
/// a rename is seen before the older commits of the old name, which then belong to the new one.
fn assign(commits: Vec<(Commit, Vec<Change>)>, prefix: &str, records: &RecordIndex) -> PerRecord {
    let mut renamed_to: BTreeMap<String, String> = BTreeMap::new();
    let mut out: PerRecord = BTreeMap::new();
    for (commit, changes) in commits {
        let current = |path: &str, renamed_to: &BTreeMap<String, String>| {
            renamed_to
                .get(path)
                .cloned()
                .unwrap_or_else(|| path.to_owned())
        };
        let mut touched = BTreeSet::new();
        for change in changes {
            let path = match change {
                Change::Path(p) => current(&p, &renamed_to),
                Change::Renamed(old, new) => {
                    let now = current(&new, &renamed_to);
                    renamed_to.insert(old, now.clone());
                    now
                }
            };
            if let Some(record) = path.strip_prefix(prefix).and_then(|p| records.find(p)) {
                touched.insert(record);
            }
        }
        let commit = Arc::new(commit);
        for record in touched {
            out.entry(record).or_default().push(commit.clone());
        }
    }
    out
}

/// The address of a commit from the `history.commit_url` pattern.
pub fn commit_link(pattern: &str, hash: &str) -> String {
    pattern.replace("{hash}", hash)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_name_records() {
        assert_eq!(
            record_of_path("content/reports/bc-1.en.md"),
            Some((Kind::Report, "bc-1".to_owned()))
        );
        assert_eq!(
            record_of_path("content/procedures/2.002311.yaml"),
            Some((Kind::Procedure, "2.002311".to_owned()))
        );
        assert_eq!(record_of_path("content/site.yaml"), None);
        assert_eq!(record_of_path("themes/default/x.html"), None);
        assert_eq!(record_of_path("content/unknown/x.yaml"), None);
    }

    #[test]
    fn log_output_is_parsed_with_renames() {
        let log = b"\x1eaaaa\x1f2025-03-01T09:30:00+07:00\x1fNguy\xe1\xbb\x85n A\x1fRename it\0\nR100\0content/channels/a.yaml\0content/channels/b.yaml\0M\0content/site.yaml\0\x1ebbbb\x1f2024-12-31T23:00:00-01:00\x1fx@y.vn\x1fFirst\0\nA\0content/channels/a.yaml\0";
        let parsed = parse_log(log);
        assert_eq!(parsed.len(), 2);
        assert_eq!(parsed[0].0.subject, "Rename it");
        assert_eq!(parsed[0].0.author.as_deref(), Some("Nguyễn A"));
        assert_eq!(parsed[0].0.date.to_string(), "2025-03-01");
        assert_eq!(
            parsed[0].1,
            vec![
                Change::Renamed(
                    "content/channels/a.yaml".into(),
                    "content/channels/b.yaml".into()
                ),
                Change::Path("content/site.yaml".into())
            ]
        );
        // The committer's own date, not UTC; an e-mail "name" is never kept.
        assert_eq!(parsed[1].0.date.to_string(), "2024-12-31");
        assert_eq!(parsed[1].0.author, None);
        assert_eq!(parsed[1].0.sequence, 1);

        let records = RecordIndex {
            by_id: [((Kind::Channel, "b".to_owned()), 0)].into_iter().collect(),
        };
        let per = assign(parsed, "", &records);
        let hashes: Vec<&str> = per[&(Kind::Channel, 0)]
            .iter()
            .map(|c| c.hash.as_str())
            .collect();
        assert_eq!(hashes, ["aaaa", "bbbb"], "the rename is followed");
    }

    #[test]
    fn a_prefix_outside_the_site_is_ignored() {
        let log = b"\x1eaaaa\x1f2025-03-01T09:30:00+07:00\x1fA\x1fS\0\nM\0site/content/channels/b.yaml\0M\0other/content/channels/b.yaml\0";
        let records = RecordIndex {
            by_id: [((Kind::Channel, "b".to_owned()), 0)].into_iter().collect(),
        };
        let per = assign(parse_log(log), "site/", &records);
        assert_eq!(per[&(Kind::Channel, 0)].len(), 1);
    }
}
