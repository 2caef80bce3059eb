//! Where each value of a YAML document sits in its file.
//!
//! serde_yaml reports the place of its own errors, but checks that need the whole site (an unknown
//! reference, a duplicate code) run after deserialisation, when places are gone. This index keeps
//! them: one pass of an event parser records the position of every value under a path such as
//! `legal_basis[2]` or `name.en`.

use diagnostics::Position;
use saphyr_parser::{Event, Parser};
use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

/// Positions of the values (and mapping keys) of one YAML document.
#[derive(Debug, Default, Clone)]
pub struct SpanIndex {
    values: HashMap<String, Position>,
    keys: HashMap<String, Position>,
}

enum Frame {
    Map { path: String, key: Option<String> },
    Seq { path: String, index: usize },
}

fn child(parent: &str, segment: &str) -> String {
    if parent.is_empty() {
        segment.to_owned()
    } else {
        format!("{parent}.{segment}")
    }
}

impl SpanIndex {
    /// Index `yaml`, whose first line is line `first_line` of its file (front matter starts on
    /// line 2 of a Markdown file). A document with syntax errors is indexed up to the error; the
    /// error itself is reported by the deserialiser.
    pub fn build(yaml: &str, first_line: usize) -> Self {
        let mut index = SpanIndex::default();
        let mut stack: Vec<Frame> = Vec::new();
        let mut lines = Lines::new(yaml);
        for event in Parser::new_from_str(yaml) {
            let Ok((event, span)) = event else { break };
            let at = lines.position(span.start.index());
            let pos = Position::new(at.line + first_line - 1, at.column);
            match event {
                Event::Scalar(value, ..) => {
                    if let Some(Frame::Map {
                        path,
                        key: key @ None,
                    }) = stack.last_mut()
                    {
                        index.keys.insert(child(path, &value), pos);
                        *key = Some(value.into_owned());
                    } else {
                        let _ = index.record_value(&mut stack, pos);
                    }
                }
                Event::Alias(_) => {
                    let _ = index.record_value(&mut stack, pos);
                }
                Event::MappingStart(..) | Event::SequenceStart(..) => {
                    let path = match stack.last_mut() {
                        // A collection used as a mapping key: rare, and never valid in our schema.
                        Some(Frame::Map {
                            path,
                            key: key @ None,
                        }) => {
                            *key = Some("?".to_owned());
                            child(path, "?")
                        }
                        _ => index.record_value(&mut stack, pos),
                    };
                    stack.push(if matches!(event, Event::MappingStart(..)) {
                        Frame::Map { path, key: None }
                    } else {
                        Frame::Seq { path, index: 0 }
                    });
                }
                Event::MappingEnd | Event::SequenceEnd => {
                    stack.pop();
                }
                _ => {}
            }
        }
        index
    }

    /// Record a value at the current place and move the parent on; returns the value's path.
    fn record_value(&mut self, stack: &mut [Frame], pos: Position) -> String {
        let path = match stack.last_mut() {
            None => String::new(),
            Some(Frame::Map { path, key }) => child(path, &key.take().unwrap_or_default()),
            Some(Frame::Seq { path, index }) => {
                *index += 1;
                format!("{path}[{}]", *index - 1)
            }
        };
        self.values.insert(path.clone(), pos);
        path
    }

    /// The position of the value at `path`, or of the nearest enclosing value that has one.
    pub fn value(&self, path: &str) -> Option<Position> {
        let mut path = path;
        loop {
            if let Some(p) = self.values.get(path) {
                return Some(*p);
            }
            let cut = path.rfind(['.', '['])?;
            path = &path[..cut];
        }
    }

    /// The position of the key of `path` (for "unknown language code" and the like).
    pub fn key(&self, path: &str) -> Option<Position> {
        self.keys.get(path).copied().or_else(|| self.value(path))
    }
}

/// The first and second places where the key `key` is written twice in one mapping of `yaml`
/// (whose first line is `first_line` of its file): the pair whose second key is at or after
/// `reported` (serde_yaml reports the start of the mapping, or the first key), else the first
/// pair found.
pub fn duplicate_key(
    yaml: &str,
    first_line: usize,
    key: &str,
    reported: Position,
) -> Option<(Position, Position)> {
    // Per open collection: for a mapping, the keys seen and whether the next scalar is a key.
    enum Open {
        Map(HashMap<String, Position>, bool),
        Seq,
    }
    let mut stack: Vec<Open> = Vec::new();
    let mut pairs = Vec::new();
    let value_done = |stack: &mut Vec<Open>| {
        if let Some(Open::Map(_, expect_key)) = stack.last_mut() {
            *expect_key = true;
        }
    };
    let mut lines = Lines::new(yaml);
    for event in Parser::new_from_str(yaml) {
        let Ok((event, span)) = event else { break };
        let at = lines.position(span.start.index());
        let pos = Position::new(at.line + first_line - 1, at.column);
        match event {
            Event::Scalar(value, ..) => match stack.last_mut() {
                Some(Open::Map(seen, expect_key @ true)) => {
                    *expect_key = false;
                    if value == key
                        && let Some(first) = seen.get(key)
                    {
                        pairs.push((*first, pos));
                    }
                    seen.entry(value.into_owned()).or_insert(pos);
                }
                _ => value_done(&mut stack),
            },
            Event::Alias(_) => value_done(&mut stack),
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                // A collection as a key, or as a value: either way the map's next scalar is
                // not a key until this collection ends.
                if let Some(Open::Map(_, expect_key)) = stack.last_mut() {
                    *expect_key = false;
                }
                stack.push(if matches!(event, Event::MappingStart(..)) {
                    Open::Map(HashMap::new(), true)
                } else {
                    Open::Seq
                });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                stack.pop();
                value_done(&mut stack);
            }
            _ => {}
        }
    }
    pairs
        .iter()
        .find(|(_, second)| *second >= reported)
        .or(pairs.first())
        .copied()
}

