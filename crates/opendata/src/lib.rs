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
pub mod files;

use load::Kind;
use model::Data;
use output::OutputFile;
use plan::record_path;
use rayon::prelude::*;
use serde::Serialize;
use serde::ser::SerializeMap;
use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::PathBuf;
use validate::Site;

/// The folder of the data files below the output root.
pub const DATA_DIR: &str = "data";

/// A record's page in every language (`languages`, sorted): `{base}/{lang}/{path}`, or
/// `{lang}/{path}`.
struct Pages<'a> {
    languages: &'a [&'a str],
    base: Option<&'a str>,
    path: String,
}

impl Serialize for Pages<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let Pages {
            languages,
            base,
            path,
        } = self;
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

/// The open data as an output of the site: each file is written into the sink as it is made
/// (a build streams it to disk, the preview compresses it as it comes), and the data page is
/// told each file's size and fields (`data_files`).
pub struct OpenData;

impl publish::Output for OpenData {
    fn name(&self) -> &'static str {
        "open data"
    }
    fn site_files(
        &self,
        input: publish::SiteInput<'_>,
        sink: &publish::Emit<'_>,
    ) -> publish::PageValues {
        let sizes = open_data(input.site, input.base_url, sink);
        catalogue(input.site, &sizes)
    }
}

/// What the data page is told of the data files.
fn catalogue(site: &Site, sizes: &[Written]) -> publish::PageValues {
    let files = serde_json::to_value(describe(site, sizes)).expect("the catalogue serialises");
    vec![("data_files", files)]
}

/// The JSON and CSV files of every record kind of `site`, written into `sink` side by side, each
/// as it is made (a sink that writes to disk or compresses never holds one whole); returns their
/// sizes. `base_url`, when known, makes the records' page addresses absolute.
pub fn open_data(site: &Site, base_url: Option<&str>, sink: &publish::Emit<'_>) -> Vec<Written> {
    // Each kind's files, then the list of the files to download (`None`).
    let files: Vec<(Option<Kind>, &str)> = data_files()
        .map(|(kind, format)| (Some(kind), format))
        .chain(FORMATS.map(|format| (None, format)))
        .collect();
    files
        .into_par_iter()
        .map(|(kind, format)| {
            let path = match kind {
                Some(kind) => data_path(kind, format),
                None => files::files_data_path(format),
            };
            let written = sink.write(path.clone(), &mut |out| match kind {
                Some(kind) => write_file(site, base_url, kind, format, out),
                None => files::write_files_data(site, format, out),
            });
            // A sink that fails keeps the failure and reports it (a build, when it would swap
            // the output in); writing into memory cannot fail.
            Written {
                path,
                bytes: written.unwrap_or_default() as usize,
            }
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
    let conv = &conv;
    let records = order.iter().map(|&i| OpenRecord { conv, kind, i });
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
        write_csv(&columns(kind, site.languages()), records, out)
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
    /// The theme string that names the kind's records: its section's menu label, or for a
    /// kind without a list `list_<name>` (`pipeline::cross_check` requires it).
    pub label_key: String,
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
        for (format, fields) in [
            ("json", top_fields(kind)),
            ("csv", columns(kind, site.languages())),
        ] {
            let path = data_path(kind, format);
            if let Some(file) = files.iter().find(|f| f.path == path) {
                out.push(FileInfo {
                    kind: kind.folder(),
                    label_key: match kind.def().section {
                        Some(section) => section.label_key().to_owned(),
                        None => format!("list_{}", kind.name()),
                    },
                    format,
                    path: path.to_string_lossy().replace('\\', "/"),
                    bytes: file.bytes,
                    records,
                    fields,
                });
            }
        }
    }
    for format in FORMATS {
        let path = files::files_data_path(format);
        if let Some(file) = files.iter().find(|f| f.path == path) {
            out.push(FileInfo {
                kind: files::FILES_DATA,
                label_key: format!("list_{}", files::FILES_DATA),
                format,
                path: path.to_string_lossy().replace('\\', "/"),
                bytes: file.bytes,
                records: site.loaded.files.len(),
                fields: files::FIELDS.map(str::to_owned).to_vec(),
            });
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// The shape of each kind's records: what the CSV columns and the data page's field lists follow.

use Shape::{JsonOnly, List, Record, Scalar, Text as T};
pub use model::Shape;

/// Every record's first field.
const ID: (&str, Shape) = ("id", Scalar);
/// A Markdown kind's body: its Markdown source by language, in the JSON only.
const BODY: (&str, Shape) = ("body", JsonOnly(&T));
/// Every record's last field: its page in every language.
const PAGE: (&str, Shape) = ("page", T);

/// The fields of a record of `kind`, in order: its id, the fields of its kind's definition
/// (`kind::KindDef::open_data`), a Markdown kind's body, its page.
pub fn fields(kind: Kind) -> Vec<&'static (&'static str, Shape)> {
    std::iter::once(&ID)
        .chain(kind.def().open_data)
        .chain(kind.is_markdown().then_some(&BODY))
        .chain(std::iter::once(&PAGE))
        .collect()
}

/// The JSON fields of a record of `kind`.
fn top_fields(kind: Kind) -> Vec<String> {
    fields(kind)
        .iter()
        .map(|(name, _)| (*name).to_owned())
        .collect()
}

/// The CSV columns of a record of `kind`: paths joined with `.`, one per language for texts.
pub fn columns(kind: Kind, languages: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for (name, shape) in fields(kind) {
        columns_of(shape, name, languages, &mut out);
    }
    out
}

/// The CSV columns of a value of `shape` at `prefix`.
fn columns_of(shape: &Shape, prefix: &str, languages: &[String], out: &mut Vec<String>) {
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
                columns_of(inner, &join(name), languages, out);
            }
        }
        List(inner) => columns_of(inner, prefix, languages, out),
        JsonOnly(_) => {}
    }
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
// The records, as they are serialised: each kind's `model::Record::open_data` between the id
// and the page, with texts as objects by language.

/// Converts the content's texts into language maps.
struct Conv<'a> {
    site: &'a Site,
    base_url: Option<&'a str>,
    /// The site's languages, sorted by code as the maps are.
    languages: &'a [&'a str],
}

