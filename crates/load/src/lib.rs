//! Stage 1, **load**: find the content files, decode them, split Markdown front matter and
//! deserialise YAML into typed records, keeping where every value came from.
//!
//! Loading never stops at the first bad file. Each problem becomes a [`Diagnostic`] and the file is
//! left out, so that the validate stage can still check everything else in the same run.

pub mod content_files;
pub mod files;
pub mod screen;
pub mod spans;
mod yaml_errors;

pub use yaml_errors::explain as explain_yaml_error;

use diagnostics::{Diagnostic, Diagnostics, Position};
use model::{
    Channel, Document, Index, NewsMeta, PageMeta, Procedure, Record, ReportMeta,
    ReportTranslationMeta, SiteConfig, TitleSummaryTranslation, TranslationMeta, Unit,
};
use rayon::prelude::*;
use serde::de::DeserializeOwned;
use spans::LazySpanIndex;
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use walkdir::WalkDir;

/// The folder under the site root that holds the content.
pub const CONTENT_DIR: &str = "content";
/// The site configuration, inside [`CONTENT_DIR`].
pub const SITE_FILE: &str = "site.yaml";

pub use content_files::{ContentFile, FILES_DIR};
pub use kind::Kind;

/// A content file, as read from disk: its text lives only while the file is parsed.
#[derive(Debug)]
pub struct SourceFile {
    /// Path relative to the site root (`content/procedures/2.002311.yaml`).
    pub path: PathBuf,
    pub text: String,
}

/// The file a record was parsed from, kept after its text is dropped.
///
/// A large site's source text is hundreds of MB, and after parsing only diagnostics need it:
/// they read the file again ([`SourceOrigin::text`]). The fingerprint tells whether the file
/// still holds what was parsed, and lets `serve` see which files changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceOrigin {
    /// Path relative to the site root (`content/procedures/2.002311.yaml`).
    pub path: PathBuf,
    /// The site root, to read it again from.
    root: PathBuf,
    fingerprint: Fingerprint,
}

/// The length and a 64-bit hash of a file's text. The hash is rustc-hash's: the same for the
/// same bytes, which is all that comparisons between two loads of one `serve` session need (it
/// is never stored or shown), and several times faster than std's SipHash over the hundreds of
/// MB of a national portal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Fingerprint {
    len: usize,
    hash: u64,
}

impl Fingerprint {
    fn of(text: &str) -> Self {
        use std::hash::Hasher;
        let mut hasher = rustc_hash::FxHasher::default();
        hasher.write(text.as_bytes());
        Fingerprint {
            len: text.len(),
            hash: hasher.finish(),
        }
    }
}

impl SourceOrigin {
    /// The origin of `file`, read from under `root`.
    pub fn of(root: &Path, file: &SourceFile) -> Self {
        SourceOrigin {
            path: file.path.clone(),
            root: root.to_owned(),
            fingerprint: Fingerprint::of(&file.text),
        }
    }

    /// The file's text, read again; `None` if the file can no longer be read or no longer holds
    /// the text that was parsed (positions found in other text would point at the wrong place).
    pub fn text(&self) -> Option<String> {
        // Read the same careful way as the first time: the file may be a link by now. A
        // byte-order mark, dropped from the fingerprinted text, may add three bytes.
        let max = self.fingerprint.len as u64 + 3;
        let bytes = files::read_file(&self.root, &self.path, max).ok()?;
        let text = without_bom(String::from_utf8(bytes).ok()?);
        (Fingerprint::of(&text) == self.fingerprint).then_some(text)
    }

    /// Whether two loads read the same text from the same path.
    pub fn same_content(&self, other: &SourceOrigin) -> bool {
        self.path == other.path && self.fingerprint == other.fingerprint
    }
}

/// A deserialised YAML document with the positions of its values.
#[derive(Debug, Clone)]
pub struct Parsed<T> {
    pub id: String,
    pub file: Arc<SourceOrigin>,
    /// Where the values sit in `file`, indexed on the first diagnostic that asks.
    pub spans: LazySpanIndex,
    pub data: T,
}

impl<T> Parsed<T> {
    /// A diagnostic pointing at the value at `path` (e.g. `legal_basis[1]`).
    pub fn error_at(&self, path: &str, message: impl Into<String>) -> Diagnostic {
        self.located(message, |index| index.value(path))
    }

    /// A diagnostic pointing at the key of `path` (for a misplaced language code, say).
    pub fn error_at_key(&self, path: &str, message: impl Into<String>) -> Diagnostic {
        self.located(message, |index| index.key(path))
    }

    /// A diagnostic at the position `find` gives, with the source line under it. The file is
    /// read again for both; if it changed since it was parsed, the diagnostic has a position
    /// only if the file's positions were indexed before the change, and no source line.
    fn located(
        &self,
        message: impl Into<String>,
        find: impl FnOnce(&spans::SpanIndex) -> Option<Position>,
    ) -> Diagnostic {
        let mut d = Diagnostic::new(&self.file.path, message);
        let text = self.file.text();
        if let Some(pos) = self.spans.get(text.as_deref()).and_then(find) {
            d = d.at(pos);
            if let Some(text) = &text {
                d = d.with_source(text);
            }
        }
        d
    }
}

/// A Markdown body and the line of its file it starts on.
#[derive(Debug, Clone)]
pub struct MarkdownBody {
    pub markdown: String,
    pub first_line: usize,
    pub file: Arc<SourceOrigin>,
}

impl MarkdownBody {
    /// Whether the body says nothing: white space and HTML comments only (`minhbach new` leaves
    /// `<!-- The translated text … -->` in a translation file). A language whose body is blank
    /// shows the default language's, and is not counted as translated.
    pub fn is_blank(&self) -> bool {
        let mut rest = self.markdown.trim_start();
        while let Some(after) = rest.strip_prefix("<!--") {
            match after.find("-->") {
                Some(end) => rest = after[end + 3..].trim_start(),
                None => return false,
            }
        }
        rest.is_empty()
    }
}

