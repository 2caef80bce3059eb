//! minhbach: a static-site generator for multilingual public-sector transparency portals.
//!
//! A build runs five stages, one module each:
//!
//! 1. [`load`]: find content files, parse YAML and front matter, keep source positions;
//! 2. [`validate`]: check references and cross-record rules, render Markdown bodies safely;
//! 3. [`plan`]: every page of every language and its URL;
//! 4. [`render`]: the theme's Tera templates (minified once, by [`minify`]), in parallel;
//! 5. [`write`]: into a staging directory swapped in atomically.
//!
//! Problems in content are [`diagnostics::Diagnostic`]s with file, line, column and hint; all of a
//! run's problems are reported together.

pub mod coverage;
pub mod diagnostics;
pub mod history;
pub mod incremental;
pub mod load;
pub mod markdown;
pub mod minify;
pub mod model;
pub mod opendata;
pub mod plan;
pub mod render;
pub mod revalidate;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod text;
pub mod theme;
pub mod validate;
pub mod write;

use diagnostics::Diagnostics;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// A loaded, validated site and its theme: everything needed to render.
pub struct Prepared {
    pub site: validate::Site,
    pub theme: theme::Theme,
}

/// Run the load and validate stages and load the theme. Every problem of the run is returned.
pub fn prepare(root: &Path) -> Result<Prepared, Diagnostics> {
    // git needs only the root: ask it in the background while the site loads and validates.
    // (If site.yaml turns out to say `history.from_git: false`, its answer is not used.)
    std::thread::scope(|scope| {
        let git = scope.spawn(|| history::run_git(root));
        prepare_with_git(root, move || {
            git.join().unwrap_or_else(|_| {
                Err(history::GitStatus::Failed(
                    "the thread that ran git stopped".to_owned(),
                ))
            })
        })
    })
}

fn prepare_with_git(
    root: &Path,
    git_output: impl FnOnce() -> Result<history::GitOutput, history::GitStatus>,
) -> Result<Prepared, Diagnostics> {
    let (loaded, mut diags) = load::load(root);
    let Some(loaded) = loaded else {
        return Err(diags.sorted());
    };
    let (mut site, more) = validate::validate(loaded);
    diags.extend(more);
    let (history, more) = history::read_with(&site, git_output);
    site.history = history;
    diags.extend(more);
    let (theme, more) = theme::load_theme(root, &site.loaded.config.data.theme, site.languages());
    diags.extend(more);
    if let Some(theme) = &theme {
        check_code_strings(&site, theme, &mut diags);
    }
    match theme {
        Some(theme) if diags.is_empty() => Ok(Prepared { site, theme }),
        _ => Err(diags.sorted()),
    }
}

pub(crate) fn check_code_strings(
    site: &validate::Site,
    theme: &theme::Theme,
    diags: &mut Diagnostics,
) {
    let mut keys: Vec<&str> = render::views::CODE_STRING_KEYS.to_vec();
    keys.extend(model::Section::ALL.iter().map(|s| s.label_key()));
    keys.push("not_found_title");
    keys.push("data_title");
    keys.extend(render::charts::STRING_KEYS);
    keys.push("translations_title");
    // Templates look these up by a computed key (`t["online_" ~ level]`), so the static scan of
    // templates cannot see them: every value of each enumeration needs its string.
    let families: Vec<String> = [
        ("online_", &["full", "partial", "none"][..]),
        ("method_", &["online", "in_person", "post"][..]),
        (
            "channel_",
            &["phone", "web_form", "email", "in_person", "postal"][..],
        ),
        (
            "doc_type_",
            &[
                "decision",
                "plan",
                "official_letter",
                "decree",
                "resolution",
                "report",
                "directive",
                "circular",
                "law",
                "other",
            ][..],
        ),
        (
            "kind_",
            &[
                "procedure",
                "internal-procedure",
                "channel",
                "report",
                "index",
                "document",
            ][..],
        ),
    ]
    .iter()
    .flat_map(|(prefix, values)| values.iter().map(move |v| format!("{prefix}{v}")))
    .collect();
    keys.extend(families.iter().map(String::as_str));
    for (lang, strings) in &theme.strings {
        for key in &keys {
            if !strings.contains_key(*key) {
                let file = Path::new("themes")
                    .join(&site.loaded.config.data.theme)
                    .join("i18n")
                    .join(format!("{lang}.yaml"));
                diags.push(
                    diagnostics::Diagnostic::new(
                        file,
                        format!("the string `{key}` is missing in language `{lang}`"),
                    )
                    .hint(format!("add `{key}: …`; minhbach itself uses this string")),
                );
            }
        }
    }
}

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
    Content(Diagnostics),
    #[error(transparent)]
    Write(#[from] write::WriteError),
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
    // Pages go to disk as they are rendered, so the rendered site never sits in memory whole;
    // the open-data files go record by record, before the pages (the data page gives sizes).
    let staging = write::Staging::new(&output)?;
    let base = render_options.base(&prepared.site);
    let data_files = opendata::data_files()
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|(kind, format)| {
            let path = opendata::data_path(kind, format);
            let bytes = staging.write_with(&path, |out| {
                opendata::write_file(&prepared.site, base, kind, format, out)
            })?;
            Ok(opendata::Written {
                path,
                bytes: bytes as usize,
            })
        })
        .collect::<Result<Vec<_>, write::WriteError>>()?;
    let rendered = render::render_site_each(
        &prepared.site,
        &prepared.theme,
        &plan,
        &render_options,
        &data_files,
        &|file| staging.write(file),
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
