//! Integration tests over the shipped Hai Phong portal: build `content/` into a temporary
//! directory and check the output as a reader (and a link checker) would see it.

use crate::common::{copy_shipped_site, files_under, repo};

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

const LANGS: [&str; 5] = ["vi", "en", "ja", "zh", "ko"];

fn build_into(root: &Path, out: &Path) {
    let options = minhbach::BuildOptions {
        root: root.to_owned(),
        output: out.to_owned(),
        base_url: None,
        minify: true,
        body_end: None,
    };
    if let Err(e) = minhbach::build(&options) {
        match e {
            minhbach::BuildError::Content(d) => panic!("the shipped site does not build:\n{d}"),
            other => panic!("the shipped site does not build: {other}"),
        }
    }
}

/// The shipped site, built once for all tests of this file.
fn built() -> &'static Path {
    static OUT: OnceLock<tempfile::TempDir> = OnceLock::new();
    OUT.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        build_into(&repo(), &dir.path().join("public"));
        dir
    })
    .path()
    .join("public")
    .leak()
}

/// Whether the page has an element that `selector` matches.
fn has(html: &str, selector: &str) -> bool {
    let sel = scraper::Selector::parse(selector).unwrap();
    scraper::Html::parse_document(html)
        .select(&sel)
        .next()
        .is_some()
}

/// The text of each element that `selector` matches.
fn texts(html: &str, selector: &str) -> Vec<String> {
    let sel = scraper::Selector::parse(selector).unwrap();
    scraper::Html::parse_document(html)
        .select(&sel)
        .map(|e| e.text().collect())
        .collect()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn html_files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = files_under(dir)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect();
    out.sort();
    out
}

/// Every `href`/`src` of the page's elements, with the element name.
fn links(html: &str) -> Vec<(String, String)> {
    let doc = scraper::Html::parse_document(html);
    let sel = scraper::Selector::parse("[href], [src]").unwrap();
    doc.select(&sel)
        .flat_map(|el| {
            let name = el.value().name().to_owned();
            ["href", "src"]
                .into_iter()
                .filter_map(move |a| el.value().attr(a).map(|v| (name.clone(), v.to_owned())))
        })
        .collect()
}

/// The ids of a page's elements.
fn ids(html: &str) -> BTreeSet<String> {
    let doc = scraper::Html::parse_document(html);
    let sel = scraper::Selector::parse("[id]").unwrap();
    doc.select(&sel)
        .filter_map(|el| el.value().attr("id").map(str::to_owned))
        .collect()
}

/// The file a relative link from `page` points at, if it stays inside `root`.
fn resolve(root: &Path, page: &Path, href: &str) -> Option<PathBuf> {
    let path = href.split(['#', '?']).next().unwrap_or("");
    let base = if let Some(abs) = path.strip_prefix('/') {
        root.join(abs)
    } else if path.is_empty() {
        page.to_owned()
    } else {
        page.parent().unwrap().join(path)
    };
    let mut normal = PathBuf::new();
    for c in base.components() {
        match c {
            std::path::Component::ParentDir => {
                normal.pop();
            }
            std::path::Component::CurDir => {}
            other => normal.push(other),
        }
    }
    if !normal.starts_with(root) {
        return None;
    }
    if href.split(['#', '?']).next().unwrap_or("").ends_with('/') || normal.is_dir() {
        normal.push("index.html");
    }
    Some(normal)
}

fn is_external(href: &str) -> bool {
    ["http://", "https://", "mailto:", "tel:"]
        .iter()
        .any(|s| href.starts_with(s))
}