/// A translation file of a Markdown record (`name.en.md`): the texts its front matter gives,
/// and its body.
#[derive(Debug, Clone)]
pub struct MarkdownTranslation<T> {
    pub meta: Parsed<T>,
    pub body: MarkdownBody,
}

/// A record of a Markdown kind: the default-language file (front matter `M`, body) and its
/// translations (front matter `T`) by language code.
#[derive(Debug, Clone)]
pub struct MarkdownSource<M, T> {
    pub meta: Parsed<M>,
    pub body: MarkdownBody,
    pub translations: BTreeMap<String, MarkdownTranslation<T>>,
}

/// A report and its translations.
pub type ReportSource = MarkdownSource<ReportMeta, ReportTranslationMeta>;
/// A report translation file.
pub type ReportTranslation = MarkdownTranslation<ReportTranslationMeta>;
/// A page and its translations.
pub type PageSource = MarkdownSource<PageMeta, TitleSummaryTranslation>;
/// A news item and its translations.
pub type NewsSource = MarkdownSource<NewsMeta, TitleSummaryTranslation>;

/// Everything that loaded, in file-name order.
#[derive(Debug, Clone)]
pub struct LoadedSite {
    pub root: PathBuf,
    pub config: Parsed<SiteConfig>,
    pub procedures: Vec<Parsed<Procedure>>,
    pub internal_procedures: Vec<Parsed<Procedure>>,
    pub channels: Vec<Parsed<Channel>>,
    pub reports: Vec<ReportSource>,
    pub indices: Vec<Parsed<Index>>,
    pub documents: Vec<Parsed<Document>>,
    pub pages: Vec<PageSource>,
    pub news: Vec<NewsSource>,
    pub units: Vec<Parsed<Unit>>,
    /// The files to download in `content/files/`, by name (`mau-don.pdf`).
    pub files: Arc<BTreeMap<String, ContentFile>>,
}

/// The records of one kind, whatever their type: what [`LoadedSite::records`] gives, so that a
/// stage can go through every kind in one loop (`for kind in Kind::ALL`).
pub trait RecordList: Sync {
    fn len(&self) -> usize;
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// The id of the `i`-th record: its file name without extension or language.
    fn id(&self, i: usize) -> &str;
    /// Its data.
    fn data(&self, i: usize) -> &dyn Record;
    /// Its main file (the default language's, for a kind with a file a translation).
    fn file(&self, i: usize) -> &Arc<SourceOrigin>;
    /// Its main file, then its translation files, in language order.
    fn files(&self, i: usize) -> Vec<Arc<SourceOrigin>> {
        vec![self.file(i).clone()]
    }
    /// The text that the `i`-th record's translation file for `lang` gives for its field
    /// `field`, for a kind with a file a translation; it wins over the main file's.
    fn translated(&self, i: usize, lang: &str, field: &str) -> Option<&str> {
        let _ = (i, lang, field);
        None
    }
    /// The Markdown bodies of the `i`-th record of a Markdown kind, by language: the main
    /// file's (in `default`) and its translations'. None for other kinds.
    fn bodies<'a>(&'a self, i: usize, default: &'a str) -> Vec<(&'a str, &'a MarkdownBody)> {
        let _ = (i, default);
        Vec::new()
    }
    /// A diagnostic at the value at `path` in its main file ([`Parsed::error_at`]).
    fn error_at(&self, i: usize, path: &str, message: String) -> Diagnostic;
    /// A diagnostic at the key of `path` in its main file ([`Parsed::error_at_key`]).
    fn error_at_key(&self, i: usize, path: &str, message: String) -> Diagnostic;
}

impl<T: Record> RecordList for Vec<Parsed<T>> {
    fn len(&self) -> usize {
        self.as_slice().len()
    }
    fn id(&self, i: usize) -> &str {
        &self[i].id
    }
    fn data(&self, i: usize) -> &dyn Record {
        &self[i].data
    }
    fn file(&self, i: usize) -> &Arc<SourceOrigin> {
        &self[i].file
    }
    fn error_at(&self, i: usize, path: &str, message: String) -> Diagnostic {
        self[i].error_at(path, message)
    }
    fn error_at_key(&self, i: usize, path: &str, message: String) -> Diagnostic {
        self[i].error_at_key(path, message)
    }
}

impl<M: Record, T: TranslationMeta> RecordList for Vec<MarkdownSource<M, T>> {
    fn len(&self) -> usize {
        self.as_slice().len()
    }
    fn id(&self, i: usize) -> &str {
        &self[i].meta.id
    }
    fn data(&self, i: usize) -> &dyn Record {
        &self[i].meta.data
    }
    fn file(&self, i: usize) -> &Arc<SourceOrigin> {
        &self[i].meta.file
    }
    fn translated(&self, i: usize, lang: &str, field: &str) -> Option<&str> {
        self[i].translations.get(lang)?.meta.data.text_of(field)
    }
    fn bodies<'a>(&'a self, i: usize, default: &'a str) -> Vec<(&'a str, &'a MarkdownBody)> {
        let r = &self[i];
        std::iter::once((default, &r.body))
            .chain(
                r.translations
                    .iter()
                    .map(|(lang, t)| (lang.as_str(), &t.body)),
            )
            .collect()
    }
    fn error_at(&self, i: usize, path: &str, message: String) -> Diagnostic {
        self[i].meta.error_at(path, message)
    }
    fn error_at_key(&self, i: usize, path: &str, message: String) -> Diagnostic {
        self[i].meta.error_at_key(path, message)
    }
    fn files(&self, i: usize) -> Vec<Arc<SourceOrigin>> {
        let r = &self[i];
        std::iter::once(r.meta.file.clone())
            .chain(r.translations.values().map(|t| t.meta.file.clone()))
            .collect()
    }
}

