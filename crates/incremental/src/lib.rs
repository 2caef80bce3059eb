//! Rebuilding after some files changed, for `minhbach serve`.
//!
//! A [`Builder`] keeps the site it last loaded and the output of the last build that succeeded.
//! Given the paths that changed, it
//!
//! 1. re-reads only the changed record files (a change to the site configuration, to a report or
//!    to the folder layout reloads everything, because those touch more than one record);
//! 2. validates: procedures edited in place (same file, id and address) alone, with
//!    [`revalidate`]; anything else, the whole site again;
//! 3. compares every record's source text with the last good build to find the records that
//!    changed, widens that set to the records whose view shows them (a procedure shows the title
//!    of each document it cites; a document lists the records that cite it), and re-renders only
//!    those records' pages, the procedure list pages that show them, and the pages whose template
//!    uses a list of a changed kind (found by scanning the theme's templates, not assumed), from
//!    render contexts it keeps between rebuilds ([`render::live::Live`]);
//! 4. then, as a second phase that a newer change may stop ([`Builder::finish_summaries`]), makes
//!    the files that summarise every record (search index, feeds, open data, sitemap) and the
//!    pages that show them (search, open data, translation status).
//!
//! A change to the theme or the site configuration re-renders everything. After both phases the
//! result is always the output a full build of the same sources gives, byte for byte (tested in
//! `tests/incremental.rs`); after the first, every page but the summary pages already is. A failed rebuild keeps the last good output; the next rebuild compares
//! against that output, not against the failed attempt.

use diagnostics::{Diagnostic, Diagnostics, display_path};
use history::{GitStatus, RecordHistory};
use load::{self, CONTENT_DIR, Kind, LoadedSite, SITE_FILE, SourceOrigin};
use pipeline::{PendingGit, read_history};
use plan::{self, PageKind, PagePlan, Plan};
use render::live::{Live, ProcedureOrder};
use render::{self, RenderOptions};
use revalidate::Kept;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};
use theme::{self, Theme};
use validate::{self, Site};

mod stored;

use stored::Gathered;
pub use stored::{Store, Stored};

/// The rendered site: file contents by output path (`vi/procedures/2.002311/index.html`, always
/// with `/` separators). A persistent map: a rebuild changes a copy of the output the server
/// is still serving, and copying a `BTreeMap` of a national site's 64,000 paths took longer
/// than rendering the edited pages.
pub type Output = imbl::OrdMap<String, Stored>;

/// What changed since the last rebuild.
#[derive(Debug, Clone)]
pub enum Changes {
    /// Everything may have changed (first build, or the file watcher lost track of events).
    Everything,
    /// These paths were created, modified, renamed or deleted (absolute, or relative to the root).
    Paths(Vec<PathBuf>),
}

/// How a successful rebuild went.
#[derive(Debug, Clone)]
pub struct Rebuilt {
    /// Whether every page was rendered (theme, configuration or first build) or only some.
    pub full: bool,
    /// Pages rendered in this rebuild, in every language (by [`Builder::rebuild`], the summary
    /// pages included; by [`Builder::rebuild_pages`], not).
    pub rendered: usize,
    /// Output files removed because their record is gone.
    pub removed: usize,
    /// The output paths whose content changed, appeared or went away.
    pub changed_outputs: BTreeSet<String>,
    /// The pages a partial rebuild rendered, by output path (empty after a full one).
    pub rendered_pages: BTreeSet<String>,
    /// Only stylesheets changed: a browser may swap them instead of reloading the page.
    pub stylesheets_only: bool,
    pub elapsed: Duration,
    /// The files that summarise every record and the pages that show them are still to be
    /// brought up to date by [`Builder::finish_summaries`].
    pub summaries_pending: bool,
}

/// How bringing the summaries up to date went (see [`Builder::finish_summaries`]).
#[derive(Debug, Clone)]
pub struct Summarised {
    /// Pages rendered (search, open data, translation status, in every language).
    pub rendered: usize,
    /// The output paths whose content changed, appeared or went away.
    pub changed_outputs: BTreeSet<String>,
    pub elapsed: Duration,
}

/// Builds a site again and again as its files change, re-rendering as little as possible.
pub struct Builder {
    root: PathBuf,
    options: RenderOptions,
    /// The site as last loaded; it may not be valid.
    loaded: Option<LoadedSite>,
    /// Problems found while loading, by file, so that re-reading one file replaces only its own.
    load_problems: BTreeMap<PathBuf, Vec<Diagnostic>>,
    /// The theme and what its templates use, or the problems that kept it from loading.
    theme: Result<Arc<LoadedTheme>, Diagnostics>,
    good: Option<Good>,
    /// The site of the last successful rebuild, kept for [`Builder::finish_summaries`] until
    /// the next change (which takes its records to reload them).
    site: Option<(Site, Plan)>,
    /// The render contexts of the last successful rebuild.
    live: Option<Live>,
    /// The summaries lag behind the pages.
    summaries_pending: bool,
    /// Why git was not read, when asking again would say the same.
    git_absent: Option<GitStatus>,
    /// What keeps the output compressed, with one dictionary for the life of the builder.
    store: Store,
}

struct LoadedTheme {
    theme: Theme,
    name: String,
    languages: Vec<String>,
    uses: TemplateUses,
}

/// What is kept of the last build that succeeded, to compare the next one against.
struct Good {
    records: BTreeMap<PathBuf, RecordState>,
    cited_by: BTreeMap<String, Vec<validate::Citation>>,
    /// The unit each record names ([`unit_links`]), to find the unit pages an edit changes.
    unit_links: UnitLinks,
    config: Arc<SourceOrigin>,
    theme: Arc<LoadedTheme>,
    output: Arc<Output>,
    /// The output paths that the summaries wrote, to remove those they no longer write.
    summary_paths: BTreeSet<String>,
    /// What the pages show of git.
    history: HistoryState,
    /// The titles of the pages in the menu and footer ([`menu_titles`]).
    menu_titles: Vec<String>,
    /// Which news items are about which records ([`news_about_ids`]).
    news_about: BTreeMap<(Kind, String), Vec<String>>,
}

/// What git said of the records when their pages were rendered: its status and, when the
/// history was read, what each record's page shows of it, by id (without git, a record's
/// history comes from its own `updated:` field, which a change to its file already covers).
struct HistoryState {
    status: GitStatus,
    records: BTreeMap<(Kind, String), ShownHistory>,
}