#[test]
fn every_page_type_exists_in_all_five_languages() {
    let out = built();
    let pages = [
        "index.html",
        "procedures/index.html",
        "procedures/2.002311/index.html",
        "procedures/2.002312/index.html",
        "procedures/2.002313/index.html",
        "procedures/2.002314/index.html",
        "procedures/chung-nhan-hop-phap-hoa-lanh-su/index.html",
        "internal-procedures/index.html",
        "channels/index.html",
        "reports/index.html",
        "reports/103-bc-nv-2025/index.html",
        "reports/205-bc-ubnd-2025/index.html",
        "indices/index.html",
        "indices/par-index/index.html",
        "documents/index.html",
        "documents/1260-qd-ubnd-2024/index.html",
        "news/index.html",
        "news/cat-giam-50-thoi-gian-hoi-nghi-hoi-thao/index.html",
        "news/tags/cai-cach-hanh-chinh/index.html",
        "gioi-thieu/index.html",
        "lien-he/index.html",
        "tuyen-bo-tiep-can/index.html",
        "units/index.html",
        "units/van-phong/index.html",
        "404.html",
    ];
    for lang in LANGS {
        for page in pages {
            let path = out.join(lang).join(page);
            let html = read(&path);
            assert!(
                has(&html, &format!("html[lang={lang}][dir=ltr]")),
                "{} does not declare lang={lang}",
                path.display()
            );
        }
        // Every record of every kind has its page.
        for kind in [
            "internal-procedures",
            "channels",
            "reports",
            "indices",
            "documents",
            "pages",
            "news",
            "units",
        ] {
            for entry in std::fs::read_dir(repo().join("content").join(kind)).unwrap() {
                let name = entry.unwrap().file_name().to_string_lossy().into_owned();
                let id = name.split('.').next().unwrap().to_owned();
                if name.ends_with(".md") && name.matches('.').count() > 1 {
                    continue; // a translation file
                }
                // Pages are at the top of a language, the other kinds below their folder.
                let dir = match kind {
                    "pages" => out.join(lang).join(&id),
                    _ => out.join(lang).join(kind).join(&id),
                };
                assert!(
                    dir.join("index.html").is_file(),
                    "missing {lang}/{kind}/{id}/"
                );
            }
        }
    }
    let root = read(&out.join("index.html"));
    for lang in LANGS {
        assert!(
            has(&root, &format!("a[href=\"{lang}/\"]")),
            "the language chooser links to {lang}/"
        );
    }
    assert!(
        has(&root, "html[lang=vi]"),
        "the chooser defaults to Vietnamese"
    );
    assert!(out.join("404.html").is_file() && out.join("style.css").is_file());
}

#[test]
fn procedure_urls_contain_their_code_and_differ_only_by_language() {
    let out = built();
    for lang in LANGS {
        let html = read(&out.join(lang).join("procedures/2.002311/index.html"));
        assert!(html.contains("2.002311"));
        for other in LANGS {
            assert!(
                has(
                    &html,
                    &format!("a[href=\"../../../{other}/procedures/2.002311/\"][hreflang={other}]")
                ),
                "{lang} page links to the {other} version"
            );
        }
    }
}

#[test]
fn no_internal_link_or_asset_is_broken() {
    let out = built();
    let mut checked = 0;
    let mut broken = Vec::new();
    let mut id_cache: BTreeMap<PathBuf, BTreeSet<String>> = BTreeMap::new();
    for page in html_files(out) {
        let html = read(&page);
        for (tag, href) in links(&html) {
            if is_external(&href) {
                continue;
            }
            checked += 1;
            let Some(target) = resolve(out, &page, &href) else {
                broken.push(format!(
                    "{}: <{tag}> {href} leaves the site",
                    page.display()
                ));
                continue;
            };
            if !target.is_file() {
                broken.push(format!(
                    "{}: <{tag}> {href} → {} does not exist",
                    page.display(),
                    target.display()
                ));
                continue;
            }
            if let Some(fragment) = href
                .split_once('#')
                .map(|(_, f)| f)
                .filter(|f| !f.is_empty())
            {
                let ids = id_cache
                    .entry(target.clone())
                    .or_insert_with(|| ids(&read(&target)));
                if !ids.contains(fragment) {
                    broken.push(format!(
                        "{}: {href}: no element with id {fragment}",
                        page.display()
                    ));
                }
            }
        }
    }
    assert!(checked > 5000, "the checker saw only {checked} links");
    assert!(
        broken.is_empty(),
        "{} broken links:\n{}",
        broken.len(),
        broken.join("\n")
    );
}

