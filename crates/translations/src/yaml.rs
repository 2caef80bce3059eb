//! Writing one translation into a YAML document and changing no other byte: comments, order,
//! quoting and layout stay as the author left them. The document is read once into a tree of
//! nodes with their byte ranges (saphyr's event parser), the text's node is found by its field
//! path (`dossier[1].note`), and only its bytes change.

use saphyr_parser::{Event, Parser, ScalarStyle};
use std::ops::Range;

/// A node of the document, with the byte range of its source.
#[derive(Debug)]
enum Node {
    Scalar {
        range: Range<usize>,
        style: ScalarStyle,
        value: String,
        /// Inside a flow collection (`{…}`, `[…]`), where a map is written `{vi: …}`.
        in_flow: bool,
    },
    Map {
        range: Range<usize>,
        flow: bool,
        entries: Vec<(String, Range<usize>, Node)>,
    },
    Seq {
        items: Vec<Node>,
    },
    /// An alias: a value repeated from elsewhere, which cannot be changed here alone.
    Alias,
}

/// Why a translation could not be written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    #[error("the file is not valid YAML: {0}")]
    Syntax(String),
    #[error("there is no `{0}` in the file")]
    NoField(String),
    #[error("`{0}` is written as a block (`|` or `>`): write it as `{1}: …` first")]
    Block(String, String),
    #[error("`{0}` repeats another value (an alias); write it out first")]
    Alias(String),
    #[error("`{0}` is not a text")]
    NotText(String),
}

struct Tree<'a> {
    text: &'a str,
    /// The byte offset of each character, and the length at the end.
    offsets: Vec<usize>,
}

impl<'a> Tree<'a> {
    fn new(text: &'a str) -> Self {
        let mut offsets: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        offsets.push(text.len());
        Tree { text, offsets }
    }

    fn byte(&self, char_index: usize) -> usize {
        self.offsets
            .get(char_index)
            .copied()
            .unwrap_or(self.text.len())
    }

    fn parse(&self) -> Result<Node, EditError> {
        let mut events = Parser::new_from_str(self.text).map(|e| {
            e.map(|(event, span)| {
                (
                    event,
                    self.byte(span.start.index())..self.byte(span.end.index()),
                )
            })
            .map_err(|e| EditError::Syntax(e.to_string()))
        });
        loop {
            match events.next() {
                Some(Ok((Event::DocumentStart(_), _))) => break,
                Some(Ok(_)) => {}
                Some(Err(e)) => return Err(e),
                None => return Err(EditError::Syntax("the file is empty".to_owned())),
            }
        }
        let first = events
            .next()
            .ok_or_else(|| EditError::Syntax("the file is empty".to_owned()))??;
        self.node(first, &mut events, false)
    }

