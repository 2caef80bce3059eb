//! minhbach: a static-site generator for multilingual public-sector transparency portals.
//!
//! A build runs five stages, one crate each (`crates/<stage>/`, re-exported here):
//!
//! 1. [`load`]: find content files, parse YAML and front matter, keep source positions;
//! 2. [`validate`]: check references and cross-record rules, render Markdown bodies safely;
//!    then [`history`] (dates and changes from git) and the theme ([`theme`]); [`pipeline`] runs
//!    these stages for `build`, `check` and `serve` alike;
//! 3. [`plan`]: every page of every language and its URL;
//! 4. [`render`]: the theme's Tera templates (minified once, by [`minify`]), in parallel;
//! 5. [`write`]: into a staging directory swapped in atomically.
//!
//! Problems in content are [`diagnostics::Diagnostic`]s with file, line, column and hint; all of a
//! run's problems are reported together.

pub use coverage;
pub use diagnostics;
pub use feeds;
pub use history;
pub use incremental;
pub use kind;
pub use load;
pub use markdown;
pub use minify;
pub use model;
pub use opendata;
pub use output;
pub use pipeline;
pub use plan;
pub use publish;
pub use render;
pub use revalidate;
pub use scaffold;
pub use schema;
pub use search;
pub use serve;
pub use text;
pub use theme;
pub use translations;
pub use validate;
pub use views;
pub use write;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

pub use pipeline::{Prepared, prepare};

/// Options of `minhbach build`.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    pub output: PathBuf,
    pub base_url: Option<String>,
    pub minify: bool,
    pub body_end: Option<String>,
}

/// What a build produced.
#[derive(Debug, Clone)]
pub struct BuildSummary {
    /// Pages written per language.
    pub pages: BTreeMap<String, usize>,
    pub files: usize,
    pub bytes: u64,
    pub elapsed: Duration,
    /// The part of `elapsed` spent making and writing the search indexes (a phase of its own).
    pub search_index: Duration,
    /// Things the build did without, worth telling the user about.
    pub warnings: Vec<String>,
    /// Whether dates and change history could be read from git.
    pub history: history::GitStatus,
}

#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// Problems in the content or theme; nothing was written.
    #[error("{} problem(s) found", .0.len())]
    Content(diagnostics::Diagnostics),
    #[error(transparent)]
    Write(#[from] write::WriteError),
}

/// The build's [`publish::Sink`]: every file goes to the staging folder as it comes.
pub struct ToStaging<'s>(pub &'s write::Staging);

impl publish::Sink for ToStaging<'_> {
    fn emit(&self, file: output::OutputFile) {
        self.0.write(file);
    }
    fn write(
        &self,
        path: std::path::PathBuf,
        write: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> std::io::Result<u64> {
        self.0.write_streamed(&path, write)
    }
}

/// Build the site: all five stages. On any error the previous output is left untouched.
pub fn build(options: &BuildOptions) -> Result<BuildSummary, BuildError> {
    let started = Instant::now();
    // Before anything is read or written: the output must not be, hold or lie in the sources.
    let output = write::check_output_dir(&options.root, &options.output)?;
    // A build stopped earlier may have left staging folders (or, with the two-rename swap, no
    // output at all): tidied before the content is read, so that a failing build tidies too.
    let mut warnings = write::clean_leftovers(&output);
    let prepared = prepare(&options.root).map_err(BuildError::Content)?;
    // The theme folder is known only now (site.yaml names it); it is read by the build too.
    let theme = &prepared.site.loaded.config.data.theme;
    write::check_source_folder(
        &options.output,
        &output,
        &options.root.join("themes").join(theme),
        &format!("themes/{theme}/"),
        "holds the theme the site uses (site.yaml names it)",
    )?;
    let plan = plan::plan(&prepared.site);
    let render_options = render::RenderOptions {
        base_url: options.base_url.clone(),
        minify: options.minify,
        body_end: options.body_end.clone(),
    };
    // Pages go to disk as they are rendered, and the open data as it is made, so the rendered
    // site never sits in memory whole.
    let staging = write::Staging::new(&output)?;
    let rendered = render::render_site_each(
        &prepared.site,
        &prepared.theme,
        &plan,
        &render_options,
        &pipeline::outputs(),
        &ToStaging(&staging),
    )
    .map_err(BuildError::Content)?;
    let no_base_url =
        options.base_url.is_none() && prepared.site.loaded.config.data.base_url.is_none();
    let history = prepared.site.history.status.clone();
    // Freeing a large site's records takes a noticeable part of a second (millions of small
    // allocations); nothing waits for it, so it happens beside the swap of the output, and a
    // `minhbach build` that exits first leaves it to the operating system.
    std::thread::spawn(move || drop(prepared));
    let stats = staging.commit()?;
    let pages = plan
        .languages
        .iter()
        .map(|l| (l.clone(), plan.pages.len()))
        .collect();
    warnings.extend(stats.warnings);
    if no_base_url {
        warnings.push(
            "no sitemap.xml: it needs the site's address; set `base_url` in content/site.yaml \
             or pass --base-url (feeds and language links stay relative meanwhile)"
                .to_owned(),
        );
    }
    Ok(BuildSummary {
        warnings,
        pages,
        files: stats.files,
        bytes: stats.bytes,
        elapsed: started.elapsed(),
        search_index: rendered.search_index,
        history,
    })
}
