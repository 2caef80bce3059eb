//! Problems found in a site's content or theme, with the place they were found.
//!
//! Every stage collects [`Diagnostic`]s instead of stopping at the first problem, so that a staff
//! member who broke three files sees all three in one run. A diagnostic knows its file, line and
//! column (1-based, columns counted in characters so that Vietnamese and CJK text line up) and,
//! when it can, a hint on how to fix the problem.

use std::fmt;
use std::path::{Path, PathBuf};

/// A position in a source file. Lines and columns are 1-based; columns count characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl Position {
    pub fn new(line: usize, column: usize) -> Self {
        Position { line, column }
    }

    /// The position of a byte offset in `text`.
    pub fn from_offset(text: &str, offset: usize) -> Self {
        let offset = offset.min(text.len());
        let before = &text[..floor_char_boundary(text, offset)];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        Position { line, column }
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// One problem, tied to a place in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Path relative to the site root, with `/` separators, as the user would type it.
    pub file: PathBuf,
    pub position: Option<Position>,
    pub message: String,
    pub hint: Option<String>,
    /// The offending source line, for the snippet under the message: control characters
    /// replaced, and a long line cut to [`MAX_SOURCE_CHARS`] around the column (with `…`).
    pub source_line: Option<SourceLine>,
}

/// A line of a file as a diagnostic shows it (it reads as the `str` it holds), and how many of
/// its first characters were cut.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceLine {
    text: Box<str>,
    /// Characters of the file's line cut before `text` (the `…` that stands for them counts as
    /// one): the caret goes under column `position.column - cut`. A u32 and a boxed str keep a
    /// Diagnostic small, as it is the error of many `Result`s.
    cut: u32,
}

impl SourceLine {
    /// How many characters of the file's line were cut before this text.
    pub fn cut(&self) -> usize {
        self.cut as usize
    }
}

impl std::ops::Deref for SourceLine {
    type Target = str;
    fn deref(&self) -> &str {
        &self.text
    }
}

impl fmt::Display for SourceLine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// The longest source line a diagnostic quotes. A line is all a diagnostic ever shows of a
/// file, and a file can be one line of 20 MB (or secrets, if it is not the file it seems):
/// a window around the column is enough to see what is wrong.
pub const MAX_SOURCE_CHARS: usize = 160;

/// The longest quoted value (between backticks or double quotes) a message or hint repeats.
/// Messages quote the offending value (`unknown reference `…``), which may be huge.
pub const MAX_QUOTED_CHARS: usize = 80;

/// The longest message or hint, whatever it quotes.
pub const MAX_MESSAGE_CHARS: usize = 600;

impl Diagnostic {
    pub fn new(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.into(),
            position: None,
            message: shorten(&message.into()),
            hint: None,
            source_line: None,
        }
    }

    pub fn at(mut self, position: Position) -> Self {
        self.position = Some(position);
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(shorten(&hint.into()));
        self
    }

    /// Attach the source line the position points into (cut around the column if it is long).
    pub fn with_source(mut self, text: &str) -> Self {
        if let Some(pos) = self.position
            && let Some(line) = text.lines().nth(pos.line.saturating_sub(1))
        {
            let (line, cut) = source_window(line, pos.column);
            self.source_line = Some(SourceLine {
                text: line.into(),
                cut: u32::try_from(cut).unwrap_or(u32::MAX),
            });
        }
        self
    }

    /// `file:line:column`, the form editors and terminals turn into links.
    pub fn location(&self) -> String {
        let file = display_path(&self.file);
        match self.position {
            Some(p) => format!("{file}:{}:{}", p.line, p.column),
            None => file,
        }
    }
}

/// Display a path with forward slashes on every platform.
pub fn display_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "error: {}", self.message)?;
        write!(f, "  --> {}", self.location())?;
        if let (Some(pos), Some(line)) = (self.position, &self.source_line) {
            let gutter = pos.line.to_string();
            let pad = " ".repeat(gutter.len());
            // Columns count characters, but the caret has to sit under wide CJK characters too,
            // so the marker line reuses the prefix's own characters as spacing.
            let prefix: String = line
                .chars()
                .take(pos.column.saturating_sub(1 + line.cut()))
                .map(|c| {
                    if c == '\t' {
                        '\t'
                    } else if is_wide(c) {
                        '　'
                    } else {
                        ' '
                    }
                })
                .collect();
            write!(f, "\n {pad} |\n {gutter} | {line}\n {pad} | {prefix}^")?;
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  = hint: {hint}")?;
        }
        Ok(())
    }
}

/// `line` made safe to print, and at most [`MAX_SOURCE_CHARS`] long around `column`; returns
/// the window and how many characters before it were cut (see [`SourceLine::cut`]).
fn source_window(line: &str, column: usize) -> (String, usize) {
    // Control characters (escape sequences, NUL, a stray CR) would reach the terminal or the
    // preview as they are; one replacement character each keeps the columns.
    let safe = |c: char| {
        if c.is_control() && c != '\t' {
            '\u{FFFD}'
        } else {
            c
        }
    };
    let len = line.chars().count();
    if len <= MAX_SOURCE_CHARS {
        return (line.chars().map(safe).collect(), 0);
    }
    // Show a third of the window before the column, the rest after it.
    let at = column.saturating_sub(1).min(len);
    let start = at.saturating_sub(MAX_SOURCE_CHARS / 3);
    let end = (start + MAX_SOURCE_CHARS).min(len);
    let start = end.saturating_sub(MAX_SOURCE_CHARS).min(start);
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    out.extend(line.chars().skip(start).take(end - start).map(safe));
    if end < len {
        out.push('…');
    }
    // The ellipsis takes the place of one of the characters cut.
    (out, start.saturating_sub(1))
}