/// The record `i` of `kind`, as the data files have it.
struct OpenRecord<'a> {
    conv: &'a Conv<'a>,
    kind: Kind,
    i: usize,
}

impl Serialize for OpenRecord<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let Conv {
            site,
            base_url,
            languages,
        } = self.conv;
        let (kind, i) = (self.kind, self.i);
        let records = site.loaded.records(kind);
        let default = site.default_language();
        let fields = records.data(i).open_data();
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("id", records.id(i))?;
        let value = |data| Value {
            data,
            records,
            i,
            conv: self.conv,
        };
        for (name, data) in &fields {
            map.serialize_entry(name, &value(data))?;
        }
        if kind.is_markdown() {
            let bodies: BTreeMap<&str, &str> = (records.bodies(i, default).into_iter())
                .filter(|(_, body)| !body.is_blank())
                .map(|(lang, body)| (lang, body.markdown.as_str()))
                .collect();
            map.serialize_entry("body", &bodies)?;
        }
        map.serialize_entry(
            "page",
            &Pages {
                languages,
                base: *base_url,
                path: record_path(site, kind, i),
            },
        )?;
        map.end()
    }
}

/// One open-data value of the record `i` of `records`.
struct Value<'a, 'd> {
    data: &'d Data<'a>,
    records: &'a dyn load::RecordList,
    i: usize,
    conv: &'a Conv<'a>,
}

