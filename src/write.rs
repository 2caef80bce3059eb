//! Stage 5, **write**: put the rendered files on disk so that readers never see half a site.
//!
//! Files are written into a fresh directory beside the output, and only when every file is written
//! is it swapped in place of the old output. A build that fails at any stage leaves the previous
//! output exactly as it was.

use crate::plan::is_contained;
use crate::render::OutputFile;
use rayon::prelude::*;
use std::collections::HashSet;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("refusing to write to {path}: {reason}")]
    Refused { path: PathBuf, reason: String },
    #[error("cannot write {path}: {source}")]
    Io { path: PathBuf, source: io::Error },
}

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> WriteError + '_ {
    move |source| WriteError::Io {
        path: path.to_owned(),
        source,
    }
}

/// What was written.
#[derive(Debug, Clone, Copy, Default)]
pub struct WriteStats {
    pub files: usize,
    pub bytes: u64,
}

/// Check that `output` can be replaced without harming the site's sources.
pub fn check_output_dir(root: &Path, output: &Path) -> Result<(), WriteError> {
    let refuse = |reason: &str| {
        Err(WriteError::Refused {
            path: output.to_owned(),
            reason: reason.to_owned(),
        })
    };
    let abs = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_owned());
    let (root, out) = (abs(root), abs(output));
    if out.parent().is_none() {
        return refuse("it is the file-system root");
    }
    if root.starts_with(&out) {
        return refuse("it contains the site's sources; choose a folder such as public/");
    }
    if out.join("content").join("site.yaml").exists() {
        return refuse("it holds a minhbach site");
    }
    Ok(())
}

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
    output: PathBuf,
    dir: PathBuf,
    retired: PathBuf,
    /// Directories below `dir` known to exist, to spare a `mkdir` per file.
    made_dirs: Mutex<HashSet<PathBuf>>,
    files: AtomicUsize,
    bytes: AtomicU64,
    /// The first failure; files handed in after it are not written.
    error: Mutex<Option<WriteError>>,
    committed: bool,
}

impl Staging {
    /// Start a new output for `output`, in a fresh directory beside it.
    pub fn new(output: &Path) -> Result<Self, WriteError> {
        let parent = match output.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent).map_err(io_err(&parent))?;
        let name = output
            .file_name()
            .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
        let dir = parent.join(format!(".{name}.new-{}", std::process::id()));
        let retired = parent.join(format!(".{name}.old-{}", std::process::id()));
        for leftover in [&dir, &retired] {
            if leftover.exists() {
                std::fs::remove_dir_all(leftover).map_err(io_err(leftover))?;
            }
        }
        std::fs::create_dir_all(&dir).map_err(io_err(&dir))?;
        Ok(Staging {
            output: output.to_owned(),
            dir,
            retired,
            made_dirs: Mutex::new(HashSet::new()),
            files: AtomicUsize::new(0),
            bytes: AtomicU64::new(0),
            error: Mutex::new(None),
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
        let file = std::fs::File::create(&full).map_err(io_err(&full))?;
        let mut counted = Counting {
            inner: file,
            bytes: 0,
        };
        write(&mut counted).map_err(io_err(&full))?;
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(counted.bytes, Ordering::Relaxed);
        Ok(counted.bytes)
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

    /// Swap the new output in place of the old one, unless a write failed.
    pub fn commit(mut self) -> Result<WriteStats, WriteError> {
        if let Some(e) = lock(&self.error).take() {
            return Err(e);
        }
        if self.output.exists() {
            std::fs::rename(&self.output, &self.retired).map_err(io_err(&self.output))?;
        }
        if let Err(e) = std::fs::rename(&self.dir, &self.output) {
            // Put the old output back rather than leave nothing.
            let _ = std::fs::rename(&self.retired, &self.output);
            return Err(io_err(&self.output)(e));
        }
        self.committed = true;
        // The old tree is no longer visible; failing to delete it only wastes space.
        remove_tree(&self.retired);
        Ok(WriteStats {
            files: self.files.load(Ordering::Relaxed),
            bytes: self.bytes.load(Ordering::Relaxed),
        })
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
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

/// Delete a directory tree, its top-level entries in parallel: deleting tens of thousands of
/// files is mostly system calls, and this halves its time on two cores.
fn remove_tree(dir: &Path) {
    if let Ok(entries) = std::fs::read_dir(dir) {
        let entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        entries.par_iter().for_each(|path| {
            if path.is_dir() {
                // Below the top level, the language folders hold most of the files.
                if let Ok(inner) = std::fs::read_dir(path) {
                    let inner: Vec<PathBuf> =
                        inner.filter_map(|e| e.ok().map(|e| e.path())).collect();
                    inner.par_iter().for_each(|p| {
                        let _ = if p.is_dir() {
                            std::fs::remove_dir_all(p)
                        } else {
                            std::fs::remove_file(p)
                        };
                    });
                }
            }
            let _ = if path.is_dir() {
                std::fs::remove_dir_all(path)
            } else {
                std::fs::remove_file(path)
            };
        });
    }
    let _ = std::fs::remove_dir_all(dir);
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
    fn refuses_to_replace_the_sources() {
        let tmp = tempfile::tempdir().unwrap();
        assert!(check_output_dir(tmp.path(), tmp.path()).is_err());
        assert!(check_output_dir(&tmp.path().join("site"), tmp.path()).is_err());
        assert!(check_output_dir(tmp.path(), &tmp.path().join("public")).is_ok());
    }
}
