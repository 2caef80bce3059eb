//! Stage 5, **write**: put the rendered files on disk so that readers never see half a site.
//!
//! Files are written into a fresh staging folder beside the output, and only when every file is
//! written is it swapped in place of the old output, in one step where the system allows it
//! (`renameat2` with `RENAME_EXCHANGE` on Linux, `RENAME_SWAP` on macOS; two renames elsewhere). A build that fails or is
//! killed at any point leaves the previous output exactly as it was.
//!
//! The output folder belongs to the build: it is replaced whole. So before anything is touched,
//! [`check_output_dir`] refuses an output that would take the site's sources with it (the root,
//! a folder holding it, anything in `content/`, `themes/` or `.git`), one that is a file or a
//! symbolic link, and an existing folder that holds files minhbach did not make.
//!
//! Staging folders are named `.<output>.minhbach-staging-<pid>` (and, where the swap takes two
//! renames, `.<output>.minhbach-old-<pid>`). While a build runs it holds a lock on them, so the
//! next build knows which ones a stopped build left, and removes those (putting the previous
//! output back if a build was stopped between the two renames).
//!
//! Test hook: `MINHBACH_TEST_PAUSE_AT=<point>` makes a build print `minhbach: paused at <point>`
//! to stderr and sleep for a minute at that point of this stage, so that a test can kill it there
//! (`tests/output_safety.rs`). The points are `written` (every file staged, nothing swapped),
//! `between-renames` (this one also forces the two-rename swap: the old output renamed away, the
//! new not yet in place), `swapped` (the new output in place, the old tree not yet removed) and
//! `removing` (part of the old tree removed). Nothing else reads the variable.

use output::OutputFile;
use plan::is_contained;
use rayon::prelude::*;
use std::collections::HashSet;
use std::ffi::OsStr;
use std::fs::File;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("refusing to write to {path}: {reason}")]
    Refused { path: PathBuf, reason: String },
    /// An `--output` that a build must not replace; nothing was touched.
    #[error("refusing to build into {shown}: {what}")]
    UnsafeOutput {
        shown: String,
        what: String,
        hint: String,
    },
    #[error("cannot write {path}: {source}")]
    Io { path: PathBuf, source: io::Error },
}

impl WriteError {
    /// What the user can do about it, when there is something to say.
    pub fn hint(&self) -> Option<&str> {
        match self {
            WriteError::UnsafeOutput { hint, .. } => Some(hint),
            _ => None,
        }
    }
}

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> WriteError + '_ {
    move |source| WriteError::Io {
        path: path.to_owned(),
        source,
    }
}

/// What was written.
#[derive(Debug, Clone, Default)]
pub struct WriteStats {
    pub files: usize,
    pub bytes: u64,
    /// Folders that could not be removed (an old output, a stopped build's staging folder).
    pub warnings: Vec<String>,
}

// ---------------------------------------------------------------------------------------------
// Output path safety

/// What is at the output path itself (links not followed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Found {
    Missing,
    Dir,
    File,
    Symlink,
    Other,
}

/// The output path made absolute, with `.` and `..` applied and every link in its *ancestors*
/// followed (the output itself, if it is a link, is not: it is refused). `..` after a link goes
/// to the parent of the link's target, as the system itself does.
#[derive(Debug, Clone)]
struct Resolved {
    path: PathBuf,
    kind: Found,
}

fn resolve(path: &Path) -> io::Result<Resolved> {
    let abs = std::path::absolute(path)?;
    let components: Vec<Component> = abs.components().collect();
    let mut out = PathBuf::new();
    let mut kind = Found::Dir;
    // How many of the last components of `out` do not exist yet: `..` may climb back out of
    // them (`new/../content` is content/, which exists and is checked like any other).
    let mut missing = 0usize;
    for (i, c) in components.iter().enumerate() {
        let last = i + 1 == components.len();
        match c {
            Component::Prefix(_) | Component::RootDir => out.push(c.as_os_str()),
            Component::CurDir => {}
            Component::ParentDir => {
                // `out` holds no link (each was resolved), so its parent is the real one.
                out.pop();
                missing = missing.saturating_sub(1);
                kind = if missing > 0 {
                    Found::Missing
                } else {
                    Found::Dir
                };
            }
            Component::Normal(name) => {
                out.push(name);
                if missing > 0 {
                    missing += 1;
                    continue;
                }
                let meta = match std::fs::symlink_metadata(&out) {
                    Ok(m) => m,
                    Err(e) if e.kind() == io::ErrorKind::NotFound => {
                        kind = Found::Missing;
                        missing = 1;
                        continue;
                    }
                    Err(e) => return Err(e),
                };
                let ft = meta.file_type();
                kind = if ft.is_symlink() {
                    Found::Symlink
                } else if ft.is_dir() {
                    Found::Dir
                } else if ft.is_file() {
                    Found::File
                } else {
                    Found::Other
                };
                if !last && kind == Found::Symlink {
                    out = std::fs::canonicalize(&out)?;
                    kind = if out.is_dir() {
                        Found::Dir
                    } else {
                        Found::File
                    };
                }
                if !last && kind != Found::Dir {
                    return Err(io::Error::from(io::ErrorKind::NotADirectory));
                }
            }
        }
    }
    Ok(Resolved { path: out, kind })
}

