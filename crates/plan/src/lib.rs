//! Stage 3, **plan**: every page of the site, in every language, and its URL.
//!
//! Every record gets a page in every language (untranslated text falls back to the default
//! language), so the plan is one list of pages, each built once per language. The language
//! versions of a page differ only in their prefix: `vi/procedures/2.002311/` and
//! `en/procedures/2.002311/`.

use load::Kind;
use model::Section;
use std::path::{Component, Path, PathBuf};
use validate::Site;

/// What a page shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PageKind {
    Home,
    List(Kind),
    /// Page `n` (2 or more) of a long list; the first page is [`PageKind::List`].
    ListPage(Kind, usize),
    /// A record page: the kind and the record's position in its list in [`Site`].
    Record(Kind, usize),
    /// The news that carry a tag: the tag's position in `site.yaml`'s `news_tags`.
    NewsTag(usize),
    /// The search page, which also lists every procedure A–Z for browsers without JavaScript.
    Search,
    /// The open-data page, listing the files of [`opendata`].
    Data,
    NotFound,
    /// How much of the content is translated into each language.
    Translations,
}

impl PageKind {
    /// The name templates see as `page.kind`, and the template file (`<name>.html`).
    pub fn template(self) -> &'static str {
        match self {
            PageKind::Home => "home",
            PageKind::Data => "data",
            PageKind::NotFound => "404",
            PageKind::Search => "search",
            PageKind::Translations => "translations",
            PageKind::List(kind) | PageKind::ListPage(kind, _) => kind
                .def()
                .list_template
                .expect("only a kind with a list has list pages"),
            PageKind::Record(kind, _) => kind.def().record_template,
            PageKind::NewsTag(_) => "news_tag",
        }
    }

    /// The menu section the page belongs to, for highlighting the current menu item.
    pub fn section(self) -> Option<Section> {
        match self {
            PageKind::Home => Some(Section::Home),
            PageKind::NotFound | PageKind::Data | PageKind::Search | PageKind::Translations => None,
            PageKind::List(k) | PageKind::ListPage(k, _) | PageKind::Record(k, _) => {
                k.def().section
            }
            PageKind::NewsTag(_) => Kind::News.def().section,
        }
    }
}

/// One page, to be rendered in every language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PagePlan {
    pub kind: PageKind,
    /// The path below the language prefix: `""` (home), `procedures/2.002311/`, `404.html`.
    pub path: String,
}

impl PagePlan {
    /// The site-relative URL in `lang`: `vi/procedures/2.002311/`.
    pub fn url(&self, lang: &str) -> String {
        format!("{lang}/{}", self.path)
    }

    /// The output file below the output root: `vi/procedures/2.002311/index.html`.
    pub fn output_file(&self, lang: &str) -> PathBuf {
        let url = self.url(lang);
        if url.ends_with('/') {
            PathBuf::from(format!("{url}index.html"))
        } else {
            PathBuf::from(url)
        }
    }

    /// How many directories deep the page is below the output root, for relative links.
    pub fn depth(&self, lang: &str) -> usize {
        self.output_file(lang).components().count() - 1
    }
}

/// The pages of a site.
#[derive(Debug, Clone)]
pub struct Plan {
    pub languages: Vec<String>,
    pub pages: Vec<PagePlan>,
}

/// The URL path of a record below the language prefix: `procedures/2.002311/`, or for a kind
/// without a list (pages) `gioi-thieu/`.
pub fn record_path(site: &Site, kind: Kind, index: usize) -> String {
    let slug = site.loaded.record_slug(kind, index);
    if kind.is_listed() {
        format!("{}/{slug}/", kind.folder())
    } else {
        format!("{slug}/")
    }
}

/// The address of the page of the news tag `id`, below the language prefix: `news/tags/<id>/`.
pub fn news_tag_path(id: &str) -> String {
    format!("{}/tags/{id}/", Kind::News.folder())
}

/// The number of records of `kind`.
pub fn record_count(site: &Site, kind: Kind) -> usize {
    site.loaded.records(kind).len()
}

