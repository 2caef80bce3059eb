//! Scaffolding: `minhbach new KIND [ID]` writes a new record with every field of its kind present
//! and explained, and `minhbach init DIR` creates a new portal that builds at once.
//!
//! A new record has its required fields live, with empty values to fill in (so that
//! `minhbach check` points at each one until it is filled), and its optional fields commented
//! out, in the shape they take. Every text has a line for each of the site's languages. Nothing
//! is ever overwritten.

use load::{CONTENT_DIR, Kind, SITE_FILE, check_id};
use model::SiteConfig;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// The default theme, embedded at build time (see `build.rs`): paths below `themes/default/`.
pub const DEFAULT_THEME: &[(&str, &[u8])] = include!(concat!(env!("OUT_DIR"), "/default_theme.rs"));

/// Why scaffolding refused or failed. Nothing is left half-written by a refusal.
#[derive(Debug, thiserror::Error)]
pub enum ScaffoldError {
    #[error("{} already exists; minhbach never overwrites a file", .0.display())]
    Exists(PathBuf),
    #[error("there is no content/ folder in {}", .0.display())]
    NoContent(PathBuf),
    #[error("{message}")]
    BadId { message: String, hint: String },
    #[error("{} is not empty", .0.display())]
    NotEmpty(PathBuf),
    #[error("{} was not written by `minhbach schema`; it is left as it is", .0.display())]
    NotOurs(PathBuf),
    #[error("{} is inside content/, where every file must be a record", .0.display())]
    InsideContent(PathBuf),
    #[error("cannot write {}: {source}", .path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl ScaffoldError {
    /// What to do about it.
    pub fn hint(&self) -> Option<String> {
        match self {
            ScaffoldError::Exists(_) => Some(
                "choose another id (`minhbach new KIND ID`), or edit the existing file".to_owned(),
            ),
            ScaffoldError::NoContent(_) => Some(
                "run it in the site's folder, pass --root DIR, or create a portal with `minhbach init DIR`"
                    .to_owned(),
            ),
            ScaffoldError::BadId { hint, .. } => Some(hint.clone()),
            ScaffoldError::NotEmpty(_) => {
                Some("init creates a portal in a new or empty folder only".to_owned())
            }
            ScaffoldError::NotOurs(_) => Some(
                "move it away, or write the schemas elsewhere with --out DIR".to_owned(),
            ),
            ScaffoldError::InsideContent(_) => Some(
                "write them beside content/, e.g. --out schemas (the default)".to_owned(),
            ),
            ScaffoldError::Io { .. } => None,
        }
    }
}

/// The id a new record gets when none is given: `new-channel`.
pub fn default_id(kind: Kind) -> String {
    format!("new-{}", kind.name())
}

/// Write a new record of `kind` into the site at `root`; returns the files written (relative to
/// `root`). Reports get a translation file for each other language of the site.
pub fn new_record(
    root: &Path,
    kind: Kind,
    id: Option<&str>,
) -> Result<Vec<PathBuf>, ScaffoldError> {
    let content = root.join(CONTENT_DIR);
    if !content.is_dir() {
        return Err(ScaffoldError::NoContent(root.to_owned()));
    }
    let default_id = default_id(kind);
    let id = id.unwrap_or(&default_id);
    check_id(id).map_err(|(message, hint)| ScaffoldError::BadId { message, hint })?;
    // Never write a record that `check` would refuse for its name.
    if let Some(problem) = validate::id_problem(id) {
        return Err(ScaffoldError::BadId {
            message: format!("the id {problem}"),
            hint: "ids are lower-case letters, digits and `-`, with a dot only in a procedure code such as 2.002311".to_owned(),
        });
    }
    let (langs, default) = site_languages(root);
    let files = record_files(kind, id, &langs, &default, false);
    // An existing record under either YAML extension counts, so that ids stay unique.
    let folder = Path::new(CONTENT_DIR).join(kind.folder());
    let mut taken: Vec<PathBuf> = files.iter().map(|(p, _)| p.clone()).collect();
    for ext in kind.def().format.extensions() {
        let path = folder.join(format!("{id}.{ext}"));
        if !taken.contains(&path) {
            taken.push(path);
        }
    }
    if let Some(existing) = taken.iter().find(|p| root.join(p).exists()) {
        return Err(ScaffoldError::Exists(existing.clone()));
    }
    write_new(root, &files)?;
    Ok(files.into_iter().map(|(p, _)| p).collect())
}

