//! gettext PO files: what Poedit, Weblate, Lokalize, OmegaT and Crowdin read and write.
//! <https://www.gnu.org/software/gettext/manual/html_node/PO-Files.html>

use crate::Entry;

/// The PO file of `entries`, with a header naming the languages.
pub fn write(entries: &[Entry], project: &str, source_lang: &str, lang: &str) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "# Translations of {project} from {source_lang} into {lang}, exported by minhbach.\n\
         # Translate each msgstr; keep the Markdown marks (**, `code`, [links](…), [^1]).\n\
         # Import with: minhbach translations import FILE\n"
    ));
    out.push_str("msgid \"\"\nmsgstr \"\"\n");
    for line in [
        format!("Project-Id-Version: {project}\n"),
        // Translation tools fill in who translated, and when (PO-Revision-Date), on save.
        "Last-Translator: \n".to_owned(),
        "Language-Team: none\n".to_owned(),
        format!("Language: {lang}\n"),
        "MIME-Version: 1.0\n".to_owned(),
        "Content-Type: text/plain; charset=UTF-8\n".to_owned(),
        "Content-Transfer-Encoding: 8bit\n".to_owned(),
        "Plural-Forms: nplurals=1; plural=0;\n".to_owned(),
        format!("X-Source-Language: {source_lang}\n"),
        "X-Generator: minhbach\n".to_owned(),
    ] {
        out.push_str(&quote(&line));
        out.push('\n');
    }
    for entry in entries {
        out.push('\n');
        for comment in &entry.comments {
            for line in comment.lines() {
                out.push_str(&format!("#. {line}\n"));
            }
        }
        if let Some(reference) = &entry.reference {
            out.push_str(&format!("#: {reference}\n"));
        }
        if entry.fuzzy {
            out.push_str("#, fuzzy\n");
        }
        out.push_str(&format!("msgctxt {}\n", quote(&entry.context)));
        out.push_str(&format!("msgid {}\n", string(&entry.source)));
        out.push_str(&format!("msgstr {}\n", string(&entry.translation)));
    }
    out
}

/// A PO string: on one line, or, with line breaks, as `""` and one quoted line per line.
fn string(s: &str) -> String {
    if !s.contains('\n') || s.trim_end_matches('\n').is_empty() {
        return quote(s);
    }
    let mut out = String::from("\"\"");
    for line in s.split_inclusive('\n') {
        out.push('\n');
        out.push_str(&quote(line));
    }
    out
}

fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// What is wrong with a PO file, at its line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct ParseError {
    pub line: usize,
    pub message: String,
}

