//! How the preview keeps its output in memory: every file compressed with zstd, the pages
//! of each language against one dictionary made of that language's own pages.
//!
//! A national site's output is over a gigabyte as it is (1.25 GB at 10,000 procedures, 64,514
//! files). Compressed one by one with zstd it takes 270 MB: each page is small, and most of it
//! is the header, menu and footer that every page repeats, which a compressor working on one
//! page cannot know. Compressed against a dictionary of a few dozen pages of the same site and
//! language, the whole output takes 91 MB: the repeated parts become references into the
//! dictionary. zstd accepts any bytes as a dictionary ("raw content"), so no training
//! is needed, and it compresses small inputs at several hundred megabytes a second on each
//! rendering thread. The open data, hundreds of MB of it, is compressed as it is written and
//! never held whole ([`publish::Sink::write`]).
//!
//! Each language's dictionary is made once, from its first pages in the first build, and kept
//! for the life of the server, so that the same bytes always compress the same way: two files
//! compressed against the same dictionary are equal exactly when their compressed forms are
//! (and files compressed against different ones are compared by their bytes).

use bytes::Bytes;
use diagnostics::display_path;
use std::collections::BTreeMap;
use std::io;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError, RwLock};

/// zstd's level: its fastest standard one; a higher level saves a few percent more.
const LEVEL: i32 = 1;
/// How many pages are held as they are, at the start of the first build, to choose the
/// dictionary from (about 5 MB of a large site's pages).
const SAMPLE_FILES: usize = 256;
/// The dictionary's size at most: a few dozen pages.
const DICTIONARY_BYTES: usize = 192 * 1024;

/// The dictionaries the pages of one preview are compressed against: one per language, since
/// a page shares far more with the pages of its own language (menu, labels, the names the
/// lists repeat) than with those of another (Japanese pages take a quarter of the space
/// against Japanese pages that they take against Vietnamese ones). Other files (search index,
/// open data, feeds) share little with the pages and are compressed on their own.
pub struct Store {
    /// By the first segment of the page's path (the language); "" for the pages at the root.
    codecs: RwLock<BTreeMap<String, Arc<Codec>>>,
    plain: Arc<Codec>,
    /// The one dictionary of every page, when given ([`Store::with_dictionary`]).
    every_page: Option<Arc<Codec>>,
}

struct Codec {
    encoder: zstd::dict::EncoderDictionary<'static>,
    decoder: zstd::dict::DecoderDictionary<'static>,
    dictionary_len: usize,
}

impl Codec {
    fn new(dictionary: &[u8]) -> Self {
        Codec {
            encoder: zstd::dict::EncoderDictionary::copy(dictionary, LEVEL),
            decoder: zstd::dict::DecoderDictionary::copy(dictionary),
            dictionary_len: dictionary.len(),
        }
    }

    /// Compress what `write` writes, as it writes it: the file is never held whole.
    fn compress_stream(
        self: &Arc<Self>,
        write: &mut dyn FnMut(&mut dyn io::Write) -> io::Result<()>,
    ) -> io::Result<(Stored, u64)> {
        let mut encoder =
            zstd::stream::Encoder::with_prepared_dictionary(Vec::new(), &self.encoder)?;
        let mut counted = Counted {
            inner: &mut encoder,
            len: 0,
        };
        write(&mut counted)?;
        let len = counted.len;
        let frame = encoder.finish()?;
        let mut data = Vec::with_capacity(frame.len() + 8);
        data.extend_from_slice(&len.to_le_bytes());
        data.extend_from_slice(&frame);
        let stored = Stored {
            data: Bytes::from(data),
            codec: self.clone(),
        };
        Ok((stored, len))
    }

    fn compress(self: &Arc<Self>, bytes: &[u8]) -> Stored {
        let mut compressor = zstd::bulk::Compressor::with_prepared_dictionary(&self.encoder)
            .expect("zstd makes a compression context");
        let compressed = compressor
            .compress(bytes)
            .expect("zstd compresses any input held in memory");
        // Exactly as long as it needs to be: `Bytes` keeps a vector's whole allocation, and a
        // guess at the compressed size left 64,000 pages holding 170 MB of spare capacity.
        let mut data = Vec::with_capacity(8 + compressed.len());
        data.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
        data.extend_from_slice(&compressed);
        Stored {
            data: Bytes::from(data),
            codec: self.clone(),
        }
    }
}

impl Default for Store {
    fn default() -> Self {
        Store::new()
    }
}

