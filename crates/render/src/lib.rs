//! Stage 4, **render**: every planned page in every language through the theme's templates, in
//! parallel. Minified output comes from the theme's minified templates ([`minify`]).
//!
//! Record views are localised once per language ([`views`]) and turned into template values once;
//! a page's context then only clones reference-counted values, which keeps large sites cheap.

pub mod charts;
pub mod live;
mod paging;
pub mod status_view;
pub use views::structured;

use diagnostics::{Diagnostic, Diagnostics};
use list_items::ProcedureItem;
use load::Kind;
use model::{MenuItem, Section};
use plan::{PageKind, PagePlan, Plan};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;
use tera::{Context, Value};
use text::Localized;
use theme::Theme;
use validate::Site;
pub use views;
use views::{Loc, RecordView, build_views};
pub use views::{history_view, list_items};

/// How to render.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// Absolute address of the deployed site, for canonical and alternate links.
    pub base_url: Option<String>,
    /// Minify HTML (needs the `minify` feature).
    pub minify: bool,
    /// Extra HTML put before `</body>` of every page (the live-reload script of `serve`).
    pub body_end: Option<String>,
}

pub use output::OutputFile;
use output::{FNV_OFFSET, fnv1a};
use publish::{LangInput, Output, PageValues, SiteInput};

/// What templates see of the site in one language.
#[derive(Serialize)]
struct SiteView {
    title: Localized,
    agency_name: Localized,
    agency_parent: Option<Localized>,
    agency_description: Option<Localized>,
    address: Option<Localized>,
    phone: Option<String>,
    /// The `tel:` link of `phone` (digits, `+`, `;ext=`): `phone` as written has spaces.
    phone_href: Option<String>,
    email: Option<String>,
    website: Option<String>,
    default_language: String,
    /// The portal's paragraphs for list pages, by section (`site.yaml` `intros`).
    intros: BTreeMap<&'static str, Localized>,
}

#[derive(Serialize)]
struct NavItem {
    label: Localized,
    url: String,
    /// Site-relative for sections (prefix with `root`); absolute for external links.
    external: bool,
    section: Option<Section>,
}

#[derive(Serialize)]
struct Alternate {
    lang: String,
    name: String,
    url: String,
    current: bool,
}

