//! Machine-readable companions of the pages: an Atom feed of reports per language, the sitemap
//! with every page's language versions, and `robots.txt`.
//!
//! Both feeds and sitemaps are meant to be read from elsewhere, so their links are absolute when
//! the site's address (`base_url`) is known. Without it the sitemap is left out (the protocol
//! allows only absolute addresses) and the feed's links are relative to the feed itself, which
//! Atom permits; entry ids then fall back to `urn:uuid:` names derived from the page path.

use history::Commit;
use load::Kind;
use model::{Date, Period};
use output::{OutputFile, fnv1a};
use plan::{PageKind, PagePlan, Plan};
use std::fmt::Write as _;
use std::io::{self, Write as _};
use std::path::PathBuf;
use std::sync::Arc;
use theme::Strings;
use validate::Site;
use views::LangViews;

/// Each language's Atom feeds (reports, and changes to procedures), made from its views.
pub struct Feeds;

impl publish::Output for Feeds {
    fn name(&self) -> &'static str {
        "feeds"
    }
    fn view_files(
        &self,
        input: publish::LangInput<'_>,
        views: &LangViews,
        emit: &publish::Emit<'_>,
    ) {
        let (site, lang, base) = (input.site.site, input.lang, input.site.base_url);
        emit.emit(reports_feed(site, views, input.strings, lang, base));
        emit.emit(changes_feed(site, views, input.strings, lang, base));
        emit.emit(news_feed(site, views, input.strings, lang, base));
    }
}

/// The sitemap, only when the site's address is known (the protocol allows only absolute
/// addresses).
pub struct Sitemap;

impl publish::Output for Sitemap {
    fn name(&self) -> &'static str {
        "sitemap"
    }
    fn site_files(
        &self,
        input: publish::SiteInput<'_>,
        emit: &publish::Emit<'_>,
    ) -> publish::PageValues {
        if let Some(base) = input.base_url {
            sitemap(input.plan, base, input.site, emit);
        }
        publish::PageValues::new()
    }
}

/// `robots.txt`.
pub struct Robots;

impl publish::Output for Robots {
    fn name(&self) -> &'static str {
        "robots.txt"
    }
    fn site_files(
        &self,
        input: publish::SiteInput<'_>,
        emit: &publish::Emit<'_>,
    ) -> publish::PageValues {
        emit.emit(robots(input.base_url));
        publish::PageValues::new()
    }
}

/// The largest number of addresses one sitemap file may hold (sitemaps.org).
const SITEMAP_LIMIT: usize = 50_000;

pub use output::xml_escape;

/// The day a report speaks for: its date, or else the last day of its period.
pub fn report_day(date: Option<Date>, period: &Period) -> Date {
    date.unwrap_or_else(|| {
        let (year, month) = period.sort_key();
        let day = match month {
            2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        Date { year, month, day }
    })
}

fn timestamp(d: Date) -> String {
    format!("{:04}-{:02}-{:02}T00:00:00Z", d.year, d.month, d.day)
}

/// One entry of a feed.
pub struct Entry {
    /// Site-relative URL: `vi/reports/x/`.
    pub url: String,
    /// Tells apart entries about the same page (a commit hash for a change).
    pub id_suffix: Option<String>,
    pub title: String,
    pub summary: String,
    /// The day of the entry, for ordering.
    pub updated: Date,
    /// The exact time (RFC 3339) when known, else midnight UTC of `updated` is written.
    pub updated_at: Option<String>,
    /// When the thing first appeared (a report's date), if that differs from `updated`.
    pub published: Option<Date>,
}

impl Entry {
    fn updated_text(&self) -> String {
        self.updated_at
            .clone()
            .unwrap_or_else(|| timestamp(self.updated))
    }
}

/// What a feed says about itself.
pub struct FeedHead<'a> {
    pub lang: &'a str,
    /// Where the feed is written, site-relative: `vi/reports.xml`.
    pub path: String,
    pub title: String,
    pub author: String,
    /// Site-relative URL of the page the feed follows: `vi/reports/`.
    pub page: String,
    pub base: Option<&'a str>,
}

