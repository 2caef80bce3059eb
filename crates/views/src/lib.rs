//! What templates see of each record, in one language.
//!
//! Views are built once per language and shared by every page that shows the record (its own
//! page, the list pages, the home page, the pages of the documents it cites), so a record's text is
//! localised once, not once per page that mentions it.

pub mod history_view;
pub mod list_items;
pub mod structured;

use load::{Kind, Parsed};
use model::{
    ChannelKind, Date, DocumentType, FigureValue, OnlineLevel, Period, PeriodType, Procedure,
    Status, SubmissionMethod, TextFields, TranslationMeta,
};
use plan::{news_tag_path, record_path};
use rayon::prelude::*;
use serde::{Serialize, Serializer};
use std::collections::BTreeMap;
use std::ops::Deref;
use std::sync::{Arc, OnceLock};
use text::{Localized, Text};
use theme::Strings;
use validate::Site;

/// Localises texts for one language.
#[derive(Clone, Copy)]
pub struct Loc<'a> {
    pub lang: &'a str,
    pub default: &'a str,
    pub strings: &'a Strings,
    /// The theme's strings of every language, for the names languages give themselves
    /// (`language_name`).
    pub all_strings: &'a BTreeMap<String, Strings>,
}

impl<'a> Loc<'a> {
    pub fn t(&self, text: &Text) -> Localized {
        text.localize(self.lang, self.default)
    }
    pub fn opt(&self, text: &Option<Text>) -> Option<Localized> {
        text.as_ref().map(|t| self.t(t))
    }
    pub fn list(&self, texts: &[Text]) -> Vec<Localized> {
        texts.iter().map(|t| self.t(t)).collect()
    }
    /// A theme string with `{name}` placeholders filled in. The keys used here are listed in
    /// [`CODE_STRING_KEYS`] and checked when the theme loads.
    pub fn string(&self, key: &str, args: &[(&str, String)]) -> String {
        let mut s = self
            .strings
            .get(key)
            .cloned()
            .unwrap_or_else(|| key.to_owned());
        for (name, value) in args {
            s = s.replace(&format!("{{{name}}}"), value);
        }
        s
    }
    /// Whether every text field of a record has this language.
    pub fn translated<T: TextFields>(&self, record: &T) -> bool {
        let mut all = true;
        record.visit_texts(&mut |_, t| all &= t.has(self.lang, self.default));
        all
    }
    pub fn url(&self, path: &str) -> String {
        format!("{}/{path}", self.lang)
    }
    /// The name a language gives itself (its theme string `language_name`): `Tiếng Việt`.
    pub fn language_name(&self, lang: &str) -> String {
        self.all_strings
            .get(lang)
            .and_then(|s| s.get("language_name"))
            .cloned()
            .unwrap_or_else(|| lang.to_owned())
    }
}

/// A file's size as the language writes it, in decimal units: `850 B`, `120 KB`, `1,5 MB` (a
/// decimal comma in Vietnamese).
pub fn format_size(bytes: u64, lang: &str) -> String {
    const KB: f64 = 1000.0;
    const MB: f64 = 1000.0 * 1000.0;
    let b = bytes as f64;
    if bytes < 1000 {
        format!("{bytes} B")
    } else if b < MB * 0.9995 {
        format!("{} KB", format_number((b / KB).round().max(1.0), lang))
    } else {
        format!("{} MB", format_number((b / MB * 10.0).round() / 10.0, lang))
    }
}

/// A link to a file to download (content/files/), as a page in one language shows it.
#[derive(Debug, Clone, Serialize)]
pub struct FileLink {
    /// Its address below the site root: `files/mau-don.pdf`.
    pub url: String,
    /// The language of the file, for `hreflang`.
    pub lang: String,
    /// That language's name for itself: `Tiếng Việt`.
    pub language: String,
    /// Its format: `PDF`.
    pub format: &'static str,
    /// Its size: `120 KB`.
    pub size: String,
    /// Its media type, for the link's `type`.
    pub media_type: String,
}

/// The link a page in `loc`'s language shows for `file`: the file of that language, else the
/// default language's. None if it names no loaded file (validation refuses that).
pub fn file_link(site: &Site, loc: &Loc, file: &model::FileRef) -> Option<FileLink> {
    let (lang, path) = file.for_language(loc.lang, loc.default)?;
    let name = validate::file_name_in(path).ok()?;
    let f = site.loaded.files.get(name)?;
    Some(FileLink {
        url: f.site_path(),
        lang: lang.to_owned(),
        language: loc.language_name(lang),
        format: model::file_format(&f.extension())?,
        size: format_size(f.size, loc.lang),
        media_type: f.media_type.clone(),
    })
}

/// Theme strings that the code (not a template) uses; the theme must have them in every language.
pub const CODE_STRING_KEYS: &[&str] = &[
    "period_month",
    "period_months",
    "period_quarter",
    "period_first_half",
    "period_second_half",
    "period_year",
    "language_name",
];

/// A date as the language writes it.
pub fn format_date(d: Date, lang: &str) -> String {
    const EN_MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    match lang {
        "vi" => format!("{:02}/{:02}/{}", d.day, d.month, d.year),
        "ja" | "zh" => format!("{}年{}月{}日", d.year, d.month, d.day),
        "ko" => format!("{}년 {}월 {}일", d.year, d.month, d.day),
        _ => format!("{} {} {}", d.day, EN_MONTHS[(d.month - 1) as usize], d.year),
    }
}

/// A number as the language writes it: at most four decimals, no trailing zeros, and a decimal
/// comma in Vietnamese.
pub fn format_number(x: f64, lang: &str) -> String {
    let mut s = format!("{x:.4}");
    if s.contains('.') {
        s = s.trim_end_matches('0').trim_end_matches('.').to_owned();
    }
    if s == "-0" {
        s = "0".to_owned();
    }
    if lang == "vi" { s.replace('.', ",") } else { s }
}

/// A change with its sign: `+1.78`, `-0.5`.
pub fn format_change(x: f64, lang: &str) -> String {
    let s = format_number(x.abs(), lang);
    if x > 0.0 {
        format!("+{s}")
    } else if x < 0.0 {
        format!("−{s}")
    } else {
        s
    }
}

