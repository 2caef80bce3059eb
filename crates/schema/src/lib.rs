//! JSON Schemas (draft 2020-12) of a portal's content files, for the editors staff type in.
//!
//! Each schema is derived, not written: the fields, their types, which are required, the values
//! of each enumeration and each field's description come from the record types of `model`
//! (`schemars` reads their serde attributes and doc comments), the ranges from
//! `model::limits`, and which type a folder holds from the kind table (`kind::KindDef::schema`).
//! What only a site knows, its languages and which one every text needs, is filled in here.
//!
//! A schema says what an editor can check as staff type. `minhbach check` stays the judge: it
//! also checks what no schema can express (references that exist, codes that are unique, a
//! rank within `out_of`).

use kind::{Format, KINDS, KindDef};
use schemars::generate::SchemaSettings;
use serde_json::{Map, Value, json};

/// Says that a file was written by `minhbach schema`, so that writing the schemas again
/// replaces it and never a file of someone else's.
pub const MARKER: &str =
    "Written by `minhbach schema` from minhbach's content model; run it again rather than edit.";

/// One schema file.
#[derive(Debug, Clone)]
pub struct SchemaFile {
    /// The file's name: `<folder>.schema.json`, or `site.schema.json`.
    pub name: String,
    /// The content files it describes, as globs below the site's folder
    /// (`content/procedures/*.yaml`); of a Markdown kind, the front matter of its files.
    pub describes: Vec<String>,
    /// Whether editors read those files as YAML, so that the schema can be mapped to them
    /// (a Markdown file's front matter is not checked by YAML editors).
    pub yaml: bool,
    /// The name of the record type it describes (`Procedure`), for [`field_order`].
    pub type_name: String,
    /// The schema.
    pub value: Value,
    /// The schema, as pretty-printed JSON ending in a newline.
    pub json: String,
}

/// A `$ref`, or the one schema of an "it or nothing" choice, seen through.
fn resolve<'v>(defs: &'v Value, mut v: &'v Value) -> &'v Value {
    for _ in 0..8 {
        if let Some(r) = v["$ref"].as_str().and_then(|r| r.strip_prefix("#/$defs/")) {
            v = &defs[r];
        } else if let Some(options) = v["anyOf"].as_array()
            && let [one] = options
                .iter()
                .filter(|o| o["type"] != "null")
                .collect::<Vec<_>>()
                .as_slice()
        {
            v = one;
        } else {
            break;
        }
    }
    v
}

impl SchemaFile {
    /// What the field at `path` is (`dossier[1].name`, `agency.name`), in the words of its
    /// description, for a translator's comment.
    pub fn describe(&self, path: &str) -> Option<String> {
        let defs = &self.value["$defs"];
        let resolve = |v| resolve(defs, v);
        let mut node = &self.value;
        let mut description = None;
        for part in path.split('.') {
            let (key, indexed) = part
                .split_once('[')
                .map_or((part, false), |(k, _)| (k, true));
            let here = resolve(node);
            // The variant of a choice of objects that has the field (a menu item's link).
            let property = here["properties"].get(key).or_else(|| {
                here["anyOf"]
                    .as_array()?
                    .iter()
                    .find_map(|o| resolve(o)["properties"].get(key))
            })?;
            description = property["description"]
                .as_str()
                .or_else(|| resolve(property)["description"].as_str())
                .map(str::to_owned);
            node = if indexed {
                let items = &resolve(property)["items"];
                if let Some(d) = resolve(items)["description"].as_str()
                    && resolve(items)["properties"].is_null()
                {
                    description = description.or(Some(d.to_owned()));
                }
                items
            } else {
                property
            };
        }
        description
    }
}

/// The schemas of a site with these languages: one per record kind, in the order of the kind
/// table, then `site.schema.json`.
pub fn schemas(languages: &[String], default_language: &str) -> Vec<SchemaFile> {
    let mut files: Vec<SchemaFile> = KINDS
        .iter()
        .map(|def| kind_schema(def, languages, default_language))
        .collect();
    files.push(site_schema(languages, default_language));
    files
}