/// Whether `a` and `b` are the same folder. By identity where the system gives one, so that a
/// case-insensitive disk (`Content` and `content`), a bind mount or a second link all count.
fn same_dir(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (std::fs::metadata(a), std::fs::metadata(b)) {
            (Ok(x), Ok(y)) => x.dev() == y.dev() && x.ino() == y.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
            (Ok(x), Ok(y)) => {
                x.to_string_lossy().to_lowercase() == y.to_string_lossy().to_lowercase()
            }
            _ => false,
        }
    }
}

/// `path` and its ancestors that exist (for a path that does not exist yet, from the nearest
/// existing ancestor up).
fn existing_ancestors(path: &Path) -> impl Iterator<Item = &Path> {
    path.ancestors().filter(|p| std::fs::metadata(p).is_ok())
}

fn refuse(output: &Path, what: impl Into<String>, hint: impl Into<String>) -> WriteError {
    WriteError::UnsafeOutput {
        shown: diagnostics::display_path(output),
        what: what.into(),
        hint: hint.into(),
    }
}

const CHOOSE: &str = "choose another --output, a folder used for nothing else, for example public";

/// Check, before anything is written or removed, that the build may replace `output` (as the
/// user gave it) for the site at `root`. Returns the output's real path (see [`resolve`]), which
/// the build then writes to.
pub fn check_output_dir(root: &Path, output: &Path) -> Result<PathBuf, WriteError> {
    let out = resolve_for_output(output)?;
    let path = &out.path;
    if path.parent().is_none() {
        return Err(refuse(
            output,
            "it is the top of the disk, and a build deletes what its output folder held",
            CHOOSE,
        ));
    }
    if path
        .components()
        .any(|c| c.as_os_str().eq_ignore_ascii_case(".git"))
    {
        return Err(refuse(
            output,
            "it is inside a .git folder, where git keeps the history of your files; a build \
             replaces its output folder whole",
            CHOOSE,
        ));
    }
    let root_real = std::fs::canonicalize(root)
        .unwrap_or_else(|_| std::path::absolute(root).unwrap_or_else(|_| root.to_owned()));
    if same_dir(path, &root_real) {
        return Err(refuse(
            output,
            "that is the site's own folder (it holds content/ and themes/), and a build \
                 replaces its output folder whole, which would delete your sources",
            CHOOSE,
        ));
    }
    if existing_ancestors(&root_real).any(|a| same_dir(a, path)) {
        return Err(refuse(
            output,
            format!(
                "that folder holds the site's folder ({}), and a build replaces its output \
                     folder whole, which would delete your sources",
                diagnostics::display_path(&root_real)
            ),
            CHOOSE,
        ));
    }
    for (folder, holds) in [
        ("content", "holds your sources (the records and site.yaml)"),
        ("themes", "holds the themes the build reads"),
    ] {
        check_source_folder(
            output,
            path,
            &root.join(folder),
            &format!("{folder}/"),
            holds,
        )?;
    }
    // Said after the above, so that a link into content/ is named as such.
    check_kind(output, &out)?;
    if out.kind == Found::Dir {
        if path.join("content").join("site.yaml").exists() {
            return Err(refuse(
                output,
                "that folder holds a minhbach site (content/site.yaml), and a build replaces its \
                 output folder whole, which would delete it",
                CHOOSE,
            ));
        }
        check_made_by_minhbach(output, path)?;
    }
    Ok(out.path)
}