impl Store {
    /// A store whose dictionaries are chosen from the first pages it is given (see
    /// [`Gathered`]).
    pub fn new() -> Self {
        Store {
            codecs: RwLock::default(),
            plain: Arc::new(Codec::new(&[])),
            every_page: None,
        }
    }

    /// A store with this dictionary for the pages of every language (none: an empty one),
    /// chosen from no samples.
    pub fn with_dictionary(dictionary: &[u8]) -> Self {
        Store {
            codecs: RwLock::default(),
            plain: Arc::new(Codec::new(&[])),
            every_page: Some(Arc::new(Codec::new(dictionary))),
        }
    }

    /// Compress the file at `path`: a page against its language's dictionary (none if it was not
    /// chosen yet), any other file on its own.
    pub fn store(&self, path: &str, bytes: &[u8]) -> Stored {
        self.codec_for(path).compress(bytes)
    }

    fn codec_for(&self, path: &str) -> Arc<Codec> {
        if !is_page(path) {
            return self.plain.clone();
        }
        if let Some(codec) = &self.every_page {
            return codec.clone();
        }
        self.read_codecs()
            .get(page_group(path))
            .unwrap_or(&self.plain)
            .clone()
    }

    fn has_codec(&self, group: &str) -> bool {
        self.every_page.is_some() || self.read_codecs().contains_key(group)
    }

    /// The size in bytes of the dictionaries chosen so far, in all.
    pub fn dictionary_len(&self) -> usize {
        self.read_codecs().values().map(|c| c.dictionary_len).sum()
    }

    fn read_codecs(&self) -> std::sync::RwLockReadGuard<'_, BTreeMap<String, Arc<Codec>>> {
        self.codecs.read().unwrap_or_else(PoisonError::into_inner)
    }

    fn write_codecs(&self) -> std::sync::RwLockWriteGuard<'_, BTreeMap<String, Arc<Codec>>> {
        self.codecs.write().unwrap_or_else(PoisonError::into_inner)
    }

    /// Choose the dictionary of `group` from `samples` (path and bytes, pages of that group):
    /// one page of each kind of page (the path segments below the language), the pages of the
    /// same kind in turn after that, until the dictionary is full. zstd finds matches in the
    /// latest bytes of a dictionary first, so the pages seen most often (record pages) go last.
    /// A dictionary once chosen stays.
    fn choose(&self, group: &str, samples: &[(String, Vec<u8>)]) {
        if self.has_codec(group) {
            return;
        }
        let mut classes: Vec<(String, Vec<&[u8]>)> = Vec::new();
        for (path, bytes) in samples {
            let class = page_class(path);
            match classes.iter_mut().find(|(c, _)| *c == class) {
                Some((_, pages)) => pages.push(bytes),
                None => classes.push((class, vec![bytes])),
            }
        }
        // Classes with few pages (home, lists) first, then the many record pages.
        classes.sort_by_key(|(class, pages)| (pages.len(), class.clone()));
        let mut chosen: Vec<&[u8]> = Vec::new();
        let mut len = 0;
        for round in 0.. {
            let mut any = false;
            for (_, pages) in &classes {
                if let Some(page) = pages.get(round) {
                    any = true;
                    if len + page.len() <= DICTIONARY_BYTES {
                        len += page.len();
                        chosen.push(page);
                    }
                }
            }
            if !any || len >= DICTIONARY_BYTES {
                break;
            }
        }
        let codec = Arc::new(Codec::new(&chosen.concat()));
        self.write_codecs().entry(group.to_owned()).or_insert(codec);
    }
}

fn is_page(path: &str) -> bool {
    path.ends_with(".html")
}

/// The language of a page (the first segment of its path), or "" for the pages at the root.
fn page_group(path: &str) -> &str {
    path.split_once('/').map_or("", |(first, _)| first)
}

/// `vi/procedures/1.000002/index.html` → `vi/procedures`; `vi/index.html` → `vi`.
fn page_class(path: &str) -> String {
    let segments: Vec<&str> = path.split('/').collect();
    let keep = segments.len().saturating_sub(2).clamp(1, 2);
    segments[..keep.min(segments.len())].join("/")
}

/// A writer that counts what goes through it.
struct Counted<'w> {
    inner: &'w mut dyn io::Write,
    len: u64,
}

impl io::Write for Counted<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.len += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// An output file as the preview keeps it: compressed by its [`Store`].
#[derive(Clone)]
pub struct Stored {
    /// The original length (8 bytes, little-endian), then the zstd frame.
    data: Bytes,
    codec: Arc<Codec>,
}

