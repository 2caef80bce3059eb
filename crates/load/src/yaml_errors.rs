//! serde_yaml's errors, told in the words of the staff who write the content.
//!
//! serde_yaml (and libyaml under it) explain a problem in terms of their own machinery:
//! "invalid type: map, expected a YAML tag starting with '!'", "found unexpected end of
//! stream". This module turns each kind of error into what is wrong with which field, what kind
//! of value it should be and an example, and moves the position to where the problem is written
//! when serde_yaml reports another place (a duplicate key at the start of its map, an unclosed
//! quote at the end of the file).

use super::spans;
use diagnostics::Position;

/// A plain message, a hint and a better position (if there is one) for a serde_yaml error.
pub struct Explained {
    pub message: String,
    pub hint: String,
    pub position: Option<Position>,
}

/// Explain `full`, serde_yaml's message for the YAML `yaml` (starting on line `first_line` of
/// its file), reported at `reported`.
pub fn explain(full: &str, yaml: &str, first_line: usize, reported: Position) -> Explained {
    let (message, context) = split_marks(full);
    let (field, message) = split_path(message);
    let mut out = Explained {
        // A message no rule below rewrites keeps the path of its value, as validation's do.
        message: match field {
            Some(f) => format!("{f}: {message}"),
            None => message.to_owned(),
        },
        hint: "see docs/content-model.md".to_owned(),
        position: None,
    };
    let name = field.map_or_else(|| "the file".to_owned(), |f| format!("`{f}`"));
    let key = field.map(|f| {
        f.rsplit(['.', '['])
            .next()
            .unwrap_or(f)
            .trim_end_matches(']')
    });
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        let (unexpected, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        let (kind, example) = expected_kind(expected, key.unwrap_or("field"));
        out.message = format!("{name} should be {kind}, not {}", found_kind(unexpected));
        out.hint = example;
    } else if let Some(rest) = message.strip_prefix("unknown variant ") {
        let (value, choices) = rest.split_once(", expected ").unwrap_or((rest, ""));
        let choices = choices.strip_prefix("one of ").unwrap_or(choices);
        out.message = format!("{name} cannot be {value}");
        out.hint = format!("write one of: {choices}");
    } else if message.starts_with("unknown field ") {
        let (field_name, choices) = message
            .split_once(", expected ")
            .unwrap_or((message, "nothing here"));
        let choices = choices.strip_prefix("one of ").unwrap_or(choices);
        out.message = match field {
            Some(f) => format!("{field_name} in `{f}`"),
            None => field_name.to_owned(),
        };
        out.hint = format!(
            "check the spelling; the fields here are: {choices} (docs/content-model.md says what each holds)"
        );
    } else if message.starts_with("missing field ") {
        out.message = match field {
            Some(f) => format!("{message} in `{f}`"),
            None => message.to_owned(),
        };
        out.hint = "add the field; docs/content-model.md says what it holds".to_owned();
    } else if message.starts_with("duplicate field ")
        || message.contains(" is given twice")
        || message.starts_with("duplicate entry")
    {
        let key_name = quoted(message).unwrap_or_default();
        out.message = match field {
            Some(f) => format!("`{key_name}` is written twice in `{f}`"),
            None => format!("`{key_name}` is written twice"),
        };
        out.hint = "keep one of the two; a later one would silently replace the first".to_owned();
        if let Some((first, second)) = spans::duplicate_key(yaml, first_line, &key_name, reported) {
            out.position = Some(second);
            out.hint = format!(
                "it is first written at line {}, column {}; keep one of the two",
                first.line, first.column
            );
        }
    } else if message == "found unexpected end of stream"
        && let Some((context, at)) = context
        && context.contains("quoted scalar")
    {
        // libyaml reports the end of the file; the mistake is where the quote opens.
        out.message = "this quote is never closed".to_owned();
        out.hint = "end the value with the same quote mark it starts with (`\"` or `'`), or remove the opening one".to_owned();
        let at = Position::from_offset(yaml, libyaml_offset(yaml, at));
        out.position = Some(Position::new(at.line + first_line - 1, at.column));
    } else if message.starts_with("mapping values are not allowed") {
        out.message = "a `: ` inside a value (YAML reads it as a new field)".to_owned();
        out.hint =
            "put the value in quotes, e.g. `name: \"Hồ sơ: bản chính\"`, or check the indentation"
                .to_owned();
    } else if message.contains("tab character") {
        out.message = "a tab in the indentation".to_owned();
        out.hint =
            "indent with spaces only (most editors: \"Convert indentation to spaces\")".to_owned();
    } else if message.starts_with("found character that cannot start any token") {
        out.message =
            "a value starts with a character YAML reserves (a tab, `@` or a backquote)".to_owned();
        out.hint =
            "indent with spaces, and put a value that starts with `@` or a backquote in quotes"
                .to_owned();
    } else if message == "unknown anchor" {
        out.message = "`*` names an anchor that is not defined above it".to_owned();
        out.hint =
            "a value that starts with `*` must be quoted, e.g. `note: \"*see below\"`".to_owned();
    } else if message == "recursion limit exceeded" {
        out.message = "the values are nested too deeply".to_owned();
        out.hint = "records have at most a few levels of indentation; check the file".to_owned();
    } else if message == "repetition limit exceeded" {
        out.message = "the aliases (`*name`) of this file repeat its values too often".to_owned();
        out.hint = "write the values out instead of repeating anchors".to_owned();
    } else if message.contains("not a valid date") {
        out.hint = "write dates as YYYY-MM-DD, e.g. 2024-04-17".to_owned();
    } else if message.contains("did not find expected")
        || message.contains("could not find expected")
        || message.starts_with("found ")
        || message.contains("while parsing")
        || message.contains("while scanning")
    {
        if let Some(open) = unclosed_quote_before(yaml, first_line, reported) {
            // A quote left open runs on to the next quote mark, often lines further, where
            // libyaml then stumbles: the mistake is where the quote opens.
            out.message = "this quote is not closed on its line".to_owned();
            out.hint = format!(
                "YAML reads on to the next quote mark and fails at line {}, column {}; end the value with the same quote mark it starts with (`\"` or `'`), or remove the opening one",
                reported.line, reported.column
            );
            out.position = Some(open);
        } else {
            out.message = format!("the YAML is not well formed ({message})");
            out.hint = "check the indentation, and quote values that contain `: ` or start with a special character".to_owned();
        }
    } else if let Some(kind) =
        message.strip_prefix("data did not match any variant of untagged enum ")
    {
        // An item that may take several forms took none of them.
        out.message = format!("{name} is none of the forms it may take");
        out.hint = match kind {
            "MenuItem" => "a menu or footer item is `section: procedures`, `page: <id of a page in content/pages>`, or a link: `label:` (a text) and `url: https://…`".to_owned(),
            _ => "see docs/content-model.md for the forms this field takes".to_owned(),
        };
    } else if message.contains("more than one document") {
        out.message = "the file holds more than one YAML document (a `---` line)".to_owned();
        out.hint = "one file is one record: remove the `---` line, or split the file".to_owned();
    }
    out
}

