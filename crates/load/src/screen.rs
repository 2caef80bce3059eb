//! A look at a YAML document's events before serde_yaml deserialises it, for two things that
//! serde_yaml lets through:
//!
//! * **tags** (`!in_force`, `!foo`): minhbach's schema has none, and serde_yaml reads a tag
//!   on a text as nothing and a tag on a choice as the choice itself, so a tag is a mistake
//!   that would otherwise go unnoticed;
//! * **aliases that expand a file far beyond its size** (a 1 MB anchor used 1,000 times is
//!   1 GB once deserialised). serde_yaml has a limit of its own, but it counts alias *uses*
//!   (at most 100 per event of the file), not what each use copies, so a few thousand uses of a
//!   large anchor pass it. Here every alias is charged what it expands to, nested aliases
//!   included, and the file is refused at the alias that goes over the budget.
//!
//! The look costs a second parse, so it is done only for YAML that can hold a tag (a `!`) or
//! an alias (a `&` and a `*`): most content files have neither.

use diagnostics::Position;
use saphyr_parser::{Event, Parser, Span, Tag};

/// A problem found, at its place in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub position: Position,
    pub message: String,
    pub hint: String,
}

/// What an alias may add to a document, beyond the document itself: this many times its size
/// in bytes, plus [`ALIAS_ALLOWANCE`]. Re-using a few texts is far below; an attack is far above.
pub const ALIAS_FACTOR: u64 = 4;
/// See [`ALIAS_FACTOR`].
pub const ALIAS_ALLOWANCE: u64 = 64 * 1024;
/// What one event (a value, a list or a map) costs, deserialised, besides its text: a String or
/// a Vec header and an allocation.
const EVENT_COST: u64 = 64;

/// Whether [`screen`] has anything to look for in `yaml`: a tag (a `!`), an alias (a `&` and a
/// `*`), or more separators or brackets than a record has, which could mean too many values or
/// too deep a nesting.
pub fn needed(yaml: &str) -> bool {
    let bytes = yaml.as_bytes();
    if memchr::memchr(b'!', bytes).is_some()
        || (memchr::memchr(b'&', bytes).is_some() && memchr::memchr(b'*', bytes).is_some())
    {
        return true;
    }
    // Every level of flow nesting needs a bracket, rare in content (memchr skips the rest).
    if memchr::memchr2_iter(b'[', b'{', bytes)
        .nth(MAX_DEPTH)
        .is_some()
    {
        return true;
    }
    // Every value needs a line, a comma, a `- `, a `? ` or a `: `; `- - - a` is also three
    // lists deep. Below 20,000 of them, the parse and the values stay small whatever the file
    // holds (20,000 nested `- ` take some 50 MB); above, the screen counts exactly (and costs a
    // second parse). A file shorter than that cannot hold so many: not even counted.
    let limit = 20_000;
    bytes.len() > limit
        && memchr::memchr3_iter(b'\n', b',', b'-', bytes)
            .chain(memchr::memchr2_iter(b'?', b':', bytes))
            .nth(limit)
            .is_some()
}

/// The most values (scalars, lists and maps, counted as the parser sees them) one file may
/// hold: tens of times what the largest record needs. A million one-letter list items in a
/// 1 MB file would take hundreds of MB once read.
pub const MAX_EVENTS: usize = 100_000;

/// The deepest nesting one file may have. serde_yaml refuses more than 128 levels anyway, but
/// only after libyaml has parsed the whole file, which takes a time that grows with the square
/// of the depth (its list of possible keys is checked level by level at every token): a file
/// of half a million `[` took longer than a quarter of an hour.
pub const MAX_DEPTH: usize = 128;