/// Whether the pages' dates come from the same place: git both times (however many commits), or
/// the same reason for doing without.
fn same_source(a: &GitStatus, b: &GitStatus) -> bool {
    match (a, b) {
        (GitStatus::Read { .. }, GitStatus::Read { .. }) => true,
        (a, b) => a == b,
    }
}

/// What a page shows of a record's history. Commits by hash, which fixes their date, subject and
/// author; not by position in the log, which every new commit shifts.
#[derive(PartialEq)]
struct ShownHistory {
    updated: Option<model::Date>,
    from_git: bool,
    uncommitted: bool,
    commits: Vec<String>,
}

impl ShownHistory {
    fn of(history: &RecordHistory) -> Self {
        ShownHistory {
            updated: history.updated,
            from_git: history.updated_from == Some(history::DateSource::Git),
            uncommitted: history.uncommitted,
            commits: history.commits.iter().map(|c| c.hash.clone()).collect(),
        }
    }
}

impl HistoryState {
    fn of(site: &Site) -> Self {
        let history = &site.history;
        let mut records = BTreeMap::new();
        if matches!(history.status, GitStatus::Read { .. }) {
            for kind in Kind::ALL {
                for i in 0..plan::record_count(site, kind) {
                    let id = record_id(site, kind, i).to_owned();
                    records.insert((kind, id), ShownHistory::of(history.record(kind, i)));
                }
            }
        }
        HistoryState {
            status: history.status.clone(),
            records,
        }
    }

    /// The records whose history differs between `self` and `now`.
    fn changed(&self, now: &HistoryState) -> BTreeSet<(Kind, String)> {
        let differs = |a: &BTreeMap<_, _>, b: &BTreeMap<(Kind, String), ShownHistory>| {
            a.iter()
                .filter(|(key, history)| b.get(*key) != Some(*history))
                .map(|(key, _)| key)
                .cloned()
                .collect::<Vec<(Kind, String)>>()
        };
        let mut out: BTreeSet<(Kind, String)> =
            differs(&self.records, &now.records).into_iter().collect();
        out.extend(differs(&now.records, &self.records));
        out
    }
}

/// A record as built: what identifies it and the source files it came from.
#[derive(Clone)]
struct RecordState {
    kind: Kind,
    id: String,
    /// The page path below the language prefix (`procedures/2.002311/`).
    page: String,
    files: Vec<Arc<SourceOrigin>>,
    /// The files to download it links (content/files/): name, size and SHA-256, or only the
    /// name of one that is not there. Its page shows their sizes, so a changed file changes it.
    linked: Vec<(String, Option<(u64, String)>)>,
}

impl Builder {
    /// A builder for the site at `root`; nothing is read until the first [`Builder::rebuild`].
    pub fn new(root: &Path, options: RenderOptions) -> Self {
        Builder {
            root: root.to_owned(),
            options,
            loaded: None,
            load_problems: BTreeMap::new(),
            theme: Err(Diagnostics::new()),
            good: None,
            site: None,
            live: None,
            summaries_pending: false,
            git_absent: None,
            store: Store::new(),
        }
    }

    /// The output of the last successful build, if there was one.
    pub fn output(&self) -> Option<Arc<Output>> {
        self.good.as_ref().map(|g| g.output.clone())
    }

    /// Bring the output up to date with `changes`: [`Builder::rebuild_pages`], then
    /// [`Builder::finish_summaries`]. On failure the previous output is kept and every problem
    /// of the site (not only those of the changed files) is returned.
    pub fn rebuild(&mut self, changes: &Changes) -> Result<Rebuilt, Diagnostics> {
        let started = Instant::now();
        let mut rebuilt = self.rebuild_pages(changes)?;
        if let Some(summarised) = self.finish_summaries(&|| false) {
            let summarised = summarised?;
            rebuilt.rendered += summarised.rendered;
            rebuilt.changed_outputs.extend(summarised.changed_outputs);
            rebuilt.removed = rebuilt
                .changed_outputs
                .iter()
                .filter(|p| {
                    !self
                        .good
                        .as_ref()
                        .is_some_and(|g| g.output.contains_key(*p))
                })
                .count();
        }
        rebuilt.summaries_pending = self.summaries_pending;
        rebuilt.elapsed = started.elapsed();
        Ok(rebuilt)
    }

    /// The first phase of a rebuild: the pages `changes` affect, without the files that
    /// summarise every record (search index, feeds, open data, sitemap) and the pages that show
    /// them, which [`Builder::finish_summaries`] brings up to date afterwards. The output is
    /// servable in between: every page in it is as a full build makes it, only the summaries
    /// lag. On failure the previous output is kept and every problem of the site is returned.
    pub fn rebuild_pages(&mut self, changes: &Changes) -> Result<Rebuilt, Diagnostics> {
        let root = self.root.clone();
        // As in a build, git is asked in the background while the records load and validate;
        // it is asked on every rebuild, since an edit or a commit changes what it says.
        std::thread::scope(|scope| {
            let git = match &self.git_absent {
                Some(status) => PendingGit::Known(status.clone()),
                None => PendingGit::ask(scope, &root),
            };
            self.rebuild_pages_with(changes, git)
        })
    }