/// `text` with every long quoted part cut in the middle and the whole cut at
/// [`MAX_MESSAGE_CHARS`], at character boundaries; control characters replaced.
pub fn shorten(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(MAX_MESSAGE_CHARS * 4));
    let mut chars = text.chars().peekable();
    let mut count = 0;
    while let Some(c) = chars.next() {
        if count >= MAX_MESSAGE_CHARS {
            out.push('…');
            break;
        }
        let c = if c.is_control() && c != '\n' && c != '\t' {
            '\u{FFFD}'
        } else {
            c
        };
        out.push(c);
        count += 1;
        if c == '`' || c == '"' {
            // A quoted part: keep its start and end if it is long.
            let quoted: String = {
                let mut q = String::new();
                while let Some(&n) = chars.peek() {
                    if n == c {
                        break;
                    }
                    q.push(n);
                    chars.next();
                }
                q
            };
            let n = quoted.chars().count();
            let keep = |s: &mut String, it: &mut dyn Iterator<Item = char>| {
                s.extend(it.map(|c| if c.is_control() { '\u{FFFD}' } else { c }))
            };
            if n > MAX_QUOTED_CHARS {
                let half = MAX_QUOTED_CHARS / 2;
                keep(&mut out, &mut quoted.chars().take(half));
                out.push_str(&format!("…[{n} characters]…"));
                keep(&mut out, &mut quoted.chars().skip(n - half));
                count += MAX_QUOTED_CHARS + 20;
            } else {
                keep(&mut out, &mut quoted.chars());
                count += n;
            }
            if let Some(close) = chars.next() {
                out.push(close);
                count += 1;
            }
        }
    }
    out
}

/// East Asian wide characters take two terminal cells.
fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6)
}

/// All the problems of one run, in a stable order.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// Sort by file and position so that output does not depend on thread scheduling.
    pub fn sorted(mut self) -> Self {
        self.items.sort_by(|a, b| {
            (&a.file, a.position, &a.message).cmp(&(&b.file, b.position, &b.message))
        });
        self.items.dedup();
        self
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.items.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters_not_bytes() {
        let text = "tên: Hội thảo\nmã: x";
        let offset = text.find('x').unwrap();
        assert_eq!(Position::from_offset(text, offset), Position::new(2, 5));
        let offset = text.find("thảo").unwrap();
        assert_eq!(Position::from_offset(text, offset), Position::new(1, 10));
    }

    #[test]
    fn renders_location_snippet_and_hint() {
        let text = "a: 1\nlegal_basis: [nope]\n";
        let d = Diagnostic::new("content/procedures/x.yaml", "unknown reference `nope`")
            .at(Position::new(2, 15))
            .hint("create content/documents/nope.yaml")
            .with_source(text);
        let shown = d.to_string();
        assert!(shown.contains("content/procedures/x.yaml:2:15"), "{shown}");
        assert!(shown.contains(" 2 | legal_basis: [nope]"), "{shown}");
        assert!(shown.contains("   |               ^"), "{shown}");
        assert!(shown.contains("= hint: create"), "{shown}");
    }

    #[test]
    fn long_lines_are_cut_around_the_column_and_the_caret_still_points_right() {
        // A 20 MB line with the error in the middle: shown as a window with ellipses.
        let value = "ả".repeat(10_000_000);
        let text = format!("a: 1\nname: {value}BAD{value}\n");
        let column = "name: ".chars().count() + 10_000_000 + 1;
        let d = Diagnostic::new("x.yaml", format!("bad value `{value}BAD`"))
            .at(Position::new(2, column))
            .with_source(&text);
        let line = d.source_line.as_deref().unwrap();
        assert!(
            line.chars().count() <= MAX_SOURCE_CHARS + 2,
            "{}",
            line.len()
        );
        assert!(line.starts_with('…') && line.ends_with('…'));
        let shown = d.to_string();
        assert!(shown.len() < 2_000, "{} bytes shown", shown.len());
        // The caret sits under the `B` of `BAD`.
        let lines: Vec<&str> = shown.lines().collect();
        let source = lines.iter().find(|l| l.starts_with(" 2 | ")).unwrap();
        let caret = lines.iter().find(|l| l.trim_end().ends_with('^')).unwrap();
        let source_prefix = source.split("BAD").next().unwrap();
        assert!(
            source_prefix.len() < source.len(),
            "BAD is in the window: {source}"
        );
        let caret_prefix = caret.trim_end().trim_end_matches('^');
        // Wide characters are padded with wide spaces: compare in characters.
        assert_eq!(
            source_prefix.chars().count(),
            caret_prefix.chars().count(),
            "\n{source}\n{caret}"
        );
        assert!(
            d.message.chars().count() < MAX_MESSAGE_CHARS,
            "{}",
            d.message.len()
        );
        assert!(d.message.starts_with("bad value `ả") && d.message.ends_with("BAD`"));
    }

    #[test]
    fn control_characters_never_reach_the_terminal() {
        let text = "name: \u{1b}[31mred\u{7}\n";
        let d = Diagnostic::new("x.yaml", "bad `\u{1b}[2J`")
            .at(Position::new(1, 7))
            .with_source(text);
        let shown = d.to_string();
        assert!(
            !shown.contains('\u{1b}') && !shown.contains('\u{7}'),
            "{shown:?}"
        );
        assert!(shown.contains("\u{FFFD}[31mred"), "{shown}");
    }
}