/// Refuse the output `out` (the real path from [`check_output_dir`]) if it lies inside the
/// source folder `source` or holds it: `name` and `holds` say which folder and what it is for.
/// For folders the build reads that are known only once the site is loaded (its theme).
pub fn check_source_folder(
    output: &Path,
    out: &Path,
    source: &Path,
    name: &str,
    holds: &str,
) -> Result<(), WriteError> {
    let Ok(source) = std::fs::canonicalize(source) else {
        return Ok(()); // a folder that does not exist holds nothing to lose
    };
    // An output that is a link is refused anyway, but named for where it points if that is here.
    let real = std::fs::canonicalize(out).unwrap_or_else(|_| out.to_owned());
    let out = real.as_path();
    if existing_ancestors(out).any(|a| same_dir(a, &source)) {
        return Err(refuse(
            output,
            format!(
                "{} {name}, which {holds}; a build replaces its output folder whole and would \
                 delete them",
                if same_dir(out, &source) {
                    "that is the folder"
                } else {
                    "that folder is inside"
                }
            ),
            CHOOSE,
        ));
    }
    if std::fs::metadata(out).is_ok() && existing_ancestors(&source).any(|a| same_dir(a, out)) {
        return Err(refuse(
            output,
            format!(
                "that folder holds {name}, which {holds}; a build replaces its output folder \
                 whole and would delete them"
            ),
            CHOOSE,
        ));
    }
    Ok(())
}

fn resolve_for_output(output: &Path) -> Result<Resolved, WriteError> {
    resolve(output).map_err(|e| {
        let what = match e.kind() {
            io::ErrorKind::NotADirectory => {
                "a part of that path is a file, not a folder".to_owned()
            }
            io::ErrorKind::NotFound => {
                "a part of that path is a link to something that does not exist".to_owned()
            }
            _ => format!("its folders cannot be looked at ({e})"),
        };
        refuse(output, what, CHOOSE)
    })
}

/// Refuse an output that is not a folder (or not yet anything).
fn check_kind(output: &Path, out: &Resolved) -> Result<(), WriteError> {
    match out.kind {
        Found::Missing | Found::Dir => Ok(()),
        Found::File => Err(refuse(
            output,
            "it is a file, not a folder, and a build would replace it",
            "move or rename that file, or choose another --output, for example public",
        )),
        Found::Symlink => Err(refuse(
            output,
            "it is a symbolic link; a build replaces its output folder whole and does not \
             follow links to do so",
            "pass the folder the link points to as --output, or remove the link (its target \
             stays) and build again",
        )),
        Found::Other => Err(refuse(
            output,
            "it is neither a folder nor a file (a device, a pipe or a socket)",
            CHOOSE,
        )),
    }
}

/// A folder that already holds files may be replaced only if it is a previous build: one that
/// has the open-data files every build writes. Anything else would be deleted by a build.
fn check_made_by_minhbach(output: &Path, out: &Path) -> Result<(), WriteError> {
    let mut names: Vec<String> = std::fs::read_dir(out)
        .map_err(io_err(out))?
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        // What file managers leave in any folder they show: not the user's files.
        .filter(|n| !matches!(n.as_str(), ".DS_Store" | "Thumbs.db" | "desktop.ini"))
        .collect();
    if names.is_empty() {
        return Ok(());
    }
    let from_a_build = opendata::data_files()
        .any(|(kind, format)| out.join(opendata::data_path(kind, format)).is_file());
    if from_a_build {
        return Ok(());
    }
    names.sort();
    let more = match names.len() {
        1 => String::new(),
        n => format!(" and {} more", n - 1),
    };
    Err(refuse(
        output,
        format!(
            "that folder already holds files that minhbach did not make ({}{more}); a build \
             replaces its output folder whole and would delete them",
            names[0]
        ),
        "move those files elsewhere or empty the folder, or choose another --output, for \
         example public",
    ))
}

// ---------------------------------------------------------------------------------------------
// Writing

/// Write `files` as the new content of `output`, atomically replacing what was there.
pub fn write_output(output: &Path, files: &[OutputFile]) -> Result<WriteStats, WriteError> {
    for f in files {
        check_contained(&f.path)?;
    }
    let staging = Staging::new(output)?;
    files.par_iter().for_each(|f| staging.write_file(f));
    staging.commit()
}

fn check_contained(path: &Path) -> Result<(), WriteError> {
    if is_contained(path) {
        Ok(())
    } else {
        Err(WriteError::Refused {
            path: path.to_owned(),
            reason: "the path leaves the output directory".into(),
        })
    }
}

