//! The record kinds, and what each one is, in one table ([`KINDS`]): its folder, file format and
//! id rule, whether it can be cited, its name, its templates, its menu section, its example id,
//! its open-data fields, the list values made from its records and its files' JSON Schema. The stages ask [`Kind::def`]
//! instead of matching on the kind. What a kind's records say (title, references, search and
//! open-data values) is `model::Record`, the registry's other half; `docs/architecture.md`
//! ("How to add a record kind") lists the rest.

use model::{Section, Shape};

/// The kinds of record, one folder each under `content/`. On the command line (`minhbach new
/// KIND`) a kind is written as its name (`internal-procedure`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, clap::ValueEnum)]
pub enum Kind {
    Procedure,
    InternalProcedure,
    Channel,
    Report,
    Index,
    Document,
    Page,
    News,
    Unit,
}

/// How a kind's records are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One YAML file a record.
    Yaml,
    /// Markdown with YAML front matter, with a file a translation (`<id>.<lang>.md`).
    Markdown,
}

impl Format {
    /// The file extensions a record of this format may have, the usual one first.
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            Format::Yaml => &["yaml", "yml"],
            Format::Markdown => &["md"],
        }
    }
}

/// Which part of a record its address is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdRule {
    /// The file name without its extension (`content/channels/hotline.yaml` → `hotline`).
    FileName,
    /// The record's national code (`model::Record::code`) when it has one, else its file name:
    /// a public procedure is found by its code in the national database.
    CodeOrFileName,
}

/// What a kind is.
#[derive(Debug)]
pub struct KindDef {
    pub kind: Kind,
    /// The folder under `content/`, also the URL segment of its pages and the name of its
    /// open-data files.
    pub folder: &'static str,
    /// What templates, the search index and "cited by" lists call it; its string key is
    /// `kind_<name>`.
    pub name: &'static str,
    pub format: Format,
    /// What its pages' addresses are made of (`<folder>/<id>/`).
    pub id_rule: IdRule,
    /// Whether other records may cite it (`legal_basis: [decision-1847]`). Citable kinds share
    /// one set of ids, so that a reference names a record without saying its kind.
    pub citable: bool,
    /// The template of its list pages (without `.html`), if it has a list; a kind without one
    /// (pages) has its records at the top of a language (`/<lang>/<id>/`) instead of below its
    /// folder, and reaches the menu through `site.yaml`.
    pub list_template: Option<&'static str>,
    /// The template of its record pages (without `.html`).
    pub record_template: &'static str,
    /// The menu section its pages belong to, if it has a list.
    pub section: Option<Section>,
    /// The front-matter fields a translation file (`<id>.<lang>.md`) of a Markdown kind may
    /// give (`model::TranslationMeta::FIELDS`); none for a YAML kind.
    pub translated_fields: &'static [&'static str],
    /// The id of its example record in the site `minhbach init` makes (`vi-du-kenh-tiep-nhan`).
    pub example_id: &'static str,
    /// The fields of its open data between `id` and `page` (`model::Record::open_data` gives
    /// their values); a Markdown kind's `body` comes after them, in the JSON only.
    pub open_data: &'static [(&'static str, Shape)],
    /// The template values made from its records (`render::list_values`): the preview renders
    /// a page again when its template uses one of them and a record of the kind changed.
    pub list_values: &'static [&'static str],
    /// The values of its example record in the site `minhbach init` makes, as YAML: what the
    /// scaffold fills in where a new record has blanks (`scaffold::record_files`).
    pub example: &'static str,
    /// The JSON Schema of a record's file (of a Markdown kind, its front matter), from the
    /// record type: `minhbach schema` writes it as `<folder>.schema.json`.
    pub schema: fn(&mut schemars::SchemaGenerator) -> schemars::Schema,
}