    fn node(
        &self,
        (event, range): (Event<'_>, Range<usize>),
        events: &mut impl Iterator<Item = Result<(Event<'a>, Range<usize>), EditError>>,
        in_flow: bool,
    ) -> Result<Node, EditError> {
        Ok(match event {
            Event::Scalar(value, style, ..) => Node::Scalar {
                range,
                style,
                value: value.into_owned(),
                in_flow,
            },
            Event::Alias(_) => Node::Alias,
            Event::MappingStart(..) => {
                let flow = self.text[range.start..].starts_with('{');
                let start = range.start;
                let mut entries = Vec::new();
                loop {
                    let (event, key_range) = events
                        .next()
                        .ok_or_else(|| EditError::Syntax("a mapping does not end".to_owned()))??;
                    match event {
                        Event::MappingEnd => {
                            return Ok(Node::Map {
                                range: start..key_range.end,
                                flow,
                                entries,
                            });
                        }
                        Event::Scalar(key, ..) => {
                            let value_event = events.next().ok_or_else(|| {
                                EditError::Syntax("a key has no value".to_owned())
                            })??;
                            let value = self.node(value_event, events, in_flow || flow)?;
                            entries.push((key.into_owned(), key_range, value));
                        }
                        other => {
                            // A key that is not a plain string: read past its value.
                            self.node((other, key_range), events, in_flow || flow)?;
                            let value_event = events.next().ok_or_else(|| {
                                EditError::Syntax("a key has no value".to_owned())
                            })??;
                            self.node(value_event, events, in_flow || flow)?;
                        }
                    }
                }
            }
            Event::SequenceStart(..) => {
                let flow = in_flow || self.text[range.start..].starts_with('[');
                let mut items = Vec::new();
                loop {
                    let next = events
                        .next()
                        .ok_or_else(|| EditError::Syntax("a list does not end".to_owned()))??;
                    if matches!(next.0, Event::SequenceEnd) {
                        return Ok(Node::Seq { items });
                    }
                    items.push(self.node(next, events, flow)?);
                }
            }
            _ => return Err(EditError::Syntax("an unexpected event".to_owned())),
        })
    }
}

/// The segments of a field path: `dossier[1].note` is `dossier`, `[1]`, `note`.
enum Segment<'p> {
    Key(&'p str),
    Index(usize),
}

fn segments(path: &str) -> Vec<Segment<'_>> {
    let mut out = Vec::new();
    for part in path.split('.') {
        let (key, mut rest) = part.split_once('[').map_or((part, ""), |(k, r)| (k, r));
        if !key.is_empty() {
            out.push(Segment::Key(key));
        }
        while let Some((index, after)) = rest.split_once(']') {
            if let Ok(i) = index.parse() {
                out.push(Segment::Index(i));
            }
            rest = after.strip_prefix('[').unwrap_or(after);
        }
    }
    out
}

fn find<'n>(root: &'n Node, path: &str) -> Option<(&'n Node, Option<&'n Range<usize>>)> {
    let mut node = root;
    let mut key_range = None;
    for segment in segments(path) {
        (node, key_range) = match (segment, node) {
            (Segment::Key(k), Node::Map { entries, .. }) => entries
                .iter()
                .find(|(key, ..)| key == k)
                .map(|(_, range, value)| (value, Some(range)))?,
            (Segment::Index(i), Node::Seq { items }) => (items.get(i)?, None),
            _ => return None,
        };
    }
    Some((node, key_range))
}

/// The column (in bytes from the line's start) of `offset`, and the line's start.
fn column(text: &str, offset: usize) -> usize {
    offset - text[..offset].rfind('\n').map_or(0, |i| i + 1)
}

/// The end of the line `offset` is on (the offset of its `\n`, or the end of the text).
fn line_end(text: &str, offset: usize) -> usize {
    text[offset..].find('\n').map_or(text.len(), |i| offset + i)
}

/// A YAML double-quoted scalar of `value`.
pub fn quoted(value: &str) -> String {
    serde_json::to_string(value).expect("strings serialise")
}

