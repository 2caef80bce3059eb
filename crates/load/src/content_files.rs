//! The files to download, in `content/files/`: blank forms, the text of a document. They are
//! not records. Each is published once, as it is, at `/files/<name>`; a dossier item's `form`
//! and a document's `file` link it (`files/<name>`).
//!
//! Loading walks the folder (no sub-folders, no links), and keeps of each file its size, its
//! SHA-256 (hashed as it is read, a piece at a time: a site's files are not all held in memory)
//! and its first bytes, which `validate` compares with its extension. Which types are allowed,
//! and whether a record names a file that is there, is `validate`'s.

use crate::files;
use diagnostics::{Diagnostic, Position};
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// The folder of the files, inside `content/`; also the folder of the output they are
/// published in, and the start of every path that names one (`files/mau-don.pdf`).
pub const FILES_DIR: &str = "files";

/// How many of a file's first bytes are kept, to tell its type.
pub const HEAD_LEN: usize = 16;

/// A file in `content/files/`, as loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentFile {
    /// Its name, `mau-don.pdf`.
    pub name: String,
    /// Its path below the site root, `content/files/mau-don.pdf`.
    pub path: PathBuf,
    /// Its size in bytes.
    pub size: u64,
    /// Its SHA-256, in lower-case hexadecimal.
    pub sha256: String,
    /// Its media type, from its extension (`application/pdf`).
    pub media_type: String,
    /// Its first bytes (at most [`HEAD_LEN`]).
    pub head: Vec<u8>,
    /// When it was last modified, as the file system said when it was read: with the size,
    /// what tells the preview it need not hash the file again ([`load_files`]'s `previous`).
    pub modified: Option<SystemTime>,
}

impl ContentFile {
    /// The path that names it in a record and in the output: `files/mau-don.pdf`.
    pub fn site_path(&self) -> String {
        format!("{FILES_DIR}/{}", self.name)
    }

    /// Its extension, in lower case (`pdf`), or an empty string.
    pub fn extension(&self) -> String {
        extension(&self.name)
    }
}

/// The extension of a file name, in lower case; empty if there is none.
pub fn extension(name: &str) -> String {
    name.rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .unwrap_or_default()
}

/// The media type of a file by its name's extension (`application/pdf`), as the open data lists
/// it and a link's `type` gives it.
pub fn media_type(name: &str) -> String {
    mime_guess::from_ext(&extension(name))
        .first()
        .map_or_else(|| "application/octet-stream".to_owned(), |m| m.to_string())
}

/// The problem with a file name in `content/files/`, if any: it becomes part of an address, so
/// only lower-case ASCII letters, digits, `-`, `_` and `.`, starting with a letter or digit.
pub fn name_problem(name: &str) -> Option<(String, String)> {
    let ok = !name.is_empty()
        && name.len() <= 120
        && name.as_bytes()[0].is_ascii_alphanumeric()
        && name.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'-' | b'_' | b'.')
        });
    if ok {
        return None;
    }
    let ext = extension(name);
    let stem = name.strip_suffix(&format!(".{ext}")).unwrap_or(name);
    let suggested = slug::slugify(stem);
    Some((
        format!("the file name `{name}` cannot be part of a web address"),
        format!(
            "rename it, e.g. to `{suggested}.{ext}`: lower-case letters without accents, digits, `-`, `_` and `.`"
        ),
    ))
}

/// Read the files at `paths` (below `root`, in `content/files/`) in parallel: their sizes,
/// hashes, media types and first bytes. Each one that cannot be read, or is larger than
/// `max_size`, is a diagnostic instead. A file of `previous` (an earlier load of the same site,
/// by name) whose size and modification time are unchanged is taken from there without being
/// read again: the preview reloads the content on many edits, and would otherwise hash every
/// file each time.
pub fn load_files(
    root: &Path,
    paths: Vec<PathBuf>,
    max_size: u64,
    previous: &BTreeMap<String, ContentFile>,
) -> (Vec<ContentFile>, Vec<Diagnostic>) {
    let results: Vec<Result<ContentFile, Diagnostic>> = paths
        .into_par_iter()
        .map(|rel| {
            let unchanged = rel
                .file_name()
                .and_then(|name| previous.get(name.to_str()?))
                .filter(|old| old.path == rel && old.modified.is_some() && old.size <= max_size)
                .filter(|old| {
                    std::fs::symlink_metadata(root.join(&rel)).is_ok_and(|meta| {
                        meta.file_type().is_file()
                            && meta.len() == old.size
                            && meta.modified().ok() == old.modified
                    })
                });
            match unchanged {
                Some(old) => Ok(old.clone()),
                None => load_file(root, &rel, max_size),
            }
        })
        .collect();
    let mut loaded = Vec::new();
    let mut problems = Vec::new();
    for r in results {
        match r {
            Ok(f) => loaded.push(f),
            Err(d) => problems.push(d),
        }
    }
    (loaded, problems)
}

