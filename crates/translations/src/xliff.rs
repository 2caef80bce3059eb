//! XLIFF 2.1 files (OASIS), for tools that prefer them to PO (memoQ, Trados, OmegaT, Weblate).
//! <https://docs.oasis-open.org/xliff/xliff-core/v2.1/xliff-core-v2.1.html>
//!
//! One `<file>` per content file (`original` its path), one `<unit>` per text (`name` its field
//! path), one `<segment>` with the `<source>` and, when there is one, the `<target>`. Notes carry
//! what a PO file's comments carry. White space is kept (`xml:space="preserve"`): a Markdown
//! body's line breaks are part of its text.

use crate::Entry;
use output::xml_escape as escape;

/// Says that minhbach exported a file, so that exporting again may replace it.
pub const MARK: &str = "<!-- Exported by minhbach: minhbach translations import FILE -->";

/// The XLIFF document of `entries`, in the order given (a file's entries together).
pub fn write(entries: &[Entry], source_lang: &str, lang: &str) -> String {
    let mut out = format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{MARK}\n");
    out.push_str(&format!(
        "<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.1\" srcLang=\"{}\" trgLang=\"{}\" xml:space=\"preserve\">\n",
        escape(source_lang),
        escape(lang)
    ));
    let mut current: Option<&str> = None;
    for (n, entry) in entries.iter().enumerate() {
        let (file, path) = entry
            .context
            .split_once(':')
            .unwrap_or((entry.context.as_str(), ""));
        if current != Some(file) {
            if current.is_some() {
                out.push_str("  </file>\n");
            }
            out.push_str(&format!(
                "  <file id=\"f{}\" original=\"{}\">\n",
                n + 1,
                escape(file)
            ));
            current = Some(file);
        }
        out.push_str(&format!(
            "    <unit id=\"u{}\" name=\"{}\">\n",
            n + 1,
            escape(path)
        ));
        let notes: Vec<String> = entry
            .comments
            .iter()
            .map(|c| format!("<note category=\"description\">{}</note>", escape(c)))
            .chain(
                entry
                    .reference
                    .iter()
                    .map(|r| format!("<note category=\"location\">{}</note>", escape(r))),
            )
            .collect();
        if !notes.is_empty() {
            out.push_str(&format!("      <notes>{}</notes>\n", notes.concat()));
        }
        let state = if entry.translation.is_empty() {
            "initial"
        } else {
            "translated"
        };
        out.push_str(&format!("      <segment state=\"{state}\">\n"));
        out.push_str(&format!(
            "        <source>{}</source>\n",
            escape(&entry.source)
        ));
        if !entry.translation.is_empty() {
            out.push_str(&format!(
                "        <target>{}</target>\n",
                escape(&entry.translation)
            ));
        }
        out.push_str("      </segment>\n    </unit>\n");
    }
    if current.is_some() {
        out.push_str("  </file>\n");
    }
    out.push_str("</xliff>\n");
    out
}

/// The target language and the entries of an XLIFF 2 document, each with the line of its
/// unit. A unit's text is its first segment's (minhbach writes one per unit); a target with
/// inline codes (`<ph>`, `<pc>`) is refused, since no text of minhbach has them.
pub fn parse(text: &str) -> Result<(String, Vec<(usize, Entry)>), crate::po::ParseError> {
    let error = |line: usize, message: String| crate::po::ParseError { line, message };
    let doc =
        roxmltree::Document::parse(text).map_err(|e| error(e.pos().row as usize, e.to_string()))?;
    let line = |node: roxmltree::Node<'_, '_>| doc.text_pos_at(node.range().start).row as usize;
    let root = doc.root_element();
    if root.tag_name().name() != "xliff" {
        return Err(error(
            line(root),
            "the document is not XLIFF (`<xliff>`)".to_owned(),
        ));
    }
    let lang = root
        .attribute("trgLang")
        .ok_or_else(|| {
            error(
                line(root),
                "`<xliff>` names no target language (`trgLang`)".to_owned(),
            )
        })?
        .to_owned();
    let mut entries = Vec::new();
    for file in root.children().filter(|n| n.has_tag_name((NS, "file"))) {
        let original = file.attribute("original").unwrap_or_default();
        for unit in file.descendants().filter(|n| n.has_tag_name((NS, "unit"))) {
            let name = unit.attribute("name").unwrap_or_default();
            let Some(segment) = unit.children().find(|n| n.has_tag_name((NS, "segment"))) else {
                continue;
            };
            let part = |tag: &str| -> Result<String, crate::po::ParseError> {
                match segment.children().find(|n| n.has_tag_name((NS, tag))) {
                    None => Ok(String::new()),
                    Some(node) => {
                        if let Some(code) = node.children().find(|n| n.is_element()) {
                            return Err(error(
                                line(code),
                                format!(
                                    "`<{}>` inside a {tag}: write the text alone",
                                    code.tag_name().name()
                                ),
                            ));
                        }
                        Ok(node.children().filter_map(|n| n.text()).collect())
                    }
                }
            };
            entries.push((
                line(unit),
                Entry {
                    context: format!("{original}:{name}"),
                    source: part("source")?,
                    translation: part("target")?,
                    ..Entry::default()
                },
            ));
        }
    }
    Ok((lang, entries))
}

const NS: &str = "urn:oasis:names:tc:xliff:document:2.0";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_survive_a_round_trip() {
        let entries = vec![
            Entry {
                context: "content/a.yaml:dossier[1].name".into(),
                source: "Tờ khai <mẫu> & \"bản\"\ndòng hai".into(),
                translation: "Form".into(),
                comments: vec!["procedure a: The document.".into()],
                reference: Some("content/a.yaml:3".into()),
                fuzzy: false,
            },
            Entry {
                context: "content/a.yaml:name".into(),
                source: "Tên".into(),
                ..Entry::default()
            },
            Entry {
                context: "content/r.md:body[0]".into(),
                source: "  **Đậm**\n".into(),
                ..Entry::default()
            },
        ];
        let text = write(&entries, "vi", "en");
        assert_eq!(text.matches("<file ").count(), 2);
        let (lang, back) = parse(&text).unwrap();
        assert_eq!(lang, "en");
        let back: Vec<(String, String, String)> = back
            .into_iter()
            .map(|(_, e)| (e.context, e.source, e.translation))
            .collect();
        let expect: Vec<(String, String, String)> = entries
            .into_iter()
            .map(|e| (e.context, e.source, e.translation))
            .collect();
        assert_eq!(back, expect);
    }

    #[test]
    fn a_broken_document_names_its_line() {
        let err = parse("<?xml version=\"1.0\"?>\n<xliff>\n<file>\n</xliff>\n").unwrap_err();
        assert_eq!(err.line, 4);
    }
}
