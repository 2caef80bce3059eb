//! Open data: every record kind as JSON and as CSV under `data/`, for reuse without scraping.
//!
//! [`open_data`] is the entry point. Each kind gets `data/<kind>.json`, one array of records in
//! id order with texts as objects by language, and `data/<kind>.csv`, the same records flattened
//! by one documented rule (see `docs/open-data.md`):
//!
//! * a column is a path into the JSON record: `name.vi`, `processing_time.working_days`;
//! * a text gets one column per site language (an empty cell: no text in that language);
//! * a list stays in one cell, its items separated by a line feed (so `submission.method` and
//!   `submission.note.en` line up item by item);
//! * `null` is an empty cell, numbers are written as in the JSON;
//! * a report's `body` is in the JSON only (see [`Shape::JsonOnly`]).
//!
//! The CSV is UTF-8 with a byte-order mark (spreadsheet programs otherwise misread Vietnamese),
//! CRLF line ends and RFC 4180 quoting. The column list comes from the kind's [`Shape`], not from
//! the data, so it is the same for every build of a site. These files are written as they are,
//! never through the HTML minifier.

mod cells;

use load::Kind;
use model::{
    ChannelKind, Date, DocumentType, FigureValue, IndexUnit, OnlineLevel, Period, Status,
    SubmissionMethod,
};
use output::OutputFile;
use plan::record_path;
use serde::Serialize;
use serde::ser::SerializeMap;
use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::PathBuf;
use text::Text;
use validate::Site;

/// The folder of the data files below the output root.
pub const DATA_DIR: &str = "data";

/// Texts by language code, in the order of the codes; a language without the text (or with
/// a blank one) is absent. Serialised as a map straight from the content: the open data of a
/// large site is hundreds of MB of text, and each record is serialised twice, for its JSON and
/// its CSV file.
enum Texts<'a> {
    /// A text of the content (a plain string is in the default language).
    Content { text: &'a Text, default: &'a str },
    /// Texts gathered from several places: a report's and its translation files'.
    Gathered(BTreeMap<&'a str, &'a str>),
    /// The record's page in every language (`languages`, sorted): `{base}/{lang}/{path}`, or
    /// `{lang}/{path}`.
    Pages {
        languages: &'a [&'a str],
        base: Option<&'a str>,
        path: String,
    },
}

impl Serialize for Texts<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Texts::Content { text, default } => serializer.collect_map(text.given(default)),
            Texts::Gathered(map) => serializer.collect_map(map),
            Texts::Pages {
                languages,
                base,
                path,
            } => {
                let mut map = serializer.serialize_map(Some(languages.len()))?;
                for lang in languages.iter() {
                    map.serialize_entry(
                        lang,
                        &PageUrl {
                            base: *base,
                            lang,
                            path,
                        },
                    )?;
                }
                map.end()
            }
        }
    }
}

/// The address of a record's page in one language, written out as it is serialised.
struct PageUrl<'a> {
    base: Option<&'a str>,
    lang: &'a str,
    path: &'a str,
}

impl Serialize for PageUrl<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let PageUrl { base, lang, path } = self;
        match base {
            Some(base) => serializer.collect_str(&format_args!(
                "{}/{lang}/{path}",
                base.trim_end_matches('/')
            )),
            None => serializer.collect_str(&format_args!("{lang}/{path}")),
        }
    }
}

/// The formats of the data files, in the order the data page lists them for each kind.
pub const FORMATS: [&str; 2] = ["json", "csv"];

/// Every data file, in the order the data page lists them: each kind's JSON, then its CSV.
pub fn data_files() -> impl Iterator<Item = (Kind, &'static str)> {
    Kind::ALL
        .into_iter()
        .flat_map(|kind| FORMATS.map(|format| (kind, format)))
}

/// The JSON and CSV files of every record kind of `site`, made in memory one at a time and
/// handed to `emit`, so that only one is held at once; returns their sizes. `base_url`, when
/// known, makes the records' page addresses absolute. A build writes them with [`write_file`]
/// instead.
pub fn open_data(site: &Site, base_url: Option<&str>, emit: &dyn Fn(OutputFile)) -> Vec<Written> {
    data_files()
        .map(|(kind, format)| {
            let mut bytes = Vec::new();
            // Writing into memory cannot fail.
            let written = write_file(site, base_url, kind, format, &mut bytes);
            debug_assert!(written.is_ok());
            let file = OutputFile {
                path: data_path(kind, format),
                bytes,
            };
            let size = Written::of(&file);
            emit(file);
            size
        })
        .collect()
}