/// Every kind, in the order of [`Kind::ALL`].
pub const KINDS: [KindDef; 9] = [
    KindDef {
        kind: Kind::Procedure,
        folder: "procedures",
        name: "procedure",
        format: Format::Yaml,
        id_rule: IdRule::CodeOrFileName,
        citable: false,
        list_template: Some("procedures"),
        record_template: "procedure",
        section: Some(Section::Procedures),
        translated_fields: &[],
        example_id: "vi-du-thu-tuc",
        open_data: model::PROCEDURE_DATA,
        list_values: &[
            "procedure_groups",
            "abolished_procedures",
            "procedures_az",
            "procedure_listing",
            "counts",
        ],
        example: r#"code: "0.000001"
name: {vi: "Ví dụ: thủ tục (thay bằng tên chính thức)", en: "Example: a procedure (replace with the official name)"}
field: {vi: "Ví dụ", en: "Example"}
level: {vi: "Cấp tỉnh", en: "Provincial level"}
implementing_agency: {vi: "Cơ quan ví dụ", en: "Example agency"}
online_level: none
"#,
        schema: model::public_procedure_schema,
    },
    KindDef {
        kind: Kind::InternalProcedure,
        folder: "internal-procedures",
        name: "internal-procedure",
        format: Format::Yaml,
        id_rule: IdRule::FileName,
        citable: false,
        list_template: Some("internal-procedures"),
        record_template: "procedure",
        section: Some(Section::InternalProcedures),
        translated_fields: &[],
        example_id: "vi-du-thu-tuc-noi-bo",
        open_data: model::PROCEDURE_DATA,
        list_values: &["internal_procedures", "counts"],
        example: r#"name: {vi: "Ví dụ: thủ tục nội bộ (thay bằng tên chính thức)", en: "Example: an internal procedure (replace with the official name)"}
"#,
        schema: model::internal_procedure_schema,
    },
    KindDef {
        kind: Kind::Channel,
        folder: "channels",
        name: "channel",
        format: Format::Yaml,
        id_rule: IdRule::FileName,
        citable: false,
        list_template: Some("channels"),
        record_template: "channel",
        section: Some(Section::Channels),
        translated_fields: &[],
        example_id: "vi-du-kenh-tiep-nhan",
        open_data: model::CHANNEL_DATA,
        list_values: &["channels", "counts"],
        example: r#"kind: in_person
name: {vi: "Ví dụ: tiếp công dân", en: "Example: citizen reception"}
purpose: {vi: "Ví dụ: thay bằng mục đích của kênh tiếp nhận.", en: "Example: replace with what the channel is for."}
"#,
        schema: schemars::SchemaGenerator::root_schema_for::<model::Channel>,
    },
    KindDef {
        kind: Kind::Report,
        folder: "reports",
        name: "report",
        format: Format::Markdown,
        id_rule: IdRule::FileName,
        citable: true,
        list_template: Some("reports"),
        record_template: "report",
        section: Some(Section::Reports),
        translated_fields: <model::ReportTranslationMeta as model::TranslationMeta>::FIELDS,
        example_id: "vi-du-bao-cao",
        open_data: model::REPORT_DATA,
        list_values: &["latest_reports", "reports", "counts"],
        example: r#"title: {vi: "Ví dụ: báo cáo năm", en: "Example: annual report"}
period: {type: year, year: 2025}
issuer: {vi: "Cơ quan ví dụ", en: "Example agency"}
summary: {vi: "Ví dụ: thay bằng tóm tắt của báo cáo.", en: "Example: replace with the report's summary."}
"#,
        schema: schemars::SchemaGenerator::root_schema_for::<model::ReportMeta>,
    },
    KindDef {
        kind: Kind::Index,
        folder: "indices",
        name: "index",
        format: Format::Yaml,
        id_rule: IdRule::FileName,
        citable: false,
        list_template: Some("indices"),
        record_template: "index",
        section: Some(Section::Indices),
        translated_fields: &[],
        example_id: "vi-du-chi-so",
        open_data: model::INDEX_DATA,
        list_values: &["indices", "charts"],
        example: r#"name: {vi: "Ví dụ: chỉ số", en: "Example: an index"}
short_name: "Ví dụ"
unit: points
scale_max: 100
entries: [{year: 2025, score: 0}]
"#,
        schema: schemars::SchemaGenerator::root_schema_for::<model::Index>,
    },
    KindDef {
        kind: Kind::Document,
        folder: "documents",
        name: "document",
        format: Format::Yaml,
        id_rule: IdRule::FileName,
        citable: true,
        list_template: Some("documents"),
        record_template: "document",
        section: Some(Section::Documents),
        translated_fields: &[],
        example_id: "vi-du-van-ban",
        open_data: model::DOCUMENT_DATA,
        list_values: &["document_groups", "counts"],
        example: r#"number: "1/VD"
type: other
issuer: {vi: "Cơ quan ví dụ", en: "Example agency"}
title: {vi: "Ví dụ: văn bản", en: "Example: a document"}
"#,
        schema: schemars::SchemaGenerator::root_schema_for::<model::Document>,
    },
    KindDef {
        kind: Kind::Page,
        folder: "pages",
        name: "page",
        format: Format::Markdown,
        id_rule: IdRule::FileName,
        citable: false,
        list_template: None,
        record_template: "info_page",
        section: None,
        translated_fields: <model::TitleSummaryTranslation as model::TranslationMeta>::FIELDS,
        example_id: "gioi-thieu",
        open_data: model::PAGE_DATA,
        // A page's title is in the menu and footer of every page, which `site.yaml` names
        // (`render::nav`): not a list value; a changed page title renders the whole site again.
        list_values: &[],
        example: r#"title: {vi: "Giới thiệu", en: "About us"}
summary: {vi: "Ví dụ: thay bằng một hai câu giới thiệu cơ quan.", en: "Example: replace with a sentence or two about the agency."}
"#,
        schema: schemars::SchemaGenerator::root_schema_for::<model::PageMeta>,
    },
    KindDef {
        kind: Kind::News,
        folder: "news",
        name: "news",
        format: Format::Markdown,
        id_rule: IdRule::FileName,
        citable: false,
        list_template: Some("news"),
        record_template: "news_item",
        section: Some(Section::News),
        translated_fields: <model::TitleSummaryTranslation as model::TranslationMeta>::FIELDS,
        example_id: "vi-du-tin-tuc",
        open_data: model::NEWS_DATA,
        list_values: &["latest_news", "news_tags", "counts"],
        example: r#"date: 2025-01-01
title: {vi: "Ví dụ: tin tức", en: "Example: a news item"}
summary: {vi: "Ví dụ: thay bằng một hai câu tóm tắt tin.", en: "Example: replace with a sentence or two on the news."}
"#,
        schema: schemars::SchemaGenerator::root_schema_for::<model::NewsMeta>,
    },
    KindDef {
        kind: Kind::Unit,
        folder: "units",
        name: "unit",
        format: Format::Yaml,
        id_rule: IdRule::FileName,
        citable: false,
        list_template: Some("units"),
        record_template: "unit",
        section: Some(Section::Units),
        translated_fields: &[],
        example_id: "vi-du-don-vi",
        open_data: model::UNIT_DATA,
        list_values: &["units"],
        example: r#"name: {vi: "Ví dụ: Văn phòng (thay bằng tên chính thức)", en: "Example: the Office (replace with the official name)"}
"#,
        schema: schemars::SchemaGenerator::root_schema_for::<model::Unit>,
    },
];

