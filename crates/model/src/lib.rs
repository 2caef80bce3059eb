//! The typed records of a portal, as `docs/content-model.md` describes them.
//!
//! These structs are what content files deserialise into. Unknown fields are refused (they are
//! nearly always typos), and values with a format of their own ([`Date`], [`ProcedureCode`]) are
//! checked while deserialising, so that serde_yaml reports the exact line and column.

mod data;
pub mod limits;
use Shape::{List, Record as Rec, Scalar, Text as T};
pub use data::{Data, Shape};

use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use text::Text;

/// A calendar date, written `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    pub fn parse(s: &str) -> Result<Date, String> {
        let parts: Vec<&str> = s.trim().split('-').collect();
        let [y, m, d] = parts.as_slice() else {
            return Err(format!("`{s}` is not a valid date in the form YYYY-MM-DD"));
        };
        let digits = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
        if !(digits(y, 4) && digits(m, 2) && digits(d, 2)) {
            return Err(format!("`{s}` is not a valid date in the form YYYY-MM-DD"));
        }
        let (year, month, day): (i32, u32, u32) = (
            y.parse().unwrap_or(0),
            m.parse().unwrap_or(0),
            d.parse().unwrap_or(0),
        );
        if !(1..=12).contains(&month) {
            return Err(format!(
                "`{s}` is not a valid date: there is no month {month}"
            ));
        }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days = match month {
            2 if leap => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        if day == 0 || day > days {
            return Err(format!(
                "`{s}` is not a valid date: month {month} of {year} has {days} days"
            ));
        }
        Ok(Date { year, month, day })
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        Date::parse(&s).map_err(de::Error::custom)
    }
}

impl schemars::JsonSchema for Date {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Date".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A date, written YYYY-MM-DD (2025-01-31); it must exist in the calendar.",
            "examples": ["2025-01-31"],
            "type": "string",
            "format": "date",
            "pattern": "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
        })
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// A whole number written in a content file, read into `T` (`u32` for a rank, `i32` for a
/// year). Anything else is refused in plain words, naming the value: serde's own message
/// ("invalid type: floating point `1.5`, expected u32") speaks to programmers, not to staff.
/// Ranges (a rank from 1 up, a year from 1945) are checked by [`validate`], which can
/// report every problem of a file at once.
pub fn whole_number<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: TryFrom<i128>,
{
    // The value is converted inside the visitor: an error raised there is placed at the value,
    // one raised after it at the start of the enclosing mapping.
    deserializer.deserialize_any(WholeNumber(std::marker::PhantomData))
}

/// [`whole_number`] for a field that may be left out or left empty (`rank: ~`).
pub fn optional_whole_number<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: TryFrom<i128>,
{
    struct Opt<T>(std::marker::PhantomData<T>);
    impl<'de, T: TryFrom<i128>> de::Visitor<'de> for Opt<T> {
        type Value = Option<T>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a whole number such as 3")
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            whole_number(d).map(Some)
        }
    }
    deserializer.deserialize_option(Opt(std::marker::PhantomData))
}

struct WholeNumber<T>(std::marker::PhantomData<T>);

impl<T: TryFrom<i128>> WholeNumber<T> {
    fn fit<E: de::Error>(v: i128) -> Result<T, E> {
        T::try_from(v).map_err(|_| {
            if v < 0 {
                E::custom(format_args!(
                    "`{v}` is below zero: write a whole number of 0 or more, e.g. 3"
                ))
            } else {
                E::custom(format_args!("`{v}` is far too large for this field"))
            }
        })
    }
}

impl<'de, T: TryFrom<i128>> de::Visitor<'de> for WholeNumber<T> {
    type Value = T;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a whole number such as 3")
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<T, E> {
        Self::fit(v.into())
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<T, E> {
        Self::fit(v.into())
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<T, E> {
        Self::fit(v)
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<T, E> {
        let v = i128::try_from(v)
            .map_err(|_| E::custom(format_args!("`{v}` is far too large for this field")))?;
        Self::fit(v)
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<T, E> {
        // `3.0` is a whole number written with a decimal point: accepted.
        if v.is_finite() && v.fract() == 0.0 && v.abs() < 1e18 {
            Self::fit(v as i128)
        } else if v.is_finite() && v.fract() == 0.0 {
            Err(E::custom(format_args!(
                "`{v:e}` is far too large for this field"
            )))
        } else if v.is_finite() {
            Err(E::custom(format_args!(
                "`{v}` is not a whole number: write it without a fraction, e.g. 3"
            )))
        } else {
            Err(E::custom(format_args!(
                "`{}` is not a number: write a whole number, e.g. 3",
                yaml_float(v)
            )))
        }
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        Err(E::custom(format_args!(
            "`{v}` is text, not a whole number: write digits only, without quotes, e.g. 3"
        )))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<T, E> {
        Err(E::custom(format_args!(
            "`{v}` is not a whole number: write digits only, e.g. 3"
        )))
    }
}

/// A float as it is written in YAML: `.nan`, `.inf`, `-.inf` for those that are not finite.
pub fn yaml_float(v: f64) -> String {
    if v.is_nan() {
        ".nan".to_owned()
    } else if v.is_infinite() {
        if v > 0.0 { ".inf" } else { "-.inf" }.to_owned()
    } else {
        v.to_string()
    }
}

/// A national procedure code such as `2.002311`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct ProcedureCode(pub String);

impl<'de> Deserialize<'de> for ProcedureCode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // A code written without quotes reads as a number and loses its trailing zeros, so it
        // must be a string; the error says how to write it.
        let s = match serde_yaml::Value::deserialize(deserializer)? {
            serde_yaml::Value::String(s) => s,
            other => {
                return Err(de::Error::custom(format_args!(
                    "procedure code must be quoted, e.g. \"2.002311\" (found {})",
                    serde_yaml::to_string(&other).unwrap_or_default().trim()
                )));
            }
        };
        let ok = s.split_once('.').is_some_and(|(a, b)| {
            !a.is_empty()
                && a.bytes().all(|c| c.is_ascii_digit())
                && b.len() == 6
                && b.bytes().all(|c| c.is_ascii_digit())
        });
        if ok {
            Ok(ProcedureCode(s))
        } else {
            Err(de::Error::custom(format_args!(
                "`{s}` is not a national procedure code like 2.002311"
            )))
        }
    }
}

/// A file to download, kept in the folder content/files/: either one path, `files/mau-don.pdf`,
/// for every language, or one path per language, `{vi: files/mau-don.pdf, en:
/// files/application-form-en.pdf}`. A page shows the file of its own language, else the
/// default language's; one path counts as a file in the default language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum FileRef {
    /// One file, for every language.
    One(String),
    /// One file per language, by language code.
    ByLanguage(BTreeMap<String, String>),
}

impl FileRef {
    /// Every path with its language (`None`: one file for every language) and the field path
    /// below the `FileRef` (`""` or `.en`).
    pub fn paths(&self) -> Vec<(Option<&str>, &str)> {
        match self {
            FileRef::One(path) => vec![(None, path.as_str())],
            FileRef::ByLanguage(map) => map
                .iter()
                .map(|(lang, path)| (Some(lang.as_str()), path.as_str()))
                .collect(),
        }
    }

    /// The file a page in `lang` shows, and the file's language: `lang`'s own, else the
    /// default language's; one path is the default language's file.
    pub fn for_language<'a>(
        &'a self,
        lang: &'a str,
        default: &'a str,
    ) -> Option<(&'a str, &'a str)> {
        match self {
            FileRef::One(path) => Some((default, path)),
            FileRef::ByLanguage(map) => map
                .get_key_value(lang)
                .or_else(|| map.get_key_value(default))
                .map(|(l, p)| (l.as_str(), p.as_str())),
        }
    }
}

/// Read by hand rather than as an untagged enum, whose error ("did not match any variant") would
/// tell staff nothing.
impl<'de> Deserialize<'de> for FileRef {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> de::Visitor<'de> for Visit {
            type Value = FileRef;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(
                    "a file path such as `files/mau-don.pdf`, or one path per language code",
                )
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<FileRef, E> {
                Ok(FileRef::One(v.to_owned()))
            }
            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<FileRef, A::Error> {
                let mut out = BTreeMap::new();
                while let Some((lang, path)) = map.next_entry::<String, String>()? {
                    if out.contains_key(&lang) {
                        return Err(de::Error::custom(format!(
                            "the language `{lang}` is given twice"
                        )));
                    }
                    out.insert(lang, path);
                }
                Ok(FileRef::ByLanguage(out))
            }
        }
        deserializer.deserialize_any(Visit)
    }
}

impl schemars::JsonSchema for FileRef {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "FileRef".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A file in content/files/, written files/<name> (e.g. files/mau-don.pdf), or one such file per language code ({vi: files/mau-don.pdf, en: files/form-en.pdf}). Allowed: PDF, DOC, DOCX, XLS, XLSX, ODT, ODS, PNG, JPEG, GIF, WebP, ZIP.",
            "examples": ["files/mau-don.pdf"],
            "anyOf": [
                {"type": "string", "pattern": FILE_PATH_PATTERN},
                {
                    "type": "object",
                    "minProperties": 1,
                    "additionalProperties": {"type": "string", "pattern": FILE_PATH_PATTERN}
                }
            ]
        })
    }
}

/// What a path to a file in content/files/ looks like (`files/mau-don.pdf`), for editors; the
/// validate stage checks it exactly.
pub const FILE_PATH_PATTERN: &str = r"^files/[^/\\]+$";

/// The file types content/files/ may hold, by extension, with their format name as pages show
/// it. HTML, SVG, scripts and programs are not among them: a file published on the portal's
/// own address must not be able to run script there.
pub const FILE_TYPES: &[(&str, &str)] = &[
    ("pdf", "PDF"),
    ("doc", "DOC"),
    ("docx", "DOCX"),
    ("xls", "XLS"),
    ("xlsx", "XLSX"),
    ("odt", "ODT"),
    ("ods", "ODS"),
    ("png", "PNG"),
    ("jpg", "JPEG"),
    ("jpeg", "JPEG"),
    ("gif", "GIF"),
    ("webp", "WebP"),
    ("zip", "ZIP"),
];