/// The tags of `yaml`, and the first alias over the budget, value over [`MAX_EVENTS`] or level
/// over [`MAX_DEPTH`]; `yaml` starts on line `first_line` of its file. A syntax error stops the
/// look: serde_yaml reports it.
pub fn screen(yaml: &str, first_line: usize) -> Vec<Finding> {
    let mut found = Vec::new();
    let budget = ALIAS_FACTOR
        .saturating_mul(yaml.len() as u64)
        .saturating_add(ALIAS_ALLOWANCE);
    // What each anchor expands to, by anchor id; and the open collections with their anchor and
    // the running total when they started.
    let mut anchors: Vec<u64> = Vec::new();
    let mut open: Vec<(usize, u64)> = Vec::new();
    let mut total: u64 = 0;
    let mut added: u64 = 0;
    let position = |span: &Span| at_char(yaml, first_line, span.start.index());
    let set = |anchors: &mut Vec<u64>, id: usize, cost: u64| {
        if id > 0 {
            if anchors.len() <= id {
                anchors.resize(id + 1, 0);
            }
            anchors[id] = cost;
        }
    };
    let mut events = 0usize;
    let too_deep = |position: Position| Finding {
        position,
        message: format!("the values are nested more than {MAX_DEPTH} levels deep"),
        hint: "records have a few levels of indentation at most; check the brackets `[` and `{`"
            .to_owned(),
    };
    for event in Parser::new_from_str(yaml) {
        let (event, span) = match event {
            Ok(e) => e,
            Err(e) => {
                // The parser's own limit (255 levels of brackets), met while it looks ahead:
                // libyaml has none, and would take minutes.
                if e.info().contains("recursion limit") {
                    let m = e.marker();
                    found.push(too_deep(at_char(yaml, first_line, m.index())));
                }
                break;
            }
        };
        events += 1;
        if events > MAX_EVENTS {
            found.push(Finding {
                position: position(&span),
                message: format!("the file holds more than {MAX_EVENTS} values"),
                hint: "split it into several records; a record this large is most likely a mistake (or an attempt to exhaust the machine that builds the site)".to_owned(),
            });
            break;
        }
        let tag = match &event {
            Event::Scalar(value, _, anchor, tag) => {
                let cost = EVENT_COST + value.len() as u64;
                total = total.saturating_add(cost);
                set(&mut anchors, *anchor, cost);
                tag.as_deref()
            }
            Event::MappingStart(anchor, tag) | Event::SequenceStart(anchor, tag) => {
                total = total.saturating_add(EVENT_COST);
                open.push((*anchor, total));
                if open.len() > MAX_DEPTH {
                    found.push(too_deep(position(&span)));
                    break;
                }
                tag.as_deref()
            }
            Event::MappingEnd | Event::SequenceEnd => {
                if let Some((anchor, started)) = open.pop() {
                    set(&mut anchors, anchor, total - started + EVENT_COST);
                }
                None
            }
            Event::Alias(id) => {
                // An alias of an anchor still open (a recursive one) is serde_yaml's error.
                let cost = anchors.get(*id).copied().unwrap_or(0);
                total = total.saturating_add(cost);
                added = added.saturating_add(cost);
                if added > budget {
                    found.push(Finding {
                        position: position(&span),
                        message: format!(
                            "the aliases of this file expand it to more than {} times its size",
                            ALIAS_FACTOR + 1
                        ),
                        hint: "write the values out instead of repeating a large `&anchor` with `*alias` (a file that grows when it is read could exhaust the machine that builds the site)".to_owned(),
                    });
                    break;
                }
                None
            }
            _ => None,
        };
        if let Some(tag) = tag
            && !is_plain_core_tag(tag)
        {
            found.push(Finding {
                position: tag_position(yaml, &span, first_line),
                message: format!("the YAML tag `{}` is not used by minhbach", written(tag)),
                hint: format!(
                    "remove `{}`; write the value alone (quote it if it starts with `!`)",
                    written(tag)
                ),
            });
        }
    }
    found
}

/// `!!str` and the other tags of YAML's core schema only say what the value is anyway.
fn is_plain_core_tag(tag: &Tag) -> bool {
    tag.is_yaml_core_schema()
        && matches!(
            tag.suffix.as_str(),
            "str" | "int" | "float" | "bool" | "null" | "seq" | "map"
        )
}

/// The tag as it is written in the file (`!in_force`, `!!binary`).
fn written(tag: &Tag) -> String {
    if tag.is_yaml_core_schema() {
        format!("!!{}", tag.suffix)
    } else {
        format!("{}{}", tag.handle, tag.suffix)
    }
}

/// Where the parser's character `index` sits, with lines that end at `\n` only, as everywhere in
/// minhbach: the parser's own line numbers also end a line at a lone `\r`, and pointed past the
/// end of the file (found by fuzzing). Asked only for a finding, so one pass is cheap enough.
fn at_char(yaml: &str, first_line: usize, index: usize) -> Position {
    let offset = yaml
        .char_indices()
        .nth(index)
        .map_or(yaml.len(), |(byte, _)| byte);
    let p = Position::from_offset(yaml, offset);
    Position::new(p.line + first_line - 1, p.column)
}

