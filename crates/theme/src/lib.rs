//! The theme: Tera templates, the user-interface strings of every language, and static files.
//!
//! A theme lives in `themes/<name>/` with `templates/*.html`, `i18n/<lang>.yaml` (a flat map of
//! string keys) and `static/` (copied to the output root). Templates use strings as `t.key`; a
//! key used by a template but missing in a language is an error, found before anything renders,
//! so that no page ever shows an empty label.

use diagnostics::{Diagnostic, Diagnostics, Position, display_path};
use load::files::{self, DEFAULT_MAX_FILE_SIZE};
use load::read_source;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// The user-interface strings of one language.
pub type Strings = BTreeMap<String, String>;

pub struct Theme {
    /// The templates as written.
    pub tera: tera::Tera,
    /// The same templates minified ([`minify::template`]), for minified output; `None`
    /// when built without the `minify` feature.
    pub minified: Option<tera::Tera>,
    /// Strings by language code.
    pub strings: BTreeMap<String, Strings>,
    /// Files to copy: path below the output root, and contents (read once, when the theme loads).
    pub static_files: Vec<(PathBuf, Vec<u8>)>,
}

/// Load the theme `name` of the site at `root` for `languages`.
pub fn load_theme(root: &Path, name: &str, languages: &[String]) -> (Option<Theme>, Diagnostics) {
    let mut diags = Diagnostics::new();
    if !is_plain_name(name) {
        // site.yaml's check reports it, at the `theme:` line; nothing is read.
        return (None, diags);
    }
    let rel_dir = Path::new("themes").join(name);
    let dir = root.join(&rel_dir);
    let mut tera = new_tera();
    if std::fs::symlink_metadata(&dir).is_err() {
        // No such theme: site.yaml's check reports it, with the themes there are.
        return (None, diags);
    }
    // No link on the way to the theme's files, nor among them (see load::files).
    for sub in ["templates", "i18n", "static"] {
        if let Err(d) = files::check_dir(root, &rel_dir.join(sub)) {
            diags.push(d);
            return (None, diags);
        }
    }
    // The entries of a walk that does not follow links, each checked: a link or a pipe is an
    // error, folders are walked, files are read.
    let walk = |dir: &Path, diags: &mut Diagnostics| -> Vec<(PathBuf, walkdir::DirEntry)> {
        let mut out = Vec::new();
        for entry in WalkDir::new(dir).sort_by_file_name().into_iter().flatten() {
            let rel = entry
                .path()
                .strip_prefix(root)
                .unwrap_or(entry.path())
                .to_owned();
            match files::check_entry(&rel, entry.file_type()) {
                Ok(false) => out.push((rel, entry)),
                Ok(true) => {}
                Err(d) => diags.push(d),
            }
        }
        out
    };

    let mut templates: Vec<(String, String)> = Vec::new();
    let mut used_keys: BTreeMap<String, (Position, std::sync::Arc<load::SourceFile>)> =
        BTreeMap::new();
    for (rel, entry) in walk(&dir.join("templates"), &mut diags) {
        let Ok(file) = read_source(root, &rel, DEFAULT_MAX_FILE_SIZE).map_err(|d| diags.push(d))
        else {
            continue;
        };
        let name = display_path(
            entry
                .path()
                .strip_prefix(dir.join("templates"))
                .unwrap_or(entry.path()),
        );
        for (key, offset) in string_keys(&file.text) {
            let pos = Position::from_offset(&file.text, offset);
            used_keys.entry(key).or_insert_with(|| (pos, file.clone()));
        }
        templates.push((name, file.text.clone()));
    }
    if templates.is_empty() {
        diags.push(
            Diagnostic::new(&rel_dir, "the theme has no templates")
                .hint("a theme needs templates/*.html"),
        );
        return (None, diags);
    }
    // The templates as written are compiled first, so that errors point at their own lines.
    let minified: Vec<(String, String)> = templates
        .iter()
        .map(|(name, text)| {
            let text = match name.ends_with(".html") {
                true => minify::template(text).unwrap_or_else(|| text.clone()),
                false => text.clone(),
            };
            (name.clone(), text)
        })
        .collect();
    if let Err(e) = tera.add_raw_templates(templates) {
        diags.push(Diagnostic::new(
            rel_dir.join("templates"),
            format!("template error:\n{e}"),
        ));
        return (None, diags);
    }
    let minified = minify::ENABLED
        .then(|| {
            let mut tera = new_tera();
            tera.add_raw_templates(minified).ok().map(|()| tera)
        })
        .flatten();

    let mut strings = BTreeMap::new();
    for lang in languages {
        let rel = rel_dir.join("i18n").join(format!("{lang}.yaml"));
        let file = match read_source(root, &rel, DEFAULT_MAX_FILE_SIZE) {
            Ok(f) => f,
            Err(d) => {
                diags.push(d.hint(format!(
                    "every language of the site needs its strings in {}",
                    display_path(&rel)
                )));
                continue;
            }
        };
        // The same look as content files get: no tags, no alias bombs, no deep nesting.
        if load::screen::needed(&file.text) {
            let found = load::screen::screen(&file.text, 1);
            if !found.is_empty() {
                for f in found {
                    diags.push(
                        Diagnostic::new(&rel, f.message)
                            .at(f.position)
                            .with_source(&file.text)
                            .hint(f.hint),
                    );
                }
                continue;
            }
        }
        match serde_yaml::from_str::<Strings>(&file.text) {
            Ok(map) => {
                let spans = load::spans::SpanIndex::build(&file.text, 1);
                for (key, value) in &map {
                    if value.trim().is_empty() {
                        let mut d = Diagnostic::new(&rel, format!("the string `{key}` is empty"));
                        if let Some(p) = spans.value(key) {
                            d = d.at(p).with_source(&file.text);
                        }
                        diags.push(d.hint("write the text, or delete the key from every language"));
                    }
                }
                strings.insert(lang.clone(), map);
            }
            Err(e) => {
                let reported = e.location().map(|l| Position::new(l.line(), l.column()));
                let plain = load::explain_yaml_error(
                    &e.to_string(),
                    &file.text,
                    1,
                    reported.unwrap_or_default(),
                );
                let mut d =
                    Diagnostic::new(&rel, format!("cannot read the strings: {}", plain.message));
                if let Some(p) = plain.position.or(reported) {
                    d = d.at(p).with_source(&file.text);
                }
                diags.push(d.hint(format!(
                    "the file is a flat map: `key: text` on each line; {}",
                    plain.hint
                )));
            }
        }
    }
    for (key, (pos, file)) in &used_keys {
        for (lang, map) in &strings {
            if !map.contains_key(key) {
                diags.push(
                    Diagnostic::new(
                        &file.path,
                        format!("the string `{key}` is missing in language `{lang}`"),
                    )
                    .at(*pos)
                    .with_source(&file.text)
                    .hint(format!(
                        "add `{key}: …` to {}",
                        display_path(&rel_dir.join("i18n").join(format!("{lang}.yaml")))
                    )),
                );
            }
        }
    }

    let mut static_files = Vec::new();
    let static_dir = dir.join("static");
    for (rel, entry) in walk(&static_dir, &mut diags) {
        let below = entry
            .path()
            .strip_prefix(&static_dir)
            .unwrap_or(entry.path())
            .to_owned();
        // Static files (fonts, images) are copied as they are, whatever their size.
        match files::read_file(root, &rel, u64::MAX) {
            Ok(bytes) => static_files.push((below, bytes)),
            Err(d) => diags.push(d),
        }
    }
    if diags.is_empty() {
        (
            Some(Theme {
                tera,
                minified,
                strings,
                static_files,
            }),
            diags,
        )
    } else {
        (None, diags)
    }
}