/// The value a message of minhbach's own types starts with (`2024-02-30` is not a valid date):
/// serde_yaml reports such errors at the enclosing mapping, so the caller looks for the value.
pub fn leading_value(full: &str) -> Option<String> {
    let (message, _) = split_marks(full);
    let (_, message) = split_path(message);
    let rest = message.strip_prefix('`')?;
    let value = &rest[..rest.find('`')?];
    (!value.is_empty()).then(|| value.to_owned())
}

/// The last quoted value above `reported` (a position in the file) that its line does not close:
/// `name: 'Thủ tục` with no second `'`. Values quoted over several lines are valid YAML but rare
/// in records, and this is only asked once the file has failed to parse.
fn unclosed_quote_before(yaml: &str, first_line: usize, reported: Position) -> Option<Position> {
    let mut found = None;
    for (i, line) in yaml.lines().enumerate() {
        let number = i + first_line;
        if number >= reported.line {
            break;
        }
        let Some((column, quote, rest)) = quoted_value_start(line) else {
            continue;
        };
        if !closes(rest, quote) {
            found = Some(Position::new(number, column));
        }
    }
    found
}

/// Where a line's value starts with a quote mark: its 1-based column, the mark and what follows.
fn quoted_value_start(line: &str) -> Option<(usize, char, &str)> {
    let trimmed = line.trim_start();
    let mut value = trimmed.strip_prefix("- ").unwrap_or(trimmed);
    if !value.starts_with(['\'', '"']) {
        value = value.split_once(": ")?.1.trim_start();
    }
    let quote = value.chars().next().filter(|c| *c == '\'' || *c == '"')?;
    let offset = line.len() - value.len();
    let column = line[..offset].chars().count() + 1;
    Some((column, quote, &value[1..]))
}

/// Whether `rest`, the text after an opening quote, holds its closing quote: `''` inside single
/// quotes and `\"` inside double quotes are escapes, not ends.
fn closes(rest: &str, quote: char) -> bool {
    let mut chars = rest.chars().peekable();
    while let Some(c) = chars.next() {
        match (quote, c) {
            ('"', '\\') => {
                chars.next();
            }
            ('\'', '\'') if chars.peek() == Some(&'\'') => {
                chars.next();
            }
            (q, c) if q == c => return true,
            _ => {}
        }
    }
    false
}