    fn rebuild_pages_with(
        &mut self,
        changes: &Changes,
        git: PendingGit<'_>,
    ) -> Result<Rebuilt, Diagnostics> {
        let started = Instant::now();
        let plan_of_changes = self.classify(changes);
        // The last valid site, taken apart to edit its records; what it holds besides them, and
        // its plan, serve if the edit turns out to be one of procedures in place.
        let mut kept = None;
        if self.loaded.is_none()
            && let Some((site, plan)) = self.site.take()
        {
            let (loaded, rest) = Kept::take(site);
            self.loaded = Some(loaded);
            kept = Some((rest, plan));
        }
        if plan_of_changes.reload_content || self.loaded.is_none() {
            self.load_everything();
        } else {
            for (kind, rel) in &plan_of_changes.records {
                self.reload_record(*kind, rel);
            }
        }
        let Some(loaded) = self.loaded.take() else {
            return Err(self.problems(Diagnostics::new()));
        };
        let theme_wanted = (
            loaded.config.data.theme.clone(),
            loaded.config.data.languages.clone(),
        );
        let theme_stale = match &self.theme {
            Ok(t) => (t.name.clone(), t.languages.clone()) != theme_wanted,
            Err(_) => true,
        };
        if plan_of_changes.reload_theme || theme_stale {
            self.theme = load_theme(&self.root, &theme_wanted.0, &theme_wanted.1);
        }

        let in_place = match (&kept, &self.good) {
            (Some(_), Some(good))
                if !plan_of_changes.everything
                    && !plan_of_changes.reload_content
                    && !plan_of_changes.reload_theme
                    && !theme_stale
                    && self.load_problems.is_empty() =>
            {
                edited_in_place(&loaded, good, &plan_of_changes)
            }
            _ => None,
        };
        let (mut site, mut diags, fast) = match (in_place, kept) {
            (Some(edited), Some((rest, plan))) => {
                match revalidate::revalidate(loaded, rest, &edited) {
                    Ok(site) => (site, Diagnostics::new(), Some(FastEdit { plan, edited })),
                    Err((loaded, _)) => {
                        let (site, diags) = validate::validate(loaded);
                        (site, diags, None)
                    }
                }
            }
            _ => {
                let (site, diags) = validate::validate(loaded);
                (site, diags, None)
            }
        };
        diags.extend(read_history(&mut site, git));
        // Outside a repository (or without git) the answer stays the same until serve restarts,
        // which is also when the watcher would start watching a new repository.
        self.git_absent = matches!(
            site.history.status,
            GitStatus::NotARepository | GitStatus::GitNotFound
        )
        .then(|| site.history.status.clone());
        let theme = match &self.theme {
            Ok(t) => {
                pipeline::cross_check(&site, &t.theme, &mut diags);
                Some(t.clone())
            }
            Err(_) => None,
        };
        let diags = self.problems(diags);
        let result = match theme {
            Some(theme) if diags.is_empty() => self.render(&site, theme, &plan_of_changes, fast),
            _ => Err(diags),
        };
        match result {
            Ok((mut rebuilt, plan)) => {
                self.site = Some((site, plan));
                rebuilt.elapsed = started.elapsed();
                Ok(rebuilt)
            }
            Err(diags) => {
                self.loaded = Some(site.loaded);
                Err(diags)
            }
        }
    }

    /// The second phase of a rebuild: bring the files that summarise every record, and the
    /// pages that show them, up to date with the last [`Builder::rebuild_pages`]. `None` if
    /// they are up to date already, or if `cancelled` said to stop (they stay pending then).
    pub fn finish_summaries(
        &mut self,
        cancelled: &(dyn Fn() -> bool + Sync),
    ) -> Option<Result<Summarised, Diagnostics>> {
        if !self.summaries_pending {
            return None;
        }
        let started = Instant::now();
        let (site, plan) = self.site.as_ref()?;
        let live = self.live.as_mut()?;
        let good = self.good.as_mut()?;
        let gathered = Gathered::new(&self.store);
        match live.summaries(
            site,
            &good.theme.theme,
            plan,
            &self.options,
            cancelled,
            &gathered,
        ) {
            Ok(Some(())) => {}
            Ok(None) => return None,
            Err(diags) => return Some(Err(diags)),
        }
        let files = gathered.into_files();
        self.summaries_pending = false;
        let rendered = files.iter().filter(|(path, _)| is_page(path)).count();
        let mut output = (*good.output).clone();
        let mut changed = BTreeSet::new();
        let mut paths = BTreeSet::new();
        for (path, bytes) in files {
            if output.get(&path) != Some(&bytes) {
                changed.insert(path.clone());
            }
            paths.insert(path.clone());
            output.insert(path, bytes);
        }
        for gone in good.summary_paths.difference(&paths) {
            if output.remove(gone).is_some() {
                changed.insert(gone.clone());
            }
        }
        good.summary_paths = paths;
        good.output = Arc::new(output);
        Some(Ok(Summarised {
            rendered,
            changed_outputs: changed,
            elapsed: started.elapsed(),
        }))
    }

    /// Every problem of the site: the loading problems kept by file, plus `more`.
    fn problems(&self, more: Diagnostics) -> Diagnostics {
        let mut all = Diagnostics::new();
        for d in self.load_problems.values().flatten() {
            all.push(d.clone());
        }
        if let Err(d) = &self.theme {
            all.extend(d.clone());
        }
        all.extend(more);
        all.sorted()
    }