/// The format name of an allowed file extension (any case), `None` for a type not allowed.
pub fn file_format(extension: &str) -> Option<&'static str> {
    let ext = extension.to_ascii_lowercase();
    FILE_TYPES
        .iter()
        .find(|(e, _)| *e == ext)
        .map(|(_, name)| *name)
}

/// The id of a document or report record, cited by another record.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(transparent)]
pub struct Reference(pub String);

impl schemars::JsonSchema for ProcedureCode {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "ProcedureCode".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A national procedure code, in quotes: \"2.002311\".",
            "examples": ["2.002311"],
            "type": "string",
            "pattern": "^[0-9]+\\.[0-9]{6}$"
        })
    }
}

impl schemars::JsonSchema for Reference {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Reference".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "The id of a document (content/documents/) or report (content/reports/): its file name without the extension, e.g. 1260-qd-ubnd-2024.",
            "type": "string",
            "examples": ["1260-qd-ubnd-2024"],
            "pattern": "^[a-z0-9][a-z0-9.-]*$",
            "maxLength": 120
        })
    }
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    /// The portal's title, shown in the header of every page.
    pub title: Text,
    /// The languages to build, in menu order, as language codes (vi, en, ja, zh, ko). Each needs the
    /// theme's strings, themes/<theme>/i18n/<code>.yaml. Default: [vi, en, ja, zh, ko].
    #[serde(default = "default_languages")]
    #[schemars(inner(regex(pattern = "^[a-z]{2,3}$")), length(min = 1))]
    pub languages: Vec<String>,
    /// The language of texts written as a plain string, and the one shown when a translation is
    /// missing. Default: vi.
    #[serde(default = "default_language")]
    #[schemars(regex(pattern = "^[a-z]{2,3}$"))]
    pub default_language: String,
    /// The web address the portal is published at (https://…), for canonical links, the sitemap and
    /// feeds. `minhbach build --base-url` overrides it.
    #[serde(default)]
    #[schemars(regex(pattern = r"^https?://[^\s/]+\S*$"))]
    #[schemars(example = "https://example.gov.vn/")]
    pub base_url: Option<String>,
    /// The theme: the name of a folder in themes/. Default: default.
    #[serde(default = "default_theme")]
    pub theme: String,
    /// The agency that publishes the portal.
    pub agency: Agency,
    /// The main menu, in order. Each item is a section (`section: procedures`), a page of
    /// content/pages (`page: about`) or a link (`label` and `url`). Default: every section.
    #[serde(default)]
    pub menu: Option<Vec<MenuItem>>,
    /// The links at the foot of every page, in order, written as menu items are: usually pages
    /// such as the accessibility statement (`page: accessibility`). Default: none.
    #[serde(default)]
    pub footer: Vec<MenuItem>,
    /// Where "last updated" dates and change histories come from, and what pages show of them.
    #[serde(default)]
    pub history: HistoryConfig,
    /// How many records a list page shows before it continues on a numbered next page. Default: 100.
    #[serde(default = "default_page_size", deserialize_with = "whole_number")]
    #[schemars(range(min = 1, max = limits::MAX_PAGE_SIZE))]
    pub page_size: usize,
    /// The portal's own paragraph under the heading of a section's list page: what the list holds and
    /// what it leaves out.
    #[serde(default)]
    pub intros: Intros,
    /// The tags news items may carry (`tags: [cai-cach-hanh-chinh]`), in the order the news page
    /// lists them: each an id and its name in the site's languages. Each tag has a page of the
    /// news that carry it.
    #[serde(default)]
    pub news_tags: Vec<NewsTag>,
    /// Limits on reading content files.
    #[serde(default)]
    pub limits: Limits,
}

/// A tag of news items.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NewsTag {
    /// What news items write in `tags:`, and the address of its page (`news/tags/<id>/`): lower-case
    /// letters, digits and `-`.
    #[schemars(regex(pattern = "^[a-z0-9]+(-[a-z0-9]+)*$"))]
    pub id: String,
    /// Its name.
    pub name: Text,
}

/// One optional paragraph for each list page.
// A named struct rather than a map, so that a misspelt section (or `home`, which has
// `agency.description`) is an unknown-field error.
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Intros {
    /// Under the heading of the procedures list.
    #[serde(default)]
    pub procedures: Option<Text>,
    /// Under the heading of the internal procedures list.
    #[serde(default)]
    pub internal_procedures: Option<Text>,
    /// Under the heading of the channels list.
    #[serde(default)]
    pub channels: Option<Text>,
    /// Under the heading of the reports list.
    #[serde(default)]
    pub reports: Option<Text>,
    /// Under the heading of the indices list.
    #[serde(default)]
    pub indices: Option<Text>,
    /// Under the heading of the documents list.
    #[serde(default)]
    pub documents: Option<Text>,
    /// Under the heading of the news list.
    #[serde(default)]
    pub news: Option<Text>,
    /// Under the heading of the organisation page (the list of units).
    #[serde(default)]
    pub units: Option<Text>,
}

impl Intros {
    /// Each given paragraph with its key for templates (`site.intros.internal_procedures`).
    pub fn given(&self) -> impl Iterator<Item = (&'static str, &Text)> {
        [
            ("procedures", &self.procedures),
            ("internal_procedures", &self.internal_procedures),
            ("channels", &self.channels),
            ("reports", &self.reports),
            ("indices", &self.indices),
            ("documents", &self.documents),
            ("news", &self.news),
            ("units", &self.units),
        ]
        .into_iter()
        .filter_map(|(key, text)| text.as_ref().map(|t| (key, t)))
    }
}

/// Limits that keep a broken or hostile file from exhausting the machine that builds the site.
#[derive(Debug, Clone, Copy, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Limits {
    /// The largest content file read, in MB of 1,048,576 bytes. Default: 10.
    #[serde(default = "default_max_file_size_mb")]
    #[schemars(range(min = 1))]
    pub max_file_size_mb: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_size_mb: default_max_file_size_mb(),
        }
    }
}

impl Limits {
    /// The largest content file, in bytes.
    pub fn max_file_size(&self) -> u64 {
        self.max_file_size_mb.saturating_mul(1024 * 1024)
    }
}

/// The largest content file read unless `limits.max_file_size_mb` in site.yaml says otherwise.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 10 * 1024 * 1024;

fn default_max_file_size_mb() -> u64 {
    DEFAULT_MAX_FILE_SIZE / (1024 * 1024)
}

/// Small enough for a phone, large enough that a city portal's lists stay on one page.
fn default_page_size() -> usize {
    100
}

fn default_languages() -> Vec<String> {
    ["vi", "en", "ja", "zh", "ko"].map(String::from).to_vec()
}
fn default_language() -> String {
    "vi".to_owned()
}
fn default_theme() -> String {
    "default".to_owned()
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Agency {
    /// The agency's name.
    pub name: Text,
    /// The body it belongs to.
    #[serde(default)]
    pub parent: Option<Text>,
    /// A paragraph on the home page about the agency.
    #[serde(default)]
    pub description: Option<Text>,
    /// Its postal address.
    #[serde(default)]
    pub address: Option<Text>,
    /// Its telephone number, only if published: digits, spaces, -, ., ( ) and an optional + in front.
    #[serde(default)]
    pub phone: Option<String>,
    /// Its e-mail address, only if published (without mailto:).
    #[serde(default)]
    #[schemars(email, regex(pattern = r"^[^@\s?#%:]+@[^@\s?#%:]+\.[^@\s?#%:]+$"))]
    #[schemars(example = "tiepnhan@example.gov.vn")]
    pub email: Option<String>,
    /// Its web site (https://…).
    #[serde(default)]
    #[schemars(regex(pattern = r"^https?://[^\s/]+\S*$"))]
    #[schemars(example = "https://example.gov.vn/")]
    pub website: Option<String>,
    /// The administrative area the agency serves.
    #[serde(default)]
    pub area_served: Option<Text>,
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(untagged, deny_unknown_fields)]
pub enum MenuItem {
    Section {
        /// A section of the portal.
        section: Section,
    },
    Page {
        /// The id of a page: its file name in content/pages without `.md`.
        page: String,
    },
    Link {
        /// The link's text.
        label: Text,
        /// Where it leads (https://…).
        #[schemars(regex(pattern = r"^https?://[^\s/]+\S*$"))]
        url: String,
    },
}

/// The sections of a portal, each with its list page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, schemars::JsonSchema, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Section {
    Home,
    Procedures,
    InternalProcedures,
    Channels,
    Reports,
    Indices,
    Documents,
    News,
    Units,
}

impl Section {
    pub const ALL: [Section; 9] = [
        Section::Home,
        Section::Procedures,
        Section::InternalProcedures,
        Section::Channels,
        Section::Reports,
        Section::Indices,
        Section::Documents,
        Section::News,
        Section::Units,
    ];

