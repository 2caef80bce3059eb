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
    /// The schema, as pretty-printed JSON ending in a newline.
    pub json: String,
}

/// The schemas of a site with these languages: one per record kind, in the order of the kind
/// table, then `site.schema.json`.
pub fn schemas(languages: &[String], default_language: &str) -> Vec<SchemaFile> {
    let mut files: Vec<SchemaFile> = KINDS
        .iter()
        .map(|def| kind_schema(def, languages, default_language))
        .collect();
    let schema = generator().root_schema_for::<model::SiteConfig>();
    files.push(finish(
        schema,
        "site.schema.json",
        "The portal's configuration: content/site.yaml",
        vec!["content/site.yaml".to_owned()],
        true,
        languages,
        default_language,
    ));
    files
}

fn generator() -> schemars::SchemaGenerator {
    // Deserialising is what the schemas describe: a field with a default may be left out.
    SchemaSettings::draft2020_12()
        .for_deserialize()
        .into_generator()
}

fn kind_schema(def: &KindDef, languages: &[String], default_language: &str) -> SchemaFile {
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
        json,
    }
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

    /// The same languages give the same bytes.
    #[test]
    fn schemas_are_deterministic() {
        let a: Vec<String> = schemas(&five(), "vi").into_iter().map(|f| f.json).collect();
        let b: Vec<String> = schemas(&five(), "vi").into_iter().map(|f| f.json).collect();
        assert_eq!(a, b);
    }
}
