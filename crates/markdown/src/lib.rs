//! Markdown to safe HTML.
//!
//! Reports are full of footnotes, so footnotes are rendered here rather than by pulldown-cmark's
//! HTML writer (which gives no way back from the note to the text): each reference links to its
//! note and each note links back. The whole body is then sanitised with ammonia, because raw HTML
//! arrives from the parser in fragments that cannot be judged one by one.

use pulldown_cmark::{CowStr, Event, LinkType, Options, Parser, Tag, TagEnd, html};
use std::collections::{BTreeMap, HashMap, HashSet};

/// URL schemes that content may link to. Anything else (`javascript:`, `data:`, `file:` …) is
/// refused.
pub const SAFE_SCHEMES: [&str; 4] = ["http", "https", "mailto", "tel"];

/// Whether `url` is relative or uses one of [`SAFE_SCHEMES`].
pub fn is_safe_url(url: &str) -> bool {
    let url = url.trim();
    // Browsers ignore tabs and newlines inside a scheme (`java\tscript:`), so judge without them.
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect();
    match cleaned.find([':', '/', '?', '#']) {
        Some(i) if cleaned.as_bytes()[i] == b':' => {
            let scheme = cleaned[..i].to_ascii_lowercase();
            SAFE_SCHEMES.contains(&scheme.as_str())
        }
        _ => true,
    }
}

/// A link that was refused, with its byte offset in the Markdown source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefusedLink {
    pub offset: usize,
    pub url: String,
}

/// The HTML of a Markdown text and what was refused on the way.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub html: String,
    pub refused_links: Vec<RefusedLink>,
    /// Footnote references with no definition (`[^9]` where no `[^9]:` exists).
    pub missing_footnotes: Vec<(usize, String)>,
}

/// Renders Markdown; holds the sanitiser, which is built once.
pub struct MarkdownRenderer {
    sanitizer: ammonia::Builder<'static>,
}

impl Default for MarkdownRenderer {
    fn default() -> Self {
        Self::new()
    }
}

impl MarkdownRenderer {
    pub fn new() -> Self {
        let mut sanitizer = ammonia::Builder::default();
        sanitizer
            .url_schemes(HashSet::from(SAFE_SCHEMES))
            .add_generic_attributes(["id"])
            .add_tag_attributes("th", ["scope"])
            .add_tag_attributes("td", ["align"])
            .add_tag_attributes("th", ["align"])
            .add_allowed_classes("section", ["footnotes"])
            .add_allowed_classes("sup", ["fnref"])
            .add_allowed_classes("a", ["footnote-back"])
            .add_tag_attributes("a", ["aria-label"])
            .add_tags(["section"])
            .link_rel(None);
        MarkdownRenderer { sanitizer }
    }