/// Where the tag of the node at `span` is written: the parser's span may start at the value, so
/// look back on the line for the `!` that starts the tag.
fn tag_position(yaml: &str, span: &Span, first_line: usize) -> Position {
    let start = span.start.index();
    let offset = yaml
        .char_indices()
        .nth(start)
        .map_or(yaml.len(), |(byte, _)| byte);
    let line_start = yaml[..offset].rfind('\n').map_or(0, |i| i + 1);
    let at = yaml[offset..]
        .find('!')
        .filter(|i| !yaml[offset..offset + i].contains('\n'))
        .map(|i| offset + i)
        .or_else(|| yaml[line_start..offset].rfind('!').map(|i| line_start + i))
        .unwrap_or(offset);
    let p = Position::from_offset(yaml, at);
    Position::new(p.line + first_line - 1, p.column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_found_where_they_are_written() {
        let yaml =
            "a: 1\nstatus: !in_force\nname: !foo Hội thảo\nlist: !seqtag\n  - x\nok: !!str 5\n";
        let found = screen(yaml, 1);
        let at: Vec<(Position, &str)> = found
            .iter()
            .map(|f| (f.position, f.message.as_str()))
            .collect();
        assert_eq!(
            at,
            [
                (
                    Position::new(2, 9),
                    "the YAML tag `!in_force` is not used by minhbach"
                ),
                (
                    Position::new(3, 7),
                    "the YAML tag `!foo` is not used by minhbach"
                ),
                (
                    Position::new(4, 7),
                    "the YAML tag `!seqtag` is not used by minhbach"
                ),
            ]
        );
        // Front matter: lines count from the file's.
        assert_eq!(screen("x: !t 1\n", 2)[0].position, Position::new(2, 4));
    }

    #[test]
    fn aliases_are_charged_what_they_expand_to() {
        let big = "x".repeat(100_000);
        // A few uses of a large anchor: within the budget (4 times the file, plus 64 KiB).
        let few = format!("a: &big {big}\nb: [*big, *big]\n");
        assert!(screen(&few, 1).is_empty());
        let many = format!("a: &big {big}\nb: [{}]\n", ["*big"; 10].join(", "));
        let found = screen(&many, 1);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].position.line, 2);
        // Nested aliases (a "billion laughs") are charged their whole expansion.
        let laughs = "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n";
        let found = screen(laughs, 1);
        assert_eq!(found.len(), 1, "{found:?}");
        // Each `*b` adds some 7 kB: the ninth on line 3 goes over the budget for this file.
        assert_eq!(found[0].position, Position::new(3, 40));
        assert!(needed(laughs) && !needed("a: b\n"));
    }

    #[test]
    fn too_many_values_or_levels_are_refused_where_they_go_over() {
        let flow = format!("k: [{}a]\n", "a,".repeat(MAX_EVENTS));
        assert!(needed(&flow));
        let found = screen(&flow, 1);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].message.contains("more than 100000 values"));
        let deep = format!("k: {}{}\n", "[".repeat(500_000), "]".repeat(500_000));
        assert!(needed(&deep));
        let started = std::time::Instant::now();
        let found = screen(&deep, 1);
        assert!(started.elapsed().as_secs() < 5, "{:?}", started.elapsed());
        assert_eq!(found.len(), 1, "{found:?}");
        // Reported where the parser gives up, on the `[` of the 256th level.
        assert_eq!(found[0].position, Position::new(1, 4 + 255));
        assert!(found[0].message.contains("nested more than 128 levels"));
        // Between 128 and 255 levels: at the level too many, the 129th (the map of `k` is the
        // first, so the 128th bracket).
        let deep = format!("k: {}{}\n", "[".repeat(200), "]".repeat(200));
        let found = screen(&deep, 1);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].position, Position::new(1, 4 + MAX_DEPTH - 1));
        assert!(!needed("k: [a, b, {c: d}]\n"));
        // Block lists nested on one line.
        let dashes = format!("k:\n  {}a\n", "- ".repeat(500_000));
        assert!(needed(&dashes));
        let found = screen(&dashes, 1);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].message.contains("nested more than 128 levels"));
    }
}