/// An Atom feed (RFC 4287) of `entries`, newest first.
pub fn atom(head: &FeedHead, mut entries: Vec<Entry>) -> OutputFile {
    entries.sort_by(|a, b| {
        (b.updated, b.updated_text())
            .cmp(&(a.updated, a.updated_text()))
            .then_with(|| a.url.cmp(&b.url))
            .then_with(|| a.id_suffix.cmp(&b.id_suffix))
    });
    // Relative links are resolved against the feed's own address, one folder below the root.
    let depth = head.path.matches('/').count();
    let link = |url: &str| match head.base {
        Some(base) => format!("{}/{url}", base.trim_end_matches('/')),
        None => format!("{}{url}", "../".repeat(depth)),
    };
    let id = |url: &str| match head.base {
        Some(base) => format!("{}/{url}", base.trim_end_matches('/')),
        None => format!("urn:uuid:{}", name_uuid(url)),
    };
    // Entries are newest first. An empty feed has nothing to date it by but the epoch; a clock
    // reading would make the output differ from build to build.
    let updated = entries.first().map_or_else(
        || {
            timestamp(Date {
                year: 1970,
                month: 1,
                day: 1,
            })
        },
        Entry::updated_text,
    );
    let mut x = String::new();
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    let _ = writeln!(
        x,
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">",
        xml_escape(head.lang)
    );
    let _ = writeln!(x, "  <id>{}</id>", xml_escape(&id(&head.path)));
    let _ = writeln!(x, "  <title>{}</title>", xml_escape(&head.title));
    let _ = writeln!(x, "  <updated>{updated}</updated>");
    let _ = writeln!(
        x,
        "  <author><name>{}</name></author>",
        xml_escape(&head.author)
    );
    let _ = writeln!(
        x,
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>",
        xml_escape(&link(&head.path))
    );
    let _ = writeln!(
        x,
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        xml_escape(&link(&head.page))
    );
    let _ = writeln!(x, "  <generator>minhbach</generator>");
    for e in &entries {
        x.push_str("  <entry>\n");
        let entry_id = match &e.id_suffix {
            Some(suffix) => id(&format!("{}#{suffix}", e.url)),
            None => id(&e.url),
        };
        let _ = writeln!(x, "    <id>{}</id>", xml_escape(&entry_id));
        let _ = writeln!(x, "    <title>{}</title>", xml_escape(&e.title));
        let _ = writeln!(
            x,
            "    <updated>{}</updated>",
            xml_escape(&e.updated_text())
        );
        if let Some(published) = e.published {
            let _ = writeln!(x, "    <published>{}</published>", timestamp(published));
        }
        let _ = writeln!(
            x,
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
            xml_escape(&link(&e.url))
        );
        let _ = writeln!(x, "    <summary>{}</summary>", xml_escape(&e.summary));
        x.push_str("  </entry>\n");
    }
    x.push_str("</feed>\n");
    OutputFile {
        path: PathBuf::from(&head.path),
        bytes: x.into_bytes(),
    }
}

/// A name-based UUID of `name` (version 8, "custom", of RFC 9562), so that ids stay the same
/// from build to build.
fn name_uuid(name: &str) -> String {
    // FNV-1a twice with different offsets gives 128 stable bits; the version and variant bits are
    // then set as RFC 9562 asks. Uniqueness within one site is all an Atom id needs.
    let half =
        |offset: u64, k: u8| fnv1a(offset, "minhbach:".bytes().chain(name.bytes()).chain([k]));
    let halves = [half(output::FNV_OFFSET, 0), half(0x8422_2325_cbf2_9ce4, 1)];
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&halves[0].to_be_bytes());
    bytes[8..].copy_from_slice(&halves[1].to_be_bytes());
    bytes[6] = (bytes[6] & 0x0f) | 0x80;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

/// `sitemap.xml` (or, past 50,000 addresses, a sitemap index and its parts), listing every page
/// in every language with its language versions and `x-default` (the root page, where readers
/// choose their language), and the root page itself.
/// Needs the site's absolute address.
pub fn sitemap(plan: &Plan, base: &str, site: &Site, sink: &publish::Emit<'_>) {
    sitemap_in_parts(plan, base, site, sink, SITEMAP_LIMIT)
}