/// The schema of `content/site.yaml`.
pub fn site_schema(languages: &[String], default_language: &str) -> SchemaFile {
    let schema = generator().root_schema_for::<model::SiteConfig>();
    finish(
        schema,
        "site.schema.json",
        "The portal's configuration: content/site.yaml",
        vec!["content/site.yaml".to_owned()],
        true,
        languages,
        default_language,
    )
}

fn generator() -> schemars::SchemaGenerator {
    // Deserialising is what the schemas describe: a field with a default may be left out.
    SchemaSettings::draft2020_12()
        .for_deserialize()
        .into_generator()
}

/// The schema of a kind's record files.
pub fn kind_schema(def: &KindDef, languages: &[String], default_language: &str) -> SchemaFile {
    let schema = (def.schema)(&mut generator());
    let (describes, title) = match def.format {
        Format::Yaml => (
            def.format
                .extensions()
                .iter()
                .map(|ext| format!("content/{}/*.{ext}", def.folder))
                .collect(),
            format!("A {}: content/{}/<id>.yaml", label(def), def.folder),
        ),
        Format::Markdown => (
            vec![format!("content/{}/*.md", def.folder)],
            format!(
                "The front matter of a {}: content/{}/<id>.md",
                label(def),
                def.folder
            ),
        ),
    };
    finish(
        schema,
        &format!("{}.schema.json", def.folder),
        &title,
        describes,
        def.format == Format::Yaml,
        languages,
        default_language,
    )
}

/// The kind's name in words: `internal procedure`.
fn label(def: &KindDef) -> String {
    def.name.replace('-', " ")
}

fn finish(
    schema: schemars::Schema,
    name: &str,
    title: &str,
    describes: Vec<String>,
    yaml: bool,
    languages: &[String],
    default_language: &str,
) -> SchemaFile {
    let mut value = schema.to_value();
    tidy(&mut value);
    let type_name = value["title"].as_str().unwrap_or_default().to_owned();
    if let Value::Object(root) = &mut value {
        root.insert("title".into(), json!(title));
        root.insert("$comment".into(), json!(MARKER));
        if let Some(Value::Object(defs)) = root.get_mut("$defs")
            && defs.contains_key("Text")
        {
            defs.insert("Text".into(), site_text(languages, default_language));
        }
    }
    let mut json = serde_json::to_string_pretty(&value).expect("a schema serialises");
    json.push('\n');
    SchemaFile {
        name: name.to_owned(),
        describes,
        yaml,
        type_name,
        value,
        json,
    }
}

/// The fields of the record type or part of one named `type_name` (a schema's `$defs` key, or
/// [`SchemaFile::type_name`]), in the order the type declares them: a schema's `properties` are
/// sorted by name, but a new record and an editor's form list the fields as the content model
/// does (a record's name first). `None` for a type that is not a struct of named fields.
pub fn field_order(type_name: &str) -> Option<&'static [&'static str]> {
    macro_rules! structs {
        ($($name:ident),* $(,)?) => {
            match type_name {
                $(stringify!($name) => Some(fields_of::<model::$name>()),)*
                _ => None,
            }
        };
    }
    structs!(
        Procedure,
        ProcessingTime,
        Submission,
        DossierItem,
        Fee,
        Channel,
        ReportMeta,
        ReportTranslationMeta,
        PageMeta,
        TitleSummaryTranslation,
        NewsMeta,
        NewsTag,
        NewsImage,
        Period,
        KeyFigure,
        Index,
        IndexEntry,
        Document,
        SiteConfig,
        Agency,
        HistoryConfig,
        Intros,
        Limits,
        Unit,
        UnitContact,
    )
}

/// The field names serde's derive gives a struct's `Deserialize`, in declaration order (and as
/// files write them: `type` for a field renamed so). Found by asking the type to deserialise
/// from a deserialiser that only notes the names it is offered.
fn fields_of<'de, T: serde::Deserialize<'de>>() -> &'static [&'static str] {
    use serde::de::{self, Visitor};
    struct Names<'a>(&'a mut &'static [&'static str]);
    impl<'de> de::Deserializer<'de> for Names<'_> {
        type Error = de::value::Error;
        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
            Err(de::Error::custom("not a struct"))
        }
        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Self::Error> {
            *self.0 = fields;
            Err(de::Error::custom("only the names were asked for"))
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
            byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct map enum
            identifier ignored_any
        }
    }
    let mut fields: &'static [&'static str] = &[];
    let _ = T::deserialize(Names(&mut fields));
    fields
}

