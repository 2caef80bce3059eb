//! Translation coverage: per language, how many records and text fields are translated, and what
//! is missing, record by record.

use crate::model::TextFields;
use crate::text::Text;
use crate::validate::Site;
use std::path::PathBuf;

/// The untranslated fields of one record in one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missing {
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
    let mut records: Vec<(PathBuf, Vec<(String, &Text)>)> = Vec::new();
    for p in l.procedures.iter().chain(&l.internal_procedures) {
        records.push((p.file.path.clone(), p.data.text_fields()));
    }
    for x in &l.channels {
        records.push((x.file.path.clone(), x.data.text_fields()));
    }
    for x in &l.indices {
        records.push((x.file.path.clone(), x.data.text_fields()));
    }
    for x in &l.documents {
        records.push((x.file.path.clone(), x.data.text_fields()));
    }
    site.languages()
        .iter()
        .map(|lang| {
            let mut cov = LanguageCoverage {
                lang: lang.clone(),
                records: 0,
                translated_records: 0,
                fields: 0,
                translated_fields: 0,
                missing: Vec::new(),
            };
            let mut tally = |file: PathBuf, fields: Vec<(String, bool)>| {
                cov.records += 1;
                cov.fields += fields.len();
                let missing: Vec<String> = fields
                    .iter()
                    .filter(|(_, ok)| !ok)
                    .map(|(f, _)| f.clone())
                    .collect();
                cov.translated_fields += fields.len() - missing.len();
                if missing.is_empty() {
                    cov.translated_records += 1;
                } else {
                    cov.missing.push(Missing {
                        file,
                        fields: missing,
                    });
                }
            };
            for (file, fields) in &records {
                tally(
                    file.clone(),
                    fields
                        .iter()
                        .map(|(p, t)| (p.clone(), t.has(lang, default)))
                        .collect(),
                );
            }
            for r in &l.reports {
                let tr = r.translations.get(lang);
                let mut fields: Vec<(String, bool)> = r
                    .meta
                    .data
                    .text_fields()
                    .into_iter()
                    .map(|(p, t)| {
                        let overridden = tr.is_some_and(|t| match p.as_str() {
                            "title" => t.meta.data.title.is_some(),
                            "summary" => t.meta.data.summary.is_some(),
                            "issuer" => t.meta.data.issuer.is_some(),
                            "signer" => t.meta.data.signer.is_some(),
                            _ => false,
                        });
                        (p, overridden || t.has(lang, default))
                    })
                    .collect();
                let body =
                    lang == default || tr.is_some_and(|t| !t.body.markdown.trim().is_empty());
                fields.push(("body".to_owned(), body));
                tally(r.meta.file.path.clone(), fields);
            }
            cov
        })
        .collect()
}