/// Create a new portal in `dir` (which must be missing or empty): site.yaml, the default theme,
/// one example record of each kind, a .gitignore, and the JSON Schemas with the editor settings
/// that use them ([`editor_files`]). Returns the files written, relative to
/// `dir`.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>, ScaffoldError> {
    let io = |path: &Path| {
        let path = path.to_owned();
        move |source| ScaffoldError::Io { path, source }
    };
    if dir.exists() {
        let mut entries = std::fs::read_dir(dir).map_err(io(dir))?;
        if entries.next().is_some() {
            return Err(ScaffoldError::NotEmpty(dir.to_owned()));
        }
    }
    let langs: Vec<String> = ["vi", "en", "ja", "zh", "ko"].map(String::from).to_vec();
    let mut files: Vec<(PathBuf, Vec<u8>)> = vec![
        (PathBuf::from(".gitignore"), b"/public\n".to_vec()),
        (
            Path::new(CONTENT_DIR).join(SITE_FILE),
            site_yaml(&langs).into_bytes(),
        ),
    ];
    for kind in Kind::ALL {
        for (path, text) in record_files(kind, kind.def().example_id, &langs, "vi", true) {
            files.push((path, text.into_bytes()));
        }
    }
    for (rel, bytes) in DEFAULT_THEME {
        files.push((Path::new("themes/default").join(rel), bytes.to_vec()));
    }
    for (path, text) in editor_files(&langs, "vi") {
        files.push((path, text.into_bytes()));
    }
    let texts: Vec<(PathBuf, Vec<u8>)> = files;
    write_new(dir, &texts)?;
    Ok(texts.into_iter().map(|(p, _)| p).collect())
}

/// The folder of a site that `minhbach schema` writes into by default, and `init` too.
pub const SCHEMA_DIR: &str = "schemas";

/// The schemas of a site with these languages, below [`SCHEMA_DIR`], and the editor settings
/// that map each YAML content folder to its schema: `.vscode/settings.json` for the YAML
/// language server (VS Code's YAML extension), which then completes field names, explains them
/// on hover and underlines mistakes as staff type; `.vscode/extensions.json` recommends it.
pub fn editor_files(langs: &[String], default: &str) -> Vec<(PathBuf, String)> {
    let schemas = schema::schemas(langs, default);
    let mut mapping = serde_json::Map::new();
    for file in schemas.iter().filter(|f| f.yaml) {
        mapping.insert(
            format!("./{SCHEMA_DIR}/{}", file.name),
            serde_json::json!(file.describes),
        );
    }
    let settings = serde_json::json!({ "yaml.schemas": mapping });
    let extensions = serde_json::json!({ "recommendations": ["redhat.vscode-yaml"] });
    let pretty = |v: &serde_json::Value| {
        let mut s = serde_json::to_string_pretty(v).expect("settings serialise");
        s.push('\n');
        s
    };
    let mut files: Vec<(PathBuf, String)> = schemas
        .into_iter()
        .map(|f| (Path::new(SCHEMA_DIR).join(f.name), f.json))
        .collect();
    files.push((PathBuf::from(".vscode/settings.json"), pretty(&settings)));
    files.push((
        PathBuf::from(".vscode/extensions.json"),
        pretty(&extensions),
    ));
    files
}

