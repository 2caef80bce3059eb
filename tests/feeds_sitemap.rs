//! Feeds, sitemap, robots.txt and the language links in each page's `<head>`, over the shipped
//! portal built with and without the site's address.

use crate::common::{files_under, repo};

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

const BASE: &str = "https://example.org/portal/";
const ATOM: &str = "http://www.w3.org/2005/Atom";
const SITEMAP: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";
const XHTML: &str = "http://www.w3.org/1999/xhtml";

fn build(base_url: Option<&str>) -> PathBuf {
    let dir = tempfile::tempdir().unwrap().keep();
    let out = dir.join("public");
    let summary = minhbach::build(&minhbach::BuildOptions {
        root: repo(),
        output: out.clone(),
        base_url: base_url.map(str::to_owned),
        minify: true,
        body_end: None,
    })
    .unwrap_or_else(|e| panic!("the shipped site does not build: {e}"));
    assert_eq!(
        summary.warnings.is_empty(),
        base_url.is_some(),
        "a missing address is pointed out: {:?}",
        summary.warnings
    );
    out
}

fn with_base() -> &'static Path {
    static OUT: OnceLock<PathBuf> = OnceLock::new();
    OUT.get_or_init(|| build(Some(BASE)))
}

fn without_base() -> &'static Path {
    static OUT: OnceLock<PathBuf> = OnceLock::new();
    OUT.get_or_init(|| build(None))
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The output file an absolute URL of the built site stands for.
fn file_for(out: &Path, url: &str) -> PathBuf {
    let rel = url
        .strip_prefix(BASE)
        .unwrap_or_else(|| panic!("{url} is not below {BASE}"));
    let path = out.join(rel);
    if rel.is_empty() || rel.ends_with('/') {
        path.join("index.html")
    } else {
        path
    }
}

fn languages() -> Vec<String> {
    minhbach::prepare(&repo())
        .unwrap()
        .site
        .languages()
        .to_vec()
}

fn child<'a>(
    node: roxmltree::Node<'a, 'a>,
    ns: &str,
    name: &str,
) -> Option<roxmltree::Node<'a, 'a>> {
    node.children()
        .find(|c| c.tag_name().namespace() == Some(ns) && c.tag_name().name() == name)
}

fn is_rfc3339(s: &str) -> bool {
    s.len() == 20 && s.as_bytes()[4] == b'-' && s.as_bytes()[10] == b'T' && s.ends_with('Z')
}