#[test]
fn language_switcher_leads_to_the_same_page_in_every_language() {
    let out = built();
    for lang in LANGS {
        for page in html_files(&out.join(lang)) {
            let rel = page.strip_prefix(out.join(lang)).unwrap().to_owned();
            let html = read(&page);
            for other in LANGS {
                let expected = out.join(other).join(&rel);
                assert!(
                    expected.is_file(),
                    "{} has no {other} version",
                    page.display()
                );
                let alternates: Vec<String> = links(&html)
                    .into_iter()
                    .filter(|(tag, _)| tag == "link")
                    .map(|(_, h)| h)
                    .filter(|h| {
                        h.contains(&format!("/{other}/")) || h.starts_with(&format!("{other}/"))
                    })
                    .collect();
                let resolved: Vec<PathBuf> = alternates
                    .iter()
                    .filter_map(|h| resolve(out, &page, h))
                    .collect();
                if rel != Path::new("404.html") {
                    assert!(
                        resolved.contains(&expected),
                        "{}: no alternate link to {}",
                        page.display(),
                        expected.display()
                    );
                }
            }
        }
    }
}

#[test]
fn untranslated_report_bodies_show_the_notice_in_other_languages_only() {
    let out = built();
    // Both reports have an English body (`<id>.en.md`) and no Japanese, Chinese or Korean one.
    for (id, en_text) in [
        ("103-bc-nv-2025", "Submission No. 16/TTr-NV of 7 July 2025"),
        (
            "bc-ngoai-vu-tthc-thang-8-2025",
            "Decision No. 3199/QĐ-UBND of 8 August 2025",
        ),
    ] {
        let report = format!("reports/{id}/index.html");
        let vi = read(&out.join("vi").join(&report));
        assert!(
            !has(&vi, ".notice[role=note]"),
            "{id}: the Vietnamese page needs no notice"
        );
        assert!(has(&vi, "div.prose:not([lang])"));
        let en = read(&out.join("en").join(&report));
        assert!(
            !has(&en, ".notice[role=note]"),
            "{id}: the English body is translated; no notice"
        );
        assert!(
            has(&en, "div.prose:not([lang])") && !has(&en, "div.prose[lang=vi]"),
            "{id}: the English body is not marked as Vietnamese"
        );
        let body = texts(&en, "div.prose").concat();
        assert!(
            body.contains(en_text) && !body.contains("Quyết định số"),
            "{id}: the English page shows the English body, not the Vietnamese one"
        );
        for lang in ["ja", "zh", "ko"] {
            let html = read(&out.join(lang).join(&report));
            assert!(
                has(&html, "div.prose[lang=vi]"),
                "{id}, {lang}: the Vietnamese body is marked lang=vi"
            );
            assert!(
                has(&html, ".notice[role=note]"),
                "{id}, {lang}: the notice is shown"
            );
        }
    }
    // A fully translated procedure shows no notice in any language.
    for lang in LANGS {
        let html = read(&out.join(lang).join("procedures/2.002311/index.html"));
        assert!(
            !has(&html, ".notice[role=note]"),
            "{lang}: 2.002311 is translated; no notice"
        );
        assert!(
            !has(&html, "span[lang=vi]"),
            "{lang}: no fallback text on 2.002311"
        );
    }
}

#[test]
fn a_missing_translation_falls_back_with_lang_and_notice() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_shipped_site(&site);
    // Take the Japanese name out of one procedure.
    let file = site.join("content/procedures/2.002312.yaml");
    let text = read(&file);
    let value: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    let ja_name = value["name"]["ja"]
        .as_str()
        .expect("2.002312 has a Japanese name")
        .to_owned();
    let vi_name = value["name"]["vi"].as_str().unwrap().to_owned();
    let kept: Vec<&str> = text
        .lines()
        .filter(|l| !(l.trim_start().starts_with("ja:") && l.contains(&ja_name)))
        .collect();
    assert_eq!(
        kept.len() + 1,
        text.lines().count(),
        "exactly the name's ja line was removed"
    );
    std::fs::write(&file, kept.join("\n") + "\n").unwrap();
    let out = tmp.path().join("public");
    build_into(&site, &out);
    let ja = read(&out.join("ja/procedures/2.002312/index.html"));
    assert!(
        has(&ja, ".notice[role=note]"),
        "the Japanese page shows the notice"
    );
    assert_eq!(
        texts(&ja, "h1 > span[lang=vi]"),
        [vi_name.to_owned()],
        "the Vietnamese name is marked lang=vi"
    );
    for lang in ["vi", "en", "zh", "ko"] {
        let html = read(&out.join(lang).join("procedures/2.002312/index.html"));
        assert!(!has(&html, ".notice[role=note]"), "{lang} needs no notice");
    }
    // The list page marks the fallback name too, without a page-wide notice.
    let list = read(&out.join("ja/procedures/index.html"));
    assert!(texts(&list, "span[lang=vi]").contains(&vi_name.to_owned()));
}