impl LoadedSite {
    /// The records of `kind`. The one place that maps a kind to its list; everything that
    /// holds for every kind goes through it.
    pub fn records(&self, kind: Kind) -> &dyn RecordList {
        match kind {
            Kind::Procedure => &self.procedures,
            Kind::InternalProcedure => &self.internal_procedures,
            Kind::Channel => &self.channels,
            Kind::Report => &self.reports,
            Kind::Index => &self.indices,
            Kind::Document => &self.documents,
            Kind::Page => &self.pages,
            Kind::News => &self.news,
            Kind::Unit => &self.units,
        }
    }

    /// A site of the same root and configuration holding only the records at `picks` (kind and
    /// position; positions out of range are left out), in their order here.
    pub fn only(&self, picks: &[(Kind, usize)]) -> LoadedSite {
        fn pick<T: Clone>(list: &[T], kind: Kind, picks: &[(Kind, usize)]) -> Vec<T> {
            let mut at: Vec<usize> = picks
                .iter()
                .filter(|(k, _)| *k == kind)
                .map(|&(_, i)| i)
                .collect();
            at.sort_unstable();
            at.dedup();
            at.into_iter()
                .filter_map(|i| list.get(i).cloned())
                .collect()
        }
        LoadedSite {
            root: self.root.clone(),
            config: self.config.clone(),
            procedures: pick(&self.procedures, Kind::Procedure, picks),
            internal_procedures: pick(&self.internal_procedures, Kind::InternalProcedure, picks),
            channels: pick(&self.channels, Kind::Channel, picks),
            reports: pick(&self.reports, Kind::Report, picks),
            indices: pick(&self.indices, Kind::Index, picks),
            documents: pick(&self.documents, Kind::Document, picks),
            pages: pick(&self.pages, Kind::Page, picks),
            news: pick(&self.news, Kind::News, picks),
            units: pick(&self.units, Kind::Unit, picks),
            files: self.files.clone(),
        }
    }

    /// Read the YAML record file `rel` (below the root) of `kind` again, as record `id`, and put
    /// what it holds now in place of what it held (or drop it, with `id` None or when it no
    /// longer parses; problems go to `diags`). The list stays in file-name order, as a full load
    /// has it. For the preview, which re-reads only the files that changed.
    pub fn reload_yaml_record(
        &mut self,
        kind: Kind,
        rel: &Path,
        id: Option<&str>,
        max_size: u64,
        diags: &mut Diagnostics,
    ) {
        fn replace<T: DeserializeOwned>(
            list: &mut Vec<Parsed<T>>,
            root: &Path,
            rel: &Path,
            id: Option<&str>,
            max_size: u64,
            diags: &mut Diagnostics,
        ) {
            // In place when the file was a record before: a national site has tens of
            // thousands, and removing and inserting would move all those after it.
            let existing = list.iter().position(|p| p.file.path == rel);
            let parsed = id.and_then(|id| match read_source(root, rel, max_size) {
                Ok(file) => parse_yaml::<T>(root, &file, id, 1, diags),
                Err(d) => {
                    diags.push(d);
                    None
                }
            });
            match (existing, parsed) {
                (Some(i), Some(parsed)) => list[i] = parsed,
                (Some(i), None) => {
                    list.remove(i);
                }
                (None, Some(parsed)) => {
                    let name = rel.file_name();
                    let at = list.partition_point(|p| p.file.path.file_name() < name);
                    list.insert(at, parsed);
                }
                (None, None) => {}
            }
        }
        let root = self.root.clone();
        let root = root.as_path();
        match kind {
            Kind::Procedure => replace(&mut self.procedures, root, rel, id, max_size, diags),
            Kind::InternalProcedure => replace(
                &mut self.internal_procedures,
                root,
                rel,
                id,
                max_size,
                diags,
            ),
            Kind::Channel => replace(&mut self.channels, root, rel, id, max_size, diags),
            Kind::Index => replace(&mut self.indices, root, rel, id, max_size, diags),
            Kind::Document => replace(&mut self.documents, root, rel, id, max_size, diags),
            Kind::Unit => replace(&mut self.units, root, rel, id, max_size, diags),
            // A Markdown record has translation files: the preview loads the whole site again.
            Kind::Report | Kind::Page | Kind::News => {
                debug_assert!(false, "Markdown records are reloaded with everything")
            }
        }
    }

    /// The records of `kind` if it is one of the two kinds of procedure (public and internal),
    /// which share the type [`Procedure`]; no records for any other kind.
    pub fn procedures_of(&self, kind: Kind) -> &[Parsed<Procedure>] {
        match kind {
            Kind::Procedure => &self.procedures,
            Kind::InternalProcedure => &self.internal_procedures,
            _ => &[],
        }
    }

    /// The address of the `i`-th record of `kind` below its folder, by the kind's
    /// [`kind::IdRule`]: `2.002311` (a procedure's code), `hotline`.
    pub fn record_slug(&self, kind: Kind, i: usize) -> &str {
        let records = self.records(kind);
        match kind.def().id_rule {
            kind::IdRule::FileName => records.id(i),
            kind::IdRule::CodeOrFileName => records.data(i).code().unwrap_or_else(|| records.id(i)),
        }
    }
}

/// Load the site under `root`. Returns what loaded (None if the configuration itself could not
/// be read) and every problem found on the way.
pub fn load(root: &Path) -> (Option<LoadedSite>, Diagnostics) {
    load_reusing(root, &BTreeMap::new())
}