    /// The URL path of the section below a language prefix (`""` for home).
    pub fn path(self) -> &'static str {
        match self {
            Section::Home => "",
            Section::Procedures => "procedures/",
            Section::InternalProcedures => "internal-procedures/",
            Section::Channels => "channels/",
            Section::Reports => "reports/",
            Section::Indices => "indices/",
            Section::Documents => "documents/",
            Section::News => "news/",
            Section::Units => "units/",
        }
    }

    /// The key of the section's name among the theme's strings.
    pub fn label_key(self) -> &'static str {
        match self {
            Section::Home => "nav_home",
            Section::Procedures => "nav_procedures",
            Section::InternalProcedures => "nav_internal_procedures",
            Section::Channels => "nav_channels",
            Section::Reports => "nav_reports",
            Section::Indices => "nav_indices",
            Section::Documents => "nav_documents",
            Section::News => "nav_news",
            Section::Units => "nav_units",
        }
    }
}

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Deserialize,
    schemars::JsonSchema,
    Serialize,
    strum::VariantArray,
    strum::IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum OnlineLevel {
    Full,
    Partial,
    None,
}

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Default,
    Deserialize,
    schemars::JsonSchema,
    Serialize,
    strum::IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Status {
    #[default]
    InForce,
    Abolished,
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProcessingTime {
    /// How many working days it takes, from 0 to 3650, whole or half (0.5 is half a day).
    #[serde(default)]
    #[schemars(range(min = 0, max = limits::MAX_WORKING_DAYS), extend("multipleOf" = 0.5))]
    pub working_days: Option<f64>,
    /// A note on the time, e.g. from which day it counts.
    #[serde(default)]
    pub note: Option<Text>,
}

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Deserialize,
    schemars::JsonSchema,
    Serialize,
    strum::VariantArray,
    strum::IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum SubmissionMethod {
    Online,
    InPerson,
    Post,
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Submission {
    /// How the dossier is submitted.
    pub method: SubmissionMethod,
    /// Where to submit it.
    #[serde(default)]
    pub address: Option<Text>,
    /// For online submission: the address of the service (https://…).
    #[serde(default)]
    #[schemars(regex(pattern = r"^https?://[^\s/]+\S*$"))]
    #[schemars(example = "https://dichvucong.gov.vn/")]
    pub url: Option<String>,
    /// Anything else about this way of submitting.
    #[serde(default)]
    pub note: Option<Text>,
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DossierItem {
    /// The document to bring.
    pub name: Text,
    /// How many copies to bring (1 to 100); leave it out when the decision does not say.
    #[serde(default, deserialize_with = "optional_whole_number")]
    #[schemars(range(min = 1, max = limits::MAX_COPIES))]
    pub copies: Option<u32>,
    /// A note on the document, e.g. original or certified copy.
    #[serde(default)]
    pub note: Option<Text>,
    /// The blank form to fill in, if the agency offers one for download: a file in
    /// content/files/, written `files/mau-don.pdf`; or one file per language where the form
    /// exists in several, `{vi: files/mau-don.pdf, en: files/application-form-en.pdf}`.
    #[serde(default)]
    pub form: Option<FileRef>,
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Fee {
    /// What the fee is for.
    pub description: Text,
    /// The amount in đồng, a whole number without dots or spaces; 0 means free of charge.
    #[serde(default)]
    #[schemars(range(min = 0, max = limits::MAX_FEE), extend("multipleOf" = 1))]
    pub amount: Option<f64>,
}

/// An administrative procedure: public (content/procedures/) or internal, between state bodies
/// (content/internal-procedures/).
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Procedure {
    /// The national procedure code, in quotes ("2.002311"); it becomes the page's address. Required
    /// for a public procedure in force.
    #[serde(default)]
    pub code: Option<ProcedureCode>,
    /// The official name.
    pub name: Text,
    /// One or two plain sentences on who needs it.
    #[serde(default)]
    pub summary: Option<Text>,
    /// The field (lĩnh vực), e.g. Ngoại vụ. Required for a public procedure in force.
    #[serde(default)]
    pub field: Option<Text>,
    /// The level that carries it out (cấp thực hiện), e.g. Cấp tỉnh. Required for a public procedure
    /// in force.
    #[serde(default)]
    pub level: Option<Text>,
    /// The agency that receives and processes the dossier. Required for a public procedure in force.
    #[serde(default)]
    pub implementing_agency: Option<Text>,
    /// The authority that decides.
    #[serde(default)]
    pub competent_authority: Option<Text>,
    /// The online public service level. Required for a public procedure in force.
    #[serde(default)]
    pub online_level: Option<OnlineLevel>,
    /// How long it takes.
    #[serde(default)]
    pub processing_time: Option<ProcessingTime>,
    /// The ways to submit the dossier.
    #[serde(default)]
    pub submission: Vec<Submission>,
    /// The documents to bring.
    #[serde(default)]
    pub dossier: Vec<DossierItem>,
    /// The fees and charges.
    #[serde(default)]
    pub fees: Vec<Fee>,
    /// The steps, in order.
    #[serde(default)]
    pub steps: Vec<Text>,
    /// Requirements and conditions.
    #[serde(default)]
    pub requirements: Vec<Text>,
    /// What the applicant receives.
    #[serde(default)]
    pub result: Option<Text>,
    /// The documents it rests on: ids of records in content/documents/.
    #[serde(default)]
    pub legal_basis: Vec<Reference>,
    /// The decision that published it: the id of a document.
    #[serde(default)]
    pub published_by: Option<Reference>,
    /// Extra search terms.
    #[serde(default)]
    pub keywords: Vec<Text>,
    /// Whether it is in force (the default) or abolished.
    #[serde(default)]
    pub status: Status,
    /// When abolished: the id of the document that abolished it (required then).
    #[serde(default)]
    pub abolished_by: Option<Reference>,
    /// When abolished: the date.
    #[serde(default)]
    pub abolished_on: Option<Date>,
    /// Anything else the source says.
    #[serde(default)]
    pub notes: Option<Text>,
    /// The unit of the agency that handles it, if a source says which: the id of a record in
    /// content/units/ (its file name without the extension), e.g. van-phong.
    #[serde(default)]
    #[schemars(regex(pattern = r"^[a-z0-9][a-z0-9.-]*$"), length(max = 120))]
    #[schemars(example = "van-phong")]
    pub unit: Option<String>,
    /// When the record last changed, for sites built outside git; git's date wins when there is one.
    #[serde(default)]
    pub updated: Option<Date>,
}

impl Procedure {
    /// The fields a public procedure in force must have, though an internal or abolished one
    /// may leave them out: the national database gives every public procedure all of them.
    pub const REQUIRED_WHEN_PUBLIC: [&'static str; 5] = [
        "code",
        "online_level",
        "field",
        "level",
        "implementing_agency",
    ];

    /// Those of [`Procedure::REQUIRED_WHEN_PUBLIC`] that this procedure leaves out.
    pub fn missing_when_public(&self) -> impl Iterator<Item = &'static str> + '_ {
        Self::REQUIRED_WHEN_PUBLIC
            .into_iter()
            .filter(|field| match *field {
                "code" => self.code.is_none(),
                "online_level" => self.online_level.is_none(),
                "field" => self.field.is_none(),
                "level" => self.level.is_none(),
                _ => self.implementing_agency.is_none(),
            })
    }
}

/// The JSON Schema of a public procedure's file: the fields of [`Procedure`], with those of
/// [`Procedure::REQUIRED_WHEN_PUBLIC`] required while it is in force.
pub fn public_procedure_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
    procedure_schema(generator, &Procedure::REQUIRED_WHEN_PUBLIC)
}

/// The JSON Schema of an internal procedure's file.
pub fn internal_procedure_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
    procedure_schema(generator, &[])
}

/// [`Procedure`]'s schema with the rules between its fields that `validate` checks: an abolished
/// procedure names what abolished it, one in force names nothing and has `required_in_force`.
fn procedure_schema(
    generator: &mut schemars::SchemaGenerator,
    required_in_force: &[&str],
) -> schemars::Schema {
    const IN_FORCE: &str =
        "Only an abolished procedure has this: set `status: abolished`, or remove it.";
    let mut schema = generator.root_schema_for::<Procedure>();
    schema.insert(
        "if".into(),
        serde_json::json!({"properties": {"status": {"const": "abolished"}}, "required": ["status"]}),
    );
    schema.insert(
        "then".into(),
        serde_json::json!({"required": ["abolished_by"]}),
    );
    schema.insert(
        "else".into(),
        serde_json::json!({
            "required": required_in_force,
            "properties": {
                "abolished_by": {"not": {}, "description": IN_FORCE},
                "abolished_on": {"not": {}, "description": IN_FORCE}
            }
        }),
    );
    schema
}

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Deserialize,
    schemars::JsonSchema,
    Serialize,
    strum::VariantArray,
    strum::IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum ChannelKind {
    Phone,
    WebForm,
    Email,
    InPerson,
    Postal,
}

/// A hotline or feedback channel.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
// The contact a kind needs, as `validate` checks it: a web form's is a web address, an
// e-mail channel's an address.
#[schemars(extend("allOf" = [
    {
        "if": {"properties": {"kind": {"const": "web_form"}}, "required": ["kind", "contact"]},
        "then": {"properties": {"contact": {"pattern": "^https?://[^\\s/]+\\S*$"}}}
    },
    {
        "if": {"properties": {"kind": {"const": "email"}}, "required": ["kind", "contact"]},
        "then": {"properties": {"contact": {"format": "email", "pattern": "^[^@\\s?#%:]+@[^@\\s?#%:]+\\.[^@\\s?#%:]+$"}}}
    }
]))]
pub struct Channel {
    /// What kind of channel it is.
    pub kind: ChannelKind,
    /// The channel's name.
    pub name: Text,
    /// The phone number, e-mail address or web address, the same in every language; leave it out if
    /// it is not published.
    #[serde(default)]
    pub contact: Option<String>,
    /// Where it is, for in-person reception.
    #[serde(default)]
    pub address: Option<Text>,
    /// When it answers.
    #[serde(default)]
    pub hours: Option<Text>,
    /// Who answers.
    #[serde(default)]
    pub answered_by: Option<Text>,
    /// What it is for.
    pub purpose: Text,
    /// Anything else.
    #[serde(default)]
    pub notes: Option<Text>,
    /// Its position on the channels page, ascending. Default: 100.
    #[serde(default = "default_order", deserialize_with = "whole_number")]
    pub order: i64,
    /// The unit of the agency that answers it, if a source says which: the id of a record in
    /// content/units/ (its file name without the extension), e.g. van-phong.
    #[serde(default)]
    #[schemars(regex(pattern = r"^[a-z0-9][a-z0-9.-]*$"), length(max = 120))]
    #[schemars(example = "van-phong")]
    pub unit: Option<String>,
    /// When the record last changed, for sites built outside git; git's date wins when there is one.
    #[serde(default)]
    pub updated: Option<Date>,
}