    fn render(
        &mut self,
        site: &Site,
        theme: Arc<LoadedTheme>,
        changes: &ChangePlan,
        fast: Option<FastEdit>,
    ) -> Result<(Rebuilt, Plan), Diagnostics> {
        // The kept views are updated in place only for procedures; an edit of another kind,
        // validated alone all the same, makes them again below.
        if let Some(fast) = fast
            && fast
                .edited
                .iter()
                .all(|(kind, _)| matches!(kind, Kind::Procedure | Kind::InternalProcedure))
            // A procedure that names a unit, or named one, shows on that unit's page, which
            // the in-place update does not make again.
            && self.good.as_ref().is_some_and(|good| {
                fast.edited.iter().all(|&(kind, i)| {
                    let id = record_id(site, kind, i);
                    names_unit(site, kind, i).is_none()
                        && !good.unit_links.contains_key(&(kind, id.to_owned()))
                })
            })
            && self
                .good
                .as_ref()
                .is_some_and(|good| same_source(&good.history.status, &site.history.status))
            && self.live.is_some()
        {
            return self.render_in_place(site, theme, changes, fast);
        }
        let plan = plan::plan(site);
        let records = record_states(site, &plan);
        let history = HistoryState::of(site);
        let full = match (&self.good, &self.live) {
            (Some(good), Some(_)) => {
                changes.everything
                    || !Arc::ptr_eq(&good.theme, &theme)
                    || !same_file(&good.config, &site.loaded.config.file)
                    || !same_source(&good.history.status, &history.status)
                    || good.menu_titles != menu_titles(site)
            }
            _ => true,
        };
        if full {
            let gathered = Gathered::new(&self.store);
            let live = Live::render_site(
                site,
                &theme.theme,
                &plan,
                &self.options,
                &pipeline::outputs(),
                &gathered,
            )?;
            let files = gathered.into_files();
            let n = files.iter().filter(|(path, _)| is_page(path)).count();
            let static_paths: BTreeSet<String> = theme
                .theme
                .static_files
                .iter()
                .map(|(p, _)| display_path(p))
                .collect();
            let output: Output = files.into_iter().collect();
            let changed = match &self.good {
                Some(good) => differences(&good.output, &output),
                None => output.keys().cloned().collect(),
            };
            let summary_pages = summary_pages(&plan);
            let summary_paths = output
                .keys()
                .filter(|p| {
                    !static_paths.contains(*p)
                        && (!p.ends_with(".html") || summary_pages.contains(*p))
                })
                .cloned()
                .collect();
            let removed = changed.iter().filter(|p| !output.contains_key(*p)).count();
            self.good = Some(Good {
                records,
                cited_by: site.cited_by.clone(),
                unit_links: unit_links(site),
                config: site.loaded.config.file.clone(),
                theme,
                output: Arc::new(output),
                summary_paths,
                history,
                menu_titles: menu_titles(site),
                news_about: news_about_ids(site),
            });
            self.live = Some(live);
            self.summaries_pending = false;
            return Ok((
                Rebuilt {
                    full: true,
                    rendered: n,
                    removed,
                    changed_outputs: changed,
                    rendered_pages: BTreeSet::new(),
                    stylesheets_only: changes.stylesheets_only,
                    elapsed: Duration::ZERO,
                    summaries_pending: false,
                },
                plan,
            ));
        }

        let good = self.good.as_mut().expect("not a full build");
        let mut live = self.live.take().expect("not a full build");
        let mut affected = affected_records(good, &records, site);
        // A commit (or a first edit since one) changes the dates and changes a record's page shows.
        affected.affected.extend(good.history.changed(&history));
        good.history = history;
        let order_before = live.procedure_order();
        // Records edited in place (same files, ids and addresses, so the same positions):
        // update the kept contexts, procedures with what shows them elsewhere, other records
        // when nothing else shows them. Anything else: make them again.
        let same_records = good.records.len() == records.len()
            && changes.records.iter().all(|(_, rel)| {
                match (good.records.get(rel), records.get(rel)) {
                    (Some(old), Some(new)) => {
                        old.kind == new.kind && old.id == new.id && old.page == new.page
                    }
                    _ => false,
                }
            });
        let news_about_now = news_about_ids(site);
        // A unit's view shows the records that name it, its parent and children: views made
        // one at a time leave it stale.
        let shows_a_unit = affected
            .affected
            .iter()
            .any(|(kind, _)| *kind == Kind::Unit);
        let in_place = same_records
            && !shows_a_unit
            && affected
                .changed
                .iter()
                .all(|(kind, _)| matches!(kind, Kind::Procedure | Kind::InternalProcedure));
        // Shown nowhere else: of a kind no record cites, and citing nothing, before or now.
        let cites = |cited_by: &BTreeMap<String, Vec<validate::Citation>>, kind, id: &str| {
            cited_by
                .values()
                .flatten()
                .any(|c| c.kind == kind && c.id == id)
        };
        let alone = same_records
            && !shows_a_unit
            && affected.changed.iter().all(|(kind, id)| {
                let key = (*kind, id.clone());
                !kind.def().citable
                    && !cites(&good.cited_by, *kind, id)
                    && !cites(&site.cited_by, *kind, id)
                    && !good.news_about.contains_key(&key)
                    && !news_about_now.contains_key(&key)
            });
        let positions = |set: &BTreeSet<(Kind, String)>| -> BTreeSet<(Kind, usize)> {
            plan.pages
                .iter()
                .filter_map(|p| match p.kind {
                    PageKind::Record(kind, i)
                        if set.contains(&(kind, record_id(site, kind, i).to_owned())) =>
                    {
                        Some((kind, i))
                    }
                    _ => None,
                })
                .collect()
        };
        if in_place {
            let cited: BTreeSet<String> = affected
                .affected
                .iter()
                .filter(|(kind, _)| *kind == Kind::Document)
                .map(|(_, id)| id.clone())
                .collect();
            let regrouped = cited.iter().map(String::as_str).collect();
            live.update_procedures(
                site,
                &theme.theme,
                &positions(&affected.changed),
                &cited,
                &regrouped,
            );
        } else if !(alone && live.update_alone(site, &theme.theme, &positions(&affected.changed))) {
            live = Live::contexts(site, &theme.theme, &live);
        }
        let affected_positions = positions(&affected.affected);
        let procedures: BTreeSet<usize> = affected_positions
            .iter()
            .filter(|(kind, _)| *kind == Kind::Procedure)
            .map(|(_, i)| *i)
            .collect();
        let same_everywhere = LangWork {
            records: affected_positions,
            entries: procedures.clone(),
            headings: procedures,
            lists: affected.lists(),
        };
        let work = plan
            .languages
            .iter()
            .map(|lang| (lang.clone(), same_everywhere.clone()))
            .collect();
        good.records = records;
        good.cited_by = site.cited_by.clone();
        good.menu_titles = menu_titles(site);
        good.news_about = news_about_ids(site);
        good.unit_links = unit_links(site);
        self.finish_pages(
            site,
            &theme,
            changes,
            plan,
            live,
            order_before,
            &work,
            !in_place,
        )
    }