/// [`load`], taking the files of `content/files/` that did not change (same size and
/// modification time) from `previous_files`, an earlier load's [`LoadedSite::files`], instead
/// of reading and hashing them again: for the preview.
pub fn load_reusing(
    root: &Path,
    previous_files: &BTreeMap<String, ContentFile>,
) -> (Option<LoadedSite>, Diagnostics) {
    let mut diags = Diagnostics::new();
    let content = root.join(CONTENT_DIR);
    // content/ itself may not be a link either: the walk below would follow it.
    if let Err(d) = files::check_dir(root, Path::new(CONTENT_DIR)) {
        diags.push(d);
        return (None, diags);
    }
    if !content.is_dir() {
        diags.push(
            Diagnostic::new(
                CONTENT_DIR,
                format!("there is no content/ folder in {}", root.display()),
            )
            .hint("run minhbach in the site's folder, or pass --root DIR"),
        );
        return (None, diags);
    }
    let config_path = Path::new(CONTENT_DIR).join(SITE_FILE);
    let config = match read_source(root, &config_path, files::DEFAULT_MAX_FILE_SIZE) {
        Ok(file) => parse_yaml::<SiteConfig>(root, &file, "site", 1, &mut diags),
        Err(d) => {
            diags.push(d.hint(format!(
                "a site needs {}: run minhbach in the site's folder or pass --root; docs/content-model.md lists its fields",
                config_path.display()
            )));
            None
        }
    };
    let languages: Vec<String> = config
        .as_ref()
        .map(|c| c.data.languages.clone())
        .unwrap_or_else(|| ["vi", "en", "ja", "zh", "ko"].map(String::from).to_vec());
    let default_language = config
        .as_ref()
        .map_or_else(|| "vi".to_owned(), |c| c.data.default_language.clone());
    // A site.yaml whose languages do not include the default has one error for it (reported by
    // validate): which languages were meant is not known, so file-name suffixes are not checked
    // meanwhile, rather than failing each translation too; nor with no languages at all (see
    // `classify`).
    let mut languages = languages;
    if !languages.contains(&default_language) {
        languages.clear();
    }

    let mut files: BTreeMap<Kind, Vec<(String, Option<String>, PathBuf)>> = BTreeMap::new();
    // The files to download, in content/files/: not records (see `content_files`).
    let mut downloads: Vec<PathBuf> = Vec::new();
    let walker = WalkDir::new(&content)
        .min_depth(1)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !is_ignored(e.file_name().to_str().unwrap_or("")));
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e
                    .path()
                    .map(|p| relative(root, p))
                    .unwrap_or_else(|| content.clone());
                // walkdir's own message names the full path; the io error alone does not.
                let why = e
                    .io_error()
                    .map_or_else(|| "a loop of folders".to_owned(), ToString::to_string);
                diags.push(
                    Diagnostic::new(path, format!("cannot read: {why}"))
                        .hint("check that the folder exists and that you may read it"),
                );
                continue;
            }
        };
        let rel = relative(root, entry.path());
        let depth = entry.depth();
        let name = entry.file_name().to_string_lossy().into_owned();
        if depth == 1 && name == SITE_FILE {
            continue; // read above, with the same checks
        }
        // The walk does not follow links: a link (to a file or a folder, wherever it points),
        // a pipe or a device is an error of its own, and is never opened.
        let is_dir = match files::check_entry(&rel, entry.file_type()) {
            Ok(is_dir) => is_dir,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        let in_files = rel
            .components()
            .nth(1)
            .is_some_and(|c| c.as_os_str() == FILES_DIR);
        if is_dir && in_files {
            if depth > 1 {
                diags.push(
                    Diagnostic::new(&rel, format!("sub-folders of content/{FILES_DIR}/ are not read"))
                        .hint(format!("move the files up into content/{FILES_DIR}/; each is published at /{FILES_DIR}/<name>")),
                );
            }
            continue;
        }
        if is_dir {
            if depth == 1 && Kind::from_folder(&name).is_none() {
                diags.push(
                    Diagnostic::new(&rel, format!("unknown content folder `{name}`")).hint(
                        format!(
                            "record folders are: {}; files to download go into content/{FILES_DIR}/",
                            Kind::ALL.map(Kind::folder).join(", ")
                        ),
                    ),
                );
            } else if depth > 1 {
                diags.push(
                    Diagnostic::new(&rel, "sub-folders of a record folder are not read")
                        .hint("move the files up into the record folder"),
                );
            }
            continue;
        }
        if depth == 1 {
            diags.push(
                Diagnostic::new(&rel, format!("unexpected file `{name}` in content/"))
                    .hint("records go into their kind's folder, e.g. content/procedures/"),
            );
            continue;
        }
        if depth > 2 {
            continue; // reported with its folder
        }
        if in_files {
            downloads.push(rel);
            continue;
        }
        let folder = entry
            .path()
            .parent()
            .and_then(|p| p.file_name())
            .unwrap_or_default();
        let Some(kind) = Kind::from_folder(&folder.to_string_lossy()) else {
            continue;
        };
        match classify(kind, &name, &languages, &default_language) {
            Ok((id, lang)) => files.entry(kind).or_default().push((id, lang, rel)),
            // A file-name problem: point at the file's start, where editors open it.
            Err(message) => diags.push(
                Diagnostic::new(&rel, message.0)
                    .at(Position::new(1, 1))
                    .hint(message.1),
            ),
        }
    }

    let Some(config) = config else {
        return (None, diags);
    };
    let max_size = config.data.limits.max_file_size();
    let mut site = LoadedSite {
        root: root.to_owned(),
        config,
        procedures: Vec::new(),
        internal_procedures: Vec::new(),
        channels: Vec::new(),
        reports: Vec::new(),
        indices: Vec::new(),
        documents: Vec::new(),
        pages: Vec::new(),
        news: Vec::new(),
        units: Vec::new(),
        files: Arc::default(),
    };
    let (downloads, problems) =
        content_files::load_files(root, downloads, max_size, previous_files);
    for d in problems {
        diags.push(d);
    }
    site.files = Arc::new(downloads.into_iter().map(|f| (f.name.clone(), f)).collect());
    for (kind, entries) in files {
        match kind {
            Kind::Procedure => {
                site.procedures = load_yaml_kind(root, entries, max_size, &mut diags)
            }
            Kind::InternalProcedure => {
                site.internal_procedures = load_yaml_kind(root, entries, max_size, &mut diags)
            }
            Kind::Channel => site.channels = load_yaml_kind(root, entries, max_size, &mut diags),
            Kind::Index => site.indices = load_yaml_kind(root, entries, max_size, &mut diags),
            Kind::Document => site.documents = load_yaml_kind(root, entries, max_size, &mut diags),
            Kind::Report => {
                site.reports = load_markdown_kind(kind, root, entries, max_size, &mut diags)
            }
            Kind::Page => {
                site.pages = load_markdown_kind(kind, root, entries, max_size, &mut diags)
            }
            Kind::News => site.news = load_markdown_kind(kind, root, entries, max_size, &mut diags),
            Kind::Unit => site.units = load_yaml_kind(root, entries, max_size, &mut diags),
        }
    }
    (Some(site), diags)
}