/// A new output being written beside the old one, file by file and from any number of threads,
/// then swapped in by [`Staging::commit`]. Dropped without a commit, it removes what it wrote
/// and the old output stays as it was.
pub struct Staging {
    /// The output's real path (its parent's links resolved).
    output: PathBuf,
    dir: PathBuf,
    retired: PathBuf,
    /// Held while this build runs: it tells other builds that `dir` is not a stopped build's.
    _lock: Option<File>,
    /// Directories below `dir` known to exist, to spare a `mkdir` per file.
    made_dirs: Mutex<HashSet<PathBuf>>,
    files: AtomicUsize,
    bytes: AtomicU64,
    /// The first failure; files handed in after it are not written.
    error: Mutex<Option<WriteError>>,
    /// Stopped builds' folders that could not be removed.
    warnings: Vec<String>,
    committed: bool,
}

impl Staging {
    /// Start a new output for `output`, in a fresh directory beside it. Folders left beside it
    /// by stopped builds are removed first.
    pub fn new(output: &Path) -> Result<Self, WriteError> {
        let out = resolve_for_output(output)?;
        check_kind(output, &out)?;
        let output = out.path;
        let (parent, name) = split(&output);
        std::fs::create_dir_all(&parent).map_err(io_err(&parent))?;
        let pid = std::process::id();
        let dir = parent.join(staging_name(&name, STAGING, pid));
        let retired = parent.join(staging_name(&name, OLD, pid));
        // Between the `mkdir` of a staging folder and its lock, another build's clean-up must
        // not take it for a stopped build's: both happen under a lock on the parent folder.
        let parent_lock = lock_dir(&parent, true);
        let warnings = clean_leftovers_in(&parent, &name, &output);
        std::fs::create_dir(&dir).map_err(io_err(&dir))?;
        let lock = lock_dir(&dir, false);
        drop(parent_lock);
        Ok(Staging {
            output,
            dir,
            retired,
            _lock: lock,
            made_dirs: Mutex::new(HashSet::new()),
            files: AtomicUsize::new(0),
            bytes: AtomicU64::new(0),
            error: Mutex::new(None),
            warnings,
            committed: false,
        })
    }

    /// Write one file of the new output. A failure is kept and reported by [`Staging::commit`].
    pub fn write(&self, file: OutputFile) {
        self.write_file(&file);
    }

    /// Write the file at `path` (below the output root) through `write`, for a file made piece
    /// by piece that need not sit in memory whole (the open data). Returns its size. The writer
    /// is the file itself: `write` buffers (the open data's writers gather 64 KiB at a time, and
    /// a second buffer here only copied every byte once more).
    pub fn write_with(
        &self,
        path: &Path,
        write: impl FnOnce(&mut dyn io::Write) -> io::Result<()>,
    ) -> Result<u64, WriteError> {
        check_contained(path)?;
        self.make_parent(path)?;
        let full = self.dir.join(path);
        let file = File::create(&full).map_err(io_err(&full))?;
        let mut counted = Counting {
            inner: file,
            bytes: 0,
        };
        write(&mut counted).map_err(io_err(&full))?;
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(counted.bytes, Ordering::Relaxed);
        Ok(counted.bytes)
    }

    /// [`Staging::write_with`] for a writer that cannot give a [`WriteError`] back: a failure is
    /// kept and reported by [`Staging::commit`], as [`Staging::write`]'s are, and the writer is
    /// told only that the file was not written.
    pub fn write_streamed(
        &self,
        path: &Path,
        write: &mut dyn FnMut(&mut dyn io::Write) -> io::Result<()>,
    ) -> io::Result<u64> {
        if self.failed() {
            return Err(io::Error::other("the output was not written"));
        }
        self.write_with(path, write).map_err(|e| {
            let message = e.to_string();
            lock(&self.error).get_or_insert(e);
            io::Error::other(message)
        })
    }