#[test]
fn report_footnotes_link_both_ways() {
    let out = built();
    // The Vietnamese body and its English translation carry the same 13 notes.
    for lang in ["vi", "en"] {
        let html = read(&out.join(lang).join("reports/103-bc-nv-2025/index.html"));
        assert_eq!(
            texts(&html, "sup.fnref#fnref-1 > a[href=\"#fn-1\"]"),
            ["1"],
            "{lang}: reference links to the note"
        );
        assert!(has(&html, "li#fn-1"), "{lang}: the note exists");
        assert!(
            has(&html, "li#fn-1 a[href=\"#fnref-1\"]"),
            "{lang}: the note links back"
        );
        assert!(
            has(&html, "li#fn-13") && !has(&html, "li#fn-14"),
            "{lang}: 13 notes"
        );
    }
}

#[test]
fn a_translated_report_body_replaces_the_vietnamese_in_its_language_only() {
    // bc-ngoai-vu-cchc-6-thang-2025 has an English body (`.en.md`) and no other translation.
    let out = built();
    let report = "reports/bc-ngoai-vu-cchc-6-thang-2025/index.html";
    let vi = read(&out.join("vi").join(report));
    let en = read(&out.join("en").join(report));
    assert!(!has(&en, ".notice[role=note]"), "en: no notice");
    assert!(has(&en, "div.prose:not([lang])"), "en: the body is English");
    assert!(
        texts(&en, "div.prose h2")
            .iter()
            .any(|h| h == "I. DIRECTION AND MANAGEMENT OF ADMINISTRATIVE REFORM")
    );
    // Every footnote of the original is in the translation, under the same label.
    let notes = |html: &str| texts(html, "li[id^=\"fn-\"]").len();
    assert_eq!(notes(&vi), 49);
    assert_eq!(notes(&en), notes(&vi));
    assert!(has(&en, "li#fn-49 a[href=\"#fnref-49\"]"));
    for lang in ["ja", "zh", "ko"] {
        let html = read(&out.join(lang).join(report));
        assert!(has(&html, "div.prose[lang=vi]"), "{lang}: still Vietnamese");
        assert!(
            has(&html, ".notice[role=note]"),
            "{lang}: the notice is shown"
        );
    }
}

/// The footer of every page links the pages `site.yaml` puts there, each by its title in the
/// page's language; a page's links to the site's own addresses work from where it lies.
#[test]
fn the_footer_links_the_pages_and_their_links_are_relative() {
    let out = built();
    let footer = ["gioi-thieu", "lien-he", "tuyen-bo-tiep-can"];
    for lang in LANGS {
        let titles: Vec<String> = footer
            .iter()
            .map(|id| {
                texts(
                    &read(&out.join(lang).join(id).join("index.html")),
                    "main h1",
                )[0]
                .clone()
            })
            .collect();
        for page in [
            "index.html",
            "procedures/2.002311/index.html",
            "gioi-thieu/index.html",
        ] {
            let html = read(&out.join(lang).join(page));
            let links = texts(&html, "footer nav ul.footer-links a");
            assert_eq!(links, titles, "{lang}/{page}");
        }
        let about = out.join(lang).join("gioi-thieu/index.html");
        let html = read(&about);
        let body_links: Vec<String> = {
            let doc = scraper::Html::parse_document(&html);
            let sel = scraper::Selector::parse("main .prose a[href]").unwrap();
            doc.select(&sel)
                .map(|a| a.value().attr("href").unwrap().to_owned())
                .collect()
        };
        let to_procedure = body_links
            .iter()
            .find(|h| h.contains("procedures/2.002311/"))
            .unwrap_or_else(|| panic!("{lang}: the about page links procedure 2.002311"));
        assert_eq!(to_procedure, &format!("../../{lang}/procedures/2.002311/"));
        assert!(
            body_links.iter().all(|h| !h.starts_with('/')),
            "{lang}: a link from the site root is left: {body_links:?}"
        );
    }
}

