//! Minification, done to the theme's templates once instead of to every page.
//!
//! Minifying each rendered page took a third of a large build's CPU time (minify-html parses
//! and re-serialises every byte of 50,000 pages), although almost all of those bytes come from
//! the same few templates. So the templates are minified once, when the theme loads, with
//! minify-html's `preserve_brace_template_syntax` (Tera's `{{ }}`, `{% %}` and `{# #}` pass
//! through untouched), and the pages come out of Tera already minified. What is inserted into
//! them (escaped text, sanitised Markdown) is left as it is.
//!
//! minify-html understands template syntax only in element content. A start tag that holds
//! template syntax (`<tr{% if x %} class="y"{% endif %}>`, a value with nested quotes, or
//! `href="{{x}}"`, whose quotes it would drop although the value may hold a space) would be
//! taken apart or unquoted, so each such tag is swapped for a placeholder tag before minifying
//! and put back, as written, afterwards. `tests/minify.rs` checks that every page of the shipped
//! portal has the same document tree and text minified or not.

// Without minify-html only `template`'s stand-in is compiled; the tag protection it would use is not.
#![cfg_attr(not(feature = "minify"), allow(dead_code))]

/// Whether this build minifies: the `minify` feature, on by default in the `minhbach` package.
pub const ENABLED: bool = cfg!(feature = "minify");

/// The name of the attribute that marks a placeholder tag. Not a real attribute: a template
/// that happens to use it is used as written.
const MARK: &str = "data-minhbach-tag";

/// The template `source` minified, or `None` if it cannot be minified safely (it is then used
/// as written).
#[cfg(feature = "minify")]
pub fn template(source: &str) -> Option<String> {
    if source.contains(MARK) {
        return None;
    }
    let (protected, tags) = protect_tags(source);
    let mut cfg = minify_html::Cfg::new();
    // Stay within the HTML specification, so that the output validates: keep the `<html>` and
    // `<head>` tags (the `lang` attribute lives there) and quote attribute values where needed.
    cfg.keep_html_and_head_opening_tags = true;
    // Keep every end tag, `</head>`, `</body>` and `</html>` above all: tools that read HTML
    // without building its tree (Pagefind, link checkers, scrapers) find no page content without
    // them. It costs 0.9% of the HTML (5,994,831 -> 6,049,784 bytes over the shipped portal).
    cfg.keep_closing_tags = true;
    cfg.preserve_brace_template_syntax = true;
    cfg.minify_css = true;
    cfg.minify_js = true;
    let minified = String::from_utf8(minify_html::minify(protected.as_bytes(), &cfg)).ok()?;
    restore_tags(&minified, &tags)
}

/// Without the `minify` feature nothing is minified.
#[cfg(not(feature = "minify"))]
pub fn template(_source: &str) -> Option<String> {
    None
}

/// Replace each start tag that contains template syntax by `<name data-minhbach-tag=N>`, and
/// return the original tags, by N.
fn protect_tags(source: &str) -> (String, Vec<String>) {
    let bytes = source.as_bytes();
    let mut out = String::with_capacity(source.len());
    let mut tags = Vec::new();
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        if let Some(end) = template_syntax_end(bytes, i) {
            // Syntax in content passes through minify-html as it is; skip over it whole, so that
            // a `<` inside it (`{% if a < b %}`) is not taken for a tag.
            i = end;
            continue;
        }
        if bytes[i] == b'<' && bytes.get(i + 1).is_some_and(u8::is_ascii_alphabetic) {
            let name_end = (i + 1..bytes.len())
                .find(|&j| !(bytes[j].is_ascii_alphanumeric() || bytes[j] == b'-'))
                .unwrap_or(bytes.len());
            let (end, has_syntax) = start_tag_end(bytes, name_end);
            if has_syntax && end <= bytes.len() {
                out.push_str(&source[copied..i]);
                out.push_str(&source[i..name_end]);
                out.push_str(&format!(" {MARK}={}>", tags.len()));
                tags.push(source[i..end].to_owned());
                copied = end;
            }
            i = end.max(i + 1);
            continue;
        }
        i += 1;
    }
    out.push_str(&source[copied..]);
    (out, tags)
}