/// Whether `name` (site.yaml's `theme:`) is a plain folder name, the only kind that stays
/// inside themes/: no separator, no `..`, no drive letter, nothing hidden.
pub fn is_plain_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_' || c == '.')
}

/// The themes in `root`'s themes/ folder, by name, for a hint.
pub fn available(root: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root.join("themes"))
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| is_plain_name(n))
        .collect();
    names.sort();
    names
}

/// A Tera with this crate's escaping and filters.
fn new_tera() -> tera::Tera {
    let mut tera = tera::Tera::new();
    tera.autoescape_on(vec![".html", ".xml"]);
    register_filters(&mut tera);
    tera
}

/// Keys used as `t.key` in a template, with their byte offsets.
pub fn string_keys(template: &str) -> Vec<(String, usize)> {
    let bytes = template.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(found) = template[i..].find("t.") {
        let at = i + found;
        let boundary = at == 0
            || !(bytes[at - 1].is_ascii_alphanumeric()
                || bytes[at - 1] == b'_'
                || bytes[at - 1] == b'.');
        let key: String = template[at + 2..]
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
            .map(char::from)
            .collect();
        if boundary && !key.is_empty() && inside_tag(template, at) {
            out.push((key.clone(), at));
        }
        i = at + 2 + key.len();
    }
    out
}

/// Whether `offset` is inside a `{{ … }}` or `{% … %}` tag (not in plain HTML text).
fn inside_tag(template: &str, offset: usize) -> bool {
    let before = &template[..offset];
    let open = before
        .rfind("{{")
        .into_iter()
        .chain(before.rfind("{%"))
        .max();
    let close = before
        .rfind("}}")
        .into_iter()
        .chain(before.rfind("%}"))
        .max();
    match (open, close) {
        (Some(o), Some(c)) => o > c,
        (Some(_), None) => true,
        _ => false,
    }
}