/// The news: newest first on the list, the home page and the feed; each tag's page holds the
/// items that carry it; a record that an item is about links back to it; an item's page
/// carries its `NewsArticle`.
#[test]
fn news_are_newest_first_tagged_and_linked_both_ways() {
    let out = built();
    let dates = |html: &str, selector: &str| -> Vec<String> {
        let doc = scraper::Html::parse_document(html);
        let sel = scraper::Selector::parse(selector).unwrap();
        doc.select(&sel)
            .map(|t| t.value().attr("datetime").unwrap().to_owned())
            .collect()
    };
    let items = std::fs::read_dir(repo().join("content/news"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .matches('.')
                .count()
                == 1
        })
        .count();
    assert!(items >= 6, "{items} news items");
    for lang in LANGS {
        let list = read(&out.join(lang).join("news/index.html"));
        let listed = dates(&list, "ul.news-list time");
        assert_eq!(listed.len(), items, "{lang}: every item on one page");
        let mut sorted = listed.clone();
        sorted.sort_by(|a, b| b.cmp(a));
        assert_eq!(listed, sorted, "{lang}: newest first");
        let home = read(&out.join(lang).join("index.html"));
        assert_eq!(
            dates(&home, "#h-news + ul time"),
            listed[..3],
            "{lang}: home shows the 3 latest"
        );

        let feed = read(&out.join(lang).join("news.xml"));
        let doc = roxmltree::Document::parse(&feed).expect("the feed is XML");
        let entries = doc
            .descendants()
            .filter(|n| n.has_tag_name("entry"))
            .count();
        assert_eq!(entries, items, "{lang}: the feed has every item");

        // A tag's page lists exactly the items that carry it.
        let tag = read(
            &out.join(lang)
                .join("news/tags/hoi-nghi-hoi-thao-quoc-te/index.html"),
        );
        let tagged = std::fs::read_dir(repo().join("content/news"))
            .unwrap()
            .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
            .filter(|t| {
                t.lines()
                    .any(|l| l.starts_with("tags:") && l.contains("hoi-nghi-hoi-thao-quoc-te"))
            })
            .count();
        assert!(tagged > 0);
        assert_eq!(dates(&tag, "ul.news-list time").len(), tagged, "{lang}");

        // The 50% cut is about procedure 2.002311, whose page links back to it.
        let item = "news/cat-giam-50-thoi-gian-hoi-nghi-hoi-thao/";
        let procedure = read(&out.join(lang).join("procedures/2.002311/index.html"));
        assert!(
            links(&procedure)
                .iter()
                .any(|(_, href)| href.ends_with(&format!("{lang}/{item}"))),
            "{lang}: the procedure links to the news about it"
        );
        let page = read(&out.join(lang).join(item).join("index.html"));
        assert!(
            links(&page)
                .iter()
                .any(|(_, href)| href.ends_with(&format!("{lang}/procedures/2.002311/"))),
            "{lang}: the news links to the procedure"
        );
        let ld = {
            let doc = scraper::Html::parse_document(&page);
            let sel = scraper::Selector::parse(r#"script[type="application/ld+json"]"#).unwrap();
            let text: String = doc.select(&sel).next().expect("JSON-LD").text().collect();
            serde_json::from_str::<serde_json::Value>(&text).unwrap()
        };
        assert_eq!(ld["@type"], "NewsArticle");
        assert_eq!(ld["datePublished"], "2025-08-01");
        assert_eq!(ld["inLanguage"], lang);
        assert_eq!(ld["headline"], texts(&page, "main h1")[0]);
    }
}

#[test]
fn output_is_byte_identical_from_run_to_run() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    build_into(&repo(), &a);
    build_into(&repo(), &b);
    let files = |d: &Path| -> BTreeMap<PathBuf, Vec<u8>> {
        files_under(d)
            .into_iter()
            .map(|p| {
                (
                    p.strip_prefix(d).unwrap().to_owned(),
                    std::fs::read(&p).unwrap(),
                )
            })
            .collect()
    };
    let (fa, fb) = (files(&a), files(&b));
    assert!(fa.len() > 800);
    assert_eq!(fa.keys().collect::<Vec<_>>(), fb.keys().collect::<Vec<_>>());
    for (path, bytes) in &fa {
        assert!(
            bytes == &fb[path],
            "{} differs between runs",
            path.display()
        );
    }
}