fn default_order() -> i64 {
    100
}

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Deserialize,
    schemars::JsonSchema,
    Serialize,
    strum::IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum PeriodType {
    Month,
    Months,
    Quarter,
    HalfYear,
    Year,
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Period {
    /// The kind of period (months: the months from January).
    #[serde(rename = "type")]
    pub kind: PeriodType,
    /// The year, 1945 to 2100.
    #[serde(deserialize_with = "whole_number")]
    #[schemars(range(min = *limits::YEARS.start(), max = *limits::YEARS.end()))]
    pub year: i32,
    /// For month: the month (1 to 12); for months: how many months from January.
    #[serde(default, deserialize_with = "optional_whole_number")]
    #[schemars(range(min = 1, max = 12))]
    pub month: Option<u32>,
    /// For quarter: the quarter (1 to 4).
    #[serde(default, deserialize_with = "optional_whole_number")]
    #[schemars(range(min = 1, max = 4))]
    pub quarter: Option<u32>,
    /// For half_year: the half (1 or 2).
    #[serde(default, deserialize_with = "optional_whole_number")]
    #[schemars(range(min = 1, max = 2))]
    pub half: Option<u32>,
}

impl Period {
    /// The number the period type needs, checked against its range.
    pub fn check(&self) -> Result<(), String> {
        let (name, value, max) = match self.kind {
            PeriodType::Month | PeriodType::Months => ("month", self.month, 12),
            PeriodType::Quarter => ("quarter", self.quarter, 4),
            PeriodType::HalfYear => ("half", self.half, 2),
            PeriodType::Year => return Ok(()),
        };
        match value {
            Some(v) if (1..=max).contains(&v) => Ok(()),
            Some(v) => Err(format!("{name} must be between 1 and {max}, not {v}")),
            None => Err(format!("a period of this type needs `{name}` (1 to {max})")),
        }
    }

    /// A key that sorts periods by when they end.
    pub fn sort_key(&self) -> (i32, u32) {
        let end_month = match self.kind {
            PeriodType::Month | PeriodType::Months => self.month.unwrap_or(12),
            PeriodType::Quarter => self.quarter.unwrap_or(4) * 3,
            PeriodType::HalfYear => self.half.unwrap_or(2) * 6,
            PeriodType::Year => 12,
        };
        (self.year, end_month)
    }
}

/// A value of a key figure: a number or a short string ("100%", "04/04").
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema, Serialize)]
#[serde(untagged)]
pub enum FigureValue {
    Number(f64),
    Text(String),
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct KeyFigure {
    /// What the figure counts.
    pub label: Text,
    /// A number, or a short text such as "100%".
    pub value: FigureValue,
    /// Its unit, e.g. hồ sơ / dossiers.
    #[serde(default)]
    pub unit: Option<Text>,
}

/// A periodic report: this front matter, then the report's text in Markdown.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportMeta {
    /// The report's title.
    pub title: Text,
    /// The report's number, e.g. 103/BC-NV.
    #[serde(default)]
    #[schemars(example = "103/BC-NV")]
    pub number: Option<String>,
    /// The date of issue.
    #[serde(default)]
    pub date: Option<Date>,
    /// The period it covers.
    pub period: Period,
    /// Who issued it.
    pub issuer: Text,
    /// Who signed it.
    #[serde(default)]
    pub signer: Option<Text>,
    /// A few sentences on what it says.
    pub summary: Text,
    /// The figures the report gives, shown beside its summary.
    #[serde(default)]
    pub key_figures: Vec<KeyFigure>,
    /// The documents or reports it cites: their ids.
    #[serde(default)]
    pub cites: Vec<Reference>,
    /// When the record last changed, for sites built outside git; git's date wins when there is one.
    #[serde(default)]
    pub updated: Option<Date>,
}

/// The front matter of a report's translation file: only the texts it translates.
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportTranslationMeta {
    /// The title in this language.
    #[serde(default)]
    pub title: Option<String>,
    /// The summary in this language.
    #[serde(default)]
    pub summary: Option<String>,
    /// The issuer in this language.
    #[serde(default)]
    pub issuer: Option<String>,
    /// The signer in this language.
    #[serde(default)]
    pub signer: Option<String>,
}

/// The front matter of a translation file (`<id>.<lang>.md`) of a Markdown kind: the main
/// file's texts it may give in its language, each a plain string.
pub trait TranslationMeta: Default + Send + Sync + std::fmt::Debug + Clone {
    /// The fields it may give, in the order a new translation file lists them.
    const FIELDS: &'static [&'static str];
    /// The text it gives for the main file's field `field`, if it gives one that is not blank.
    fn text_of(&self, field: &str) -> Option<&str>;
}

impl TranslationMeta for ReportTranslationMeta {
    const FIELDS: &'static [&'static str] = &["title", "summary", "issuer", "signer"];
    fn text_of(&self, field: &str) -> Option<&str> {
        let text = match field {
            "title" => &self.title,
            "summary" => &self.summary,
            "issuer" => &self.issuer,
            "signer" => &self.signer,
            _ => return None,
        };
        text.as_deref().filter(|s| !s.trim().is_empty())
    }
}

/// A page of the portal that is not a record of the other kinds: about the agency, how to
/// contact it, the accessibility statement. This front matter, then the page's text in
/// Markdown; the page is at `/<language>/<id>/`.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PageMeta {
    /// The page's title: its heading, and its name in the menu and footer.
    pub title: Text,
    /// One or two sentences on what the page says: the description search engines and link
    /// previews show.
    pub summary: Text,
    /// The documents or reports its facts come from: their ids.
    #[serde(default)]
    pub cites: Vec<Reference>,
    /// When the page last changed, for sites built outside git; git's date wins when there is one.
    #[serde(default)]
    pub updated: Option<Date>,
}

/// The front matter of a translation file of a page or a news item: only the texts it
/// translates.
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TitleSummaryTranslation {
    /// The title (a news item's headline) in this language.
    #[serde(default)]
    pub title: Option<String>,
    /// The summary in this language.
    #[serde(default)]
    pub summary: Option<String>,
}

impl TranslationMeta for TitleSummaryTranslation {
    const FIELDS: &'static [&'static str] = &["title", "summary"];
    fn text_of(&self, field: &str) -> Option<&str> {
        let text = match field {
            "title" => &self.title,
            "summary" => &self.summary,
            _ => return None,
        };
        text.as_deref().filter(|s| !s.trim().is_empty())
    }
}

/// A news item: this front matter, then the article in Markdown. Its page is at
/// `/<language>/news/<id>/`; the news list shows the newest first.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NewsMeta {
    /// The day it is published, or of the event it reports (YYYY-MM-DD): the news list is newest
    /// first.
    pub date: Date,
    /// Its headline.
    pub title: Text,
    /// One or two sentences: what the news list, the home page and the feed show of it.
    pub summary: Text,
    /// Its tags: ids of `news_tags` in site.yaml.
    #[serde(default)]
    pub tags: Vec<String>,
    /// The records it is about: ids of procedures (their code or file name), internal procedures,
    /// reports, indices or documents. Their pages link back to it.
    #[serde(default)]
    #[schemars(inner(regex(pattern = "^[a-z0-9][a-z0-9.-]*$")))]
    pub about: Vec<String>,
    /// The documents or reports its facts come from: their ids.
    #[serde(default)]
    pub cites: Vec<Reference>,
    /// A picture shown under the headline, with what it shows in words.
    #[serde(default)]
    pub image: Option<NewsImage>,
    /// When the item last changed, for sites built outside git; git's date wins when there is one.
    #[serde(default)]
    pub updated: Option<Date>,
}

/// A news item's picture.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NewsImage {
    /// The picture: `files/<name>` in content/files, a PNG, JPEG, GIF or WebP image (or one per
    /// language, by language code, where the picture holds text).
    pub file: FileRef,
    /// What the picture shows, for people who cannot see it (screen readers read it out): required
    /// in every language of the site.
    pub alt: Text,
}

/// The image formats a picture may have (`FILE_TYPES`' extensions).
pub const IMAGE_EXTENSIONS: &[&str] = &["png", "jpg", "jpeg", "gif", "webp"];

impl TextFields for NewsMeta {
    fn visit_texts<'a>(&'a self, visit: &mut dyn FnMut(FieldPath, &'a Text)) {
        visit(Field("title"), &self.title);
        visit(Field("summary"), &self.summary);
        if let Some(image) = &self.image {
            visit(Field("image.alt"), &image.alt);
        }
    }
}

/// The open-data fields of a news item, as [`Record::open_data`] gives them.
pub const NEWS_DATA: &[(&str, Shape)] = &[
    ("date", Scalar),
    ("title", T),
    ("summary", T),
    ("tags", List(&Scalar)),
    ("about", List(&Scalar)),
    ("cites", List(&Scalar)),
    ("image", Rec(&[("files", List(&Scalar)), ("alt", T)])),
];

impl Record for NewsMeta {
    fn title(&self) -> &Text {
        &self.title
    }
    fn updated(&self) -> Option<Date> {
        self.updated
    }
    fn visit_references<'a>(&'a self, visit: &mut dyn FnMut(FieldPath, &'a Reference)) {
        for (i, r) in self.cites.iter().enumerate() {
            visit(Item("cites", i), r);
        }
    }
    fn open_data(&self) -> Vec<(&'static str, Data<'_>)> {
        vec![
            ("date", Data::date(Some(self.date))),
            ("title", Data::Text("title", &self.title)),
            ("summary", Data::Text("summary", &self.summary)),
            (
                "tags",
                Data::List(self.tags.iter().map(|t| Data::Str(t)).collect()),
            ),
            (
                "about",
                Data::List(self.about.iter().map(|t| Data::Str(t)).collect()),
            ),
            ("cites", references(&self.cites)),
            (
                "image",
                match &self.image {
                    Some(image) => Data::Record(vec![
                        (
                            "files",
                            Data::List(
                                image
                                    .file
                                    .paths()
                                    .into_iter()
                                    .map(|(_, p)| Data::Str(p))
                                    .collect(),
                            ),
                        ),
                        ("alt", Data::Text("image.alt", &image.alt)),
                    ]),
                    None => Data::Null,
                },
            ),
        ]
    }
    fn visit_files<'a>(&'a self, visit: &mut dyn FnMut(FieldPath, &'a FileRef)) {
        if let Some(image) = &self.image {
            visit(Field("image.file"), &image.file);
        }
    }
    fn search_entry<'a>(&'a self, t: InLanguage<'_, 'a>) -> SearchEntry<'a> {
        use SearchWeight::*;
        let title = t("title", &self.title);
        let summary = t("summary", &self.summary);
        SearchEntry {
            title: title.into(),
            excerpt: Some(summary),
            fields: vec![(Title, title), (Text, summary)],
        }
    }
}

