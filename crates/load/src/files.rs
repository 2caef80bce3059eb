//! Reading a site's source files without ever leaving the site folder.
//!
//! Content and theme files come from people and from git checkouts, and their problems are
//! printed to CI logs and shown in the preview. A symbolic link `content/x.yaml ->
//! /proc/self/environ` must not put the build machine's environment into those messages, and a
//! named pipe must not make a build hang. So:
//!
//! * no symbolic link below the root is followed, wherever it points (also inside the root:
//!   one rule is easier to trust than a check of where a link leads, and a link inside the
//!   site only publishes a file twice); the error names the link, never its target;
//! * only regular files are opened, with `O_NOFOLLOW | O_NONBLOCK` on Unix, so that a file
//!   replaced by a link or a pipe after it was looked at is not read either;
//! * a content file larger than the site's limit is refused before it is read.

use diagnostics::{Diagnostic, display_path};
use std::fs::{File, FileType, Metadata};
use std::io::Read;
use std::path::{Component, Path, PathBuf};

pub use model::DEFAULT_MAX_FILE_SIZE;

const MIB: u64 = 1024 * 1024;

/// The error for a symbolic link at `rel` (relative to the root). The link's target is not
/// read, so it cannot leak into the message.
pub fn link_error(rel: &Path) -> Diagnostic {
    Diagnostic::new(
        rel,
        format!(
            "`{}` is a symbolic link; minhbach does not follow links in a site's folders",
            display_path(rel)
        ),
    )
    .hint("replace the link by a copy of the file or folder itself (a link could publish files from outside the site)")
}

/// The error for something at `rel` that is neither a regular file nor a folder.
fn special_error(rel: &Path, file_type: FileType) -> Diagnostic {
    Diagnostic::new(
        rel,
        format!(
            "`{}` is {}, not an ordinary file",
            display_path(rel),
            describe(file_type)
        ),
    )
    .hint("a site's folders hold only folders and ordinary files; remove it")
}

fn describe(file_type: FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a named pipe";
        }
        if file_type.is_socket() {
            return "a socket";
        }
        if file_type.is_block_device() || file_type.is_char_device() {
            return "a device";
        }
    }
    if file_type.is_symlink() {
        "a symbolic link"
    } else if file_type.is_dir() {
        "a folder"
    } else {
        "a special file"
    }
}

/// Whether an entry found by a walk that does not follow links (walkdir's default) may be
/// read: `Ok(true)` for a folder, `Ok(false)` for a regular file, the error otherwise.
pub fn check_entry(rel: &Path, file_type: FileType) -> Result<bool, Diagnostic> {
    if file_type.is_symlink() {
        Err(link_error(rel))
    } else if file_type.is_dir() {
        Ok(true)
    } else if file_type.is_file() {
        Ok(false)
    } else {
        Err(special_error(rel, file_type))
    }
}

/// Check that every component of `rel` below `root` is a real folder, not a link (a missing
/// one is `Ok(false)`: the caller says what is missing, in its own words).
pub fn check_dir(root: &Path, rel: &Path) -> Result<bool, Diagnostic> {
    let mut at = PathBuf::new();
    for component in rel.components() {
        let Component::Normal(name) = component else {
            // `..` or an absolute part would leave the root: never given by minhbach itself.
            return Err(Diagnostic::new(rel, "this path leaves the site folder")
                .hint("paths in a site are folder and file names below its root"));
        };
        at.push(name);
        match std::fs::symlink_metadata(root.join(&at)) {
            Ok(meta) if meta.file_type().is_symlink() => return Err(link_error(&at)),
            Ok(meta) if meta.is_dir() => {}
            Ok(meta) => return Err(special_error(&at, meta.file_type())),
            Err(_) => return Ok(false),
        }
    }
    Ok(true)
}

/// Open the regular file at `rel` below `root`, if it is at most `max_size` bytes, with the
/// checks of [`read_file`], to be read a piece at a time; returns it and its size when opened.
/// A caller that reads it stops at `max_size` plus one byte, and checks the size it read.
pub fn open_file(root: &Path, rel: &Path, max_size: u64) -> Result<(File, u64), Diagnostic> {
    if let Some(parent) = rel.parent() {
        check_dir(root, parent)?;
    }
    let full = root.join(rel);
    let meta = std::fs::symlink_metadata(&full).map_err(|e| cannot_read(rel, &e))?;
    check_regular(rel, &meta)?;
    check_size(rel, meta.len(), max_size)?;
    let file = open(&full).map_err(|e| cannot_read(rel, &e))?;
    // What was opened is what counts: it may have been replaced since it was looked at.
    let meta = file.metadata().map_err(|e| cannot_read(rel, &e))?;
    check_regular(rel, &meta)?;
    check_size(rel, meta.len(), max_size)?;
    Ok((file, meta.len()))
}