/// `minhbach schema`: write the JSON Schemas of the site at `root` (for its languages) into
/// `out`. A schema file that is there already is replaced only if `minhbach schema` wrote it;
/// if any is not, nothing is written. Returns the files written.
pub fn write_schemas(root: &Path, out: &Path) -> Result<Vec<PathBuf>, ScaffoldError> {
    let content = root.join(CONTENT_DIR);
    if !content.is_dir() {
        return Err(ScaffoldError::NoContent(root.to_owned()));
    }
    // A stray file in content/ is an error of the site: never put one there.
    if let (Ok(content), Some(out_abs)) = (content.canonicalize(), existing_ancestor(out))
        && out_abs.starts_with(&content)
    {
        return Err(ScaffoldError::InsideContent(out.to_owned()));
    }
    let (langs, default) = site_languages(root);
    let files: Vec<(PathBuf, String)> = schema::schemas(&langs, &default)
        .into_iter()
        .map(|f| (out.join(f.name), f.json))
        .collect();
    for (path, _) in &files {
        match std::fs::symlink_metadata(path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(source) => {
                return Err(ScaffoldError::Io {
                    path: path.clone(),
                    source,
                });
            }
            Ok(meta) => {
                let ours = meta.is_file()
                    && std::fs::read_to_string(path).is_ok_and(|s| s.contains(schema::MARKER));
                if !ours {
                    return Err(ScaffoldError::NotOurs(path.clone()));
                }
            }
        }
    }
    std::fs::create_dir_all(out).map_err(|source| ScaffoldError::Io {
        path: out.to_owned(),
        source,
    })?;
    for (path, json) in &files {
        // Written beside and renamed over, so that an editor never reads half a schema.
        let temp = path.with_extension("json.tmp");
        std::fs::write(&temp, json)
            .and_then(|()| std::fs::rename(&temp, path))
            .map_err(|source| {
                let _ = std::fs::remove_file(&temp);
                ScaffoldError::Io {
                    path: path.clone(),
                    source,
                }
            })?;
    }
    Ok(files.into_iter().map(|(p, _)| p).collect())
}

/// `path` made absolute through its nearest existing folder (the rest need not exist yet).
fn existing_ancestor(path: &Path) -> Option<PathBuf> {
    let mut rest = Vec::new();
    let mut at = path;
    loop {
        if let Ok(real) = at.canonicalize() {
            return Some(rest.iter().rev().fold(real, |p: PathBuf, c| p.join(c)));
        }
        rest.push(at.file_name()?.to_owned());
        at = at
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
    }
}

/// Write each file, creating folders; a file that exists is never replaced.
fn write_new<B: AsRef<[u8]>>(root: &Path, files: &[(PathBuf, B)]) -> Result<(), ScaffoldError> {
    for (rel, bytes) in files {
        let path = root.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|source| ScaffoldError::Io {
                path: parent.to_owned(),
                source,
            })?;
        }
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(|source| match source.kind() {
                std::io::ErrorKind::AlreadyExists => ScaffoldError::Exists(rel.clone()),
                _ => ScaffoldError::Io {
                    path: path.clone(),
                    source,
                },
            })?;
        file.write_all(bytes.as_ref())
            .map_err(|source| ScaffoldError::Io { path, source })?;
    }
    Ok(())
}

/// The site's languages and default language, from its site.yaml when that reads; else the five
/// languages minhbach is made for.
fn site_languages(root: &Path) -> (Vec<String>, String) {
    // Read as `check` reads it: not through a link, not from a pipe, not an alias bomb.
    let rel = Path::new(CONTENT_DIR).join(SITE_FILE);
    load::read_source(root, &rel, load::files::DEFAULT_MAX_FILE_SIZE)
        .ok()
        .filter(|file| {
            !load::screen::needed(&file.text) || load::screen::screen(&file.text, 1).is_empty()
        })
        .and_then(|file| serde_yaml::from_str::<SiteConfig>(&file.text).ok())
        .filter(|c| c.languages.contains(&c.default_language))
        .map(|c| (c.languages, c.default_language))
        .unwrap_or_else(|| {
            (
                ["vi", "en", "ja", "zh", "ko"].map(String::from).to_vec(),
                "vi".to_owned(),
            )
        })
}

/// Writes a commented YAML record. In example mode required values get example text (for
/// `init`); otherwise they are left empty for the author (for `new`).
struct Yaml<'a> {
    out: String,
    langs: &'a [String],
    default: &'a str,
    example: bool,
}

impl<'a> Yaml<'a> {
    fn new(langs: &'a [String], default: &'a str, example: bool) -> Self {
        Yaml {
            out: String::new(),
            langs,
            default,
            example,
        }
    }

    fn line(&mut self, line: &str) {
        self.out.push_str(line);
        self.out.push('\n');
    }

    /// A required text: `field:` and one line per language. `example` is (default language,
    /// English) text for example mode.
    fn text(&mut self, indent: &str, field: &str, help: &str, example: (&str, &str)) {
        self.line(&format!("{indent}# REQUIRED. {help}"));
        self.line(&format!("{indent}{field}:"));
        self.languages(indent, "", example);
    }

    /// An optional text, commented out.
    fn opt_text(&mut self, indent: &str, field: &str, help: &str) {
        // Inside a block that is already commented out, the field needs no second `#`.
        let comment = if indent.starts_with('#') { "" } else { "# " };
        self.line(&format!("{indent}{comment}{field}:  # {help}"));
        self.languages(indent, comment, ("", ""));
    }