/// How many pages the list of `kind` takes: the procedures, which can number in the tens of
/// thousands, and the news, which grow every week, are split into pages of the site's
/// `page_size`; the other lists stay whole.
pub fn list_page_count(site: &Site, kind: Kind) -> usize {
    match kind {
        Kind::Procedure | Kind::News => record_count(site, kind)
            .div_ceil(site.loaded.config.data.page_size.max(1))
            .max(1),
        _ => 1,
    }
}

/// The path of page `number` (from 1) of the list of `kind`: `procedures/`, `procedures/page/2/`.
pub fn list_page_path(kind: Kind, number: usize) -> String {
    if number <= 1 {
        format!("{}/", kind.folder())
    } else {
        format!("{}/page/{number}/", kind.folder())
    }
}

/// The pages every language has besides home, the lists and the records, and their addresses.
const FIXED: [(PageKind, &str); 3] = [
    (PageKind::Search, "search"),
    (PageKind::Data, "data"),
    (PageKind::Translations, "translations"),
];

/// Plan every page of `site`.
pub fn plan(site: &Site) -> Plan {
    let mut pages = vec![PagePlan {
        kind: PageKind::Home,
        path: String::new(),
    }];
    for kind in Kind::ALL {
        if kind.is_listed() {
            pages.push(PagePlan {
                kind: PageKind::List(kind),
                path: list_page_path(kind, 1),
            });
        }
        for number in 2..=list_page_count(site, kind) {
            pages.push(PagePlan {
                kind: PageKind::ListPage(kind, number),
                path: list_page_path(kind, number),
            });
        }
        for i in 0..record_count(site, kind) {
            pages.push(PagePlan {
                kind: PageKind::Record(kind, i),
                path: record_path(site, kind, i),
            });
        }
    }
    for (t, tag) in site.loaded.config.data.news_tags.iter().enumerate() {
        pages.push(PagePlan {
            kind: PageKind::NewsTag(t),
            path: news_tag_path(&tag.id),
        });
    }
    for (kind, name) in FIXED {
        pages.push(PagePlan {
            kind,
            path: format!("{name}/"),
        });
    }
    pages.push(PagePlan {
        kind: PageKind::NotFound,
        path: "404.html".to_owned(),
    });
    Plan {
        languages: site.languages().to_vec(),
        pages,
    }
}

/// A path that stays inside the output directory: relative, with no `..`, root or prefix parts.
/// Ids are checked when loading; this is the last guard before anything is written.
pub fn is_contained(path: &Path) -> bool {
    !path.as_os_str().is_empty() && path.components().all(|c| matches!(c, Component::Normal(_)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_and_files() {
        let p = PagePlan {
            kind: PageKind::Home,
            path: "procedures/2.002311/".into(),
        };
        assert_eq!(p.url("en"), "en/procedures/2.002311/");
        assert_eq!(
            p.output_file("en"),
            PathBuf::from("en/procedures/2.002311/index.html")
        );
        assert_eq!(p.depth("en"), 3);
        let nf = PagePlan {
            kind: PageKind::NotFound,
            path: "404.html".into(),
        };
        assert_eq!(nf.output_file("ja"), PathBuf::from("ja/404.html"));
        assert_eq!(nf.depth("ja"), 1);
    }

    /// A page of a kind without a list cannot take the address of these pages
    /// (`kind::is_taken_at_top`, checked by validate).
    #[test]
    fn fixed_pages_are_known_to_the_kinds() {
        let names: Vec<&str> = FIXED.iter().map(|(_, name)| *name).collect();
        assert_eq!(names, kind::FIXED_PAGES);
    }

    #[test]
    fn containment() {
        assert!(is_contained(Path::new("vi/a/index.html")));
        assert!(!is_contained(Path::new("../x")));
        assert!(!is_contained(Path::new("/etc/passwd")));
        assert!(!is_contained(Path::new("vi/../../x")));
    }
}