impl TextFields for PageMeta {
    fn visit_texts<'a>(&'a self, visit: &mut dyn FnMut(FieldPath, &'a Text)) {
        visit(Field("title"), &self.title);
        visit(Field("summary"), &self.summary);
    }
}

/// The open-data fields of a page, as [`Record::open_data`] gives them.
pub const PAGE_DATA: &[(&str, Shape)] = &[("title", T), ("summary", T), ("cites", List(&Scalar))];

impl Record for PageMeta {
    fn title(&self) -> &Text {
        &self.title
    }
    fn updated(&self) -> Option<Date> {
        self.updated
    }
    fn visit_references<'a>(&'a self, visit: &mut dyn FnMut(FieldPath, &'a Reference)) {
        for (i, r) in self.cites.iter().enumerate() {
            visit(Item("cites", i), r);
        }
    }
    fn open_data(&self) -> Vec<(&'static str, Data<'_>)> {
        vec![
            ("title", Data::Text("title", &self.title)),
            ("summary", Data::Text("summary", &self.summary)),
            ("cites", references(&self.cites)),
        ]
    }
    fn search_entry<'a>(&'a self, t: InLanguage<'_, 'a>) -> SearchEntry<'a> {
        use SearchWeight::*;
        let title = t("title", &self.title);
        let summary = t("summary", &self.summary);
        SearchEntry {
            title: title.into(),
            excerpt: Some(summary),
            fields: vec![(Title, title), (Text, summary)],
        }
    }
}

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Deserialize,
    schemars::JsonSchema,
    Serialize,
    strum::IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum IndexUnit {
    Points,
    Percent,
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IndexEntry {
    /// The year of the result, 1945 to 2100.
    #[serde(deserialize_with = "whole_number")]
    #[schemars(range(min = *limits::YEARS.start(), max = *limits::YEARS.end()))]
    pub year: i32,
    /// The score, from 0 to the index's scale_max.
    #[schemars(range(min = 0, max = limits::MAX_SCALE))]
    pub score: f64,
    /// The rank, if the source gives one: 1 up to out_of.
    #[serde(default, deserialize_with = "optional_whole_number")]
    #[schemars(range(min = 1, max = limits::MAX_RANKED))]
    pub rank: Option<u32>,
    /// How many units were ranked (1 to 100,000).
    #[serde(default, deserialize_with = "optional_whole_number")]
    #[schemars(range(min = 1, max = limits::MAX_RANKED))]
    pub out_of: Option<u32>,
    /// The change on the previous year, as the source states it.
    #[serde(default)]
    #[schemars(range(min = -limits::MAX_SCALE, max = limits::MAX_SCALE))]
    pub change: Option<f64>,
    /// The document or report it comes from: its id.
    #[serde(default)]
    pub source: Option<Reference>,
    /// A note on this year.
    #[serde(default)]
    pub note: Option<Text>,
}

/// A performance index (PAR Index, SIPAS, PCI, PAPI …): a series of yearly results.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
// A percentage goes up to 100.
#[schemars(extend(
    "if" = {"properties": {"unit": {"const": "percent"}}, "required": ["unit"]},
    "then" = {"properties": {"scale_max": {"maximum": 100}}}
))]
pub struct Index {
    /// The index's full name.
    pub name: Text,
    /// Its short name, e.g. PAR Index.
    #[schemars(example = "PAR Index")]
    pub short_name: String,
    /// Who publishes the index.
    #[serde(default)]
    pub publisher: Option<Text>,
    /// What it measures.
    #[serde(default)]
    pub description: Option<Text>,
    /// What the score counts.
    pub unit: IndexUnit,
    /// The top of the scale, e.g. 100; at most 100 for percent.
    #[schemars(range(max = limits::MAX_SCALE), extend("exclusiveMinimum" = 0))]
    pub scale_max: f64,
    /// Its position on the indices page, ascending. Default: 100.
    #[serde(default = "default_order", deserialize_with = "whole_number")]
    pub order: i64,
    /// The results, one per year, at least one.
    pub entries: Vec<IndexEntry>,
    /// When the record last changed, for sites built outside git; git's date wins when there is one.
    #[serde(default)]
    pub updated: Option<Date>,
}

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Deserialize,
    schemars::JsonSchema,
    Serialize,
    strum::VariantArray,
    strum::IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum DocumentType {
    Decision,
    Plan,
    OfficialLetter,
    Decree,
    Resolution,
    Report,
    Directive,
    Circular,
    Law,
    Other,
}

/// A legal or administrative document cited by other records. Its id is its number folded to
/// ASCII, in lower case, with `/` as `-`, then the year: 1260/QĐ-UBND of 2024 is
/// 1260-qd-ubnd-2024.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// The document's number, e.g. 1260/QĐ-UBND.
    #[schemars(example = "1260/QĐ-UBND")]
    pub number: String,
    /// The type of document.
    #[serde(rename = "type")]
    pub kind: DocumentType,
    /// Who issued it.
    pub issuer: Text,
    /// The date of issue.
    #[serde(default)]
    pub date: Option<Date>,
    /// What it is about.
    pub title: Text,
    /// A link to the official text (https://…).
    #[serde(default)]
    #[schemars(regex(pattern = r"^https?://[^\s/]+\S*$"))]
    #[schemars(example = "https://example.gov.vn/van-ban/1260-qd-ubnd-2024.pdf")]
    pub url: Option<String>,
    /// The document's text as a file to download, kept in content/files/: `files/1260-qd.pdf`;
    /// or one file per language, `{vi: files/1260-qd.pdf, en: files/1260-qd-en.pdf}`.
    #[serde(default)]
    pub file: Option<FileRef>,
    /// When the record last changed, for sites built outside git; git's date wins when there is one.
    #[serde(default)]
    pub updated: Option<Date>,
}

/// An organisational unit of the agency (a division, the Office), shown on the organisation page.
/// Give only what a source states: a unit's functions, head or contact may be left out.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Unit {
    /// The unit's official name, e.g. Văn phòng.
    pub name: Text,
    /// The unit it belongs to, if it is part of another unit: that unit's id (its file name in
    /// content/units/ without the extension). Leave it out for a unit directly under the agency.
    #[serde(default)]
    #[schemars(regex(pattern = r"^[a-z0-9][a-z0-9.-]*$"), length(max = 120))]
    #[schemars(example = "van-phong")]
    pub parent: Option<String>,
    /// What the unit does, as a source (a decision on its functions) states it.
    #[serde(default)]
    pub functions: Option<Text>,
    /// The title of the person who heads it, e.g. Chánh Văn phòng.
    #[serde(default)]
    pub head_role: Option<Text>,
    /// The name of the person who heads it, only where a source gives it.
    #[serde(default)]
    pub head_name: Option<String>,
    /// How to reach the unit, only as a source gives it.
    #[serde(default)]
    pub contact: Option<UnitContact>,
    /// The documents or reports that state these facts: their ids.
    #[serde(default)]
    pub sources: Vec<Reference>,
    /// Its position among the units under the same parent on the organisation page, ascending.
    /// Default: 100.
    #[serde(default = "default_order", deserialize_with = "whole_number")]
    pub order: i64,
    /// When the record last changed, for sites built outside git; git's date wins when there is one.
    #[serde(default)]
    pub updated: Option<Date>,
}

/// How to reach a unit.
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UnitContact {
    /// The channels that reach it (a hotline, a reception desk): ids of records in
    /// content/channels/, e.g. duong-day-nong-chanh-van-phong.
    #[serde(default)]
    #[schemars(inner(regex(pattern = r"^[a-z0-9][a-z0-9.-]*$")))]
    pub channels: Vec<String>,
}

/// `history:` in `site.yaml`: dates and change history from git.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HistoryConfig {
    /// Read dates and change history from git (default true). When false, or outside a repository,
    /// only `updated:` fields give dates.
    #[serde(default = "yes")]
    pub from_git: bool,
    /// List each record's changes on its page (default true); "last updated" is shown either way.
    #[serde(default = "yes")]
    pub show_changes: bool,
    /// Show the name of each change's author (default false). E-mail addresses are never shown.
    #[serde(default)]
    pub show_authors: bool,
    /// The web address of a commit, with {hash} where its hash goes:
    /// https://github.com/org/repo/commit/{hash}. Without it, changes are not linked.
    #[serde(default)]
    #[schemars(example = "https://github.com/org/repo/commit/{hash}")]
    pub commit_url: Option<String>,
}

impl Default for HistoryConfig {
    fn default() -> Self {
        HistoryConfig {
            from_git: true,
            show_changes: true,
            show_authors: false,
            commit_url: None,
        }
    }
}

fn yes() -> bool {
    true
}

/// Where a text field sits in its record (`summary`, `steps[3]`, `submission[1].note`), as
/// diagnostics and the translation report name it. Made into a string only when asked: the
/// translation check of every record in every language needs only the texts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldPath {
    Field(&'static str),
    Item(&'static str, usize),
    ItemField(&'static str, usize, &'static str),
}

impl std::fmt::Display for FieldPath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FieldPath::Field(name) => f.write_str(name),
            FieldPath::Item(list, i) => write!(f, "{list}[{i}]"),
            FieldPath::ItemField(list, i, name) => write!(f, "{list}[{i}].{name}"),
        }
    }
}

