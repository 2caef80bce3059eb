//! What `minhbach serve` keeps of the render stage between rebuilds, so that an edit renders
//! its pages without redoing the work of the whole site.
//!
//! [`Live`] holds every language's context (record views, page titles, list values). An edit of
//! procedures updates only their views, the "cited by" lists of the documents they cite and
//! cited, and the procedure lists ([`Live::update_procedures`]); pages then render from the kept
//! contexts ([`Live::render_pages`]). The files that summarise every record (search index,
//! feeds, open data, sitemap) and the pages that show them (search, open data, translation
//! status) are made afterwards by [`Live::summaries`], off the path from a save to the served
//! page. Together the two give the bytes a full build gives (tested in `tests/incremental.rs`).

use super::paging::ProcedurePages;
use super::{
    Kept, LangContext, OutputFile, RenderOptions, asset_version, diagnostics_of,
    internal_procedures_value, kind_list_values, lang_context, procedure_list_values, render_each,
    render_lang, status_view, template_values, v,
};
use diagnostics::Diagnostics;
use load::Kind;
use plan::{PageKind, PagePlan, Plan};
use publish::{LangInput, Output, PageValues, SiteInput};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use tera::Value;
use theme::Theme;
use validate::Site;
use views::list_items::ProcedureItem;
use views::{self, CitingView, Loc, RecordView};

/// The render contexts of every language, kept between rebuilds.
pub struct Live {
    langs: Vec<LangContext>,
    /// The values the outputs' site files gave the pages (the open-data catalogue), carried
    /// over to contexts made again until the next [`Live::summaries`].
    site_values: PageValues,
    /// The outputs besides the pages, which [`Live::summaries`] makes again.
    outputs: Vec<&'static dyn Output>,
    /// The position of each record that can cite a document, by kind and id.
    citers: BTreeMap<(Kind, String), usize>,
}

/// The order of the procedure list and its split into pages, to compare before and after a
/// change.
#[derive(Clone)]
pub struct ProcedureOrder(Arc<ProcedurePages>);

impl ProcedureOrder {
    /// The numbers of the list pages that differ between `self` (before a change) and `after`:
    /// a page whose procedures are not the same ones, or that shows (or heads a group with) a
    /// procedure of `affected` (positions in the site's procedures).
    /// `entries` are the procedures whose line on the list changed, `headings` those whose
    /// field or level (the heading of the group they start) did.
    pub fn pages_to_render(
        &self,
        after: &ProcedureOrder,
        entries: &BTreeSet<usize>,
        headings: &BTreeSet<usize>,
    ) -> Vec<usize> {
        let (old, new) = (&self.0, &after.0);
        if old.pages() != new.pages() {
            return (1..=new.pages()).collect();
        }
        (1..=new.pages())
            .filter(|&n| old.page(n) != new.page(n) || new.shows_any(n, entries, headings))
            .collect()
    }

    /// Whether `self` and `other` are the same order (an edit that kept every sort key keeps
    /// the order itself, not a copy).
    pub fn is(&self, other: &ProcedureOrder) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }

    /// How many pages the list has.
    pub fn pages(&self) -> usize {
        self.0.pages()
    }
}

/// What an in-place edit changed of what other pages show of the edited records, in one
/// language (see [`Live::update_procedures`]). Their own pages are rendered again regardless.
#[derive(Debug, Default, Clone)]
pub struct ShownElsewhere {
    pub lang: String,
    /// The edited records whose view in this language changed at all; for the others nothing
    /// made from their views (lists, "cited by" lines, headings) changed.
    pub views: BTreeSet<(Kind, usize)>,
    /// Procedures whose line on the procedure list changed.
    pub entries: BTreeSet<usize>,
    /// Procedures whose field or level changed: the heading of a group they start.
    pub headings: BTreeSet<usize>,
    /// Records whose line in a document's "cited by" list changed.
    pub citing: BTreeSet<(Kind, usize)>,
    /// The news items whose page names one of those records (their "about" list).
    pub news: BTreeSet<usize>,
}

/// A value as the templates see it, to compare two views.
fn as_value(value: &impl serde::Serialize) -> Option<serde_json::Value> {
    serde_json::to_value(value).ok()
}