/// Hidden files, editor backups and swap files are never content.
pub fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.starts_with('#')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.ends_with(".bak")
}

fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_owned()
}

type Problem = (String, String);

/// Split a file name into record id and language suffix, and check both.
pub fn classify(
    kind: Kind,
    name: &str,
    languages: &[String],
    default_language: &str,
) -> Result<(String, Option<String>), Problem> {
    let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
    let expected = if kind.is_markdown() { "md" } else { "yaml" };
    let ext_ok = if kind.is_markdown() {
        ext == "md"
    } else {
        ext == "yaml" || ext == "yml"
    };
    if !ext_ok {
        return Err((
            format!("`{name}` is not a .{expected} file"),
            format!("files in content/{}/ are .{expected} files", kind.folder()),
        ));
    }
    // `report.en.md`: a suffix of two or three letters is a language code.
    let (id, lang) = match stem.rsplit_once('.') {
        Some((id, suffix))
            if (2..=3).contains(&suffix.len())
                && suffix.bytes().all(|b| b.is_ascii_lowercase()) =>
        {
            (id, Some(suffix))
        }
        _ => (stem, None),
    };
    if let Some(lang) = lang {
        if !kind.is_markdown() {
            return Err((
                format!("`{name}`: YAML records are not split by language"),
                format!(
                    "put translations in the record's text fields, e.g. `name: {{vi: …, {lang}: …}}`"
                ),
            ));
        }
        // No languages: site.yaml's error about it is the one to fix.
        if !languages.is_empty() && !languages.iter().any(|l| l == lang) {
            return Err((
                format!("unknown language suffix `.{lang}` in `{name}`"),
                format!("the site's languages are: {}", languages.join(", ")),
            ));
        }
        if lang == default_language {
            return Err((
                format!("`{name}`: the default language has no suffix"),
                format!("rename it to `{id}.md`"),
            ));
        }
    }
    check_id(id)?;
    Ok((id.to_owned(), lang.map(str::to_owned)))
}

/// Ids become URL segments: only lower-case ASCII letters, digits, `-` and `.`.
pub fn check_id(id: &str) -> Result<(), Problem> {
    let ok = !id.is_empty()
        && id.len() <= 120
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.')
        && id.as_bytes()[0].is_ascii_alphanumeric()
        && !id.contains("..");
    if ok {
        Ok(())
    } else {
        Err((
            format!("`{id}` cannot be a record id"),
            format!(
                "ids are lower-case ASCII letters, digits, `-` and `.`; rename the file to `{}`",
                slug::slugify(id)
            ),
        ))
    }
}

/// Read a file below `root` as UTF-8 text, if it is a regular file of at most `max_size` bytes
/// (see [`files`]); invalid bytes and NUL bytes are reported at their line and column.
pub fn read_source(root: &Path, rel: &Path, max_size: u64) -> Result<Arc<SourceFile>, Diagnostic> {
    let bytes = files::read_file(root, rel, max_size)?;
    let text = decode(rel, bytes)?;
    Ok(Arc::new(SourceFile {
        path: rel.to_owned(),
        text,
    }))
}

/// The bytes of `rel` as text, without a byte-order mark.
fn decode(rel: &Path, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    // A NUL byte means a binary file (an image or a document saved in the wrong place), or
    // UTF-16: either way not text to quote, so the message shows no line of it.
    if let Some(nul) = memchr::memchr(0, &bytes) {
        let prefix = String::from_utf8_lossy(&bytes[..nul]);
        let pos = Position::from_offset(&prefix, prefix.len());
        return Err(Diagnostic::new(
            rel,
            format!(
                "this file is not text (it contains a NUL byte at line {}, column {})",
                pos.line, pos.column
            ),
        )
        .at(pos)
        .hint("content files are text saved as UTF-8; if it is an image or a document, it does not belong in this folder"));
    }
    // simdutf8 checks the bytes several times faster than the standard library (a large site is
    // hundreds of MB of mostly non-ASCII text); the standard library still finds a bad byte.
    let text = if simdutf8::basic::from_utf8(&bytes).is_ok() {
        // SAFETY: simdutf8 has just checked that the bytes are UTF-8.
        Ok(unsafe { String::from_utf8_unchecked(bytes) })
    } else {
        String::from_utf8(bytes)
    };
    let text = match text {
        Ok(text) => text,
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.as_bytes();
            let prefix = String::from_utf8_lossy(&bytes[..valid]).into_owned();
            let pos = Position::from_offset(&prefix, prefix.len());
            // Only the offending line is decoded for the snippet, not the whole file.
            let line_start = memchr::memrchr(b'\n', &bytes[..valid]).map_or(0, |i| i + 1);
            let line_end =
                memchr::memchr(b'\n', &bytes[valid..]).map_or(bytes.len(), |i| valid + i);
            let line = String::from_utf8_lossy(&bytes[line_start..line_end]);
            let mut d = Diagnostic::new(
                rel,
                format!(
                    "the file is not valid UTF-8 (at line {}, column {})",
                    pos.line, pos.column
                ),
            )
            .at(Position::new(1, pos.column))
            .with_source(&line);
            d.position = Some(pos);
            return Err(
                d.hint("save the file as UTF-8 (most editors: \"Save with encoding\" → UTF-8)")
            );
        }
    };
    Ok(without_bom(text))
}