    fn make_parent(&self, path: &Path) -> Result<(), WriteError> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty())
            && !lock(&self.made_dirs).contains(parent)
        {
            let dir = self.dir.join(parent);
            std::fs::create_dir_all(&dir).map_err(io_err(&dir))?;
            lock(&self.made_dirs).insert(parent.to_owned());
        }
        Ok(())
    }

    fn write_file(&self, file: &OutputFile) {
        if self.failed() {
            return;
        }
        if let Err(e) = self.try_write(file) {
            lock(&self.error).get_or_insert(e);
        }
    }

    fn failed(&self) -> bool {
        lock(&self.error).is_some()
    }

    fn try_write(&self, file: &OutputFile) -> Result<(), WriteError> {
        check_contained(&file.path)?;
        self.make_parent(&file.path)?;
        let path = self.dir.join(&file.path);
        std::fs::write(&path, &file.bytes).map_err(io_err(&path))?;
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes
            .fetch_add(file.bytes.len() as u64, Ordering::Relaxed);
        Ok(())
    }

    /// Swap the new output in place of the old one, unless a write failed, then remove the old.
    pub fn commit(mut self) -> Result<WriteStats, WriteError> {
        if let Some(e) = lock(&self.error).take() {
            return Err(e);
        }
        pause_at("written");
        let mut warnings = std::mem::take(&mut self.warnings);
        // The old output may have become a link or a file since the check: never swap that.
        match std::fs::symlink_metadata(&self.output) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                std::fs::rename(&self.dir, &self.output).map_err(io_err(&self.output))?;
                self.committed = true;
            }
            Err(e) => return Err(io_err(&self.output)(e)),
            Ok(m) if !m.is_dir() => {
                return Err(refuse(
                    &self.output,
                    "it is no longer a folder",
                    "build again once nothing else writes there",
                ));
            }
            Ok(_) => {
                // Locked like a staging folder: once swapped out, the old tree sits under a
                // staging name until it is removed, and must not look like a stopped build's.
                let old_lock = lock_dir(&self.output, false);
                let old_tree = self.swap()?;
                self.committed = true;
                pause_at("swapped");
                // The old tree is no longer visible; failing to delete it only wastes space.
                if let Err(e) = remove_tree(&old_tree) {
                    warnings.push(could_not_remove(&old_tree, &e));
                }
                drop(old_lock);
            }
        }
        Ok(WriteStats {
            files: self.files.load(Ordering::Relaxed),
            bytes: self.bytes.load(Ordering::Relaxed),
            warnings,
        })
    }

    /// Put the staged tree in place of the existing output; returns where the old tree is now.
    fn swap(&self) -> Result<PathBuf, WriteError> {
        let two_renames = pause_requested("between-renames");
        // renameat2(RENAME_EXCHANGE) on Linux, renameatx_np(RENAME_SWAP) on macOS.
        #[cfg(any(target_os = "linux", target_os = "android", target_vendor = "apple"))]
        if !two_renames {
            use rustix::fs::{CWD, RenameFlags, renameat_with};
            match renameat_with(CWD, &self.dir, CWD, &self.output, RenameFlags::EXCHANGE) {
                Ok(()) => return Ok(self.dir.clone()),
                // A file system without the exchange (some network and FUSE ones): two renames.
                Err(e)
                    if e == rustix::io::Errno::INVAL
                        || e == rustix::io::Errno::NOSYS
                        || e == rustix::io::Errno::OPNOTSUPP
                        || e == rustix::io::Errno::NOTSUP => {}
                Err(e) => return Err(io_err(&self.output)(e.into())),
            }
        }
        let _ = two_renames; // read above only where the system has the exchange
        std::fs::rename(&self.output, &self.retired).map_err(io_err(&self.output))?;
        pause_at("between-renames");
        if let Err(e) = std::fs::rename(&self.dir, &self.output) {
            // Put the old output back rather than leave nothing.
            let _ = std::fs::rename(&self.retired, &self.output);
            return Err(io_err(&self.output)(e));
        }
        Ok(self.retired.clone())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = remove_tree(&self.dir);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Staging folders and what stopped builds leave

const STAGING: &str = "minhbach-staging";
const OLD: &str = "minhbach-old";
/// The names earlier versions used (`.public.new-<pid>`, `.public.old-<pid>`), unlocked.
const LEGACY_STAGING: &str = "new";
const LEGACY_OLD: &str = "old";

fn staging_name(output_name: &str, tag: &str, pid: u32) -> String {
    format!(".{output_name}.{tag}-{pid}")
}

/// The parent folder and the file name of a resolved output path.
fn split(output: &Path) -> (PathBuf, String) {
    let parent = output
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_owned);
    let name = output
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    (parent, name)
}