/// Doc comments made into what an editor shows: a paragraph's lines joined, and no `default:
/// null` (leaving a field out is the default of every optional field).
fn tidy(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if map.get("default") == Some(&Value::Null) {
                map.remove("default");
            }
            if let Some(Value::String(text)) = map.get_mut("description") {
                *text = text
                    .split("\n\n")
                    .map(|paragraph| paragraph.split_whitespace().collect::<Vec<_>>().join(" "))
                    .collect::<Vec<_>>()
                    .join("\n\n");
            }
            map.values_mut().for_each(tidy);
        }
        Value::Array(items) => items.iter_mut().for_each(tidy),
        _ => {}
    }
}

/// A text of this site: a string in the default language, or a map from the site's languages to
/// strings, in which the default language is required and not blank (as `validate` requires).
pub fn site_text(languages: &[String], default_language: &str) -> Value {
    let any = json!({"type": ["string", "number"]});
    let given = json!({"type": ["string", "number"], "pattern": "\\S"});
    let mut properties = Map::new();
    for lang in languages {
        let schema = if lang == default_language {
            let mut s = given.clone();
            s["description"] = json!(format!(
                "The text in {lang}, the default language: required."
            ));
            s
        } else {
            let mut s = any.clone();
            s["description"] = json!(format!(
                "The text in {lang}; left out or empty, pages show the {default_language} text with a notice."
            ));
            s
        };
        properties.insert(lang.clone(), schema);
    }
    json!({
        "description": format!(
            "A text: a string in the default language ({default_language}), or a line per language ({}).",
            languages.join(", ")
        ),
        "anyOf": [
            given,
            {
                "type": "object",
                "properties": properties,
                "required": [default_language],
                "additionalProperties": false
            }
        ]
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn five() -> Vec<String> {
        ["vi", "en", "ja", "zh", "ko"].map(String::from).to_vec()
    }

    fn parsed(file: &SchemaFile) -> Value {
        serde_json::from_str(&file.json).unwrap()
    }

    /// Every property of every schema explains itself: the description is what an editor
    /// shows on hover, and a new field without a doc comment would show nothing.
    #[test]
    fn every_field_has_a_description() {
        fn walk(value: &Value, at: &str, missing: &mut Vec<String>) {
            match value {
                Value::Object(map) => {
                    if let Some(Value::Object(props)) = map.get("properties") {
                        for (name, prop) in props {
                            let described =
                                prop.get("description").is_some() || prop.as_bool() == Some(false);
                            if !described {
                                missing.push(format!("{at}.{name}"));
                            }
                        }
                    }
                    // Rules between fields (`if`/`then`) restate fields described already.
                    for (k, v) in map {
                        if !["if", "then", "else", "allOf"].contains(&k.as_str()) {
                            walk(v, &format!("{at}/{k}"), missing);
                        }
                    }
                }
                Value::Array(items) => {
                    for (i, v) in items.iter().enumerate() {
                        walk(v, &format!("{at}[{i}]"), missing);
                    }
                }
                _ => {}
            }
        }
        for file in schemas(&five(), "vi") {
            let mut missing = Vec::new();
            walk(&parsed(&file), &file.name, &mut missing);
            assert!(missing.is_empty(), "no description: {missing:?}");
        }
    }

    #[test]
    fn one_schema_per_kind_and_one_for_the_site() {
        let files = schemas(&five(), "vi");
        let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "procedures.schema.json",
                "internal-procedures.schema.json",
                "channels.schema.json",
                "reports.schema.json",
                "indices.schema.json",
                "documents.schema.json",
                "pages.schema.json",
                "news.schema.json",
                "units.schema.json",
                "site.schema.json"
            ]
        );
        for file in &files {
            let v = parsed(file);
            assert_eq!(
                v["$schema"], "https://json-schema.org/draft/2020-12/schema",
                "{}",
                file.name
            );
            assert_eq!(v["$comment"], MARKER);
            assert!(file.json.ends_with("}\n"));
        }
    }

    /// A new translation file lists, and an import writes, the fields the translation type
    /// declares: the kind table's list is the type's.
    #[test]
    fn translated_fields_are_those_of_the_translation_types() {
        assert_eq!(
            field_order("ReportTranslationMeta"),
            Some(kind::Kind::Report.def().translated_fields)
        );
        for kind in [kind::Kind::Page, kind::Kind::News] {
            assert_eq!(
                field_order("TitleSummaryTranslation"),
                Some(kind.def().translated_fields)
            );
        }
    }

    /// Enumerations list the values serde accepts, from the enums.
    #[test]
    fn enumerations_come_from_the_enums() {
        let files = schemas(&five(), "vi");
        let channels = parsed(&files[2]);
        let kind = &channels["$defs"]["ChannelKind"];
        let values: Vec<&str> = kind["enum"]
            .as_array()
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .or_else(|| {
                kind["oneOf"].as_array().map(|a| {
                    a.iter()
                        .filter_map(|v| v["const"].as_str().or(v["enum"][0].as_str()))
                        .collect()
                })
            })
            .unwrap();
        let expected: Vec<&str> = model::values_of::<model::ChannelKind>().collect();
        assert_eq!(values, expected);
    }

    /// The site's languages are the keys a text may have; the default one is required.
    #[test]
    fn texts_name_the_sites_languages() {
        let langs = ["en".to_owned(), "fr".to_owned()];
        let files = schemas(&langs, "fr");
        let text = &parsed(&files[5])["$defs"]["Text"];
        let object = &text["anyOf"][1];
        assert_eq!(object["required"], json!(["fr"]));
        let keys: Vec<&String> = object["properties"].as_object().unwrap().keys().collect();
        assert_eq!(keys, ["en", "fr"]);
        assert_eq!(object["additionalProperties"], json!(false));
    }

    /// Every object of every schema has its fields' order, and it names exactly its properties:
    /// a new part of a record needs its line in `field_order`.
    #[test]
    fn every_object_has_its_field_order() {
        fn check(name: &str, schema: &Value) {
            let Some(props) = schema["properties"].as_object() else {
                return;
            };
            let order = field_order(name).unwrap_or_else(|| panic!("no field order for {name}"));
            let mut sorted = order.to_vec();
            sorted.sort_unstable();
            let keys: Vec<&str> = props.keys().map(String::as_str).collect();
            assert_eq!(sorted, keys, "{name}");
        }
        for file in schemas(&five(), "vi") {
            check(&file.type_name, &file.value);
            for (name, def) in file.value["$defs"].as_object().into_iter().flatten() {
                check(name, def);
            }
        }
        assert_eq!(field_order("Document").unwrap()[1], "type");
        assert_eq!(field_order("Procedure").unwrap()[..2], ["code", "name"]);
    }

    #[test]
    fn fields_are_described_by_their_path() {
        let files = schemas(&five(), "vi");
        assert_eq!(
            files[0].describe("dossier[1].name").as_deref(),
            Some("The document to bring.")
        );
        assert_eq!(
            files[0].describe("steps[2]").as_deref(),
            Some("The steps, in order.")
        );
        let site = files.iter().find(|f| f.name == "site.schema.json").unwrap();
        assert_eq!(
            site.describe("agency.name").as_deref(),
            Some("The agency's name.")
        );
        assert_eq!(
            site.describe("menu[0].label").as_deref(),
            Some("The link's text.")
        );
        let units = files
            .iter()
            .find(|f| f.name == "units.schema.json")
            .unwrap();
        assert!(
            units
                .describe("contact.channels[0]")
                .is_some_and(|d| d.contains("content/channels/")),
            "{:?}",
            units.describe("contact.channels[0]")
        );
        assert_eq!(files[0].describe("nothing"), None);
    }

    /// The same languages give the same bytes.
    #[test]
    fn schemas_are_deterministic() {
        let a: Vec<String> = schemas(&five(), "vi").into_iter().map(|f| f.json).collect();
        let b: Vec<String> = schemas(&five(), "vi").into_iter().map(|f| f.json).collect();
        assert_eq!(a, b);
    }
}
