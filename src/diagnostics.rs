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
    /// The offending source line, for the snippet under the message.
    pub source_line: Option<String>,
}

impl Diagnostic {
    pub fn new(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.into(),
            position: None,
            message: message.into(),
            hint: None,
            source_line: None,
        }
    }

    pub fn at(mut self, position: Position) -> Self {
        self.position = Some(position);
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Attach the source line the position points into.
    pub fn with_source(mut self, text: &str) -> Self {
        if let Some(pos) = self.position {
            self.source_line = text
                .lines()
                .nth(pos.line.saturating_sub(1))
                .map(str::to_owned);
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
                .take(pos.column.saturating_sub(1))
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
}
