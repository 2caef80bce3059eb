//! Stage 2, **validate**: the checks that need more than one file, and the rules the types alone
//! cannot express. References between records are resolved here; the result is a [`Site`] in
//! which every reference is known to point at a record.

use crate::diagnostics::{Diagnostic, Diagnostics, Position};
use crate::load::{Kind, LoadedSite, Parsed};
use crate::markdown::MarkdownRenderer;
use crate::model::{MenuItem, Procedure, Reference, Status, TextFields};
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
    /// The sanitised HTML of each report's body, by language (default language and translations).
    pub report_bodies: Vec<BTreeMap<String, String>>,
    /// Each record's "last updated" date and change history; filled by [`crate::history::read`]
    /// (in [`crate::prepare`]), empty until then.
    pub history: crate::history::History,
}

impl Site {
    pub fn languages(&self) -> &[String] {
        &self.loaded.config.data.languages
    }

    pub fn default_language(&self) -> &str {
        &self.loaded.config.data.default_language
    }
}

/// Check `loaded` as a whole. Diagnostics from this stage are errors: a site with any is not built.
pub fn validate(loaded: LoadedSite) -> (Site, Diagnostics) {
    let mut diags = Diagnostics::new();
    check_config(&loaded, &mut diags);
    check_text_languages(&loaded, &mut diags);

    // Documents and reports share one namespace of citable ids.
    let mut citable: BTreeMap<&str, &std::path::Path> = BTreeMap::new();
    for (id, path) in loaded
        .documents
        .iter()
        .map(|d| (d.id.as_str(), d.file.path.as_path()))
        .chain(
            loaded
                .reports
                .iter()
                .map(|r| (r.meta.id.as_str(), r.meta.file.path.as_path())),
        )
    {
        if let Some(first) = citable.insert(id, path) {
            diags.push(
                Diagnostic::new(
                    path,
                    format!("the id `{id}` is already used by {}", first.display()),
                )
                .hint("documents and reports share one set of ids; rename one of the files"),
            );
        }
    }
    let known: BTreeSet<&str> = citable.keys().copied().collect();

    let mut cited_by: BTreeMap<String, BTreeSet<Citation>> = BTreeMap::new();
    let mut resolve = |record: &dyn RecordRef,
                       path: &str,
                       reference: &Reference,
                       diags: &mut Diagnostics| {
        if known.contains(reference.0.as_str()) {
            cited_by
                .entry(reference.0.clone())
                .or_default()
                .insert(Citation {
                    kind: record.kind(),
                    id: record.id().to_owned(),
                });
        } else {
            let mut d = record.error_at(path, format!("unknown reference `{}`", reference.0));
            d = d.hint(match closest(&reference.0, known.iter().copied()) {
                Some(near) => format!("did you mean `{near}`? References name a file in content/documents/ or content/reports/ without its extension"),
                None => format!("create content/documents/{}.yaml, or correct the id", reference.0),
            });
            diags.push(d);
        }
    };

    let mut codes: BTreeMap<&str, &std::path::Path> = BTreeMap::new();
    for (kind, list) in [
        (Kind::Procedure, &loaded.procedures),
        (Kind::InternalProcedure, &loaded.internal_procedures),
    ] {
        let mut slugs: BTreeMap<String, &str> = BTreeMap::new();
        for p in list {
            let rec = Rec { kind, parsed: p };
            check_procedure(kind, p, &mut diags);
            let mut duplicate_code = false;
            if let Some(code) = &p.data.code
                && let Some(first) = codes.insert(&code.0, &p.file.path)
            {
                duplicate_code = true;
                diags.push(
                        p.error_at("code", format!("the procedure code {} is also used by {}", code.0, first.display()))
                            .hint("national procedure codes are unique; check the code against the published decision"),
                    );
            }
            let slug = procedure_slug(p);
            // Two records with one URL: already reported above when it is because of the code.
            if let Some(other) = slugs.insert(slug.clone(), &p.id)
                && !duplicate_code
            {
                diags.push(
                    p.error_at("code", format!("this procedure's URL `{}/{slug}/` is also that of the record `{other}`", kind.folder()))
                        .hint("a procedure without a code takes its file name as URL; rename one of the files"),
                );
            }
            for (i, r) in p.data.legal_basis.iter().enumerate() {
                resolve(&rec, &format!("legal_basis[{i}]"), r, &mut diags);
            }
            if let Some(r) = &p.data.published_by {
                resolve(&rec, "published_by", r, &mut diags);
            }
            if let Some(r) = &p.data.abolished_by {
                resolve(&rec, "abolished_by", r, &mut diags);
            }
        }
    }
    for r in &loaded.reports {
        let rec = Rec {
            kind: Kind::Report,
            parsed: &r.meta,
        };
        if let Err(e) = r.meta.data.period.check() {
            diags.push(r.meta.error_at("period", e));
        }
        for (i, c) in r.meta.data.cites.iter().enumerate() {
            resolve(&rec, &format!("cites[{i}]"), c, &mut diags);
        }
    }
    for index in &loaded.indices {
        let rec = Rec {
            kind: Kind::Index,
            parsed: index,
        };
        let mut years = BTreeSet::new();
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
            if e.score < 0.0 || e.score > index.data.scale_max {
                diags.push(index.error_at(
                    &format!("entries[{i}].score"),
                    format!(
                        "the score {} is outside the scale 0–{}",
                        e.score, index.data.scale_max
                    ),
                ));
            }
            if let (Some(rank), Some(out_of)) = (e.rank, e.out_of)
                && (rank == 0 || rank > out_of)
            {
                diags.push(index.error_at(
                    &format!("entries[{i}].rank"),
                    format!("rank {rank} is not between 1 and {out_of}"),
                ));
            }
            if let Some(s) = &e.source {
                resolve(&rec, &format!("entries[{i}].source"), s, &mut diags);
            }
        }
    }
    for d in &loaded.documents {
        if let Some(url) = &d.data.url {
            check_url(d, "url", url, &mut diags);
        }
    }

    let report_bodies = render_report_bodies(&loaded, &mut diags);
    let cited_by = cited_by
        .into_iter()
        .map(|(k, v)| (k, v.into_iter().collect()))
        .collect();
    (
        Site {
            loaded,
            cited_by,
            report_bodies,
            history: crate::history::History::default(),
        },
        diags,
    )
}