/// Write the data file of `kind` in `format` (`json` or `csv`) into `out`, one record at a time,
/// so that the file (hundreds of MB at a national portal) never sits in memory whole.
pub fn write_file(
    site: &Site,
    base_url: Option<&str>,
    kind: Kind,
    format: &str,
    out: &mut dyn Write,
) -> io::Result<()> {
    let languages = sorted_languages(site);
    let conv = Conv {
        site,
        base_url,
        languages: &languages,
    };
    let order = record_order(site, kind);
    let records = order.iter().map(|&i| record(&conv, kind, i));
    if format == "json" {
        // The serialiser writes a few bytes at a time: into a buffer of a known type, which
        // passes them on in large pieces, rather than through `dyn Write` each time.
        let mut out = io::BufWriter::with_capacity(1 << 16, out);
        let mut json = serde_json::Serializer::with_formatter(
            &mut out,
            serde_json::ser::PrettyFormatter::new(),
        );
        serde::Serializer::collect_seq(&mut json, records)?;
        out.write_all(b"\n")?;
        out.flush()
    } else {
        // The CSV writer buffers by itself.
        write_csv(&columns(shape(kind), site.languages()), records, out)
    }
}

/// The site's language codes, sorted as the language maps of the records are.
fn sorted_languages(site: &Site) -> Vec<&str> {
    let mut languages: Vec<&str> = site.languages().iter().map(String::as_str).collect();
    languages.sort_unstable();
    languages
}

/// A data file as written: where, below the output root, and its size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    pub path: PathBuf,
    pub bytes: usize,
}

impl Written {
    /// The size of a file made in memory.
    pub fn of(file: &OutputFile) -> Self {
        Written {
            path: file.path.clone(),
            bytes: file.bytes.len(),
        }
    }
}

/// `data/procedures.json`.
pub fn data_path(kind: Kind, extension: &str) -> PathBuf {
    PathBuf::from(format!("{DATA_DIR}/{}.{extension}", kind.folder()))
}

/// One data file as the data page lists it.
#[derive(Debug, Clone, Serialize)]
pub struct FileInfo {
    /// The record kind's folder name (`procedures`), which is also its list page's `page.kind`.
    pub kind: &'static str,
    /// The theme string that names the kind (its section's menu label).
    pub label_key: &'static str,
    pub format: &'static str,
    /// Below the output root, with `/`: `data/procedures.csv`.
    pub path: String,
    pub bytes: usize,
    pub records: usize,
    /// The JSON record's fields, or the CSV's columns.
    pub fields: Vec<String>,
}