/// Everything shared by the pages of one language, as template values.
struct LangContext {
    lang: String,
    common: Vec<(&'static str, Value)>,
    /// The records' views; each is turned into a template value only while its own page
    /// renders, so the values of all records of all languages never sit in memory together.
    views: views::LangViews,
    lists: BTreeMap<&'static str, Value>,
    /// The `<title>` of each record page.
    titles: BTreeMap<(Kind, usize), String>,
    translated: BTreeMap<(Kind, usize), bool>,
    /// The procedure list in order, split into pages (the same in every language).
    procedure_pages: std::sync::Arc<paging::ProcedurePages>,
}

impl LangContext {
    /// Drop the context, its record views in parallel: freeing a large site's views is millions
    /// of small frees, a noticeable moment between two languages if one thread does it.
    fn free(self) {
        let LangContext {
            views,
            lists,
            titles,
            ..
        } = self;
        let views::LangViews {
            procedures,
            internal_procedures,
            documents,
            ..
        } = views;
        rayon::join(
            || procedures.into_par_iter().for_each(drop),
            || {
                internal_procedures.into_par_iter().for_each(drop);
                documents.into_par_iter().for_each(drop);
                drop((lists, titles));
            },
        );
    }
}

/// Render the whole site. Template errors are collected, not raised at the first page.
pub fn render_site(
    site: &Site,
    theme: &Theme,
    plan: &Plan,
    options: &RenderOptions,
    outputs: &[&dyn Output],
) -> Result<Vec<OutputFile>, Diagnostics> {
    render_pages(site, theme, plan, options, outputs, &|_| true, true)
}

impl RenderOptions {
    /// The site's address: the option, else `base_url` of site.yaml.
    pub fn base<'a>(&'a self, site: &'a Site) -> Option<&'a str> {
        self.base_url
            .as_deref()
            .or(site.loaded.config.data.base_url.as_deref())
    }
}

/// Render the pages `select` accepts, in every language, and the theme's static files if
/// `static_files`. The two pages at the output root are offered to `select` as `Home` with the
/// path `index.html` (the language chooser) and `NotFound` with `404.html`. Each page comes out
/// byte for byte as [`render_site`] renders it. (`serve` renders again from kept contexts
/// instead: [`live::Live::render_pages`].)
pub fn render_pages(
    site: &Site,
    theme: &Theme,
    plan: &Plan,
    options: &RenderOptions,
    outputs: &[&dyn Output],
    select: &(dyn Fn(&PagePlan) -> bool + Sync),
    static_files: bool,
) -> Result<Vec<OutputFile>, Diagnostics> {
    let files = std::sync::Mutex::new(Vec::new());
    render_each(
        site,
        theme,
        plan,
        options,
        select,
        static_files,
        outputs,
        &|file| {
            files
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .push(file)
        },
        None,
    )?;
    let mut files = files
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// Render the whole site with `outputs`, and hand each file to `emit` as soon as it is made,
/// from any of the rendering threads and in no particular order. Each file has the bytes
/// [`render_site`] gives it; a build writes them straight into its staging directory, so the
/// rendered site never has to fit in memory at once. On a template error some files may
/// already have been emitted.
pub fn render_site_each(
    site: &Site,
    theme: &Theme,
    plan: &Plan,
    options: &RenderOptions,
    outputs: &[&dyn Output],
    sink: &dyn publish::Sink,
) -> Result<RenderStats, Diagnostics> {
    render_each(
        site,
        theme,
        plan,
        options,
        &|_| true,
        true,
        outputs,
        sink,
        None,
    )
}

#[allow(clippy::too_many_arguments)]
fn render_each(
    site: &Site,
    theme: &Theme,
    plan: &Plan,
    options: &RenderOptions,
    select: &(dyn Fn(&PagePlan) -> bool + Sync),
    static_files: bool,
    outputs: &[&dyn Output],
    sink: &dyn publish::Sink,
    mut keep: Option<&mut Kept>,
) -> Result<RenderStats, Diagnostics> {
    let emit = &|file: OutputFile| sink.emit(file);
    let asset_version = asset_version(theme);
    let base = options.base(site);
    let input = SiteInput {
        site,
        plan,
        base_url: base,
    };
    // The files of the whole site (open data, sitemap) first, and out of memory before the
    // pages are rendered.
    let site_values: PageValues = outputs
        .iter()
        .flat_map(|o| o.site_files(input, sink))
        .collect();
    // One language at a time: its views and values are dropped before the next language's are
    // made, which keeps the peak memory of large sites to about one language's worth.
    let coverage = coverage::coverage(site);
    let procedure_pages = std::sync::Arc::new(paging::ProcedurePages::new(site));
    let mut problems: Vec<Diagnostic> = Vec::new();
    let mut stats = RenderStats::default();
    for lang in &plan.languages {
        let lang_input = LangInput {
            site: input,
            lang,
            strings: &theme.strings[lang],
        };
        // The files made from the records (the search index) first, written out before the
        // language's views are made: the two are not in memory together.
        let started = std::time::Instant::now();
        let record_values: PageValues = outputs
            .iter()
            .flat_map(|o| o.record_files(lang_input, sink))
            .collect();
        stats.search_index += started.elapsed();
        let mut ctx = lang_context(
            site,
            theme,
            Some(&coverage),
            lang,
            &asset_version,
            &procedure_pages,
        );
        ctx.common.extend(template_values(&record_values));
        ctx.lists.extend(template_values(&site_values));
        // The files made from the views (feeds) beside the pages, which need nothing of them.
        let (found, ()) = rayon::join(
            || render_lang(site, theme, plan, options, &ctx, select, emit),
            || {
                for o in outputs {
                    o.view_files(lang_input, &ctx.views, sink);
                }
            },
        );
        problems.extend(found);
        match keep.as_deref_mut() {
            Some(keep) => {
                ctx.views.keep_shown_elsewhere();
                keep.langs.push(ctx);
            }
            None => ctx.free(),
        }
    }
    if !problems.is_empty() {
        return Err(diagnostics_of(problems));
    }
    if let Some(keep) = keep {
        keep.site_values = site_values;
    }
    for (rel, bytes) in theme.static_files.iter().filter(|_| static_files) {
        emit(OutputFile {
            path: rel.clone(),
            bytes: bytes.clone(),
        });
    }
    Ok(stats)
}

/// What outputs give the pages, as template values.
fn template_values(values: &PageValues) -> impl Iterator<Item = (&'static str, Value)> + '_ {
    values.iter().map(|(name, value)| (*name, v(value)))
}

/// What the preview keeps of a render, to render pages again from.
#[derive(Default)]
struct Kept {
    /// Every language's context.
    langs: Vec<LangContext>,
    /// The values the outputs' site files gave the pages.
    site_values: PageValues,
}

/// What rendering measured of itself.
#[derive(Debug, Clone, Copy, Default)]
pub struct RenderStats {
    /// The wall-clock time spent making and writing the files made from the records in each
    /// language (`publish::Output::record_files`: the search indexes): a phase of its own, with
    /// nothing else running beside it, so the rest of a build took the build's time minus this.
    pub search_index: std::time::Duration,
}

fn diagnostics_of(problems: Vec<Diagnostic>) -> Diagnostics {
    let mut diags = Diagnostics::new();
    for problem in problems {
        diags.push(problem);
    }
    diags.sorted()
}

/// Render the pages `select` accepts in the language of `ctx`, in parallel, handing each file
/// to `emit`; in the site's default language also the two pages at the output root (offered to
/// `select` as `Home` with the path `index.html` and `NotFound` with `404.html`).
fn render_lang(
    site: &Site,
    theme: &Theme,
    plan: &Plan,
    options: &RenderOptions,
    ctx: &LangContext,
    select: &(dyn Fn(&PagePlan) -> bool + Sync),
    emit: &(dyn Fn(OutputFile) + Sync),
) -> Vec<Diagnostic> {
    let root_lang = plan
        .languages
        .iter()
        .find(|l| *l == site.default_language())
        .or(plan.languages.first());
    let mut problems: Vec<Diagnostic> = plan
        .pages
        .par_iter()
        .filter(|p| select(p))
        .filter_map(
            |page| match render_page(site, theme, plan, ctx, page, options) {
                Ok(file) => {
                    emit(file);
                    None
                }
                Err(problem) => Some(problem),
            },
        )
        .collect();
    if root_lang == Some(&ctx.lang) {
        // The root: a language chooser and a 404 page for hosts that look for /404.html.
        for (template, file) in [("root.html", "index.html"), ("404.html", "404.html")] {
            let page = PagePlan {
                kind: if file == "404.html" {
                    PageKind::NotFound
                } else {
                    PageKind::Home
                },
                path: String::new(),
            };
            let offered = PagePlan {
                kind: page.kind,
                path: file.to_owned(),
            };
            if !select(&offered) {
                continue;
            }
            match render_template(
                site,
                theme,
                plan,
                ctx,
                &page,
                options,
                template,
                Path::new(file),
            ) {
                Ok(file) => emit(file),
                Err(problem) => problems.push(problem),
            }
        }
    }
    problems
}

/// A short fingerprint of the theme's static files, appended to their URLs so that browsers and
/// CDNs fetch them again when they change (FNV-1a: stable across runs and platforms).
fn asset_version(theme: &Theme) -> String {
    let hash = theme
        .static_files
        .iter()
        .fold(FNV_OFFSET, |h, (rel, bytes)| {
            let h = fnv1a(h, rel.to_string_lossy().bytes());
            fnv1a(h, bytes.iter().copied())
        });
    format!("{:08x}", hash >> 32)
}

fn lang_context(
    site: &Site,
    theme: &Theme,
    // With the coverage, the translation status is made too; without, it is left to
    // `live::Live::summaries`.
    coverage: Option<&[coverage::LanguageCoverage]>,
    lang: &str,
    asset_version: &str,
    procedure_pages: &std::sync::Arc<paging::ProcedurePages>,
) -> LangContext {
    let strings = &theme.strings[lang];
    let default = site.default_language();
    let loc = Loc {
        lang,
        default,
        strings,
        all_strings: &theme.strings,
    };
    let views = build_views(site, &loc);
    let c = &site.loaded.config.data;
    let site_view = SiteView {
        title: loc.t(&c.title),
        agency_name: loc.t(&c.agency.name),
        agency_parent: loc.opt(&c.agency.parent),
        agency_description: loc.opt(&c.agency.description),
        address: loc.opt(&c.agency.address),
        phone: c.agency.phone.clone(),
        phone_href: c.agency.phone.as_deref().and_then(validate::phone_link),
        email: c.agency.email.clone(),
        website: c.agency.website.clone(),
        default_language: default.to_owned(),
        intros: c.intros.given().map(|(k, text)| (k, loc.t(text))).collect(),
    };
    let label = |key: &str| Localized {
        text: strings.get(key).cloned().unwrap_or_default(),
        lang: lang.to_owned(),
        fallback: false,
    };
    let item = |item: &MenuItem| match item {
        MenuItem::Section { section } => NavItem {
            label: label(section.label_key()),
            url: loc.url(section.path()),
            external: false,
            section: Some(*section),
        },
        MenuItem::Page { page } => {
            // Validation guarantees the page exists.
            let i = site.loaded.pages.iter().position(|p| p.meta.id == *page);
            NavItem {
                label: i.map_or_else(|| label(""), |i| views.pages[i].title.clone()),
                url: i.map_or_else(String::new, |i| views.pages[i].url.clone()),
                external: false,
                section: None,
            }
        }
        MenuItem::Link { label, url } => NavItem {
            label: loc.t(label),
            url: url.clone(),
            external: true,
            section: None,
        },
    };
    let nav: Vec<NavItem> = match &c.menu {
        Some(items) => items.iter().map(item).collect(),
        None => Section::ALL
            .iter()
            .map(|s| item(&MenuItem::Section { section: *s }))
            .collect(),
    };
    let footer: Vec<NavItem> = c.footer.iter().map(item).collect();
    let languages: Vec<Alternate> = site
        .languages()
        .iter()
        .map(|l| alternate(theme, l, format!("{l}/"), l == lang))
        .collect();
    let common = vec![
        ("lang", Value::from(lang)),
        ("t", v(strings)),
        ("site", v(&site_view)),
        ("nav", v(&nav)),
        ("footer_links", v(&footer)),
        ("languages", v(&languages)),
        ("asset_version", Value::from(asset_version)),
    ];

    let mut translated = BTreeMap::new();
    let mut titles = BTreeMap::new();
    for kind in Kind::ALL {
        let list = views.records(kind);
        for i in 0..list.len() {
            let view = list.view(i);
            translated.insert((kind, i), view.translated());
            titles.insert((kind, i), view.page_title());
        }
    }

    // Languages are rendered one after the other (to hold one language's views at a time), so
    // the parts of a language's context are made in parallel instead.
    let mut lists = list_values(site, &views, procedure_pages, &loc);
    if let Some(coverage) = coverage {
        lists.insert(
            "translation_status",
            v(&status_view::translation_status(
                site, coverage, lang, &titles,
            )),
        );
    }
    LangContext {
        lang: lang.to_owned(),
        common,
        views,
        lists,
        titles,
        translated,
        procedure_pages: procedure_pages.clone(),
    }
}

#[derive(Serialize)]
struct ProcedureGroup<'a> {
    field: Option<&'a Localized>,
    level: Option<&'a Localized>,
    procedures: Vec<ProcedureItem<'a>>,
}

#[derive(Serialize)]
struct DocumentGroup<'a> {
    doc_type: &'a str,
    documents: Vec<list_items::DocumentItem<'a>>,
}

/// Every list value of one language's pages: those of every kind.
fn list_values(
    site: &Site,
    views: &views::LangViews,
    pages: &paging::ProcedurePages,
    loc: &Loc,
) -> BTreeMap<&'static str, Value> {
    Kind::ALL
        .into_iter()
        .flat_map(|kind| kind_list_values(site, views, pages, loc, kind))
        .collect()
}