    fn languages(&mut self, indent: &str, comment: &str, example: (&str, &str)) {
        for lang in self.langs {
            let value = match (self.example, lang.as_str()) {
                (true, l) if l == self.default => example.0,
                (true, "en") => example.1,
                _ => "",
            };
            let line = format!("{indent}{comment}  {lang}: {}", quote(value));
            self.line(&line);
        }
    }

    /// A required non-text value: empty (`blank`) for the author, `example` for init.
    fn value(&mut self, indent: &str, field: &str, help: &str, blank: &str, example: &str) {
        self.line(&format!("{indent}# REQUIRED. {help}"));
        let value = if self.example { example } else { blank };
        let line = if value.is_empty() {
            format!("{indent}{field}:")
        } else {
            format!("{indent}{field}: {value}")
        };
        self.line(&line);
    }

    /// An optional non-text value, commented out, with a sample of its shape.
    fn opt_value(&mut self, indent: &str, field: &str, shape: &str, help: &str) {
        self.line(&format!("{indent}# {field}: {shape}  # {help}"));
    }

    /// A list of texts, commented out.
    fn opt_text_list(&mut self, field: &str, help: &str) {
        self.line(&format!("# {field}:  # {help}"));
        let mut first = true;
        for lang in self.langs {
            let dash = if first { "- " } else { "  " };
            first = false;
            self.line(&format!("#   {dash}{lang}: \"\""));
        }
    }
}

/// A YAML double-quoted string.
fn quote(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_owned())
}

const TEXT_NOTE: &str = "# A text has a line per language. The default language is required; until a language is\n# filled in, its pages show the default text with a notice. Optional fields are commented\n# out: remove the `# ` in front of those you need. Every field: docs/content-model.md.\n";

/// The files of a new record: one YAML file, or a report and its translation files.
fn record_files(
    kind: Kind,
    id: &str,
    langs: &[String],
    default: &str,
    example: bool,
) -> Vec<(PathBuf, String)> {
    let folder = Path::new(CONTENT_DIR).join(kind.folder());
    let mut y = Yaml::new(langs, default, example);
    match kind {
        Kind::Procedure | Kind::InternalProcedure => procedure(&mut y, kind == Kind::Procedure, id),
        Kind::Channel => channel(&mut y),
        Kind::Index => index(&mut y),
        Kind::Document => document(&mut y),
        Kind::Report => {
            report(&mut y);
            let body = if example {
                "Ví dụ: nội dung báo cáo, viết bằng Markdown. Thay bằng báo cáo thật.\n"
            } else {
                "<!-- The report's text, in Markdown (GFM tables and footnotes work). -->\n"
            };
            let mut files = vec![(
                folder.join(format!("{id}.md")),
                format!("---\n{}---\n\n{body}", y.out),
            )];
            for lang in langs.iter().filter(|l| *l != default) {
                let text = format!(
                    "---\n# The {lang} version of {id}.md: the texts it translates (`~` = not yet) and,\n# below the front matter, the translated body. The other fields come from {id}.md.\ntitle: ~\nsummary: ~\nissuer: ~\nsigner: ~\n---\n\n<!-- The translated text of the report, in Markdown. -->\n"
                );
                files.push((folder.join(format!("{id}.{lang}.md")), text));
            }
            return files;
        }
    }
    vec![(folder.join(format!("{id}.yaml")), y.out)]
}

/// Whether `id` is written like a national procedure code (`2.002311`).
fn is_code(id: &str) -> bool {
    id.split_once('.').is_some_and(|(a, b)| {
        !a.is_empty()
            && a.bytes().all(|c| c.is_ascii_digit())
            && b.len() == 6
            && b.bytes().all(|c| c.is_ascii_digit())
    })
}

