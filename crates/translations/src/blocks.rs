//! A Markdown body cut into the pieces a translation tool handles one at a time: each heading,
//! paragraph, list item, table cell and footnote, with its inline Markdown (`**`, links, code)
//! kept inside the piece. The pieces are byte ranges of the source, so that a translated body is
//! the source with each piece replaced: its structure (list markers, table rows, footnote labels)
//! is never retyped by a translator.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use std::ops::Range;

/// What kind of piece a block is, as the translator's comment names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    Heading,
    Paragraph,
    ListItem,
    TableCell,
    Footnote,
}

impl BlockKind {
    pub fn describe(self) -> &'static str {
        match self {
            BlockKind::Heading => "a heading",
            BlockKind::Paragraph => "a paragraph",
            BlockKind::ListItem => "a list item",
            BlockKind::TableCell => "a table cell",
            BlockKind::Footnote => "a footnote",
        }
    }
}

/// One piece: its kind and where its inline text sits in the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub kind: BlockKind,
    pub range: Range<usize>,
}

/// The options minhbach renders bodies with (`markdown` crate).
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
}

/// The pieces of `markdown`, in order.
pub fn blocks(markdown: &str) -> Vec<Block> {
    // Open blocks that hold inline text, each with the range its inline events cover so far.
    let mut open: Vec<(Option<BlockKind>, Option<Range<usize>>)> = Vec::new();
    let mut footnote = 0usize;
    let mut out = Vec::new();
    for (event, range) in Parser::new_ext(markdown, options()).into_offset_iter() {
        match event {
            Event::Start(tag) => {
                let kind = match tag {
                    Tag::Heading { .. } => Some(BlockKind::Heading),
                    Tag::Paragraph if footnote > 0 => Some(BlockKind::Footnote),
                    Tag::Paragraph => Some(BlockKind::Paragraph),
                    Tag::Item => Some(BlockKind::ListItem),
                    Tag::TableCell => Some(BlockKind::TableCell),
                    Tag::FootnoteDefinition(_) => {
                        footnote += 1;
                        None
                    }
                    Tag::CodeBlock(_) | Tag::HtmlBlock | Tag::MetadataBlock(_) => {
                        // Not text to translate: an open block that lets nothing in.
                        open.push((None, None));
                        continue;
                    }
                    t if is_block(&t) => None,
                    // An inline element: its whole range (markers included) is text.
                    _ => {
                        extend(&mut open, range);
                        continue;
                    }
                };
                open.push((kind, None));
            }
            Event::End(end) => {
                if !is_block_end(&end) {
                    continue;
                }
                if matches!(end, TagEnd::FootnoteDefinition) {
                    footnote = footnote.saturating_sub(1);
                }
                if let Some((Some(kind), Some(range))) = open.pop()
                    && !markdown[range.clone()].trim().is_empty()
                {
                    out.push(Block { kind, range });
                }
            }
            Event::Text(_)
            | Event::Code(_)
            | Event::InlineMath(_)
            | Event::InlineHtml(_)
            | Event::FootnoteReference(_)
            | Event::SoftBreak
            | Event::HardBreak
            | Event::TaskListMarker(_) => extend(&mut open, range),
            _ => {}
        }
    }
    out.sort_by_key(|b| b.range.start);
    out
}

/// Adds `range` to the innermost open block, if it takes text.
fn extend(open: &mut [(Option<BlockKind>, Option<Range<usize>>)], range: Range<usize>) {
    if let Some((kind, covered)) = open.last_mut() {
        if kind.is_none() {
            return;
        }
        *covered = Some(match covered.take() {
            Some(c) => c.start.min(range.start)..c.end.max(range.end),
            None => range,
        });
    }
}

fn is_block(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Paragraph
            | Tag::Heading { .. }
            | Tag::BlockQuote(_)
            | Tag::CodeBlock(_)
            | Tag::HtmlBlock
            | Tag::List(_)
            | Tag::Item
            | Tag::FootnoteDefinition(_)
            | Tag::Table(_)
            | Tag::TableHead
            | Tag::TableRow
            | Tag::TableCell
            | Tag::MetadataBlock(_)
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
    )
}

fn is_block_end(tag: &TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Paragraph
            | TagEnd::Heading(_)
            | TagEnd::BlockQuote(_)
            | TagEnd::CodeBlock
            | TagEnd::HtmlBlock
            | TagEnd::List(_)
            | TagEnd::Item
            | TagEnd::FootnoteDefinition
            | TagEnd::Table
            | TagEnd::TableHead
            | TagEnd::TableRow
            | TagEnd::TableCell
            | TagEnd::MetadataBlock(_)
            | TagEnd::DefinitionList
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition
    )
}

/// `markdown` with each block's text replaced by `texts` (one per block, in order).
pub fn replace(markdown: &str, blocks: &[Block], texts: &[&str]) -> String {
    let mut out = markdown.to_owned();
    for (block, text) in blocks.iter().zip(texts).rev() {
        out.replace_range(block.range.clone(), text);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(md: &str) -> Vec<(BlockKind, &str)> {
        blocks(md)
            .into_iter()
            .map(|b| (b.kind, &md[b.range]))
            .collect()
    }

    #[test]
    fn each_block_once_with_its_inline_markdown() {
        let md = "# Kết quả **chính**\n\nSở đã giải quyết [100%](https://x.vn) hồ sơ[^1].\nDòng hai.\n\n- Một `mã`\n- Hai\n  - Hai a\n\n| A | B |\n|---|---|\n| 1 | *2* |\n\n```\ncode\n```\n\n[^1]: Theo Cổng dịch vụ công.\n";
        assert_eq!(
            texts(md),
            [
                (BlockKind::Heading, "Kết quả **chính**"),
                (
                    BlockKind::Paragraph,
                    "Sở đã giải quyết [100%](https://x.vn) hồ sơ[^1].\nDòng hai."
                ),
                (BlockKind::ListItem, "Một `mã`"),
                (BlockKind::ListItem, "Hai"),
                (BlockKind::ListItem, "Hai a"),
                (BlockKind::TableCell, "A"),
                (BlockKind::TableCell, "B"),
                (BlockKind::TableCell, "1"),
                (BlockKind::TableCell, "*2*"),
                (BlockKind::Footnote, "Theo Cổng dịch vụ công."),
            ]
        );
    }

    #[test]
    fn replacing_keeps_the_structure() {
        let md = "# A\n\n- b\n- c\n";
        let b = blocks(md);
        assert_eq!(replace(md, &b, &["X", "Y", "Z"]), "# X\n\n- Y\n- Z\n");
    }
}