/// The list values made from the records of `kind`, which the kind table's `list_values` name
/// (`counts`, the number of records of each kind, comes with the procedures' values).
fn kind_list_values(
    site: &Site,
    views: &views::LangViews,
    pages: &paging::ProcedurePages,
    loc: &Loc,
    kind: Kind,
) -> Vec<(&'static str, Value)> {
    let l = &site.loaded;
    match kind {
        Kind::Procedure => procedure_list_values(views, pages, loc.lang),
        Kind::InternalProcedure => vec![("internal_procedures", internal_procedures_value(views))],
        Kind::Channel => {
            let channels = by_order(
                l.channels.iter().map(|c| (c.data.order, c.id.as_str())),
                &views.channels,
            );
            vec![("channels", v(&channels))]
        }
        Kind::Report => {
            // Newest reports first: by period, then date, then id.
            let mut reports: Vec<usize> = (0..views.reports.len()).collect();
            reports.sort_by_key(|&i| {
                let d = &l.reports[i].meta.data;
                std::cmp::Reverse((d.period.sort_key(), d.date, l.reports[i].meta.id.clone()))
            });
            let reports: Vec<&views::ReportView> =
                reports.into_iter().map(|i| &views.reports[i]).collect();
            vec![
                (
                    "latest_reports",
                    v(&reports.iter().take(5).collect::<Vec<_>>()),
                ),
                ("reports", v(&reports)),
            ]
        }
        Kind::Index => {
            let indices = by_order(
                l.indices.iter().map(|x| (x.data.order, x.id.as_str())),
                &views.indices,
            );
            vec![
                ("indices", v(&indices)),
                ("charts", v(&charts::index_charts(site, loc))),
            ]
        }
        Kind::Document => {
            // Documents grouped by type, newest first within a type.
            let mut docs: Vec<usize> = (0..views.documents.len()).collect();
            docs.sort_by_key(|&i| {
                let d = &l.documents[i].data;
                (
                    views.documents[i].doc_type.clone(),
                    std::cmp::Reverse(d.date),
                    l.documents[i].id.clone(),
                )
            });
            let mut doc_groups: Vec<DocumentGroup> = Vec::new();
            for i in docs {
                let view = &views.documents[i];
                if doc_groups
                    .last()
                    .is_none_or(|g| g.doc_type != view.doc_type)
                {
                    doc_groups.push(DocumentGroup {
                        doc_type: &view.doc_type,
                        documents: Vec::new(),
                    });
                }
                doc_groups
                    .last_mut()
                    .expect("a group was just pushed")
                    .documents
                    .push(list_items::DocumentItem::from(view));
            }
            vec![("document_groups", v(&doc_groups))]
        }
        // Pages are reached through the menu and footer, not a list.
        Kind::Page => Vec::new(),
        Kind::News => {
            let order = news_order(site);
            let latest: Vec<&views::NewsView> =
                order.iter().take(3).map(|&i| &views.news[i]).collect();
            #[derive(Serialize)]
            struct TagSummary {
                tag: views::TagView,
                count: usize,
            }
            let tags: Vec<TagSummary> = l
                .config
                .data
                .news_tags
                .iter()
                .map(|t| TagSummary {
                    tag: views::TagView {
                        id: t.id.clone(),
                        name: loc.t(&t.name),
                        url: loc.url(&plan::news_tag_path(&t.id)),
                    },
                    count: l
                        .news
                        .iter()
                        .filter(|n| n.meta.data.tags.contains(&t.id))
                        .count(),
                })
                .collect();
            vec![("latest_news", v(&latest)), ("news_tags", v(&tags))]
        }
        Kind::Unit => vec![("units", v(&unit_nodes(site, views)))],
    }
}