    /// Update the kept records after procedures were edited in place (see
    /// [`revalidate`]): their views, the documents they cite or cited, their pages.
    fn render_in_place(
        &mut self,
        site: &Site,
        theme: Arc<LoadedTheme>,
        changes: &ChangePlan,
        fast: FastEdit,
    ) -> Result<(Rebuilt, Plan), Diagnostics> {
        let good = self.good.as_mut().expect("checked by the caller");
        let mut live = self.live.take().expect("checked by the caller");
        let l = &site.loaded;
        let mut changed: BTreeSet<(Kind, usize)> = BTreeSet::new();
        for &(kind, i) in &fast.edited {
            let p = match kind {
                Kind::Procedure => &l.procedures[i],
                _ => &l.internal_procedures[i],
            };
            if let Some(state) = good.records.get_mut(&p.file.path)
                && !same_file(&state.files[0], &p.file)
            {
                changed.insert((kind, i));
                state.files = vec![p.file.clone()];
            }
        }
        let changed_ids: BTreeSet<(Kind, &str)> = changed
            .iter()
            .map(|&(kind, i)| (kind, record_id(site, kind, i)))
            .collect();
        // The documents whose "cited by" lists show a changed record, before or now, and
        // among them those whose list gained, lost or reordered its records.
        let cited: BTreeSet<String> = [&good.cited_by, &site.cited_by]
            .into_iter()
            .flatten()
            .filter(|(_, citers)| {
                citers
                    .iter()
                    .any(|c| changed_ids.contains(&(c.kind, c.id.as_str())))
            })
            .map(|(id, _)| id.clone())
            .collect();
        let regrouped: BTreeSet<&str> = cited
            .iter()
            .filter(|id| good.cited_by.get(*id) != site.cited_by.get(*id))
            .map(String::as_str)
            .collect();
        let order_before = live.procedure_order();
        let shown = live.update_procedures(site, &theme.theme, &changed, &cited, &regrouped);
        // A new order moves procedures between pages and groups in every language.
        let reordered = match (&order_before, live.procedure_order()) {
            (Some(before), Some(after)) => !before.is(&after),
            _ => true,
        };
        let moved: BTreeSet<usize> = if reordered {
            changed
                .iter()
                .filter(|(kind, _)| *kind == Kind::Procedure)
                .map(|(_, i)| *i)
                .collect()
        } else {
            BTreeSet::new()
        };
        // Who cites what changed only for those documents: no need to copy the whole map.
        for id in &cited {
            match site.cited_by.get(id) {
                Some(citers) => good.cited_by.insert(id.clone(), citers.clone()),
                None => good.cited_by.remove(id),
            };
        }
        let history = HistoryState::of(site);
        let history_changed = good.history.changed(&history);
        good.history = history;
        let mut own_pages = changed.clone();
        own_pages.extend(positions_of(site, &history_changed));
        // In each language, only what shows there of the edited records: a document page that
        // lists 10,000 citing procedures is not rendered again for a name edited in another
        // language.
        let work = shown
            .into_iter()
            .map(|shown| {
                let shown_citing: BTreeSet<(Kind, &str)> = shown
                    .citing
                    .iter()
                    .map(|&(kind, i)| (kind, record_id(site, kind, i)))
                    .collect();
                let mut records = own_pages.clone();
                records.extend(shown.news.iter().map(|&n| (Kind::News, n)));
                records.extend(
                    l.documents
                        .iter()
                        .enumerate()
                        .filter(|(_, d)| cited.contains(&d.id))
                        .filter(|(_, d)| {
                            regrouped.contains(d.id.as_str())
                                || site.cited_by.get(&d.id).is_some_and(|citers| {
                                    citers
                                        .iter()
                                        .any(|c| shown_citing.contains(&(c.kind, c.id.as_str())))
                                })
                        })
                        .map(|(i, _)| (Kind::Document, i)),
                );
                let mut lists: BTreeSet<&'static str> = shown
                    .views
                    .iter()
                    .flat_map(|(kind, _)| list_values_of(*kind).iter().copied())
                    .collect();
                if reordered {
                    lists.extend(list_values_of(Kind::Procedure));
                }
                let work = LangWork {
                    records,
                    entries: &shown.entries | &moved,
                    headings: &shown.headings | &moved,
                    lists,
                };
                (shown.lang, work)
            })
            .collect();
        self.finish_pages(
            site,
            &theme,
            changes,
            fast.plan,
            live,
            order_before,
            &work,
            false,
        )
    }

    /// Render the pages a change affects, language by language (`work`: the records, the
    /// procedure list pages that show them, the pages whose template uses one of the changed
    /// lists) with `live`, and put them into the output. `remove_gone`: also remove the pages
    /// the plan no longer has.
    #[allow(clippy::too_many_arguments)]
    fn finish_pages(
        &mut self,
        site: &Site,
        theme: &LoadedTheme,
        changes: &ChangePlan,
        plan: Plan,
        live: Live,
        order_before: Option<ProcedureOrder>,
        work: &BTreeMap<String, LangWork>,
        remove_gone: bool,
    ) -> Result<(Rebuilt, Plan), Diagnostics> {
        let good = self.good.as_mut().expect("not a full build");
        let order_after = live.procedure_order();
        let list_pages: BTreeMap<&str, BTreeSet<usize>> = work
            .iter()
            .map(|(lang, w)| {
                let pages = match (&order_before, &order_after) {
                    (Some(before), Some(after)) => before
                        .pages_to_render(after, &w.entries, &w.headings)
                        .into_iter()
                        .collect(),
                    _ => BTreeSet::new(),
                };
                (lang.as_str(), pages)
            })
            .collect();
        let nothing = LangWork::default();
        let no_pages = BTreeSet::new();
        let uses = &theme.uses;
        let select = |page: &PagePlan, lang: &str| {
            let w = work.get(lang).unwrap_or(&nothing);
            let list_pages = list_pages.get(lang).unwrap_or(&no_pages);
            match page.kind {
                PageKind::Record(kind, i) => w.records.contains(&(kind, i)),
                PageKind::List(Kind::Procedure) => list_pages.contains(&1),
                PageKind::ListPage(Kind::Procedure, n) => list_pages.contains(&n),
                // The home page's JSON-LD names the units, whatever its template shows.
                PageKind::Home
                    if render::views::structured::ORGANIZATION_USES
                        .iter()
                        .any(|v| w.lists.contains(v)) =>
                {
                    true
                }
                PageKind::Home
                | PageKind::NotFound
                | PageKind::List(_)
                | PageKind::ListPage(..)
                | PageKind::NewsTag(_) => uses.uses_any(&template_of(page), &w.lists),
                // They summarise every record: made by `finish_summaries`.
                PageKind::Search | PageKind::Data | PageKind::Translations => false,
            }
        };
        let gathered = Gathered::new(&self.store);
        let rendered = live.render_pages(site, &theme.theme, &plan, &self.options, &select, &|f| {
            publish::Sink::emit(&gathered, f)
        });
        self.live = Some(live);
        rendered?;
        let files = gathered.into_files();
        let mut output = (*good.output).clone();
        let mut changed = BTreeSet::new();
        if remove_gone {
            // Pages of records that are gone or moved, and list pages no longer needed.
            let new_pages: BTreeSet<&str> = plan.pages.iter().map(|p| p.path.as_str()).collect();
            let gone: Vec<String> = output
                .keys()
                .filter(|path| {
                    path.strip_suffix("index.html")
                        .and_then(|p| p.split_once('/'))
                        .is_some_and(|(lang, page)| {
                            plan.languages.iter().any(|l| l == lang)
                                && !page.is_empty()
                                && !new_pages.contains(page)
                        })
                })
                .cloned()
                .collect();
            for path in gone {
                output.remove(&path);
                changed.insert(path);
            }
        }
        let rendered_pages: BTreeSet<String> = files
            .iter()
            .filter(|(path, _)| is_page(path))
            .map(|(path, _)| path.clone())
            .collect();
        let n = rendered_pages.len();
        for (path, bytes) in files {
            if output.get(&path) != Some(&bytes) {
                changed.insert(path.clone());
            }
            output.insert(path, bytes);
        }
        let removed = changed.iter().filter(|p| !output.contains_key(*p)).count();
        good.output = Arc::new(output);
        // Nothing shown changed (git's index was refreshed, say): the summaries still hold.
        let idle = work
            .values()
            .all(|w| w.records.is_empty() && w.lists.is_empty() && w.entries.is_empty());
        if !(idle && changed.is_empty()) {
            self.summaries_pending = true;
        }
        Ok((
            Rebuilt {
                full: false,
                rendered: n,
                removed,
                changed_outputs: changed,
                rendered_pages,
                stylesheets_only: changes.stylesheets_only,
                elapsed: Duration::ZERO,
                summaries_pending: self.summaries_pending,
            },
            plan,
        ))
    }

