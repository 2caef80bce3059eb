//! Translation exchange: every text of a portal out to a gettext PO file for a translator's tool
//! (`minhbach translations export`), and the translations back into the content files
//! (`minhbach translations import`), changing nothing else in them.
//!
//! One entry per text: its context is the file and the field path
//! (`content/procedures/2.002311.yaml:dossier[1].name`), its source the default-language text,
//! its translation the file's text in the target language, and a comment names the record and
//! explains the field (from the kind's JSON Schema, so from the model's doc comments). A
//! Markdown body is cut into headings, paragraphs, list items, table cells and footnotes
//! ([`blocks`]), one entry each (`content/reports/x.md:body[3]`).
//!
//! Where a translation goes on import follows from where `load` reads it: into the text's map
//! in the YAML file ([`yaml::set_translation`]), or, for the texts a Markdown kind's translation
//! file gives (its front matter's fields and its body), into `<id>.<lang>.md`.

pub mod blocks;
pub mod po;
pub mod xliff;
pub mod yaml;

use kind::Kind;
use load::LoadedSite;
use model::{FieldPath, TextFields};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use text::Text;

/// One text to translate.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Entry {
    /// Where it is: the file (relative to the site) and the field path, `file:path`.
    pub context: String,
    /// The text in the default language.
    pub source: String,
    /// Its translation, or empty.
    pub translation: String,
    /// What the translator is told: the record and the field.
    pub comments: Vec<String>,
    /// The file and line of the text, for tools that show the source.
    pub reference: Option<String>,
    /// A translation the tool marked as needing review: never imported.
    pub fuzzy: bool,
}

/// The body field of a Markdown kind, in contexts: `body[3]` is its fourth block.
const BODY: &str = "body";

/// Every text of `site` with its translation into `lang` (only those without one if
/// `missing_only`), in file order: `site.yaml`, then the records kind by kind.
pub fn export(site: &LoadedSite, lang: &str, missing_only: bool) -> Vec<Entry> {
    collect(site, lang, missing_only, true)
}

/// [`export`], with the file lines of the texts only if `with_lines` (an import needs none).
fn collect(site: &LoadedSite, lang: &str, missing_only: bool, with_lines: bool) -> Vec<Entry> {
    use rayon::prelude::*;
    let config = &site.config.data;
    let default = config.default_language.as_str();
    let languages = &config.languages;
    // What is kept of a file's entries, with the line of each (read from the file only when
    // one is kept: at 10,000 procedures, finding lines is most of an export's work).
    let keep = |file: &Path, mut entries: Vec<Entry>| {
        if missing_only {
            entries.retain(|e| e.translation.is_empty());
        }
        if with_lines {
            add_lines(&site.root, file, &mut entries);
        }
        entries
    };

    let site_schema = schema::site_schema(languages, default);
    let site_file = Path::new(load::CONTENT_DIR).join(load::SITE_FILE);
    let mut site_entries = Vec::new();
    texts_of(
        config,
        &site_file,
        "site.yaml",
        &|path| site_schema.describe(path),
        &|_| None,
        lang,
        default,
        &mut site_entries,
    );
    let mut entries = keep(&site_file, site_entries);

    let schemas: Vec<schema::SchemaFile> = Kind::ALL
        .iter()
        .map(|kind| schema::kind_schema(kind.def(), languages, default))
        .collect();
    let records: Vec<(usize, Kind, usize)> = Kind::ALL
        .into_iter()
        .enumerate()
        .flat_map(|(k, kind)| (0..site.records(kind).len()).map(move |i| (k, kind, i)))
        .collect();
    let per_record: Vec<Vec<Entry>> = records
        .into_par_iter()
        .map(|(k, kind, i)| {
            let list = site.records(kind);
            let file = list.file(i).path.clone();
            let label = format!("{} {}", kind.name().replace('-', " "), list.id(i));
            let mut found = Vec::new();
            texts_of(
                list.data(i),
                &file,
                &label,
                &|path| schemas[k].describe(path),
                &|field| list.translated(i, lang, field),
                lang,
                default,
                &mut found,
            );
            if kind.is_markdown() {
                body_entries(list, i, &file, &label, lang, default, &mut found);
            }
            keep(&file, found)
        })
        .collect();
    entries.extend(per_record.into_iter().flatten());
    entries
}