#[test]
fn procedure_page_shows_what_a_citizen_needs() {
    let out = built();
    let en = read(&out.join("en/procedures/2.002311/index.html"));
    for needle in [
        "Code 2.002311",
        "In force",
        "Legal basis",
        "1260/QĐ-UBND",
        "Implementing agency",
    ] {
        assert!(
            en.contains(needle),
            "the English page of 2.002311 shows `{needle}`"
        );
    }
    let abolished = read(&out.join("vi/procedures/chung-nhan-hop-phap-hoa-lanh-su/index.html"));
    assert!(abolished.contains("Đã bãi bỏ") && abolished.contains("class=\"notice warning\""));
}

/// The JSON-LD of a page: the content of its `application/ld+json` script.
fn json_ld(html: &str) -> serde_json::Value {
    let doc = scraper::Html::parse_document(html);
    let sel = scraper::Selector::parse("script[type=\"application/ld+json\"]").unwrap();
    let script = doc.select(&sel).next().expect("a JSON-LD script");
    serde_json::from_str(&script.text().collect::<String>()).expect("JSON-LD is JSON")
}

#[test]
fn the_organisation_page_and_unit_pages_show_the_units_and_who_names_them() {
    let out = built();
    const UNITS: [&str; 3] = [
        "van-phong",
        "phong-hop-tac-quoc-te",
        "phong-lanh-su-nguoi-viet-nam-o-nuoc-ngoai",
    ];
    // The organisation page: the three divisions, by `order`, as a list headed h2 under h1,
    // in the menu of every page.
    let en = read(&out.join("en/units/index.html"));
    assert_eq!(
        texts(&en, "ul.org-tree > li > h2 > a"),
        [
            "Office",
            "International Cooperation Division",
            "Consular and Overseas Vietnamese Division"
        ]
    );
    assert_eq!(texts(&en, "h1"), ["Organisation"]);
    assert!(en.contains("Chief of Office"), "the Office's head role");
    let vi = read(&out.join("vi/procedures/index.html"));
    assert!(
        has(&vi, "nav a[href=\"../../vi/units/\"]"),
        "the menu leads to the organisation page"
    );
    assert_eq!(
        texts(&read(&out.join("vi/units/index.html")), "h1"),
        ["Cơ cấu tổ chức"]
    );

    // A unit's page lists the channel that names it, in the page's language, with a link,
    // and cites its sources; the channel's page says who handles it.
    for (lang, hotline, handled) in [
        ("en", "Chief of Office's hotline", "Handled by"),
        (
            "vi",
            "Đường dây nóng của Chánh Văn phòng Sở Ngoại vụ",
            "Đơn vị phụ trách",
        ),
        ("ja", "外務局官房長ホットライン", "担当部署"),
    ] {
        let page = read(&out.join(lang).join("units/van-phong/index.html"));
        let doc = scraper::Html::parse_document(&page);
        let sel = scraper::Selector::parse("ul.record-list a").unwrap();
        let listed: Vec<(String, String)> = doc
            .select(&sel)
            .map(|a| {
                (
                    a.text().collect::<String>(),
                    a.value().attr("href").unwrap().to_owned(),
                )
            })
            .collect();
        assert_eq!(
            listed,
            [(
                hotline.to_owned(),
                format!("../../../{lang}/channels/duong-day-nong-chanh-van-phong/")
            )],
            "{lang}"
        );
        assert!(
            page.contains("documents/24-qd-nv-2025/"),
            "{lang}: its sources"
        );
        let channel = read(
            &out.join(lang)
                .join("channels/duong-day-nong-chanh-van-phong/index.html"),
        );
        assert!(
            channel.contains(handled),
            "{lang}: the channel says who handles it"
        );
        assert!(
            has(
                &channel,
                &format!("a[href=\"../../../{lang}/units/van-phong/\"]")
            ),
            "{lang}: the channel links its unit"
        );
        // Its own JSON-LD: a GovernmentOrganization within the Department.
        let ld = json_ld(&page);
        assert_eq!(ld["@type"], "GovernmentOrganization");
        assert_eq!(ld["parentOrganization"]["@type"], "GovernmentOrganization");
    }
    // The Director's hotline names no unit: its page says nothing of one.
    let director = read(&out.join("en/channels/duong-day-nong-giam-doc/index.html"));
    assert!(!director.contains("Handled by"));

    // The home page's GovernmentOrganization has the three units as subOrganization, by
    // `order`, named in the page's language; without a base URL they have no `url`.
    for (lang, office) in [("vi", "Văn phòng"), ("en", "Office"), ("zh", "办公室")] {
        let ld = json_ld(&read(&out.join(lang).join("index.html")));
        let sub = ld["subOrganization"].as_array().expect("subOrganization");
        assert_eq!(sub.len(), UNITS.len(), "{lang}");
        assert_eq!(sub[0]["name"], office, "{lang}");
        assert!(sub.iter().all(|u| u["@type"] == "GovernmentOrganization"));
        assert!(sub.iter().all(|u| u.get("url").is_none()));
        assert!(sub.iter().all(|u| u.get("parentOrganization").is_none()));
    }
}