impl Stored {
    /// The file's bytes.
    pub fn bytes(&self) -> Vec<u8> {
        let (len, frame) = self.data.split_at(8);
        let len = u64::from_le_bytes(len.try_into().expect("8 bytes")) as usize;
        let mut decompressor =
            zstd::bulk::Decompressor::with_prepared_dictionary(&self.codec.decoder)
                .expect("zstd makes a decompression context");
        decompressor
            .decompress(frame, len)
            .expect("the preview decompresses only what it compressed")
    }

    /// The compressed size, in bytes.
    pub fn stored_len(&self) -> usize {
        self.data.len()
    }
}

impl PartialEq for Stored {
    fn eq(&self, other: &Self) -> bool {
        if Arc::ptr_eq(&self.codec, &other.codec) {
            self.data == other.data
        } else {
            self.bytes() == other.bytes()
        }
    }
}

impl Eq for Stored {}

impl std::fmt::Debug for Stored {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Stored({} bytes compressed)", self.data.len())
    }
}

impl publish::Sink for Gathered<'_> {
    fn emit(&self, file: output::OutputFile) {
        self.emit_file(file);
    }

    /// Large files that are not pages (the open data) are compressed as they are written.
    fn write(
        &self,
        path: PathBuf,
        write: &mut dyn FnMut(&mut dyn io::Write) -> io::Result<()>,
    ) -> io::Result<u64> {
        let path = display_path(&path);
        if is_page(&path) {
            let mut bytes = Vec::new();
            write(&mut bytes)?;
            let len = bytes.len() as u64;
            self.emit_file(output::OutputFile {
                path: path.into(),
                bytes,
            });
            return Ok(len);
        }
        let (stored, len) = self.store.plain.compress_stream(write)?;
        self.lock_files().push((path, stored));
        Ok(len)
    }
}

/// A page's path and bytes.
type Sample = (String, Vec<u8>);

/// Files as the rendering threads hand them over, by output path, compressed on those threads.
/// While the store has no dictionary for a language yet, the first [`SAMPLE_FILES`] pages of
/// that language are held as they are, its dictionary is chosen from them, and they are
/// compressed with the rest.
pub(crate) struct Gathered<'s> {
    store: &'s Store,
    files: Mutex<Vec<(String, Stored)>>,
    /// Pages held as they are, by language, to choose its dictionary from.
    samples: Mutex<BTreeMap<String, Vec<Sample>>>,
}

impl<'s> Gathered<'s> {
    pub(crate) fn new(store: &'s Store) -> Self {
        Gathered {
            store,
            files: Mutex::default(),
            samples: Mutex::default(),
        }
    }

    fn emit_file(&self, file: output::OutputFile) {
        let path = display_path(&file.path);
        let group = page_group(&path);
        if is_page(&path) && !self.store.has_codec(group) {
            let mut samples = self.samples.lock().unwrap_or_else(PoisonError::into_inner);
            if !self.store.has_codec(group) {
                let group = group.to_owned();
                let pending = samples.entry(group.clone()).or_default();
                pending.push((path, file.bytes));
                if pending.len() >= SAMPLE_FILES {
                    let pending = samples.remove(&group).unwrap_or_default();
                    drop(samples);
                    self.choose_now(&group, pending);
                }
                return;
            }
        }
        let stored = self.store.store(&path, &file.bytes);
        let entry = (path, stored);
        drop(file);
        self.lock_files().push(entry);
    }

    fn choose_now(&self, group: &str, samples: Vec<(String, Vec<u8>)>) {
        self.store.choose(group, &samples);
        let stored: Vec<(String, Stored)> = samples
            .into_iter()
            .map(|(path, bytes)| {
                let stored = self.store.store(&path, &bytes);
                (path, stored)
            })
            .collect();
        self.lock_files().extend(stored);
    }