/// What the data page says about the data files as written: their true sizes and fields.
pub fn describe(site: &Site, files: &[Written]) -> Vec<FileInfo> {
    let mut out = Vec::new();
    for kind in Kind::ALL {
        let records = plan::record_count(site, kind);
        let shape = shape(kind);
        for (format, fields) in [
            ("json", top_fields(shape)),
            ("csv", columns(shape, site.languages())),
        ] {
            let path = data_path(kind, format);
            if let Some(file) = files.iter().find(|f| f.path == path) {
                out.push(FileInfo {
                    kind: kind.folder(),
                    label_key: plan::PageKind::List(kind)
                        .section()
                        .map_or("", |s| s.label_key()),
                    format,
                    path: path.to_string_lossy().replace('\\', "/"),
                    bytes: file.bytes,
                    records,
                    fields,
                });
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// The shape of each kind's records: what the CSV columns and the data page's field lists follow.

/// The shape of a JSON value.
#[derive(Debug)]
pub enum Shape {
    /// A string, number, boolean or null.
    Scalar,
    /// An object from language code to text.
    Text,
    /// An object with these fields, in this order.
    Record(&'static [(&'static str, Shape)]),
    /// An array of values of this shape.
    List(&'static Shape),
    /// A field of the JSON that the CSV leaves out: report texts run past the 32,767 characters
    /// a spreadsheet cell holds.
    JsonOnly(&'static Shape),
}

use Shape::{JsonOnly, List, Record, Scalar, Text as T};

const PROCEDURE: Shape = Record(&[
    ("id", Scalar),
    ("code", Scalar),
    ("name", T),
    ("summary", T),
    ("field", T),
    ("level", T),
    ("implementing_agency", T),
    ("competent_authority", T),
    ("online_level", Scalar),
    (
        "processing_time",
        Record(&[("working_days", Scalar), ("note", T)]),
    ),
    (
        "submission",
        List(&Record(&[
            ("method", Scalar),
            ("address", T),
            ("url", Scalar),
            ("note", T),
        ])),
    ),
    (
        "dossier",
        List(&Record(&[("name", T), ("copies", Scalar), ("note", T)])),
    ),
    (
        "fees",
        List(&Record(&[("description", T), ("amount", Scalar)])),
    ),
    ("steps", List(&T)),
    ("requirements", List(&T)),
    ("result", T),
    ("legal_basis", List(&Scalar)),
    ("published_by", Scalar),
    ("keywords", List(&T)),
    ("status", Scalar),
    ("abolished_by", Scalar),
    ("abolished_on", Scalar),
    ("notes", T),
    ("page", T),
]);

const CHANNEL: Shape = Record(&[
    ("id", Scalar),
    ("kind", Scalar),
    ("name", T),
    ("contact", Scalar),
    ("address", T),
    ("hours", T),
    ("answered_by", T),
    ("purpose", T),
    ("notes", T),
    ("order", Scalar),
    ("page", T),
]);

const REPORT: Shape = Record(&[
    ("id", Scalar),
    ("title", T),
    ("number", Scalar),
    ("date", Scalar),
    (
        "period",
        Record(&[
            ("type", Scalar),
            ("year", Scalar),
            ("month", Scalar),
            ("quarter", Scalar),
            ("half", Scalar),
        ]),
    ),
    ("issuer", T),
    ("signer", T),
    ("summary", T),
    (
        "key_figures",
        List(&Record(&[("label", T), ("value", Scalar), ("unit", T)])),
    ),
    ("cites", List(&Scalar)),
    ("body", JsonOnly(&T)),
    ("page", T),
]);

const INDEX: Shape = Record(&[
    ("id", Scalar),
    ("short_name", Scalar),
    ("name", T),
    ("publisher", T),
    ("description", T),
    ("unit", Scalar),
    ("scale_max", Scalar),
    ("order", Scalar),
    (
        "entries",
        List(&Record(&[
            ("year", Scalar),
            ("score", Scalar),
            ("rank", Scalar),
            ("out_of", Scalar),
            ("change", Scalar),
            ("source", Scalar),
            ("note", T),
        ])),
    ),
    ("page", T),
]);

const DOCUMENT: Shape = Record(&[
    ("id", Scalar),
    ("number", Scalar),
    ("type", Scalar),
    ("issuer", T),
    ("date", Scalar),
    ("title", T),
    ("url", Scalar),
    ("page", T),
]);

/// The shape of a record of `kind`.
pub fn shape(kind: Kind) -> &'static Shape {
    match kind {
        Kind::Procedure | Kind::InternalProcedure => &PROCEDURE,
        Kind::Channel => &CHANNEL,
        Kind::Report => &REPORT,
        Kind::Index => &INDEX,
        Kind::Document => &DOCUMENT,
    }
}

fn top_fields(shape: &Shape) -> Vec<String> {
    match shape {
        Record(fields) => fields.iter().map(|(name, _)| (*name).to_owned()).collect(),
        _ => Vec::new(),
    }
}

/// The CSV columns of a shape: paths joined with `.`, one per language for texts.
pub fn columns(shape: &Shape, languages: &[String]) -> Vec<String> {
    fn walk(shape: &Shape, prefix: &str, languages: &[String], out: &mut Vec<String>) {
        let join = |name: &str| {
            if prefix.is_empty() {
                name.to_owned()
            } else {
                format!("{prefix}.{name}")
            }
        };
        match shape {
            Scalar => out.push(prefix.to_owned()),
            T => out.extend(languages.iter().map(|l| join(l))),
            Record(fields) => {
                for (name, inner) in *fields {
                    walk(inner, &join(name), languages, out);
                }
            }
            List(inner) => walk(inner, prefix, languages, out),
            JsonOnly(_) => {}
        }
    }
    let mut out = Vec::new();
    walk(shape, "", languages, &mut out);
    out
}

/// The CSV of `records` under `columns`: a byte-order mark, a header line, a line per record.
fn write_csv<R: Serialize>(
    columns: &[String],
    records: impl IntoIterator<Item = R>,
    out: &mut (impl Write + ?Sized),
) -> io::Result<()> {
    // The byte-order mark first, so that spreadsheet programs read the file as UTF-8.
    out.write_all(b"\xEF\xBB\xBF")?;
    let mut writer = csv::WriterBuilder::new()
        .buffer_capacity(1 << 16)
        .terminator(csv::Terminator::CRLF)
        .quote_style(csv::QuoteStyle::Necessary)
        .from_writer(out);
    writer.write_record(columns)?;
    let index = cells::CellIndex::new(columns);
    let mut cells = cells::Cells::new(&index);
    for record in records {
        for cell in cells.of(&record).map_err(io::Error::other)? {
            writer.write_field(cell.as_bytes())?;
        }
        // An empty record ends the line of the fields written one by one.
        writer.write_record(None::<&[u8]>)?;
    }
    writer.flush()
}

// ---------------------------------------------------------------------------------------------
// The records, as they are serialised. Field order and names follow the shapes above (a test
// checks that they agree).

#[derive(Serialize)]
struct ProcessingTimeRecord<'a> {
    working_days: Option<f64>,
    note: Option<Texts<'a>>,
}

#[derive(Serialize)]
struct SubmissionRecord<'a> {
    method: SubmissionMethod,
    address: Option<Texts<'a>>,
    url: Option<String>,
    note: Option<Texts<'a>>,
}

#[derive(Serialize)]
struct DossierRecord<'a> {
    name: Texts<'a>,
    copies: Option<u32>,
    note: Option<Texts<'a>>,
}