/// The key sets of the languages must agree with the default language's, so that a translator
/// sees what is missing even for strings the templates do not use yet.
pub fn missing_keys(theme: &Theme, default_language: &str) -> BTreeMap<String, BTreeSet<String>> {
    let mut out = BTreeMap::new();
    let Some(base) = theme.strings.get(default_language) else {
        return out;
    };
    for (lang, map) in &theme.strings {
        let missing: BTreeSet<String> = base
            .keys()
            .filter(|k| !map.contains_key(*k))
            .cloned()
            .collect();
        if !missing.is_empty() {
            out.insert(lang.clone(), missing);
        }
    }
    out
}

fn register_filters(tera: &mut tera::Tera) {
    // `{{ field | loc }}`: a localised text, wrapped in a span with its language when it is a
    // fallback, so that the browser and screen readers know it is Vietnamese on an English page.
    tera.register_filter(
        "loc",
        |value: &tera::Value, _: tera::Kwargs, _: &tera::State| -> tera::TeraResult<tera::Value> {
            let Some(map) = value.as_map() else {
                return Ok(tera::Value::safe_string(&escape_html(&value.to_string())));
            };
            let get = |k: &'static str| map.get(&tera::value::Key::Str(k));
            let text_value = get("text");
            let text = text_value.and_then(|v| v.as_str()).unwrap_or_default();
            let fallback = get("fallback").and_then(|v| v.as_bool()).unwrap_or(false);
            // Most texts are in the page's language: the text itself is returned (a shared
            // string, not a copy), and the template's autoescaping escapes it as below, except
            // that it leaves `'` alone: texts with one are escaped here, so that every page
            // reads the same either way.
            if let Some(value) = text_value
                && !fallback
                && value.as_str().is_some_and(|t| !t.contains('\''))
            {
                return Ok(value.clone());
            }
            let mut html = String::with_capacity(text.len() + 32);
            if fallback {
                html.push_str("<span lang=\"");
                push_escaped_html(
                    &mut html,
                    get("lang").and_then(|v| v.as_str()).unwrap_or_default(),
                );
                html.push_str("\">");
                push_escaped_html(&mut html, text);
                html.push_str("</span>");
            } else {
                push_escaped_html(&mut html, text);
            }
            Ok(tera::Value::safe_string(&html))
        },
    );
}

/// Escape text for HTML content and attribute values.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_escaped_html(&mut out, s);
    out
}

/// Append `s` to `out`, escaped for HTML content and attribute values. The characters to escape
/// are ASCII, so the text is scanned as bytes and copied in runs between them (this runs for
/// every localised text of every page).
pub fn push_escaped_html(out: &mut String, s: &str) {
    let mut copied = 0;
    for (i, byte) in s.bytes().enumerate() {
        let entity = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&s[copied..i]);
        out.push_str(entity);
        copied = i + 1;
    }
    out.push_str(&s[copied..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_the_five_characters_and_keeps_the_rest() {
        assert_eq!(
            escape_html(r#"Sở <Ngoại> vụ & "Hải" 'Phòng'"#),
            "Sở &lt;Ngoại&gt; vụ &amp; &quot;Hải&quot; &#39;Phòng&#39;"
        );
        assert_eq!(escape_html("海防市外务厅"), "海防市外务厅");
        assert_eq!(escape_html("&"), "&amp;");
        assert_eq!(escape_html(""), "");
    }

    /// `loc` escapes a text like autoescaping does, `'` included, and marks a fallback's
    /// language, whichever way it takes.
    #[test]
    fn loc_escapes_texts_and_marks_fallbacks() {
        let mut tera = tera::Tera::default();
        register_filters(&mut tera);
        tera.autoescape_on(vec![".html"]);
        tera.add_raw_template("t.html", "{{ x | loc }}").unwrap();
        let render = |text: &str, lang: &str, fallback: bool| {
            let mut context = tera::Context::new();
            context.insert(
                "x",
                &text::Localized {
                    text: text.to_owned(),
                    lang: lang.to_owned(),
                    fallback,
                },
            );
            tera.render("t.html", &context).unwrap()
        };
        let text = r#"Sở <Ngoại> vụ & "Hải""#;
        let escaped = "Sở &lt;Ngoại&gt; vụ &amp; &quot;Hải&quot;";
        assert_eq!(render(text, "vi", false), escaped);
        assert_eq!(
            render("People's Committee", "en", false),
            "People&#39;s Committee"
        );
        assert_eq!(
            render(text, "vi", true),
            format!("<span lang=\"vi\">{escaped}</span>")
        );
        assert_eq!(
            render("it's", "vi", true),
            "<span lang=\"vi\">it&#39;s</span>"
        );
    }

    #[test]
    fn finds_string_keys_in_tags_only() {
        let keys: Vec<String> =
            string_keys("<p>t.not</p>{{ t.home }} {% if x %}{{ page.t.no }}{{t.a_b}}{% endif %}")
                .into_iter()
                .map(|(k, _)| k)
                .collect();
        assert_eq!(keys, vec!["home", "a_b"]);
    }
}