/// The text at `path` of the document `yaml` with `value` as its translation in `lang`.
/// A text that is a map gets the language's line, in the site's language order
/// (`languages`) among those it has, or its value replaced if it has one; a text written as a
/// plain string (in the default language `default`) becomes a map of the two.
pub fn set_translation(
    yaml: &str,
    path: &str,
    lang: &str,
    value: &str,
    default: &str,
    languages: &[String],
) -> Result<String, EditError> {
    let tree = Tree::new(yaml);
    let root = tree.parse()?;
    let (node, key_range) = find(&root, path).ok_or_else(|| EditError::NoField(path.to_owned()))?;
    let new = quoted(value);
    let mut out = yaml.to_owned();
    match node {
        Node::Alias => return Err(EditError::Alias(path.to_owned())),
        Node::Seq { .. } => return Err(EditError::NotText(path.to_owned())),
        Node::Scalar {
            range,
            style,
            in_flow,
            ..
        } => {
            if matches!(style, ScalarStyle::Literal | ScalarStyle::Folded) {
                return Err(EditError::Block(path.to_owned(), default.to_owned()));
            }
            let original = &yaml[range.clone()];
            if original.contains('\n') {
                return Err(EditError::Block(path.to_owned(), default.to_owned()));
            }
            let (a, b) = order(default, lang, languages);
            let pair = [
                (a, if a == default { original } else { &new }),
                (b, if b == default { original } else { &new }),
            ];
            if *in_flow {
                // `[a, b]` or `{name: a}`: the text becomes a flow map in its place.
                let map = format!(
                    "{{{}: {}, {}: {}}}",
                    pair[0].0, pair[0].1, pair[1].0, pair[1].1
                );
                out.replace_range(range.clone(), &map);
                return Ok(out);
            }
            let replacement = match key_range {
                // `name: text` becomes a block mapping below the key.
                Some(key) => {
                    let indent = " ".repeat(column(yaml, key.start) + 2);
                    let lines: Vec<String> = pair
                        .iter()
                        .map(|(l, v)| format!("\n{indent}{l}: {v}"))
                        .collect();
                    // From just after the colon, so that `name:  x` keeps no trailing space.
                    let colon = yaml[key.end..range.start]
                        .find(':')
                        .map_or(range.start, |i| key.end + i + 1);
                    out.replace_range(colon..range.end, &lines.concat());
                    return Ok(out);
                }
                // A list item `- text` becomes `- vi: text` and the next line, aligned.
                None => {
                    let indent = " ".repeat(column(yaml, range.start));
                    format!(
                        "{}: {}\n{indent}{}: {}",
                        pair[0].0, pair[0].1, pair[1].0, pair[1].1
                    )
                }
            };
            out.replace_range(range.clone(), &replacement);
        }
        Node::Map {
            range,
            flow,
            entries,
        } => {
            if let Some((_, key, existing)) = entries.iter().find(|(k, ..)| k == lang) {
                match existing {
                    Node::Scalar { range, style, .. } => {
                        let (region, before, breaks) = value_region(yaml, key, range, *style);
                        out.replace_range(region, &format!("{before}{new}{}", "\n".repeat(breaks)));
                    }
                    _ => return Err(EditError::NotText(format!("{path}.{lang}"))),
                }
                return Ok(out);
            }
            if entries.is_empty() {
                return Err(EditError::NotText(path.to_owned()));
            }
            let rank = |l: &str| languages.iter().position(|x| x == l).unwrap_or(usize::MAX);
            let before = entries
                .iter()
                .rposition(|(k, ..)| rank(k) < rank(lang))
                .unwrap_or(entries.len() - 1);
            if *flow {
                // `{vi: a, en: b}`: after the entry it follows, or before the first.
                let (_, _, after) = &entries[before];
                let end = node_end(after).unwrap_or(range.end - 1);
                out.insert_str(end, &format!(", {lang}: {new}"));
            } else {
                let (_, first_key, _) = &entries[0];
                let indent = " ".repeat(column(yaml, first_key.start));
                let (_, _, after) = &entries[before];
                let end = node_end(after).ok_or_else(|| EditError::NotText(path.to_owned()))?;
                let at = line_end(yaml, end);
                out.insert_str(at, &format!("\n{indent}{lang}: {new}"));
            }
        }
    }
    Ok(out)
}

/// Where a value written after `key` sits, to be replaced by a one-line value: the scalar
/// itself, or, for a block scalar (`|`, `>`), from the space after the key's colon to the end of
/// its lines (saphyr's range of a block scalar starts at its first line of text), with the line
/// breaks after it to keep.
fn value_region(
    yaml: &str,
    key: &Range<usize>,
    value: &Range<usize>,
    style: ScalarStyle,
) -> (Range<usize>, &'static str, usize) {
    if matches!(style, ScalarStyle::Literal | ScalarStyle::Folded) {
        let colon = yaml[key.end..value.start]
            .find(':')
            .map_or(value.start, |i| key.end + i + 1);
        // The range runs on to the next token: keep the indentation of the line after it.
        let text = &yaml[value.clone()];
        let end = text.rfind('\n').map_or(text.len(), |i| i + 1);
        let breaks = text[text.trim_end().len()..end].matches('\n').count();
        (colon..value.start + end, " ", breaks.max(1))
    } else {
        (value.clone(), "", 0)
    }
}

/// The two languages in the site's order.
fn order<'l>(default: &'l str, lang: &'l str, languages: &[String]) -> (&'l str, &'l str) {
    let rank = |l: &str| languages.iter().position(|x| x == l).unwrap_or(usize::MAX);
    if rank(lang) < rank(default) {
        (lang, default)
    } else {
        (default, lang)
    }
}

fn node_end(node: &Node) -> Option<usize> {
    match node {
        Node::Scalar { range, .. } | Node::Map { range, .. } => Some(range.end),
        _ => None,
    }
}