    /// Sort the changed paths into what must be reloaded.
    fn classify(&self, changes: &Changes) -> ChangePlan {
        let mut plan = ChangePlan::default();
        let paths = match changes {
            Changes::Everything => {
                plan.everything = true;
                plan.reload_content = true;
                plan.reload_theme = true;
                return plan;
            }
            Changes::Paths(paths) => paths,
        };
        let mut stylesheets = 0;
        for path in paths {
            let rel = path.strip_prefix(&self.root).unwrap_or(path);
            let parts: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            match parts.iter().map(String::as_str).collect::<Vec<_>>()[..] {
                ["themes", ..] => {
                    plan.reload_theme = true;
                    if parts.len() > 3
                        && parts[2] == "static"
                        && parts.last().is_some_and(|n| n.ends_with(".css"))
                    {
                        stylesheets += 1;
                    }
                }
                [CONTENT_DIR, folder, name] => match Kind::from_folder(folder) {
                    Some(kind) if !kind.is_markdown() && !root_is_dir(&self.root, rel) => {
                        if !load::is_ignored(name) {
                            plan.records.insert((kind, rel.to_owned()));
                        }
                    }
                    _ => plan.reload_content = true,
                },
                [CONTENT_DIR, SITE_FILE] => plan.reload_content = true,
                [CONTENT_DIR, ..] => plan.reload_content = true,
                // Outside the sources: nothing to do.
                _ => {}
            }
        }
        plan.stylesheets_only = stylesheets > 0
            && stylesheets == paths.len()
            && !plan.reload_content
            && plan.records.is_empty();
        plan
    }

    fn load_everything(&mut self) {
        // The files to download that did not change are not hashed again.
        let files = self
            .loaded
            .as_ref()
            .map(|l| l.files.clone())
            .unwrap_or_default();
        let (loaded, diags) = load::load_reusing(&self.root, &files);
        self.load_problems.clear();
        for d in diags {
            self.load_problems
                .entry(d.file.clone())
                .or_default()
                .push(d);
        }
        self.loaded = loaded;
    }

    /// Read one YAML record file again (or drop it, if it is gone).
    fn reload_record(&mut self, kind: Kind, rel: &Path) {
        let Some(loaded) = self.loaded.as_mut() else {
            return;
        };
        self.load_problems.remove(rel);
        let mut diags = Diagnostics::new();
        let languages = loaded.config.data.languages.clone();
        let default = loaded.config.data.default_language.clone();
        let max_size = loaded.config.data.limits.max_file_size();
        let root = self.root.clone();
        // The record's id, if the file is there and its name makes one.
        let reread = |diags: &mut Diagnostics| -> Option<String> {
            // A deleted file (or one renamed away) is simply no longer a record.
            std::fs::symlink_metadata(root.join(rel)).ok()?;
            let name = rel.file_name()?.to_string_lossy().into_owned();
            match load::classify(kind, &name, &languages, &default) {
                Ok((id, _)) => Some(id),
                Err((message, hint)) => {
                    diags.push(
                        Diagnostic::new(rel, message)
                            .at(diagnostics::Position::new(1, 1))
                            .hint(hint),
                    );
                    None
                }
            }
        };
        let id = reread(&mut diags);
        loaded.reload_yaml_record(kind, rel, id.as_deref(), max_size, &mut diags);
        if !diags.is_empty() {
            self.load_problems
                .insert(rel.to_owned(), diags.into_iter().collect());
        }
    }
}

fn root_is_dir(root: &Path, rel: &Path) -> bool {
    root.join(rel).is_dir()
}

/// Records edited in place, found valid without validating the whole site.
struct FastEdit {
    /// The plan of the last build, still the site's (no record came, went or moved).
    plan: Plan,
    /// The edited records, by kind and position.
    edited: Vec<(Kind, usize)>,
}

/// The records that `changes` edits in place, by kind and position: files that were records
/// before and still are, with the same id and address, so `revalidate` can check them alone.
/// `None` if the change is anything else.
fn edited_in_place(
    loaded: &LoadedSite,
    good: &Good,
    changes: &ChangePlan,
) -> Option<Vec<(Kind, usize)>> {
    changes
        .records
        .iter()
        .map(|(kind, rel)| {
            let records = loaded.records(*kind);
            let i = (0..records.len()).find(|&i| records.file(i).path == *rel)?;
            let id = records.id(i);
            let slug = loaded.record_slug(*kind, i);
            let old = good.records.get(rel)?;
            let page = format!("{}/{slug}/", kind.folder());
            (old.kind == *kind && old.id == id && old.page == page).then_some((*kind, i))
        })
        .collect()
}

/// What to render again in one language.
#[derive(Debug, Default, Clone)]
struct LangWork {
    /// Record pages, by kind and position.
    records: BTreeSet<(Kind, usize)>,
    /// Procedures whose line on the procedure list changed.
    entries: BTreeSet<usize>,
    /// Procedures whose field or level changed: the list pages where they head a group.
    headings: BTreeSet<usize>,
    /// Template values (see [`list_values_of`]) that changed: the pages whose templates use one.
    lists: BTreeSet<&'static str>,
}

/// The positions of the records named in `ids` (the records whose history changed).
fn positions_of(site: &Site, ids: &BTreeSet<(Kind, String)>) -> BTreeSet<(Kind, usize)> {
    if ids.is_empty() {
        return BTreeSet::new();
    }
    Kind::ALL
        .into_iter()
        .flat_map(|kind| (0..plan::record_count(site, kind)).map(move |i| (kind, i)))
        .filter(|&(kind, i)| ids.contains(&(kind, record_id(site, kind, i).to_owned())))
        .collect()
}

#[derive(Default)]
struct ChangePlan {
    everything: bool,
    reload_content: bool,
    reload_theme: bool,
    stylesheets_only: bool,
    /// YAML record files to read again.
    records: BTreeSet<(Kind, PathBuf)>,
}

fn load_theme(
    root: &Path,
    name: &str,
    languages: &[String],
) -> Result<Arc<LoadedTheme>, Diagnostics> {
    let (theme, diags) = theme::load_theme(root, name, languages);
    match theme {
        Some(theme) if diags.is_empty() => Ok(Arc::new(LoadedTheme {
            theme,
            name: name.to_owned(),
            languages: languages.to_vec(),
            uses: TemplateUses::scan(&root.join("themes").join(name).join("templates")),
        })),
        _ => Err(diags),
    }
}