/// A lock on a folder, held until the file is dropped; `None` where the system has none (the
/// liveness of the process that made a folder is then checked instead).
/// `wait`: wait for another holder (only for the parent folder, whose lock is held briefly);
/// otherwise a lock someone else holds is simply not taken.
fn lock_dir(dir: &Path, wait: bool) -> Option<File> {
    let file = File::open(dir).ok()?;
    if wait {
        file.lock().ok()?;
    } else {
        file.try_lock().ok()?;
    }
    Some(file)
}

/// Remove what stopped builds left beside `output` (its real path): staging folders, and old
/// trees, the last of which is put back first if there is no output (a build stopped between
/// the two renames of the fallback swap). Returns a warning for each folder that stays.
pub fn clean_leftovers(output: &Path) -> Vec<String> {
    let (parent, name) = split(output);
    if !parent.is_dir() {
        return Vec::new(); // no parent folder yet, so nothing was left in it
    }
    let _parent_lock = lock_dir(&parent, true);
    clean_leftovers_in(&parent, &name, output)
}

fn clean_leftovers_in(parent: &Path, name: &str, output: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return Vec::new();
    };
    let prefix = format!(".{name}.");
    let mut stopped: Vec<(PathBuf, bool)> = Vec::new();
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some((tag, pid)) = file_name
            .to_str()
            .and_then(|n| n.strip_prefix(&prefix))
            .and_then(|rest| rest.rsplit_once('-'))
            .and_then(|(tag, pid)| Some((tag, pid.parse::<u32>().ok()?)))
        else {
            continue;
        };
        let (locked, old) = match tag {
            STAGING => (true, false),
            OLD => (true, true),
            LEGACY_STAGING => (false, false),
            LEGACY_OLD => (false, true),
            _ => continue,
        };
        // Only folders: minhbach never makes a link or a file under these names.
        if !entry.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        let path = entry.path();
        if build_is_running(&path, pid, locked) {
            continue;
        }
        stopped.push((path, old));
    }
    stopped.sort();
    let mut warnings = Vec::new();
    // With no output, the old tree is the previous output (every build tidies first, so there is
    // at most one): put back, never removed.
    if std::fs::symlink_metadata(output).is_err()
        && let Some(i) = stopped.iter().rposition(|(_, old)| *old)
    {
        let (old, _) = stopped.remove(i);
        if let Err(e) = std::fs::rename(&old, output) {
            warnings.push(format!(
                "could not put back the previous output from {} (left by a build that was \
                 stopped): {e}; rename it to {} by hand",
                diagnostics::display_path(&old),
                diagnostics::display_path(output),
            ));
        }
    }
    for (path, _) in &stopped {
        if let Err(e) = remove_tree(path) {
            warnings.push(could_not_remove(path, &e));
        }
    }
    warnings
}

fn could_not_remove(path: &Path, e: &io::Error) -> String {
    format!(
        "could not remove {}, an old copy of the output: {e}; it is no longer used, remove it by \
         hand",
        diagnostics::display_path(path)
    )
}

/// Whether the folder `dir`, named after the process `pid`, belongs to a build still running.
fn build_is_running(dir: &Path, pid: u32, locked: bool) -> bool {
    if locked && let Ok(file) = File::open(dir) {
        match file.try_lock() {
            Ok(()) => return false,
            Err(std::fs::TryLockError::WouldBlock) => return true,
            Err(std::fs::TryLockError::Error(_)) => {} // no locks here: ask about the process
        }
    }
    pid != std::process::id() && process_is_alive(pid)
}

fn process_is_alive(pid: u32) -> bool {
    #[cfg(unix)]
    {
        let Some(pid) = i32::try_from(pid)
            .ok()
            .and_then(rustix::process::Pid::from_raw)
        else {
            return false;
        };
        // `EPERM` means a process of another user: alive all the same.
        !matches!(
            rustix::process::test_kill_process(pid),
            Err(rustix::io::Errno::SRCH)
        )
    }
    #[cfg(not(unix))]
    {
        // No way to ask without another crate: keep the folder (it only wastes space).
        let _ = pid;
        true
    }
}

// ---------------------------------------------------------------------------------------------
// Test hook

fn pause_requested(point: &str) -> bool {
    std::env::var_os("MINHBACH_TEST_PAUSE_AT").is_some_and(|v| v == OsStr::new(point))
}

/// See the module's documentation: for tests that kill a build at a given point.
fn pause_at(point: &str) {
    if pause_requested(point) {
        eprintln!("minhbach: paused at {point}");
        std::thread::sleep(std::time::Duration::from_secs(60));
    }
}

