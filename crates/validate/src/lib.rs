//! Stage 2, **validate**: the checks that need more than one file, and the rules the types alone
//! cannot express. References between records are resolved here; the result is a [`Site`] in
//! which every reference is known to point at a record.

use diagnostics::{Diagnostic, Diagnostics, Position};
use load::{Kind, LoadedSite, Parsed};
use markdown::MarkdownRenderer;
use model::{MenuItem, Procedure, Status, TextFields};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

/// A record that cites a document or report.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Citation {
    pub kind: Kind,
    pub id: String,
}

/// A site whose records have passed every check.
#[derive(Debug, Clone)]
pub struct Site {
    pub loaded: LoadedSite,
    /// For each document or report id, the records that cite it, sorted.
    pub cited_by: BTreeMap<String, Vec<Citation>>,
    /// The sanitised HTML of the body of each record of a Markdown kind, by kind, then by the
    /// record's position, then by language (default language and translations).
    pub bodies: BTreeMap<Kind, Vec<BTreeMap<String, String>>>,
    /// For each record a news item is about (its kind and position), the news items about it
    /// (their positions), newest first.
    pub news_about: BTreeMap<(Kind, usize), Vec<usize>>,
    /// Each record's "last updated" date and change history; filled by
    /// [`pipeline::read_history`], empty until then.
    pub history: history::History,
}

impl Site {
    pub fn languages(&self) -> &[String] {
        &self.loaded.config.data.languages
    }

    pub fn default_language(&self) -> &str {
        &self.loaded.config.data.default_language
    }

    /// The sanitised HTML of the body of the `i`-th record of `kind`, by language; None for a
    /// kind without bodies.
    pub fn bodies(&self, kind: Kind, i: usize) -> Option<&BTreeMap<String, String>> {
        self.bodies.get(&kind)?.get(i)
    }
}

/// Check `loaded` as a whole. Diagnostics from this stage are errors: a site with any is not built.
pub fn validate(loaded: LoadedSite) -> (Site, Diagnostics) {
    let mut diags = Diagnostics::new();
    check_config(&loaded, &mut diags);
    // With no usable set of languages every text would be reported; the one error about
    // `languages` or `default_language` (from check_config) is the one to fix.
    if languages_usable(&loaded.config.data) {
        check_text_languages(&loaded, &mut diags);
    }
    let duplicate_files = check_ids(&loaded, &mut diags);

    // The citable kinds (documents and reports) share one namespace of ids.
    let mut citable: BTreeMap<&str, &std::path::Path> = BTreeMap::new();
    for kind in Kind::ALL.into_iter().filter(|k| k.def().citable) {
        let records = loaded.records(kind);
        for i in 0..records.len() {
            let (id, path) = (records.id(i), records.file(i).path.as_path());
            if let Some(first) = citable.insert(id, path)
                && !duplicate_files.contains(path)
            {
                diags.push(
                    Diagnostic::new(
                        path,
                        format!("the id `{id}` is already used by {}", first.display()),
                    )
                    .hint(format!(
                        "{} share one set of ids; rename one of the files",
                        citable_kinds()
                    )),
                );
            }
        }
    }
    let known: BTreeSet<&str> = citable.keys().copied().collect();

    // Every reference of every record, resolved against the citable ids.
    let mut cited_by: BTreeMap<String, BTreeSet<Citation>> = BTreeMap::new();
    for kind in Kind::ALL {
        let records = loaded.records(kind);
        for i in 0..records.len() {
            records.data(i).visit_references(&mut |path, reference| {
                if known.contains(reference.0.as_str()) {
                    cited_by
                        .entry(reference.0.clone())
                        .or_default()
                        .insert(Citation {
                            kind,
                            id: records.id(i).to_owned(),
                        });
                } else if cited_file_exists(&loaded.root, &reference.0) {
                    // The file is there but did not load: its own error says why, and is the
                    // one to fix. Calling the reference unknown (with a "did you mean") would
                    // mislead.
                } else {
                    let message = format!("unknown reference `{}`", reference.0);
                    let hint = match closest(&reference.0, known.iter().copied()) {
                        Some(near) => format!(
                            "did you mean `{near}`? References name a file in {} without its extension",
                            citable_folders()
                        ),
                        None => format!(
                            "create content/{}/{}.yaml, or correct the id",
                            Kind::Document.folder(),
                            reference.0
                        ),
                    };
                    diags.push(records.error_at(i, &path.to_string(), message).hint(hint));
                }
            });
        }
    }

    for kind in [Kind::Procedure, Kind::InternalProcedure] {
        for p in loaded.procedures_of(kind) {
            check_procedure(kind, p, &mut diags);
            check_procedure_values(p, &mut diags);
        }
    }
    check_addresses(&loaded, &duplicate_files, &mut diags);
    // What `about:` may name, found once for the checks and for `news_about`; a site without
    // news does not index its records for it.
    let about = if loaded.news.is_empty() {
        BTreeMap::new()
    } else {
        about_targets(&loaded)
    };
    check_news(&loaded, &about, &mut diags);
    for r in &loaded.reports {
        if let Err(e) = r.meta.data.period.check() {
            diags.push(r.meta.error_at("period", e));
        }
        check_report_values(&r.meta, &mut diags);
    }
    for index in &loaded.indices {
        let mut years = BTreeSet::new();
        check_index_values(index, &mut diags);
        if index.data.entries.is_empty() {
            diags.push(index.error_at("entries", "an index needs at least one yearly entry"));
        }
        for (i, e) in index.data.entries.iter().enumerate() {
            if !years.insert(e.year) {
                diags.push(index.error_at(
                    &format!("entries[{i}].year"),
                    format!("the year {} is given twice", e.year),
                ));
            }
        }
    }
    for d in &loaded.documents {
        if let Some(url) = &d.data.url {
            check_web_url(d, "url", url, &mut diags);
        }
        check_date_year(d, "date", d.data.date, &mut diags);
        check_date_year(d, "updated", d.data.updated, &mut diags);
    }
    for c in &loaded.channels {
        check_channel_values(c, &mut diags);
    }
    check_units(&loaded, &mut diags);
    check_files(&loaded, &mut diags);

    let news_about = news_about(&loaded, &about);
    let bodies = Kind::ALL
        .into_iter()
        .filter(|k| k.is_markdown())
        .map(|kind| (kind, render_bodies(&loaded, kind, &mut diags)))
        .collect();
    let cited_by = cited_by
        .into_iter()
        .map(|(k, v)| (k, v.into_iter().collect()))
        .collect();
    (
        Site {
            loaded,
            cited_by,
            news_about,
            bodies,
            history: history::History::default(),
        },
        diags,
    )
}

/// The records a news item may be about (`about:`), by the ids it may name them with: a
/// procedure by its code and by its file name, any other record by its file name. Every kind
/// with a list but news itself. An id that names two records maps to both.
pub fn about_targets(loaded: &LoadedSite) -> BTreeMap<&str, Vec<(Kind, usize)>> {
    let mut out: BTreeMap<&str, Vec<(Kind, usize)>> = BTreeMap::new();
    for kind in Kind::ALL
        .into_iter()
        .filter(|k| k.is_listed() && *k != Kind::News)
    {
        let records = loaded.records(kind);
        for i in 0..records.len() {
            let id = records.id(i);
            out.entry(id).or_default().push((kind, i));
            if let Some(code) = records.data(i).code()
                && code != id
            {
                out.entry(code).or_default().push((kind, i));
            }
        }
    }
    out
}