    /// Render `markdown`. `footnote_prefix` keeps footnote ids unique when one page shows more
    /// than one Markdown text.
    pub fn render(&self, markdown: &str, footnote_prefix: &str, back_label: &str) -> Rendered {
        let options = Options::ENABLE_TABLES
            | Options::ENABLE_FOOTNOTES
            | Options::ENABLE_STRIKETHROUGH
            | Options::ENABLE_TASKLISTS;
        let mut refused_links = Vec::new();
        let mut missing_footnotes = Vec::new();

        // First pass: collect which footnotes are defined, so that a reference to a missing one
        // can be reported instead of producing a dead link.
        let defined: HashSet<String> = Parser::new_ext(markdown, options)
            .filter_map(|e| match e {
                Event::Start(Tag::FootnoteDefinition(name)) => Some(name.to_string()),
                _ => None,
            })
            .collect();

        // With GFM footnotes, a reference to an undefined note is plain text, so look for it in
        // the source: `[^label]` that is not a definition at the start of a line.
        let mut search = 0;
        while let Some(found) = markdown[search..].find("[^") {
            let start = search + found;
            search = start + 2;
            let Some(len) = markdown[start + 2..].find(']') else {
                break;
            };
            let label = &markdown[start + 2..start + 2 + len];
            let is_definition = (start == 0 || markdown.as_bytes()[start - 1] == b'\n')
                && markdown[start + 3 + len..].starts_with(':');
            if !label.is_empty()
                && !label.contains(char::is_whitespace)
                && !is_definition
                && !defined.contains(label)
            {
                missing_footnotes.push((start, label.to_owned()));
            }
        }

        let mut body: Vec<Event> = Vec::new();
        let mut notes: BTreeMap<usize, Vec<Event>> = BTreeMap::new();
        let mut numbers: HashMap<String, usize> = HashMap::new();
        let mut ref_counts: HashMap<usize, usize> = HashMap::new();
        let mut in_note: Option<usize> = None;
        let mut skipped_link_depth = 0usize;
        let mut prev_text_end: Option<char> = None;
        let mut pending_soft_break = false;

        let events: Vec<(Event, std::ops::Range<usize>)> = Parser::new_ext(markdown, options)
            .into_offset_iter()
            .collect();
        for (event, range) in events {
            macro_rules! emit {
                ($ev:expr) => {
                    match in_note {
                        Some(n) => notes.entry(n).or_default().push($ev),
                        None => body.push($ev),
                    }
                };
            }
            // A soft line break between CJK characters is no space in Chinese or Japanese; decide
            // once the next character is known.
            if pending_soft_break {
                pending_soft_break = false;
                let next = match &event {
                    Event::Text(t) => t.chars().next(),
                    _ => None,
                };
                let glue = prev_text_end.is_some_and(is_cjk) || next.is_some_and(is_cjk);
                if !glue {
                    emit!(Event::SoftBreak);
                }
            }
            match event {
                Event::SoftBreak => {
                    pending_soft_break = true;
                    continue;
                }
                Event::Text(ref t) => prev_text_end = t.chars().last(),
                _ => prev_text_end = None,
            }
            match event {
                Event::Start(Tag::FootnoteDefinition(name)) => {
                    let next = numbers.len() + 1;
                    let n = *numbers.entry(name.to_string()).or_insert(next);
                    in_note = Some(n);
                }
                Event::End(TagEnd::FootnoteDefinition) => in_note = None,
                Event::FootnoteReference(name) => {
                    let next = numbers.len() + 1;
                    let n = *numbers.entry(name.to_string()).or_insert(next);
                    let count = ref_counts.entry(n).or_insert(0);
                    *count += 1;
                    let ref_id = if *count == 1 {
                        format!("{footnote_prefix}fnref-{n}")
                    } else {
                        format!("{footnote_prefix}fnref-{n}-{count}")
                    };
                    let html = format!(
                        "<sup class=\"fnref\" id=\"{ref_id}\"><a href=\"#{footnote_prefix}fn-{n}\">{n}</a></sup>"
                    );
                    emit!(Event::InlineHtml(html.into()));
                }
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) if !is_safe_url(&dest_url) => {
                    refused_links.push(RefusedLink {
                        offset: range.start,
                        url: dest_url.to_string(),
                    });
                    let _ = (link_type, title, id);
                    skipped_link_depth += 1;
                }
                Event::End(TagEnd::Link) if skipped_link_depth > 0 => skipped_link_depth -= 1,
                Event::Start(Tag::Image { dest_url, .. }) if !is_safe_url(&dest_url) => {
                    refused_links.push(RefusedLink {
                        offset: range.start,
                        url: dest_url.to_string(),
                    });
                    emit!(Event::Start(Tag::Image {
                        link_type: LinkType::Inline,
                        dest_url: CowStr::Borrowed(""),
                        title: CowStr::Borrowed(""),
                        id: CowStr::Borrowed(""),
                    }));
                }
                other => emit!(other),
            }
        }

