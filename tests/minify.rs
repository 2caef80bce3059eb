//! Minified output comes from minified templates (`crates/minify/src/lib.rs`), not from minifying each
//! page. These tests check that this changes no page: every page of the shipped portal, rendered
//! from the templates as written and from the minified ones, parses to the same elements with the
//! same attributes and the same text.

use crate::common::repo;

use minhbach::render::{self, OutputFile, RenderOptions};
use scraper::{Html, Node};
use std::path::{Path, PathBuf};

fn render_shipped(minify: bool) -> Vec<OutputFile> {
    let prepared = minhbach::prepare(&repo()).expect("the shipped site is valid");
    let plan = minhbach::plan::plan(&prepared.site);
    let options = RenderOptions {
        base_url: Some("https://example.org/".to_owned()),
        minify,
        body_end: None,
    };
    render::render_site(
        &prepared.site,
        &prepared.theme,
        &plan,
        &options,
        &minhbach::pipeline::outputs(),
    )
    .expect("renders")
}

/// A page as a reader's browser sees it: the elements in document order with their sorted
/// attributes, and the text between them with whitespace taken out (minifying may drop the
/// whitespace between block elements and collapse runs of it, which changes no rendering).
/// Attributes of the same name are compared with their whitespace collapsed.
fn shape(html: &str) -> Vec<String> {
    let doc = Html::parse_document(html);
    let mut out = Vec::new();
    let mut text = String::new();
    for edge in doc.tree.root().traverse() {
        let node = match edge {
            ego_tree::iter::Edge::Open(node) => node,
            ego_tree::iter::Edge::Close(node) => {
                if let Node::Element(e) = node.value() {
                    flush(&mut text, &mut out);
                    out.push(format!("</{}>", e.name()));
                }
                continue;
            }
        };
        match node.value() {
            Node::Element(e) => {
                flush(&mut text, &mut out);
                let mut attrs: Vec<String> = e
                    .attrs()
                    .filter(|(k, v)| !is_default(e.name(), k, v))
                    .map(|(k, v)| format!("{k}={:?}", attribute_value(v)))
                    .collect();
                attrs.sort();
                out.push(format!("<{} {}>", e.name(), attrs.join(" ")));
            }
            Node::Text(t) => text.extend(t.chars().filter(|c| !c.is_whitespace())),
            Node::Comment(c) => {
                flush(&mut text, &mut out);
                out.push(format!("<!--{}-->", c.trim()));
            }
            _ => {}
        }
    }
    flush(&mut text, &mut out);
    out
}

/// An attribute value with its whitespace collapsed, as minify-html collapses it (`class`,
/// and `content="width=device-width, initial-scale=1"`, where the spaces mean nothing).
fn attribute_value(value: &str) -> String {
    value
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace(", ", ",")
}

/// Attributes that say what HTML assumes anyway, which minify-html leaves out.
fn is_default(element: &str, attribute: &str, value: &str) -> bool {
    matches!(
        (element, attribute, value.to_ascii_lowercase().as_str()),
        ("button", "type", "submit")
            | ("form", "method", "get")
            | ("input", "type", "text")
            | ("script", "type", "text/javascript")
            | ("style", "type", "text/css")
            | ("link", "type", "text/css")
    )
}

fn flush(text: &mut String, out: &mut Vec<String>) {
    if !text.is_empty() {
        out.push(std::mem::take(text));
    }
}

#[test]
fn minified_pages_have_the_same_elements_attributes_and_text() {
    let raw = render_shipped(false);
    let minified = render_shipped(true);
    let paths =
        |files: &[OutputFile]| -> Vec<PathBuf> { files.iter().map(|f| f.path.clone()).collect() };
    assert_eq!(paths(&raw), paths(&minified), "the same files either way");
    let mut pages = 0;
    let (mut raw_bytes, mut min_bytes) = (0, 0);
    for (a, b) in raw.iter().zip(&minified) {
        if a.path.extension().is_none_or(|e| e != "html") {
            assert_eq!(
                a.bytes,
                b.bytes,
                "{} is not HTML: not minified",
                a.path.display()
            );
            continue;
        }
        pages += 1;
        raw_bytes += a.bytes.len();
        min_bytes += b.bytes.len();
        let (a_shape, b_shape) = (
            shape(std::str::from_utf8(&a.bytes).unwrap()),
            shape(std::str::from_utf8(&b.bytes).unwrap()),
        );
        if a_shape != b_shape {
            let at = a_shape
                .iter()
                .zip(&b_shape)
                .position(|(x, y)| x != y)
                .unwrap_or(a_shape.len().min(b_shape.len()));
            panic!(
                "{}: minified page differs at node {at}:\n  as written: {:?}\n  minified:   {:?}",
                a.path.display(),
                &a_shape[at.saturating_sub(2)..(at + 3).min(a_shape.len())],
                &b_shape[at.saturating_sub(2)..(at + 3).min(b_shape.len())],
            );
        }
    }
    assert!(pages > 500, "only {pages} pages");
    assert!(
        min_bytes * 100 < raw_bytes * 95,
        "minified pages are {min_bytes} bytes, as written {raw_bytes}: less than 5% saved"
    );
}

#[test]
fn every_template_of_the_default_theme_is_minified() {
    let dir = repo().join("themes/default/templates");
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let source = std::fs::read_to_string(&path).unwrap();
        let minified = minhbach::minify::template(&source)
            .unwrap_or_else(|| panic!("{} was not minified", name(&path)));
        assert!(
            minified.len() < source.len(),
            "{}: {} bytes minified, {} as written",
            name(&path),
            minified.len(),
            source.len()
        );
    }
}

fn name(path: &Path) -> String {
    path.file_name().unwrap().to_string_lossy().into_owned()
}

/// Tools that read HTML without building its tree (search indexers such as Pagefind, link
/// checkers, scrapers) stop at `</head>` or read `<body>` to its end tag: HTML allows leaving
/// those out, but a page that does is empty to them (Pagefind indexed 0 of 867 pages). Every
/// minified page keeps each end tag its template writes, so in particular these three, once, in
/// order, with nothing after `</html>`.
#[test]
fn minified_pages_keep_the_end_tags_of_head_body_and_html() {
    let mut pages = 0;
    for page in render_shipped(true) {
        if page.path.extension().is_none_or(|e| e != "html") {
            continue;
        }
        pages += 1;
        let html = std::str::from_utf8(&page.bytes).unwrap();
        let at = |tag: &str| {
            assert_eq!(
                html.matches(tag).count(),
                1,
                "{}: {tag} should be there once",
                page.path.display()
            );
            html.find(tag).unwrap()
        };
        let (head, body_start, body, end) =
            (at("</head>"), at("<body"), at("</body>"), at("</html>"));
        assert!(
            head < body_start && body_start < body && body < end,
            "{}: </head>, <body>, </body>, </html> out of order",
            page.path.display()
        );
        assert_eq!(
            html[end..].trim_end(),
            "</html>",
            "{}: nothing after </html>",
            page.path.display()
        );
        // Elements whose end tag HTML lets a minifier drop keep it as well.
        for tag in ["p", "li"] {
            assert_eq!(
                html.matches(&format!("<{tag}>")).count()
                    + html.matches(&format!("<{tag} ")).count(),
                html.matches(&format!("</{tag}>")).count(),
                "{}: every <{tag}> is closed",
                page.path.display()
            );
        }
    }
    assert!(pages > 500, "only {pages} pages");
}