/// Every text field of a record with its path, for language checks and translation coverage.
pub trait TextFields {
    /// Calls `visit` with each text field and its path, in the record's field order.
    fn visit_texts<'a>(&'a self, visit: &mut dyn FnMut(FieldPath, &'a Text));

    fn text_fields(&self) -> Vec<(String, &Text)> {
        let mut out = Vec::new();
        self.visit_texts(&mut |path, text| out.push((path.to_string(), text)));
        out
    }
}

fn visit_opt<'a>(
    visit: &mut dyn FnMut(FieldPath, &'a Text),
    path: FieldPath,
    text: &'a Option<Text>,
) {
    if let Some(t) = text {
        visit(path, t);
    }
}

fn visit_list<'a>(
    visit: &mut dyn FnMut(FieldPath, &'a Text),
    list: &'static str,
    texts: &'a [Text],
) {
    for (i, t) in texts.iter().enumerate() {
        visit(FieldPath::Item(list, i), t);
    }
}

use FieldPath::{Field, Item, ItemField};

/// The field path of an intro in `site.yaml` (field paths are static strings).
fn intro_field(key: &str) -> &'static str {
    match key {
        "procedures" => "intros.procedures",
        "internal_procedures" => "intros.internal-procedures",
        "channels" => "intros.channels",
        "reports" => "intros.reports",
        "indices" => "intros.indices",
        "news" => "intros.news",
        "units" => "intros.units",
        _ => "intros.documents",
    }
}

impl TextFields for SiteConfig {
    fn visit_texts<'a>(&'a self, visit: &mut dyn FnMut(FieldPath, &'a Text)) {
        visit(Field("title"), &self.title);
        visit(Field("agency.name"), &self.agency.name);
        visit_opt(visit, Field("agency.parent"), &self.agency.parent);
        visit_opt(visit, Field("agency.description"), &self.agency.description);
        visit_opt(visit, Field("agency.address"), &self.agency.address);
        visit_opt(visit, Field("agency.area_served"), &self.agency.area_served);
        for (key, text) in self.intros.given() {
            visit(Field(intro_field(key)), text);
        }
        for (i, item) in self.menu.iter().flatten().enumerate() {
            if let MenuItem::Link { label, .. } = item {
                visit(ItemField("menu", i, "label"), label);
            }
        }
        for (i, item) in self.footer.iter().enumerate() {
            if let MenuItem::Link { label, .. } = item {
                visit(ItemField("footer", i, "label"), label);
            }
        }
        for (i, tag) in self.news_tags.iter().enumerate() {
            visit(ItemField("news_tags", i, "name"), &tag.name);
        }
    }
}

impl TextFields for Procedure {
    fn visit_texts<'a>(&'a self, visit: &mut dyn FnMut(FieldPath, &'a Text)) {
        visit(Field("name"), &self.name);
        visit_opt(visit, Field("summary"), &self.summary);
        visit_opt(visit, Field("field"), &self.field);
        visit_opt(visit, Field("level"), &self.level);
        visit_opt(
            visit,
            Field("implementing_agency"),
            &self.implementing_agency,
        );
        visit_opt(
            visit,
            Field("competent_authority"),
            &self.competent_authority,
        );
        if let Some(pt) = &self.processing_time {
            visit_opt(visit, Field("processing_time.note"), &pt.note);
        }
        for (i, s) in self.submission.iter().enumerate() {
            visit_opt(visit, ItemField("submission", i, "address"), &s.address);
            visit_opt(visit, ItemField("submission", i, "note"), &s.note);
        }
        for (i, d) in self.dossier.iter().enumerate() {
            visit(ItemField("dossier", i, "name"), &d.name);
            visit_opt(visit, ItemField("dossier", i, "note"), &d.note);
        }
        for (i, f) in self.fees.iter().enumerate() {
            visit(ItemField("fees", i, "description"), &f.description);
        }
        visit_list(visit, "steps", &self.steps);
        visit_list(visit, "requirements", &self.requirements);
        visit_opt(visit, Field("result"), &self.result);
        visit_list(visit, "keywords", &self.keywords);
        visit_opt(visit, Field("notes"), &self.notes);
    }
}

impl TextFields for Channel {
    fn visit_texts<'a>(&'a self, visit: &mut dyn FnMut(FieldPath, &'a Text)) {
        visit(Field("name"), &self.name);
        visit(Field("purpose"), &self.purpose);
        visit_opt(visit, Field("address"), &self.address);
        visit_opt(visit, Field("hours"), &self.hours);
        visit_opt(visit, Field("answered_by"), &self.answered_by);
        visit_opt(visit, Field("notes"), &self.notes);
    }
}

impl TextFields for ReportMeta {
    fn visit_texts<'a>(&'a self, visit: &mut dyn FnMut(FieldPath, &'a Text)) {
        visit(Field("title"), &self.title);
        visit(Field("issuer"), &self.issuer);
        visit(Field("summary"), &self.summary);
        visit_opt(visit, Field("signer"), &self.signer);
        for (i, k) in self.key_figures.iter().enumerate() {
            visit(ItemField("key_figures", i, "label"), &k.label);
            visit_opt(visit, ItemField("key_figures", i, "unit"), &k.unit);
        }
    }
}

impl TextFields for Index {
    fn visit_texts<'a>(&'a self, visit: &mut dyn FnMut(FieldPath, &'a Text)) {
        visit(Field("name"), &self.name);
        visit_opt(visit, Field("publisher"), &self.publisher);
        visit_opt(visit, Field("description"), &self.description);
        for (i, e) in self.entries.iter().enumerate() {
            visit_opt(visit, ItemField("entries", i, "note"), &e.note);
        }
    }
}

impl TextFields for Unit {
    fn visit_texts<'a>(&'a self, visit: &mut dyn FnMut(FieldPath, &'a Text)) {
        visit(Field("name"), &self.name);
        visit_opt(visit, Field("functions"), &self.functions);
        visit_opt(visit, Field("head_role"), &self.head_role);
    }
}

impl TextFields for Document {
    fn visit_texts<'a>(&'a self, visit: &mut dyn FnMut(FieldPath, &'a Text)) {
        visit(Field("issuer"), &self.issuer);
        visit(Field("title"), &self.title);
    }
}

/// How much a search hit in a field counts (the search index's term weights).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SearchWeight {
    /// Summaries, descriptions, report bodies.
    Text = 1,
    /// Field, agency, issuer, keywords.
    Detail = 3,
    /// The record's name or title.
    Title = 8,
    /// A procedure's national code or a document's number.
    Code = 16,
}

/// What the search index holds of a record in one language.
#[derive(Debug, Clone)]
pub struct SearchEntry<'a> {
    /// The title of its search result.
    pub title: std::borrow::Cow<'a, str>,
    /// The text the result's excerpt is cut from, if any.
    pub excerpt: Option<&'a str>,
    /// The texts to index, with their weights, in field order.
    pub fields: Vec<(SearchWeight, &'a str)>,
}

/// A text field of a record in one language: `t("summary", &record.summary)`. The field's name
/// lets a translation file's front matter give the text instead (reports).
pub type InLanguage<'s, 'a> = &'s dyn Fn(&'static str, &'a Text) -> &'a str;

/// What every stage may ask of a record's data, whatever its kind: the registry's per-type half
/// (the per-kind half, folder, templates and the rest, is `kind::KindDef`). Implemented once per
/// record type; the stages loop over kinds through `load::LoadedSite::records` instead of
/// matching on them.
pub trait Record: TextFields + Send + Sync {
    /// The text that names the record: its page's heading, its title in lists and feeds.
    fn title(&self) -> &Text;
    /// The record's own `updated:` date, which history prefers to git's.
    fn updated(&self) -> Option<Date>;
    /// The national code the record is known by, if its kind has one (a procedure's
    /// `code`). A kind whose `kind::IdRule` is `CodeOrFileName` is addressed by it.
    fn code(&self) -> Option<&str> {
        None
    }
    /// Calls `visit` with each reference to a document or report and its path, in field
    /// order: validation resolves them, "cited by" lists and the preview follow them.
    fn visit_references<'a>(&'a self, visit: &mut dyn FnMut(FieldPath, &'a Reference)) {
        let _ = visit;
    }
    /// Calls `visit` with each file the record links (`form`, `file`) and its path.
    fn visit_files<'a>(&'a self, visit: &mut dyn FnMut(FieldPath, &'a FileRef)) {
        let _ = visit;
    }
    /// What the search index holds of the record, its texts in the language of `t`. The body
    /// of a Markdown kind is added by the search index itself.
    fn search_entry<'a>(&'a self, t: InLanguage<'_, 'a>) -> SearchEntry<'a>;
    /// The record's open data: its fields between `id` and `page` (and a Markdown kind's
    /// `body`), in the order of its kind's shape (`kind::KindDef::open_data`).
    fn open_data(&self) -> Vec<(&'static str, Data<'_>)>;
}

/// References as open data: the ids they name.
fn references(refs: &[Reference]) -> Data<'_> {
    Data::List(refs.iter().map(|r| Data::Str(&r.0)).collect())
}

/// `Some` texts of `fields`, in one language.
fn texts_in<'a, const N: usize>(
    t: InLanguage<'_, 'a>,
    weight: SearchWeight,
    fields: [(&'static str, &'a Option<Text>); N],
) -> impl Iterator<Item = (SearchWeight, &'a str)> {
    fields
        .into_iter()
        .filter_map(move |(name, text)| text.as_ref().map(|x| (weight, t(name, x))))
}