/// A news item's picture is an image (the file itself is checked with every file), and says
/// what it shows in every language of the site: a reader who cannot see it has only that.
fn check_news_image(
    loaded: &LoadedSite,
    item: &Parsed<model::NewsMeta>,
    image: &model::NewsImage,
    diags: &mut Diagnostics,
) {
    for (lang, path) in image.file.paths() {
        let ext = load::content_files::extension(path);
        if model::file_format(&ext).is_some() && !model::IMAGE_EXTENSIONS.contains(&ext.as_str()) {
            let at = match lang {
                Some(lang) => format!("image.file.{lang}"),
                None => "image.file".to_owned(),
            };
            diags.push(
                item.error_at(&at, format!("`{path}` is not a picture"))
                    .hint("a news item's picture is a PNG, JPEG, GIF or WebP image; link a document from the text instead"),
            );
        }
    }
    let default = &loaded.config.data.default_language;
    let given: BTreeSet<&str> = image
        .alt
        .given(default)
        .filter(|(_, text)| !text.trim().is_empty())
        .map(|(lang, _)| lang)
        .collect();
    let missing: Vec<&str> = loaded
        .config
        .data
        .languages
        .iter()
        .map(String::as_str)
        .filter(|lang| !given.contains(lang))
        .collect();
    if !missing.is_empty() {
        diags.push(
            item.error_at("image.alt", format!("the picture's description is missing in {}", missing.join(", ")))
                .hint("people who cannot see the picture hear or read this text instead: say what it shows, in every language of the site"),
        );
    }
}

/// For each record that news items are about, those items, newest first (then by id).
fn news_about(
    loaded: &LoadedSite,
    targets: &BTreeMap<&str, Vec<(Kind, usize)>>,
) -> BTreeMap<(Kind, usize), Vec<usize>> {
    let mut out: BTreeMap<(Kind, usize), Vec<usize>> = BTreeMap::new();
    let mut order: Vec<usize> = (0..loaded.news.len()).collect();
    order.sort_by(|&a, &b| {
        let (x, y) = (&loaded.news[a].meta, &loaded.news[b].meta);
        y.data.date.cmp(&x.data.date).then_with(|| x.id.cmp(&y.id))
    });
    for n in order {
        for id in &loaded.news[n].meta.data.about {
            if let Some([target]) = targets.get(id.as_str()).map(Vec::as_slice) {
                let items = out.entry(*target).or_default();
                if !items.contains(&n) {
                    items.push(n);
                }
            }
        }
    }
    out
}

/// A news item's tags are those of `site.yaml`, and the records it is about exist, each named
/// by one id; the tags of `site.yaml` have distinct ids.
fn check_news(
    loaded: &LoadedSite,
    targets: &BTreeMap<&str, Vec<(Kind, usize)>>,
    diags: &mut Diagnostics,
) {
    let config = &loaded.config;
    let mut tag_ids = BTreeSet::new();
    for (i, tag) in config.data.news_tags.iter().enumerate() {
        // The id is the address of the tag's page: the rule of record ids, without dots.
        let fit = load::check_id(&tag.id).is_ok() && !tag.id.contains('.');
        if !fit {
            diags.push(
                config
                    .error_at(&format!("news_tags[{i}].id"), format!("`{}` cannot be a tag id", tag.id))
                    .hint(format!(
                        "a tag id is its page's address: lower-case ASCII letters, digits and `-`, e.g. `{}`",
                        slug::slugify(&tag.id)
                    )),
            );
        } else if !tag_ids.insert(tag.id.as_str()) {
            diags.push(
                config
                    .error_at(
                        &format!("news_tags[{i}].id"),
                        format!("the tag `{}` is given twice", tag.id),
                    )
                    .hint("give each tag once"),
            );
        }
    }
    for n in &loaded.news {
        let item = &n.meta;
        for (i, tag) in item.data.tags.iter().enumerate() {
            if !tag_ids.contains(tag.as_str()) {
                let hint = match closest(tag, tag_ids.iter().copied()) {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => format!(
                        "add `- {{id: {tag}, name: …}}` to `news_tags` in content/site.yaml, or use one of its tags"
                    ),
                };
                diags.push(
                    item.error_at(&format!("tags[{i}]"), format!("unknown tag `{tag}`"))
                        .hint(hint),
                );
            }
        }
        for (i, id) in item.data.about.iter().enumerate() {
            match targets.get(id.as_str()).map(Vec::as_slice) {
                Some([_]) => {}
                Some(several) => {
                    let kinds: Vec<&str> = several.iter().map(|(k, _)| k.folder()).collect();
                    diags.push(
                        item.error_at(
                            &format!("about[{i}]"),
                            format!("`{id}` names records in {}", kinds.join(" and ")),
                        )
                        .hint("rename one of the files, so that the id names one record"),
                    );
                }
                // The file is there but did not load: its own error is the one to fix.
                None if record_file_exists(&loaded.root, id, |k| {
                    k.is_listed() && k != Kind::News
                }) => {}
                None => {
                    let hint = match closest(id, targets.keys().copied()) {
                        Some(near) => format!("did you mean `{near}`? `about` names a procedure by its code or file name, another record by its file name"),
                        None => "`about` names a procedure by its code or file name, another record (report, index, document, …) by its file name".to_owned(),
                    };
                    diags.push(
                        item.error_at(&format!("about[{i}]"), format!("no record `{id}`"))
                            .hint(hint),
                    );
                }
            }
        }
        check_date_year(item, "date", Some(item.data.date), diags);
        check_date_year(item, "updated", item.data.updated, diags);
        if let Some(image) = &item.data.image {
            check_news_image(loaded, item, image, diags);
        }
    }
}

/// Render the body of every record of the Markdown `kind` once. Rendering is where refused
/// links and dangling footnotes show, so it belongs to validation: `minhbach check` must report
/// them too.
fn render_bodies(
    loaded: &LoadedSite,
    kind: Kind,
    diags: &mut Diagnostics,
) -> Vec<BTreeMap<String, String>> {
    use rayon::prelude::*;
    let renderer = MarkdownRenderer::new();
    let default = loaded.config.data.default_language.as_str();
    let records = loaded.records(kind);
    let results: Vec<(BTreeMap<String, String>, Diagnostics)> = (0..records.len())
        .into_par_iter()
        .map(|i| {
            let mut out = BTreeMap::new();
            let mut diags = Diagnostics::new();
            for (lang, body) in records.bodies(i, default) {
                if body.is_blank() {
                    continue;
                }
                let rendered = renderer.render(&body.markdown, "", markdown::back_label(lang));
                let at = |offset: usize| {
                    let p = Position::from_offset(&body.markdown, offset);
                    Position::new(p.line + body.first_line - 1, p.column)
                };
                // The file's text is not kept after loading: read it again for the source lines,
                // only when there is a problem to show (none if the file changed meanwhile).
                let source = if rendered.refused_links.is_empty() && rendered.missing_footnotes.is_empty() {
                    None
                } else {
                    body.file.text()
                };
                let with_source = |d: Diagnostic| match &source {
                    Some(text) => d.with_source(text),
                    None => d,
                };
                for link in rendered.refused_links {
                    diags.push(
                        with_source(Diagnostic::new(&body.file.path, format!("the link `{}` is not allowed", link.url))
                            .at(at(link.offset)))
                            .hint("links in content must use https://, http://, mailto: or tel:, or be relative"),
                    );
                }
                for (offset, name) in rendered.missing_footnotes {
                    diags.push(
                        with_source(Diagnostic::new(&body.file.path, format!("the footnote `[^{name}]` is never defined"))
                            .at(at(offset)))
                            .hint(format!("add a line `[^{name}]: …` with the note's text")),
                    );
                }
                out.insert(lang.to_owned(), rendered.html);
            }
            (out, diags)
        })
        .collect();
    results
        .into_iter()
        .map(|(bodies, d)| {
            diags.extend(d);
            bodies
        })
        .collect()
}

/// Whether site.yaml's languages can be used to check texts: at least one, the default among
/// them.
pub fn languages_usable(c: &model::SiteConfig) -> bool {
    c.languages.contains(&c.default_language)
}

/// Whether a file of a citable kind named `id` exists, loaded or not. Only ids that could be
/// file names are looked for, so a reference never makes minhbach look outside content/.
fn cited_file_exists(root: &std::path::Path, id: &str) -> bool {
    record_file_exists(root, id, |k| k.def().citable)
}