#[derive(Serialize)]
struct FeeRecord<'a> {
    description: Texts<'a>,
    amount: Option<f64>,
}

#[derive(Serialize)]
struct ProcedureRecord<'a> {
    id: String,
    code: Option<String>,
    name: Texts<'a>,
    summary: Option<Texts<'a>>,
    field: Option<Texts<'a>>,
    level: Option<Texts<'a>>,
    implementing_agency: Option<Texts<'a>>,
    competent_authority: Option<Texts<'a>>,
    online_level: Option<OnlineLevel>,
    processing_time: ProcessingTimeRecord<'a>,
    submission: Vec<SubmissionRecord<'a>>,
    dossier: Vec<DossierRecord<'a>>,
    fees: Vec<FeeRecord<'a>>,
    steps: Vec<Texts<'a>>,
    requirements: Vec<Texts<'a>>,
    result: Option<Texts<'a>>,
    legal_basis: Vec<String>,
    published_by: Option<String>,
    keywords: Vec<Texts<'a>>,
    status: Status,
    abolished_by: Option<String>,
    abolished_on: Option<Date>,
    notes: Option<Texts<'a>>,
    page: Texts<'a>,
}

#[derive(Serialize)]
struct ChannelRecord<'a> {
    id: String,
    kind: ChannelKind,
    name: Texts<'a>,
    contact: Option<String>,
    address: Option<Texts<'a>>,
    hours: Option<Texts<'a>>,
    answered_by: Option<Texts<'a>>,
    purpose: Texts<'a>,
    notes: Option<Texts<'a>>,
    order: i64,
    page: Texts<'a>,
}

#[derive(Serialize)]
struct KeyFigureRecord<'a> {
    label: Texts<'a>,
    value: FigureValue,
    unit: Option<Texts<'a>>,
}

#[derive(Serialize)]
struct ReportRecord<'a> {
    id: String,
    title: Texts<'a>,
    number: Option<String>,
    date: Option<Date>,
    period: Period,
    issuer: Texts<'a>,
    signer: Option<Texts<'a>>,
    summary: Texts<'a>,
    key_figures: Vec<KeyFigureRecord<'a>>,
    cites: Vec<String>,
    /// The Markdown source of the body, by language.
    body: Texts<'a>,
    page: Texts<'a>,
}

#[derive(Serialize)]
struct EntryRecord<'a> {
    year: i32,
    score: f64,
    rank: Option<u32>,
    out_of: Option<u32>,
    change: Option<f64>,
    source: Option<String>,
    note: Option<Texts<'a>>,
}

#[derive(Serialize)]
struct IndexRecord<'a> {
    id: String,
    short_name: String,
    name: Texts<'a>,
    publisher: Option<Texts<'a>>,
    description: Option<Texts<'a>>,
    unit: IndexUnit,
    scale_max: f64,
    order: i64,
    entries: Vec<EntryRecord<'a>>,
    page: Texts<'a>,
}

#[derive(Serialize)]
struct DocumentRecord<'a> {
    id: String,
    number: String,
    #[serde(rename = "type")]
    kind: DocumentType,
    issuer: Texts<'a>,
    date: Option<Date>,
    title: Texts<'a>,
    url: Option<String>,
    page: Texts<'a>,
}