        let mut out = String::with_capacity(markdown.len() * 3 / 2);
        html::push_html(&mut out, body.into_iter());
        // Notes in the order of their first reference; unreferenced notes keep their place after.
        let referenced: Vec<(usize, Vec<Event>)> = notes
            .into_iter()
            .filter(|(n, _)| ref_counts.contains_key(n))
            .collect();
        if !referenced.is_empty() {
            out.push_str("<section class=\"footnotes\"><ol>");
            for (n, events) in referenced {
                let mut note = String::new();
                html::push_html(&mut note, events.into_iter());
                let mut backs = String::new();
                for k in 1..=ref_counts[&n] {
                    let id = if k == 1 {
                        format!("{footnote_prefix}fnref-{n}")
                    } else {
                        format!("{footnote_prefix}fnref-{n}-{k}")
                    };
                    backs.push_str(&format!(
                        " <a href=\"#{id}\" class=\"footnote-back\" aria-label=\"{back_label}\">↩</a>"
                    ));
                }
                // Put the back links inside the note's last paragraph.
                let note = match note.rfind("</p>") {
                    Some(i) if note[i..].trim() == "</p>" => {
                        format!("{}{backs}</p>", &note[..i])
                    }
                    _ => format!("{note}<p>{backs}</p>"),
                };
                out.push_str(&format!("<li id=\"{footnote_prefix}fn-{n}\">{note}</li>"));
            }
            out.push_str("</ol></section>");
        }
        let html = self.sanitizer.clean(&out).to_string();
        // Wide tables scroll inside their own box instead of widening the page on a phone. The
        // box is focusable so that keyboard users can scroll it too.
        let html = html
            .replace(
                "<table>",
                "<div class=\"table-scroll\" tabindex=\"0\"><table>",
            )
            .replace("</table>", "</table></div>");
        Rendered {
            html,
            refused_links,
            missing_footnotes,
        }
    }
}

/// The accessible name of a footnote's link back to the text, in the language of the text.
pub fn back_label(lang: &str) -> &'static str {
    match lang {
        "vi" => "Quay lại nội dung",
        "ja" => "本文に戻る",
        "zh" => "返回正文",
        "ko" => "본문으로 돌아가기",
        _ => "Back to the text",
    }
}

/// Han, kana and CJK punctuation: scripts written without spaces between words.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3000..=0x303F | 0x3040..=0x30FF | 0x31F0..=0x31FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xF900..=0xFAFF | 0xFF00..=0xFFEF | 0x20000..=0x2FA1F)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(md: &str) -> Rendered {
        MarkdownRenderer::new().render(md, "", "Back")
    }

    #[test]
    fn footnotes_link_both_ways() {
        let r = render("Text[^a] and again[^a].\n\n[^a]: The note.\n");
        assert!(
            r.html
                .contains(r##"<sup class="fnref" id="fnref-1"><a href="#fn-1">1</a></sup>"##),
            "{}",
            r.html
        );
        assert!(r.html.contains(r##"id="fnref-1-2""##), "{}", r.html);
        assert!(
            r.html
                .contains(r##"<li id="fn-1"><p>The note. <a href="#fnref-1""##),
            "{}",
            r.html
        );
        assert!(r.html.contains(r##"href="#fnref-1-2""##), "{}", r.html);
    }

    #[test]
    fn missing_footnote_is_reported() {
        let r = render("Text[^9].\n");
        assert_eq!(r.missing_footnotes, vec![(4, "9".to_owned())]);
        assert!(!r.html.contains("href=\"#fn-"));
    }

    #[test]
    fn raw_html_is_sanitised_and_bad_schemes_refused() {
        let r = render(
            "<script>alert(1)</script><b onclick=\"x()\">b</b>\n\n[x](javascript:alert(1)) [y](https://a.vn)\n",
        );
        assert!(
            !r.html.contains("<script") && !r.html.contains("onclick"),
            "{}",
            r.html
        );
        assert!(!r.html.contains("javascript"), "{}", r.html);
        assert!(r.html.contains("href=\"https://a.vn\""), "{}", r.html);
        assert_eq!(r.refused_links.len(), 1);
        assert_eq!(r.refused_links[0].url, "javascript:alert(1)");
        assert!(!is_safe_url("JaVa\tScript:alert(1)"));
        assert!(is_safe_url("tel:1022") && is_safe_url("../x/") && is_safe_url("#fn-1"));
    }

    #[test]
    fn soft_breaks_vanish_between_cjk_only() {
        assert!(render("国际会议\n研讨会").html.contains("国际会议研讨会"));
        assert!(
            render("hội thảo\nquốc tế")
                .html
                .contains("hội thảo\nquốc tế")
        );
    }

    #[test]
    fn tables_scroll_in_their_own_box() {
        let r = render("| a | b |\n|---|---|\n| 1 | 2 |\n");
        assert!(
            r.html
                .contains("<div class=\"table-scroll\" tabindex=\"0\"><table>"),
            "{}",
            r.html
        );
    }
}