impl Live {
    /// Render the whole site, exactly as [`super::render_site`] does, handing each file to
    /// `emit` (from the rendering threads, in no particular order), and keep the contexts.
    pub fn render_site(
        site: &Site,
        theme: &Theme,
        plan: &Plan,
        options: &RenderOptions,
        outputs: &[&'static dyn Output],
        sink: &dyn publish::Sink,
    ) -> Result<Live, Diagnostics> {
        let mut kept = Kept::default();
        render_each(
            site,
            theme,
            plan,
            options,
            &|_| true,
            true,
            outputs,
            sink,
            Some(&mut kept),
        )?;
        Ok(Live {
            langs: kept.langs,
            site_values: kept.site_values,
            outputs: outputs.to_vec(),
            citers: views::citer_positions(site),
        })
    }

    /// Make every language's context again (for a change [`Live::update_procedures`] does not
    /// cover), without the summaries: those come with [`Live::summaries`]. The values the
    /// outputs' site files gave (the open-data catalogue that list pages link to) are carried
    /// over from `previous` until then.
    pub fn contexts(site: &Site, theme: &Theme, previous: &Live) -> Live {
        let version = asset_version(theme);
        let pages = Arc::new(ProcedurePages::new(site));
        let langs = site
            .languages()
            .par_iter()
            .map(|lang| {
                let mut ctx = lang_context(site, theme, None, lang, &version, &pages);
                ctx.lists.extend(template_values(&previous.site_values));
                ctx.views.keep_shown_elsewhere();
                ctx
            })
            .collect();
        Live {
            langs,
            site_values: previous.site_values.clone(),
            outputs: previous.outputs.clone(),
            citers: views::citer_positions(site),
        }
    }

    /// Update the contexts after the records `changed` were edited in place (same files, ids
    /// and positions) where no other record's view shows them: their own views, titles and
    /// the list values of their kinds. The caller makes sure of that; a record that cites or is
    /// cited needs [`Live::update_procedures`] or [`Live::contexts`]. False, with nothing
    /// changed, if a kind's views cannot be made one at a time.
    pub fn update_alone(
        &mut self,
        site: &Site,
        theme: &Theme,
        changed: &BTreeSet<(Kind, usize)>,
    ) -> bool {
        // Only kinds whose views are made one at a time (`LangViews::replace_view`).
        if changed.iter().any(|(kind, _)| {
            matches!(
                kind,
                Kind::Procedure | Kind::InternalProcedure | Kind::Report | Kind::Document
            )
        }) {
            return false;
        }
        let kinds: BTreeSet<Kind> = changed.iter().map(|(kind, _)| *kind).collect();
        let default = site.default_language();
        self.langs.par_iter_mut().for_each(|ctx| {
            let lang = ctx.lang.clone();
            let loc = Loc {
                lang: &lang,
                default,
                strings: &theme.strings[&lang],
                all_strings: &theme.strings,
            };
            for &(kind, i) in changed {
                let replaced = ctx.views.replace_view(site, &loc, kind, i);
                debug_assert!(replaced, "checked above");
                let view = ctx.views.records(kind).view(i);
                ctx.titles.insert((kind, i), view.page_title());
                ctx.translated.insert((kind, i), view.translated());
            }
            for &kind in &kinds {
                let values = kind_list_values(site, &ctx.views, &ctx.procedure_pages, &loc, kind);
                ctx.lists.extend(values);
            }
        });
        true
    }

    /// The order of the procedure list now.
    pub fn procedure_order(&self) -> Option<ProcedureOrder> {
        self.langs
            .first()
            .map(|c| ProcedureOrder(c.procedure_pages.clone()))
    }

    /// Update the contexts after the procedures (and internal procedures) `changed` were edited
    /// in place: same files, same ids, same positions. `cited` are the documents whose "cited
    /// by" lists may have changed (those the edited records cite now or cited before).
    /// Returns, for each language, what the edit changed of what other pages show of them.
    pub fn update_procedures(
        &mut self,
        site: &Site,
        theme: &Theme,
        changed: &BTreeSet<(Kind, usize)>,
        cited: &BTreeSet<String>,
        regrouped: &BTreeSet<&str>,
    ) -> Vec<ShownElsewhere> {
        let edited: Vec<usize> = changed
            .iter()
            .filter(|(k, _)| *k == Kind::Procedure)
            .map(|(_, i)| *i)
            .collect();
        let pages = match self.langs.first() {
            Some(c) if c.procedure_pages.still_holds(site, &edited) => c.procedure_pages.clone(),
            _ => Arc::new(ProcedurePages::new(site)),
        };
        // The edited records as the "cited by" lists name them.
        let citing_ids: BTreeMap<(Kind, &str), (Kind, usize)> = changed
            .iter()
            .map(|&(kind, i)| {
                let id = match kind {
                    Kind::InternalProcedure => site.loaded.internal_procedures[i].id.as_str(),
                    _ => site.loaded.procedures[i].id.as_str(),
                };
                ((kind, id), (kind, i))
            })
            .collect();
        let order_kept = self
            .langs
            .first()
            .is_some_and(|c| Arc::ptr_eq(&c.procedure_pages, &pages));
        let l = &site.loaded;
        let positions = &self.citers;
        let documents: Vec<usize> = cited
            .iter()
            .filter_map(|id| l.documents.iter().position(|d| &d.id == id))
            .collect();
        let default = site.default_language();
        self.langs
            .par_iter_mut()
            .map(|ctx| {
                let lang = ctx.lang.clone();
                let mut shown = ShownElsewhere {
                    lang: lang.clone(),
                    ..ShownElsewhere::default()
                };
                let loc = Loc {
                    lang: &lang,
                    default,
                    strings: &theme.strings[&lang],
                    all_strings: &theme.strings,
                };
                for &(kind, i) in changed {
                    let (parsed, list) = match kind {
                        Kind::Procedure => (&l.procedures[i], &mut ctx.views.procedures),
                        Kind::InternalProcedure => (
                            &l.internal_procedures[i],
                            &mut ctx.views.internal_procedures,
                        ),
                        _ => continue,
                    };
                    let view = views::procedure_view(site, &loc, kind, i, parsed, &|id| {
                        views::doc_ref(site, &loc, id)
                    });
                    ctx.titles.insert((kind, i), view.page_title());
                    ctx.translated.insert((kind, i), view.translated);
                    let old = &list[i];
                    // A kept view may hold only what other pages show: compare that much.
                    let changed = if old.partial {
                        as_value(old) != as_value(&view.shown_elsewhere())
                    } else {
                        as_value(old) != as_value(&view)
                    };
                    if changed {
                        shown.views.insert((kind, i));
                        if kind == Kind::Procedure {
                            if as_value(&ProcedureItem::from(old))
                                != as_value(&ProcedureItem::from(&view))
                            {
                                shown.entries.insert(i);
                            }
                            if (&old.field, &old.level) != (&view.field, &view.level) {
                                shown.headings.insert(i);
                            }
                        }
                        if (&old.url, &old.name, &old.code) != (&view.url, &view.name, &view.code) {
                            shown.citing.insert((kind, i));
                        }
                    }
                    list[i] = view;
                }
                // A news item about an edited record names it as a "cited by" line does.
                shown.news = shown
                    .citing
                    .iter()
                    .filter_map(|key| site.news_about.get(key))
                    .flatten()
                    .copied()
                    .collect();
                if !shown.news.is_empty() {
                    ctx.views.news =
                        views::news_views(site, &loc, &|id| views::doc_ref(site, &loc, id));
                }
                // What is made from many records is made again only in the languages where the
                // edit shows: a list of 10,000 procedures costs more than the edit itself.
                let new_lines: BTreeMap<(Kind, &str), views::Shared<CitingView>> = citing_ids
                    .iter()
                    .filter_map(|(key, &(kind, i))| {
                        Some((
                            *key,
                            views::Shared::new(views::citing_view(&ctx.views, &loc, kind, i)?),
                        ))
                    })
                    .collect();
                for &d in &documents {
                    let id = l.documents[d].id.as_str();
                    if !regrouped.contains(id) && shown.citing.is_empty() {
                        continue;
                    }
                    // The same records cite it, in the same order: only the lines of the
                    // edited ones change (a decree can be cited by thousands of procedures).
                    let citations = site.cited_by.get(id).map_or(&[][..], Vec::as_slice);
                    let lines = &mut ctx.views.documents[d].cited_by;
                    if !regrouped.contains(id) && lines.len() == citations.len() {
                        for (line, c) in lines.iter_mut().zip(citations) {
                            if let Some(view) = new_lines.get(&(c.kind, c.id.as_str())) {
                                *line = view.clone();
                            }
                        }
                        continue;
                    }
                    let cited_by: Vec<views::Shared<CitingView>> = site
                        .cited_by
                        .get(&l.documents[d].id)
                        .map(|citations| {
                            citations
                                .iter()
                                .filter_map(|c| {
                                    let i = *positions.get(&(c.kind, c.id.clone()))?;
                                    views::citing_view(&ctx.views, &loc, c.kind, i)
                                        .map(views::Shared::new)
                                })
                                .collect()
                        })
                        .unwrap_or_default();
                    ctx.views.documents[d].cited_by = cited_by;
                }
                ctx.procedure_pages = pages.clone();
                let shows = |kind: Kind| shown.views.iter().any(|(k, _)| *k == kind);
                if !order_kept || shows(Kind::Procedure) {
                    for (name, value) in procedure_list_values(&ctx.views, &pages, &lang) {
                        ctx.lists.insert(name, value);
                    }
                }
                if shows(Kind::InternalProcedure) {
                    ctx.lists
                        .insert("internal_procedures", internal_procedures_value(&ctx.views));
                }
                shown
            })
            .collect()
    }

    /// Render the pages `select` accepts (given a page and a language), from the kept contexts.
    /// Never select the summary pages ([`is_summary_page`]): they are [`Live::summaries`]'s.
    /// Each page goes to `emit`, from the rendering threads.
    pub fn render_pages(
        &self,
        site: &Site,
        theme: &Theme,
        plan: &Plan,
        options: &RenderOptions,
        select: &(dyn Fn(&PagePlan, &str) -> bool + Sync),
        emit: &(dyn Fn(OutputFile) + Sync),
    ) -> Result<(), Diagnostics> {
        let problems: Vec<_> = self
            .langs
            .iter()
            .flat_map(|ctx| {
                let lang = ctx.lang.as_str();
                let select = |p: &PagePlan| !is_summary_page(p) && select(p, lang);
                // The pages are chosen once per language, not offered one by one: a national
                // site has tens of thousands, an edit a few dozen.
                let chosen = Plan {
                    languages: plan.languages.clone(),
                    pages: plan.pages.iter().filter(|p| select(p)).cloned().collect(),
                };
                // The two pages at the output root are offered to `select` by `render_lang`.
                let select = |p: &PagePlan| chosen.pages.contains(p) || select(p);
                render_lang(site, theme, &chosen, options, ctx, &select, emit)
            })
            .collect();
        if !problems.is_empty() {
            return Err(diagnostics_of(problems));
        }
        Ok(())
    }

    /// The files made from every record (open data, search index, feeds, sitemap, robots.txt)
    /// and the pages that show them (search, open data, translation status), as a full build
    /// makes them, each handed to `emit`. Stops early, returning `None`, once `cancelled` says so
    /// (a newer change came in and will need them again anyway); what was emitted until then is
    /// incomplete.
    pub fn summaries(
        &mut self,
        site: &Site,
        theme: &Theme,
        plan: &Plan,
        options: &RenderOptions,
        cancelled: &(dyn Fn() -> bool + Sync),
        sink: &dyn publish::Sink,
    ) -> Result<Option<()>, Diagnostics> {
        let emit = &|file: OutputFile| sink.emit(file);
        let input = SiteInput {
            site,
            plan,
            base_url: options.base(site),
        };
        let outputs = &self.outputs;
        let mut site_values = PageValues::new();
        for o in outputs {
            if cancelled() {
                return Ok(None);
            }
            site_values.extend(o.site_files(input, sink));
        }
        let coverage = coverage::coverage(site);
        let mut problems = Vec::new();
        for ctx in &mut self.langs {
            if cancelled() {
                return Ok(None);
            }
            let lang = ctx.lang.clone();
            let lang_input = LangInput {
                site: input,
                lang: &lang,
                strings: &theme.strings[&lang],
            };
            let (record_values, ()) = rayon::join(
                || -> PageValues {
                    outputs
                        .iter()
                        .flat_map(|o| o.record_files(lang_input, sink))
                        .collect()
                },
                || {
                    for o in outputs {
                        o.view_files(lang_input, &ctx.views, sink);
                    }
                },
            );
            for (name, value) in template_values(&record_values) {
                set_common(&mut ctx.common, name, value);
            }
            ctx.lists.insert(
                "translation_status",
                v(&status_view::translation_status(
                    site,
                    &coverage,
                    &lang,
                    &ctx.titles,
                )),
            );
            ctx.lists.extend(template_values(&site_values));
            problems.extend(render_lang(
                site,
                theme,
                plan,
                options,
                ctx,
                &is_summary_page,
                emit,
            ));
        }
        self.site_values = site_values;
        if !problems.is_empty() {
            return Err(diagnostics_of(problems));
        }
        Ok(Some(()))
    }
}

/// The pages that show a summary of every record: they change with any record, so they are
/// made with the summary files.
pub fn is_summary_page(page: &PagePlan) -> bool {
    matches!(
        page.kind,
        PageKind::Search | PageKind::Data | PageKind::Translations
    )
}

fn set_common(common: &mut Vec<(&'static str, Value)>, name: &'static str, value: Value) {
    match common.iter_mut().find(|(k, _)| *k == name) {
        Some(entry) => entry.1 = value,
        None => common.push((name, value)),
    }
}