fn procedure(y: &mut Yaml, public: bool, id: &str) {
    if public {
        y.line("# A public administrative procedure.");
    } else {
        y.line("# An internal procedure (between state bodies).");
    }
    y.out.push_str(TEXT_NOTE);
    y.line("");
    let code_help =
        "National procedure code, in quotes, e.g. \"2.002311\"; it becomes the page's address.";
    if public {
        // A procedure is usually filed under its code: then the code is already known.
        let blank = if is_code(id) {
            format!("\"{id}\"")
        } else {
            "\"\"".to_owned()
        };
        y.value("", "code", code_help, &blank, "\"0.000001\"");
    } else {
        y.opt_value(
            "",
            "code",
            "\"2.002311\"",
            "national procedure code, if it has one",
        );
    }
    y.text(
        "",
        "name",
        "Official name.",
        (
            "Ví dụ: thủ tục (thay bằng tên chính thức)",
            "Example: a procedure (replace with the official name)",
        ),
    );
    y.opt_text("", "summary", "one or two plain sentences on who needs it");
    if public {
        y.text(
            "",
            "field",
            "Field (lĩnh vực), e.g. Ngoại vụ.",
            ("Ví dụ", "Example"),
        );
        y.text(
            "",
            "level",
            "Level that carries it out (cấp thực hiện), e.g. Cấp tỉnh.",
            ("Cấp tỉnh", "Provincial level"),
        );
        y.text(
            "",
            "implementing_agency",
            "Agency that receives and processes the dossier.",
            ("Cơ quan ví dụ", "Example agency"),
        );
    } else {
        y.opt_text("", "field", "field (lĩnh vực)");
        y.opt_text("", "level", "level that carries it out");
        y.opt_text("", "implementing_agency", "agency that carries it out");
    }
    y.opt_text("", "competent_authority", "authority that decides");
    if public {
        y.value(
            "",
            "online_level",
            "Online public service level: full, partial or none.",
            "\"\"",
            "none",
        );
    } else {
        y.opt_value("", "online_level", "none", "full, partial or none");
    }
    y.line("# processing_time:  # how long it takes");
    y.line("#   working_days: 10");
    y.opt_text(
        "#   ",
        "note",
        "a note on the time, e.g. from which day it counts",
    );
    y.line("# submission:  # how to submit; method is online, in_person or post");
    y.line("#   - method: in_person");
    y.opt_text("#     ", "address", "where to submit");
    y.line("#     url: \"https://…\"  # for online submission");
    y.opt_text(
        "#     ",
        "note",
        "anything else about this way of submitting",
    );
    y.line("# dossier:  # the documents to bring");
    y.line("#   - name:");
    for lang in y.langs {
        let line = format!("#       {lang}: \"\"");
        y.out.push_str(&line);
        y.out.push('\n');
    }
    y.line("#     copies: 1");
    y.opt_text("#     ", "note", "e.g. original or certified copy");
    y.line("# fees:  # amount in VND; 0 means free");
    y.line("#   - description:");
    for lang in y.langs {
        let line = format!("#       {lang}: \"\"");
        y.out.push_str(&line);
        y.out.push('\n');
    }
    y.line("#     amount: 0");
    y.opt_text_list("steps", "the steps, in order");
    y.opt_text_list("requirements", "requirements and conditions");
    y.opt_text("", "result", "what the applicant receives");
    y.line("# legal_basis:  # ids of documents (content/documents/) it rests on");
    y.line("#   - 1260-qd-ubnd-2024");
    y.opt_value(
        "",
        "published_by",
        "1260-qd-ubnd-2024",
        "id of the decision that published it",
    );
    y.opt_text_list("keywords", "extra search terms");
    y.opt_value(
        "",
        "status",
        "in_force",
        "in_force (the default) or abolished",
    );
    y.opt_value(
        "",
        "abolished_by",
        "1260-qd-ubnd-2024",
        "when abolished: id of the document that abolished it",
    );
    y.opt_value("", "abolished_on", "2025-01-31", "when abolished: the date");
    y.opt_text("", "notes", "anything else the source says");
    updated(y);
}

fn updated(y: &mut Yaml) {
    y.opt_value(
        "",
        "updated",
        "2025-01-31",
        "last updated, for sites built outside git (git's date wins when there is one)",
    );
}