/// A record of any kind, serialised as the record itself.
#[derive(Serialize)]
#[serde(untagged)]
enum AnyRecord<'a> {
    Procedure(Box<ProcedureRecord<'a>>),
    Channel(ChannelRecord<'a>),
    Report(ReportRecord<'a>),
    Index(IndexRecord<'a>),
    Document(DocumentRecord<'a>),
}

/// Converts the content's texts into language maps.
struct Conv<'a> {
    site: &'a Site,
    base_url: Option<&'a str>,
    /// The site's languages, sorted by code as the maps are.
    languages: &'a [&'a str],
}

impl<'a> Conv<'a> {
    fn texts(&self, text: &'a Text) -> Texts<'a> {
        Texts::Content {
            text,
            default: self.site.default_language(),
        }
    }
    fn opt(&self, t: &'a Option<Text>) -> Option<Texts<'a>> {
        t.as_ref().map(|t| self.texts(t))
    }
    fn list(&self, ts: &'a [Text]) -> Vec<Texts<'a>> {
        ts.iter().map(|t| self.texts(t)).collect()
    }
    /// The record's page in every language.
    fn page(&self, kind: Kind, index: usize) -> Texts<'a> {
        Texts::Pages {
            languages: self.languages,
            base: self.base_url,
            path: record_path(self.site, kind, index),
        }
    }
}

/// The indices of the records of `kind`, in the order of their ids (the files' record order).
fn record_order(site: &Site, kind: Kind) -> Vec<usize> {
    let l = &site.loaded;
    let ids: Vec<&str> = match kind {
        Kind::Procedure => l.procedures.iter().map(|x| x.id.as_str()).collect(),
        Kind::InternalProcedure => l
            .internal_procedures
            .iter()
            .map(|x| x.id.as_str())
            .collect(),
        Kind::Channel => l.channels.iter().map(|x| x.id.as_str()).collect(),
        Kind::Report => l.reports.iter().map(|x| x.meta.id.as_str()).collect(),
        Kind::Index => l.indices.iter().map(|x| x.id.as_str()).collect(),
        Kind::Document => l.documents.iter().map(|x| x.id.as_str()).collect(),
    };
    let mut order: Vec<usize> = (0..ids.len()).collect();
    // Ids are unique within a kind, so this order is total.
    order.sort_by_key(|&i| ids[i]);
    order
}

/// The record `i` of `kind`, as the data files have it.
fn record<'a>(c: &Conv<'a>, kind: Kind, i: usize) -> AnyRecord<'a> {
    let site = c.site;
    let l = &site.loaded;
    match kind {
        Kind::Procedure | Kind::InternalProcedure => {
            let list = if kind == Kind::Procedure {
                &l.procedures
            } else {
                &l.internal_procedures
            };
            let p = &list[i];
            let d = &p.data;
            let record = ProcedureRecord {
                id: p.id.clone(),
                code: d.code.as_ref().map(|x| x.0.clone()),
                name: c.texts(&d.name),
                summary: c.opt(&d.summary),
                field: c.opt(&d.field),
                level: c.opt(&d.level),
                implementing_agency: c.opt(&d.implementing_agency),
                competent_authority: c.opt(&d.competent_authority),
                online_level: d.online_level,
                processing_time: ProcessingTimeRecord {
                    working_days: d.processing_time.as_ref().and_then(|t| t.working_days),
                    note: d.processing_time.as_ref().and_then(|t| c.opt(&t.note)),
                },
                submission: d
                    .submission
                    .iter()
                    .map(|s| SubmissionRecord {
                        method: s.method,
                        address: c.opt(&s.address),
                        url: s.url.clone(),
                        note: c.opt(&s.note),
                    })
                    .collect(),
                dossier: d
                    .dossier
                    .iter()
                    .map(|x| DossierRecord {
                        name: c.texts(&x.name),
                        copies: x.copies,
                        note: c.opt(&x.note),
                    })
                    .collect(),
                fees: d
                    .fees
                    .iter()
                    .map(|f| FeeRecord {
                        description: c.texts(&f.description),
                        amount: f.amount,
                    })
                    .collect(),
                steps: c.list(&d.steps),
                requirements: c.list(&d.requirements),
                result: c.opt(&d.result),
                legal_basis: d.legal_basis.iter().map(|r| r.0.clone()).collect(),
                published_by: d.published_by.as_ref().map(|r| r.0.clone()),
                keywords: c.list(&d.keywords),
                status: d.status,
                abolished_by: d.abolished_by.as_ref().map(|r| r.0.clone()),
                abolished_on: d.abolished_on,
                notes: c.opt(&d.notes),
                page: c.page(kind, i),
            };
            AnyRecord::Procedure(Box::new(record))
        }
        Kind::Channel => {
            let x = &l.channels[i];
            let d = &x.data;
            let record = ChannelRecord {
                id: x.id.clone(),
                kind: d.kind,
                name: c.texts(&d.name),
                contact: d.contact.clone(),
                address: c.opt(&d.address),
                hours: c.opt(&d.hours),
                answered_by: c.opt(&d.answered_by),
                purpose: c.texts(&d.purpose),
                notes: c.opt(&d.notes),
                order: d.order,
                page: c.page(kind, i),
            };
            AnyRecord::Channel(record)
        }
        Kind::Report => {
            let r = &l.reports[i];
            let d = &r.meta.data;
            // A translation file's front matter adds (or replaces) its language's texts.
            let with_translations =
                |base: &'a Text, pick: fn(&model::ReportTranslationMeta) -> Option<&String>| {
                    let mut texts: BTreeMap<_, _> = base.given(site.default_language()).collect();
                    for (lang, tr) in &r.translations {
                        if let Some(s) = pick(&tr.meta.data).filter(|s| !s.trim().is_empty()) {
                            texts.insert(lang.as_str(), s.as_str());
                        }
                    }
                    Texts::Gathered(texts)
                };
            let mut body = BTreeMap::new();
            if !r.body.markdown.trim().is_empty() {
                body.insert(site.default_language(), r.body.markdown.as_str());
            }
            for (lang, tr) in &r.translations {
                if !tr.body.markdown.trim().is_empty() {
                    body.insert(lang.as_str(), tr.body.markdown.as_str());
                }
            }
            let body = Texts::Gathered(body);
            let record = ReportRecord {
                id: r.meta.id.clone(),
                title: with_translations(&d.title, |m| m.title.as_ref()),
                number: d.number.clone(),
                date: d.date,
                period: d.period.clone(),
                issuer: with_translations(&d.issuer, |m| m.issuer.as_ref()),
                signer: d
                    .signer
                    .as_ref()
                    .map(|s| with_translations(s, |m| m.signer.as_ref())),
                summary: with_translations(&d.summary, |m| m.summary.as_ref()),
                key_figures: d
                    .key_figures
                    .iter()
                    .map(|k| KeyFigureRecord {
                        label: c.texts(&k.label),
                        value: k.value.clone(),
                        unit: c.opt(&k.unit),
                    })
                    .collect(),
                cites: d.cites.iter().map(|x| x.0.clone()).collect(),
                body,
                page: c.page(kind, i),
            };
            AnyRecord::Report(record)
        }
        Kind::Index => {
            let x = &l.indices[i];
            let d = &x.data;
            let mut entries: Vec<_> = d.entries.iter().collect();
            entries.sort_by_key(|e| e.year);
            let record = IndexRecord {
                id: x.id.clone(),
                short_name: d.short_name.clone(),
                name: c.texts(&d.name),
                publisher: c.opt(&d.publisher),
                description: c.opt(&d.description),
                unit: d.unit,
                scale_max: d.scale_max,
                order: d.order,
                entries: entries
                    .into_iter()
                    .map(|e| EntryRecord {
                        year: e.year,
                        score: e.score,
                        rank: e.rank,
                        out_of: e.out_of,
                        change: e.change,
                        source: e.source.as_ref().map(|s| s.0.clone()),
                        note: c.opt(&e.note),
                    })
                    .collect(),
                page: c.page(kind, i),
            };
            AnyRecord::Index(record)
        }
        Kind::Document => {
            let x = &l.documents[i];
            let d = &x.data;
            let record = DocumentRecord {
                id: x.id.clone(),
                number: d.number.clone(),
                kind: d.kind,
                issuer: c.texts(&d.issuer),
                date: d.date,
                title: c.texts(&d.title),
                url: d.url.clone(),
                page: c.page(kind, i),
            };
            AnyRecord::Document(record)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    /// The cell of `column` for a JSON record, by the rule in the module documentation: the
    /// reference that [`cells::Cells`] is held to.
    fn cell(record: &Value, column: &str) -> String {
        let path: Vec<&str> = column.split('.').collect();
        let mut cell = cell_at(record, &path);
        cells::formula_guard(&mut cell, has_text_at(record, &path));
        cell
    }

    /// Whether a non-empty string (not a number) is among the values the cell is made of.
    fn has_text_at(value: &Value, path: &[&str]) -> bool {
        match value {
            Value::Array(items) => items.iter().any(|item| has_text_at(item, path)),
            Value::Object(map) => path
                .split_first()
                .is_some_and(|(name, rest)| map.get(*name).is_some_and(|v| has_text_at(v, rest))),
            Value::String(s) => !s.is_empty(),
            _ => false,
        }
    }

    fn cell_at(value: &Value, path: &[&str]) -> String {
        match value {
            Value::Array(items) => items
                .iter()
                .map(|item| cell_at(item, path))
                .collect::<Vec<_>>()
                .join("\n"),
            Value::Object(map) => match path.split_first() {
                Some((name, rest)) => map.get(*name).map_or(String::new(), |v| cell_at(v, rest)),
                None => String::new(),
            },
            Value::Null => String::new(),
            Value::String(s) => s.clone(),
            Value::Bool(b) => b.to_string(),
            Value::Number(n) => n.to_string(),
        }
    }

    /// The cells the CSV writer makes of `record`, against the reference rule on its JSON.
    fn assert_cells_follow_the_rule(record: &impl Serialize, columns: &[String]) {
        let index = cells::CellIndex::new(columns);
        let mut cells = cells::Cells::new(&index);
        let made = cells.of(record).unwrap().to_vec();
        let value = serde_json::to_value(record).unwrap();
        let expected: Vec<String> = columns.iter().map(|c| cell(&value, c)).collect();
        assert_eq!(made, expected, "cells of {value}");
    }

    fn langs() -> Vec<String> {
        ["vi", "en"].map(String::from).to_vec()
    }

    #[test]
    fn columns_follow_the_shape() {
        let cols = columns(&CHANNEL, &langs());
        assert_eq!(&cols[..4], ["id", "kind", "name.vi", "name.en"]);
        let cols = columns(&PROCEDURE, &langs());
        for c in [
            "processing_time.working_days",
            "submission.method",
            "submission.note.en",
            "steps.vi",
            "legal_basis",
            "page.en",
        ] {
            assert!(cols.iter().any(|x| x == c), "{c} in {cols:?}");
        }
    }

    #[test]
    fn cells_flatten_lists_line_by_line() {
        let record = serde_json::json!({
            "id": "x",
            "n": 2.5,
            "name": {"vi": "Tên"},
            "submission": [
                {"method": "online", "note": {"en": "a"}},
                {"method": "post", "note": null}
            ],
            "legal_basis": ["a", "b"],
        });
        assert_eq!(cell(&record, "id"), "x");
        assert_eq!(cell(&record, "n"), "2.5");
        assert_eq!(cell(&record, "name.vi"), "Tên");
        assert_eq!(cell(&record, "name.en"), "");
        assert_eq!(cell(&record, "submission.method"), "online\npost");
        assert_eq!(cell(&record, "submission.note.en"), "a\n");
        assert_eq!(cell(&record, "legal_basis"), "a\nb");
        let columns: Vec<String> = [
            "id",
            "n",
            "name.vi",
            "name.en",
            "submission.method",
            "submission.note.vi",
            "submission.note.en",
            "legal_basis",
            "missing",
        ]
        .map(String::from)
        .to_vec();
        assert_cells_follow_the_rule(&record, &columns);
        // Nested lists, empty lists, booleans, whole and fractional numbers, variants.
        #[derive(Serialize)]
        enum V {
            Unit,
            New(u8),
            Tuple(u8, u8),
            Struct { a: bool },
        }
        let nested = serde_json::json!({
            "l": [{"m": [1, 2], "t": {"vi": "a"}}, {"m": [], "t": null}, {"m": [3.5]}],
            "b": true,
            "f": 3.0,
        });
        assert_cells_follow_the_rule(
            &nested,
            &["l.m", "l.t.vi", "l.t.en", "b", "f"].map(String::from),
        );
        #[derive(Serialize)]
        struct R {
            u: V,
            n: V,
            t: V,
            s: V,
        }
        assert_cells_follow_the_rule(
            &R {
                u: V::Unit,
                n: V::New(1),
                t: V::Tuple(2, 3),
                s: V::Struct { a: false },
            },
            &["u", "n.New", "t.Tuple", "s.Struct.a"].map(String::from),
        );
    }

    #[test]
    fn formula_guard_follows_owasp_and_leaves_numbers_alone() {
        for start in [
            "=",
            "+",
            "-",
            "@",
            "\t",
            "\r",
            "\0",
            "＝",
            "＋",
            "－",
            "＠",
            " =",
            "\u{3000}+",
            "\n@",
        ] {
            let cell = format!("{start}SUM(1+1)");
            assert!(cells::needs_formula_guard(&cell), "{cell:?}");
            let mut text = cell.clone();
            cells::formula_guard(&mut text, true);
            assert_eq!(text, format!("'{cell}"));
            // A cell of numbers only is a number, negative or not.
            let mut number = cell.clone();
            cells::formula_guard(&mut number, false);
            assert_eq!(number, cell);
        }
        for safe in ["", "a=b", "'=x", "Tên", "2.002311", " a", "1-2"] {
            assert!(!cells::needs_formula_guard(safe), "{safe:?}");
        }
        // Through the serializer: texts, numbers, and lists of both.
        let record = serde_json::json!({
            "t": "=1+1", "n": -3, "l": ["-x", "y"], "later": ["y", "-x"],
            "nums": [-1, -2.5], "mixed": [-1, "+cmd"], "empty_first": ["", "@x"],
        });
        let columns: Vec<String> = ["t", "n", "l", "later", "nums", "mixed", "empty_first"]
            .map(String::from)
            .to_vec();
        let index = cells::CellIndex::new(&columns);
        let mut made = cells::Cells::new(&index);
        assert_eq!(
            made.of(&record).unwrap(),
            [
                "'=1+1",
                "-3",
                "'-x\ny",
                "y\n-x",
                "-1\n-2.5",
                "'-1\n+cmd",
                "'\n@x"
            ]
        );
        assert_cells_follow_the_rule(&record, &columns);
    }

    #[test]
    fn csv_has_bom_crlf_and_rfc4180_quoting() {
        #[derive(Serialize)]
        struct R {
            a: String,
            b: String,
        }
        let mut bytes = Vec::new();
        write_csv(
            &["a".to_owned(), "b".to_owned()],
            [R {
                a: "say \"hi\", \"bye\"".into(),
                b: "line\nbreak".into(),
            }],
            &mut bytes,
        )
        .unwrap();
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
        let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
        assert_eq!(
            text,
            "a,b\r\n\"say \"\"hi\"\", \"\"bye\"\"\",\"line\nbreak\"\r\n"
        );
    }

    /// The shapes name the same fields, in the same order, as the serialised records.
    #[test]
    fn shapes_match_the_records() {
        fn check(shape: &Shape, value: &Value, at: &str) {
            match (shape, value) {
                (Record(fields), Value::Object(map)) => {
                    let names: Vec<&str> = fields.iter().map(|(n, _)| *n).collect();
                    let mut keys: Vec<&str> = map.keys().map(String::as_str).collect();
                    let mut sorted = names.clone();
                    sorted.sort_unstable();
                    keys.sort_unstable();
                    assert_eq!(sorted, keys, "fields of {at}");
                    for (name, inner) in *fields {
                        check(inner, &map[*name], &format!("{at}.{name}"));
                    }
                }
                (List(inner), Value::Array(items)) => {
                    for item in items {
                        check(inner, item, at);
                    }
                }
                (T, Value::Object(map)) => {
                    assert!(map.values().all(Value::is_string), "{at}")
                }
                (JsonOnly(inner), v) => check(inner, v, at),
                (Scalar, v) => assert!(!v.is_object(), "{at} is a scalar"),
                (_, Value::Null) => {}
                (s, v) => panic!("{at}: {s:?} does not fit {v}"),
            }
        }
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .ancestors()
            .nth(2)
            .unwrap();
        let (loaded, _) = load::load(root);
        let (site, diags) = validate::validate(loaded.expect("the shipped site loads"));
        assert!(diags.is_empty(), "{diags:?}");
        let languages = sorted_languages(&site);
        for kind in Kind::ALL {
            let conv = Conv {
                site: &site,
                base_url: None,
                languages: &languages,
            };
            let columns = columns(shape(kind), site.languages());
            let records: Vec<AnyRecord> = record_order(&site, kind)
                .into_iter()
                .map(|i| record(&conv, kind, i))
                .collect();
            assert!(!records.is_empty(), "{kind:?}");
            for r in &records {
                let value = serde_json::to_value(r).unwrap();
                check(shape(kind), &value, kind.folder());
                assert_cells_follow_the_rule(r, &columns);
                // The order of the JSON fields is the order of the shape.
                let text = serde_json::to_string(r).unwrap();
                let positions: Vec<usize> = top_fields(shape(kind))
                    .iter()
                    .map(|f| text.find(&format!("\"{f}\":")).unwrap())
                    .collect();
                assert!(positions.windows(2).all(|w| w[0] < w[1]), "{kind:?}");
            }
        }
    }
}
