//! Stage 5, **write**: put the rendered files on disk so that readers never see half a site.
//!
//! Files are written into a fresh directory beside the output, and only when every file is written
//! is it swapped in place of the old output. A build that fails at any stage leaves the previous
//! output exactly as it was.

use crate::plan::is_contained;
use crate::render::OutputFile;
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::io;
use std::path::{Path, PathBuf};

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
        if !is_contained(&f.path) {
            return Err(WriteError::Refused {
                path: f.path.clone(),
                reason: "the path leaves the output directory".into(),
            });
        }
    }
    let parent = match output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(io_err(&parent))?;
    let name = output
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    let staging = parent.join(format!(".{name}.new-{}", std::process::id()));
    let retired = parent.join(format!(".{name}.old-{}", std::process::id()));
    for leftover in [&staging, &retired] {
        if leftover.exists() {
            std::fs::remove_dir_all(leftover).map_err(io_err(leftover))?;
        }
    }
    let result = write_tree(&staging, files).and_then(|stats| {
        if output.exists() {
            std::fs::rename(output, &retired).map_err(io_err(output))?;
        }
        if let Err(e) = std::fs::rename(&staging, output) {
            // Put the old output back rather than leave nothing.
            let _ = std::fs::rename(&retired, output);
            return Err(io_err(output)(e));
        }
        // The old tree is no longer visible; failing to delete it only wastes space.
        let _ = std::fs::remove_dir_all(&retired);
        Ok(stats)
    });
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&staging);
    }
    result
}

fn write_tree(dir: &Path, files: &[OutputFile]) -> Result<WriteStats, WriteError> {
    let dirs: BTreeSet<PathBuf> = files
        .iter()
        .filter_map(|f| f.path.parent().map(|p| dir.join(p)))
        .collect();
    std::fs::create_dir_all(dir).map_err(io_err(dir))?;
    for d in &dirs {
        std::fs::create_dir_all(d).map_err(io_err(d))?;
    }
    files.par_iter().try_for_each(|f| {
        let path = dir.join(&f.path);
        std::fs::write(&path, &f.bytes).map_err(io_err(&path))
    })?;
    Ok(WriteStats {
        files: files.len(),
        bytes: files.iter().map(|f| f.bytes.len() as u64).sum(),
    })
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
    fn refuses_to_replace_the_sources() {
        let tmp = tempfile::tempdir().unwrap();
        assert!(check_output_dir(tmp.path(), tmp.path()).is_err());
        assert!(check_output_dir(&tmp.path().join("site"), tmp.path()).is_err());
        assert!(check_output_dir(tmp.path(), &tmp.path().join("public")).is_ok());
    }
}