/// The entries of a PO file (without its header), each with the line its `msgid` is on.
pub fn parse(text: &str) -> Result<Vec<(usize, Entry)>, ParseError> {
    #[derive(PartialEq, Clone, Copy)]
    enum Field {
        None,
        Context,
        Id,
        Str,
    }
    let mut entries = Vec::new();
    let mut current = Entry::default();
    let mut field = Field::None;
    let mut seen_id = false;
    let mut id_line = 0;
    let mut finish = |current: &mut Entry, seen_id: &mut bool, id_line: usize| {
        if *seen_id {
            let entry = std::mem::take(current);
            // The header (an empty msgid without context) says nothing to import.
            if !(entry.source.is_empty() && entry.context.is_empty()) {
                entries.push((id_line, entry));
            }
        }
        *current = Entry::default();
        *seen_id = false;
    };
    for (i, raw) in text.lines().enumerate() {
        let n = i + 1;
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        let error = |message: &str| ParseError {
            line: n,
            message: message.to_owned(),
        };
        if let Some(flags) = line.strip_prefix("#,") {
            if field == Field::Str {
                finish(&mut current, &mut seen_id, id_line);
                field = Field::None;
            }
            current.fuzzy |= flags.split(',').any(|f| f.trim() == "fuzzy");
            continue;
        }
        if line.starts_with("#~") {
            // An obsolete entry: translation tools keep them; nothing to import.
            continue;
        }
        if line.starts_with('#') {
            if field == Field::Str {
                finish(&mut current, &mut seen_id, id_line);
                field = Field::None;
            }
            continue;
        }
        let (keyword, rest) = line
            .split_once(char::is_whitespace)
            .map_or((line, ""), |(k, r)| (k, r.trim()));
        let target = match keyword {
            "msgctxt" => {
                if field == Field::Str {
                    finish(&mut current, &mut seen_id, id_line);
                }
                Field::Context
            }
            "msgid" => {
                if field == Field::Str {
                    finish(&mut current, &mut seen_id, id_line);
                }
                seen_id = true;
                id_line = n;
                Field::Id
            }
            "msgstr" => {
                if field != Field::Id {
                    return Err(error("`msgstr` must follow a `msgid`"));
                }
                Field::Str
            }
            "msgid_plural" | "msgstr[0]" => {
                return Err(error(
                    "plural entries are not minhbach's; remove this entry",
                ));
            }
            _ if line.starts_with('"') => {
                let value = unquote(line).map_err(|m| error(&m))?;
                match field {
                    Field::Context => current.context.push_str(&value),
                    Field::Id => current.source.push_str(&value),
                    Field::Str => current.translation.push_str(&value),
                    Field::None => return Err(error("a string outside an entry")),
                }
                continue;
            }
            _ => {
                return Err(error(&format!(
                    "`{}` is not a PO keyword (msgctxt, msgid, msgstr)",
                    keyword.chars().take(40).collect::<String>()
                )));
            }
        };
        let value = unquote(rest).map_err(|m| error(&m))?;
        match target {
            Field::Context => current.context = value,
            Field::Id => current.source = value,
            Field::Str => current.translation = value,
            Field::None => {}
        }
        field = target;
    }
    if field == Field::Id {
        return Err(ParseError {
            line: text.lines().count(),
            message: "the last entry has no `msgstr`".to_owned(),
        });
    }
    finish(&mut current, &mut seen_id, id_line);
    Ok(entries)
}

fn unquote(s: &str) -> Result<String, String> {
    let inner = s
        .strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .filter(|_| s.len() >= 2)
        .ok_or_else(|| "a string must be in double quotes".to_owned())?;
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some('r') => out.push('\r'),
                Some('"') => out.push('"'),
                Some('\\') => out.push('\\'),
                Some(other) => return Err(format!("`\\{other}` is not an escape PO knows")),
                None => return Err("a string ends in `\\`".to_owned()),
            },
            '"' => return Err("a `\"` inside a string must be written `\\\"`".to_owned()),
            c => out.push(c),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_survive_a_round_trip() {
        let entries = vec![
            Entry {
                context: "content/a.yaml:name".into(),
                source: "Tên \"A\"\\ và\tB".into(),
                translation: String::new(),
                comments: vec!["procedure a: The official name.".into()],
                reference: Some("content/a.yaml:3".into()),
                fuzzy: false,
            },
            Entry {
                context: "content/r.md:body[0]".into(),
                source: "Dòng một\nDòng hai".into(),
                translation: "Line one\nLine two".into(),
                comments: vec![],
                reference: None,
                fuzzy: true,
            },
        ];
        let text = write(&entries, "P", "vi", "en");
        let back: Vec<Entry> = parse(&text).unwrap().into_iter().map(|(_, e)| e).collect();
        let expect: Vec<Entry> = entries
            .into_iter()
            .map(|e| Entry {
                comments: vec![],
                reference: None,
                ..e
            })
            .collect();
        assert_eq!(back, expect);
    }

    #[test]
    fn a_broken_file_names_its_line() {
        let err = parse("msgid \"a\"\nmsgstr \"b\n").unwrap_err();
        assert_eq!(err.line, 2);
        let err = parse("msgid \"a\"\nmsgstr \"b\"\nnonsense here\n").unwrap_err();
        assert_eq!(err.line, 3);
        assert!(err.message.contains("not a PO keyword"));
        let err = parse("msgstr \"b\"\n").unwrap_err();
        assert_eq!(err.line, 1);
    }
}