/// [`sitemap`] with at most `limit` addresses a part (the protocol's limit is 50,000).
pub fn sitemap_in_parts(
    plan: &Plan,
    base: &str,
    site: &Site,
    sink: &publish::Emit<'_>,
    limit: usize,
) {
    const HEAD: &str = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n";
    let base = base.trim_end_matches('/');
    let pages: Vec<&PagePlan> = plan
        .pages
        .iter()
        .filter(|p| p.kind != PageKind::NotFound)
        .collect();
    let languages = plan.languages.len().max(1);
    // The site's address, then each page in each language: the n-th address is known without
    // making the ones before it, so each part is written straight into its file (at 10,000
    // procedures the addresses are about 90 MB of text).
    let total = 1 + pages.len() * plan.languages.len();
    let parts = total.div_ceil(limit);
    let write_part = |part: usize, out: &mut dyn io::Write| -> io::Result<()> {
        let (first, end) = (part * limit, total.min((part + 1) * limit));
        let mut out = io::BufWriter::with_capacity(64 * 1024, out);
        out.write_all(HEAD.as_bytes())?;
        if first == 0 {
            write!(
                out,
                "  <url>\n    <loc>{}/</loc>\n  </url>\n",
                xml_escape(base)
            )?;
        }
        let from = first.max(1) - 1;
        for (n, page) in pages
            .iter()
            .enumerate()
            .skip(from / languages)
            .take_while(|(n, _)| 1 + n * languages < end)
        {
            let mut alternates = String::new();
            for l in &plan.languages {
                let _ = writeln!(
                    alternates,
                    "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                    xml_escape(l),
                    xml_escape(&format!("{base}/{}", page.url(l)))
                );
            }
            let _ = writeln!(
                alternates,
                "    <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"{}\"/>",
                xml_escape(&format!("{base}/"))
            );
            let lastmod = last_modified(site, page)
                .map(|d| {
                    format!(
                        "    <lastmod>{:04}-{:02}-{:02}</lastmod>\n",
                        d.year, d.month, d.day
                    )
                })
                .unwrap_or_default();
            for (l, lang) in plan.languages.iter().enumerate() {
                let entry = 1 + n * languages + l;
                if entry < first || entry >= end {
                    continue;
                }
                write!(
                    out,
                    "  <url>\n    <loc>{}</loc>\n{lastmod}{alternates}  </url>\n",
                    xml_escape(&format!("{base}/{}", page.url(lang)))
                )?;
            }
        }
        out.write_all(b"</urlset>\n")?;
        out.flush()
    };
    // A sink that fails keeps the failure and reports it (a build, when it would swap the
    // output in); writing into memory cannot fail.
    if parts == 1 {
        let _ = sink.write(PathBuf::from("sitemap.xml"), &mut |out| write_part(0, out));
        return;
    }
    let mut index = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for part in 0..parts {
        let name = format!("sitemap-{}.xml", part + 1);
        let _ = sink.write(PathBuf::from(&name), &mut |out| write_part(part, out));
        let _ = writeln!(
            index,
            "  <sitemap><loc>{}</loc></sitemap>",
            xml_escape(&format!("{base}/{name}"))
        );
    }
    index.push_str("</sitemapindex>\n");
    sink.emit(OutputFile {
        path: PathBuf::from("sitemap.xml"),
        bytes: index.into_bytes(),
    });
}

/// The same date as a page shows: the record's last change (git, or its `updated:` field); a
/// list changes when any of its records does.
fn last_modified(site: &Site, page: &PagePlan) -> Option<Date> {
    match page.kind {
        PageKind::Record(kind, i) => site.history.updated(kind, i),
        PageKind::List(kind) => (0..plan::record_count(site, kind))
            .filter_map(|i| site.history.updated(kind, i))
            .max(),
        _ => None,
    }
}

/// `robots.txt`: everything may be crawled; the sitemap is named when the address is known.
pub fn robots(base: Option<&str>) -> OutputFile {
    let mut text = String::from("User-agent: *\nAllow: /\n");
    if let Some(base) = base {
        let _ = writeln!(text, "Sitemap: {}/sitemap.xml", base.trim_end_matches('/'));
    }
    OutputFile {
        path: PathBuf::from("robots.txt"),
        bytes: text.into_bytes(),
    }
}

/// The most entries the feed of changes carries: readers want the latest, not all of history.
const CHANGES_IN_FEED: usize = 50;

fn agency(site: &Site, lang: &str) -> String {
    let c = &site.loaded.config.data;
    c.agency.name.localize(lang, site.default_language()).text
}

/// The Atom feed of a language's reports, `{lang}/reports.xml`: dated by the report's last change
/// in git where known, else by its own date; published on its own date.
pub fn reports_feed(
    site: &Site,
    views: &LangViews,
    strings: &Strings,
    lang: &str,
    base: Option<&str>,
) -> OutputFile {
    let entries = views
        .reports
        .iter()
        .zip(&site.loaded.reports)
        .enumerate()
        .map(|(i, (view, report))| {
            let day = report_day(report.meta.data.date, &report.meta.data.period);
            let updated = site
                .history
                .updated(Kind::Report, i)
                .unwrap_or(day)
                .max(day);
            feeds_entry(
                view.url.clone(),
                view.title.text.clone(),
                view.summary.text.clone(),
                updated,
                (updated != day).then_some(day),
            )
        })
        .collect();
    atom(
        &kind_feed_head(site, strings, lang, base, Kind::Report),
        entries,
    )
}