#[test]
fn check_reports_translation_coverage() {
    let prepared = minhbach::prepare(&repo()).unwrap_or_else(|d| panic!("{d}"));
    let cov = minhbach::coverage::coverage(&prepared.site);
    assert_eq!(
        cov.iter().map(|c| c.lang.as_str()).collect::<Vec<_>>(),
        LANGS
    );
    assert_eq!(cov[0].percent(), 100.0);
    for c in &cov[1..] {
        // Most report bodies stay Vietnamese, so no other language is complete, but titles,
        // summaries and every procedure field are translated.
        assert!(c.translated_records < c.records);
        assert!(
            c.missing
                .iter()
                .all(|m| m.file.starts_with("content/reports")),
            "{}: {:?}",
            c.lang,
            c.missing
        );
    }
}

/// The internal-procedures page says, in every language, why it lists 11 of the 14 procedures.
#[test]
fn internal_procedures_page_explains_the_11_of_14() {
    let out = built();
    for (lang, needles) in [
        ("vi", ["14 thủ tục", "11 thủ tục", "4323/QĐ-UBND"]),
        ("en", ["14 internal", "11 procedures", "4323/QĐ-UBND"]),
        ("ja", ["14件", "11件", "4323/QĐ-UBND"]),
        ("zh", ["14项", "11项", "4323/QĐ-UBND"]),
        ("ko", ["14건", "11건", "4323/QĐ-UBND"]),
    ] {
        let html = read(&out.join(lang).join("internal-procedures/index.html"));
        let intro = texts(&html, "p.intro").join(" ");
        for needle in needles {
            assert!(intro.contains(needle), "{lang}: `{needle}` in {intro:?}");
        }
        let items = texts(&html, "ul.record-list > li").len();
        assert_eq!(items, 11, "{lang}: the page lists the 11 named procedures");
    }
}