/// Read one file: see [`load_files`].
pub fn load_file(root: &Path, rel: &Path, max_size: u64) -> Result<ContentFile, Diagnostic> {
    let name = rel
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if let Some((message, hint)) = name_problem(&name) {
        return Err(Diagnostic::new(rel, message)
            .at(Position::new(1, 1))
            .hint(hint));
    }
    let (file, _) = files::open_file(root, rel, max_size)?;
    let modified = file.metadata().and_then(|m| m.modified()).ok();
    let mut hasher = Sha256::new();
    let mut head = Vec::with_capacity(HEAD_LEN);
    let mut size: u64 = 0;
    let mut buffer = vec![0u8; 1 << 16];
    // A file that grows while it is read stops at the limit, plus one byte to notice.
    let mut reader = file.take(max_size.saturating_add(1));
    loop {
        let n = reader
            .read(&mut buffer)
            .map_err(|e| files::cannot_read(rel, &e))?;
        if n == 0 {
            break;
        }
        let piece = &buffer[..n];
        if head.len() < HEAD_LEN {
            let take = (HEAD_LEN - head.len()).min(n);
            head.extend_from_slice(&piece[..take]);
        }
        hasher.update(piece);
        size += n as u64;
    }
    files::check_size(rel, size, max_size)?;
    let sha256 = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let media_type = media_type(&name);
    Ok(ContentFile {
        name,
        path: rel.to_owned(),
        size,
        sha256,
        media_type,
        head,
        modified,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_as_it_reads_and_keeps_the_first_bytes() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content/files")).unwrap();
        // Larger than one piece of the buffer, so the hash spans several reads.
        let bytes: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        std::fs::write(dir.path().join("content/files/a.pdf"), &bytes).unwrap();
        let f = load_file(dir.path(), Path::new("content/files/a.pdf"), 1 << 20).unwrap();
        assert_eq!(f.size, 200_000);
        assert_eq!(f.head, bytes[..HEAD_LEN]);
        let expected: String = Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(f.sha256, expected);
        assert_eq!(f.media_type, "application/pdf");
        assert_eq!(f.site_path(), "files/a.pdf");
        let big = load_file(dir.path(), Path::new("content/files/a.pdf"), 1000).unwrap_err();
        assert!(big.message.contains("more than the limit"), "{big}");
    }

    #[test]
    fn an_unchanged_file_is_not_read_again_and_a_changed_one_is() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content/files")).unwrap();
        let rel = PathBuf::from("content/files/a.pdf");
        std::fs::write(dir.path().join(&rel), b"%PDF-1 first").unwrap();
        let load = |previous: &BTreeMap<String, ContentFile>| {
            let (files, problems) = load_files(dir.path(), vec![rel.clone()], 1 << 20, previous);
            assert!(problems.is_empty());
            files.into_iter().next().unwrap()
        };
        let first = load(&BTreeMap::new());
        // A previous load that claims other contents for the same size and time: taken as it is.
        let mut claimed = first.clone();
        claimed.sha256 = "kept".to_owned();
        let previous = BTreeMap::from([("a.pdf".to_owned(), claimed)]);
        assert_eq!(load(&previous).sha256, "kept");
        // Another size: read again.
        std::fs::write(dir.path().join(&rel), b"%PDF-1 second version").unwrap();
        assert_ne!(load(&previous).sha256, "kept");
        assert_eq!(load(&previous).size, b"%PDF-1 second version".len() as u64);
    }

    #[test]
    fn names_must_fit_in_an_address() {
        assert!(name_problem("mau-don_01.pdf").is_none());
        let (message, hint) = name_problem("Mẫu đơn.pdf").unwrap();
        assert!(message.contains("Mẫu đơn.pdf"), "{message}");
        assert!(hint.contains("`mau-don.pdf`"), "{hint}");
    }
}
