//! What the translation status page (`translation_status`) shows: the coverage of every
//! language, and what is missing, record by record, with links in the reader's language.

use coverage::LanguageCoverage;
use load::Kind;
use plan::record_path;
use serde::Serialize;
use std::collections::BTreeMap;
use validate::Site;

/// One language's line of the status table.
#[derive(Debug, Clone, Serialize)]
pub struct LanguageStatus {
    pub lang: String,
    pub is_default: bool,
    pub records: usize,
    pub translated_records: usize,
    pub fields: usize,
    pub translated_fields: usize,
    /// Rounded down to a whole percent, so that 99.6 % is never shown as complete.
    pub percent: u32,
    pub missing: Vec<MissingView>,
}

/// A record not fully translated into a language.
#[derive(Debug, Clone, Serialize)]
pub struct MissingView {
    /// Site-relative URL of the record's page in the reader's language.
    pub url: String,
    /// The record's title in the reader's language.
    pub title: String,
    pub fields: Vec<String>,
}

/// The status of every language, for a page in `lang`; `coverage` is
/// [`coverage::coverage`] of the site (the same for every language, so made once) and
/// `titles` are the record titles of that language's pages.
pub fn translation_status(
    site: &Site,
    coverage: &[LanguageCoverage],
    lang: &str,
    titles: &BTreeMap<(Kind, usize), String>,
) -> Vec<LanguageStatus> {
    coverage
        .iter()
        .map(|c| {
            let percent = (c.translated_fields * 100)
                .checked_div(c.fields)
                .map_or(100, |p| p as u32);
            LanguageStatus {
                is_default: c.lang == site.default_language(),
                records: c.records,
                translated_records: c.translated_records,
                fields: c.fields,
                translated_fields: c.translated_fields,
                percent,
                missing: c
                    .missing
                    .iter()
                    .map(|m| MissingView {
                        url: format!("{lang}/{}", record_path(site, m.kind, m.index)),
                        title: titles.get(&(m.kind, m.index)).cloned().unwrap_or_default(),
                        fields: m.fields.clone(),
                    })
                    .collect(),
                lang: c.lang.clone(),
            }
        })
        .collect()
}