fn channel(y: &mut Yaml) {
    y.line("# A hotline or feedback channel.");
    y.out.push_str(TEXT_NOTE);
    y.line("");
    y.value(
        "",
        "kind",
        "phone, web_form, email, in_person or postal.",
        "\"\"",
        "in_person",
    );
    y.text(
        "",
        "name",
        "Name of the channel.",
        ("Ví dụ: tiếp công dân", "Example: citizen reception"),
    );
    y.opt_value(
        "",
        "contact",
        "\"…\"",
        "phone number, e-mail address or URL, the same in every language; only if published",
    );
    y.opt_text("", "address", "where (for in-person reception)");
    y.opt_text("", "hours", "when it answers");
    y.opt_text("", "answered_by", "who answers");
    y.text(
        "",
        "purpose",
        "What it is for.",
        (
            "Ví dụ: thay bằng mục đích của kênh tiếp nhận.",
            "Example: replace with what the channel is for.",
        ),
    );
    y.opt_text("", "notes", "anything else");
    y.opt_value(
        "",
        "order",
        "100",
        "position on the channels page, ascending",
    );
    updated(y);
}

fn report(y: &mut Yaml) {
    y.line("# A periodic report: this front matter, then the report's text in Markdown.");
    y.out.push_str(TEXT_NOTE);
    y.text(
        "",
        "title",
        "Title.",
        ("Ví dụ: báo cáo năm", "Example: annual report"),
    );
    y.opt_value("", "number", "\"103/BC-NV\"", "the report's number");
    y.opt_value("", "date", "2025-01-31", "date of issue");
    y.line("# REQUIRED. The period covered. `type` is month, months, quarter, half_year or year;");
    y.line(
        "# then `year`, and `month` (1–12; for `months` the count from January), `quarter` (1–4)",
    );
    y.line("# or `half` (1–2) as the type needs.");
    y.line("period:");
    if y.example {
        y.line("  type: year");
        y.line("  year: 2025");
    } else {
        y.line("  type: \"\"");
        y.line("  year:");
    }
    y.line("  # month: 1");
    y.line("  # quarter: 1");
    y.line("  # half: 1");
    y.text(
        "",
        "issuer",
        "Who issued it.",
        ("Cơ quan ví dụ", "Example agency"),
    );
    y.opt_text("", "signer", "who signed it");
    y.text(
        "",
        "summary",
        "A few sentences on what it says.",
        (
            "Ví dụ: thay bằng tóm tắt của báo cáo.",
            "Example: replace with the report's summary.",
        ),
    );
    y.line("# key_figures:  # value is a number or a short text (\"100%\")");
    y.line("#   - label:");
    for lang in y.langs {
        let line = format!("#       {lang}: \"\"");
        y.out.push_str(&line);
        y.out.push('\n');
    }
    y.line("#     value: 0");
    y.opt_text("#     ", "unit", "e.g. hồ sơ / dossiers");
    y.line("# cites:  # ids of documents (content/documents/) or reports it cites");
    y.line("#   - 1260-qd-ubnd-2024");
    updated(y);
}

fn index(y: &mut Yaml) {
    y.line("# A performance index (PAR Index, SIPAS, PCI, PAPI …): a series of yearly entries.");
    y.out.push_str(TEXT_NOTE);
    y.line("");
    y.text(
        "",
        "name",
        "Full name.",
        ("Ví dụ: chỉ số", "Example: an index"),
    );
    y.value(
        "",
        "short_name",
        "Short name, e.g. PAR Index.",
        "\"\"",
        "\"Ví dụ\"",
    );
    y.opt_text("", "publisher", "who publishes the index");
    y.opt_text("", "description", "what it measures");
    y.value("", "unit", "points or percent.", "\"\"", "points");
    y.value(
        "",
        "scale_max",
        "The top of the scale, e.g. 100.",
        "",
        "100",
    );
    y.opt_value(
        "",
        "order",
        "100",
        "position on the indices page, ascending",
    );
    y.line("# REQUIRED. One entry per year, at least one.");
    y.line("entries:");
    if y.example {
        y.line("  # Ví dụ: thay bằng kết quả thật (example: replace with the real result).");
        y.line("  - year: 2025");
        y.line("    score: 0");
    } else {
        y.line("  - year:");
        y.line("    score:");
    }
    y.line("    # rank: 1  # rank, if the source gives one");
    y.line("    # out_of: 63  # … out of how many");
    y.line("    # change: 0.5  # change on the previous year, as the source states it");
    y.line("    # source: 1260-qd-ubnd-2024  # id of the document or report it comes from");
    y.opt_text("    ", "note", "a note on this year");
    updated(y);
}