/// Whether a file named `id` of a kind that `kinds` accepts exists, loaded or not (see
/// [`cited_file_exists`]).
fn record_file_exists(root: &std::path::Path, id: &str, kinds: impl Fn(Kind) -> bool) -> bool {
    if load::check_id(id).is_err() {
        return false;
    }
    let content = root.join(load::CONTENT_DIR);
    Kind::ALL
        .into_iter()
        .filter(|k| kinds(*k))
        .flat_map(|k| {
            let folder = content.join(k.folder());
            k.def()
                .format
                .extensions()
                .iter()
                .map(move |ext| folder.join(format!("{id}.{ext}")))
        })
        .any(|p| std::fs::symlink_metadata(p).is_ok())
}

/// The citable kinds' folders, for hints: `content/reports/ or content/documents/`.
fn citable_folders() -> String {
    let folders: Vec<String> = Kind::ALL
        .into_iter()
        .filter(|k| k.def().citable)
        .map(|k| format!("content/{}/", k.folder()))
        .collect();
    folders.join(" or ")
}

/// The citable kinds' folder names, for hints: `reports and documents`.
fn citable_kinds() -> String {
    let names: Vec<&str> = Kind::ALL
        .into_iter()
        .filter(|k| k.def().citable)
        .map(|k| k.folder())
        .collect();
    names.join(" and ")
}

fn check_config(loaded: &LoadedSite, diags: &mut Diagnostics) {
    let config = &loaded.config;
    let c = &config.data;
    if c.languages.is_empty() {
        diags.push(
            config
                .error_at("languages", "the site needs at least one language")
                .hint(format!(
                    "list the languages, the default first, e.g. `languages: [{}, en]`",
                    c.default_language
                )),
        );
    }
    if c.page_size > MAX_PAGE_SIZE {
        diags.push(
            config
                .error_at(
                    "page_size",
                    format!(
                        "page_size: `{}` records on one page is more than {MAX_PAGE_SIZE}",
                        c.page_size
                    ),
                )
                .hint("a list page of that many records is too large for a phone; leave `page_size` out for the default of 100"),
        );
    }
    if c.page_size == 0 {
        diags.push(
            config
                .error_at(
                    "page_size",
                    "a list page must show at least one record".to_owned(),
                )
                .hint("leave `page_size` out for the default of 100"),
        );
    }
    let mut seen = BTreeSet::new();
    for (i, lang) in c.languages.iter().enumerate() {
        if !seen.insert(lang) {
            diags.push(config.error_at(
                &format!("languages[{i}]"),
                format!("the language `{lang}` is listed twice"),
            ));
        }
        let ok = (2..=3).contains(&lang.len()) && lang.bytes().all(|b| b.is_ascii_lowercase());
        if !ok {
            diags.push(
                config
                    .error_at(
                        &format!("languages[{i}]"),
                        format!("`{lang}` is not a language code"),
                    )
                    .hint("use ISO 639-1 codes: vi, en, ja, zh, ko"),
            );
        }
    }
    if !c.languages.is_empty() && !c.languages.contains(&c.default_language) {
        diags.push(
            config
                .error_at(
                    "default_language",
                    format!(
                        "the default language `{}` is not among the site's languages",
                        c.default_language
                    ),
                )
                .hint(format!(
                    "add it to `languages`, or choose one of them: {}",
                    c.languages.join(", ")
                )),
        );
    }
    if c.limits.max_file_size_mb == 0 {
        diags.push(
            config
                .error_at(
                    "limits.max_file_size_mb",
                    "the file size limit must be at least 1 MB",
                )
                .hint("leave `limits` out for the default of 10 MB"),
        );
    }
    if let Some(url) = &c.base_url {
        check_web_url(config, "base_url", url, diags);
    }
    if let Some(w) = &c.agency.website {
        check_web_url(config, "agency.website", w, diags);
    }
    if let Some(phone) = &c.agency.phone {
        check_phone(config, "agency.phone", phone.trim(), diags);
    }
    if let Some(email) = &c.agency.email {
        check_email(config, "agency.email", email.trim(), diags);
    }
    let menus = c
        .menu
        .iter()
        .flatten()
        .enumerate()
        .map(|(i, item)| ("menu", i, item));
    let footer = c
        .footer
        .iter()
        .enumerate()
        .map(|(i, item)| ("footer", i, item));
    for (list, i, item) in menus.chain(footer) {
        match item {
            MenuItem::Link { url, .. } => {
                check_web_url(config, &format!("{list}[{i}].url"), url, diags)
            }
            MenuItem::Page { page } if !loaded.pages.iter().any(|p| p.meta.id == *page) => {
                let ids = loaded.pages.iter().map(|p| p.meta.id.as_str());
                let hint = match closest(page, ids) {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => format!(
                        "a page item names a file of content/pages without `.md`; add content/pages/{page}.md or remove the item"
                    ),
                };
                diags.push(
                    config
                        .error_at(
                            &format!("{list}[{i}].page"),
                            format!("there is no page `{page}`"),
                        )
                        .hint(hint),
                );
            }
            MenuItem::Page { .. } | MenuItem::Section { .. } => {}
        }
    }
    check_theme_name(loaded, diags);
}

/// `theme:` names a folder of themes/, and nothing else: a path would load templates (and copy
/// static files into the site) from anywhere on the machine.
fn check_theme_name(loaded: &LoadedSite, diags: &mut Diagnostics) {
    let config = &loaded.config;
    let name = &config.data.theme;
    let available = theme::available(&loaded.root);
    let choose = if available.is_empty() {
        "themes/ has no themes; `default` is the theme that comes with minhbach".to_owned()
    } else {
        format!("the themes in themes/ are: {}", available.join(", "))
    };
    let plain = theme::is_plain_name(name);
    let dir = std::path::Path::new("themes").join(name);
    // A link as the theme's folder is reported by the theme's loader (naming the link).
    let exists = plain
        && load::files::check_dir(&loaded.root, &dir)
            .unwrap_or_else(|_| std::fs::symlink_metadata(loaded.root.join(&dir)).is_ok());
    if !plain {
        diags.push(
            config
                .error_at(
                    "theme",
                    format!(
                        "`{name}` is not a theme name: it must be the name of a folder in themes/"
                    ),
                )
                .hint(format!(
                    "write the folder's name alone, without `/`, `\\` or `..`; {choose}"
                )),
        );
    } else if !exists {
        diags.push(
            config
                .error_at("theme", format!("the theme `{name}` is not in themes/"))
                .hint(choose),
        );
    }
}

/// Language codes inside text maps must be the site's, and the default language must be present.
fn check_text_languages(loaded: &LoadedSite, diags: &mut Diagnostics) {
    let c = &loaded.config.data;
    // Paths are made into strings only for the texts that have a problem.
    let check = |record: &dyn TextFields,
                 error_at: &dyn Fn(&str, bool, String) -> Diagnostic,
                 diags: &mut Diagnostics| {
        record.visit_texts(&mut |path, text| {
            for lang in text.languages() {
                if !c.languages.iter().any(|l| l == lang) {
                    diags.push(
                        error_at(
                            &format!("{path}.{lang}"),
                            true,
                            format!("unknown language `{lang}` in `{path}`"),
                        )
                        .hint(format!(
                            "the site's languages are: {}",
                            c.languages.join(", ")
                        )),
                    );
                }
            }
            if text.default_text(&c.default_language).trim().is_empty() {
                diags.push(
                    error_at(
                        &path.to_string(),
                        false,
                        format!(
                            "`{path}` has no text in the default language ({})",
                            c.default_language
                        ),
                    )
                    .hint(format!(
                        "every text needs its `{}:` version; other languages fall back to it",
                        c.default_language
                    )),
                );
            }
        });
    };
    check(
        &loaded.config.data,
        &|path, key, msg| {
            if key {
                loaded.config.error_at_key(path, msg)
            } else {
                loaded.config.error_at(path, msg)
            }
        },
        diags,
    );
    for kind in Kind::ALL {
        let records = loaded.records(kind);
        // In parallel (procedures are most of a large site), their problems kept in file order.
        let found: Vec<Diagnostics> = (0..records.len())
            .into_par_iter()
            .map(|i| {
                let mut found = Diagnostics::new();
                let at = |path: &str, key: bool, msg: String| {
                    if key {
                        records.error_at_key(i, path, msg)
                    } else {
                        records.error_at(i, path, msg)
                    }
                };
                check(records.data(i), &at, &mut found);
                found
            })
            .collect();
        for found in found {
            diags.extend(found);
        }
    }
}

