//! Long procedure lists come in numbered pages: `procedures/`, `procedures/page/2/`, … each with
//! at most `page_size` procedures, `rel="prev"`/`rel="next"` links and a page navigation; the
//! home page then summarises the list by field and the search page links to it instead of
//! repeating it. The shipped portal, with `page_size: 2`, stands in for a large site.

use crate::common::copy_dir;

use minhbach::incremental::{Builder, Changes, Output};
use minhbach::render::RenderOptions;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const LANGUAGES: [&str; 5] = ["vi", "en", "ja", "zh", "ko"];

/// A copy of the shipped portal whose lists hold `page_size` records a page.
fn paged_site(page_size: usize) -> (tempfile::TempDir, PathBuf) {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap().join("site");
    copy_dir(&repo.join("content"), &root.join("content"));
    copy_dir(&repo.join("themes"), &root.join("themes"));
    let config = root.join("content/site.yaml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, format!("{text}\npage_size: {page_size}\n")).unwrap();
    (dir, root)
}

fn options() -> RenderOptions {
    RenderOptions {
        base_url: Some("https://example.gov.vn/".into()),
        minify: false,
        body_end: None,
    }
}

/// The builder's output is, file for file, what a full build of `root` makes.
fn assert_matches_full_build(builder: &Builder, root: &Path, step: &str) {
    let incremental = builder.output().unwrap();
    let full = full_build(root);
    let differing: Vec<&String> = full
        .iter()
        .filter(|(k, v)| incremental.get(*k) != Some(*v))
        .map(|(k, _)| k)
        .chain(incremental.keys().filter(|k| !full.contains_key(*k)))
        .collect();
    assert!(
        differing.is_empty(),
        "{step}: differs from a full build: {differing:?}"
    );
}

fn full_build(root: &Path) -> Output {
    let prepared = minhbach::prepare(root).unwrap_or_else(|d| panic!("does not build:\n{d}"));
    let plan = minhbach::plan::plan(&prepared.site);
    let store = minhbach::incremental::Store::new();
    minhbach::render::render_site(
        &prepared.site,
        &prepared.theme,
        &plan,
        &options(),
        &minhbach::pipeline::outputs(),
    )
    .unwrap()
    .into_iter()
    .map(|f| {
        let path = minhbach::diagnostics::display_path(&f.path);
        let stored = store.store(&path, &f.bytes);
        (path, stored)
    })
    .collect()
}

fn text(output: &Output, path: &str) -> String {
    String::from_utf8(
        output
            .get(path)
            .unwrap_or_else(|| panic!("no {path}"))
            .bytes(),
    )
    .unwrap()
}

/// The procedures' addresses below the language (`procedures/2.002311/`), from their files.
fn procedure_pages(root: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(root.join("content/procedures")).unwrap() {
        let path = e.unwrap().path();
        let yaml = std::fs::read_to_string(&path).unwrap();
        let code = yaml
            .lines()
            .find_map(|l| l.strip_prefix("code: "))
            .map(|c| c.trim_matches(['\'', '"']).to_owned());
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        out.push(format!("procedures/{}/", code.unwrap_or(stem)));
    }
    out.sort();
    out
}

/// The list page paths in `output` for `lang`, in page order.
fn list_pages(output: &Output, lang: &str) -> Vec<String> {
    let mut pages = vec![format!("{lang}/procedures/index.html")];
    for n in 2.. {
        let path = format!("{lang}/procedures/page/{n}/index.html");
        if !output.contains_key(&path) {
            break;
        }
        pages.push(path);
    }
    pages
}

#[test]
fn every_procedure_is_on_exactly_one_list_page_of_at_most_page_size() {
    let (_dir, root) = paged_site(2);
    let output = full_build(&root);
    let procedures = procedure_pages(&root);
    assert_eq!(
        procedures.len(),
        5,
        "the shipped portal changed: {procedures:?}"
    );
    for lang in LANGUAGES {
        let pages = list_pages(&output, lang);
        assert_eq!(pages.len(), 3, "5 procedures at 2 a page: {pages:?}");
        let mut found: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (n, page) in pages.iter().enumerate() {
            let html = text(&output, page);
            // Links are relative: the entries of a list page are `…/{lang}/procedures/{code}/"`.
            let on_page: Vec<&str> = procedures
                .iter()
                .filter(|p| html.contains(&format!("{lang}/{p}\"")))
                .map(String::as_str)
                .collect();
            assert!(
                !on_page.is_empty() && on_page.len() <= 2,
                "{page} shows {on_page:?}"
            );
            for p in on_page {
                found.entry(p).or_default().push(n + 1);
            }
        }
        for p in &procedures {
            assert_eq!(
                found.get(p.as_str()).map(Vec::len),
                Some(1),
                "{lang}: {p} is on pages {:?}",
                found.get(p.as_str())
            );
        }
    }
}

#[test]
fn list_pages_link_to_their_neighbours() {
    let (_dir, root) = paged_site(2);
    let output = full_build(&root);
    for lang in LANGUAGES {
        let first = text(&output, &format!("{lang}/procedures/index.html"));
        let second = text(&output, &format!("{lang}/procedures/page/2/index.html"));
        let last = text(&output, &format!("{lang}/procedures/page/3/index.html"));
        let next_of_first =
            "<link rel=\"next\" href=\"../../vi/procedures/page/2/\">".replace("vi", lang);
        assert!(first.contains(&next_of_first), "{lang} page 1");
        assert!(
            !first.contains("rel=\"prev\""),
            "{lang} page 1 has no previous page"
        );
        assert!(
            second.contains(&format!(
                "<link rel=\"prev\" href=\"../../../../{lang}/procedures/\">"
            )),
            "{lang} page 2 links back to the first page"
        );
        assert!(second.contains(&format!(
            "<link rel=\"next\" href=\"../../../../{lang}/procedures/page/3/\">"
        )));
        assert!(
            !last.contains("rel=\"next\""),
            "{lang}: the last page has no next"
        );
        // The navigation marks the current page and names the pages in the page's language.
        assert!(second.contains("aria-current=\"page\" href=\"../../../../"));
        assert!(second.contains("class=\"pagination\""));
        // Each page has its own title, with its number.
        assert_ne!(title(&first), title(&second));
        assert!(title(&second).contains('2'), "{}", title(&second));
    }
    // Pages 2 and 3 are in the sitemap, as pages of their own.
    let sitemap = text(&output, "sitemap.xml");
    assert!(sitemap.contains("https://example.gov.vn/vi/procedures/page/3/"));
}

fn title(html: &str) -> &str {
    let start = html.find("<title>").unwrap() + "<title>".len();
    &html[start..start + html[start..].find("</title>").unwrap()]
}

#[test]
fn a_long_list_is_summarised_on_the_home_page_and_linked_from_the_search_page() {
    let (_dir, root) = paged_site(2);
    let output = full_build(&root);
    let procedures = procedure_pages(&root);
    for lang in LANGUAGES {
        let home = text(&output, &format!("{lang}/index.html"));
        assert!(
            procedures
                .iter()
                .all(|p| !home.contains(&format!("{lang}/{p}\""))),
            "{lang}: the home page lists procedures one by one"
        );
        assert!(home.contains(&format!("{lang}/procedures/\"")));
        let search = text(&output, &format!("{lang}/search/index.html"));
        assert!(
            procedures
                .iter()
                .all(|p| !search.contains(&format!("{lang}/{p}\""))),
            "{lang}: the search page repeats the list"
        );
        assert!(search.contains(&format!("../../{lang}/procedures/\"")));
    }
    // On one page (the shipped portal's size) the home page lists every procedure, as before.
    let (_dir, root) = paged_site(100);
    let output = full_build(&root);
    let home = text(&output, "vi/index.html");
    let listed = procedures
        .iter()
        .filter(|p| home.contains(&format!("vi/{p}\"")))
        .count();
    assert_eq!(listed, 4, "the four procedures in force (one is abolished)");
    assert!(!output.contains_key("vi/procedures/page/2/index.html"));
    assert!(!text(&output, "vi/procedures/index.html").contains("class=\"pagination\""));
}

#[test]
fn a_procedure_that_moves_between_pages_matches_a_full_build() {
    let (_dir, root) = paged_site(2);
    let mut builder = Builder::new(&root, options());
    builder.rebuild(&Changes::Everything).unwrap();
    // A new field sorts the procedure after the others in force (the abolished one comes
    // last): it moves from the first page to the second, and the second page's first entry
    // moves to the first.
    let file = root.join("content/procedures/2.002311.yaml");
    let yaml = std::fs::read_to_string(&file).unwrap();
    let field_at = yaml
        .find("field:\n  vi: Ngoại vụ")
        .expect("the field of 2.002311");
    let edited = format!(
        "{}field:\n  vi: Zz lĩnh vực khác{}",
        &yaml[..field_at],
        &yaml[field_at + "field:\n  vi: Ngoại vụ".len()..]
    );
    std::fs::write(&file, edited).unwrap();
    let r = builder.rebuild(&Changes::Paths(vec![file])).unwrap();
    assert!(!r.full);
    assert_matches_full_build(&builder, &root, "a procedure moved to page 2");
    assert!(
        r.rendered_pages.contains("vi/procedures/page/2/index.html")
            && !r.rendered_pages.contains("vi/procedures/page/3/index.html"),
        "the pages it left and joined are rendered, the last one (unchanged) is not: {:?}",
        r.rendered_pages
    );
}

#[test]
fn a_page_size_of_zero_is_refused() {
    let (_dir, root) = paged_site(0);
    let problems = match minhbach::prepare(&root) {
        Ok(_) => panic!("a page size of 0 was accepted"),
        Err(d) => d.to_string(),
    };
    assert!(problems.contains("page_size"), "{problems}");
}

/// What an edit changes shows in some languages only: the pages of the other languages are
/// not rendered again, and every page still matches a full build. The English field of the
/// procedure that starts the list's only group heads that group on every list page; a
/// Vietnamese name shows in English too where the English name is missing.
#[test]
fn an_edit_renders_again_only_where_it_shows() {
    let (_dir, root) = paged_site(2);
    let first = root.join("content/procedures/2.002311.yaml");
    let other = root.join("content/procedures/2.002313.yaml");
    // No English name: the English pages show the Vietnamese one.
    let yaml = std::fs::read_to_string(&other).unwrap();
    let name_en = yaml
        .lines()
        .skip_while(|l| *l != "name:")
        .find(|l| l.starts_with("  en: "))
        .unwrap()
        .to_owned();
    std::fs::write(&other, yaml.replacen(&format!("{name_en}\n"), "", 1)).unwrap();
    let mut builder = Builder::new(&root, options());
    builder.rebuild(&Changes::Everything).unwrap();

    let yaml = std::fs::read_to_string(&first).unwrap();
    std::fs::write(
        &first,
        yaml.replacen("  en: Foreign affairs", "  en: External relations", 1),
    )
    .unwrap();
    let r = builder.rebuild(&Changes::Paths(vec![first])).unwrap();
    assert_matches_full_build(
        &builder,
        &root,
        "the English field of the group's first procedure",
    );
    assert!(
        r.rendered_pages.contains("en/procedures/page/2/index.html"),
        "the heading it starts is repeated on page 2: {:?}",
        r.rendered_pages
    );
    assert!(
        !r.rendered_pages
            .iter()
            .any(|p| p.starts_with("vi/procedures/page/")),
        "the Vietnamese list did not change: {:?}",
        r.rendered_pages
    );

    let yaml = std::fs::read_to_string(&other).unwrap();
    let name_vi = yaml
        .lines()
        .skip_while(|l| *l != "name:")
        .find(|l| l.starts_with("  vi: "))
        .unwrap()
        .to_owned();
    std::fs::write(
        &other,
        yaml.replacen(&name_vi, "  vi: Thủ tục đã đổi tên", 1),
    )
    .unwrap();
    let r = builder.rebuild(&Changes::Paths(vec![other])).unwrap();
    assert_matches_full_build(
        &builder,
        &root,
        "a Vietnamese name that English falls back to",
    );
    assert!(
        r.rendered_pages
            .iter()
            .any(|p| p.starts_with("en/documents/")),
        "the English \"cited by\" lists show the Vietnamese name: {:?}",
        r.rendered_pages
    );
    assert!(
        !r.rendered_pages
            .iter()
            .any(|p| p.starts_with("ja/documents/")),
        "the Japanese name did not change: {:?}",
        r.rendered_pages
    );
}

/// The news list is paginated like the procedures': newest first across its pages, at most
/// `page_size` a page, each page linking its neighbours; an edit that moves an item between
/// pages matches a full build.
#[test]
fn news_come_in_pages_newest_first() {
    let (_dir, root) = paged_site(2);
    let full = full_build(&root);
    let items = std::fs::read_dir(root.join("content/news"))
        .unwrap()
        .filter(|e| {
            let name = e.as_ref().unwrap().file_name();
            name.to_string_lossy().matches('.').count() == 1
        })
        .count();
    let pages = items.div_ceil(2);
    assert!(pages >= 3, "{items} news items");
    let datetime = scraper::Selector::parse("ul.news-list time").unwrap();
    for lang in LANGUAGES {
        let mut dates = Vec::new();
        for n in 1..=pages {
            let path = match n {
                1 => format!("{lang}/news/index.html"),
                n => format!("{lang}/news/page/{n}/index.html"),
            };
            let html = text(&full, &path);
            let doc = scraper::Html::parse_document(&html);
            let on_page: Vec<String> = doc
                .select(&datetime)
                .map(|t| t.value().attr("datetime").unwrap().to_owned())
                .collect();
            assert!(!on_page.is_empty() && on_page.len() <= 2, "{path}");
            assert_eq!(
                html.contains("rel=\"next\""),
                n < pages,
                "{path}: a next link unless last"
            );
            assert_eq!(html.contains("rel=\"prev\""), n > 1, "{path}");
            dates.extend(on_page);
        }
        assert_eq!(dates.len(), items, "{lang}: every item once");
        let mut sorted = dates.clone();
        sorted.sort_by(|a, b| b.cmp(a));
        assert_eq!(dates, sorted, "{lang}: newest first across the pages");
        assert!(!full.contains_key(&format!("{lang}/news/page/{}/index.html", pages + 1)));
    }

    // The oldest item becomes the newest: every page changes, as a full build has it.
    let mut builder = Builder::new(&root, options());
    builder.rebuild(&Changes::Everything).unwrap();
    let oldest = std::fs::read_dir(root.join("content/news"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .matches('.')
                .count()
                == 1
        })
        .min_by_key(|p| {
            let text = std::fs::read_to_string(p).unwrap();
            text.lines()
                .find(|l| l.starts_with("date: "))
                .unwrap()
                .to_owned()
        })
        .unwrap();
    let text_now = std::fs::read_to_string(&oldest).unwrap();
    let date = text_now
        .lines()
        .find(|l| l.starts_with("date: "))
        .unwrap()
        .to_owned();
    std::fs::write(&oldest, text_now.replacen(&date, "date: 2030-01-01", 1)).unwrap();
    builder.rebuild(&Changes::Paths(vec![oldest])).unwrap();
    assert_matches_full_build(&builder, &root, "the oldest news item dated 2030");
}