    fn lock_files(&self) -> std::sync::MutexGuard<'_, Vec<(String, Stored)>> {
        self.files.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub(crate) fn into_files(self) -> Vec<(String, Stored)> {
        let samples =
            std::mem::take(&mut *self.samples.lock().unwrap_or_else(PoisonError::into_inner));
        for (group, pending) in samples {
            self.choose_now(&group, pending);
        }
        self.files
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_file_gives_its_bytes_back_and_compares_by_them() {
        let store = Store::with_dictionary(b"");
        let page = "<li>Cấp hộ chiếu</li>".repeat(500).into_bytes();
        let stored = store.store("a.html", &page);
        assert_eq!(stored.bytes(), page);
        assert!(stored.stored_len() < page.len() / 10, "{stored:?}");
        assert_eq!(stored, store.store("a.html", &page));
        let mut other = page.clone();
        other[7] = b'c';
        assert_ne!(stored, store.store("a.html", &other));
        assert_eq!(store.store("a.html", b"").bytes(), b"");
    }

    #[test]
    fn files_of_two_stores_compare_by_their_bytes() {
        let page = b"<p>Tra cuu thu tuc</p>".repeat(20);
        let a = Store::with_dictionary(b"");
        let b = Store::with_dictionary(b"<p>Tra cuu thu tuc</p>");
        assert_ne!(a.store("a.html", &page).data, b.store("a.html", &page).data);
        assert_eq!(a.store("a.html", &page), b.store("a.html", &page));
        assert_ne!(a.store("a.html", &page), b.store("a.html", b"<p>other</p>"));
    }

    fn page(lang: &str, n: usize) -> (String, Vec<u8>) {
        let chrome = format!(
            "<!doctype html><html lang=\"{lang}\"><head><title>Sở Ngoại vụ</title></head>\
             <body><nav>{}</nav><main>",
            "<a href=\"/menu/\">Thủ tục hành chính</a>".repeat(40)
        );
        let body = format!("<h1>Thủ tục {n}</h1><p>Mã {n:06}</p></main></body></html>");
        (
            format!("{lang}/procedures/1.{n:06}/index.html"),
            format!("{chrome}{body}").into_bytes(),
        )
    }

    #[test]
    fn the_dictionary_comes_from_the_first_pages_and_shrinks_the_rest() {
        let store = Store::new();
        let gathered = Gathered::new(&store);
        // The search index comes before the pages, in more files than the sample holds.
        let index: Vec<(String, Vec<u8>)> = (0..SAMPLE_FILES + 1)
            .map(|n| (format!("vi/search/{n}.json"), format!("[{n}]").into_bytes()))
            .collect();
        let pages: Vec<(String, Vec<u8>)> = (0..SAMPLE_FILES + 50).map(|n| page("vi", n)).collect();
        let pages: Vec<(String, Vec<u8>)> = index.into_iter().chain(pages).collect();
        for (path, bytes) in &pages {
            publish::Sink::emit(
                &gathered,
                output::OutputFile {
                    path: path.into(),
                    bytes: bytes.clone(),
                },
            );
        }
        assert!(store.dictionary_len() > 0);
        let files = gathered.into_files();
        assert_eq!(files.len(), pages.len());
        let plain = Store::with_dictionary(b"");
        for (path, stored) in &files {
            let (_, bytes) = pages.iter().find(|(p, _)| p == path).unwrap();
            assert_eq!(&stored.bytes(), bytes, "{path}");
            if !is_page(path) {
                continue;
            }
            assert!(
                stored.stored_len() * 3 < plain.store(path, bytes).stored_len(),
                "{path}: {} with the dictionary, {} without",
                stored.stored_len(),
                plain.store(path, bytes).stored_len()
            );
        }
    }

    #[test]
    fn each_language_gets_a_dictionary_of_its_own_pages() {
        let store = Store::new();
        let gathered = Gathered::new(&store);
        let pages: Vec<(String, Vec<u8>)> = (0..SAMPLE_FILES + 10)
            .map(|n| page("vi", n))
            .chain((0..5).map(|n| page("ja", n)))
            .collect();
        for (path, bytes) in &pages {
            publish::Sink::emit(
                &gathered,
                output::OutputFile {
                    path: path.into(),
                    bytes: bytes.clone(),
                },
            );
        }
        let files = gathered.into_files();
        assert_eq!(files.len(), pages.len());
        let codecs = store.read_codecs();
        assert_eq!(codecs.keys().collect::<Vec<_>>(), ["ja", "vi"]);
        assert!(!Arc::ptr_eq(&codecs["ja"], &codecs["vi"]));
        drop(codecs);
        for (path, stored) in &files {
            let (_, bytes) = pages.iter().find(|(p, _)| p == path).unwrap();
            assert_eq!(&stored.bytes(), bytes, "{path}");
            let group = page_group(path);
            assert!(
                Arc::ptr_eq(&stored.codec, &store.read_codecs()[group]),
                "{path}"
            );
        }
    }

    #[test]
    fn a_build_smaller_than_the_sample_still_gets_a_dictionary() {
        let store = Store::new();
        let gathered = Gathered::new(&store);
        let (path, bytes) = page("en", 1);
        publish::Sink::emit(
            &gathered,
            output::OutputFile {
                path: path.clone().into(),
                bytes: bytes.clone(),
            },
        );
        let files = gathered.into_files();
        assert_eq!(files, vec![(path, files[0].1.clone())]);
        assert_eq!(files[0].1.bytes(), bytes);
        assert!(store.dictionary_len() > 0);
    }
}