/// The line of each YAML text of `entries`, all from `file`, as its reference (`file:12`).
/// Body entries know theirs already.
fn add_lines(root: &Path, file: &Path, entries: &mut [Entry]) {
    if entries.iter().all(|e| e.reference.is_some()) {
        return;
    }
    let Ok(text) = std::fs::read_to_string(root.join(file)) else {
        return;
    };
    let spans = load::spans::SpanIndex::build(&text, 1);
    for entry in entries.iter_mut().filter(|e| e.reference.is_none()) {
        let path = entry.context.split_once(':').map_or("", |(_, p)| p);
        entry.reference = spans
            .value(path)
            .map(|p| format!("{}:{}", slashes(file), p.line));
    }
}

/// The entries of one record's (or site.yaml's) text fields, without their lines.
#[allow(clippy::too_many_arguments)]
fn texts_of<'a>(
    record: &'a (impl TextFields + ?Sized),
    file: &Path,
    label: &str,
    describe: &dyn Fn(&str) -> Option<String>,
    translated: &dyn Fn(&str) -> Option<&'a str>,
    lang: &str,
    default: &str,
    entries: &mut Vec<Entry>,
) {
    record.visit_texts(&mut |path, text| {
        let source = text.default_text(default);
        if source.trim().is_empty() {
            return;
        }
        let path_text = path.to_string();
        // A Markdown kind's translation file gives whole fields (`title: …`).
        let from_file = match path {
            FieldPath::Field(name) => translated(name),
            _ => None,
        };
        let translation = from_file
            .or_else(|| translation_in(text, lang))
            .unwrap_or("");
        let mut comment = format!("{label}, {path_text}");
        if let Some(description) = describe(&path_text) {
            comment.push_str(&format!(": {description}"));
        }
        entries.push(Entry {
            context: format!("{}:{path_text}", slashes(file)),
            source: source.to_owned(),
            translation: translation.to_owned(),
            comments: vec![comment],
            reference: None,
            fuzzy: false,
        });
    });
}

/// A path with `/` between its parts, as contexts write it on every system.
fn slashes(path: &Path) -> String {
    path.iter()
        .map(|p| p.to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The text's own translation into `lang`, if it has a non-blank one.
fn translation_in<'t>(text: &'t Text, lang: &str) -> Option<&'t str> {
    match text {
        Text::ByLanguage(map) => map.get(lang).filter(|s| !s.trim().is_empty()),
        Text::Plain(_) => None,
    }
}

/// The entries of a Markdown record's body: one per block of the default-language body, with
/// the same block of the translation's body when the two have the same blocks.
#[allow(clippy::too_many_arguments)]
fn body_entries(
    list: &dyn load::RecordList,
    i: usize,
    file: &Path,
    label: &str,
    lang: &str,
    default: &str,
    entries: &mut Vec<Entry>,
) {
    let bodies = list.bodies(i, default);
    let Some((_, main)) = bodies.iter().find(|(l, _)| *l == default) else {
        return;
    };
    let source_blocks = blocks::blocks(&main.markdown);
    let translated = bodies.iter().find(|(l, _)| *l == lang).map(|(_, b)| {
        let found = blocks::blocks(&b.markdown);
        (b, found)
    });
    let aligned = translated
        .as_ref()
        .filter(|(_, found)| {
            found.len() == source_blocks.len()
                && found
                    .iter()
                    .zip(&source_blocks)
                    .all(|(a, b)| a.kind == b.kind)
        })
        .map(|(body, found)| (body.markdown.as_str(), found));
    for (n, block) in source_blocks.iter().enumerate() {
        let translation = aligned
            .map(|(md, found)| md[found[n].range.clone()].to_owned())
            .unwrap_or_default();
        let line = main.first_line + main.markdown[..block.range.start].matches('\n').count();
        entries.push(Entry {
            context: format!("{}:{BODY}[{n}]", slashes(file)),
            source: main.markdown[block.range.clone()].to_owned(),
            translation,
            comments: vec![format!(
                "{label}, body: {}. Keep the Markdown marks (**, `code`, [links](…), [^1]).",
                block.kind.describe()
            )],
            reference: Some(format!("{}:{line}", slashes(file))),
            fuzzy: false,
        });
    }
}