/// Render every report body once. Rendering is where refused links and dangling footnotes show,
/// so it belongs to validation: `minhbach check` must report them too.
fn render_report_bodies(
    loaded: &LoadedSite,
    diags: &mut Diagnostics,
) -> Vec<BTreeMap<String, String>> {
    use rayon::prelude::*;
    let renderer = MarkdownRenderer::new();
    let default = loaded.config.data.default_language.as_str();
    let results: Vec<(BTreeMap<String, String>, Diagnostics)> = loaded
        .reports
        .par_iter()
        .map(|r| {
            let mut out = BTreeMap::new();
            let mut diags = Diagnostics::new();
            let bodies = std::iter::once((default, &r.body))
                .chain(r.translations.iter().map(|(lang, t)| (lang.as_str(), &t.body)));
            for (lang, body) in bodies {
                if body.markdown.trim().is_empty() {
                    continue;
                }
                let rendered = renderer.render(&body.markdown, "", crate::markdown::back_label(lang));
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

/// The URL segment of a procedure: its national code where it has one, else its file id.
pub fn procedure_slug(p: &Parsed<Procedure>) -> String {
    p.data
        .code
        .as_ref()
        .map_or_else(|| p.id.clone(), |c| c.0.clone())
}

/// What the reference resolver needs to know of the citing record.
trait RecordRef {
    fn kind(&self) -> Kind;
    fn id(&self) -> &str;
    fn error_at(&self, path: &str, message: String) -> Diagnostic;
}

struct Rec<'a, T> {
    kind: Kind,
    parsed: &'a Parsed<T>,
}

impl<T> RecordRef for Rec<'_, T> {
    fn kind(&self) -> Kind {
        self.kind
    }
    fn id(&self) -> &str {
        &self.parsed.id
    }
    fn error_at(&self, path: &str, message: String) -> Diagnostic {
        self.parsed.error_at(path, message)
    }
}

fn check_config(loaded: &LoadedSite, diags: &mut Diagnostics) {
    let config = &loaded.config;
    let c = &config.data;
    if c.languages.is_empty() {
        diags.push(config.error_at("languages", "the site needs at least one language"));
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
    if !c.languages.contains(&c.default_language) {
        diags.push(
            config
                .error_at(
                    "default_language",
                    format!(
                        "the default language `{}` is not among the site's languages",
                        c.default_language
                    ),
                )
                .hint("add it to `languages`"),
        );
    }
    if let Some(url) = &c.base_url
        && !(url.starts_with("https://") || url.starts_with("http://"))
    {
        diags.push(
            config
                .error_at("base_url", format!("`{url}` is not an http(s) address"))
                .hint("e.g. https://example.gov.vn/"),
        );
    }
    if let Some(w) = &c.agency.website {
        check_url(config, "agency.website", w, diags);
    }
    for (i, item) in c.menu.iter().flatten().enumerate() {
        if let MenuItem::Link { url, .. } = item {
            check_url(config, &format!("menu[{i}].url"), url, diags);
        }
    }
    if !loaded.root.join("themes").join(&c.theme).is_dir() {
        diags.push(
            config
                .error_at(
                    "theme",
                    format!("the theme `{}` is not in themes/", c.theme),
                )
                .hint("`default` is the theme that comes with minhbach"),
        );
    }
}

/// Links written in content may only use web, mail and phone schemes.
fn check_url<T>(record: &Parsed<T>, path: &str, url: &str, diags: &mut Diagnostics) {
    if !crate::markdown::is_safe_url(url) || url.starts_with('/') || url.starts_with('#') {
        diags.push(
            record
                .error_at(path, format!("`{url}` is not an allowed link"))
                .hint("links in content must start with https://, http://, mailto: or tel:"),
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
    fn at<T>(p: &Parsed<T>) -> impl Fn(&str, bool, String) -> Diagnostic + '_ {
        move |path, key, msg| {
            if key {
                p.error_at_key(path, msg)
            } else {
                p.error_at(path, msg)
            }
        }
    }
    check(&loaded.config.data, &at(&loaded.config), diags);
    // Procedures in parallel (they are most of a large site), their problems kept in file order.
    let procedures: Vec<&Parsed<Procedure>> = loaded
        .procedures
        .iter()
        .chain(&loaded.internal_procedures)
        .collect();
    let found: Vec<Diagnostics> = procedures
        .par_iter()
        .map(|p| {
            let mut found = Diagnostics::new();
            check(&p.data, &at(p), &mut found);
            found
        })
        .collect();
    for found in found {
        diags.extend(found);
    }
    for x in &loaded.channels {
        check(&x.data, &at(x), diags);
    }
    for x in &loaded.reports {
        check(&x.meta.data, &at(&x.meta), diags);
    }
    for x in &loaded.indices {
        check(&x.data, &at(x), diags);
    }
    for x in &loaded.documents {
        check(&x.data, &at(x), diags);
    }
}

fn check_procedure(kind: Kind, p: &Parsed<Procedure>, diags: &mut Diagnostics) {
    let d = &p.data;
    let public = kind == Kind::Procedure;
    let in_force = d.status == Status::InForce;
    let mut require = |present: bool, field: &str| {
        if !present {
            // Point at where the record's mapping starts (after any leading comments).
            diags.push(
                p.error_at("", format!("missing field `{field}`"))
                    .hint("a public procedure in force needs it; see docs/content-model.md"),
            );
        }
    };
    if public && in_force {
        require(d.code.is_some(), "code");
        require(d.online_level.is_some(), "online_level");
        require(d.field.is_some(), "field");
        require(d.level.is_some(), "level");
        require(d.implementing_agency.is_some(), "implementing_agency");
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
            check_url(p, &format!("submission[{i}].url"), url, diags);
        }
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
}