/// The open-data fields of a procedure (public or internal), as [`Record::open_data`] gives them.
pub const PROCEDURE_DATA: &[(&str, Shape)] = &[
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
        Rec(&[("working_days", Scalar), ("note", T)]),
    ),
    (
        "submission",
        List(&Rec(&[
            ("method", Scalar),
            ("address", T),
            ("url", Scalar),
            ("note", T),
        ])),
    ),
    (
        "dossier",
        List(&Rec(&[("name", T), ("copies", Scalar), ("note", T)])),
    ),
    (
        "fees",
        List(&Rec(&[("description", T), ("amount", Scalar)])),
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
    ("unit", Scalar),
];

impl Record for Procedure {
    fn title(&self) -> &Text {
        &self.name
    }
    fn updated(&self) -> Option<Date> {
        self.updated
    }
    fn code(&self) -> Option<&str> {
        self.code.as_ref().map(|c| c.0.as_str())
    }
    fn visit_references<'a>(&'a self, visit: &mut dyn FnMut(FieldPath, &'a Reference)) {
        for (i, r) in self.legal_basis.iter().enumerate() {
            visit(Item("legal_basis", i), r);
        }
        if let Some(r) = &self.published_by {
            visit(Field("published_by"), r);
        }
        if let Some(r) = &self.abolished_by {
            visit(Field("abolished_by"), r);
        }
    }
    fn visit_files<'a>(&'a self, visit: &mut dyn FnMut(FieldPath, &'a FileRef)) {
        for (i, d) in self.dossier.iter().enumerate() {
            if let Some(form) = &d.form {
                visit(ItemField("dossier", i, "form"), form);
            }
        }
    }
    fn open_data(&self) -> Vec<(&'static str, Data<'_>)> {
        let time = self.processing_time.as_ref();
        vec![
            ("code", Data::str(self.code())),
            ("name", Data::Text("name", &self.name)),
            ("summary", Data::text("summary", &self.summary)),
            ("field", Data::text("field", &self.field)),
            ("level", Data::text("level", &self.level)),
            (
                "implementing_agency",
                Data::text("implementing_agency", &self.implementing_agency),
            ),
            (
                "competent_authority",
                Data::text("competent_authority", &self.competent_authority),
            ),
            (
                "online_level",
                self.online_level.map_or(Data::Null, Data::name),
            ),
            (
                "processing_time",
                Data::Record(vec![
                    (
                        "working_days",
                        Data::float(time.and_then(|t| t.working_days)),
                    ),
                    (
                        "note",
                        time.and_then(|t| t.note.as_ref())
                            .map_or(Data::Null, |n| Data::Text("note", n)),
                    ),
                ]),
            ),
            (
                "submission",
                Data::List(
                    self.submission
                        .iter()
                        .map(|s| {
                            Data::Record(vec![
                                ("method", Data::name(s.method)),
                                ("address", Data::text("address", &s.address)),
                                ("url", Data::str(s.url.as_deref())),
                                ("note", Data::text("note", &s.note)),
                            ])
                        })
                        .collect(),
                ),
            ),
            (
                "dossier",
                Data::List(
                    self.dossier
                        .iter()
                        .map(|x| {
                            Data::Record(vec![
                                ("name", Data::Text("name", &x.name)),
                                ("copies", Data::int(x.copies)),
                                ("note", Data::text("note", &x.note)),
                            ])
                        })
                        .collect(),
                ),
            ),
            (
                "fees",
                Data::List(
                    self.fees
                        .iter()
                        .map(|f| {
                            Data::Record(vec![
                                ("description", Data::Text("description", &f.description)),
                                ("amount", Data::float(f.amount)),
                            ])
                        })
                        .collect(),
                ),
            ),
            ("steps", Data::texts("steps", &self.steps)),
            (
                "requirements",
                Data::texts("requirements", &self.requirements),
            ),
            ("result", Data::text("result", &self.result)),
            ("legal_basis", references(&self.legal_basis)),
            (
                "published_by",
                Data::str(self.published_by.as_ref().map(|r| r.0.as_str())),
            ),
            ("keywords", Data::texts("keywords", &self.keywords)),
            ("status", Data::name(self.status)),
            (
                "abolished_by",
                Data::str(self.abolished_by.as_ref().map(|r| r.0.as_str())),
            ),
            ("abolished_on", Data::date(self.abolished_on)),
            ("notes", Data::text("notes", &self.notes)),
            ("unit", Data::str(self.unit.as_deref())),
        ]
    }
    fn search_entry<'a>(&'a self, t: InLanguage<'_, 'a>) -> SearchEntry<'a> {
        use SearchWeight::*;
        let name = t("name", &self.name);
        let code = self.code();
        let mut fields = vec![(Title, name)];
        fields.extend(code.map(|c| (Code, c)));
        fields.extend(texts_in(
            t,
            Detail,
            [
                ("field", &self.field),
                ("implementing_agency", &self.implementing_agency),
                ("competent_authority", &self.competent_authority),
                ("level", &self.level),
            ],
        ));
        fields.extend(self.keywords.iter().map(|k| (Detail, t("keywords", k))));
        fields.extend(texts_in(
            t,
            Text,
            [
                ("summary", &self.summary),
                ("result", &self.result),
                ("notes", &self.notes),
            ],
        ));
        fields.extend(self.steps.iter().map(|s| (Text, t("steps", s))));
        SearchEntry {
            title: match code {
                Some(code) => format!("{name} ({code})").into(),
                None => name.into(),
            },
            excerpt: self.summary.as_ref().map(|s| t("summary", s)),
            fields,
        }
    }
}

/// The open-data fields of a channel, as [`Record::open_data`] gives them.
pub const CHANNEL_DATA: &[(&str, Shape)] = &[
    ("kind", Scalar),
    ("name", T),
    ("contact", Scalar),
    ("address", T),
    ("hours", T),
    ("answered_by", T),
    ("purpose", T),
    ("notes", T),
    ("order", Scalar),
    ("unit", Scalar),
];

impl Record for Channel {
    fn title(&self) -> &Text {
        &self.name
    }
    fn updated(&self) -> Option<Date> {
        self.updated
    }
    fn open_data(&self) -> Vec<(&'static str, Data<'_>)> {
        vec![
            ("kind", Data::name(self.kind)),
            ("name", Data::Text("name", &self.name)),
            ("contact", Data::str(self.contact.as_deref())),
            ("address", Data::text("address", &self.address)),
            ("hours", Data::text("hours", &self.hours)),
            ("answered_by", Data::text("answered_by", &self.answered_by)),
            ("purpose", Data::Text("purpose", &self.purpose)),
            ("notes", Data::text("notes", &self.notes)),
            ("order", Data::Int(self.order)),
            ("unit", Data::str(self.unit.as_deref())),
        ]
    }
    fn search_entry<'a>(&'a self, t: InLanguage<'_, 'a>) -> SearchEntry<'a> {
        use SearchWeight::*;
        let name = t("name", &self.name);
        let purpose = t("purpose", &self.purpose);
        let mut fields = vec![(Title, name)];
        fields.extend(self.contact.as_deref().map(|c| (Code, c)));
        fields.extend(texts_in(
            t,
            Detail,
            [
                ("answered_by", &self.answered_by),
                ("address", &self.address),
            ],
        ));
        fields.push((Text, purpose));
        fields.extend(texts_in(t, Text, [("notes", &self.notes)]));
        SearchEntry {
            title: name.into(),
            excerpt: Some(purpose),
            fields,
        }
    }
}

/// The open-data fields of a report, as [`Record::open_data`] gives them.
pub const REPORT_DATA: &[(&str, Shape)] = &[
    ("title", T),
    ("number", Scalar),
    ("date", Scalar),
    (
        "period",
        Rec(&[
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
        List(&Rec(&[("label", T), ("value", Scalar), ("unit", T)])),
    ),
    ("cites", List(&Scalar)),
];

impl Record for ReportMeta {
    fn title(&self) -> &Text {
        &self.title
    }
    fn updated(&self) -> Option<Date> {
        self.updated
    }
    fn visit_references<'a>(&'a self, visit: &mut dyn FnMut(FieldPath, &'a Reference)) {
        for (i, r) in self.cites.iter().enumerate() {
            visit(Item("cites", i), r);
        }
    }
    fn open_data(&self) -> Vec<(&'static str, Data<'_>)> {
        let p = &self.period;
        vec![
            ("title", Data::Text("title", &self.title)),
            ("number", Data::str(self.number.as_deref())),
            ("date", Data::date(self.date)),
            (
                "period",
                Data::Record(vec![
                    ("type", Data::name(p.kind)),
                    ("year", Data::Int(p.year.into())),
                    ("month", Data::int(p.month)),
                    ("quarter", Data::int(p.quarter)),
                    ("half", Data::int(p.half)),
                ]),
            ),
            ("issuer", Data::Text("issuer", &self.issuer)),
            ("signer", Data::text("signer", &self.signer)),
            ("summary", Data::Text("summary", &self.summary)),
            (
                "key_figures",
                Data::List(
                    self.key_figures
                        .iter()
                        .map(|k| {
                            Data::Record(vec![
                                ("label", Data::Text("label", &k.label)),
                                (
                                    "value",
                                    match &k.value {
                                        FigureValue::Number(n) => Data::Float(*n),
                                        FigureValue::Text(s) => Data::Str(s),
                                    },
                                ),
                                ("unit", Data::text("unit", &k.unit)),
                            ])
                        })
                        .collect(),
                ),
            ),
            ("cites", references(&self.cites)),
        ]
    }
    fn search_entry<'a>(&'a self, t: InLanguage<'_, 'a>) -> SearchEntry<'a> {
        use SearchWeight::*;
        let title = t("title", &self.title);
        let summary = t("summary", &self.summary);
        let mut fields = vec![(Title, title)];
        fields.extend(self.number.as_deref().map(|n| (Code, n)));
        fields.push((Detail, t("issuer", &self.issuer)));
        fields.push((Text, summary));
        SearchEntry {
            title: title.into(),
            excerpt: Some(summary),
            fields,
        }
    }
}

