//! A tiny block-style YAML writer for the generator: every string single-quoted, so no value can
//! be mistaken for a number, a date or YAML syntax, and keys in the order they were given.

/// A YAML value.
pub enum Y {
    Str(String),
    Int(i64),
    Num(f64),
    Map(Vec<(&'static str, Y)>),
    List(Vec<Y>),
}

impl Y {
    pub fn s(text: impl Into<String>) -> Y {
        Y::Str(text.into())
    }
}

/// The YAML text of a top-level mapping.
pub fn to_yaml(entries: &[(&'static str, Y)]) -> String {
    let mut out = String::new();
    write_map(&mut out, entries, 0);
    out
}

fn pad(out: &mut String, indent: usize) {
    out.extend(std::iter::repeat_n(' ', indent));
}

fn scalar(out: &mut String, v: &Y) -> bool {
    match v {
        Y::Str(s) => {
            debug_assert!(!s.contains('\n'), "the writer keeps strings on one line");
            out.push('\'');
            out.push_str(&s.replace('\'', "''"));
            out.push('\'');
        }
        Y::Int(i) => out.push_str(&i.to_string()),
        // `{:?}` keeps a decimal point (`1.0`), so the value reads back as a float.
        Y::Num(n) => out.push_str(&format!("{n:?}")),
        Y::Map(_) | Y::List(_) => return false,
    }
    true
}

/// The value after `key:`; `indent` is the key's indentation.
fn write_value(out: &mut String, v: &Y, indent: usize) {
    let mut text = String::new();
    if scalar(&mut text, v) {
        out.push(' ');
        out.push_str(&text);
        out.push('\n');
        return;
    }
    match v {
        Y::Map(m) => {
            out.push('\n');
            write_map(out, m, indent + 2);
        }
        Y::List(l) if l.is_empty() => out.push_str(" []\n"),
        Y::List(l) => {
            out.push('\n');
            write_list(out, l, indent);
        }
        _ => unreachable!("scalars are written above"),
    }
}

fn write_map(out: &mut String, entries: &[(&'static str, Y)], indent: usize) {
    for (key, value) in entries {
        pad(out, indent);
        out.push_str(key);
        out.push(':');
        write_value(out, value, indent);
    }
}

fn write_list(out: &mut String, items: &[Y], indent: usize) {
    for item in items {
        pad(out, indent);
        out.push_str("- ");
        match item {
            Y::Map(m) => {
                let mut entries = m.iter();
                if let Some((key, value)) = entries.next() {
                    out.push_str(key);
                    out.push(':');
                    write_value(out, value, indent + 2);
                }
                for (key, value) in entries {
                    pad(out, indent + 2);
                    out.push_str(key);
                    out.push(':');
                    write_value(out, value, indent + 2);
                }
            }
            Y::List(_) => unreachable!("the content model has no lists of lists"),
            scalar_value => {
                scalar(out, scalar_value);
                out.push('\n');
            }
        }
    }
}