/// A byte-order mark is harmless; it is dropped so that columns and front matter line up (and
/// a file read again for a diagnostic has the fingerprint of the text that was parsed).
fn without_bom(text: String) -> String {
    match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_owned(),
        None => text,
    }
}

/// Read and parse the files of one YAML kind, in parallel; records and problems come out in the
/// order of `entries` (file-name order), whatever order the threads finish in.
fn load_yaml_kind<T: DeserializeOwned + Send>(
    root: &Path,
    entries: Vec<(String, Option<String>, PathBuf)>,
    max_size: u64,
    diags: &mut Diagnostics,
) -> Vec<Parsed<T>> {
    let results: Vec<(Option<Parsed<T>>, Diagnostics)> = entries
        .into_par_iter()
        .map(|(id, _, rel)| {
            let mut file_diags = Diagnostics::new();
            let parsed = match read_source(root, &rel, max_size) {
                Ok(file) => parse_yaml::<T>(root, &file, &id, 1, &mut file_diags),
                Err(d) => {
                    file_diags.push(d);
                    None
                }
            };
            (parsed, file_diags)
        })
        .collect();
    let mut out = Vec::with_capacity(results.len());
    for (parsed, file_diags) in results {
        out.extend(parsed);
        diags.extend(file_diags);
    }
    out
}

/// Deserialise a whole YAML file, read from under `root`.
pub fn parse_yaml<T: DeserializeOwned>(
    root: &Path,
    file: &SourceFile,
    id: &str,
    first_line: usize,
    diags: &mut Diagnostics,
) -> Option<Parsed<T>> {
    let whole = 0..file.text.len();
    let origin = Arc::new(SourceOrigin::of(root, file));
    parse_yaml_fragment(file, origin, id, whole, first_line, diags)
}

/// Deserialise the YAML at byte range `yaml` of `file`, which starts on line `first_line` of the
/// file (front matter starts on line 2).
fn parse_yaml_fragment<T: DeserializeOwned>(
    file: &SourceFile,
    origin: Arc<SourceOrigin>,
    id: &str,
    yaml_range: Range<usize>,
    first_line: usize,
    diags: &mut Diagnostics,
) -> Option<Parsed<T>> {
    let yaml = &file.text[yaml_range.clone()];
    if yaml.trim().is_empty() {
        diags.push(
            Diagnostic::new(&file.path, "the file has no content")
                .at(Position::new(first_line, 1))
                .hint("see docs/content-model.md for the fields of this kind of record"),
        );
        return None;
    }
    if screen::needed(yaml) {
        let found = screen::screen(yaml, first_line);
        if !found.is_empty() {
            for f in found {
                diags.push(
                    Diagnostic::new(&file.path, f.message)
                        .at(f.position)
                        .with_source(&file.text)
                        .hint(f.hint),
                );
            }
            return None;
        }
    }
    match serde_yaml::from_str::<T>(yaml) {
        Ok(data) => Some(Parsed {
            id: id.to_owned(),
            spans: LazySpanIndex::new(yaml_range, first_line),
            file: origin,
            data,
        }),
        Err(e) => {
            diags.push(yaml_error(file, yaml, &e, first_line));
            None
        }
    }
}

/// Turn a serde_yaml error into a diagnostic with position and a hint, in plain words (see
/// [`yaml_errors`]). `yaml` is the YAML part of the file, starting on line `first_line`.
fn yaml_error(
    file: &SourceFile,
    yaml: &str,
    e: &serde_yaml::Error,
    first_line: usize,
) -> Diagnostic {
    let full = e.to_string();
    // From the byte index, not libyaml's line and column: libyaml also ends lines at a lone
    // `\r`, U+0085, U+2028 and U+2029, which put positions past the file's lines (fuzzing).
    let start: usize = (file.text.split_inclusive('\n').take(first_line - 1))
        .map(str::len)
        .sum();
    let reported = e
        .location()
        .map(|loc| Position::from_offset(&file.text, start + loc.index()));
    let explained = yaml_errors::explain(&full, yaml, first_line, reported.unwrap_or_default());
    let mut d = Diagnostic::new(&file.path, explained.message).hint(explained.hint);
    if let Some(mut pos) = explained.position.or(reported) {
        // Values with a format of their own (dates, codes) are checked after serde_yaml has read
        // them, so it reports the start of the enclosing mapping. The message quotes the value:
        // find it from there on to point at the value itself.
        if explained.position.is_none()
            && let Some(found) = yaml_errors::leading_value(&full)
                .and_then(|value| find_value(&file.text, pos, &value))
        {
            pos = found;
        }
        d = d.at(pos).with_source(&file.text);
    }
    d
}

/// The position of `value` written as a YAML scalar at or after `from`, if it is there.
fn find_value(text: &str, from: Position, value: &str) -> Option<Position> {
    let start: usize = text
        .split_inclusive('\n')
        .take(from.line.saturating_sub(1))
        .map(str::len)
        .sum();
    let rest = text.get(start..)?;
    let mut search = 0;
    while let Some(i) = rest[search..].find(value) {
        let at = start + search + i;
        let before = text[..at].chars().last();
        let after = text[at + value.len()..].chars().next();
        let bounded =
            |c: Option<char>| c.is_none_or(|c| c.is_whitespace() || "'\":,[]{}#".contains(c));
        if bounded(before) && bounded(after) {
            // A quoted value starts at its opening quote.
            let at = if matches!(before, Some('\'' | '"')) {
                at - 1
            } else {
                at
            };
            return Some(Position::from_offset(text, at));
        }
        search += i + value.len();
    }
    None
}

/// Split `---` front matter from a Markdown file. Returns the YAML, the line it starts on, the
/// body and the line the body starts on.
pub fn split_front_matter(text: &str) -> Option<(&str, usize, &str, usize)> {
    let rest = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))?;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            let yaml = &rest[..offset];
            let body = &rest[offset + line.len()..];
            let yaml_lines = yaml.matches('\n').count();
            return Some((yaml, 2, body, 2 + yaml_lines + 1));
        }
        offset += line.len();
    }
    None
}