/// A unit on the organisation page, with the units that belong to it.
#[derive(Serialize)]
struct UnitNode<'a> {
    unit: &'a views::UnitView,
    /// 0 for a unit directly under the agency.
    depth: usize,
    children: Vec<UnitNode<'a>>,
}

/// The units as a tree (`views::unit_tree`): those directly under the agency, each with the
/// units that belong to it.
fn unit_nodes<'a>(site: &Site, views: &'a views::LangViews) -> Vec<UnitNode<'a>> {
    // Depth first: the units after a unit, one level deeper, are those that belong to it.
    fn nodes<'a>(
        views: &'a views::LangViews,
        tree: &[(usize, usize)],
        at: &mut usize,
        depth: usize,
    ) -> Vec<UnitNode<'a>> {
        let mut out = Vec::new();
        while let Some(&(i, d)) = tree.get(*at)
            && d == depth
        {
            *at += 1;
            let children = nodes(views, tree, at, depth + 1);
            out.push(UnitNode {
                unit: &views.units[i],
                depth,
                children,
            });
        }
        out
    }
    nodes(views, &views::unit_tree(site), &mut 0, 0)
}

/// The list values made from the procedures (and the counts of every kind): all that an edit
/// of a procedure changes in the lists.
fn procedure_list_values(
    views: &views::LangViews,
    pages: &paging::ProcedurePages,
    lang: &str,
) -> Vec<(&'static str, Value)> {
    let mut out = vec![("procedure_listing", pages.listing(views, lang))];
    if pages.pages() == 1 {
        out.extend(pages.page_values(views, lang, 1));
        let mut all: Vec<&views::ProcedureView> = views.procedures.iter().collect();
        // Alphabetical as a reader expects: `Đ` with `D`, accented letters with their base letter.
        all.sort_by_cached_key(|p| (search::fold(&p.name.text), p.name.text.clone()));
        let all: Vec<ProcedureItem> = all.into_iter().map(ProcedureItem::from).collect();
        out.push(("procedures_az", v(&all)));
    } else {
        // A theme made before lists had pages still finds its values: the first page, and no
        // A–Z list (the theme's list page shows the pages, `procedure_listing` the rest).
        out.extend(
            pages
                .page_values(views, lang, 1)
                .into_iter()
                .filter(|(k, _)| *k != "pagination"),
        );
        out.push(("procedures_az", Value::from(Vec::<Value>::new())));
    }

    #[derive(Serialize)]
    struct Counts {
        procedures: usize,
        internal_procedures: usize,
        reports: usize,
        documents: usize,
        channels: usize,
    }
    out.push((
        "counts",
        v(&Counts {
            procedures: views.procedures.iter().filter(|p| !p.abolished).count(),
            internal_procedures: views.internal_procedures.len(),
            reports: views.reports.len(),
            documents: views.documents.len(),
            channels: views.channels.len(),
        }),
    ));
    out
}