/// What an import did and did not do.
#[derive(Debug, Default)]
pub struct Imported {
    /// The files written, relative to the site.
    pub written: Vec<PathBuf>,
    /// How many translations were written.
    pub translations: usize,
    /// Entries left as they are, with why: empty, fuzzy, already the same.
    pub skipped: Vec<(String, &'static str)>,
    /// Entries not imported because the source text changed since the export, or the file or
    /// field is gone, or the text cannot be written there: (context, line in the PO file,
    /// why).
    pub refused: Vec<(String, usize, String)>,
}

/// Writes the translations of `entries` (from a PO file, each with its line) into `lang` in the
/// files of `site`. A file is written whole or not at all.
pub fn import(
    site: &LoadedSite,
    lang: &str,
    entries: &[(usize, Entry)],
) -> std::io::Result<Imported> {
    let root = site.root.as_path();
    let config = &site.config.data;
    let default = config.default_language.clone();
    let languages = config.languages.clone();
    let mut report = Imported::default();

    // What each context names now: its source text, and where its translation goes.
    let current: BTreeMap<String, Entry> = collect(site, lang, false, false)
        .into_iter()
        .map(|e| (e.context.clone(), e))
        .collect();

    // Edits by file: (field path, translation).
    let mut yaml_edits: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    let mut front_edits: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    let mut bodies: BTreeMap<String, BTreeMap<usize, String>> = BTreeMap::new();
    for (line, entry) in entries {
        let context = entry.context.clone();
        if entry.fuzzy {
            report.skipped.push((context, "marked fuzzy"));
            continue;
        }
        if entry.translation.trim().is_empty() {
            report.skipped.push((context, "empty"));
            continue;
        }
        let Some(now) = current.get(&context) else {
            report.refused.push((
                context,
                *line,
                "no such text in the site (the file or field is gone)".to_owned(),
            ));
            continue;
        };
        if now.source != entry.source {
            report.refused.push((
                context,
                *line,
                "the source text changed since the export; export again".to_owned(),
            ));
            continue;
        }
        if now.translation == entry.translation {
            report.skipped.push((context, "already translated so"));
            continue;
        }
        let (file, path) = context.split_once(':').expect("contexts are file:path");
        let is_markdown = file.ends_with(".md");
        if let Some(n) = path
            .strip_prefix(&format!("{BODY}["))
            .and_then(|r| r.strip_suffix(']'))
            .and_then(|n| n.parse::<usize>().ok())
            .filter(|_| is_markdown)
        {
            bodies
                .entry(file.to_owned())
                .or_default()
                .insert(n, entry.translation.clone());
        } else if is_markdown && translated_fields(file).contains(&path) {
            front_edits
                .entry(file.to_owned())
                .or_default()
                .push((path.to_owned(), entry.translation.clone()));
        } else {
            yaml_edits
                .entry(file.to_owned())
                .or_default()
                .push((path.to_owned(), entry.translation.clone()));
        }
    }

    let mut writes: Vec<(PathBuf, String)> = Vec::new();
    let line_of = |context: &str| {
        entries
            .iter()
            .find(|(_, e)| e.context == context)
            .map_or(0, |(l, _)| *l)
    };

    // Texts in YAML files and in the front matter of Markdown files' main files.
    for (file, edits) in &yaml_edits {
        let Ok(original) = std::fs::read_to_string(root.join(file)) else {
            continue;
        };
        let (bom, text) = split_bom(&original);
        let yaml_range = yaml_part(file, text);
        let mut yaml = text[yaml_range.clone()].to_owned();
        let mut count = 0;
        let mut written = Vec::new();
        for (path, value) in edits {
            match yaml::set_translation(&yaml, path, lang, value, &default, &languages) {
                Ok(new) => {
                    yaml = new;
                    count += 1;
                    written.push((path.as_str(), value.as_str()));
                }
                Err(e) => {
                    let context = format!("{file}:{path}");
                    let line = line_of(&context);
                    report.refused.push((context, line, e.to_string()));
                }
            }
        }
        // The file must read as before with the translations added, or it is not written:
        // a shape of YAML the edits do not foresee loses nothing.
        if count > 0
            && let Err(why) =
                yaml::check_edit(&text[yaml_range.clone()], &yaml, lang, &default, &written)
        {
            for (path, _) in &written {
                let context = format!("{file}:{path}");
                let line = line_of(&context);
                report.refused.push((context, line, why.clone()));
            }
            count = 0;
        }
        if count > 0 {
            let new = format!(
                "{bom}{}{yaml}{}",
                &text[..yaml_range.start],
                &text[yaml_range.end..]
            );
            writes.push((PathBuf::from(file), new));
            report.translations += count;
        }
    }

    // A Markdown kind's translation file: its front matter's fields and its body.
    let files: std::collections::BTreeSet<&String> =
        front_edits.keys().chain(bodies.keys()).collect();
    for file in files {
        let main_path = root.join(file);
        let translation_rel = translation_file(file, lang);
        let existing = std::fs::read_to_string(root.join(&translation_rel)).ok();
        let (bom, existing_text) = existing.as_deref().map_or(("", ""), split_bom);
        let (mut front, mut body) = match load::split_front_matter(existing_text) {
            Some((yaml, _, body, _)) => (yaml.to_owned(), body.to_owned()),
            None => (String::new(), String::new()),
        };
        let mut count = 0;
        for (path, value) in front_edits.get(file).into_iter().flatten() {
            match yaml::set_field(&front, path, value) {
                Ok(new) => {
                    front = new;
                    count += 1;
                }
                Err(e) => {
                    let context = format!("{file}:{path}");
                    let line = line_of(&context);
                    report.refused.push((context, line, e.to_string()));
                }
            }
        }
        if let Some(translated) = bodies.get(file) {
            let main = std::fs::read_to_string(&main_path).unwrap_or_default();
            let (_, main) = split_bom(&main);
            let source = load::split_front_matter(main).map_or("", |(_, _, b, _)| b);
            let found = blocks::blocks(source);
            // The translation of each block, this import's or the file's own.
            let own: Vec<String> = {
                let theirs = blocks::blocks(&body);
                if theirs.len() == found.len() {
                    theirs
                        .iter()
                        .map(|b| body[b.range.clone()].to_owned())
                        .collect()
                } else {
                    vec![String::new(); found.len()]
                }
            };
            let texts: Vec<&str> = (0..found.len())
                .map(|n| {
                    translated
                        .get(&n)
                        .map(String::as_str)
                        .unwrap_or(own[n].as_str())
                })
                .collect();
            let missing = texts.iter().filter(|t| t.trim().is_empty()).count();
            if missing == 0 {
                body = blocks::replace(source, &found, &texts);
                count += translated.len();
            } else {
                for n in translated.keys() {
                    let context = format!("{file}:{BODY}[{n}]");
                    let line = line_of(&context);
                    report.refused.push((
                        context,
                        line,
                        format!(
                            "the body is written when every block is translated: {missing} of {} are not yet",
                            found.len()
                        ),
                    ));
                }
            }
        }
        if count > 0 {
            let new = format!("{bom}---\n{front}---\n{body}");
            writes.push((translation_rel, new));
            report.translations += count;
        }
    }

    for (rel, text) in &writes {
        write_file(&root.join(rel), text)?;
        report.written.push(rel.clone());
    }
    report.written.sort();
    Ok(report)
}

/// The fields a translation file of the Markdown record `file` (`content/reports/x.md`) gives
/// in its front matter.
fn translated_fields(file: &str) -> &'static [&'static str] {
    let folder = file.split('/').nth(1).unwrap_or_default();
    Kind::from_folder(folder).map_or(&[], |kind| kind.def().translated_fields)
}