/// The paths whose content differs between two outputs, including those only in one.
fn differences(old: &Output, new: &Output) -> BTreeSet<String> {
    let mut changed: BTreeSet<String> = new
        .iter()
        .filter(|(path, bytes)| old.get(*path) != Some(*bytes))
        .map(|(path, _)| path.clone())
        .collect();
    changed.extend(old.keys().filter(|p| !new.contains_key(*p)).cloned());
    changed
}

fn same_file(a: &Arc<SourceOrigin>, b: &Arc<SourceOrigin>) -> bool {
    Arc::ptr_eq(a, b) || a.same_content(b)
}

/// The id of the `i`-th record of `kind`.
fn record_id(site: &Site, kind: Kind, i: usize) -> &str {
    site.loaded.records(kind).id(i)
}

/// Every record of the site by its main source file.
fn record_states(site: &Site, plan: &Plan) -> BTreeMap<PathBuf, RecordState> {
    let l = &site.loaded;
    let mut out = BTreeMap::new();
    for page in &plan.pages {
        let PageKind::Record(kind, i) = page.kind else {
            continue;
        };
        let files = l.records(kind).files(i);
        let mut linked = Vec::new();
        l.records(kind).data(i).visit_files(&mut |_, file| {
            for (_, path) in file.paths() {
                let name = validate::file_name_in(path).unwrap_or(path);
                let state = l.files.get(name).map(|f| (f.size, f.sha256.clone()));
                linked.push((name.to_owned(), state));
            }
        });
        out.insert(
            files[0].path.clone(),
            RecordState {
                kind,
                id: record_id(site, kind, i).to_owned(),
                page: page.path.clone(),
                files,
                linked,
            },
        );
    }
    out
}

/// Whether two states of a record's files are the same.
fn same_state(a: &RecordState, b: &RecordState) -> bool {
    a.kind == b.kind
        && a.id == b.id
        && a.page == b.page
        && a.files.len() == b.files.len()
        && a.files.iter().zip(&b.files).all(|(x, y)| same_file(x, y))
        && a.linked == b.linked
}

/// The titles, in every language, of the pages the menu and the footer name: what of the
/// pages shows on every page.
fn menu_titles(site: &Site) -> Vec<String> {
    let l = &site.loaded;
    let config = &l.config.data;
    let pages = l.records(Kind::Page);
    let mut out = Vec::new();
    for item in config.menu.iter().flatten().chain(&config.footer) {
        let model::MenuItem::Page { page } = item else {
            continue;
        };
        let Some(i) = (0..pages.len()).find(|&i| pages.id(i) == page) else {
            out.push(String::new());
            continue;
        };
        for lang in site.languages() {
            let title = pages.translated(i, lang, "title").unwrap_or_else(|| {
                pages
                    .data(i)
                    .title()
                    .text_for(lang, site.default_language())
            });
            out.push(title.to_owned());
        }
    }
    out
}

/// What a change touches.
struct Affected {
    /// The records whose files changed (or that appeared or went away).
    changed: BTreeSet<(Kind, String)>,
    /// Those and the records whose view shows one of them: their pages may differ.
    affected: BTreeSet<(Kind, String)>,
    /// The kinds whose list values may differ: those of the changed records and of the records
    /// that cite a changed one (a list item shows the document that abolished a procedure).
    /// Not those of cited documents: their list items do not show who cites them.
    list_kinds: BTreeSet<Kind>,
}

impl Affected {
    fn lists(&self) -> BTreeSet<&'static str> {
        self.list_kinds
            .iter()
            .flat_map(|kind| list_values_of(*kind).iter().copied())
            .collect()
    }
}

/// The records whose pages may differ from the last good build: those whose files changed, and
/// those whose view shows one of them.
fn affected_records(good: &Good, now: &BTreeMap<PathBuf, RecordState>, site: &Site) -> Affected {
    let same = same_state;
    let mut changed: BTreeSet<(Kind, String)> = BTreeSet::new();
    for (path, old) in &good.records {
        if now.get(path).is_none_or(|new| !same(old, new)) {
            changed.insert((old.kind, old.id.clone()));
        }
    }
    for (path, new) in now {
        if good.records.get(path).is_none_or(|old| !same(old, new)) {
            changed.insert((new.kind, new.id.clone()));
        }
    }
    let mut affected = changed.clone();
    let mut list_kinds: BTreeSet<Kind> = changed.iter().map(|(kind, _)| *kind).collect();
    for cited_by in [&good.cited_by, &site.cited_by] {
        for (cited, citers) in cited_by {
            let cited_changed = changed.contains(&(Kind::Document, cited.clone()))
                || changed.contains(&(Kind::Report, cited.clone()));
            for citer in citers {
                let citer_key = (citer.kind, citer.id.clone());
                // A changed document changes how its citers show it…
                if cited_changed {
                    affected.insert(citer_key.clone());
                    list_kinds.insert(citer.kind);
                }
                // …and a changed citer changes the document's "cited by" list.
                if changed.contains(&citer_key) {
                    affected.insert((Kind::Document, cited.clone()));
                    affected.insert((Kind::Report, cited.clone()));
                }
            }
        }
    }
    // A news item shows the titles of the records it is about, and they link back to it.
    for news_about in [&good.news_about, &news_about_ids(site)] {
        for (about, items) in news_about {
            let about_changed = changed.contains(about);
            for item in items {
                let item_key = (Kind::News, item.clone());
                if about_changed {
                    affected.insert(item_key.clone());
                }
                if changed.contains(&item_key) {
                    affected.insert(about.clone());
                }
            }
        }
    }
    // Units: a record's page shows the unit that handles it, a unit's page the records that
    // name it (before the change or now), its parent, its children and its contact channels.
    let now_links = unit_links(site);
    for (kind, id) in &changed {
        let key = (*kind, id.clone());
        for links in [&good.unit_links, &now_links] {
            if let Some(unit) = links.get(&key) {
                affected.insert((Kind::Unit, unit.clone()));
            }
        }
        match kind {
            Kind::Unit => {
                for links in [&good.unit_links, &now_links] {
                    affected.extend(
                        links
                            .iter()
                            .filter(|(_, unit)| *unit == id)
                            .map(|(record, _)| record.clone()),
                    );
                }
                affected.extend(site.loaded.units.iter().map(|u| (Kind::Unit, u.id.clone())));
            }
            Kind::Channel => affected.extend(
                site.loaded
                    .units
                    .iter()
                    .filter(|u| {
                        u.data
                            .contact
                            .as_ref()
                            .is_some_and(|c| c.channels.contains(id))
                    })
                    .map(|u| (Kind::Unit, u.id.clone())),
            ),
            _ => {}
        }
    }
    Affected {
        changed,
        affected,
        list_kinds,
    }
}