/// The pages a build makes at the top of every language (`/<lang>/search/`) besides the
/// kinds' list pages.
pub const FIXED_PAGES: [&str; 3] = ["search", "data", "translations"];

/// Whether the address `/<lang>/<segment>/` is taken by a kind's list or a fixed page, so that a
/// record of a kind without a list (a page) cannot have that id.
pub fn is_taken_at_top(segment: &str) -> bool {
    FIXED_PAGES.contains(&segment) || KINDS.iter().any(|d| d.folder == segment)
}

impl Kind {
    pub const ALL: [Kind; 9] = [
        Kind::Procedure,
        Kind::InternalProcedure,
        Kind::Channel,
        Kind::Report,
        Kind::Index,
        Kind::Document,
        Kind::Page,
        Kind::News,
        Kind::Unit,
    ];

    /// What the kind is.
    pub fn def(self) -> &'static KindDef {
        &KINDS[self as usize]
    }

    /// The folder name under `content/`, which is also the URL segment of the kind's pages.
    pub fn folder(self) -> &'static str {
        self.def().folder
    }

    /// The kind's name as templates and the search index see it (`internal-procedure`).
    pub fn name(self) -> &'static str {
        self.def().name
    }

    pub fn from_folder(name: &str) -> Option<Kind> {
        KINDS.iter().find(|d| d.folder == name).map(|d| d.kind)
    }

    /// Whether the kind is Markdown with front matter rather than YAML.
    pub fn is_markdown(self) -> bool {
        self.def().format == Format::Markdown
    }

    /// Whether its records have a list page (and a menu section); pages do not.
    pub fn is_listed(self) -> bool {
        self.def().list_template.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_has_each_kind_once_in_order() {
        for (i, kind) in Kind::ALL.into_iter().enumerate() {
            assert_eq!(KINDS[i].kind, kind);
            assert_eq!(kind as usize, i);
        }
        for (i, a) in KINDS.iter().enumerate() {
            for b in &KINDS[i + 1..] {
                assert_ne!(a.folder, b.folder);
                assert_ne!(a.name, b.name);
            }
        }
    }

    /// `minhbach new KIND` takes the names templates and the search index use.
    #[test]
    fn the_command_line_names_a_kind_by_its_name() {
        use clap::ValueEnum;
        for kind in Kind::ALL {
            let value = kind.to_possible_value().expect("every kind can be named");
            assert_eq!(value.get_name(), kind.name());
        }
    }

    #[test]
    fn a_kind_and_its_section_share_the_address() {
        for d in &KINDS {
            if let Some(section) = d.section {
                assert_eq!(section.path(), format!("{}/", d.folder));
            }
            assert_eq!(d.section.is_some(), d.list_template.is_some(), "{}", d.name);
        }
    }

    #[test]
    fn only_markdown_kinds_have_translation_files() {
        for d in &KINDS {
            assert_eq!(
                d.format == Format::Markdown,
                !d.translated_fields.is_empty(),
                "{}",
                d.name
            );
        }
    }
}