/// `content/reports/x.md` → `content/reports/x.ja.md`.
fn translation_file(file: &str, lang: &str) -> PathBuf {
    PathBuf::from(format!(
        "{}.{lang}.md",
        file.strip_suffix(".md").unwrap_or(file)
    ))
}

fn split_bom(text: &str) -> (&'static str, &str) {
    match text.strip_prefix('\u{feff}') {
        Some(rest) => ("\u{feff}", rest),
        None => ("", text),
    }
}

/// Where the YAML of a content file is: all of it, or a Markdown file's front matter.
fn yaml_part(file: &str, text: &str) -> std::ops::Range<usize> {
    if file.ends_with(".md")
        && let Some((yaml, ..)) = load::split_front_matter(text)
    {
        let start = yaml.as_ptr() as usize - text.as_ptr() as usize;
        return start..start + yaml.len();
    }
    0..text.len()
}

/// Written beside and renamed over: a file is replaced whole or not at all.
fn write_file(path: &Path, text: &str) -> std::io::Result<()> {
    let temp = path.with_extension("minhbach-import.tmp");
    std::fs::write(&temp, text)?;
    std::fs::rename(&temp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&temp);
    })
}

/// The language a PO file is in, from its header's `Language:`.
pub fn po_language(text: &str) -> Option<String> {
    text.lines()
        .find_map(|l| l.trim().strip_prefix("\"Language: "))
        .map(|rest| {
            rest.trim_end_matches('"')
                .trim_end_matches("\\n")
                .trim()
                .to_owned()
        })
        .filter(|l| !l.is_empty())
}
