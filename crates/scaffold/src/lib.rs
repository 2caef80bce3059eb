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

mod record;
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

/// The schema files in the site's `schemas/` folder that `minhbach schema` wrote and that differ
/// from what it would write now, by file name: editors would check files against an old model.
pub fn stale_schemas(root: &Path, langs: &[String], default: &str) -> Vec<String> {
    let dir = root.join(SCHEMA_DIR);
    schema::schemas(langs, default)
        .into_iter()
        .filter(|file| {
            std::fs::read_to_string(dir.join(&file.name))
                .is_ok_and(|on_disk| on_disk.contains(schema::MARKER) && on_disk != file.json)
        })
        .map(|file| file.name)
        .collect()
}

/// `minhbach schema`: write the JSON Schemas of the site at `root` (for its languages) into
/// `out`. A schema file that is there already is replaced only if `minhbach schema` wrote it;
/// if any is not, nothing is written. Returns the files written.
pub fn write_schemas(root: &Path, out: &Path) -> Result<Vec<PathBuf>, ScaffoldError> {
    let content = root.join(CONTENT_DIR);
    if !content.is_dir() {
        return Err(ScaffoldError::NoContent(root.to_owned()));
    }
    if inside_content(root, out) {
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

/// Whether `path` (existing or not) lies in the `content/` folder of the site at `root`, where a
/// file that is not a record is an error of the site: a command never writes one there.
pub fn inside_content(root: &Path, path: &Path) -> bool {
    let content = root.join(CONTENT_DIR);
    matches!(
        (content.canonicalize(), existing_ancestor(path)),
        (Ok(content), Some(path)) if path.starts_with(&content)
    )
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

const TEXT_NOTE: &str = "A text has a line per language. The default language is required; until a language is filled in, its pages show the default text with a notice. Optional fields are commented out: remove the `# ` in front of those you need. Every field: docs/content-model.md.";

/// The field a kind addressed by its national code (`kind::IdRule::CodeOrFileName`) keeps it
/// in: a record filed under its code (`2.002311.yaml`) gets it filled in.
const CODE_FIELD: &str = "code";

/// The files of a new record, written from its kind's schema (see [`record`]): one YAML file,
/// or a report and its translation files. In example mode (`init`) the kind's example values
/// fill the blanks.
fn record_files(
    kind: Kind,
    id: &str,
    langs: &[String],
    default: &str,
    example: bool,
) -> Vec<(PathBuf, String)> {
    let def = kind.def();
    let folder = Path::new(CONTENT_DIR).join(def.folder);
    let file = schema::kind_schema(def, langs, default);
    let example_values: Option<serde_yaml::Value> = example
        .then(|| serde_yaml::from_str(def.example).expect("the kind table's examples are YAML"));
    let code = (def.id_rule == kind::IdRule::CodeOrFileName && is_code(id) && !example)
        .then(|| record::quote(id));
    let mut w = record::Writer::new(&file.value, langs, default);
    if let Some(about) = file.value["description"].as_str() {
        w.comment("", about);
    }
    w.comment("", TEXT_NOTE);
    w.line("");
    w.fields(
        Some(&file.type_name),
        &file.value,
        "",
        true,
        example_values.as_ref(),
        &|name| (name == CODE_FIELD).then(|| code.clone()).flatten(),
    );
    let text = w.finish();
    if !kind.is_markdown() {
        return vec![(folder.join(format!("{id}.yaml")), text)];
    }
    let body = if example {
        match kind {
            Kind::Report => {
                "Ví dụ: nội dung báo cáo, viết bằng Markdown. Thay bằng báo cáo thật.\n"
            }
            _ => "Ví dụ: nội dung trang, viết bằng Markdown. Thay bằng nội dung thật.\n",
        }
    } else {
        "<!-- The text, in Markdown (GFM tables and footnotes work). -->\n"
    };
    let mut files = vec![(
        folder.join(format!("{id}.md")),
        format!("---\n{text}---\n\n{body}"),
    )];
    // A translation file gives the texts it translates, and its body.
    let translated = kind.def().translated_fields;
    for lang in langs.iter().filter(|l| *l != default) {
        let mut t = format!(
            "---\n# The {lang} version of {id}.md: the texts it translates (`~` = not yet) and,\n# below the front matter, the translated body. The other fields come from {id}.md.\n"
        );
        for field in translated {
            let _ = writeln!(t, "{field}: ~");
        }
        t.push_str("---\n\n<!-- The translated text, in Markdown. -->\n");
        files.push((folder.join(format!("{id}.{lang}.md")), t));
    }
    files
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

/// The values of a new portal's `site.yaml`, in `init`'s five languages.
const SITE_EXAMPLE: &str = r#"
title: {vi: "Cổng thông tin công khai (ví dụ)", en: "Transparency portal (example)"}
languages: [vi, en, ja, zh, ko]
default_language: vi
theme: default
agency:
  name: {vi: "Cơ quan ví dụ", en: "Example agency"}
"#;

/// The site.yaml of a new portal, written from its schema as records are.
fn site_yaml(langs: &[String]) -> String {
    let file = schema::site_schema(langs, "vi");
    let example: serde_yaml::Value =
        serde_yaml::from_str(SITE_EXAMPLE).expect("the site example is YAML");
    let mut w = record::Writer::new(&file.value, langs, "vi");
    w.comment(
        "",
        "The portal's configuration. Every field: docs/content-model.md.",
    );
    w.line("");
    w.fields(
        Some(&file.type_name),
        &file.value,
        "",
        true,
        Some(&example),
        &|_| None,
    );
    w.finish()
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

    /// A new record shows every field its schema has, at any depth: the scaffold follows the
    /// record types, so a new field appears in it without a change here.
    #[test]
    fn a_new_record_shows_every_field_of_its_schema() {
        fn names<'a>(value: &'a serde_json::Value, out: &mut Vec<&'a str>) {
            match value {
                serde_json::Value::Object(map) => {
                    if let Some(props) = map.get("properties").and_then(|p| p.as_object()) {
                        out.extend(props.keys().map(String::as_str));
                    }
                    for (key, v) in map {
                        if !["if", "then", "else", "allOf"].contains(&key.as_str()) {
                            names(v, out);
                        }
                    }
                }
                serde_json::Value::Array(items) => items.iter().for_each(|v| names(v, out)),
                _ => {}
            }
        }
        let langs: Vec<String> = ["vi", "en"].map(String::from).to_vec();
        for kind in Kind::ALL {
            let text = &record_files(kind, "x", &langs, "vi", false)[0].1;
            let file = schema::kind_schema(kind.def(), &langs, "vi");
            let mut fields = Vec::new();
            names(&file.value, &mut fields);
            assert!(fields.len() > 3, "{kind:?}");
            for field in fields {
                assert!(
                    text.contains(&format!("{field}:")),
                    "{kind:?}: no `{field}` in\n{text}"
                );
            }
        }
        let site = site_yaml(&langs);
        for field in [
            "title",
            "agency",
            "history",
            "commit_url",
            "menu",
            "url",
            "limits",
        ] {
            assert!(site.contains(&format!("{field}:")), "site.yaml: {field}");
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