/// The list of internal procedures, by code.
fn internal_procedures_value(views: &views::LangViews) -> Value {
    let mut internal: Vec<&views::ProcedureView> = views.internal_procedures.iter().collect();
    internal.sort_by_key(|p| (p.code.clone(), p.id.clone()));
    let internal: Vec<ProcedureItem> = internal.into_iter().map(ProcedureItem::from).collect();
    v(&internal)
}

fn render_page(
    site: &Site,
    theme: &Theme,
    plan: &Plan,
    ctx: &LangContext,
    page: &PagePlan,
    options: &RenderOptions,
) -> Result<OutputFile, Diagnostic> {
    let template = format!("{}.html", page.kind.template());
    render_template(
        site,
        theme,
        plan,
        ctx,
        page,
        options,
        &template,
        &page.output_file(&ctx.lang),
    )
}

#[derive(Serialize)]
struct PageView<'a> {
    kind: &'static str,
    path: &'a str,
    url: String,
    section: Option<Section>,
    title: String,
    /// The record is not (fully) translated into the page's language: show the notice.
    fallback: bool,
    canonical: Option<String>,
    alternates: Vec<Alternate>,
    /// What alternate-language links start with: the absolute site address when known
    /// (search engines want absolute `hreflang` links), else the relative way to the root.
    link_base: String,

    /// The page at the root of the output (language chooser, root 404).
    is_root: bool,
}