pub fn period_label(p: &Period, loc: &Loc) -> String {
    let year = ("year", p.year.to_string());
    match p.kind {
        PeriodType::Month => loc.string(
            "period_month",
            &[("month", p.month.unwrap_or(0).to_string()), year],
        ),
        PeriodType::Months => loc.string(
            "period_months",
            &[("months", p.month.unwrap_or(0).to_string()), year],
        ),
        PeriodType::Quarter => loc.string(
            "period_quarter",
            &[("quarter", p.quarter.unwrap_or(0).to_string()), year],
        ),
        PeriodType::HalfYear if p.half == Some(2) => loc.string("period_second_half", &[year]),
        PeriodType::HalfYear => loc.string("period_first_half", &[year]),
        PeriodType::Year => loc.string("period_year", &[year]),
    }
}

fn key<T: Serialize>(value: T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// A view that several views show: a document in the legal basis of every procedure that cites
/// it, a procedure in the "cited by" list of every document it cites. One copy per language is
/// shared instead of a copy per mention (at 10,000 procedures, tens of MB per language).
///
/// It serialises as the view itself. Its template value is made once, on first use, and kept:
/// Tera takes a `tera::Value` met while serialising a page's values as it is (a reference
/// count, not a copy), so a document page listing 10,000 citing procedures does not turn those
/// 10,000 views into values again each time it is rendered.
#[derive(Debug)]
pub struct Shared<T>(Arc<SharedView<T>>);

#[derive(Debug)]
struct SharedView<T> {
    view: T,
    value: OnceLock<tera::Value>,
}

impl<T> Shared<T> {
    pub fn new(view: T) -> Self {
        Shared(Arc::new(SharedView {
            view,
            value: OnceLock::new(),
        }))
    }
}

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(Arc::clone(&self.0))
    }
}

impl<T> Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0.view
    }
}

impl<T: Serialize> Serialize for Shared<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let shared = &*self.0;
        shared
            .value
            .get_or_init(|| tera::Value::from_serializable(&shared.view))
            .serialize(serializer)
    }
}

