//! What list pages and the home page see of a procedure: the few fields a list shows.
//!
//! A full [`ProcedureView`] holds the steps, dossier and notes (hundreds of words); serialising it
//! again for every list it appears in (`procedure_groups`, `procedures_az`, …) was most of the
//! render stage's memory and a large part of its time on large sites.

use crate::{DocRef, DocumentView, ProcedureView};
use serde::Serialize;
use text::Localized;

/// A procedure as a line of a list.
#[derive(Debug, Serialize)]
pub struct ProcedureItem<'a> {
    pub kind: &'static str,
    pub id: &'a str,
    pub url: &'a str,
    pub code: Option<&'a str>,
    pub name: &'a Localized,
    pub field: Option<&'a Localized>,
    pub level: Option<&'a Localized>,
    pub online_level: Option<&'a str>,
    pub working_days: Option<&'a str>,
    pub abolished: bool,
    pub abolished_by: Option<&'a DocRef>,
    pub abolished_on: Option<&'a str>,
    pub translated: bool,
}

impl<'a> From<&'a ProcedureView> for ProcedureItem<'a> {
    fn from(p: &'a ProcedureView) -> Self {
        ProcedureItem {
            kind: p.kind,
            id: &p.id,
            url: &p.url,
            code: p.code.as_deref(),
            name: &p.name,
            field: p.field.as_ref(),
            level: p.level.as_ref(),
            online_level: p.online_level.as_deref(),
            working_days: p.working_days.as_deref(),
            abolished: p.abolished,
            abolished_by: p.abolished_by.as_deref(),
            abolished_on: p.abolished_on.as_deref(),
            translated: p.translated,
        }
    }
}

/// A document as a line of a list: everything but the records that cite it, so that editing a
/// procedure does not change the document list.
#[derive(Debug, Serialize)]
pub struct DocumentItem<'a> {
    pub id: &'a str,
    pub url: &'a str,
    pub number: &'a str,
    pub doc_type: &'a str,
    pub issuer: &'a Localized,
    pub date: Option<&'a str>,
    pub title: &'a Localized,
    pub link: Option<&'a str>,
    pub translated: bool,
}

impl<'a> From<&'a DocumentView> for DocumentItem<'a> {
    fn from(d: &'a DocumentView) -> Self {
        DocumentItem {
            id: &d.id,
            url: &d.url,
            number: &d.number,
            doc_type: &d.doc_type,
            issuer: &d.issuer,
            date: d.date.as_deref(),
            title: &d.title,
            link: d.link.as_deref(),
            translated: d.translated,
        }
    }
}