#[test]
fn sitemap_lists_every_page_with_existing_language_versions() {
    let out = with_base();
    let text = read(&out.join("sitemap.xml"));
    let doc = roxmltree::Document::parse(&text).expect("sitemap.xml is XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().namespace(), Some(SITEMAP));
    assert_eq!(root.tag_name().name(), "urlset");
    let langs = languages();
    let mut locs = BTreeSet::new();
    for url in root.children().filter(roxmltree::Node::is_element) {
        assert_eq!(url.tag_name().name(), "url");
        let loc = child(url, SITEMAP, "loc").expect("<loc>").text().unwrap();
        assert!(file_for(out, loc).is_file(), "{loc} has no page");
        assert!(locs.insert(loc.to_owned()), "{loc} is listed twice");
        if loc == BASE {
            continue;
        }
        let links: Vec<_> = url
            .children()
            .filter(|c| c.tag_name().namespace() == Some(XHTML) && c.tag_name().name() == "link")
            .collect();
        let hreflangs: Vec<&str> = links
            .iter()
            .map(|l| l.attribute("hreflang").unwrap())
            .collect();
        for lang in &langs {
            assert!(
                hreflangs.contains(&lang.as_str()),
                "{loc}: no {lang} version"
            );
        }
        assert!(hreflangs.contains(&"x-default"), "{loc}: no x-default");
        for l in &links {
            assert_eq!(l.attribute("rel"), Some("alternate"));
            let href = l.attribute("href").unwrap();
            assert!(
                file_for(out, href).is_file(),
                "{loc}: alternate {href} does not exist"
            );
        }
        // The page is listed in its own language among its alternates.
        assert!(
            links.iter().any(|l| l.attribute("href") == Some(loc)),
            "{loc} is not its own alternate"
        );
    }
    // Every page of every language is listed, and nothing else: count the built pages.
    let mut pages = 0;
    for lang in &langs {
        pages += files_under(&out.join(lang))
            .into_iter()
            .filter(|p| p.ends_with("index.html"))
            .count();
    }
    assert_eq!(
        locs.len(),
        pages + 1,
        "every page of every language, plus the root"
    );

    let robots = read(&out.join("robots.txt"));
    assert!(
        robots.contains(&format!("Sitemap: {BASE}sitemap.xml")),
        "{robots}"
    );
}

#[test]
fn report_feeds_are_valid_atom_in_every_language() {
    let out = with_base();
    let prepared = minhbach::prepare(&repo()).unwrap();
    let reports = prepared.site.loaded.reports.len();
    assert!(reports > 0);
    for lang in languages() {
        let text = read(&out.join(&lang).join("reports.xml"));
        let doc = roxmltree::Document::parse(&text).expect("the feed is XML");
        let feed = doc.root_element();
        assert_eq!(feed.tag_name().namespace(), Some(ATOM));
        assert_eq!(feed.tag_name().name(), "feed");
        assert_eq!(
            feed.attribute(("http://www.w3.org/XML/1998/namespace", "lang")),
            Some(lang.as_str())
        );
        for required in ["id", "title", "updated", "author"] {
            assert!(
                child(feed, ATOM, required).is_some(),
                "{lang}: feed has no <{required}>"
            );
        }
        assert!(is_rfc3339(
            child(feed, ATOM, "updated").unwrap().text().unwrap()
        ));
        let self_link = feed
            .children()
            .find(|c| c.tag_name().name() == "link" && c.attribute("rel") == Some("self"))
            .expect("a self link");
        assert_eq!(
            self_link.attribute("href"),
            Some(format!("{BASE}{lang}/reports.xml").as_str())
        );
        let entries: Vec<_> = feed
            .children()
            .filter(|c| c.tag_name().name() == "entry")
            .collect();
        assert_eq!(entries.len(), reports, "{lang}: one entry a report");
        let mut ids = BTreeSet::new();
        let mut last = String::from("9999");
        for e in entries {
            for required in ["id", "title", "updated", "summary"] {
                let el = child(e, ATOM, required)
                    .unwrap_or_else(|| panic!("entry without <{required}>"));
                assert!(
                    !el.text().unwrap_or("").trim().is_empty(),
                    "empty <{required}>"
                );
            }
            let updated = child(e, ATOM, "updated")
                .unwrap()
                .text()
                .unwrap()
                .to_owned();
            assert!(is_rfc3339(&updated), "{updated}");
            assert!(updated <= last, "{lang}: entries are newest first");
            last = updated;
            assert!(ids.insert(child(e, ATOM, "id").unwrap().text().unwrap().to_owned()));
            let href = child(e, ATOM, "link").unwrap().attribute("href").unwrap();
            assert!(
                href.starts_with(&format!("{BASE}{lang}/reports/")),
                "{href}"
            );
            assert!(file_for(out, href).is_file(), "{href} does not exist");
        }
    }
}

#[test]
fn procedure_change_feeds_are_atom_in_every_language() {
    // Their entries come from git (tests/git_history.rs checks them); a shallow clone has none,
    // so here only the feed's own structure is checked.
    let out = with_base();
    for lang in languages() {
        let text = read(&out.join(&lang).join("procedures.xml"));
        let doc = roxmltree::Document::parse(&text).expect("the feed is XML");
        let feed = doc.root_element();
        assert_eq!(feed.tag_name().namespace(), Some(ATOM));
        for required in ["id", "title", "updated", "author"] {
            assert!(
                child(feed, ATOM, required).is_some(),
                "{lang}: feed has no <{required}>"
            );
        }
        for e in feed.children().filter(|c| c.tag_name().name() == "entry") {
            for required in ["id", "title", "updated", "link"] {
                assert!(
                    child(e, ATOM, required).is_some(),
                    "{lang}: entry has no <{required}>"
                );
            }
            let href = child(e, ATOM, "link").unwrap().attribute("href").unwrap();
            assert!(file_for(out, href).is_file(), "{href} does not exist");
        }
    }
}

#[test]
fn every_page_head_names_its_language_versions_and_canonical_address() {
    let out = with_base();
    let langs = languages();
    let link = scraper::Selector::parse("head link").unwrap();
    let mut checked = 0;
    for lang in &langs {
        for file in files_under(&out.join(lang)) {
            if file.file_name().unwrap() != "index.html" {
                continue;
            }
            let html = scraper::Html::parse_document(&read(&file));
            let rel = file.strip_prefix(out).unwrap().parent().unwrap();
            let own = format!("{BASE}{}/", rel.to_string_lossy());
            let links: Vec<_> = html.select(&link).map(|l| l.value()).collect();
            let canonical: Vec<_> = links
                .iter()
                .filter(|l| l.attr("rel") == Some("canonical"))
                .collect();
            assert_eq!(canonical.len(), 1, "{own}: one canonical link");
            assert_eq!(canonical[0].attr("href"), Some(own.as_str()));
            let alternates: Vec<_> = links
                .iter()
                .filter(|l| l.attr("rel") == Some("alternate") && l.attr("hreflang").is_some())
                .collect();
            assert_eq!(
                alternates.len(),
                langs.len() + 1,
                "{own}: every language and x-default"
            );
            for a in alternates {
                let href = a.attr("href").unwrap();
                assert!(href.starts_with(BASE), "{own}: {href} is not absolute");
                assert!(
                    file_for(out, href).is_file(),
                    "{own}: {href} does not exist"
                );
            }
            let feed = links
                .iter()
                .find(|l| l.attr("type") == Some("application/atom+xml"))
                .unwrap_or_else(|| panic!("{own}: no feed link"));
            let target = file.parent().unwrap().join(feed.attr("href").unwrap());
            assert!(target.is_file(), "{own}: the feed link leads nowhere");
            checked += 1;
        }
    }
    assert!(checked > 500, "checked {checked} pages");
}

#[test]
fn without_an_address_there_is_no_sitemap_and_links_stay_relative() {
    let out = without_base();
    assert!(!out.join("sitemap.xml").exists());
    let robots = read(&out.join("robots.txt"));
    assert!(!robots.contains("Sitemap:"), "{robots}");
    let text = read(&out.join("en/reports.xml"));
    let doc = roxmltree::Document::parse(&text).unwrap();
    let mut ids = BTreeSet::new();
    for node in doc.descendants() {
        if node.tag_name().name() == "id" {
            let id = node.text().unwrap();
            assert!(id.starts_with("urn:uuid:"), "{id}");
            assert!(ids.insert(id.to_owned()), "ids are unique");
        }
        if node.tag_name().name() == "link" {
            let href = node.attribute("href").unwrap();
            assert!(href.starts_with("../"), "{href}");
            // Resolved against the feed's own folder, the link reaches a page.
            let target = out.join("en").join(href);
            let target = if href.ends_with('/') {
                target.join("index.html")
            } else {
                target
            };
            assert!(target.is_file(), "{href} leads nowhere");
        }
    }
    assert!(ids.len() > 1);
}

/// The addresses of a sitemap file, in order.
fn locations(xml: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(xml).expect("a sitemap is XML");
    doc.root_element()
        .children()
        .filter(|n| n.has_tag_name((SITEMAP, "url")) || n.has_tag_name((SITEMAP, "sitemap")))
        .map(|n| {
            child(n, SITEMAP, "loc")
                .and_then(|l| l.text())
                .expect("every entry has its address")
                .to_owned()
        })
        .collect()
}

/// Past the limit of addresses a file, the sitemap is an index of parts, each written as it is
/// made; cut at any address (here in the middle of a page's languages), the parts hold the
/// same addresses, in the same order, as one file does.
#[test]
fn a_sitemap_split_into_parts_lists_the_same_addresses() {
    let prepared = minhbach::prepare(&repo()).expect("the shipped site is valid");
    let plan = minhbach::plan::plan(&prepared.site);
    let make = |limit: usize| {
        let files = std::sync::Mutex::new(Vec::new());
        let sink = |f: minhbach::render::OutputFile| files.lock().unwrap().push(f);
        minhbach::feeds::sitemap_in_parts(&plan, BASE, &prepared.site, &sink, limit);
        let mut files: Vec<(String, String)> = files
            .into_inner()
            .unwrap()
            .into_iter()
            .map(|f| {
                let text = String::from_utf8(f.bytes).expect("a sitemap is UTF-8");
                (f.path.to_string_lossy().into_owned(), text)
            })
            .collect();
        files.sort();
        files
    };
    let whole = make(usize::MAX / 2);
    assert_eq!(whole.len(), 1);
    assert_eq!(whole[0].0, "sitemap.xml");
    let all = locations(&whole[0].1);
    assert!(
        all.len() > 100,
        "the shipped site has hundreds of addresses"
    );
    let limit = 7;
    let parts = make(limit);
    let count = all.len().div_ceil(limit);
    assert_eq!(parts.len(), count + 1, "the parts and their index");
    let index = &parts.iter().find(|(p, _)| p == "sitemap.xml").unwrap().1;
    let named = locations(index);
    assert_eq!(named.len(), count);
    let mut joined = Vec::new();
    for (n, loc) in named.iter().enumerate() {
        let name = format!("sitemap-{}.xml", n + 1);
        assert_eq!(*loc, format!("{}{name}", BASE));
        let part = &parts.iter().find(|(p, _)| *p == name).unwrap().1;
        let in_part = locations(part);
        assert!(
            !in_part.is_empty() && in_part.len() <= limit,
            "{name}: {}",
            in_part.len()
        );
        joined.extend(in_part);
    }
    assert_eq!(joined, all);
}