/// A cited document or report, as a link.
#[derive(Debug, Clone, Serialize)]
pub struct DocRef {
    pub id: String,
    pub url: String,
    pub number: Option<String>,
    pub title: Localized,
    pub date: Option<String>,
    /// `decision`, `plan` … or `report` for a report record.
    pub doc_type: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SubmissionView {
    pub method: String,
    pub address: Option<Localized>,
    pub url: Option<String>,
    pub note: Option<Localized>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DossierView {
    pub name: Localized,
    pub copies: Option<u32>,
    pub note: Option<Localized>,
    /// The blank form to download.
    pub form: Option<FileLink>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FeeView {
    pub description: Localized,
    pub amount: Option<String>,
    pub free: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProcedureView {
    pub kind: &'static str,
    pub id: String,
    pub url: String,
    pub code: Option<String>,
    pub name: Localized,
    pub summary: Option<Localized>,
    pub field: Option<Localized>,
    pub level: Option<Localized>,
    pub implementing_agency: Option<Localized>,
    pub competent_authority: Option<Localized>,
    pub online_level: Option<String>,
    pub working_days: Option<String>,
    pub processing_note: Option<Localized>,
    pub submission: Vec<SubmissionView>,
    pub dossier: Vec<DossierView>,
    pub fees: Vec<FeeView>,
    pub steps: Vec<Localized>,
    pub requirements: Vec<Localized>,
    pub result: Option<Localized>,
    pub legal_basis: Vec<Shared<DocRef>>,
    pub published_by: Option<Shared<DocRef>>,
    pub keywords: Vec<Localized>,
    pub abolished: bool,
    pub abolished_by: Option<Shared<DocRef>>,
    pub abolished_on: Option<String>,
    pub notes: Option<Localized>,
    /// The unit that handles it (`unit:`), as a link.
    pub unit: Option<UnitLink>,
    pub translated: bool,
    /// Whether `implementing_agency` is another body than the site's own agency (compared in
    /// the default language): its JSON-LD then names that body as the provider.
    #[serde(skip)]
    pub other_agency: bool,
    /// Only what other pages show of the procedure is kept (see [`ProcedureView::shown_elsewhere`]):
    /// its own page needs the view made again.
    #[serde(skip)]
    pub partial: bool,
    /// The news items about the record, newest first.
    pub news: Vec<NewsLink>,
}

impl ProcedureView {
    /// The view without what only the procedure's own page shows: what lists, "cited by" lines,
    /// headings, counts and feeds take of it (the fields of `list_items::ProcedureItem` and
    /// [`RecordView::cited_as`]). The preview keeps these between edits for the procedures of
    /// every language, where whole views of a national site take hundreds of MB.
    pub fn shown_elsewhere(&self) -> ProcedureView {
        ProcedureView {
            kind: self.kind,
            id: self.id.clone(),
            url: self.url.clone(),
            code: self.code.clone(),
            name: self.name.clone(),
            summary: None,
            field: self.field.clone(),
            level: self.level.clone(),
            implementing_agency: None,
            competent_authority: None,
            online_level: self.online_level.clone(),
            working_days: self.working_days.clone(),
            processing_note: None,
            submission: Vec::new(),
            dossier: Vec::new(),
            fees: Vec::new(),
            steps: Vec::new(),
            requirements: Vec::new(),
            result: None,
            legal_basis: Vec::new(),
            published_by: None,
            keywords: Vec::new(),
            abolished: self.abolished,
            abolished_by: self.abolished_by.clone(),
            abolished_on: self.abolished_on.clone(),
            notes: None,
            unit: None,
            translated: self.translated,
            news: Vec::new(),
            other_agency: false,
            partial: true,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ChannelView {
    pub id: String,
    pub url: String,
    pub kind: String,
    pub name: Localized,
    pub contact: Option<String>,
    pub contact_href: Option<String>,
    pub address: Option<Localized>,
    pub hours: Option<Localized>,
    pub answered_by: Option<Localized>,
    pub purpose: Localized,
    pub notes: Option<Localized>,
    /// The unit that answers it (`unit:`), as a link.
    pub unit: Option<UnitLink>,
    pub translated: bool,
    /// The news items about the record, newest first.
    pub news: Vec<NewsLink>,
}

/// A record as a link: a unit (the one that handles a procedure, a unit's parent and children),
/// or a channel or procedure on a unit's page.
#[derive(Debug, Clone, Serialize)]
pub struct UnitLink {
    pub id: String,
    pub url: String,
    pub name: Localized,
    /// A public procedure's national code.
    pub code: Option<String>,
}

/// An organisational unit.
#[derive(Debug, Clone, Serialize)]
pub struct UnitView {
    pub id: String,
    pub url: String,
    pub name: Localized,
    /// The unit it belongs to; none for a unit directly under the agency.
    pub parent: Option<UnitLink>,
    /// The units that belong to it, by `order` then id.
    pub children: Vec<UnitLink>,
    pub functions: Option<Localized>,
    pub head_role: Option<Localized>,
    pub head_name: Option<String>,
    /// The channels of its `contact`.
    pub contact_channels: Vec<UnitLink>,
    pub sources: Vec<Shared<DocRef>>,
    /// The public procedures, internal procedures and channels that name it (`unit:`), in
    /// record order.
    pub procedures: Vec<UnitLink>,
    pub internal_procedures: Vec<UnitLink>,
    pub channels: Vec<UnitLink>,
    pub translated: bool,
    /// The news items about the record, newest first.
    pub news: Vec<NewsLink>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FigureView {
    pub label: Localized,
    pub value: String,
    pub unit: Option<Localized>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReportView {
    pub id: String,
    pub url: String,
    pub title: Localized,
    pub number: Option<String>,
    pub date: Option<String>,
    pub period: String,
    pub issuer: Localized,
    pub signer: Option<Localized>,
    pub summary: Localized,
    pub key_figures: Vec<FigureView>,
    pub cites: Vec<Shared<DocRef>>,
    /// Whether the page's language has a translated body.
    pub body_translated: bool,
    pub translated: bool,
    /// The news items about the record, newest first.
    pub news: Vec<NewsLink>,
}

/// A news item as a record it is about links to it.
#[derive(Debug, Clone, Serialize)]
pub struct NewsLink {
    pub url: String,
    pub title: Localized,
    pub date: String,
}

/// A picture: its address below the site root, and its description.
#[derive(Debug, Clone, Serialize)]
pub struct ImageView {
    pub url: String,
    pub alt: Localized,
}

/// A news tag: its name and the address of its page.
#[derive(Debug, Clone, Serialize)]
pub struct TagView {
    pub id: String,
    pub name: Localized,
    pub url: String,
}

/// A record a news item is about.
#[derive(Debug, Clone, Serialize)]
pub struct AboutView {
    /// The kind's name (`procedure`), and the kind's name in the page's language.
    pub kind: &'static str,
    pub kind_label: String,
    pub url: String,
    pub title: Localized,
    pub code: Option<String>,
}

/// A news item.
#[derive(Debug, Clone, Serialize)]
pub struct NewsView {
    pub id: String,
    pub url: String,
    pub title: Localized,
    pub summary: Localized,
    /// As the language writes it, and as `YYYY-MM-DD` (for `<time datetime>` and feeds).
    pub date: String,
    pub date_iso: String,
    pub tags: Vec<TagView>,
    /// Its picture: the file for the page's language, and what it shows.
    pub image: Option<ImageView>,
    pub about: Vec<AboutView>,
    pub cites: Vec<Shared<DocRef>>,
    /// Whether the page's language has a translated body.
    pub body_translated: bool,
    pub translated: bool,
}

/// A page of `content/pages`.
#[derive(Debug, Clone, Serialize)]
pub struct PageView {
    pub id: String,
    pub url: String,
    pub title: Localized,
    pub summary: Localized,
    pub cites: Vec<Shared<DocRef>>,
    /// Whether the page's language has a translated body.
    pub body_translated: bool,
    pub translated: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct EntryView {
    pub year: i32,
    pub score: String,
    pub score_value: f64,
    pub rank: Option<u32>,
    pub out_of: Option<u32>,
    pub change: Option<String>,
    /// `up`, `down` or `same`, for styling; never the only cue (the sign is in the text).
    pub trend: Option<&'static str>,
    pub rank_change: Option<i64>,
    pub source: Option<Shared<DocRef>>,
    pub note: Option<Localized>,
}

#[derive(Debug, Clone, Serialize)]
pub struct IndexView {
    pub id: String,
    pub url: String,
    pub name: Localized,
    pub short_name: String,
    pub publisher: Option<Localized>,
    pub description: Option<Localized>,
    pub unit: String,
    pub scale_max: String,
    /// Oldest first.
    pub entries: Vec<EntryView>,
    pub latest: Option<EntryView>,
    pub translated: bool,
    /// The news items about the record, newest first.
    pub news: Vec<NewsLink>,
}

/// A record as the "cited by" list of a document shows it.
#[derive(Debug, Clone, Serialize)]
pub struct CitingView {
    /// The kind's name (`procedure`).
    pub kind: &'static str,
    /// The kind's name in the page's language (the theme's `kind_<name>`): a document can list
    /// thousands of records, and a lookup per line in the template is most of its cost.
    pub kind_label: String,
    pub url: String,
    pub title: Localized,
    pub code: Option<String>,
}

/// The line of the record of `kind` at position `i` in the "cited by" lists of the documents it
/// cites, from its view; `None` for a kind that cites nothing.
pub fn citing_view(views: &LangViews, loc: &Loc, kind: Kind, i: usize) -> Option<CitingView> {
    if i >= views.records(kind).len() {
        return None;
    }
    let (url, title, code) = views.records(kind).view(i).cited_as()?;
    Some(CitingView {
        kind: kind.name(),
        kind_label: loc
            .strings
            .get(&format!("kind_{}", kind.name()))
            .cloned()
            .unwrap_or_default(),
        url: url.to_owned(),
        title: title.clone(),
        code: code.map(str::to_owned),
    })
}

/// The position of each record of a kind that can cite, by kind and id (the first of two
/// records with one id).
pub fn citer_positions(site: &Site) -> BTreeMap<(Kind, String), usize> {
    let mut out = BTreeMap::new();
    for kind in Kind::ALL {
        let records = site.loaded.records(kind);
        for i in (0..records.len()).rev() {
            out.insert((kind, records.id(i).to_owned()), i);
        }
    }
    out
}

#[derive(Debug, Clone, Serialize)]
pub struct DocumentView {
    pub id: String,
    pub url: String,
    pub number: String,
    pub doc_type: String,
    pub issuer: Localized,
    pub date: Option<String>,
    pub title: Localized,
    pub link: Option<String>,
    /// The document's text as a file to download.
    pub file: Option<FileLink>,
    pub cited_by: Vec<Shared<CitingView>>,
    pub translated: bool,
    /// The news items about the record, newest first.
    pub news: Vec<NewsLink>,
}

/// Every view of one language.
pub struct LangViews {
    pub procedures: Vec<ProcedureView>,
    pub internal_procedures: Vec<ProcedureView>,
    pub channels: Vec<ChannelView>,
    pub reports: Vec<ReportView>,
    pub indices: Vec<IndexView>,
    pub documents: Vec<DocumentView>,
    pub pages: Vec<PageView>,
    pub news: Vec<NewsView>,
    pub units: Vec<UnitView>,
}

/// What rendering asks of a record's view, whatever its kind.
pub trait RecordView: Sync {
    /// Whether the view's language has the record's texts (else the page says it falls back).
    fn translated(&self) -> bool;
    /// The title of the record's page (`<title>`, the page heading's text).
    fn page_title(&self) -> String;
    /// What a "cited by" list shows of the record: its address, title and code; `None` for a
    /// kind that cites nothing (see [`citing_view`]).
    fn cited_as(&self) -> Option<(&str, &Localized, Option<&str>)> {
        None
    }
    /// The schema.org JSON-LD of the record's page in `loc`'s language, escaped for a
    /// `<script>` element ([`structured`]); `url` is the page's absolute address when the
    /// site's base URL is known. Empty for a kind without structured data.
    fn structured_data(&self, site: &Site, loc: &Loc, url: Option<&str>) -> String {
        let _ = (site, loc, url);
        String::new()
    }
}

impl RecordView for ProcedureView {
    fn translated(&self) -> bool {
        self.translated
    }
    /// A public procedure is a `GovernmentService`; an internal one is not published as one.
    fn structured_data(&self, site: &Site, loc: &Loc, url: Option<&str>) -> String {
        if self.kind != Kind::Procedure.name() {
            return String::new();
        }
        structured::procedure(site, self, loc.lang, loc.strings, url)
    }
    fn page_title(&self) -> String {
        // A public procedure is known by its national code too; an internal one by its name.
        match &self.code {
            Some(code) if self.kind == Kind::Procedure.name() => {
                format!("{} ({code})", self.name.text)
            }
            _ => self.name.text.clone(),
        }
    }
    fn cited_as(&self) -> Option<(&str, &Localized, Option<&str>)> {
        Some((&self.url, &self.name, self.code.as_deref()))
    }
}

impl RecordView for ChannelView {
    fn translated(&self) -> bool {
        self.translated
    }
    fn page_title(&self) -> String {
        self.name.text.clone()
    }
}

impl RecordView for ReportView {
    fn translated(&self) -> bool {
        self.translated
    }
    fn page_title(&self) -> String {
        self.title.text.clone()
    }
    fn cited_as(&self) -> Option<(&str, &Localized, Option<&str>)> {
        Some((&self.url, &self.title, self.number.as_deref()))
    }
}

impl RecordView for NewsView {
    fn translated(&self) -> bool {
        self.translated
    }
    fn page_title(&self) -> String {
        self.title.text.clone()
    }
    fn structured_data(&self, site: &Site, loc: &Loc, url: Option<&str>) -> String {
        structured::news_article(site, self, loc.lang, url)
    }
}

impl RecordView for PageView {
    fn translated(&self) -> bool {
        self.translated
    }
    fn page_title(&self) -> String {
        self.title.text.clone()
    }
    fn cited_as(&self) -> Option<(&str, &Localized, Option<&str>)> {
        Some((&self.url, &self.title, None))
    }
}

impl RecordView for IndexView {
    fn translated(&self) -> bool {
        self.translated
    }
    fn page_title(&self) -> String {
        format!("{} – {}", self.short_name, self.name.text)
    }
    fn cited_as(&self) -> Option<(&str, &Localized, Option<&str>)> {
        Some((&self.url, &self.name, None))
    }
}

impl RecordView for UnitView {
    fn translated(&self) -> bool {
        self.translated
    }
    fn page_title(&self) -> String {
        self.name.text.clone()
    }
    fn cited_as(&self) -> Option<(&str, &Localized, Option<&str>)> {
        Some((&self.url, &self.name, None))
    }
    /// A unit is a `GovernmentOrganization`, part of its parent unit or of the agency.
    fn structured_data(&self, site: &Site, loc: &Loc, url: Option<&str>) -> String {
        structured::unit(site, self, loc.lang, url)
    }
}

impl RecordView for DocumentView {
    fn translated(&self) -> bool {
        self.translated
    }
    fn page_title(&self) -> String {
        format!("{} – {}", self.number, self.title.text)
    }
}

/// The views of one kind's records, whatever their type.
pub trait ViewList: Sync {
    fn len(&self) -> usize;
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    fn view(&self, i: usize) -> &dyn RecordView;
    /// The `i`-th view as a template value.
    fn value(&self, i: usize) -> tera::Value;
}

impl<T: RecordView + Serialize> ViewList for Vec<T> {
    fn len(&self) -> usize {
        self.as_slice().len()
    }
    fn view(&self, i: usize) -> &dyn RecordView {
        &self[i]
    }
    fn value(&self, i: usize) -> tera::Value {
        tera::Value::from_serializable(&self[i])
    }
}

impl LangViews {
    /// Keep of the public procedures only what other pages show of them
    /// ([`ProcedureView::shown_elsewhere`]), for a context kept after its pages were rendered;
    /// [`LangViews::procedure_page_view`] makes a procedure's whole view again for its page.
    pub fn keep_shown_elsewhere(&mut self) {
        self.procedures
            .par_iter_mut()
            .chain(self.internal_procedures.par_iter_mut())
            .filter(|p| !p.partial)
            .for_each(|p| *p = p.shown_elsewhere());
    }

    /// The whole view of the public or internal procedure `i` of `kind`, as its own page shows
    /// it: the view kept, or, where only what other pages show of it is kept, made again;
    /// `None` for the other kinds.
    pub fn procedure_page_view(
        &self,
        site: &Site,
        loc: &Loc,
        kind: Kind,
        i: usize,
    ) -> Option<std::borrow::Cow<'_, ProcedureView>> {
        let (kept, parsed) = match kind {
            Kind::Procedure => (&self.procedures, &site.loaded.procedures),
            Kind::InternalProcedure => {
                (&self.internal_procedures, &site.loaded.internal_procedures)
            }
            _ => return None,
        };
        Some(if kept[i].partial {
            let doc = |id: &str| doc_ref(site, loc, id);
            std::borrow::Cow::Owned(procedure_view(site, loc, kind, i, &parsed[i], &doc))
        } else {
            std::borrow::Cow::Borrowed(&kept[i])
        })
    }

    /// Make the view of the record `i` of `kind` again from `site`, for a record edited in
    /// place that no other view shows (the caller's to know: see `render::live`). False, and
    /// nothing done, for a kind whose views are not made one at a time here (procedures, whose
    /// edits `render::live::Live::update_procedures` handles; documents; reports).
    pub fn replace_view(&mut self, site: &Site, loc: &Loc, kind: Kind, i: usize) -> bool {
        match kind {
            Kind::Channel => self.channels[i] = channel_view(site, loc, i),
            Kind::Index => {
                self.indices[i] = index_view(site, loc, i, &|id| doc_ref(site, loc, id));
            }
            // Procedures also set the order and pages of the procedure list, which
            // `render::live::Live::update_procedures` keeps; the others are made all at once.
            // A unit's view shows its parent, children and the records that name it: the
            // units are made all at once too.
            Kind::Procedure
            | Kind::InternalProcedure
            | Kind::Report
            | Kind::Document
            | Kind::Page
            | Kind::News
            | Kind::Unit => {
                return false;
            }
        }
        true
    }

    /// The views of `kind`'s records, in record order.
    pub fn records(&self, kind: Kind) -> &dyn ViewList {
        match kind {
            Kind::Procedure => &self.procedures,
            Kind::InternalProcedure => &self.internal_procedures,
            Kind::Channel => &self.channels,
            Kind::Report => &self.reports,
            Kind::Index => &self.indices,
            Kind::Document => &self.documents,
            Kind::Page => &self.pages,
            Kind::News => &self.news,
            Kind::Unit => &self.units,
        }
    }
}

pub fn build_views(site: &Site, loc: &Loc) -> LangViews {
    let l = &site.loaded;
    let mut refs: BTreeMap<&str, Shared<DocRef>> = BTreeMap::new();
    for (i, d) in l.documents.iter().enumerate() {
        refs.insert(
            &d.id,
            Shared::new(DocRef {
                id: d.id.clone(),
                url: loc.url(&record_path(site, Kind::Document, i)),
                number: Some(d.data.number.clone()),
                title: loc.t(&d.data.title),
                date: d.data.date.map(|x| format_date(x, loc.lang)),
                doc_type: key(d.data.kind),
            }),
        );
    }
    for (i, r) in l.reports.iter().enumerate() {
        refs.insert(
            &r.meta.id,
            Shared::new(DocRef {
                id: r.meta.id.clone(),
                url: loc.url(&record_path(site, Kind::Report, i)),
                number: r.meta.data.number.clone(),
                title: loc.t(&r.meta.data.title),
                date: r.meta.data.date.map(|x| format_date(x, loc.lang)),
                doc_type: key(DocumentType::Report),
            }),
        );
    }
    // Validation guarantees every reference resolves.
    let doc = |id: &str| refs.get(id).cloned();
    let procedure =
        |kind: Kind, i: usize, p: &Parsed<Procedure>| procedure_view(site, loc, kind, i, p, &doc);
    // In parallel: languages render one after the other, and at 10,000 procedures making their
    // views on one thread left the other core idle for a quarter of a second per language.
    let procedures: Vec<ProcedureView> = l
        .procedures
        .par_iter()
        .enumerate()
        .map(|(i, p)| procedure(Kind::Procedure, i, p))
        .collect();
    let internal_procedures: Vec<ProcedureView> = l
        .internal_procedures
        .par_iter()
        .enumerate()
        .map(|(i, p)| procedure(Kind::InternalProcedure, i, p))
        .collect();

    let channels = (0..l.channels.len())
        .map(|i| channel_view(site, loc, i))
        .collect();

    let reports = l
        .reports
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let d = &r.meta.data;
            let tr = r.translations.get(loc.lang);
            // A translation file's front matter overrides the matching text of the main file.
            let over = |field: &str, base: &Text| {
                overridden(loc, base, tr.and_then(|t| t.meta.data.text_of(field)))
            };
            ReportView {
                id: r.meta.id.clone(),
                url: loc.url(&record_path(site, Kind::Report, i)),
                title: over("title", &d.title),
                number: d.number.clone(),
                date: d.date.map(|x| format_date(x, loc.lang)),
                period: period_label(&d.period, loc),
                issuer: over("issuer", &d.issuer),
                signer: d.signer.as_ref().map(|base| over("signer", base)),
                summary: over("summary", &d.summary),
                key_figures: d
                    .key_figures
                    .iter()
                    .map(|k| FigureView {
                        label: loc.t(&k.label),
                        value: match &k.value {
                            FigureValue::Number(n) => format_number(*n, loc.lang),
                            FigureValue::Text(s) => s.clone(),
                        },
                        unit: loc.opt(&k.unit),
                    })
                    .collect(),
                cites: d.cites.iter().filter_map(|c| doc(&c.0)).collect(),
                body_translated: loc.lang == loc.default || tr.is_some_and(|t| !t.body.is_blank()),
                translated: loc.lang == loc.default
                    || (loc.translated(d) && tr.is_some_and(|t| !t.body.is_blank())),
                news: news_links(site, loc, Kind::Report, i),
            }
        })
        .collect();

    let indices = (0..l.indices.len())
        .map(|i| index_view(site, loc, i, &doc))
        .collect::<Vec<_>>();

    let documents = l
        .documents
        .par_iter()
        .enumerate()
        .map(|(i, x)| {
            let d = &x.data;
            DocumentView {
                id: x.id.clone(),
                url: loc.url(&record_path(site, Kind::Document, i)),
                number: d.number.clone(),
                doc_type: key(d.kind),
                issuer: loc.t(&d.issuer),
                date: d.date.map(|x| format_date(x, loc.lang)),
                title: loc.t(&d.title),
                link: d.url.clone(),
                file: d.file.as_ref().and_then(|f| file_link(site, loc, f)),
                cited_by: Vec::new(),
                news: news_links(site, loc, Kind::Document, i),
                translated: loc.translated(d),
            }
        })
        .collect();

    let pages = l
        .pages
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let d = &p.meta.data;
            let tr = p.translations.get(loc.lang);
            let over = |field: &str, base: &Text| {
                overridden(loc, base, tr.and_then(|t| t.meta.data.text_of(field)))
            };
            let body_translated = loc.lang == loc.default || tr.is_some_and(|t| !t.body.is_blank());
            PageView {
                id: p.meta.id.clone(),
                url: loc.url(&record_path(site, Kind::Page, i)),
                title: over("title", &d.title),
                summary: over("summary", &d.summary),
                cites: d.cites.iter().filter_map(|c| doc(&c.0)).collect(),
                body_translated,
                translated: body_translated && loc.translated(d),
            }
        })
        .collect();

    let news = news_views(site, loc, &doc);
    let units = unit_views(site, loc, &doc);

    let mut views = LangViews {
        procedures,
        internal_procedures,
        channels,
        reports,
        indices,
        documents,
        pages,
        news,
        units,
    };
    attach_citations(site, loc, &mut views);
    views
}

/// The views of the news items, in record order.
pub fn news_views(
    site: &Site,
    loc: &Loc,
    doc: &dyn Fn(&str) -> Option<Shared<DocRef>>,
) -> Vec<NewsView> {
    let l = &site.loaded;
    if l.news.is_empty() {
        return Vec::new();
    }
    let targets = validate::about_targets(l);
    let tags: BTreeMap<&str, TagView> = l
        .config
        .data
        .news_tags
        .iter()
        .map(|t| {
            (
                t.id.as_str(),
                TagView {
                    id: t.id.clone(),
                    name: loc.t(&t.name),
                    url: loc.url(&news_tag_path(&t.id)),
                },
            )
        })
        .collect();
    l.news
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let d = &n.meta.data;
            let tr = n.translations.get(loc.lang);
            let over = |field: &str, base: &Text| {
                overridden(loc, base, tr.and_then(|t| t.meta.data.text_of(field)))
            };
            let body_translated = loc.lang == loc.default || tr.is_some_and(|t| !t.body.is_blank());
            let about = d
                .about
                .iter()
                .filter_map(|id| match targets.get(id.as_str())?.as_slice() {
                    [(kind, j)] => Some(about_view(site, loc, *kind, *j)),
                    _ => None,
                })
                .collect();
            NewsView {
                id: n.meta.id.clone(),
                url: loc.url(&record_path(site, Kind::News, i)),
                title: over("title", &d.title),
                summary: over("summary", &d.summary),
                date: format_date(d.date, loc.lang),
                date_iso: d.date.to_string(),
                tags: d
                    .tags
                    .iter()
                    .filter_map(|t| tags.get(t.as_str()).cloned())
                    .collect(),
                image: d.image.as_ref().and_then(|image| {
                    Some(ImageView {
                        url: file_link(site, loc, &image.file)?.url,
                        alt: loc.t(&image.alt),
                    })
                }),
                about,
                cites: d.cites.iter().filter_map(|c| doc(&c.0)).collect(),
                body_translated,
                translated: body_translated && loc.translated(d),
            }
        })
        .collect()
}

/// The record `i` of `kind` as a news item about it names it.
fn about_view(site: &Site, loc: &Loc, kind: Kind, i: usize) -> AboutView {
    let records = site.loaded.records(kind);
    let title = match records.translated(i, loc.lang, "title") {
        Some(t) => Localized {
            text: t.to_owned(),
            lang: loc.lang.to_owned(),
            fallback: false,
        },
        None => loc.t(records.data(i).title()),
    };
    AboutView {
        kind: kind.name(),
        kind_label: loc
            .strings
            .get(&format!("kind_{}", kind.name()))
            .cloned()
            .unwrap_or_default(),
        url: loc.url(&record_path(site, kind, i)),
        title,
        code: records.data(i).code().map(str::to_owned),
    }
}

/// The news items about the record `i` of `kind`, newest first.
pub fn news_links(site: &Site, loc: &Loc, kind: Kind, i: usize) -> Vec<NewsLink> {
    let Some(items) = site.news_about.get(&(kind, i)) else {
        return Vec::new();
    };
    let news = site.loaded.records(Kind::News);
    items
        .iter()
        .map(|&n| {
            let item = &site.loaded.news[n];
            NewsLink {
                url: loc.url(&record_path(site, Kind::News, n)),
                title: match news.translated(n, loc.lang, "title") {
                    Some(t) => Localized {
                        text: t.to_owned(),
                        lang: loc.lang.to_owned(),
                        fallback: false,
                    },
                    None => loc.t(&item.meta.data.title),
                },
                date: format_date(item.meta.data.date, loc.lang),
            }
        })
        .collect()
}

/// `base` in `loc`'s language, or the text a translation file gives for it (`translated`).
fn overridden(loc: &Loc, base: &Text, translated: Option<&str>) -> Localized {
    match translated {
        Some(s) => Localized {
            text: s.to_owned(),
            lang: loc.lang.to_owned(),
            fallback: false,
        },
        None => loc.t(base),
    }
}

/// The view of the channel at position `i`.
pub fn channel_view(site: &Site, loc: &Loc, i: usize) -> ChannelView {
    let c = &site.loaded.channels[i];
    let d = &c.data;
    let raw = d.contact.as_ref().map(|t| t.trim().to_owned());
    let contact_href = raw.and_then(|raw| match d.kind {
        // Only numbers and addresses that `check` accepts become links.
        ChannelKind::Phone => validate::phone_link(&raw),
        ChannelKind::Email if validate::email_problem(&raw).is_none() => {
            Some(format!("mailto:{raw}"))
        }
        _ if raw.starts_with("https://") || raw.starts_with("http://") => Some(raw),
        _ => None,
    });
    ChannelView {
        id: c.id.clone(),
        url: loc.url(&record_path(site, Kind::Channel, i)),
        kind: key(d.kind),
        name: loc.t(&d.name),
        contact: d.contact.clone(),
        contact_href,
        address: loc.opt(&d.address),
        hours: loc.opt(&d.hours),
        answered_by: loc.opt(&d.answered_by),
        purpose: loc.t(&d.purpose),
        notes: loc.opt(&d.notes),
        unit: d.unit.as_deref().and_then(|id| unit_link(site, loc, id)),
        translated: loc.translated(d),
        news: news_links(site, loc, Kind::Channel, i),
    }
}

/// The link to the unit with `id`, found by a scan (an agency has a few dozen units at most).
pub fn unit_link(site: &Site, loc: &Loc, id: &str) -> Option<UnitLink> {
    let i = site.loaded.units.iter().rposition(|u| u.id == id)?;
    Some(record_link(site, loc, Kind::Unit, i))
}

/// The record `i` of `kind` as a link: its address, title and code.
fn record_link(site: &Site, loc: &Loc, kind: Kind, i: usize) -> UnitLink {
    let records = site.loaded.records(kind);
    let data = records.data(i);
    UnitLink {
        id: records.id(i).to_owned(),
        url: loc.url(&record_path(site, kind, i)),
        name: loc.t(data.title()),
        code: data.code().map(str::to_owned),
    }
}

/// The units in the order of the organisation page: each unit followed by the units that belong
/// to it, siblings by `order` then id. Positions in `site.loaded.units`, with each unit's depth
/// (0 for a unit directly under the agency).
pub fn unit_tree(site: &Site) -> Vec<(usize, usize)> {
    let units = &site.loaded.units;
    let mut children: BTreeMap<Option<&str>, Vec<usize>> = BTreeMap::new();
    for (i, u) in units.iter().enumerate() {
        // A parent that is not a unit (never in a valid site) puts it at the top.
        let parent = u
            .data
            .parent
            .as_deref()
            .filter(|p| units.iter().any(|x| x.id == *p));
        children.entry(parent).or_default().push(i);
    }
    for list in children.values_mut() {
        list.sort_by_key(|&i| (units[i].data.order, units[i].id.as_str()));
    }
    let mut out = Vec::with_capacity(units.len());
    let mut stack: Vec<(usize, usize)> = children
        .get(&None)
        .map(|top| top.iter().rev().map(|&i| (i, 0)).collect())
        .unwrap_or_default();
    while let Some((i, depth)) = stack.pop() {
        // Validation refuses cycles; a unit is never visited twice all the same.
        if out.iter().any(|&(j, _)| j == i) {
            continue;
        }
        out.push((i, depth));
        if let Some(below) = children.get(&Some(units[i].id.as_str())) {
            stack.extend(below.iter().rev().map(|&j| (j, depth + 1)));
        }
    }
    out
}

/// The views of every unit, in record order; `doc` finds the documents and reports they cite.
pub fn unit_views(
    site: &Site,
    loc: &Loc,
    doc: &dyn Fn(&str) -> Option<Shared<DocRef>>,
) -> Vec<UnitView> {
    let l = &site.loaded;
    // Who names each unit, made once: a site has many procedures and few units.
    let mut named_by: BTreeMap<(&str, Kind), Vec<usize>> = BTreeMap::new();
    for kind in [Kind::Procedure, Kind::InternalProcedure] {
        for (i, p) in l.procedures_of(kind).iter().enumerate() {
            if let Some(unit) = &p.data.unit {
                named_by.entry((unit, kind)).or_default().push(i);
            }
        }
    }
    for (i, c) in l.channels.iter().enumerate() {
        if let Some(unit) = &c.data.unit {
            named_by.entry((unit, Kind::Channel)).or_default().push(i);
        }
    }
    let tree = unit_tree(site);
    let links = |id: &str, kind: Kind| -> Vec<UnitLink> {
        named_by
            .get(&(id, kind))
            .map(|list| {
                list.iter()
                    .map(|&i| record_link(site, loc, kind, i))
                    .collect()
            })
            .unwrap_or_default()
    };
    l.units
        .iter()
        .enumerate()
        .map(|(i, u)| {
            let d = &u.data;
            UnitView {
                id: u.id.clone(),
                url: loc.url(&record_path(site, Kind::Unit, i)),
                name: loc.t(&d.name),
                parent: d.parent.as_deref().and_then(|p| unit_link(site, loc, p)),
                children: tree
                    .iter()
                    .filter(|&&(j, _)| l.units[j].data.parent.as_deref() == Some(u.id.as_str()))
                    .map(|&(j, _)| record_link(site, loc, Kind::Unit, j))
                    .collect(),
                functions: loc.opt(&d.functions),
                head_role: loc.opt(&d.head_role),
                head_name: d.head_name.clone(),
                contact_channels: d
                    .contact
                    .iter()
                    .flat_map(|c| &c.channels)
                    .filter_map(|id| {
                        let i = l.channels.iter().rposition(|c| c.id == *id)?;
                        Some(record_link(site, loc, Kind::Channel, i))
                    })
                    .collect(),
                sources: d.sources.iter().filter_map(|r| doc(&r.0)).collect(),
                procedures: links(&u.id, Kind::Procedure),
                internal_procedures: links(&u.id, Kind::InternalProcedure),
                channels: links(&u.id, Kind::Channel),
                translated: loc.translated(d),
                news: news_links(site, loc, Kind::Unit, i),
            }
        })
        .collect()
}

/// The view of the index at position `i`; `doc` finds the documents and reports its entries
/// cite.
pub fn index_view(
    site: &Site,
    loc: &Loc,
    i: usize,
    doc: &dyn Fn(&str) -> Option<Shared<DocRef>>,
) -> IndexView {
    let x = &site.loaded.indices[i];
    let d = &x.data;
    let mut entries: Vec<_> = d.entries.iter().collect();
    entries.sort_by_key(|e| e.year);
    let mut views: Vec<EntryView> = Vec::new();
    for (n, e) in entries.iter().enumerate() {
        let prev = n
            .checked_sub(1)
            .map(|p| entries[p])
            .filter(|p| p.year == e.year - 1);
        let change = e.change.or_else(|| prev.map(|p| e.score - p.score));
        let rank_change = match (prev.and_then(|p| p.rank), e.rank) {
            (Some(a), Some(b)) => Some(i64::from(a) - i64::from(b)),
            _ => None,
        };
        views.push(EntryView {
            year: e.year,
            score: format_number(e.score, loc.lang),
            score_value: e.score,
            rank: e.rank,
            out_of: e.out_of,
            change: change.map(|c| format_change(c, loc.lang)),
            trend: change.map(|c| {
                if c > 0.0 {
                    "up"
                } else if c < 0.0 {
                    "down"
                } else {
                    "same"
                }
            }),
            rank_change,
            source: e.source.as_ref().and_then(|s| doc(&s.0)),
            note: loc.opt(&e.note),
        });
    }
    IndexView {
        id: x.id.clone(),
        url: loc.url(&record_path(site, Kind::Index, i)),
        name: loc.t(&d.name),
        short_name: d.short_name.clone(),
        publisher: loc.opt(&d.publisher),
        description: loc.opt(&d.description),
        unit: key(d.unit),
        scale_max: format_number(d.scale_max, loc.lang),
        latest: views.last().cloned(),
        entries: views,
        translated: loc.translated(d),
        news: news_links(site, loc, Kind::Index, i),
    }
}

/// The view of the procedure (or internal procedure, by `kind`) at position `i`; `doc` finds
/// the documents and reports it cites.
pub fn procedure_view(
    site: &Site,
    loc: &Loc,
    kind: Kind,
    i: usize,
    p: &Parsed<Procedure>,
    doc: &dyn Fn(&str) -> Option<Shared<DocRef>>,
) -> ProcedureView {
    let d = &p.data;
    ProcedureView {
        kind: kind.name(),
        id: p.id.clone(),
        url: loc.url(&record_path(site, kind, i)),
        code: d.code.as_ref().map(|c| c.0.clone()),
        name: loc.t(&d.name),
        summary: loc.opt(&d.summary),
        field: loc.opt(&d.field),
        level: loc.opt(&d.level),
        implementing_agency: loc.opt(&d.implementing_agency),
        other_agency: d.implementing_agency.as_ref().is_some_and(|a| {
            let own = &site.loaded.config.data.agency.name;
            a.default_text(loc.default) != own.default_text(loc.default)
        }),
        competent_authority: loc.opt(&d.competent_authority),
        online_level: d.online_level.map(|o: OnlineLevel| key(o)),
        working_days: d
            .processing_time
            .as_ref()
            .and_then(|t| t.working_days)
            .map(|w| format_number(w, loc.lang)),
        processing_note: d.processing_time.as_ref().and_then(|t| loc.opt(&t.note)),
        submission: d
            .submission
            .iter()
            .map(|s| SubmissionView {
                method: key::<SubmissionMethod>(s.method),
                address: loc.opt(&s.address),
                url: s.url.clone(),
                note: loc.opt(&s.note),
            })
            .collect(),
        dossier: d
            .dossier
            .iter()
            .map(|x| DossierView {
                name: loc.t(&x.name),
                copies: x.copies,
                note: loc.opt(&x.note),
                form: x.form.as_ref().and_then(|f| file_link(site, loc, f)),
            })
            .collect(),
        fees: d
            .fees
            .iter()
            .map(|f| FeeView {
                description: loc.t(&f.description),
                amount: f.amount.map(|a| format_number(a, loc.lang)),
                free: f.amount == Some(0.0),
            })
            .collect(),
        steps: loc.list(&d.steps),
        requirements: loc.list(&d.requirements),
        result: loc.opt(&d.result),
        legal_basis: d.legal_basis.iter().filter_map(|r| doc(&r.0)).collect(),
        published_by: d.published_by.as_ref().and_then(|r| doc(&r.0)),
        keywords: loc.list(&d.keywords),
        abolished: d.status == Status::Abolished,
        abolished_by: d.abolished_by.as_ref().and_then(|r| doc(&r.0)),
        abolished_on: d.abolished_on.map(|x| format_date(x, loc.lang)),
        notes: loc.opt(&d.notes),
        unit: d.unit.as_deref().and_then(|id| unit_link(site, loc, id)),
        translated: loc.translated(d),
        news: news_links(site, loc, kind, i),
        partial: false,
    }
}

/// The link to the document or report with `id`, found by a scan (for the few references of
/// one record; [`build_views`] makes a map of them all).
pub fn doc_ref(site: &Site, loc: &Loc, id: &str) -> Option<Shared<DocRef>> {
    let l = &site.loaded;
    if let Some(i) = l.documents.iter().rposition(|d| d.id == id) {
        let d = &l.documents[i];
        return Some(Shared::new(DocRef {
            id: d.id.clone(),
            url: loc.url(&record_path(site, Kind::Document, i)),
            number: Some(d.data.number.clone()),
            title: loc.t(&d.data.title),
            date: d.data.date.map(|x| format_date(x, loc.lang)),
            doc_type: key(d.data.kind),
        }));
    }
    let i = l.reports.iter().rposition(|r| r.meta.id == id)?;
    let r = &l.reports[i];
    Some(Shared::new(DocRef {
        id: r.meta.id.clone(),
        url: loc.url(&record_path(site, Kind::Report, i)),
        number: r.meta.data.number.clone(),
        title: loc.t(&r.meta.data.title),
        date: r.meta.data.date.map(|x| format_date(x, loc.lang)),
        doc_type: key(DocumentType::Report),
    }))
}

/// Fill each document's "cited by" list from the views of the citing records.
fn attach_citations(site: &Site, loc: &Loc, views: &mut LangViews) {
    let l = &site.loaded;
    // Looked up by id once per citation: a map, not a scan, so that a document cited by
    // thousands of procedures stays linear.
    let positions = citer_positions(site);
    // Each citing record's line is made once, and shared by the lists of every document it
    // cites.
    let mut citing: BTreeMap<(Kind, &str), Option<Shared<CitingView>>> = BTreeMap::new();
    for c in site.cited_by.values().flatten() {
        citing.entry((c.kind, c.id.as_str())).or_insert_with(|| {
            let i = *positions.get(&(c.kind, c.id.clone()))?;
            citing_view(views, loc, c.kind, i).map(Shared::new)
        });
    }
    let cited: Vec<(usize, Vec<Shared<CitingView>>)> = l
        .documents
        .par_iter()
        .enumerate()
        .map(|(i, d)| {
            let list = site
                .cited_by
                .get(&d.id)
                .map(|c| {
                    c.iter()
                        .filter_map(|c| citing.get(&(c.kind, c.id.as_str()))?.clone())
                        .collect()
                })
                .unwrap_or_default();
            (i, list)
        })
        .collect();
    for (i, list) in cited {
        views.documents[i].cited_by = list;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shared_view_serialises_as_the_view_and_clones_share_it() {
        let doc = DocRef {
            id: "1-qd".into(),
            url: "vi/documents/1-qd/".into(),
            number: Some("1/QĐ".into()),
            title: Text::Plain("Quyết định".into()).localize("en", "vi"),
            date: None,
            doc_type: "decision".into(),
        };
        let plain = serde_json::to_value(&doc).unwrap();
        let shared = Shared::new(doc);
        let copy = shared.clone();
        assert_eq!(serde_json::to_value(&copy).unwrap(), plain);
        assert!(std::ptr::eq(&*shared, &*copy), "a clone is the same view");
    }

    #[test]
    fn dates_and_numbers_per_language() {
        let d = Date {
            year: 2024,
            month: 4,
            day: 17,
        };
        assert_eq!(format_date(d, "vi"), "17/04/2024");
        assert_eq!(format_date(d, "en"), "17 April 2024");
        assert_eq!(format_date(d, "ja"), "2024年4月17日");
        assert_eq!(format_date(d, "ko"), "2024년 4월 17일");
        assert_eq!(format_number(91.87, "vi"), "91,87");
        assert_eq!(format_number(42.7037, "en"), "42.7037");
        assert_eq!(format_number(63.0, "en"), "63");
        assert_eq!(format_change(1.78, "en"), "+1.78");
        assert_eq!(format_change(-0.5, "vi"), "−0,5");
    }
}