/// The document with the top-level `key` set to the string `value`: its value replaced, or a
/// line added at the end (a translation file's front matter: `title: …`).
pub fn set_field(yaml: &str, key: &str, value: &str) -> Result<String, EditError> {
    let new = quoted(value);
    let mut out = yaml.to_owned();
    let tree = Tree::new(yaml);
    match tree.parse() {
        Ok(Node::Map {
            entries,
            flow: false,
            ..
        }) => {
            if let Some((_, key_range, node)) = entries.iter().find(|(k, ..)| k == key) {
                match node {
                    Node::Scalar { range, style, .. } => {
                        let (region, before, breaks) = value_region(yaml, key_range, range, *style);
                        out.replace_range(region, &format!("{before}{new}{}", "\n".repeat(breaks)));
                        return Ok(out);
                    }
                    _ => return Err(EditError::NotText(key.to_owned())),
                }
            }
        }
        // Comments only, or nothing: the line is the first.
        Err(EditError::Syntax(_))
            if yaml
                .lines()
                .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#')) => {}
        Ok(Node::Scalar { value, .. }) if value.is_empty() || value == "~" => {}
        Ok(_) => return Err(EditError::NotText(key.to_owned())),
        Err(e) => return Err(e),
    }
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(&format!("{key}: {new}\n"));
    Ok(out)
}