/// The open-data fields of a index, as [`Record::open_data`] gives them.
pub const INDEX_DATA: &[(&str, Shape)] = &[
    ("short_name", Scalar),
    ("name", T),
    ("publisher", T),
    ("description", T),
    ("unit", Scalar),
    ("scale_max", Scalar),
    ("order", Scalar),
    (
        "entries",
        List(&Rec(&[
            ("year", Scalar),
            ("score", Scalar),
            ("rank", Scalar),
            ("out_of", Scalar),
            ("change", Scalar),
            ("source", Scalar),
            ("note", T),
        ])),
    ),
];

impl Record for Index {
    fn title(&self) -> &Text {
        &self.name
    }
    fn updated(&self) -> Option<Date> {
        self.updated
    }
    fn visit_references<'a>(&'a self, visit: &mut dyn FnMut(FieldPath, &'a Reference)) {
        for (i, e) in self.entries.iter().enumerate() {
            if let Some(r) = &e.source {
                visit(ItemField("entries", i, "source"), r);
            }
        }
    }
    fn open_data(&self) -> Vec<(&'static str, Data<'_>)> {
        let mut entries_by_year: Vec<&IndexEntry> = self.entries.iter().collect();
        entries_by_year.sort_by_key(|e| e.year);
        vec![
            ("short_name", Data::Str(&self.short_name)),
            ("name", Data::Text("name", &self.name)),
            ("publisher", Data::text("publisher", &self.publisher)),
            ("description", Data::text("description", &self.description)),
            ("unit", Data::name(self.unit)),
            ("scale_max", Data::Float(self.scale_max)),
            ("order", Data::Int(self.order)),
            (
                "entries",
                Data::List(
                    entries_by_year
                        .into_iter()
                        .map(|e| {
                            Data::Record(vec![
                                ("year", Data::Int(e.year.into())),
                                ("score", Data::Float(e.score)),
                                ("rank", Data::int(e.rank)),
                                ("out_of", Data::int(e.out_of)),
                                ("change", Data::float(e.change)),
                                ("source", Data::str(e.source.as_ref().map(|r| r.0.as_str()))),
                                ("note", Data::text("note", &e.note)),
                            ])
                        })
                        .collect(),
                ),
            ),
        ]
    }
    fn search_entry<'a>(&'a self, t: InLanguage<'_, 'a>) -> SearchEntry<'a> {
        use SearchWeight::*;
        let name = t("name", &self.name);
        let mut fields = vec![(Title, name), (Code, self.short_name.as_str())];
        fields.extend(texts_in(t, Detail, [("publisher", &self.publisher)]));
        fields.extend(texts_in(t, Text, [("description", &self.description)]));
        SearchEntry {
            title: format!("{} – {name}", self.short_name).into(),
            excerpt: self.description.as_ref().map(|d| t("description", d)),
            fields,
        }
    }
}

/// The open-data fields of a document, as [`Record::open_data`] gives them.
pub const DOCUMENT_DATA: &[(&str, Shape)] = &[
    ("number", Scalar),
    ("type", Scalar),
    ("issuer", T),
    ("date", Scalar),
    ("title", T),
    ("url", Scalar),
];

impl Record for Document {
    fn title(&self) -> &Text {
        &self.title
    }
    fn visit_files<'a>(&'a self, visit: &mut dyn FnMut(FieldPath, &'a FileRef)) {
        if let Some(file) = &self.file {
            visit(Field("file"), file);
        }
    }
    fn updated(&self) -> Option<Date> {
        self.updated
    }
    fn open_data(&self) -> Vec<(&'static str, Data<'_>)> {
        vec![
            ("number", Data::Str(&self.number)),
            ("type", Data::name(self.kind)),
            ("issuer", Data::Text("issuer", &self.issuer)),
            ("date", Data::date(self.date)),
            ("title", Data::Text("title", &self.title)),
            ("url", Data::str(self.url.as_deref())),
        ]
    }
    fn search_entry<'a>(&'a self, t: InLanguage<'_, 'a>) -> SearchEntry<'a> {
        use SearchWeight::*;
        let title = t("title", &self.title);
        let issuer = t("issuer", &self.issuer);
        SearchEntry {
            title: format!("{} – {title}", self.number).into(),
            excerpt: Some(issuer),
            fields: vec![
                (Title, title),
                (Code, self.number.as_str()),
                (Detail, issuer),
            ],
        }
    }
}

/// The open-data fields of a unit, as [`Record::open_data`] gives them.
pub const UNIT_DATA: &[(&str, Shape)] = &[
    ("name", T),
    ("parent", Scalar),
    ("functions", T),
    ("head_role", T),
    ("head_name", Scalar),
    ("contact", Rec(&[("channels", List(&Scalar))])),
    ("sources", List(&Scalar)),
    ("order", Scalar),
];

impl Record for Unit {
    fn title(&self) -> &Text {
        &self.name
    }
    fn updated(&self) -> Option<Date> {
        self.updated
    }
    fn visit_references<'a>(&'a self, visit: &mut dyn FnMut(FieldPath, &'a Reference)) {
        for (i, r) in self.sources.iter().enumerate() {
            visit(Item("sources", i), r);
        }
    }
    fn open_data(&self) -> Vec<(&'static str, Data<'_>)> {
        let channels = self.contact.as_ref().map_or(&[][..], |c| &c.channels[..]);
        vec![
            ("name", Data::Text("name", &self.name)),
            ("parent", Data::str(self.parent.as_deref())),
            ("functions", Data::text("functions", &self.functions)),
            ("head_role", Data::text("head_role", &self.head_role)),
            ("head_name", Data::str(self.head_name.as_deref())),
            (
                "contact",
                Data::Record(vec![(
                    "channels",
                    Data::List(channels.iter().map(|c| Data::Str(c)).collect()),
                )]),
            ),
            ("sources", references(&self.sources)),
            ("order", Data::Int(self.order)),
        ]
    }
    fn search_entry<'a>(&'a self, t: InLanguage<'_, 'a>) -> SearchEntry<'a> {
        use SearchWeight::*;
        let name = t("name", &self.name);
        let mut fields = vec![(Title, name)];
        fields.extend(texts_in(t, Detail, [("head_role", &self.head_role)]));
        fields.extend(self.head_name.as_deref().map(|n| (Detail, n)));
        fields.extend(texts_in(t, Text, [("functions", &self.functions)]));
        SearchEntry {
            title: name.into(),
            excerpt: self.functions.as_ref().map(|f| t("functions", f)),
            fields,
        }
    }
}

/// The values of an enumeration of the content model, as files spell them (`in_person`).
pub fn values_of<T>() -> impl Iterator<Item = &'static str>
where
    T: strum::VariantArray + Copy + Into<&'static str>,
{
    T::VARIANTS.iter().map(|v| (*v).into())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The names strum gives the values are the names serde reads.
    #[test]
    fn enumeration_values_are_spelled_as_files_spell_them() {
        fn check<T>()
        where
            T: strum::VariantArray + Copy + Into<&'static str> + Serialize,
        {
            for v in T::VARIANTS {
                let name: &'static str = (*v).into();
                assert_eq!(serde_json::to_value(v).unwrap(), serde_json::json!(name));
            }
        }
        check::<OnlineLevel>();
        check::<SubmissionMethod>();
        check::<ChannelKind>();
        check::<DocumentType>();
        assert!(values_of::<ChannelKind>().any(|v| v == "web_form"));
    }

    #[test]
    fn dates_are_checked_against_the_calendar() {
        assert!(Date::parse("2024-02-29").is_ok());
        assert!(
            Date::parse("2023-02-29")
                .unwrap_err()
                .contains("has 28 days")
        );
        assert!(
            Date::parse("2024-13-01")
                .unwrap_err()
                .contains("no month 13")
        );
        assert!(Date::parse("17/04/2024").is_err());
    }

    #[test]
    fn procedure_codes_must_be_quoted_and_well_formed() {
        let e = serde_yaml::from_str::<ProcedureCode>("2.00231").unwrap_err();
        assert!(e.to_string().contains("must be quoted"), "{e}");
        let e = serde_yaml::from_str::<ProcedureCode>("\"2.0023\"").unwrap_err();
        assert!(
            e.to_string().contains("not a national procedure code"),
            "{e}"
        );
        assert!(serde_yaml::from_str::<ProcedureCode>("\"2.002311\"").is_ok());
    }

    #[test]
    fn whole_numbers_are_explained_in_plain_words() {
        #[derive(Debug, Deserialize)]
        struct R {
            #[serde(default, deserialize_with = "optional_whole_number")]
            rank: Option<u32>,
            #[serde(default, deserialize_with = "whole_number")]
            year: i32,
        }
        let ok: R = serde_yaml::from_str("rank: 3.0\nyear: -5").unwrap();
        assert_eq!((ok.rank, ok.year), (Some(3), -5));
        let none: R = serde_yaml::from_str("rank: ~\nyear: 2024").unwrap();
        assert_eq!(none.rank, None);
        for (yaml, why) in [
            ("rank: -1", "`-1` is below zero"),
            ("rank: 2.5", "`2.5` is not a whole number"),
            ("rank: .nan", "`.nan` is not a number"),
            ("rank: -.inf", "`-.inf` is not a number"),
            ("rank: '3'", "`3` is text"),
            ("rank: true", "`true` is not a whole number"),
            ("rank: 1e30", "`1e30` is far too large"),
            ("rank: 99999999999", "far too large"),
            ("year: 1e30", "`1e30` is far too large"),
        ] {
            let e = serde_yaml::from_str::<R>(yaml).unwrap_err().to_string();
            assert!(e.contains(why), "{yaml}: {e}");
            assert!(!e.contains("u32") && !e.contains("i32"), "{yaml}: {e}");
        }
    }

    #[test]
    fn periods_need_their_number() {
        let p: Period = serde_yaml::from_str("{type: quarter, year: 2025}").unwrap();
        assert!(p.check().unwrap_err().contains("needs `quarter`"));
        let p: Period = serde_yaml::from_str("{type: month, year: 2025, month: 8}").unwrap();
        assert!(p.check().is_ok());
        assert_eq!(p.sort_key(), (2025, 8));
    }
}