/// The head of the feed of a kind's records, `{lang}/<folder>.xml`, which follows its list page
/// and is named after it.
fn kind_feed_head<'a>(
    site: &Site,
    strings: &Strings,
    lang: &'a str,
    base: Option<&'a str>,
    kind: Kind,
) -> FeedHead<'a> {
    let list = kind.def().section.map_or("", |s| s.label_key());
    FeedHead {
        lang,
        path: format!("{lang}/{}.xml", kind.folder()),
        title: format!(
            "{} – {}",
            strings.get(list).map_or("", String::as_str),
            agency(site, lang)
        ),
        author: agency(site, lang),
        page: format!("{lang}/{}/", kind.folder()),
        base,
    }
}

/// The most entries the news feed carries: readers want the latest, not all of the archive.
const NEWS_IN_FEED: usize = 50;

/// The Atom feed of a language's news, `{lang}/news.xml`: the latest items, published on their
/// date and updated on their last change in git where known.
pub fn news_feed(
    site: &Site,
    views: &LangViews,
    strings: &Strings,
    lang: &str,
    base: Option<&str>,
) -> OutputFile {
    let mut entries: Vec<Entry> = views
        .news
        .iter()
        .zip(&site.loaded.news)
        .enumerate()
        .map(|(i, (view, item))| {
            let day = item.meta.data.date;
            let updated = site.history.updated(Kind::News, i).unwrap_or(day).max(day);
            feeds_entry(
                view.url.clone(),
                view.title.text.clone(),
                view.summary.text.clone(),
                updated,
                Some(day),
            )
        })
        .collect();
    // The newest by their own date, as the news list shows them.
    entries.sort_by(|a, b| {
        b.published
            .cmp(&a.published)
            .then_with(|| a.url.cmp(&b.url))
    });
    entries.truncate(NEWS_IN_FEED);
    atom(
        &kind_feed_head(site, strings, lang, base, Kind::News),
        entries,
    )
}

fn feeds_entry(
    url: String,
    title: String,
    summary: String,
    updated: Date,
    published: Option<Date>,
) -> Entry {
    Entry {
        url,
        id_suffix: None,
        title,
        summary,
        updated,
        updated_at: None,
        published,
    }
}

/// The Atom feed of changes to procedures, `{lang}/procedures.xml`: one entry a commit that
/// touched a procedure (public or internal), newest first, from the git history. Empty when the
/// site is not read from git.
pub fn changes_feed(
    site: &Site,
    views: &LangViews,
    strings: &Strings,
    lang: &str,
    base: Option<&str>,
) -> OutputFile {
    let mut changes: Vec<(usize, Kind, usize, &Arc<Commit>)> =
        [Kind::Procedure, Kind::InternalProcedure]
            .into_iter()
            .flat_map(|kind| {
                site.history
                    .changes(kind)
                    .into_iter()
                    .map(move |(i, c)| (c.sequence, kind, i, c))
            })
            .collect();
    changes.sort_by_key(|(sequence, kind, i, _)| (*sequence, *kind, *i));
    let entries = changes
        .into_iter()
        .take(CHANGES_IN_FEED)
        .map(|(_, kind, i, commit)| {
            let view = match kind {
                Kind::Procedure => &views.procedures[i],
                _ => &views.internal_procedures[i],
            };
            let title = match &view.code {
                Some(code) => format!("{} ({code})", view.name.text),
                None => view.name.text.clone(),
            };
            Entry {
                url: view.url.clone(),
                id_suffix: Some(commit.hash.clone()),
                title,
                summary: commit.subject.clone(),
                updated: commit.date,
                updated_at: Some(commit.timestamp.clone()),
                published: None,
            }
        })
        .collect();
    let head = FeedHead {
        lang,
        path: format!("{lang}/procedures.xml"),
        title: format!(
            "{} – {}",
            strings
                .get("feed_procedure_changes")
                .map_or("", String::as_str),
            agency(site, lang)
        ),
        author: agency(site, lang),
        page: format!("{lang}/procedures/"),
        base,
    };
    atom(&head, entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_control_characters() {
        assert_eq!(xml_escape("a<b>&\"c'\u{1}"), "a&lt;b&gt;&amp;&quot;c&apos;");
    }

    #[test]
    fn name_uuids_are_stable_and_distinct() {
        let a = name_uuid("vi/reports/x/");
        assert_eq!(a, name_uuid("vi/reports/x/"));
        assert_ne!(a, name_uuid("en/reports/x/"));
        assert_eq!(a.len(), 36);
        assert_eq!(&a[14..15], "8");
    }
}