/// A writer that counts the bytes it passes on.
struct Counting<W> {
    inner: W,
    bytes: u64,
}

impl<W: io::Write> io::Write for Counting<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Delete a directory tree without following a single link: a link is removed, and what it
/// points to stays. `std::fs::remove_dir_all` does exactly that (it opens each folder without
/// following links, so a folder swapped for a link meanwhile is not followed either); it runs
/// on the top-level entries in parallel, as deleting tens of thousands of files is mostly system
/// calls and this halves its time on two cores.
fn remove_tree(dir: &Path) -> io::Result<()> {
    let meta = std::fs::symlink_metadata(dir)?;
    if !meta.is_dir() {
        return std::fs::remove_file(dir);
    }
    let mut entries: Vec<(PathBuf, bool)> = std::fs::read_dir(dir)?
        .filter_map(|e| {
            let e = e.ok()?;
            // The entry's own type: a link to a folder is a link here, not a folder.
            let is_dir = e.file_type().ok()?.is_dir();
            Some((e.path(), is_dir))
        })
        .collect();
    let remove = |(path, is_dir): &(PathBuf, bool)| {
        let _ = if *is_dir {
            std::fs::remove_dir_all(path)
        } else {
            std::fs::remove_file(path)
        };
    };
    if pause_requested("removing")
        && let Some(first) = entries.pop()
    {
        remove(&first);
        pause_at("removing");
    }
    entries.par_iter().for_each(remove);
    // Whatever the parallel pass could not remove is reported from here.
    std::fs::remove_dir_all(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile {
            path: PathBuf::from(path),
            bytes: text.as_bytes().to_vec(),
        }
    }

    #[test]
    fn replaces_the_whole_tree() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        write_output(
            &out,
            &[file("a/index.html", "one"), file("stale.html", "x")],
        )
        .unwrap();
        write_output(&out, &[file("a/index.html", "two")]).unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("a/index.html")).unwrap(),
            "two"
        );
        assert!(!out.join("stale.html").exists());
        let names: Vec<_> = std::fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(
            names,
            vec![std::ffi::OsString::from("public")],
            "no staging directories left behind"
        );
    }

    #[test]
    fn refuses_escaping_paths_and_keeps_old_output() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        write_output(&out, &[file("index.html", "old")]).unwrap();
        let err = write_output(&out, &[file("../evil.html", "x")]).unwrap_err();
        assert!(err.to_string().contains("leaves the output directory"));
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "old"
        );
        assert!(!tmp.path().join("evil.html").exists());
    }

    #[test]
    fn staging_without_commit_leaves_the_old_output_and_no_trace() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        write_output(&out, &[file("index.html", "old")]).unwrap();
        let staging = Staging::new(&out).unwrap();
        staging.write(file("index.html", "new"));
        staging.write(file("a/b/page.html", "new"));
        drop(staging);
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "old"
        );
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_failed_write_is_reported_by_commit_and_nothing_is_swapped() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        write_output(&out, &[file("index.html", "old")]).unwrap();
        let staging = Staging::new(&out).unwrap();
        staging.write(file("../evil.html", "x"));
        staging.write(file("index.html", "new"));
        let err = staging.commit().unwrap_err();
        assert!(err.to_string().contains("leaves the output directory"));
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "old"
        );
        assert!(!tmp.path().join("evil.html").exists());
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
    }

    #[test]
    fn nested_files_are_counted_and_written() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let stats = write_output(
            &out,
            &[
                file("vi/a/index.html", "12"),
                file("vi/b/index.html", "345"),
                file("x.txt", "6"),
            ],
        )
        .unwrap();
        assert_eq!((stats.files, stats.bytes), (3, 6));
        assert_eq!(
            std::fs::read_to_string(out.join("vi/b/index.html")).unwrap(),
            "345"
        );
    }

    #[test]
    fn files_written_piece_by_piece_are_counted_and_contained() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let staging = Staging::new(&out).unwrap();
        staging.write(file("a.txt", "12"));
        let size = staging
            .write_with(Path::new("data/x.csv"), |w| {
                w.write_all(b"abc")?;
                w.write_all(b"def")
            })
            .unwrap();
        assert_eq!(size, 6);
        let escaping = staging.write_with(Path::new("../x.csv"), |w| w.write_all(b"x"));
        assert!(escaping.is_err());
        let failing = staging.write_with(Path::new("data/y.csv"), |_| {
            Err(io::Error::other("no more records"))
        });
        assert!(failing.unwrap_err().to_string().contains("no more records"));
        let stats = staging.commit().unwrap();
        assert_eq!((stats.files, stats.bytes), (2, 8));
        assert_eq!(
            std::fs::read_to_string(out.join("data/x.csv")).unwrap(),
            "abcdef"
        );
        assert!(!tmp.path().join("x.csv").exists());
    }

    #[test]
    fn a_streamed_file_that_fails_keeps_the_old_output() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("old.html"), "old").unwrap();
        let staging = Staging::new(&out).unwrap();
        let size = staging
            .write_streamed(Path::new("data/x.json"), &mut |w| w.write_all(b"[]"))
            .unwrap();
        assert_eq!(size, 2);
        let failing = staging.write_streamed(Path::new("data/y.json"), &mut |_| {
            Err(io::Error::other("disk full"))
        });
        assert!(failing.unwrap_err().to_string().contains("disk full"));
        // Later files are not written, and the swap does not happen.
        assert!(
            staging
                .write_streamed(Path::new("data/z.json"), &mut |w| w.write_all(b"[]"))
                .is_err()
        );
        let error = staging.commit().unwrap_err();
        assert!(error.to_string().contains("disk full"), "{error}");
        assert_eq!(
            std::fs::read_to_string(out.join("old.html")).unwrap(),
            "old"
        );
        assert!(!out.join("data").exists());
    }
    #[cfg(unix)]
    #[test]
    fn dot_dot_after_a_link_goes_to_the_parent_of_its_target() {
        let tmp = tempfile::tempdir().unwrap();
        let base = tmp.path().canonicalize().unwrap();
        std::fs::create_dir_all(base.join("a/b")).unwrap();
        std::os::unix::fs::symlink(base.join("a/b"), base.join("link")).unwrap();
        let r = resolve(&base.join("link/../new/./x/")).unwrap();
        assert_eq!(r.path, base.join("a/new/x"));
        assert_eq!(r.kind, Found::Missing);
        let r = resolve(&base.join("link")).unwrap();
        assert_eq!((r.path, r.kind), (base.join("link"), Found::Symlink));
        let r = resolve(&base.join("gone/../a")).unwrap();
        assert_eq!((r.path, r.kind), (base.join("a"), Found::Dir));
        let r = resolve(&base.join("gone/deeper/../../link")).unwrap();
        assert_eq!((r.path, r.kind), (base.join("link"), Found::Symlink));
        let r = resolve(&base.join("gone/deeper/..")).unwrap();
        assert_eq!((r.path, r.kind), (base.join("gone"), Found::Missing));
    }

    /// A theme folder that site.yaml names, wherever it is, is a source like content/.
    #[test]
    fn refuses_an_output_in_or_around_a_theme_folder_elsewhere() {
        let tmp = tempfile::tempdir().unwrap();
        let theme = tmp.path().join("shared/theme");
        std::fs::create_dir_all(theme.join("templates")).unwrap();
        let check = |out: &Path| {
            let real = resolve(out).unwrap().path;
            check_source_folder(
                out,
                &real,
                &theme,
                "themes/shared/",
                "holds the theme the site uses",
            )
        };
        let inside = check(&theme.join("templates/x")).unwrap_err();
        assert!(
            inside
                .to_string()
                .contains("inside themes/shared/, which holds the theme"),
            "{inside}"
        );
        let same = check(&tmp.path().join("shared/./theme/")).unwrap_err();
        assert!(
            same.to_string().contains("is the folder themes/shared/"),
            "{same}"
        );
        let around = check(&tmp.path().join("shared")).unwrap_err();
        assert!(
            around.to_string().contains("holds themes/shared/"),
            "{around}"
        );
        assert!(check(&tmp.path().join("public")).is_ok());
        assert!(check(&tmp.path().join("shared/other")).is_ok());
    }

    #[test]
    fn refuses_to_replace_the_sources() {
        let tmp = tempfile::tempdir().unwrap();
        assert!(check_output_dir(tmp.path(), tmp.path()).is_err());
        assert!(check_output_dir(&tmp.path().join("site"), tmp.path()).is_err());
        assert!(check_output_dir(tmp.path(), &tmp.path().join("public")).is_ok());
    }
}