/// If template syntax (`{{`, `{%`, `{#`) starts at `i`, the index just past its end.
fn template_syntax_end(bytes: &[u8], i: usize) -> Option<usize> {
    if bytes[i] != b'{' {
        return None;
    }
    let close: &[u8] = match bytes.get(i + 1) {
        Some(b'{') => b"}}",
        Some(b'%') => b"%}",
        Some(b'#') => b"#}",
        _ => return None,
    };
    let rest = &bytes[i + 2..];
    let at = rest.windows(2).position(|w| w == close)?;
    Some(i + 2 + at + 2)
}

/// The index just past the `>` that ends the start tag whose attributes begin at `from`, and
/// whether template syntax appears in it.
fn start_tag_end(bytes: &[u8], from: usize) -> (usize, bool) {
    let mut quote: Option<u8> = None;
    let mut has_syntax = false;
    let mut i = from;
    while i < bytes.len() {
        if let Some(end) = template_syntax_end(bytes, i) {
            has_syntax = true;
            i = end;
            continue;
        }
        match (quote, bytes[i]) {
            (None, b'"' | b'\'') => quote = Some(bytes[i]),
            (Some(q), c) if c == q => quote = None,
            (None, b'>') => return (i + 1, has_syntax),
            _ => {}
        }
        i += 1;
    }
    (bytes.len(), has_syntax)
}

/// Put the original start tags back in place of their placeholders. `None` if a placeholder
/// went missing (minify-html dropped or changed a tag): the template is then used as written.
fn restore_tags(minified: &str, tags: &[String]) -> Option<String> {
    let mut out =
        String::with_capacity(minified.len() + tags.iter().map(String::len).sum::<usize>());
    let mut rest = minified;
    let mut found = 0;
    while let Some(at) = rest.find(MARK) {
        // The placeholder is `<name data-minhbach-tag=N>` (minify-html may quote the number).
        let tag_start = rest[..at].rfind('<')?;
        let after = &rest[at + MARK.len()..];
        let after = after.strip_prefix('=')?;
        let digits: String = after
            .trim_start_matches(['"', '\''])
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        let n: usize = digits.parse().ok()?;
        let close = after.find('>')?;
        out.push_str(&rest[..tag_start]);
        out.push_str(tags.get(n)?);
        rest = &after[close + 1..];
        found += 1;
    }
    out.push_str(rest);
    (found == tags.len()).then_some(out)
}

#[cfg(all(test, feature = "minify"))]
mod tests {
    use super::template;

    #[test]
    fn whitespace_between_elements_goes_and_syntax_stays() {
        let out = template("<ul>\n  <li>{{ a }}</li>\n  <li>{% if b %}x{% endif %}</li>\n</ul>\n")
            .expect("minifiable");
        assert!(!out.contains('\n'), "{out}");
        assert!(
            out.contains("{{ a }}") && out.contains("{% if b %}x{% endif %}"),
            "{out}"
        );
    }

    #[test]
    fn start_tags_with_syntax_are_kept_as_written() {
        let tr = r#"<tr{% if s.lang == lang %} aria-current="true"{% endif %}>"#;
        let a = r#"<a href="{{ f.path }}" type="{% if f.format == "json" %}application/json{% else %}text/csv{% endif %}">"#;
        let out = template(&format!(
            "<table>\n <tbody>\n  {tr}<td>x</td></tr>\n </tbody>\n</table>\n<p>  {a}{{{{ f.path }}}}</a>  </p>"
        ))
        .expect("minifiable");
        assert!(out.contains(tr), "{out}");
        assert!(out.contains(a), "{out}");
        assert!(!out.contains(super::MARK), "{out}");
    }

    #[test]
    fn a_less_than_sign_in_syntax_is_not_a_tag() {
        let out = template("<p>{% if a <b %}x{% endif %}</p>\n<p class=\"{{ c }}\">y</p>")
            .expect("minifiable");
        assert!(out.contains("{% if a <b %}"), "{out}");
    }

    #[test]
    fn values_with_syntax_keep_their_quotes() {
        // minify-html would drop these quotes (no space in the value as written), but the value
        // rendered may have one.
        let out = template("<p>\n  <a href=\"{{x}}\">y</a>\n</p>").expect("minifiable");
        assert!(out.contains("<a href=\"{{x}}\">"), "{out}");
    }

    #[test]
    fn a_template_using_the_placeholder_name_is_used_as_written() {
        assert_eq!(template("<p data-minhbach-tag=1>x</p>"), None);
    }
}
