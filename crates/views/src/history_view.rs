//! What templates see of a record's history (`history` on record pages), in one language.

use crate::format_date;
use history::{DateSource, History, commit_link};
use load::Kind;
use model::HistoryConfig;
use serde::Serialize;

/// "Last updated" and the list of changes of one record.
#[derive(Debug, Clone, Serialize)]
pub struct HistoryView {
    /// The date as the page's language writes it.
    pub updated: String,
    /// The same date as `YYYY-MM-DD`, for `<time datetime>`.
    pub updated_iso: String,
    /// True when the date came from git; false when from the record's `updated:` field.
    pub from_git: bool,
    /// Newest first; empty when `history.show_changes` is false.
    pub changes: Vec<ChangeView>,
}

/// One change of a record.
#[derive(Debug, Clone, Serialize)]
pub struct ChangeView {
    pub date: String,
    /// RFC 3339, for `<time datetime>`.
    pub timestamp: String,
    /// Untrusted (a commit subject): templates autoescape it.
    pub subject: String,
    /// Only when `history.show_authors` is true.
    pub author: Option<String>,
    /// The commit's web address, when `history.commit_url` is set.
    pub url: Option<String>,
    pub short_hash: String,
}

/// The history view of a record, or `None` when there is no date: then the page says nothing.
pub fn history_view(
    history: &History,
    config: &HistoryConfig,
    kind: Kind,
    index: usize,
    lang: &str,
) -> Option<HistoryView> {
    let record = history.record(kind, index);
    let updated = record.updated?;
    let changes = if config.show_changes {
        record
            .commits
            .iter()
            .map(|c| ChangeView {
                date: format_date(c.date, lang),
                timestamp: c.timestamp.clone(),
                subject: c.subject.clone(),
                author: if config.show_authors {
                    c.author.clone()
                } else {
                    None
                },
                url: config
                    .commit_url
                    .as_deref()
                    .map(|pattern| commit_link(pattern, &c.hash)),
                short_hash: c.short_hash().to_owned(),
            })
            .collect()
    } else {
        Vec::new()
    };
    Some(HistoryView {
        updated: format_date(updated, lang),
        updated_iso: updated.to_string(),
        from_git: record.updated_from == Some(DateSource::Git),
        changes,
    })
}