/// Whether `after` says what `before` says with the translations `written` (field path and
/// text) added in `lang`, and nothing else changed: the same values once every `lang` line is
/// taken out and a text left with only its `default` line is read as that line.
pub fn check_edit(
    before: &str,
    after: &str,
    lang: &str,
    default: &str,
    written: &[(&str, &str)],
) -> Result<(), String> {
    use serde_yaml::Value;
    const UNSAFE: &str =
        "the file would not read as before with the translation added; add it by hand";
    fn without(value: &Value, lang: &str, default: &str) -> Value {
        match value {
            Value::Mapping(map) => {
                let mut out = serde_yaml::Mapping::new();
                for (k, v) in map {
                    if k.as_str() != Some(lang) {
                        out.insert(k.clone(), without(v, lang, default));
                    }
                }
                match out.get(default) {
                    Some(text @ Value::String(_)) if out.len() == 1 => text.clone(),
                    _ => Value::Mapping(out),
                }
            }
            Value::Sequence(items) => {
                Value::Sequence(items.iter().map(|v| without(v, lang, default)).collect())
            }
            other => other.clone(),
        }
    }
    let parse = |text: &str| serde_yaml::from_str::<Value>(text).map_err(|_| UNSAFE.to_owned());
    let (old, new) = (parse(before)?, parse(after)?);
    if without(&old, lang, default) != without(&new, lang, default) {
        return Err(UNSAFE.to_owned());
    }
    for (path, text) in written {
        let mut at = &new;
        for segment in segments(path) {
            at = match segment {
                Segment::Key(k) => &at[k],
                Segment::Index(i) => &at[i],
            };
        }
        if at[lang].as_str() != Some(*text) {
            return Err(UNSAFE.to_owned());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn langs() -> Vec<String> {
        ["vi", "en", "ja", "zh", "ko"].map(String::from).to_vec()
    }

    fn set(yaml: &str, path: &str, lang: &str, value: &str) -> String {
        set_translation(yaml, path, lang, value, "vi", &langs()).unwrap()
    }

    #[test]
    fn a_language_joins_a_block_map_in_the_sites_order() {
        let yaml = "# note\nname:\n  vi: Tên   # the name\n  en: Name\n  ko: 이름\nsummary: x\n";
        assert_eq!(
            set(yaml, "name", "ja", "名前"),
            "# note\nname:\n  vi: Tên   # the name\n  en: Name\n  ja: \"名前\"\n  ko: 이름\nsummary: x\n"
        );
    }

    #[test]
    fn an_existing_translation_is_replaced_in_place() {
        let yaml = "name:\n  vi: 'Tên'\n  ja: ''\n";
        assert_eq!(
            set(yaml, "name", "ja", "名"),
            "name:\n  vi: 'Tên'\n  ja: \"名\"\n"
        );
    }

    #[test]
    fn a_plain_text_becomes_a_map() {
        assert_eq!(
            set("code: \"1\"\nname: Tên  # c\nx: 1\n", "name", "en", "Name"),
            "code: \"1\"\nname:\n  vi: Tên\n  en: \"Name\"  # c\nx: 1\n"
        );
        assert_eq!(
            set("steps:\n  - Một\n  - Hai\n", "steps[1]", "en", "Two"),
            "steps:\n  - Một\n  - vi: Hai\n    en: \"Two\"\n"
        );
    }

    #[test]
    fn a_plain_text_in_a_flow_collection_becomes_a_flow_map() {
        assert_eq!(
            set("steps: [Một, Hai]\n", "steps[1]", "en", "Two"),
            "steps: [Một, {vi: Hai, en: \"Two\"}]\n"
        );
        assert_eq!(
            set(
                "dossier: [{name: Tờ khai, copies: 1}]\n",
                "dossier[0].name",
                "en",
                "Form"
            ),
            "dossier: [{name: {vi: Tờ khai, en: \"Form\"}, copies: 1}]\n"
        );
    }

    #[test]
    fn flow_maps_and_nested_paths() {
        assert_eq!(
            set(
                "dossier:\n  - name: {vi: Tờ khai, ko: 신고서}\n",
                "dossier[0].name",
                "en",
                "Form"
            ),
            "dossier:\n  - name: {vi: Tờ khai, en: \"Form\", ko: 신고서}\n"
        );
    }

    #[test]
    fn a_block_translation_is_replaced_by_a_line() {
        let yaml = "notes:\n  vi: |\n    a\n    b\n  ja: >-\n    c\n    d\n\nx: 1\n";
        assert_eq!(
            set(yaml, "notes", "ja", "新"),
            "notes:\n  vi: |\n    a\n    b\n  ja: \"新\"\n\nx: 1\n"
        );
        let yaml = "notes:\n  ja: |\n    c\n  zh: |\n    d\nx: 1\n";
        assert_eq!(
            set(yaml, "notes", "ja", "新"),
            "notes:\n  ja: \"新\"\n  zh: |\n    d\nx: 1\n"
        );
        assert_eq!(
            set_field("title: |\n  Cũ\nsummary: ~\n", "title", "T").unwrap(),
            "title: \"T\"\nsummary: ~\n"
        );
    }

    #[test]
    fn an_edit_is_checked_against_the_file_before_it() {
        let before = "name:\n  vi: Tên\nsteps: [Một]\n";
        let after = set(before, "name", "en", "Name");
        assert_eq!(
            check_edit(before, &after, "en", "vi", &[("name", "Name")]),
            Ok(())
        );
        let after = set(&after, "steps[0]", "en", "One");
        assert_eq!(
            check_edit(
                before,
                &after,
                "en",
                "vi",
                &[("name", "Name"), ("steps[0]", "One")]
            ),
            Ok(())
        );
        // Something else changed, or the text is not where it should be: refused.
        let broken = after.replace("Tên", "Tên mới");
        assert!(check_edit(before, &broken, "en", "vi", &[("name", "Name")]).is_err());
        assert!(check_edit(before, &after, "en", "vi", &[("name", "Other")]).is_err());
        assert!(check_edit(before, "name: [", "en", "vi", &[]).is_err());
    }

    #[test]
    fn what_cannot_be_written_says_why() {
        assert_eq!(
            set_translation("a: 1\n", "name", "en", "x", "vi", &langs()),
            Err(EditError::NoField("name".to_owned()))
        );
        assert!(matches!(
            set_translation("name: |\n  Tên\n", "name", "en", "x", "vi", &langs()),
            Err(EditError::Block(..))
        ));
    }

    #[test]
    fn front_matter_fields_are_set_or_added() {
        assert_eq!(
            set_field("title: ~\nsummary: ~\n", "summary", "S").unwrap(),
            "title: ~\nsummary: \"S\"\n"
        );
        assert_eq!(
            set_field("title: ~\n", "issuer", "I").unwrap(),
            "title: ~\nissuer: \"I\"\n"
        );
        assert_eq!(
            set_field("# only a comment\n", "title", "T").unwrap(),
            "# only a comment\ntitle: \"T\"\n"
        );
        assert_eq!(set_field("", "title", "T").unwrap(), "title: \"T\"\n");
    }
}