/// Read the regular file at `rel` below `root`, if it is at most `max_size` bytes. Every folder
/// on the way must be a real folder (see [`check_dir`]); the file itself must be a regular file.
pub fn read_file(root: &Path, rel: &Path, max_size: u64) -> Result<Vec<u8>, Diagnostic> {
    let (mut file, len) = open_file(root, rel, max_size)?;
    let mut bytes = Vec::with_capacity(len as usize);
    // A file that grows while it is read stops at the limit, plus one byte to notice.
    file.by_ref()
        .take(max_size.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| cannot_read(rel, &e))?;
    check_size(rel, bytes.len() as u64, max_size)?;
    Ok(bytes)
}

fn check_regular(rel: &Path, meta: &Metadata) -> Result<(), Diagnostic> {
    match check_entry(rel, meta.file_type()) {
        Ok(false) => Ok(()),
        Ok(true) => Err(Diagnostic::new(
            rel,
            format!("`{}` is a folder, not a file", display_path(rel)),
        )
        .hint("rename or remove the folder")),
        Err(d) => Err(d),
    }
}

/// The error for a file of `size` bytes over `max_size`, if it is.
pub fn check_size(rel: &Path, size: u64, max_size: u64) -> Result<(), Diagnostic> {
    if size <= max_size {
        return Ok(());
    }
    Err(Diagnostic::new(
        rel,
        format!(
            "the file is {}, more than the limit of {} for one file",
            megabytes(size),
            megabytes(max_size)
        ),
    )
    .hint(
        "split it into smaller records, or raise the limit in content/site.yaml, e.g. `limits: {max_file_size_mb: 20}`",
    ))
}

/// A size in MB (of 1,048,576 bytes), as the limit in site.yaml counts them.
fn megabytes(size: u64) -> String {
    if size.is_multiple_of(MIB) {
        format!("{} MB", size / MIB)
    } else {
        format!("{:.1} MB", size as f64 / MIB as f64)
    }
}

/// The error for a file that cannot be read.
pub fn cannot_read(rel: &Path, e: &std::io::Error) -> Diagnostic {
    // The error's own text names no path (std's io::Error does not), only what went wrong.
    Diagnostic::new(rel, format!("cannot read the file: {e}"))
        .hint("check that the file exists and that you may read it")
}

#[cfg(unix)]
fn open(path: &Path) -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        // Not through a link; and a pipe swapped in after the check does not block the open.
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(path)
}

#[cfg(not(unix))]
fn open(path: &Path) -> std::io::Result<File> {
    File::open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_regular_files_and_refuses_links_pipes_and_large_files() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("content/docs")).unwrap();
        std::fs::write(root.join("content/docs/a.yaml"), "a: 1\n").unwrap();
        let read = |rel: &str, max| read_file(root, Path::new(rel), max);
        assert_eq!(read("content/docs/a.yaml", 100).unwrap(), b"a: 1\n");
        let big = read("content/docs/a.yaml", 4).unwrap_err();
        assert!(big.message.contains("more than the limit"), "{big}");

        #[cfg(unix)]
        {
            std::os::unix::fs::symlink("a.yaml", root.join("content/docs/b.yaml")).unwrap();
            let d = read("content/docs/b.yaml", 100).unwrap_err();
            assert_eq!(d.file, Path::new("content/docs/b.yaml"));
            assert!(d.message.contains("symbolic link"), "{d}");
            // A linked folder on the way is refused, named by its own path.
            std::os::unix::fs::symlink("docs", root.join("content/linked")).unwrap();
            let d = read("content/linked/a.yaml", 100).unwrap_err();
            assert_eq!(d.file, Path::new("content/linked"));
            let status = std::process::Command::new("mkfifo")
                .arg(root.join("content/docs/pipe.yaml"))
                .status()
                .unwrap();
            assert!(status.success());
            let d = read("content/docs/pipe.yaml", 100).unwrap_err();
            assert!(d.message.contains("a named pipe"), "{d}");
        }
    }
}