/// [`validate::Site::news_about`] by ids rather than positions, to compare two builds.
fn news_about_ids(site: &Site) -> BTreeMap<(Kind, String), Vec<String>> {
    site.news_about
        .iter()
        .map(|(&(kind, i), items)| {
            (
                (kind, record_id(site, kind, i).to_owned()),
                items
                    .iter()
                    .map(|&n| site.loaded.news[n].meta.id.clone())
                    .collect(),
            )
        })
        .collect()
}

/// For each record that names a unit (a procedure's or channel's `unit`, a unit's `parent`),
/// that unit's id.
type UnitLinks = BTreeMap<(Kind, String), String>;

fn unit_links(site: &Site) -> UnitLinks {
    let l = &site.loaded;
    let mut out = UnitLinks::new();
    for kind in [
        Kind::Procedure,
        Kind::InternalProcedure,
        Kind::Channel,
        Kind::Unit,
    ] {
        let records = l.records(kind);
        for i in 0..records.len() {
            if let Some(unit) = names_unit(site, kind, i) {
                out.insert((kind, records.id(i).to_owned()), unit.to_owned());
            }
        }
    }
    out
}

/// The unit the record `i` of `kind` names, if it names one.
fn names_unit(site: &Site, kind: Kind, i: usize) -> Option<&str> {
    let l = &site.loaded;
    match kind {
        Kind::Procedure | Kind::InternalProcedure => l.procedures_of(kind)[i].data.unit.as_deref(),
        Kind::Channel => l.channels[i].data.unit.as_deref(),
        Kind::Unit => l.units[i].data.parent.as_deref(),
        _ => None,
    }
}

/// The template values built from the records of `kind` (see `render::list_values`): a page
/// whose template uses one of them is re-rendered when a record of that kind changes.
pub fn list_values_of(kind: Kind) -> &'static [&'static str] {
    kind.def().list_values
}

/// The output paths of the pages that show a summary of every record (every file that is not
/// a page, but for the theme's static files, is a summary too).
fn summary_pages(plan: &Plan) -> BTreeSet<String> {
    plan.pages
        .iter()
        .filter(|p| render::live::is_summary_page(p))
        .flat_map(|p| {
            plan.languages
                .iter()
                .map(|l| display_path(&p.output_file(l)))
        })
        .collect()
}

/// The template file a page is rendered with.
fn template_of(page: &PagePlan) -> String {
    match page.kind {
        // The language chooser at the output root (see `render::render_pages`).
        PageKind::Home if page.path == "index.html" => "root.html".to_owned(),
        _ => format!("{}.html", page.kind.template()),
    }
}

/// The names each template mentions inside its tags, including those of the templates it
/// extends or includes. Over-approximate by design: a name in a comment or a string counts too,
/// which costs a page render at worst, never a stale page.
#[derive(Debug, Default)]
pub struct TemplateUses {
    names: BTreeMap<String, BTreeSet<String>>,
}

impl TemplateUses {
    /// Scan the templates in `dir` (`themes/<name>/templates`).
    pub fn scan(dir: &Path) -> Self {
        let mut direct: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for entry in walkdir::WalkDir::new(dir).into_iter().flatten() {
            if !entry.file_type().is_file() {
                continue;
            }
            let name = display_path(entry.path().strip_prefix(dir).unwrap_or(entry.path()));
            let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
            direct.insert(name, tag_words(&text));
        }
        // Follow `extends` and `include` (any word naming another template) to a fixed point.
        let mut names = direct.clone();
        loop {
            let mut grew = false;
            for (template, words) in &direct {
                let mut all = names[template].clone();
                for other in names.keys() {
                    if all.contains(other) || words.contains(other) {
                        for w in &names[other] {
                            grew |= all.insert(w.clone());
                        }
                    }
                }
                names.insert(template.clone(), all);
            }
            if !grew {
                break;
            }
        }
        TemplateUses { names }
    }

    /// Whether `template` (or a template it uses) mentions any of `values`. An unknown template
    /// is assumed to use everything.
    pub fn uses_any(&self, template: &str, values: &BTreeSet<&str>) -> bool {
        match self.names.get(template) {
            Some(words) => values.iter().any(|v| words.contains(*v)),
            None => true,
        }
    }
}

/// The words inside `{{ … }}`, `{% … %}` and `{# … #}` of a template: identifiers, and quoted
/// strings (template names).
fn tag_words(text: &str) -> BTreeSet<String> {
    let mut words = BTreeSet::new();
    let mut rest = text;
    while let Some(start) = rest.find(['{']) {
        let after = &rest[start + 1..];
        let close = match after.chars().next() {
            Some('{') => "}}",
            Some('%') => "%}",
            Some('#') => "#}",
            _ => {
                rest = after;
                continue;
            }
        };
        let end = after.find(close).unwrap_or(after.len());
        let tag = &after[1..end];
        for quoted in tag.split(['"', '\'']).skip(1).step_by(2) {
            words.insert(quoted.to_owned());
        }
        for word in tag.split(|c: char| !(c.is_alphanumeric() || c == '_')) {
            if !word.is_empty() {
                words.insert(word.to_owned());
            }
        }
        rest = &after[end..];
    }
    words
}

/// An HTML page (as opposed to an index, feed, data or static file).
fn is_page(path: &str) -> bool {
    path.ends_with(".html")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tag_words_follow_tags_only() {
        let words = tag_words(
            "<p>channels</p>{% extends \"base.html\" %}{{ counts.procedures }}{% for x in reports %}",
        );
        assert!(words.contains("base.html"));
        assert!(words.contains("counts"));
        assert!(words.contains("reports"));
        assert!(!words.contains("channels"), "{words:?}");
    }

    #[test]
    fn template_uses_follow_includes() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.html"), "{% include \"b.html\" %}").unwrap();
        std::fs::write(dir.path().join("b.html"), "{% include \"c.html\" %}").unwrap();
        std::fs::write(dir.path().join("c.html"), "{{ channels }}").unwrap();
        std::fs::write(dir.path().join("d.html"), "{{ reports }}").unwrap();
        let uses = TemplateUses::scan(dir.path());
        let channels: BTreeSet<&str> = ["channels"].into();
        assert!(uses.uses_any("a.html", &channels));
        assert!(!uses.uses_any("d.html", &channels));
        assert!(uses.uses_any("unknown.html", &channels));
    }
}