/// The byte offset in `yaml` of libyaml's 1-based line and column `at`. libyaml also ends lines
/// at a lone `\r`, U+0085, U+2028 and U+2029, where minhbach's lines (which end at `\n`) do not:
/// its line numbers pointed past the end of the file (found by fuzzing).
fn libyaml_offset(yaml: &str, at: Position) -> usize {
    let (mut line, mut column) = (1, 1);
    let mut chars = yaml.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if (line, column) >= (at.line, at.column) {
            return i;
        }
        match c {
            // A CRLF is one break, counted at its `\n`.
            '\r' if chars.peek().is_some_and(|&(_, next)| next == '\n') => {}
            '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}' => (line, column) = (line + 1, 1),
            _ => column += 1,
        }
    }
    yaml.len()
}

/// The part between the first pair of backticks or double quotes.
fn quoted(message: &str) -> Option<String> {
    let start = message.find(['`', '"'])?;
    let mark = message[start..].chars().next()?;
    let rest = &message[start + 1..];
    Some(rest[..rest.find(mark)?].to_owned())
}

/// Split serde_yaml's " at line L column C" off the message, and libyaml's context (", while
/// scanning a quoted scalar at line L column C") with its position.
fn split_marks(full: &str) -> (&str, Option<(&str, Position)>) {
    let mut context = None;
    let mut message = full;
    if let Some((problem, ctx)) = full.split_once(", while ") {
        message = problem;
        if let Some((what, at)) = ctx.rsplit_once(" at line ") {
            let mut parts = at.split(" column ");
            let line = parts.next().and_then(|l| l.trim().parse().ok());
            let column = parts.next().and_then(|c| c.trim().parse().ok());
            if let (Some(line), Some(column)) = (line, column) {
                context = Some((what, Position::new(line, column)));
            }
        }
    }
    let message = message.rsplit_once(" at line ").map_or(message, |(m, _)| m);
    let message = message
        .rsplit_once(" at position ")
        .map_or(message, |(m, _)| m);
    (message.trim(), context)
}

/// serde_yaml puts the path of the value first (`processing_time.working_days: …`).
fn split_path(message: &str) -> (Option<&str>, &str) {
    if let Some((path, rest)) = message.split_once(": ")
        && !path.is_empty()
        && path
            .chars()
            .all(|c| c.is_alphanumeric() || "_-.[]".contains(c))
        && !rest.is_empty()
    {
        return (Some(path), rest);
    }
    (None, message)
}

/// What serde_yaml found, in words.
fn found_kind(unexpected: &str) -> String {
    let unexpected = unexpected.trim();
    if unexpected == "map" {
        "a group of `key: value` lines".to_owned()
    } else if unexpected == "sequence" {
        "a list".to_owned()
    } else if unexpected == "unit value" {
        "an empty value".to_owned()
    } else if let Some(s) = unexpected.strip_prefix("string ") {
        format!("the text {s}")
    } else if let Some(n) = unexpected
        .strip_prefix("integer ")
        .or_else(|| unexpected.strip_prefix("floating point "))
    {
        format!("the number {n}")
    } else if let Some(b) = unexpected.strip_prefix("boolean ") {
        format!("the answer {b}")
    } else {
        unexpected.to_owned()
    }
}