/// The default theme's icons: in the output root as the theme has them (binary files copied
/// byte for byte, the SVG not minified), each a valid image of its size, and linked from the
/// `<head>` of every page, so that no first visit gets a 404 for `/favicon.ico`.
#[test]
fn every_page_links_the_icons_and_they_are_valid() {
    let out = built();
    let theme = repo().join("themes/default/static");
    for name in ["favicon.svg", "favicon.ico", "apple-touch-icon.png"] {
        let built = std::fs::read(out.join(name))
            .unwrap_or_else(|e| panic!("{name} is not in the output root: {e}"));
        assert!(
            built == std::fs::read(theme.join(name)).unwrap(),
            "{name} is not copied as the theme has it"
        );
    }

    // favicon.svg: a standalone SVG with a view box, nothing that needs a font.
    let svg = read(&out.join("favicon.svg"));
    let doc = roxmltree::Document::parse(&svg).expect("favicon.svg is well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.w3.org/2000/svg")
    );
    assert!(
        root.attribute("viewBox").is_some(),
        "favicon.svg has a viewBox"
    );
    assert!(
        !doc.descendants().any(|n| n.has_tag_name("text")),
        "favicon.svg has no text"
    );

    // favicon.ico: ICO header (reserved 0, type 1), then one 16-byte entry per image; each
    // image, PNG or BMP, lies inside the file. 16, 32 and 48 px.
    let ico = std::fs::read(out.join("favicon.ico")).unwrap();
    assert_eq!(
        ico[..4],
        [0, 0, 1, 0],
        "favicon.ico starts with the ICO magic bytes"
    );
    let count = u16::from_le_bytes([ico[4], ico[5]]) as usize;
    let mut sizes = Vec::new();
    for i in 0..count {
        let entry = &ico[6 + 16 * i..6 + 16 * (i + 1)];
        let side = |b: u8| if b == 0 { 256 } else { u32::from(b) };
        let (width, height) = (side(entry[0]), side(entry[1]));
        let len = u32::from_le_bytes(entry[8..12].try_into().unwrap()) as usize;
        let offset = u32::from_le_bytes(entry[12..16].try_into().unwrap()) as usize;
        assert!(
            offset + len <= ico.len(),
            "image {i} of favicon.ico is cut off"
        );
        let image = &ico[offset..offset + len];
        if image.starts_with(b"\x89PNG\r\n\x1a\n") {
            assert_eq!(png_size(image), (width, height), "image {i} of favicon.ico");
        } else {
            // A BMP without its file header: BITMAPINFOHEADER, height doubled for the mask.
            assert_eq!(
                image[..4],
                40u32.to_le_bytes(),
                "image {i}: neither PNG nor BMP"
            );
        }
        sizes.push((width, height));
    }
    assert_eq!(
        sizes,
        [(16, 16), (32, 32), (48, 48)],
        "the sizes in favicon.ico"
    );

    let png = std::fs::read(out.join("apple-touch-icon.png")).unwrap();
    assert_eq!(png_size(&png), (180, 180), "apple-touch-icon.png");

    // Every page links the three, and each link reaches the file in the output root.
    let selectors = [
        ("link[rel=icon][sizes=\"32x32\"]", "favicon.ico"),
        ("link[rel=icon][type=\"image/svg+xml\"]", "favicon.svg"),
        ("link[rel=apple-touch-icon]", "apple-touch-icon.png"),
    ];
    let mut pages = 0;
    for page in html_files(out) {
        let html = scraper::Html::parse_document(&read(&page));
        for (selector, file) in selectors {
            let sel = scraper::Selector::parse(&format!("head > {selector}")).unwrap();
            let hrefs: Vec<&str> = html
                .select(&sel)
                .filter_map(|e| e.value().attr("href"))
                .collect();
            assert_eq!(hrefs.len(), 1, "{}: one {selector}", page.display());
            assert_eq!(
                resolve(out, &page, hrefs[0]),
                Some(out.join(file)),
                "{}: {selector} links {}",
                page.display(),
                hrefs[0]
            );
        }
        pages += 1;
    }
    assert!(pages > 100, "only {pages} pages");
}

/// The width and height in a PNG's IHDR chunk (which must come first).
fn png_size(png: &[u8]) -> (u32, u32) {
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
    assert_eq!(&png[12..16], b"IHDR", "the PNG does not start with IHDR");
    let be = |at: usize| u32::from_be_bytes(png[at..at + 4].try_into().unwrap());
    (be(16), be(20))
}