/// The starting capacity of a page's buffer: most pages of a large site are 10–30 KB, so this
/// spares the doubling reallocations without holding much per rendering thread.
const RENDER_BUFFER: usize = 32 * 1024;

#[allow(clippy::too_many_arguments)]
fn render_template(
    site: &Site,
    theme: &Theme,
    plan: &Plan,
    ctx: &LangContext,
    page: &PagePlan,
    options: &RenderOptions,
    template: &str,
    output: &Path,
) -> Result<OutputFile, Diagnostic> {
    let is_root = output.components().count() == 1;
    let depth = output.components().count() - 1;
    let mut context = Context::new();
    for (k, v) in &ctx.common {
        context.insert_value(*k, v.clone());
    }
    let base = options
        .base_url
        .as_deref()
        .or(site.loaded.config.data.base_url.as_deref());
    // A host serves a 404 page at whatever address was asked for, so its links cannot be
    // relative to where the file lies: they start from the site's root path instead.
    let root = if page.kind == PageKind::NotFound {
        base_path(base)
    } else {
        "../".repeat(depth)
    };
    context.insert("root", &root);
    let lang = ctx.lang.as_str();
    let strings = &theme.strings[lang];
    let title = match page.kind {
        PageKind::Home => {
            site.loaded
                .config
                .data
                .title
                .localize(lang, site.default_language())
                .text
        }
        PageKind::NotFound => strings.get("not_found_title").cloned().unwrap_or_default(),
        PageKind::Data => strings.get("data_title").cloned().unwrap_or_default(),
        PageKind::Search => strings.get("search_title").cloned().unwrap_or_default(),
        PageKind::Translations => strings
            .get("translations_title")
            .cloned()
            .unwrap_or_default(),
        PageKind::List(kind) => {
            let section = PageKind::List(kind)
                .section()
                .expect("lists belong to a section");
            strings
                .get(section.label_key())
                .cloned()
                .unwrap_or_default()
        }
        PageKind::ListPage(kind, number) => {
            let section = PageKind::List(kind)
                .section()
                .expect("lists belong to a section");
            let list = strings
                .get(section.label_key())
                .cloned()
                .unwrap_or_default();
            let page = strings
                .get("page_number")
                .cloned()
                .unwrap_or_default()
                .replace("{number}", &number.to_string());
            format!("{list} – {page}")
        }
        PageKind::Record(kind, i) => ctx.titles.get(&(kind, i)).cloned().unwrap_or_default(),
        PageKind::NewsTag(t) => {
            let tag = &site.loaded.config.data.news_tags[t];
            let news = strings
                .get(Section::News.label_key())
                .cloned()
                .unwrap_or_default();
            format!(
                "{news}: {}",
                tag.name.localize(lang, site.default_language()).text
            )
        }
    };
    let absolute = |url: &str| base.map(|b| format!("{}/{url}", b.trim_end_matches('/')));
    let alternates = if is_root {
        Vec::new()
    } else {
        plan.languages
            .iter()
            .map(|l| alternate(theme, l, page.url(l), l == lang))
            .collect()
    };
    let page_url = if is_root {
        output.to_string_lossy().replace("index.html", "")
    } else {
        page.url(lang)
    };
    let view = PageView {
        kind: page.kind.template(),
        path: &page.path,
        canonical: absolute(&page_url),
        url: page_url,
        section: page.kind.section(),
        title,
        fallback: match page.kind {
            PageKind::Record(kind, i) => !ctx.translated.get(&(kind, i)).copied().unwrap_or(true),
            _ => false,
        },
        link_base: match base {
            Some(b) => format!("{}/", b.trim_end_matches('/')),
            None => root.clone(),
        },
        alternates,
        is_root,
    };
    // Structured data, already escaped for a `<script>` element; empty on other pages.
    let mut json_ld = match page.kind {
        PageKind::Home if !is_root => structured::organization(site, lang, base),
        _ => String::new(),
    };
    context.insert("page", &view);
    for (k, v) in &ctx.lists {
        context.insert_value(*k, v.clone());
    }
    if let PageKind::List(Kind::News) | PageKind::ListPage(Kind::News, _) = page.kind {
        let number = match page.kind {
            PageKind::ListPage(_, n) => n,
            _ => 1,
        };
        let size = site.loaded.config.data.page_size.max(1);
        let order = news_order(site);
        let items: Vec<&views::NewsView> = order
            .iter()
            .skip((number - 1) * size)
            .take(size)
            .map(|&i| &ctx.views.news[i])
            .collect();
        context.insert_value("news_items", v(&items));
        let pages = plan::list_page_count(site, Kind::News);
        if pages > 1 {
            context.insert_value(
                "pagination",
                v(&paging::pagination(Kind::News, lang, number, pages)),
            );
        }
    }
    if let PageKind::NewsTag(t) = page.kind {
        let tag = &site.loaded.config.data.news_tags[t];
        let items: Vec<&views::NewsView> = news_order(site)
            .into_iter()
            .filter(|&i| site.loaded.news[i].meta.data.tags.contains(&tag.id))
            .map(|i| &ctx.views.news[i])
            .collect();
        context.insert_value("news_items", v(&items));
        context.insert_value("tag_id", Value::from(tag.id.as_str()));
    }
    if let PageKind::List(Kind::Procedure) | PageKind::ListPage(Kind::Procedure, _) = page.kind {
        let number = match page.kind {
            PageKind::ListPage(_, n) => n,
            _ => 1,
        };
        for (k, v) in ctx.procedure_pages.page_values(&ctx.views, lang, number) {
            context.insert_value(k, v);
        }
    }
    if let PageKind::Record(kind, i) = page.kind {
        // The record's value is named after its template: `procedure` in `procedure.html`.
        let loc = Loc {
            lang,
            default: site.default_language(),
            strings,
            all_strings: &theme.strings,
        };
        // A record's page and its JSON-LD come from the same view.
        let url = view.canonical.as_deref();
        let value = match ctx.views.procedure_page_view(site, &loc, kind, i) {
            Some(procedure) => {
                json_ld = procedure.structured_data(site, &loc, url);
                tera::Value::from_serializable(&*procedure)
            }
            None => {
                let list = ctx.views.records(kind);
                json_ld = list.view(i).structured_data(site, &loc, url);
                list.value(i)
            }
        };
        context.insert_value(kind.def().record_template, value);
        let history = history_view::history_view(
            &site.history,
            &site.loaded.config.data.history,
            kind,
            i,
            lang,
        );
        context.insert_value("history", v(&history));
        if let Some(bodies) = site.bodies(kind, i) {
            let (body_lang, html) = match bodies.get(lang) {
                Some(html) => (lang, html.as_str()),
                None => (
                    site.default_language(),
                    bodies
                        .get(site.default_language())
                        .map_or("", String::as_str),
                ),
            };
            context.insert_value(
                "body",
                Value::safe_string(&root_links_relative(html, &root)),
            );
            context.insert("body_lang", body_lang);
            context.insert("body_fallback", &(body_lang != lang));
        }
    }
    context.insert("json_ld", &json_ld);
    // Minified output comes from minified templates (see `minify`): no page is
    // minified after rendering.
    let tera = match (&theme.minified, options.minify) {
        (Some(minified), true) => minified,
        _ => &theme.tera,
    };
    // Rendered straight into bytes: `Tera::render` would check the whole page is UTF-8 again
    // to make a `String` (4% of a large build's CPU), and the page is written out as bytes.
    let mut html = Vec::with_capacity(RENDER_BUFFER);
    tera.render_to(template, &context, &mut html).map_err(|e| {
        Diagnostic::new(
            Path::new("themes")
                .join(&site.loaded.config.data.theme)
                .join("templates")
                .join(template),
            format!(
                "cannot render {}: {}",
                diagnostics::display_path(output),
                error_chain(&e)
            ),
        )
    })?;
    if let Some(extra) = &options.body_end
        && let Some(at) = html.windows(7).rposition(|w| w == b"</body>")
    {
        html.splice(at..at, extra.bytes());
    }
    Ok(OutputFile {
        path: output.to_owned(),
        bytes: html,
    })
}