/// What serde_yaml expected, in words, and an example of it for the key `key`.
fn expected_kind(expected: &str, key: &str) -> (String, String) {
    let e = expected.trim();
    let number = matches!(e, "f64" | "f32");
    let whole = matches!(
        e,
        "u8" | "u16" | "u32" | "u64" | "usize" | "i8" | "i16" | "i32" | "i64" | "isize"
    );
    if number {
        (
            "a number".into(),
            format!("e.g. `{key}: 15` or `{key}: 2.5`, without quotes or units"),
        )
    } else if whole {
        let sign = if e.starts_with('u') {
            ", 0 or more"
        } else {
            ""
        };
        (
            format!("a whole number{sign}"),
            format!("e.g. `{key}: 15`, without quotes or units"),
        )
    } else if e.starts_with("a text") {
        (
            "a text".into(),
            format!(
                "e.g. `{key}: Tiếp nhận hồ sơ`, or one line per language:\n    {key}:\n      vi: Tiếp nhận hồ sơ\n      en: Receiving the dossier"
            ),
        )
    } else if matches!(e, "a string" | "a borrowed string" | "a character") {
        ("a text".into(), format!("e.g. `{key}: Tiếp nhận hồ sơ`"))
    } else if e == "a sequence" {
        (
            "a list".into(),
            format!(
                "write one item per line, each starting with `- `:\n    {key}:\n      - …\n      - …"
            ),
        )
    } else if e.starts_with("struct ") || e == "a map" {
        (
            "a group of fields".into(),
            format!(
                "write the fields indented below `{key}:`, one `name: value` per line; docs/content-model.md lists them"
            ),
        )
    } else if e == "a boolean" {
        ("`true` or `false`".into(), format!("e.g. `{key}: true`"))
    } else if e.contains("YAML tag") || e.starts_with("enum ") {
        (
            "one word from a list of choices".into(),
            format!(
                "write the choice alone after `{key}:`, e.g. `status: in_force`; docs/content-model.md lists the choices of each field"
            ),
        )
    } else if e.is_empty() {
        (
            "another kind of value".into(),
            "see docs/content-model.md".into(),
        )
    } else {
        (e.to_owned(), "see docs/content-model.md".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn explained(full: &str, yaml: &str) -> (String, String, Option<Position>) {
        let e = explain(full, yaml, 1, Position::new(1, 1));
        (e.message, e.hint, e.position)
    }

    #[test]
    fn an_item_of_none_of_its_forms_says_which_forms_there_are() {
        let (m, h, _) = explained(
            "footer[0]: data did not match any variant of untagged enum MenuItem at line 3 column 3",
            "",
        );
        assert_eq!(m, "`footer[0]` is none of the forms it may take");
        assert!(
            h.contains("`page: <id") && h.contains("`section: procedures`"),
            "{h}"
        );
    }

    #[test]
    fn wrong_types_name_the_field_the_kind_and_an_example() {
        let (m, h, _) = explained(
            "processing_time.working_days: invalid type: string \"fifteen\", expected f64 at line 20 column 17",
            "",
        );
        assert_eq!(
            m,
            "`processing_time.working_days` should be a number, not the text \"fifteen\""
        );
        assert!(h.contains("`working_days: 15`"), "{h}");
        let (m, h, _) = explained(
            "status: invalid type: map, expected a YAML tag starting with '!' at line 41 column 3",
            "",
        );
        assert_eq!(
            m,
            "`status` should be one word from a list of choices, not a group of `key: value` lines"
        );
        assert!(
            !m.contains("YAML tag") && h.contains("status: in_force"),
            "{h}"
        );
        let (m, _, _) = explained(
            "invalid type: sequence, expected struct Procedure at line 1 column 1",
            "",
        );
        assert_eq!(m, "the file should be a group of fields, not a list");
        let (m, h, _) = explained(
            "online_level: unknown variant `3`, expected one of `full`, `partial`, `none` at line 18 column 15",
            "",
        );
        assert_eq!(m, "`online_level` cannot be `3`");
        assert_eq!(h, "write one of: `full`, `partial`, `none`");
    }

    #[test]
    fn an_unclosed_quote_is_reported_where_it_opens() {
        let yaml = "a: 1\nname: \"Thủ tục\nb: 2\n";
        let (m, _, p) = explained(
            "found unexpected end of stream at line 4 column 1, while scanning a quoted scalar at line 2 column 7",
            yaml,
        );
        assert_eq!(m, "this quote is never closed");
        assert_eq!(p, Some(Position::new(2, 7)));
    }

    #[test]
    fn a_quote_left_open_mid_file_is_reported_where_it_opens() {
        // The open quote runs on to the apostrophe of line 4, where libyaml fails.
        let yaml = "a: 1\nshort: 'PAR Index\nb: \"it's\"\nc: People's Committee\nd: x\n";
        let e = explain(
            "did not find expected key at line 4 column 10, while parsing a block mapping at line 1 column 1",
            yaml,
            1,
            Position::new(4, 10),
        );
        assert_eq!(e.message, "this quote is not closed on its line");
        assert_eq!(e.position, Some(Position::new(2, 8)));
        assert!(e.hint.contains("line 4, column 10"), "{}", e.hint);

        // Closed quotes, escapes and quotes inside values are not taken for open ones.
        let fine = "a: 'it''s'\nb: \"say \\\"x\\\"\"\n- 'item'\nc: don't\nd: [x\n";
        let e = explain(
            "did not find expected ',' or ']' at line 6 column 1, while parsing a flow sequence at line 5 column 4",
            fine,
            1,
            Position::new(6, 1),
        );
        assert!(
            e.message.starts_with("the YAML is not well formed"),
            "{}",
            e.message
        );
        assert_eq!(e.position, None);
    }

    #[test]
    fn a_duplicate_key_is_reported_at_its_second_occurrence() {
        let yaml = "a: 1\nb:\n  x: 1\n  y: 2\n  x: 3\nx: 4\n";
        let e = explain(
            "b: duplicate field `x` at line 3 column 3",
            yaml,
            1,
            Position::new(3, 3),
        );
        assert_eq!(e.message, "`x` is written twice in `b`");
        assert_eq!(e.position, Some(Position::new(5, 3)));
        assert!(e.hint.contains("line 3, column 3"), "{}", e.hint);
    }
}