/// One file of a Markdown record, read and parsed.
enum MarkdownFile<M, T> {
    Main(String, MarkdownSource<M, T>),
    Translation(String, String, MarkdownTranslation<T>),
}

/// Read and parse one file of a Markdown record of `kind` (`id.md`, or `id.LANG.md` when
/// `lang` is given).
fn load_markdown_file<M: DeserializeOwned, T: DeserializeOwned + Default>(
    kind: Kind,
    root: &Path,
    id: String,
    lang: Option<String>,
    rel: &Path,
    max_size: u64,
    diags: &mut Diagnostics,
) -> Option<MarkdownFile<M, T>> {
    let file = match read_source(root, rel, max_size) {
        Ok(f) => f,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    let Some((yaml, yaml_line, body, body_line)) = split_front_matter(&file.text) else {
        let name = kind.name();
        diags.push(
            Diagnostic::new(rel, format!("the {name} has no front matter"))
                .at(Position::new(1, 1))
                .with_source(&file.text)
                .hint(format!(
                    "start the file with a line `---`, the {name}'s fields, and another `---`"
                )),
        );
        return None;
    };
    let yaml_range = offset_in(&file.text, yaml)..offset_in(&file.text, yaml) + yaml.len();
    let yaml_is_empty = yaml.trim().is_empty();
    let origin = Arc::new(SourceOrigin::of(root, &file));
    let body = MarkdownBody {
        markdown: body.to_owned(),
        first_line: body_line,
        file: origin.clone(),
    };
    match lang {
        None => {
            let meta = parse_yaml_fragment(&file, origin, &id, yaml_range, yaml_line, diags)?;
            Some(MarkdownFile::Main(
                id,
                MarkdownSource {
                    meta,
                    body,
                    translations: BTreeMap::new(),
                },
            ))
        }
        Some(lang) => {
            let meta = if yaml_is_empty {
                Parsed {
                    id: id.clone(),
                    file: origin,
                    spans: LazySpanIndex::default(),
                    data: T::default(),
                }
            } else {
                parse_yaml_fragment(&file, origin, &id, yaml_range, yaml_line, diags)?
            };
            Some(MarkdownFile::Translation(
                id,
                lang,
                MarkdownTranslation { meta, body },
            ))
        }
    }
}

/// The byte offset of `part`, a slice of `whole`, in `whole`.
fn offset_in(whole: &str, part: &str) -> usize {
    part.as_ptr() as usize - whole.as_ptr() as usize
}

/// Load the records of a Markdown `kind` from its files (`entries`: id, language of a
/// translation, path), in id order, each with its translations.
fn load_markdown_kind<M, T>(
    kind: Kind,
    root: &Path,
    entries: Vec<(String, Option<String>, PathBuf)>,
    max_size: u64,
    diags: &mut Diagnostics,
) -> Vec<MarkdownSource<M, T>>
where
    M: DeserializeOwned + Send,
    T: DeserializeOwned + Default + Send,
{
    // Read and parse in parallel, then pair translations with their records in file-name order.
    let results: Vec<(Option<MarkdownFile<M, T>>, Diagnostics)> = entries
        .into_par_iter()
        .map(|(id, lang, rel)| {
            let mut file_diags = Diagnostics::new();
            let file = load_markdown_file(kind, root, id, lang, &rel, max_size, &mut file_diags);
            (file, file_diags)
        })
        .collect();
    let mut mains: BTreeMap<String, MarkdownSource<M, T>> = BTreeMap::new();
    let mut translations: Vec<(String, String, MarkdownTranslation<T>)> = Vec::new();
    for (file, file_diags) in results {
        diags.extend(file_diags);
        match file {
            Some(MarkdownFile::Main(id, record)) => {
                mains.insert(id, record);
            }
            Some(MarkdownFile::Translation(id, lang, t)) => translations.push((id, lang, t)),
            None => {}
        }
    }
    for (id, lang, t) in translations {
        match mains.get_mut(&id) {
            Some(main) => {
                main.translations.insert(lang, t);
            }
            None => diags.push(
                Diagnostic::new(
                    &t.meta.file.path,
                    format!("translation of a missing {} `{id}`", kind.name()),
                )
                .hint(format!(
                    "a translation needs the default-language file `{id}.md` beside it"
                )),
            ),
        }
    }
    mains.into_values().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_of_comments_and_white_space_is_blank() {
        let body = |markdown: &str| MarkdownBody {
            markdown: markdown.to_owned(),
            first_line: 1,
            file: Arc::new(SourceOrigin {
                path: PathBuf::from("content/reports/x.en.md"),
                root: PathBuf::new(),
                fingerprint: Fingerprint::of(""),
            }),
        };
        for blank in [
            "",
            "\n \n",
            "<!-- later -->\n",
            "\n<!-- a -->\n<!-- b -->\n",
        ] {
            assert!(body(blank).is_blank(), "{blank:?}");
        }
        for text in ["Text", "<!-- a -->\nText", "<!-- unclosed", "# Heading"] {
            assert!(!body(text).is_blank(), "{text:?}");
        }
    }

    /// The file names in `content/{folder}` of the shipped site that hold records, sorted.
    fn shipped_ids(folder: &str, markdown: bool) -> Vec<String> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .ancestors()
            .nth(2)
            .unwrap()
            .join(CONTENT_DIR)
            .join(folder);
        let mut ids: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| !is_ignored(name))
            .map(|name| name.rsplit_once('.').unwrap().0.to_owned())
            // Report translations (`x.en.md`) belong to their report.
            .filter(|stem| !markdown || !stem.contains('.'))
            .collect();
        ids.sort();
        ids
    }

    #[test]
    fn parallel_loading_keeps_file_name_order() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"))
            .ancestors()
            .nth(2)
            .unwrap();
        let (site, diags) = load(root);
        assert!(diags.is_empty(), "{diags}");
        let site = site.unwrap();
        let ids = |records: &[Parsed<Document>]| -> Vec<String> {
            records.iter().map(|r| r.id.clone()).collect()
        };
        assert!(site.documents.len() > 10);
        assert_eq!(ids(&site.documents), shipped_ids("documents", false));
        let procedures: Vec<String> = site.procedures.iter().map(|r| r.id.clone()).collect();
        assert_eq!(procedures, shipped_ids("procedures", false));
        let reports: Vec<String> = site.reports.iter().map(|r| r.meta.id.clone()).collect();
        assert_eq!(reports, shipped_ids("reports", true));
        // Each record keeps its own file, and positions come from that file's text.
        for d in &site.documents {
            assert!(d.file.path.ends_with(format!("{}.yaml", d.id)));
        }
        let report = &site.reports[0];
        let d = report.meta.error_at_key("title", "x");
        let line = d.position.expect("a position for the title").line;
        let title_line = report
            .meta
            .file
            .text()
            .expect("the file is unchanged")
            .lines()
            .position(|l| l.starts_with("title:"))
            .unwrap()
            + 1;
        assert_eq!(
            line, title_line,
            "front matter positions count from the file's first line"
        );
    }

    #[test]
    fn diagnostics_read_the_file_again_and_do_without_it_once_it_changed() {
        let dir = tempfile::tempdir().unwrap();
        let rel = Path::new("a.yaml");
        let original = "name: x\nlegal_basis:\n  - one\n  - two\n";
        std::fs::write(dir.path().join(rel), original).unwrap();
        let file = read_source(dir.path(), rel, files::DEFAULT_MAX_FILE_SIZE).unwrap();
        let mut diags = Diagnostics::new();
        let parsed: Parsed<serde_yaml::Value> =
            parse_yaml(dir.path(), &file, "a", 1, &mut diags).unwrap();
        assert!(diags.is_empty(), "{diags}");
        // A copy made before any diagnostic asked: its positions are not indexed yet.
        let not_indexed = parsed.clone();
        drop(file);

        let d = parsed.error_at("legal_basis[1]", "bad reference");
        assert_eq!(d.position, Some(Position::new(4, 5)));
        assert_eq!(d.source_line.as_deref(), Some("  - two"));

        // Changed since it was parsed: positions already indexed stay, source lines go.
        std::fs::write(dir.path().join(rel), "name: y\n").unwrap();
        let d = parsed.error_at("legal_basis[1]", "bad reference");
        assert_eq!(
            (d.file.as_path(), d.message.as_str()),
            (rel, "bad reference")
        );
        assert_eq!(d.position, Some(Position::new(4, 5)));
        assert_eq!(d.source_line, None);
        let d = not_indexed.error_at("legal_basis[1]", "bad reference");
        assert_eq!((d.position, d.source_line), (None, None));
        assert_eq!(d.file, rel);

        // Gone: the same.
        std::fs::remove_file(dir.path().join(rel)).unwrap();
        let d = parsed.error_at_key("name", "bad name");
        assert_eq!(d.position, Some(Position::new(1, 1)));
        assert_eq!(d.source_line, None);
        let d = not_indexed.error_at_key("name", "bad name");
        assert_eq!((d.position, d.source_line), (None, None));
    }

    #[test]
    fn origins_compare_by_path_and_content() {
        let dir = tempfile::tempdir().unwrap();
        let write_and_read = |rel: &str, text: &str| {
            std::fs::write(dir.path().join(rel), text).unwrap();
            SourceOrigin::of(
                dir.path(),
                &read_source(dir.path(), Path::new(rel), files::DEFAULT_MAX_FILE_SIZE).unwrap(),
            )
        };
        let a = write_and_read("a.yaml", "name: x\n");
        assert!(a.same_content(&write_and_read("a.yaml", "name: x\n")));
        assert!(!a.same_content(&write_and_read("a.yaml", "name: y\n")));
        assert!(!a.same_content(&write_and_read("a.yaml", "name: x\n\n")));
        assert!(!a.same_content(&write_and_read("b.yaml", "name: x\n")));
        // A byte-order mark is not part of the text.
        assert!(a.same_content(&write_and_read("a.yaml", "\u{feff}name: x\n")));
        assert_eq!(a.text().as_deref(), Some("name: x\n"));
        std::fs::write(dir.path().join("a.yaml"), "name: z\n").unwrap();
        assert_eq!(a.text(), None, "a.yaml holds other text now");
    }

    #[test]
    fn front_matter_lines_are_counted() {
        let text = "---\ntitle: a\nperiod: b\n---\n# Body\n";
        let (yaml, yl, body, bl) = split_front_matter(text).unwrap();
        assert_eq!(
            (yaml, yl, body, bl),
            ("title: a\nperiod: b\n", 2, "# Body\n", 5)
        );
        assert!(split_front_matter("# no front matter").is_none());
    }

    #[test]
    fn classify_checks_suffix_and_id() {
        let langs: Vec<String> = ["vi", "en"].map(String::from).to_vec();
        let ok = classify(Kind::Report, "r1.en.md", &langs, "vi").unwrap();
        assert_eq!(ok, ("r1".into(), Some("en".into())));
        let code = classify(Kind::Procedure, "2.002311.yaml", &langs, "vi").unwrap();
        assert_eq!(code, ("2.002311".into(), None));
        assert!(
            classify(Kind::Report, "r1.fr.md", &langs, "vi")
                .unwrap_err()
                .0
                .contains("`.fr`")
        );
        assert!(classify(Kind::Report, "r1.vi.md", &langs, "vi").is_err());
        let bad = classify(Kind::Document, "Quyết định.yaml", &langs, "vi").unwrap_err();
        assert!(bad.1.contains("quyet-dinh"), "{}", bad.1);
        assert!(classify(Kind::Document, "a.txt", &langs, "vi").is_err());
    }
}