/// A link to a page in language `lang`, named in that language.
fn alternate(theme: &Theme, lang: &str, url: String, current: bool) -> Alternate {
    Alternate {
        lang: lang.to_owned(),
        name: theme.strings[lang]
            .get("language_name")
            .cloned()
            .unwrap_or_else(|| lang.to_owned()),
        url,
        current,
    }
}

/// Views in the order their records ask for (`order`, then id).
fn by_order<'a, 'b, T>(keys: impl Iterator<Item = (i64, &'b str)>, views: &'a [T]) -> Vec<&'a T> {
    let mut keyed: Vec<((i64, &str), &T)> = keys.zip(views).collect();
    keyed.sort_by_key(|(key, _)| *key);
    keyed.into_iter().map(|(_, view)| view).collect()
}

/// The path part of the base URL (`https://x.gov.vn/portal/` → `/portal/`), or `/`.
fn base_path(base: Option<&str>) -> String {
    let path = base
        .and_then(|b| b.split_once("://").map(|(_, rest)| rest))
        .and_then(|rest| rest.find('/').map(|i| &rest[i..]))
        .unwrap_or("/");
    if path.ends_with('/') {
        path.to_owned()
    } else {
        format!("{path}/")
    }
}

/// A template value from any serialisable view.
fn v<T: Serialize + ?Sized>(x: &T) -> Value {
    Value::from_serializable(x)
}