fn document(y: &mut Yaml) {
    y.line("# A legal or administrative document cited by other records.");
    y.line("# Id convention: the number folded to ASCII, lower case, `/` → `-`, then the year:");
    y.line("# 1260/QĐ-UBND of 2024 → 1260-qd-ubnd-2024.");
    y.out.push_str(TEXT_NOTE);
    y.line("");
    y.value(
        "",
        "number",
        "The document's number, e.g. 1260/QĐ-UBND.",
        "\"\"",
        "\"1/VD\"",
    );
    y.value(
        "",
        "type",
        "decision, plan, official_letter, decree, resolution, report, directive, circular, law or other.",
        "\"\"",
        "other",
    );
    y.text(
        "",
        "issuer",
        "Who issued it.",
        ("Cơ quan ví dụ", "Example agency"),
    );
    y.opt_value("", "date", "2025-01-31", "date of issue");
    y.text(
        "",
        "title",
        "What it is about.",
        ("Ví dụ: văn bản", "Example: a document"),
    );
    y.opt_value("", "url", "\"https://…\"", "link to the official text");
    updated(y);
}

/// The site.yaml of a new portal.
fn site_yaml(langs: &[String]) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# The portal's configuration. Every field: docs/content-model.md.\n"
    );
    let _ = writeln!(s, "# REQUIRED. The portal's title, per language.");
    let _ = writeln!(s, "title:");
    for lang in langs {
        let value = match lang.as_str() {
            "vi" => "Cổng thông tin công khai (ví dụ)",
            "en" => "Transparency portal (example)",
            _ => "",
        };
        let _ = writeln!(s, "  {lang}: {}", quote(value));
    }
    let _ = writeln!(s, "languages: [{}]", langs.join(", "));
    let _ = writeln!(s, "default_language: vi");
    let _ = writeln!(
        s,
        "# base_url: \"https://example.gov.vn/\"  # the deployed address, for canonical links"
    );
    let _ = writeln!(s, "theme: default");
    let _ = writeln!(s, "agency:");
    let _ = writeln!(s, "  # REQUIRED. The publishing agency.");
    let _ = writeln!(s, "  name:");
    for lang in langs {
        let value = match lang.as_str() {
            "vi" => "Cơ quan ví dụ",
            "en" => "Example agency",
            _ => "",
        };
        let _ = writeln!(s, "    {lang}: {}", quote(value));
    }
    s.push_str(
        "  # parent:  # the body it belongs to (Text)\n  # description:  # a paragraph on the home page (Text)\n  # address:  # postal address (Text)\n  # phone: \"…\"  # only if published\n  # email: \"…\"\n  # website: \"https://…\"\n",
    );
    s.push_str("# menu:  # default: every section\n#   - section: procedures\n#   - label: {vi: \"…\", en: \"…\"}\n#     url: \"https://…\"\n");
    s.push_str(
        "# Dates and change history from git (all optional):\n# history:\n#   from_git: true  # read dates and changes from git\n#   show_changes: true  # list each record's changes on its page\n#   show_authors: false  # show authors' names (e-mail addresses are never shown)\n#   commit_url: \"https://github.com/org/repo/commit/{hash}\"  # link each change\n",
    );
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_theme_is_the_default_theme() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .ancestors()
            .nth(2)
            .unwrap()
            .join("themes/default");
        assert!(
            DEFAULT_THEME
                .iter()
                .any(|(p, _)| *p == "templates/base.html")
        );
        for (rel, bytes) in DEFAULT_THEME {
            let on_disk = std::fs::read(dir.join(rel)).unwrap();
            assert!(on_disk == *bytes, "{rel} differs from themes/default");
        }
    }

    #[test]
    fn new_records_parse_as_yaml_with_every_language() {
        let langs: Vec<String> = ["vi", "en", "ja", "zh", "ko"].map(String::from).to_vec();
        for kind in Kind::ALL {
            for (path, text) in record_files(kind, "x", &langs, "vi", false) {
                let yaml = if kind.is_markdown() {
                    text.split("---\n").nth(1).unwrap().to_owned()
                } else {
                    text.clone()
                };
                let parsed: Result<serde_yaml::Value, _> = serde_yaml::from_str(&yaml);
                assert!(parsed.is_ok(), "{}: {parsed:?}", path.display());
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                if name.matches('.').count() == 1 {
                    for lang in &langs {
                        assert!(
                            text.contains(&format!("  {lang}: \"\"")),
                            "{}: no line for {lang}",
                            path.display()
                        );
                    }
                }
            }
        }
    }
}
