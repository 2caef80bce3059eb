//! A new record's YAML, written from its kind's JSON Schema: every field of the record type, in
//! the order the type declares them (`schema::field_order`), explained by its description (the
//! field's doc comment in `model`), with the values of an enumeration listed from the enum.
//! Required fields are live, blank for the author to fill in (so that `check` points at each
//! one until it is); optional ones are commented out in the shape they take. In example mode
//! (`init`) the values of the kind's example record (`kind::KindDef::example`) fill the blanks.
//!
//! A new field, a new part of a record or a new kind needs nothing here: the schema says it.

use serde_json::{Map, Value};

/// The longest comment line written, before a description wraps.
const WIDTH: usize = 96;

/// What a field holds, once `$ref`s and "or nothing" (`anyOf [X, null]`) are seen through.
enum Shape<'a> {
    /// A text in every language.
    Text,
    /// One of the values of an enumeration.
    Choice(Vec<&'a str>),
    /// A string, number or flag; the schema gives its type, examples and default.
    Scalar(&'a Value),
    /// A part of the record with fields of its own, named in `$defs` if it has a name.
    Object(Option<&'a str>, &'a Value),
    /// A list of items of one shape.
    List(Box<Shape<'a>>),
    /// One of several kinds of item (a menu entry is a section or a link).
    OneOf(Vec<Shape<'a>>),
}

/// Writes the fields of one schema.
pub(crate) struct Writer<'a> {
    out: String,
    defs: &'a Map<String, Value>,
    langs: &'a [String],
    default: &'a str,
}

impl<'a> Writer<'a> {
    pub(crate) fn new(schema: &'a Value, langs: &'a [String], default: &'a str) -> Self {
        static NONE: std::sync::OnceLock<Map<String, Value>> = std::sync::OnceLock::new();
        Writer {
            out: String::new(),
            defs: schema["$defs"]
                .as_object()
                .unwrap_or_else(|| NONE.get_or_init(Map::new)),
            langs,
            default,
        }
    }

    pub(crate) fn finish(self) -> String {
        self.out
    }

    pub(crate) fn line(&mut self, line: &str) {
        self.out.push_str(line);
        self.out.push('\n');
    }

    /// A comment of `text` at `indent`, wrapped, each line starting with `first` then `# `.
    pub(crate) fn comment(&mut self, indent: &str, text: &str) {
        let mut line = String::new();
        for word in text.split_whitespace() {
            if !line.is_empty() && indent.len() + line.len() + word.len() + 3 > WIDTH {
                self.line(&format!("{indent}# {line}"));
                line.clear();
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        if !line.is_empty() {
            self.line(&format!("{indent}# {line}"));
        }
    }

    /// The fields of the object `schema` (of the type `type_name`), at `indent`. Fields are
    /// live when `live` and required, or given by `example`; the rest are commented out.
    /// `fill` gives a live field's value before the example does (a procedure's code taken
    /// from its file name).
    pub(crate) fn fields(
        &mut self,
        type_name: Option<&str>,
        schema: &'a Value,
        indent: &str,
        live: bool,
        example: Option<&serde_yaml::Value>,
        fill: &dyn Fn(&str) -> Option<String>,
    ) {
        let Some(properties) = schema["properties"].as_object() else {
            return;
        };
        let required = required(schema);
        let sorted: Vec<&str> = properties.keys().map(String::as_str).collect();
        let order = type_name
            .and_then(schema::field_order)
            .map_or(sorted, |order| order.to_vec());
        for name in order {
            let Some(property) = properties.get(name) else {
                continue;
            };
            let given = example.and_then(|e| e.get(name));
            let is_required = required.contains(&name);
            let field_live = live && (is_required || given.is_some() || fill(name).is_some());
            self.field(
                name,
                property,
                indent,
                field_live,
                is_required,
                given,
                fill(name),
            );
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn field(
        &mut self,
        name: &str,
        property: &'a Value,
        indent: &str,
        live: bool,
        required: bool,
        given: Option<&serde_yaml::Value>,
        fill: Option<String>,
    ) {
        let shape = self.shape(property);
        let mut help = description(property)
            .or_else(|| self.target(property).and_then(description))
            .unwrap_or_default()
            .to_owned();
        if let Shape::Choice(values) = &shape {
            help.push_str(&format!(" One of: {}.", values.join(", ")));
        }
        if live {
            let note = if required {
                format!("REQUIRED. {help}")
            } else {
                help.clone()
            };
            self.comment(indent, &note);
            self.live_value(name, &shape, indent, given, fill);
        } else {
            // Inside a block commented out already, a field needs no `#` of its own.
            let mark = if indent.contains('#') { "" } else { "# " };
            let at = format!("{indent}{mark}");
            self.commented(name, &shape, &at, &help);
        }
    }

    fn live_value(
        &mut self,
        name: &str,
        shape: &Shape<'a>,
        indent: &str,
        given: Option<&serde_yaml::Value>,
        fill: Option<String>,
    ) {
        match shape {
            Shape::Text => {
                self.line(&format!("{indent}{name}:"));
                self.languages(&format!("{indent}  "), given);
            }
            Shape::Object(type_name, schema) => {
                self.line(&format!("{indent}{name}:"));
                self.fields(
                    *type_name,
                    schema,
                    &format!("{indent}  "),
                    true,
                    given,
                    &|_| None,
                );
            }
            Shape::List(item) => {
                self.line(&format!("{indent}{name}:"));
                let items: Vec<Option<&serde_yaml::Value>> = match given {
                    Some(serde_yaml::Value::Sequence(items)) => items.iter().map(Some).collect(),
                    _ => vec![None],
                };
                for item_value in items {
                    self.live_item(item, &format!("{indent}  "), item_value);
                }
            }
            Shape::Choice(_) | Shape::Scalar(_) | Shape::OneOf(_) => {
                let value = fill
                    .or_else(|| given.map(yaml_scalar))
                    .unwrap_or_else(|| blank(shape).to_owned());
                let line = format!("{indent}{name}: {value}");
                self.line(line.trim_end());
            }
        }
    }

    /// One live item of a list at `indent` (`- `).
    fn live_item(&mut self, item: &Shape<'a>, indent: &str, given: Option<&serde_yaml::Value>) {
        let start = self.out.len();
        let inner = format!("{indent}  ");
        match item {
            Shape::Object(type_name, schema) => {
                // The list's own line says it is required; its items' fields say no more.
                let mut fields = Writer {
                    out: String::new(),
                    ..*self
                };
                fields.fields(*type_name, schema, &inner, true, given, &|_| None);
                let text: String = fields
                    .finish()
                    .lines()
                    .filter(|l| !l.trim_start().starts_with("# REQUIRED."))
                    .map(|l| format!("{l}\n"))
                    .collect();
                self.out.push_str(&text);
            }
            Shape::Text => self.languages(&inner, given),
            _ => {
                let value = given.map_or_else(|| blank(item).to_owned(), yaml_scalar);
                self.line(format!("{inner}{value}").trim_end());
            }
        }
        self.mark_item(start, indent);
    }

    /// Turns the first line written since `start` into a list item: `  x` becomes `- x`.
    fn mark_item(&mut self, start: usize, indent: &str) {
        let inner = format!("{indent}  ");
        if self.out[start..].starts_with(&inner) {
            self.out
                .replace_range(start..start + inner.len(), &format!("{indent}- "));
        }
    }

    /// A field commented out, at `at` (which ends in `# ` or lies in a commented block); the
    /// lines of a block sit below it, two columns in.
    fn commented(&mut self, name: &str, shape: &Shape<'a>, at: &str, help: &str) {
        let head = match shape {
            Shape::Choice(_) | Shape::Scalar(_) => format!("{at}{name}: {}", sample(shape)),
            _ => format!("{at}{name}:"),
        };
        if help.is_empty() {
            self.line(&head);
        } else {
            self.line(&format!("{head}  # {help}"));
        }
        if !matches!(shape, Shape::Choice(_) | Shape::Scalar(_)) {
            self.sample_block(shape, &format!("{at}  "));
        }
    }

    /// The commented lines of a block-valued field at `at`.
    fn sample_block(&mut self, shape: &Shape<'a>, at: &str) {
        match shape {
            Shape::Text => self.languages(at, None),
            Shape::Object(type_name, schema) => {
                self.fields(*type_name, schema, at, false, None, &|_| None);
            }
            Shape::List(item) => self.sample_items(item, at),
            Shape::Choice(_) | Shape::Scalar(_) | Shape::OneOf(_) => {
                let line = format!("{at}{}", sample(shape));
                self.line(&line);
            }
        }
    }

    /// A sample item of each kind a commented list can hold.
    fn sample_items(&mut self, item: &Shape<'a>, at: &str) {
        let variants: Vec<&Shape<'a>> = match item {
            Shape::OneOf(variants) => variants.iter().collect(),
            other => vec![other],
        };
        for variant in variants {
            let start = self.out.len();
            let inner = format!("{at}  ");
            match variant {
                Shape::Text => self.languages(&inner, None),
                Shape::Object(type_name, schema) => {
                    self.fields(*type_name, schema, &inner, false, None, &|_| None);
                }
                other => {
                    let line = format!("{inner}{}", sample(other));
                    self.line(&line);
                }
            }
            self.mark_item(start, at);
        }
    }

    /// One line per language at `at`, with the text `given` has in it (a plain string is in
    /// the default language), or nothing.
    fn languages(&mut self, at: &str, given: Option<&serde_yaml::Value>) {
        for lang in self.langs {
            let text = match given {
                Some(serde_yaml::Value::String(s)) if lang == self.default => s.as_str(),
                Some(serde_yaml::Value::Mapping(map)) => map
                    .get(lang.as_str())
                    .and_then(serde_yaml::Value::as_str)
                    .unwrap_or(""),
                _ => "",
            };
            self.line(&format!("{at}{lang}: {}", quote(text)));
        }
    }

    /// The schema a `$ref` points to, if the property is one (or one or nothing).
    fn target(&self, property: &'a Value) -> Option<&'a Value> {
        let reference = property["$ref"].as_str().or_else(|| {
            property["anyOf"]
                .as_array()?
                .iter()
                .find_map(|s| s["$ref"].as_str())
        })?;
        self.defs.get(reference.strip_prefix("#/$defs/")?)
    }

    fn shape(&self, property: &'a Value) -> Shape<'a> {
        if let Some(reference) = property["$ref"].as_str() {
            let name = reference.strip_prefix("#/$defs/").unwrap_or(reference);
            if name == "Text" {
                return Shape::Text;
            }
            return match self.defs.get(name) {
                Some(def) if def.get("properties").is_some() => Shape::Object(Some(name), def),
                Some(def) => self.shape(def),
                None => Shape::Scalar(property),
            };
        }
        if let Some(values) = property["enum"].as_array() {
            return Shape::Choice(values.iter().filter_map(Value::as_str).collect());
        }
        if let Some(options) = property["anyOf"].as_array() {
            let options: Vec<&Value> = options.iter().filter(|o| o["type"] != "null").collect();
            return match options.as_slice() {
                [one] => self.shape(one),
                many if many.iter().all(|o| o.get("properties").is_some()) => {
                    Shape::OneOf(many.iter().map(|o| Shape::Object(None, o)).collect())
                }
                _ => Shape::Scalar(property),
            };
        }
        if property.get("properties").is_some() {
            return Shape::Object(None, property);
        }
        if is_type(property, "array") {
            return Shape::List(Box::new(self.shape(&property["items"])));
        }
        Shape::Scalar(property)
    }
}

/// The names of the fields `schema` requires: its own, and those its `else` branch requires
/// (the usual case of a rule between fields: a public procedure in force).
fn required(schema: &Value) -> Vec<&str> {
    [&schema["required"], &schema["else"]["required"]]
        .into_iter()
        .filter_map(Value::as_array)
        .flatten()
        .filter_map(Value::as_str)
        .collect()
}

fn description(schema: &Value) -> Option<&str> {
    schema["description"].as_str()
}

fn is_type(schema: &Value, name: &str) -> bool {
    match &schema["type"] {
        Value::String(t) => t == name,
        Value::Array(types) => types.iter().any(|t| t == name),
        _ => false,
    }
}

/// The value of a required field left for the author: `""` for text, nothing for a number.
fn blank(shape: &Shape<'_>) -> &'static str {
    match shape {
        Shape::Scalar(s) if !is_type(s, "string") => "",
        _ => "\"\"",
    }
}

/// A value that shows the shape of a field commented out: its example or default, or one of
/// its type.
fn sample(shape: &Shape<'_>) -> String {
    match shape {
        Shape::Choice(values) => values.first().copied().unwrap_or("").to_owned(),
        Shape::Scalar(schema) => {
            if let Some(example) = schema["examples"].get(0).or(schema.get("default")) {
                return json_scalar(example);
            }
            // Zero, or the least value above it.
            if is_type(schema, "integer") || is_type(schema, "number") {
                schema["minimum"]
                    .as_f64()
                    .unwrap_or(0.0)
                    .max(0.0)
                    .to_string()
            } else if is_type(schema, "boolean") {
                "false".to_owned()
            } else {
                "\"\"".to_owned()
            }
        }
        _ => String::new(),
    }
}

/// A YAML double-quoted string.
pub(crate) fn quote(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_owned())
}

fn json_scalar(value: &Value) -> String {
    match value {
        Value::String(s) => quote(s),
        other => other.to_string(),
    }
}

fn yaml_scalar(value: &serde_yaml::Value) -> String {
    match value {
        serde_yaml::Value::String(s) => quote(s),
        serde_yaml::Value::Number(n) => n.to_string(),
        serde_yaml::Value::Bool(b) => b.to_string(),
        other => serde_yaml::to_string(other)
            .map(|s| s.trim().to_owned())
            .unwrap_or_default(),
    }
}