fn error_chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut source = e.source();
    while let Some(inner) = source {
        s.push_str(&format!("\n  caused by: {inner}"));
        source = inner.source();
    }
    s
}

/// The positions of the news items, newest first (then by id).
fn news_order(site: &Site) -> Vec<usize> {
    let news = &site.loaded.news;
    let mut order: Vec<usize> = (0..news.len()).collect();
    order.sort_by(|&a, &b| {
        let (x, y) = (&news[a].meta, &news[b].meta);
        y.data.date.cmp(&x.data.date).then_with(|| x.id.cmp(&y.id))
    });
    order
}

/// `html`, a sanitised Markdown body, with its links to the site's own root
/// (`href="/en/procedures/"`) made relative to the page (`href="../../en/procedures/"`), as
/// every other link of a page is: the same body is shown at every depth, and the site may be
/// published below a sub-path or opened from files.
fn root_links_relative<'a>(html: &'a str, root: &str) -> std::borrow::Cow<'a, str> {
    const HREF: &str = "href=\"/";
    if !html.contains(HREF) {
        return std::borrow::Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len() + 64);
    let mut rest = html;
    while let Some(at) = rest.find(HREF) {
        let after = &rest[at + HREF.len()..];
        out.push_str(&rest[..at + HREF.len() - 1]);
        // `//host/…` names another site.
        out.push_str(if after.starts_with('/') { "/" } else { root });
        rest = after;
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn links_to_the_site_root_become_relative_to_the_page() {
        use super::root_links_relative as rel;
        assert_eq!(
            rel(
                r#"<a href="/en/procedures/">a</a> <a href="/vi/">b</a>"#,
                "../../"
            ),
            r#"<a href="../../en/procedures/">a</a> <a href="../../vi/">b</a>"#
        );
        for kept in [
            r#"<a href="https://x.gov.vn/a">a</a>"#,
            r#"<a href="//x.gov.vn/a">a</a>"#,
            r##"<a href="#fn-1">1</a>"##,
            r#"<a href="../x/">a</a>"#,
            // In text the sanitiser has escaped the quote.
            "<p>href=&quot;/en/</p>",
        ] {
            assert_eq!(rel(kept, "../../"), kept);
        }
    }

    use super::*;

    /// The preview re-renders a page when a list value its template uses changes; it knows
    /// which values a kind's records make only from the kind table, so the values made from
    /// each kind must be among those its definition names, and every name must be made.
    #[test]
    fn each_kind_makes_the_list_values_its_definition_names() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"))
            .ancestors()
            .nth(2)
            .unwrap();
        let (loaded, _) = load::load(root);
        let (site, diags) = validate::validate(loaded.expect("the shipped site loads"));
        assert!(diags.is_empty(), "{diags:?}");
        let (theme, _) = theme::load_theme(root, &site.loaded.config.data.theme, site.languages());
        let theme = theme.expect("the shipped theme loads");
        let site = &site;
        let lang = site.default_language();
        let loc = Loc {
            lang,
            default: lang,
            strings: &theme.strings[lang],
            all_strings: &theme.strings,
        };
        let views = build_views(site, &loc);
        let pages = paging::ProcedurePages::new(site);
        let mut made_by_any: Vec<&str> = Vec::new();
        for kind in Kind::ALL {
            for (name, _) in kind_list_values(site, &views, &pages, &loc, kind) {
                assert!(
                    kind.def().list_values.contains(&name),
                    "{kind:?} makes `{name}`, which its definition does not name"
                );
                made_by_any.push(name);
            }
        }
        for d in &kind::KINDS {
            for name in d.list_values {
                assert!(made_by_any.contains(name), "no kind makes `{name}`");
            }
        }
        let all: Vec<&str> = list_values(site, &views, &pages, &loc)
            .into_keys()
            .collect();
        assert!(all.iter().all(|n| made_by_any.contains(n)), "{all:?}");
    }

    #[test]
    fn base_path_of_urls() {
        assert_eq!(super::base_path(None), "/");
        assert_eq!(super::base_path(Some("https://a.gov.vn")), "/");
        assert_eq!(
            super::base_path(Some("https://a.gov.vn/portal")),
            "/portal/"
        );
    }
}