fn check_procedure(kind: Kind, p: &Parsed<Procedure>, diags: &mut Diagnostics) {
    let d = &p.data;
    let public = kind == Kind::Procedure;
    let in_force = d.status == Status::InForce;
    if public && in_force {
        for field in d.missing_when_public() {
            // Point at where the record's mapping starts (after any leading comments).
            diags.push(
                p.error_at("", format!("missing field `{field}`"))
                    .hint("a public procedure in force needs it; see docs/content-model.md"),
            );
        }
    }
    if d.status == Status::Abolished && d.abolished_by.is_none() {
        diags.push(
            p.error_at("status", "an abolished procedure needs `abolished_by`")
                .hint("name the document that abolished it"),
        );
    }
    if in_force && (d.abolished_by.is_some() || d.abolished_on.is_some()) {
        diags.push(
            p.error_at(
                "abolished_by",
                "a procedure in force cannot have an abolishing document",
            )
            .hint("set `status: abolished`, or remove the field"),
        );
    }
    for (i, s) in d.submission.iter().enumerate() {
        if let Some(url) = &s.url {
            check_web_url(p, &format!("submission[{i}].url"), url, diags);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Values: numbers in their ranges, contacts that make working links, ids that make good URLs.
// docs/content-model.md ("Values that are checked") lists the same rules for staff.

// The ranges live in the content model, where its JSON Schemas take them from too.
pub use model::limits::{
    DATE_YEARS, MAX_COPIES, MAX_FEE, MAX_FIGURE, MAX_PAGE_SIZE, MAX_RANKED, MAX_SCALE,
    MAX_WORKING_DAYS, YEARS,
};

/// Record ids that would collide with pages the build writes in every record folder:
/// `index.html` is the folder's list page (so `index` too, on hosts that serve `x` for
/// `x.html`), `page/2/` its continuation pages, `tags/` the news tags' pages. Other generated pages (`search/`, `data/`,
/// `404.html`, the feeds `procedures.xml`) sit beside the record folders, not in them.
pub const RESERVED_IDS: [&str; 3] = ["index", "page", "tags"];

/// Numbers as the error messages show them: as written in YAML.
fn shown(v: f64) -> String {
    if v.is_finite() && v.abs() >= 1e15 {
        // `1e23`, not its 24 digits.
        format!("{v:e}")
    } else {
        model::yaml_float(v)
    }
}

/// The value at `path` of `record` is wrong: the message starts with the field's path, and
/// `hint` says what to write instead, with an example.
fn value_error<T>(record: &Parsed<T>, path: &str, message: String, hint: &str) -> Diagnostic {
    record
        .error_at(path, format!("{path}: {message}"))
        .hint(hint)
}

/// The problem with the number `v` if it is not finite or outside `min..=max`.
fn range_problem(v: f64, min: f64, max: f64) -> Option<String> {
    if !v.is_finite() {
        Some(format!("`{}` is not a number", shown(v)))
    } else if v < min {
        Some(if min == 0.0 {
            format!("`{}` is below zero", shown(v))
        } else {
            format!("`{}` is less than {}", shown(v), shown(min))
        })
    } else if v > max {
        Some(format!("`{}` is more than {}", shown(v), shown(max)))
    } else {
        None
    }
}

fn check_procedure_values(p: &Parsed<Procedure>, diags: &mut Diagnostics) {
    let d = &p.data;
    if let Some(days) = d.processing_time.as_ref().and_then(|t| t.working_days) {
        let problem = range_problem(days, 0.0, MAX_WORKING_DAYS).or_else(|| {
            // Half a day (four working hours) is a term decisions use; other fractions are not.
            ((days * 2.0).fract() != 0.0)
                .then(|| format!("`{}` is not a whole or half number of days", shown(days)))
        });
        if let Some(problem) = problem {
            diags.push(value_error(
                p,
                "processing_time.working_days",
                problem,
                "write the number of working days the decision gives, from 0 to 3650, e.g. `working_days: 15` (0.5 for half a day)",
            ));
        }
    }
    for (i, fee) in d.fees.iter().enumerate() {
        let Some(amount) = fee.amount else { continue };
        let problem = range_problem(amount, 0.0, MAX_FEE).or_else(|| {
            (amount.fract() != 0.0)
                .then(|| format!("`{}` is not a whole number of đồng", shown(amount)))
        });
        if let Some(problem) = problem {
            diags.push(value_error(
                p,
                &format!("fees[{i}].amount"),
                problem,
                "write the fee in đồng as a whole number without dots or spaces, e.g. `amount: 50000`; 0 means free of charge",
            ));
        }
    }
    for (i, item) in d.dossier.iter().enumerate() {
        match item.copies {
            Some(0) => diags.push(value_error(
                p,
                &format!("dossier[{i}].copies"),
                "`0` copies: a document of the dossier is brought at least once".to_owned(),
                "write how many copies to bring, e.g. `copies: 1`, or leave `copies` out if the decision does not say",
            )),
            Some(n) if n > MAX_COPIES => diags.push(value_error(
                p,
                &format!("dossier[{i}].copies"),
                format!("`{n}` copies is more than {MAX_COPIES}"),
                "write how many copies to bring, e.g. `copies: 2`",
            )),
            _ => {}
        }
    }
    for (field, date) in [("abolished_on", d.abolished_on), ("updated", d.updated)] {
        check_date_year(p, field, date, diags);
    }
}

fn check_date_year<T>(
    record: &Parsed<T>,
    path: &str,
    date: Option<model::Date>,
    diags: &mut Diagnostics,
) {
    if let Some(date) = date
        && !DATE_YEARS.contains(&date.year)
    {
        diags.push(value_error(
            record,
            path,
            format!(
                "the year of `{date}` is outside {}–{}",
                DATE_YEARS.start(),
                DATE_YEARS.end()
            ),
            "check the year; dates are written YYYY-MM-DD, e.g. 2024-04-17",
        ));
    }
}

fn check_year<T>(record: &Parsed<T>, path: &str, year: i32, diags: &mut Diagnostics) {
    if !YEARS.contains(&year) {
        diags.push(value_error(
            record,
            path,
            format!(
                "the year `{year}` is outside {}–{}",
                YEARS.start(),
                YEARS.end()
            ),
            "write the year with four digits, e.g. `year: 2024`",
        ));
    }
}

fn check_index_values(index: &Parsed<model::Index>, diags: &mut Diagnostics) {
    let d = &index.data;
    let scale_cap = match d.unit {
        model::IndexUnit::Percent => 100.0,
        model::IndexUnit::Points => MAX_SCALE,
    };
    let scale_problem = if d.scale_max.is_finite() && d.scale_max <= 0.0 {
        Some(format!("`{}` is not above zero", shown(d.scale_max)))
    } else {
        range_problem(d.scale_max, 0.0, scale_cap)
    };
    let scale_ok = scale_problem.is_none();
    if let Some(problem) = scale_problem {
        diags.push(value_error(
            index,
            "scale_max",
            problem,
            "write the highest score the index can give, e.g. `scale_max: 100` (at most 100 for `unit: percent`)",
        ));
    }
    for (i, e) in d.entries.iter().enumerate() {
        check_year(index, &format!("entries[{i}].year"), e.year, diags);
        // Without a valid scale, only what does not need it is checked.
        let max = if scale_ok { d.scale_max } else { f64::INFINITY };
        if let Some(problem) = range_problem(e.score, 0.0, max) {
            let problem = if e.score > max {
                format!(
                    "`{}` is above the scale's top, {}",
                    shown(e.score),
                    shown(max)
                )
            } else {
                problem
            };
            diags.push(value_error(
                index,
                &format!("entries[{i}].score"),
                problem,
                &format!(
                    "write the score as the source gives it, from 0 to `scale_max`, e.g. `score: {}`",
                    if scale_ok { shown(d.scale_max * 0.9) } else { "85.5".to_owned() }
                ),
            ));
        }
        if let Some(out_of) = e.out_of
            && !(1..=MAX_RANKED).contains(&out_of)
        {
            diags.push(value_error(
                index,
                &format!("entries[{i}].out_of"),
                format!("`{out_of}` is not a number of ranked units from 1 to {MAX_RANKED}"),
                "write how many units were ranked, e.g. `out_of: 63` for the provinces",
            ));
        }
        if let Some(rank) = e.rank {
            let top = e.out_of.filter(|n| *n >= 1).unwrap_or(MAX_RANKED);
            if rank == 0 || rank > top {
                let problem = match e.out_of {
                    Some(out_of) if rank > out_of => {
                        format!("rank `{rank}` is beyond the {out_of} units ranked (`out_of`)")
                    }
                    _ if rank == 0 => "rank `0`: ranks start at 1".to_owned(),
                    _ => format!("rank `{rank}` is more than {MAX_RANKED}"),
                };
                diags.push(value_error(
                    index,
                    &format!("entries[{i}].rank"),
                    problem,
                    "write the place in the ranking, 1 for the first, e.g. `rank: 2` with `out_of: 63`",
                ));
            }
        }
        if let Some(change) = e.change {
            let max = if scale_ok { d.scale_max } else { f64::INFINITY };
            if let Some(problem) = range_problem(change, -max, max) {
                diags.push(value_error(
                    index,
                    &format!("entries[{i}].change"),
                    problem,
                    "write the change on the previous year as the source states it, e.g. `change: -1.25`; it cannot exceed the scale",
                ));
            }
        }
    }
    check_date_year(index, "updated", d.updated, diags);
}

fn check_report_values(r: &Parsed<model::ReportMeta>, diags: &mut Diagnostics) {
    let d = &r.data;
    check_year(r, "period.year", d.period.year, diags);
    for (i, k) in d.key_figures.iter().enumerate() {
        if let model::FigureValue::Number(v) = k.value
            && let Some(problem) = range_problem(v, -MAX_FIGURE, MAX_FIGURE)
        {
            diags.push(value_error(
                r,
                &format!("key_figures[{i}].value"),
                problem,
                "write the figure as a number, e.g. `value: 98.5`, or as a quoted text such as `value: \"04/04\"`",
            ));
        }
    }
    check_date_year(r, "date", d.date, diags);
    check_date_year(r, "updated", d.updated, diags);
}

/// Why `raw` cannot be an e-mail address for a `mailto:` link, if it cannot. A plain check of
/// the form people write (`name@agency.gov.vn`), not all of RFC 5322: one `@`, a name of the
/// characters addresses use, a domain with a dot; nothing that would change the link
/// (`?`, `#`, `%` start headers, anchors and escapes in a `mailto:` address).
pub fn email_problem(raw: &str) -> Option<String> {
    if raw.to_ascii_lowercase().starts_with("mailto:") {
        return Some("starts with `mailto:`; write the address alone".to_owned());
    }
    if let Some(c) = raw.chars().find(|c| c.is_whitespace() || c.is_control()) {
        return Some(if c == ' ' {
            "contains a space".to_owned()
        } else {
            "contains a tab, line break or control character".to_owned()
        });
    }
    let Some((local, domain)) = raw.split_once('@') else {
        return Some("has no `@`".to_owned());
    };
    if domain.contains('@') {
        return Some("has more than one `@`".to_owned());
    }
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .chars()
            .all(|c| c.is_alphanumeric() || "!$&'*+-/=^_`{|}~.".contains(c));
    if !local_ok {
        return Some(format!("`{local}` before the `@` is not an address name"));
    }
    let labels: Vec<&str> = domain.split('.').collect();
    let label_ok = |l: &&str| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars().all(|c| c.is_alphanumeric() || c == '-')
    };
    let top_ok = labels
        .last()
        .is_some_and(|t| t.chars().any(|c| !c.is_ascii_digit()));
    if labels.len() < 2 || !labels.iter().all(label_ok) || !top_ok || domain.len() > 253 {
        return Some(format!(
            "`{domain}` after the `@` is not a domain such as `agency.gov.vn`"
        ));
    }
    None
}

/// Split a phone number into the number and its extension (`ext 12`, `x12`, `;ext=12`).
fn split_extension(raw: &str) -> (&str, Option<&str>) {
    let lower = raw.to_ascii_lowercase();
    for marker in [";ext=", "ext.", "ext", "x"] {
        if let Some(at) = lower.find(marker) {
            // `to_ascii_lowercase` keeps byte positions.
            return (&raw[..at], Some(raw[at + marker.len()..].trim()));
        }
    }
    (raw, None)
}

/// Why `raw` cannot be dialled from a `tel:` link, if it cannot. Digits with the separators
/// people write (spaces, `-`, `.`, `(`, `)`), an optional `+` in front, and an optional
/// extension; at least 3 digits (hotlines such as 1022 are short) and at most 15 (the longest
/// international number).
pub fn phone_problem(raw: &str) -> Option<String> {
    let lower = raw.trim().to_ascii_lowercase();
    if lower.starts_with("tel:") {
        return Some("starts with `tel:`; write the number alone".to_owned());
    }
    if lower.contains(':') {
        return Some("is a link, not a phone number".to_owned());
    }
    let (number, extension) = split_extension(raw.trim());
    let digits_only = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if let Some(ext) = extension
        && !((1..=6).contains(&ext.len()) && digits_only(ext))
    {
        return Some(format!("the extension `{ext}` is not 1 to 6 digits"));
    }
    if let Some(c) = number
        .chars()
        .find(|c| !(c.is_ascii_digit() || " +-.()".contains(*c)))
    {
        return Some(if c.is_alphabetic() {
            "contains letters".to_owned()
        } else {
            format!("contains `{c}`, which a phone number cannot have")
        });
    }
    if number
        .trim_start()
        .get(1..)
        .is_some_and(|rest| rest.contains('+'))
    {
        return Some("has a `+` that is not at its start".to_owned());
    }
    let digits = number.bytes().filter(u8::is_ascii_digit).count();
    if digits < 3 {
        return Some("has fewer than 3 digits".to_owned());
    }
    if digits > 15 {
        return Some("has more than 15 digits".to_owned());
    }
    None
}

/// The `tel:` link of a phone number that passed [`phone_problem`]: its digits, the leading
/// `+`, and the extension as RFC 3966 writes it (`tel:+84123456789;ext=12`).
pub fn phone_link(raw: &str) -> Option<String> {
    if phone_problem(raw).is_some() {
        return None;
    }
    let (number, extension) = split_extension(raw.trim());
    let mut link = String::from("tel:");
    if number.trim_start().starts_with('+') {
        link.push('+');
    }
    link.extend(number.chars().filter(char::is_ascii_digit));
    if let Some(ext) = extension {
        link.push_str(";ext=");
        link.push_str(ext);
    }
    Some(link)
}

/// Why `raw` is not a web address (`https://…` or `http://…` with a host), if it is not.
pub fn web_url_problem(raw: &str) -> Option<String> {
    if raw.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Some("contains a space or line break".to_owned());
    }
    match url::Url::parse(raw) {
        Ok(u) if !matches!(u.scheme(), "http" | "https") => {
            Some(format!("uses `{}:`, not https:// or http://", u.scheme()))
        }
        Ok(u) if u.host_str().is_none_or(str::is_empty) => Some("names no web site".to_owned()),
        Ok(_) => None,
        Err(url::ParseError::RelativeUrlWithoutBase) => {
            Some("does not start with https:// or http://".to_owned())
        }
        Err(e) => Some(format!("is not a web address ({e})")),
    }
}

/// A web-address field (`url`, `website`): only http(s) links to a site.
fn check_web_url<T>(record: &Parsed<T>, path: &str, url: &str, diags: &mut Diagnostics) {
    if let Some(problem) = web_url_problem(url) {
        diags.push(value_error(
            record,
            path,
            format!("`{url}` {problem}"),
            "write the full web address, e.g. https://dichvucong.gov.vn/",
        ));
    }
}

fn check_phone<T>(record: &Parsed<T>, path: &str, raw: &str, diags: &mut Diagnostics) {
    if let Some(problem) = phone_problem(raw) {
        diags.push(value_error(
            record,
            path,
            format!("the phone number `{raw}` {problem}"),
            "write the number as people dial it, e.g. '1022', '0123 456 789' or '+84 123 456 789'; an extension as '0123 456 789 ext 12'; one number per contact (others go in `notes`)",
        ));
    }
}

fn check_email<T>(record: &Parsed<T>, path: &str, raw: &str, diags: &mut Diagnostics) {
    if let Some(problem) = email_problem(raw) {
        diags.push(value_error(
            record,
            path,
            format!("the e-mail address `{raw}` {problem}"),
            "write the address alone, e.g. tiepnhan@example.gov.vn",
        ));
    }
}

fn check_channel_values(c: &Parsed<model::Channel>, diags: &mut Diagnostics) {
    use model::ChannelKind;
    let d = &c.data;
    if let Some(contact) = &d.contact {
        let contact = contact.trim();
        match d.kind {
            ChannelKind::Phone => check_phone(c, "contact", contact, diags),
            ChannelKind::Email => check_email(c, "contact", contact, diags),
            ChannelKind::WebForm => check_web_url(c, "contact", contact, diags),
            // A counter or a postal address may give any of the three, or none of them.
            ChannelKind::InPerson | ChannelKind::Postal => {
                let fits = email_problem(contact).is_none()
                    || phone_problem(contact).is_none()
                    || web_url_problem(contact).is_none();
                if !fits {
                    diags.push(value_error(
                        c,
                        "contact",
                        format!("`{contact}` is not a phone number, e-mail address or web address"),
                        "`contact` holds one of those, e.g. '1022'; put other text in `address`, `hours` or `notes`",
                    ));
                }
            }
        }
    }
    check_date_year(c, "updated", d.updated, diags);
}

/// The message of a `unit:` (or `parent:`) that names no unit: `unknown unit `x``. The preview's
/// `revalidate` recognises it, to accept a record that names a unit of the whole site.
pub fn unknown_unit_message(id: &str) -> String {
    format!("unknown unit `{id}`")
}

/// The id an [`unknown_unit_message`] names, if `message` is one.
pub fn unknown_unit_in(message: &str) -> Option<&str> {
    message
        .strip_prefix("unknown unit `")
        .and_then(|rest| rest.strip_suffix('`'))
}

/// A diagnostic for an id at `path` of record `i` of `records` that names no record of `kind`
/// among `known`; none if a file of that id exists but did not load.
#[allow(clippy::too_many_arguments)]
fn unknown_id(
    loaded: &LoadedSite,
    records: &dyn load::RecordList,
    i: usize,
    path: &str,
    kind: Kind,
    id: &str,
    known: &BTreeSet<&str>,
    diags: &mut Diagnostics,
) {
    if known.contains(id) || record_file_exists(&loaded.root, id, |k| k == kind) {
        return;
    }
    let message = match kind {
        Kind::Unit => unknown_unit_message(id),
        _ => format!("unknown {} `{id}`", kind.name()),
    };
    let hint = match closest(id, known.iter().copied()) {
        Some(near) => format!(
            "did you mean `{near}`? A {} is named by its file name in content/{}/ without the extension",
            kind.name(),
            kind.folder()
        ),
        None => format!(
            "create content/{}/{id}.yaml, or correct the id",
            kind.folder()
        ),
    };
    diags.push(records.error_at(i, path, message).hint(hint));
}

/// What names a unit: the `unit:` of procedures and channels, a unit's `parent` (which must not
/// lead back to the unit itself) and the channels of its `contact`.
fn check_units(loaded: &LoadedSite, diags: &mut Diagnostics) {
    let units: BTreeSet<&str> = loaded.units.iter().map(|u| u.id.as_str()).collect();
    let channels: BTreeSet<&str> = loaded.channels.iter().map(|c| c.id.as_str()).collect();
    for kind in [Kind::Procedure, Kind::InternalProcedure] {
        let records = loaded.records(kind);
        for (i, p) in loaded.procedures_of(kind).iter().enumerate() {
            if let Some(unit) = &p.data.unit {
                unknown_id(loaded, records, i, "unit", Kind::Unit, unit, &units, diags);
            }
        }
    }
    for (i, c) in loaded.channels.iter().enumerate() {
        if let Some(unit) = &c.data.unit {
            let records = loaded.records(Kind::Channel);
            unknown_id(loaded, records, i, "unit", Kind::Unit, unit, &units, diags);
        }
    }
    let parents: BTreeMap<&str, &str> = loaded
        .units
        .iter()
        .filter_map(|u| Some((u.id.as_str(), u.data.parent.as_deref()?)))
        .collect();
    let records = loaded.records(Kind::Unit);
    for (i, u) in loaded.units.iter().enumerate() {
        let d = &u.data;
        if let Some(parent) = &d.parent {
            let others: BTreeSet<&str> = units.iter().copied().filter(|x| *x != u.id).collect();
            if *parent == u.id {
                diags.push(
                    u.error_at("parent", format!("the unit `{parent}` cannot be its own parent"))
                        .hint(match closest(parent, others.iter().copied()) {
                            Some(near) => format!("name the unit it belongs to, e.g. `{near}`, or leave `parent` out for a unit directly under the agency"),
                            None => "leave `parent` out for a unit directly under the agency".to_owned(),
                        }),
                );
            } else if !units.contains(parent.as_str()) {
                unknown_id(
                    loaded,
                    records,
                    i,
                    "parent",
                    Kind::Unit,
                    parent,
                    &others,
                    diags,
                );
            } else {
                // Up the parents: back at this unit is a cycle (a unit that only leads into one
                // is reported by the units on it).
                let mut chain = vec![u.id.as_str(), parent.as_str()];
                let mut at = parent.as_str();
                while let Some(&next) = parents.get(at) {
                    if next == u.id || chain.len() > units.len() {
                        break;
                    }
                    chain.push(next);
                    at = next;
                }
                if parents.get(at) == Some(&u.id.as_str()) {
                    chain.push(u.id.as_str());
                    diags.push(
                        u.error_at(
                            "parent",
                            format!("the units' parents go round in a circle: {}", chain.join(" → ")),
                        )
                        .hint("one of these units belongs directly to the agency: leave its `parent` out"),
                    );
                }
            }
        }
        if let Some(contact) = &d.contact {
            for (n, channel) in contact.channels.iter().enumerate() {
                unknown_id(
                    loaded,
                    records,
                    i,
                    &format!("contact.channels[{n}]"),
                    Kind::Channel,
                    channel,
                    &channels,
                    diags,
                );
            }
        }
        check_date_year(u, "updated", d.updated, diags);
    }
}

/// Whether the first bytes of a file (`head`) are those of its type, by its extension; an
/// extension not in [`model::FILE_TYPES`] never agrees. So an HTML page renamed `x.pdf` is not
/// published as a PDF.
pub fn content_agrees(extension: &str, head: &[u8]) -> bool {
    const ZIP: &[u8] = b"PK\x03\x04";
    const OLE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    match extension {
        "pdf" => head.starts_with(b"%PDF-"),
        "docx" | "xlsx" | "odt" | "ods" | "zip" => head.starts_with(ZIP),
        "doc" | "xls" => head.starts_with(OLE),
        "png" => head.starts_with(b"\x89PNG\r\n\x1a\n"),
        "jpg" | "jpeg" => head.starts_with(&[0xFF, 0xD8, 0xFF]),
        "gif" => head.starts_with(b"GIF87a") || head.starts_with(b"GIF89a"),
        "webp" => head.len() >= 12 && head.starts_with(b"RIFF") && &head[8..12] == b"WEBP",
        _ => false,
    }
}

/// The allowed extensions, for hints: `pdf, doc, …`.
fn allowed_extensions() -> String {
    let names: Vec<&str> = model::FILE_TYPES.iter().map(|(ext, _)| *ext).collect();
    names.join(", ")
}

/// The name a `files/<name>` path gives, or the problem with the path: it must name a file
/// directly in content/files/, by a path relative to content/.
pub fn file_name_in(path: &str) -> Result<&str, String> {
    let dir = load::FILES_DIR;
    if path.starts_with('/') || path.starts_with('\\') || path.get(1..2) == Some(":") {
        return Err(format!(
            "`{path}` is an absolute path; a file is named by its place in content/, `{dir}/<name>`"
        ));
    }
    if path.split(['/', '\\']).any(|part| part == "..") {
        return Err(format!(
            "`{path}` leaves content/{dir}/; a file is named `{dir}/<name>`"
        ));
    }
    match path.strip_prefix(&format!("{dir}/")) {
        Some(name) if !name.is_empty() && !name.contains(['/', '\\']) && name != "." => Ok(name),
        _ => Err(format!(
            "`{path}` is not a file in content/{dir}/; a file is named `{dir}/<name>`, e.g. `{dir}/mau-don.pdf`"
        )),
    }
}

/// For each file in content/files/, the records that link it (`form`, `file`), sorted.
pub fn file_users(loaded: &LoadedSite) -> BTreeMap<String, Vec<Citation>> {
    let mut users: BTreeMap<String, BTreeSet<Citation>> = BTreeMap::new();
    for kind in Kind::ALL {
        let records = loaded.records(kind);
        for i in 0..records.len() {
            records.data(i).visit_files(&mut |_, file| {
                for (_, path) in file.paths() {
                    if let Ok(name) = file_name_in(path) {
                        users.entry(name.to_owned()).or_default().insert(Citation {
                            kind,
                            id: records.id(i).to_owned(),
                        });
                    }
                }
            });
        }
    }
    users
        .into_iter()
        .map(|(name, set)| (name, set.into_iter().collect()))
        .collect()
}

/// The files in content/files/ and the records' links to them: only allowed types, whose first
/// bytes agree with their extension; every `form` and `file` names one of them, in a language of
/// the site.
fn check_files(loaded: &LoadedSite, diags: &mut Diagnostics) {
    let dir = load::FILES_DIR;
    for file in loaded.files.values() {
        let ext = file.extension();
        let at = |message: String, hint: String| {
            Diagnostic::new(&file.path, message)
                .at(Position::new(1, 1))
                .hint(hint)
        };
        match model::file_format(&ext) {
            None => diags.push(at(
                format!("`{}`: files of this type cannot be published", file.name),
                format!(
                    "content/{dir}/ takes only {}; a web page, an SVG image or a program could run script on the portal's address: publish it as PDF, or remove it",
                    allowed_extensions()
                ),
            )),
            Some(format) if !content_agrees(&ext, &file.head) => diags.push(at(
                format!(
                    "`{}` is named .{ext} but does not hold a {format} file",
                    file.name
                ),
                "save the file again in its own format (a web page renamed to .pdf is refused), or give it the extension of what it holds".to_owned(),
            )),
            Some(_) => {}
        }
    }
    let languages = &loaded.config.data.languages;
    let names = || loaded.files.keys().map(String::as_str);
    for kind in Kind::ALL {
        let records = loaded.records(kind);
        for i in 0..records.len() {
            records.data(i).visit_files(&mut |field, file| {
                let field = field.to_string();
                // As a text needs its default language, so does a file given per language:
                // the pages of a language without its own file show the default language's.
                let default = &loaded.config.data.default_language;
                if let model::FileRef::ByLanguage(map) = file
                    && !map.contains_key(default)
                {
                    diags.push(
                        records
                            .error_at(i, &field, format!("no file for the default language `{default}`"))
                            .hint(format!(
                                "add `{default}: {dir}/<name>`: pages in a language without its own file link the default language's"
                            )),
                    );
                }
                for (lang, path) in file.paths() {
                    let at = match lang {
                        Some(lang) => format!("{field}.{lang}"),
                        None => field.clone(),
                    };
                    if let Some(lang) = lang
                        && !languages.iter().any(|l| l == lang)
                    {
                        diags.push(
                            records
                                .error_at_key(i, &at, format!("`{lang}` is not a language of the site"))
                                .hint(format!(
                                    "give one file per language of content/site.yaml: {}",
                                    languages.join(", ")
                                )),
                        );
                        continue;
                    }
                    let name = match file_name_in(path) {
                        Ok(name) => name,
                        Err(message) => {
                            let hint = match closest(path.rsplit(['/', '\\']).next().unwrap_or(path), names()) {
                                Some(near) => format!("did you mean `{dir}/{near}`?"),
                                None => format!("put the file into content/{dir}/ and write `{dir}/<name>`"),
                            };
                            diags.push(records.error_at(i, &at, message).hint(hint));
                            continue;
                        }
                    };
                    let ext = load::content_files::extension(name);
                    if model::file_format(&ext).is_none() {
                        diags.push(
                            records
                                .error_at(i, &at, format!("`{path}`: files of this type cannot be published"))
                                .hint(format!(
                                    "link only {}; a web page, an SVG image or a program could run script on the portal's address",
                                    allowed_extensions()
                                )),
                        );
                        continue;
                    }
                    if loaded.files.contains_key(name)
                        || std::fs::symlink_metadata(loaded.root.join(load::CONTENT_DIR).join(dir).join(name)).is_ok()
                    {
                        // There; if it did not load, its own error says why.
                        continue;
                    }
                    let hint = match closest(name, names()) {
                        Some(near) => format!("did you mean `{dir}/{near}`? Files are named by their name in content/{dir}/"),
                        None => format!("put the file into content/{dir}/{name}, or correct the path"),
                    };
                    diags.push(
                        records
                            .error_at(i, &at, format!("there is no file `{path}`"))
                            .hint(hint),
                    );
                }
            });
        }
    }
}

/// The problem with a record's id as a URL segment, beyond what loading checks (characters,
/// length): a reserved name, or a dot anywhere but in a national procedure code.
pub fn id_problem(id: &str) -> Option<String> {
    if RESERVED_IDS.contains(&id) || id.starts_with("index.") {
        return Some(format!(
            "`{id}` is the name of a page the build makes in every record folder"
        ));
    }
    if id.contains('.') {
        let code_like = id.split_once('.').is_some_and(|(a, b)| {
            !a.is_empty()
                && !b.is_empty()
                && a.bytes().all(|c| c.is_ascii_digit())
                && b.bytes().all(|c| c.is_ascii_digit())
        });
        if !code_like {
            return Some(format!(
                "`{id}` has a dot: web servers would take the part after it for a file type"
            ));
        }
    }
    None
}

/// Codes are unique across kinds, and no two records of a kind share a page address (which a
/// kind addressed by code could give: a code equal to another record's file name).
fn check_addresses(
    loaded: &LoadedSite,
    duplicate_files: &BTreeSet<std::path::PathBuf>,
    diags: &mut Diagnostics,
) {
    let mut codes: BTreeMap<&str, &std::path::Path> = BTreeMap::new();
    for kind in Kind::ALL {
        let records = loaded.records(kind);
        let mut slugs: BTreeMap<&str, &str> = BTreeMap::new();
        for i in 0..records.len() {
            let path = records.file(i).path.as_path();
            // A second file with the same id (`x.yml` beside `x.yaml`) is reported as such.
            let mut duplicate_code = duplicate_files.contains(path);
            if let Some(code) = records.data(i).code()
                && let Some(first) = codes.insert(code, path)
                && !duplicate_code
            {
                duplicate_code = true;
                diags.push(
                    records
                        .error_at(i, "code", format!("the code {code} is also used by {}", first.display()))
                        .hint("national codes are unique; check the code against the published decision"),
                );
            }
            let slug = loaded.record_slug(kind, i);
            // Two records with one URL: already reported above when it is because of the code.
            if let Some(other) = slugs.insert(slug, records.id(i))
                && !duplicate_code
            {
                diags.push(
                    records
                        .error_at(i, "code", format!("this record's URL `{}/{slug}/` is also that of the record `{other}`", kind.folder()))
                        .hint("a record without a code takes its file name as URL; rename one of the files"),
                );
            }
        }
    }
}

/// Ids that make bad URLs, and two files of one folder with the same id (`a.yaml`, `a.yml`),
/// whose pages would overwrite each other. A problem of the file name: at the file's start.
/// Returns the second files of such pairs, whose other duplicate checks would repeat the cause.
fn check_ids(loaded: &LoadedSite, diags: &mut Diagnostics) -> BTreeSet<std::path::PathBuf> {
    let mut duplicates = BTreeSet::new();
    let at_start = |path: &std::path::Path, message: String| {
        Diagnostic::new(path, message).at(Position::new(1, 1))
    };
    for kind in Kind::ALL {
        let records = loaded.records(kind);
        let mut seen: BTreeMap<&str, &std::path::Path> = BTreeMap::new();
        for i in 0..records.len() {
            let (id, path) = (records.id(i), records.file(i).path.as_path());
            if let Some(problem) = id_problem(id) {
                diags.push(
                    at_start(path, format!("the file name {problem}")).hint(rename_hint(id, path)),
                );
            } else if !kind.is_listed() && kind::is_taken_at_top(id) {
                let d = at_start(
                    path,
                    format!("the file name `{id}` is the address of one of the portal's own pages, /<language>/{id}/"),
                )
                .hint("rename the file after what the page is about, e.g. `gioi-thieu.md`");
                diags.push(match records.file(i).text() {
                    Some(text) => d.with_source(&text),
                    None => d,
                });
            }
            if let Some(first) = seen.insert(id, path) {
                duplicates.insert(path.to_owned());
                diags.push(
                    at_start(
                        path,
                        format!(
                            "`{}` and `{}` are one record id, `{id}`: their pages in {}/ would overwrite each other",
                            diagnostics::display_path(first),
                            diagnostics::display_path(path),
                            kind.folder(),
                        ),
                    )
                    .hint("keep one of the two files"),
                );
            }
        }
    }
    duplicates
}

/// A new name for a file whose id cannot be used.
fn rename_hint(id: &str, path: &std::path::Path) -> String {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("yaml");
    let rules = "ids are lower-case letters, digits and `-`, with a dot only in a procedure code such as 2.002311";
    let folded = slug::slugify(id.replace('.', "-"));
    if RESERVED_IDS.contains(&id) || id.starts_with("index.") || folded.is_empty() {
        format!("rename the file after what the record is, e.g. `tiep-cong-dan.{ext}`; {rules}")
    } else {
        format!("rename the file, e.g. to `{folded}.{ext}`; {rules}")
    }
}

/// The known id nearest to `wanted`, if it is close enough to be a likely typo.
fn closest<'a>(wanted: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .map(|c| (edit_distance(wanted, c), c))
        .filter(|(d, c)| *d <= (c.len().max(wanted.len()) / 3).max(2))
        .min()
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_near_ids_only() {
        let ids = ["1260-qd-ubnd-2024", "4323-qd-ubnd-2024"];
        assert_eq!(
            closest("1260-qd-ubnd-2023", ids.into_iter()),
            Some("1260-qd-ubnd-2024")
        );
        assert_eq!(closest("completely-else", ids.into_iter()), None);
    }

    #[test]
    fn email_addresses_are_checked_before_they_become_mailto_links() {
        for ok in [
            "tiepnhan@example.gov.vn",
            "a.b-c+d@sub.example.vn",
            "x@xn--b-2ga.vn",
        ] {
            assert_eq!(email_problem(ok), None, "{ok}");
        }
        for (bad, why) in [
            ("mailto:a@example.vn", "mailto:"),
            ("MAILTO:a@example.vn", "mailto:"),
            ("a b@example.vn", "space"),
            ("a@b@example.vn", "more than one"),
            ("example.vn", "no `@`"),
            ("a@localhost", "domain"),
            ("a@example.", "domain"),
            ("a@-x.vn", "domain"),
            ("a@1.2.3.4", "domain"),
            ("@example.vn", "address name"),
            (".a@example.vn", "address name"),
            ("a..b@example.vn", "address name"),
            ("a?cc=x@example.vn", "address name"),
            ("a#b@example.vn", "address name"),
            ("a\n@example.vn", "line break"),
        ] {
            let problem = email_problem(bad).unwrap_or_else(|| panic!("{bad} passed"));
            assert!(problem.contains(why), "{bad}: {problem}");
        }
    }

    #[test]
    fn phone_numbers_are_checked_before_they_become_tel_links() {
        for (ok, link) in [
            ("1022", "tel:1022"),
            ("113", "tel:113"),
            ("0123 456 789", "tel:0123456789"),
            ("+84 (123) 456-789", "tel:+84123456789"),
            ("0123.456.789", "tel:0123456789"),
            ("0123 456 789 ext 12", "tel:0123456789;ext=12"),
            ("0123 456 789 ext. 12", "tel:0123456789;ext=12"),
            ("0123456789x7", "tel:0123456789;ext=7"),
            ("0123456789;ext=7", "tel:0123456789;ext=7"),
        ] {
            assert_eq!(phone_problem(ok), None, "{ok}");
            assert_eq!(phone_link(ok).as_deref(), Some(link), "{ok}");
        }
        for (bad, why) in [
            ("tel:1022", "tel:"),
            ("javascript:alert(1)", "link"),
            ("12", "fewer than 3"),
            ("1234567890123456", "more than 15"),
            ("call 1022", "letters"),
            ("1022 ext", "extension"),
            ("1022 ext 1234567", "extension"),
            ("0123/456", "`/`"),
            ("84+123456", "`+`"),
        ] {
            let problem = phone_problem(bad).unwrap_or_else(|| panic!("{bad} passed"));
            assert!(problem.contains(why), "{bad}: {problem}");
            assert_eq!(phone_link(bad), None, "{bad}");
        }
    }

    #[test]
    fn web_addresses_are_http_or_https_with_a_host() {
        for ok in ["https://dichvucong.gov.vn/", "http://example.vn/a?b=1#c"] {
            assert_eq!(web_url_problem(ok), None, "{ok}");
        }
        for (bad, why) in [
            ("mailto:a@example.vn", "`mailto:`"),
            ("tel:1022", "`tel:`"),
            ("javascript:alert(1)", "`javascript:`"),
            ("ftp://example.vn/", "`ftp:`"),
            ("example.vn/page", "does not start"),
            ("/vi/data/", "does not start"),
            ("https://exa mple.vn/", "space"),
            ("https://", "not a web address"),
        ] {
            let problem = web_url_problem(bad).unwrap_or_else(|| panic!("{bad} passed"));
            assert!(problem.contains(why), "{bad}: {problem}");
        }
    }

    #[test]
    fn ids_that_collide_with_generated_pages_or_have_dots_are_refused() {
        for ok in [
            "2.002311",
            "tong-dai-1022",
            "1260-qd-ubnd-2024",
            "index-of-laws",
            "pages",
        ] {
            assert_eq!(id_problem(ok), None, "{ok}");
        }
        for (bad, why) in [
            ("index", "a page the build makes"),
            ("index.html", "a page the build makes"),
            ("page", "a page the build makes"),
            ("report.pdf", "dot"),
            ("a.b", "dot"),
            ("2.002311.1", "dot"),
        ] {
            let problem = id_problem(bad).unwrap_or_else(|| panic!("{bad} passed"));
            assert!(problem.contains(why), "{bad}: {problem}");
        }
    }

    #[test]
    fn numbers_are_finite_and_in_range() {
        assert_eq!(range_problem(3.0, 0.0, 10.0), None);
        assert!(
            range_problem(f64::NAN, 0.0, 10.0)
                .unwrap()
                .contains("`.nan`")
        );
        assert!(
            range_problem(f64::INFINITY, 0.0, 10.0)
                .unwrap()
                .contains("`.inf`")
        );
        assert!(
            range_problem(f64::NEG_INFINITY, 0.0, 10.0)
                .unwrap()
                .contains("`-.inf`")
        );
        assert!(
            range_problem(-1.0, 0.0, 10.0)
                .unwrap()
                .contains("below zero")
        );
        assert!(range_problem(1e23, 0.0, 10.0).unwrap().contains("`1e23`"));
    }
}
