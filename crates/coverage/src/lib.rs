//! Translation coverage: per language, how many records and text fields are translated, and what
//! is missing, record by record.

use load::Kind;
use rayon::prelude::*;
use std::path::PathBuf;
use text::Text;
use validate::Site;

/// The untranslated fields of one record in one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missing {
    /// The record: its kind and position in the site's list of that kind.
    pub kind: Kind,
    pub index: usize,
    pub file: PathBuf,
    pub fields: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LanguageCoverage {
    pub lang: String,
    pub records: usize,
    pub translated_records: usize,
    pub fields: usize,
    pub translated_fields: usize,
    pub missing: Vec<Missing>,
}

impl LanguageCoverage {
    pub fn percent(&self) -> f64 {
        if self.fields == 0 {
            100.0
        } else {
            100.0 * self.translated_fields as f64 / self.fields as f64
        }
    }
}

/// Coverage of every language of `site` (the default language is complete by definition).
pub fn coverage(site: &Site) -> Vec<LanguageCoverage> {
    let l = &site.loaded;
    let default = site.default_language();
    type Record<'a> = ((Kind, usize), PathBuf, Vec<(String, &'a Text)>);
    let mut records: Vec<Record> = Vec::new();
    // A Markdown kind is translated by a file a language, counted below with its body.
    for kind in Kind::ALL.into_iter().filter(|k| !k.is_markdown()) {
        let list = l.records(kind);
        for i in 0..list.len() {
            records.push((
                (kind, i),
                list.file(i).path.clone(),
                list.data(i).text_fields(),
            ));
        }
    }
    // Languages are independent: count them in parallel (a national site has a million fields).
    site.languages()
        .par_iter()
        .map(|lang| {
            let mut cov = LanguageCoverage {
                lang: lang.clone(),
                records: 0,
                translated_records: 0,
                fields: 0,
                translated_fields: 0,
                missing: Vec::new(),
            };
            let mut tally =
                // Names and paths are copied only for what is missing, which is rare.
                |(kind, index): (Kind, usize), file: &PathBuf, fields: &[(&str, bool)]| {
                    cov.records += 1;
                    cov.fields += fields.len();
                    let missing: Vec<String> = fields
                        .iter()
                        .filter(|(_, ok)| !ok)
                        .map(|(f, _)| (*f).to_owned())
                        .collect();
                    cov.translated_fields += fields.len() - missing.len();
                    if missing.is_empty() {
                        cov.translated_records += 1;
                    } else {
                        cov.missing.push(Missing {
                            kind,
                            index,
                            file: file.clone(),
                            fields: missing,
                        });
                    }
                };
            let mut flags: Vec<(&str, bool)> = Vec::new();
            for (record, file, fields) in &records {
                flags.clear();
                flags.extend(
                    fields
                        .iter()
                        .map(|(p, t)| (p.as_str(), t.has(lang, default))),
                );
                tally(*record, file, &flags);
            }
            // A Markdown kind's texts may come from the language's translation file, and its
            // body is one more field.
            for kind in Kind::ALL.into_iter().filter(|k| k.is_markdown()) {
                let list = l.records(kind);
                for i in 0..list.len() {
                    let mut fields: Vec<(String, bool)> = (list.data(i).text_fields().into_iter())
                        .map(|(p, t)| {
                            let ok = list.translated(i, lang, &p).is_some() || t.has(lang, default);
                            (p, ok)
                        })
                        .collect();
                    let body = lang == default
                        || (list.bodies(i, default).into_iter())
                            .any(|(l, b)| l == lang && !b.is_blank());
                    fields.push(("body".to_owned(), body));
                    let flags: Vec<(&str, bool)> =
                        fields.iter().map(|(p, ok)| (p.as_str(), *ok)).collect();
                    tally((kind, i), &list.file(i).path, &flags);
                }
            }
            cov
        })
        .collect()
}