/// A [`SpanIndex`] built only when it is first asked for.
///
/// Positions from a parser's character index, with lines that end at `\n` only, as in
/// [`Position::from_offset`] and a diagnostic's quoted line. The parser's own line and column
/// also end a line at a lone `\r`, which put positions past the end of the file (found by
/// fuzzing). Events come in order, so one pass over the text serves them all.
struct Lines<'a> {
    text: &'a str,
    chars: std::str::Chars<'a>,
    at: usize,
    position: Position,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Self {
        Lines {
            text,
            chars: text.chars(),
            at: 0,
            position: Position::new(1, 1),
        }
    }

    fn position(&mut self, index: usize) -> Position {
        if index < self.at {
            *self = Lines::new(self.text);
        }
        while self.at < index {
            match self.chars.next() {
                Some('\n') => self.position = Position::new(self.position.line + 1, 1),
                Some(_) => self.position.column += 1,
                None => break,
            }
            self.at += 1;
        }
        self.position
    }
}

/// Positions are needed only to report a problem, and most records have none; indexing every file
/// up front meant parsing each one a second time and keeping a map entry per value of the site.
/// This keeps just where the YAML sits in its file and indexes it on the first look-up.
#[derive(Debug, Default, Clone)]
pub struct LazySpanIndex {
    /// The YAML's byte range in its file's text.
    yaml: Range<usize>,
    /// The file's line that the YAML starts on.
    first_line: usize,
    index: OnceLock<SpanIndex>,
}

impl LazySpanIndex {
    /// The YAML at `yaml` in a file's text, starting on line `first_line` of the file.
    pub fn new(yaml: Range<usize>, first_line: usize) -> Self {
        LazySpanIndex {
            yaml,
            first_line,
            index: OnceLock::new(),
        }
    }

    /// The index of the YAML in `text`, the text of the file given to [`LazySpanIndex::new`];
    /// built on the first call that has the text. `None` if no call has had it yet (the file
    /// changed or vanished since it was parsed).
    pub fn get(&self, text: Option<&str>) -> Option<&SpanIndex> {
        if let Some(index) = self.index.get() {
            return Some(index);
        }
        let text = text?;
        Some(self.index.get_or_init(|| {
            text.get(self.yaml.clone())
                .map(|yaml| SpanIndex::build(yaml, self.first_line))
                .unwrap_or_default()
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "code: \"2.002311\"\nname:\n  vi: Hội thảo\n  en: Seminar\nlegal_basis:\n  - a\n  - b\nentries:\n  - {year: 2023, source: x}\n";

    #[test]
    fn records_values_keys_and_sequence_items() {
        let idx = SpanIndex::build(DOC, 1);
        assert_eq!(idx.value("code"), Some(Position::new(1, 7)));
        assert_eq!(idx.value("name.en"), Some(Position::new(4, 7)));
        assert_eq!(idx.key("name.en"), Some(Position::new(4, 3)));
        assert_eq!(idx.value("legal_basis[1]"), Some(Position::new(7, 5)));
        assert_eq!(idx.value("entries[0].source"), Some(Position::new(9, 26)));
    }

    #[test]
    fn offsets_lines_and_falls_back_to_parent() {
        let idx = SpanIndex::build(DOC, 2);
        assert_eq!(idx.value("legal_basis[0]"), Some(Position::new(7, 5)));
        assert_eq!(idx.value("name.ko"), idx.value("name"));
    }

    #[test]
    fn lazy_index_finds_the_same_positions_in_a_fragment() {
        let text = format!("---\n{DOC}---\nbody\n");
        let lazy = LazySpanIndex::new(4..4 + DOC.len(), 2);
        assert!(
            lazy.get(None).is_none(),
            "nothing to index without the text"
        );
        let idx = lazy.get(Some(&text)).expect("indexed from the text");
        assert_eq!(idx.value("code"), Some(Position::new(2, 7)));
        assert_eq!(idx.key("name.en"), Some(Position::new(5, 3)));
        assert_eq!(idx.value("entries[0].source"), Some(Position::new(10, 26)));
    }
}
