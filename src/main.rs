//! The `minhbach` command line.

use clap::{Parser, Subcommand};
use minhbach::diagnostics::display_path;
use minhbach::load::Kind;
use minhbach::{BuildError, BuildOptions};
use std::path::PathBuf;
use std::process::ExitCode;

/// mimalloc instead of the system allocator: a build makes and frees millions of small strings
/// and values from several threads, where glibc malloc spends a quarter of the build's CPU time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "minhbach",
    version,
    about = "Build multilingual transparency portals from YAML and Markdown"
)]
struct Cli {
    /// Print only errors.
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Print more detail (translation gaps record by record).
    #[arg(long, short, global = true)]
    verbose: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum TranslationFormat {
    Po,
    Xliff,
}

#[derive(Subcommand)]
enum TranslationsAction {
    /// Write every text of the site, with its translation into LANG, to a PO file: one entry
    /// per text (a report's body one per heading, paragraph, list item, table cell and
    /// footnote), the field explained for the translator.
    Export {
        /// The language to translate into (one of the site's, not the default).
        #[arg(long)]
        lang: String,
        /// Only the texts that have no translation yet.
        #[arg(long)]
        missing: bool,
        /// The file to write [default: standard output]. An existing file is replaced only if
        /// minhbach exported it.
        #[arg(long, short)]
        out: Option<PathBuf>,
        /// gettext PO, or XLIFF 2.1 [default: xliff for an --out file ending in .xlf or
        /// .xliff, else po].
        #[arg(long, value_enum)]
        format: Option<TranslationFormat>,
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Write the translations of a PO or XLIFF file into the content files, changing nothing else in
    /// them. Empty and fuzzy entries change nothing; an entry whose source text changed since
    /// the export is reported and left out.
    Import {
        /// The PO or XLIFF file.
        file: PathBuf,
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder.
    Build {
        /// The site's folder (holding content/ and themes/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site (replaced as a whole, only if the build succeeds).
        #[arg(long, short, default_value = "public")]
        output: PathBuf,
        /// Absolute address of the deployed site, for canonical links (overrides site.yaml).
        #[arg(long)]
        base_url: Option<String>,
        /// Do not minify the HTML (easier to read when debugging a theme).
        #[arg(long)]
        no_minify: bool,
    },
    /// Preview the site: serve it on 127.0.0.1 and rebuild it as its files change.
    ///
    /// Open pages reload by themselves when a rebuild has finished, and show the problems over
    /// the page while the content does not build (the last good build stays served).
    Serve {
        /// The site's folder (holding content/ and themes/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The port to listen on (a free one is picked if it is taken; 0 always picks one).
        #[arg(long, default_value_t = minhbach::serve::DEFAULT_PORT)]
        port: u16,
        /// The address to listen on. Anything but 127.0.0.1 shows the preview to the network.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
        /// Watch by polling (every second, comparing contents) instead of file-system
        /// notifications: for network drives and containers where notifications do not arrive.
        #[arg(long)]
        poll: bool,
    },
    /// Load and validate everything, render nothing; list every problem found.
    Check {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Print only the translation status: per language, records and fields translated,
        /// and every missing field, record by record.
        #[arg(long)]
        translations: bool,
    },
    /// Write a new record with every field of its kind, ready to fill in (never overwrites).
    New {
        /// The kind of record.
        kind: minhbach::load::Kind,
        /// The record's id: its file name without extension (e.g. a document's
        /// `1260-qd-ubnd-2024`). Lower-case ASCII letters, digits, `-` and `.`.
        id: Option<String>,
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Create a new portal in DIR (new or empty): configuration, the default theme, one
    /// example of each kind of record, and the schemas and settings for editors. It builds at
    /// once.
    Init { dir: PathBuf },
    /// Exchange translations with translators' tools (Poedit, Weblate, Lokalize, OmegaT,
    /// Crowdin) as gettext PO files.
    Translations {
        #[command(subcommand)]
        action: TranslationsAction,
    },
    /// Write the JSON Schema of each kind of content file, for editors that check YAML as you
    /// type (`procedures.schema.json`, ..., `site.schema.json`).
    ///
    /// They follow the site's languages. Files written before by this command are replaced;
    /// any other file is left alone.
    Schema {
        /// The site's folder (holding content/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write them [default: ROOT/schemas].
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if !matches!(cli.command, Command::Serve { .. }) {
        end_quietly_on_a_closed_pipe();
    }
    match cli.command {
        Command::New { kind, id, root } => {
            match minhbach::scaffold::new_record(&root, kind, id.as_deref()) {
                Ok(files) => {
                    if !cli.quiet {
                        for f in &files {
                            println!("wrote {}", display_path(&root.join(f)));
                        }
                        println!("Fill in the values marked REQUIRED, then run `minhbach check`.");
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => scaffold_failed(&e),
            }
        }
        Command::Init { dir } => match minhbach::scaffold::init(&dir) {
            Ok(files) => {
                if !cli.quiet {
                    println!(
                        "Created a new portal in {} ({} files). Next:\n  cd {}\n  minhbach build\n  git init && git add -A && git commit -m \"New portal\"",
                        display_path(&dir),
                        files.len(),
                        display_path(&dir)
                    );
                }
                ExitCode::SUCCESS
            }
            Err(e) => scaffold_failed(&e),
        },
        Command::Translations { action } => translations(action, cli.quiet),
        Command::Schema { root, out } => {
            let out = out.unwrap_or_else(|| root.join(minhbach::scaffold::SCHEMA_DIR));
            match minhbach::scaffold::write_schemas(&root, &out) {
                Ok(files) => {
                    if !cli.quiet {
                        println!("wrote {} schemas to {}", files.len(), display_path(&out));
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => scaffold_failed(&e),
            }
        }
        Command::Build {
            root,
            output,
            base_url,
            no_minify,
        } => {
            // `--output` is relative to the current directory, like every other tool's.
            let options = BuildOptions {
                root,
                output,
                base_url,
                minify: !no_minify,
                body_end: None,
            };
            match minhbach::build(&options) {
                Ok(summary) => {
                    if !cli.quiet {
                        let per_lang: Vec<String> = summary
                            .pages
                            .iter()
                            .map(|(l, n)| format!("{l} {n}"))
                            .collect();
                        println!(
                            "Built {} pages ({}) into {} in {} ms ({} ms of it the search index): {} files, {} KiB",
                            summary.pages.values().sum::<usize>(),
                            per_lang.join(", "),
                            display_path(&options.output),
                            summary.elapsed.as_millis(),
                            summary.search_index.as_millis(),
                            summary.files,
                            summary.bytes / 1024
                        );
                        for warning in &summary.warnings {
                            eprintln!("note: {warning}");
                        }
                        if let Some(note) = summary.history.note() {
                            println!("note: {note}");
                        }
                    }
                    ExitCode::SUCCESS
                }
                Err(BuildError::Content(diags)) => {
                    eprintln!("{diags}\n");
                    eprintln!(
                        "Build failed: {} problem(s); {} was left as it was.",
                        diags.len(),
                        display_path(&options.output)
                    );
                    ExitCode::FAILURE
                }
                Err(BuildError::Write(e)) => {
                    eprintln!("error: {e}");
                    if let Some(hint) = e.hint() {
                        eprintln!("  = hint: {hint}");
                    }
                    ExitCode::FAILURE
                }
            }
        }
        Command::Serve {
            root,
            port,
            bind,
            open,
            poll,
        } => {
            let options = minhbach::serve::ServeOptions {
                root,
                bind,
                port,
                open,
                poll,
                quiet: cli.quiet,
            };
            match minhbach::serve::serve(&options) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Check { root, translations } => match minhbach::prepare(&root) {
            Ok(prepared) if translations => {
                print_translation_status(&prepared.site);
                ExitCode::SUCCESS
            }
            Ok(prepared) => {
                if !cli.quiet {
                    if let Some(note) = prepared.site.history.status.note() {
                        println!("note: {note}");
                    }
                    let l = &prepared.site.loaded;
                    let counts: Vec<String> = Kind::ALL
                        .into_iter()
                        .map(|k| format!("{} {}", l.records(k).len(), k.folder().replace('-', " ")))
                        .collect();
                    println!("No problems found: {}.", counts.join(", "));
                    let c = &l.config.data;
                    let stale =
                        minhbach::scaffold::stale_schemas(&root, &c.languages, &c.default_language);
                    if !stale.is_empty() {
                        println!(
                            "note: {} in schemas/ no longer match the site (its languages, or this minhbach); editors check files against them: run `minhbach schema`",
                            stale.join(", ")
                        );
                    }
                    println!("\nTranslation coverage:");
                    for c in minhbach::coverage::coverage(&prepared.site) {
                        println!(
                            "  {:<3} {:>5.1}% of text fields ({}/{}), {}/{} records complete",
                            c.lang,
                            c.percent(),
                            c.translated_fields,
                            c.fields,
                            c.translated_records,
                            c.records
                        );
                        if cli.verbose {
                            for m in &c.missing {
                                println!(
                                    "        {}: {}",
                                    display_path(&m.file),
                                    m.fields.join(", ")
                                );
                            }
                        }
                    }
                    for (lang, keys) in minhbach::theme::missing_keys(
                        &prepared.theme,
                        prepared.site.default_language(),
                    ) {
                        println!(
                            "  theme strings missing in {lang}: {}",
                            keys.into_iter().collect::<Vec<_>>().join(", ")
                        );
                    }
                }
                // The process ends here: freeing a national site's records one allocation at a
                // time would only add a few tenths of a second to `check`.
                std::mem::forget(prepared);
                ExitCode::SUCCESS
            }
            Err(diags) => {
                eprintln!("{diags}\n");
                eprintln!("{} problem(s) found.", diags.len());
                ExitCode::FAILURE
            }
        },
    }
}

/// `check --translations`: per language, what is translated, then what is missing, record by
/// record (the default language is the original and has nothing to translate).
fn print_translation_status(site: &minhbach::validate::Site) {
    for c in minhbach::coverage::coverage(site) {
        if c.lang == site.default_language() {
            println!("{}: original language, {} records", c.lang, c.records);
            continue;
        }
        println!(
            "{}: {}/{} records translated, {}/{} text fields ({:.1}%)",
            c.lang,
            c.translated_records,
            c.records,
            c.translated_fields,
            c.fields,
            c.percent()
        );
        for m in &c.missing {
            println!("  {}: {}", display_path(&m.file), m.fields.join(", "));
        }
        if !c.missing.is_empty() {
            println!(
                "  To hand what is missing to a translator: minhbach translations export --lang {} --missing --out {}.po",
                c.lang, c.lang
            );
        }
    }
}

/// The site at `root` as it loads, for the translation commands: they read and write texts of
/// files that load, and say how many files did not.
fn load_for_translations(root: &std::path::Path) -> Option<minhbach::load::LoadedSite> {
    let (site, diags) = minhbach::load::load(root);
    if !diags.is_empty() {
        eprintln!("{diags}\n");
        eprintln!(
            "warning: {} problem(s) in the site: the texts of files that did not load are left out (see `minhbach check`)",
            diags.len()
        );
    }
    if site.is_none() {
        eprintln!("error: the site in {} does not load", display_path(root));
    }
    site
}

fn translations(action: TranslationsAction, quiet: bool) -> ExitCode {
    use minhbach::translations;
    match action {
        TranslationsAction::Export {
            lang,
            missing,
            out,
            format,
            root,
        } => {
            let Some(site) = load_for_translations(&root) else {
                return ExitCode::FAILURE;
            };
            let config = &site.config.data;
            if lang == config.default_language || !config.languages.contains(&lang) {
                eprintln!("error: `{lang}` is not a language to translate into");
                eprintln!(
                    "  = hint: the site's languages are {}; {} is the one texts are written in",
                    config.languages.join(", "),
                    config.default_language
                );
                return ExitCode::FAILURE;
            }
            let entries = translations::export(&site, &lang, missing);
            let project = config.title.default_text(&config.default_language);
            let xliff_name = out
                .as_ref()
                .and_then(|p| p.extension())
                .is_some_and(|e| e.eq_ignore_ascii_case("xlf") || e.eq_ignore_ascii_case("xliff"));
            let format = format.unwrap_or(if xliff_name {
                TranslationFormat::Xliff
            } else {
                TranslationFormat::Po
            });
            let text = match format {
                TranslationFormat::Po => {
                    translations::po::write(&entries, project, &config.default_language, &lang)
                }
                TranslationFormat::Xliff => {
                    translations::xliff::write(&entries, &config.default_language, &lang)
                }
            };
            match out {
                None => {
                    print!("{text}");
                    ExitCode::SUCCESS
                }
                Some(path) => {
                    if minhbach::scaffold::inside_content(&root, &path) {
                        eprintln!(
                            "error: {} is inside content/, where every file must be a record",
                            display_path(&path)
                        );
                        eprintln!("  = hint: write it beside content/, e.g. --out ja.po");
                        return ExitCode::FAILURE;
                    }
                    // Replace only a file this command wrote: never a translator's own work.
                    if let Ok(existing) = std::fs::read_to_string(&path)
                        && !existing.contains("\"X-Generator: minhbach\\n\"")
                        && !existing.contains(translations::xliff::MARK)
                    {
                        eprintln!(
                            "error: {} exists and was not exported by minhbach; it is left as it is",
                            display_path(&path)
                        );
                        eprintln!("  = hint: choose another --out file");
                        return ExitCode::FAILURE;
                    }
                    if let Err(e) = std::fs::write(&path, text) {
                        eprintln!("error: cannot write {}: {e}", display_path(&path));
                        return ExitCode::FAILURE;
                    }
                    if !quiet {
                        let untranslated =
                            entries.iter().filter(|e| e.translation.is_empty()).count();
                        println!(
                            "wrote {} texts to translate into {lang} ({untranslated} without a translation) to {}",
                            entries.len(),
                            display_path(&path)
                        );
                    }
                    ExitCode::SUCCESS
                }
            }
        }
        TranslationsAction::Import { file, root } => {
            let text = match std::fs::read_to_string(&file) {
                // Some tools on Windows begin a file with a byte-order mark.
                Ok(t) => t.strip_prefix('\u{feff}').map(str::to_owned).unwrap_or(t),
                Err(e) => {
                    eprintln!("error: cannot read {}: {e}", display_path(&file));
                    return ExitCode::FAILURE;
                }
            };
            let is_xliff = text.trim_start().starts_with("<?xml") || text.contains("<xliff");
            let parsed = if is_xliff {
                translations::xliff::parse(&text).map(|(lang, entries)| (Some(lang), entries))
            } else {
                translations::po::parse(&text)
                    .map(|entries| (translations::po_language(&text), entries))
            };
            let (lang, entries) = match parsed {
                Ok(parsed) => parsed,
                Err(e) => {
                    eprintln!("error: {}:{}: {}", display_path(&file), e.line, e.message);
                    eprintln!(
                        "  = hint: the file is not a {} file minhbach can read; nothing was imported",
                        if is_xliff { "XLIFF" } else { "PO" }
                    );
                    return ExitCode::FAILURE;
                }
            };
            let Some(lang) = lang else {
                eprintln!(
                    "error: {}: the header names no language (`Language: ja`)",
                    display_path(&file)
                );
                return ExitCode::FAILURE;
            };
            let Some(site) = load_for_translations(&root) else {
                return ExitCode::FAILURE;
            };
            let config = &site.config.data;
            if lang == config.default_language || !config.languages.contains(&lang) {
                eprintln!(
                    "error: {} is in `{lang}`, which is not a language of the site to translate into",
                    display_path(&file)
                );
                return ExitCode::FAILURE;
            }
            match translations::import(&site, &lang, &entries) {
                Ok(report) => {
                    for (context, line, why) in &report.refused {
                        eprintln!(
                            "warning: {}:{line}: not imported: {context}: {why}",
                            display_path(&file)
                        );
                    }
                    if !quiet {
                        for path in &report.written {
                            println!("wrote {}", display_path(&root.join(path)));
                        }
                        let empty = report.skipped.iter().filter(|(_, w)| *w == "empty").count();
                        let fuzzy = report
                            .skipped
                            .iter()
                            .filter(|(_, w)| *w == "marked fuzzy")
                            .count();
                        println!(
                            "Imported {} translations into {lang}; {empty} empty and {fuzzy} fuzzy entries left out, {} not imported. Next: minhbach check",
                            report.translations,
                            report.refused.len()
                        );
                        // What is still to translate or to review, by its context.
                        for (context, why) in &report.skipped {
                            match *why {
                                "marked fuzzy" => println!("  fuzzy: {context}"),
                                "empty" => println!("  empty: {context}"),
                                _ => {}
                            }
                        }
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("error: cannot write the translations: {e}");
                    ExitCode::FAILURE
                }
            }
        }
    }
}

fn scaffold_failed(e: &minhbach::scaffold::ScaffoldError) -> ExitCode {
    eprintln!("error: {e}");
    if let Some(hint) = e.hint() {
        eprintln!("  = hint: {hint}");
    }
    ExitCode::FAILURE
}

/// `minhbach check | head` closes the pipe early: end as other command-line tools do, instead of
/// letting `println!` panic. Rust ignores SIGPIPE by default; this restores the default action.
/// The server keeps Rust's default, so that a browser closing a connection is only an error.
fn end_quietly_on_a_closed_pipe() {
    #[cfg(unix)]
    // SAFETY: setting a signal's disposition to its default before any thread is started.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