impl Serialize for Value<'_, '_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let inner = |data| Value { data, ..*self };
        match self.data {
            Data::Null => serializer.serialize_none(),
            Data::Str(s) => serializer.serialize_str(s),
            Data::Float(n) => serializer.serialize_f64(*n),
            Data::Int(n) => serializer.serialize_i64(*n),
            Data::Date(d) => d.serialize(serializer),
            Data::Text(field, text) => {
                let default = self.conv.site.default_language();
                // A translation file's front matter adds (or replaces) its language's text.
                let translated: Vec<(&str, &str)> = (self.conv.languages.iter())
                    .filter_map(|lang| {
                        (self.records.translated(self.i, lang, field)).map(|s| (*lang, s))
                    })
                    .collect();
                if translated.is_empty() {
                    serializer.collect_map(text.given(default))
                } else {
                    let mut texts: BTreeMap<&str, &str> = text.given(default).collect();
                    texts.extend(translated);
                    serializer.collect_map(texts)
                }
            }
            Data::Record(fields) => {
                let mut map = serializer.serialize_map(Some(fields.len()))?;
                for (name, data) in fields {
                    map.serialize_entry(name, &inner(data))?;
                }
                map.end()
            }
            Data::List(items) => serializer.collect_seq(items.iter().map(inner)),
        }
    }
}

/// The indices of the records of `kind`, in the order of their ids (the files' record order).
fn record_order(site: &Site, kind: Kind) -> Vec<usize> {
    let records = site.loaded.records(kind);
    let mut order: Vec<usize> = (0..records.len()).collect();
    // Ids are unique within a kind, so this order is total.
    order.sort_by_key(|&i| records.id(i));
    order
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
        let cols = columns(Kind::Channel, &langs());
        assert_eq!(&cols[..4], ["id", "kind", "name.vi", "name.en"]);
        let cols = columns(Kind::Procedure, &langs());
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
        assert_eq!(cols.last().map(String::as_str), Some("page.en"));
        // A report's body is in its JSON only.
        let cols = columns(Kind::Report, &langs());
        assert!(!cols.iter().any(|c| c.starts_with("body")), "{cols:?}");
        assert!(top_fields(Kind::Report).contains(&"body".to_owned()));
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
        fn check_fields<'s>(
            fields: impl IntoIterator<Item = &'s (&'static str, Shape)>,
            map: &serde_json::Map<String, Value>,
            at: &str,
        ) {
            let fields: Vec<_> = fields.into_iter().collect();
            let mut names: Vec<&str> = fields.iter().map(|(n, _)| *n).collect();
            let mut keys: Vec<&str> = map.keys().map(String::as_str).collect();
            names.sort_unstable();
            keys.sort_unstable();
            assert_eq!(names, keys, "fields of {at}");
            for (name, inner) in fields {
                check(inner, &map[*name], &format!("{at}.{name}"));
            }
        }
        fn check(shape: &Shape, value: &Value, at: &str) {
            match (shape, value) {
                (Record(fields), Value::Object(map)) => check_fields(fields.iter(), map, at),
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
        let conv = Conv {
            site: &site,
            base_url: None,
            languages: &languages,
        };
        for kind in Kind::ALL {
            let columns = columns(kind, site.languages());
            let records: Vec<OpenRecord> = record_order(&site, kind)
                .into_iter()
                .map(|i| OpenRecord {
                    conv: &conv,
                    kind,
                    i,
                })
                .collect();
            assert!(!records.is_empty(), "{kind:?}");
            for r in &records {
                let value = serde_json::to_value(r).unwrap();
                let map = value.as_object().expect("a record is an object");
                check_fields(fields(kind), map, kind.folder());
                assert_cells_follow_the_rule(r, &columns);
                // The order of the JSON fields is the order of the shape.
                let text = serde_json::to_string(r).unwrap();
                let positions: Vec<usize> = top_fields(kind)
                    .iter()
                    .map(|f| text.find(&format!("\"{f}\":")).unwrap())
                    .collect();
                assert!(positions.windows(2).all(|w| w[0] < w[1]), "{kind:?}");
            }
        }
    }
}
