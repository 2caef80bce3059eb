//! Structured data for search engines: schema.org JSON-LD for procedure pages
//! (`GovernmentService`) and the home page (`GovernmentOrganization`).
//!
//! Only facts from the content go in: a property whose value the site does not have is left out,
//! never filled with a guess. The JSON is escaped for a `<script>` element by [`script_json`], so
//! that no text of the content can end the script or start markup.

use crate::model::{Procedure, SubmissionMethod};
use crate::text::Text;
use crate::theme::Strings;
use crate::validate::Site;
use serde_json::{Map, Value, json};

/// The `GovernmentOrganization` of the site's agency, in `lang`, ready for a `<script>` element.
pub fn organization(site: &Site, lang: &str) -> String {
    script_json(&agency(site, lang, true))
}

/// The `GovernmentService` of the public procedure at `index`, in `lang`; `url` is the page's
/// absolute address when the site's base URL is known.
pub fn procedure(
    site: &Site,
    index: usize,
    lang: &str,
    strings: &Strings,
    url: Option<&str>,
) -> String {
    let p = &site.loaded.procedures[index].data;
    let default = site.default_language();
    let text = |t: &Text| t.localize(lang, default).text;
    let mut service = Map::new();
    service.insert("@context".into(), json!("https://schema.org"));
    service.insert("@type".into(), json!("GovernmentService"));
    service.insert("name".into(), json!(text(&p.name)));
    service.insert("inLanguage".into(), json!(lang));
    if let Some(code) = &p.code {
        service.insert(
            "identifier".into(),
            json!({"@type": "PropertyValue", "propertyID": "national-procedure-code", "value": code.0}),
        );
    }
    if let Some(summary) = &p.summary {
        service.insert("description".into(), json!(text(summary)));
    }
    if let Some(field) = &p.field {
        service.insert("serviceType".into(), json!(text(field)));
    }
    if let Some(url) = url {
        service.insert("url".into(), json!(url));
    }
    service.insert("provider".into(), provider(site, p, lang));
    if let Some(area) = area_served(site, lang) {
        service.insert("areaServed".into(), area);
    }
    let channels = service_channels(p, lang, default, strings);
    if !channels.is_empty() {
        service.insert("availableChannel".into(), Value::Array(channels));
    }
    script_json(&Value::Object(service))
}

/// The agency that delivers the procedure: its own `implementing_agency` when the record names
/// one, else the site's agency (whose contact details are the site's, so only then are they added).
fn provider(site: &Site, p: &Procedure, lang: &str) -> Value {
    let default = site.default_language();
    let own = &site.loaded.config.data.agency.name;
    match &p.implementing_agency {
        Some(a) if a.default_text(default) != own.default_text(default) => json!({
            "@type": "GovernmentOrganization",
            "name": a.localize(lang, default).text,
        }),
        _ => agency(site, lang, false),
    }
}

/// The site's agency from `site.yaml`; `top` adds the `@context` of a top-level item.
fn agency(site: &Site, lang: &str, top: bool) -> Value {
    let c = &site.loaded.config.data;
    let default = site.default_language();
    let text = |t: &Text| t.localize(lang, default).text;
    let mut org = Map::new();
    if top {
        org.insert("@context".into(), json!("https://schema.org"));
    }
    org.insert("@type".into(), json!("GovernmentOrganization"));
    org.insert("name".into(), json!(text(&c.agency.name)));
    if top {
        if let Some(d) = &c.agency.description {
            org.insert("description".into(), json!(text(d)));
        }
        if let Some(area) = area_served(site, lang) {
            org.insert("areaServed".into(), area);
        }
    }
    if let Some(parent) = &c.agency.parent {
        org.insert(
            "parentOrganization".into(),
            json!({"@type": "GovernmentOrganization", "name": text(parent)}),
        );
    }
    if let Some(address) = &c.agency.address {
        org.insert("address".into(), json!(text(address)));
    }
    if let Some(phone) = &c.agency.phone {
        org.insert("telephone".into(), json!(phone));
    }
    if let Some(email) = &c.agency.email {
        org.insert("email".into(), json!(email));
    }
    if let Some(website) = &c.agency.website {
        org.insert("url".into(), json!(website));
    }
    Value::Object(org)
}

fn area_served(site: &Site, lang: &str) -> Option<Value> {
    let area = site.loaded.config.data.agency.area_served.as_ref()?;
    Some(json!({
        "@type": "AdministrativeArea",
        "name": area.localize(lang, site.default_language()).text,
    }))
}

/// One `ServiceChannel` per way of submitting the dossier that the record lists.
fn service_channels(p: &Procedure, lang: &str, default: &str, strings: &Strings) -> Vec<Value> {
    p.submission
        .iter()
        .map(|s| {
            let key = match s.method {
                SubmissionMethod::Online => "method_online",
                SubmissionMethod::InPerson => "method_in_person",
                SubmissionMethod::Post => "method_post",
            };
            let mut channel = Map::new();
            channel.insert("@type".into(), json!("ServiceChannel"));
            if let Some(name) = strings.get(key) {
                channel.insert("name".into(), json!(name));
            }
            if let Some(url) = &s.url {
                channel.insert("serviceUrl".into(), json!(url));
            }
            if let Some(address) = &s.address {
                let address = address.localize(lang, default).text;
                let place = json!({"@type": "Place", "address": address});
                let key = if s.method == SubmissionMethod::Post {
                    "servicePostalAddress"
                } else {
                    "serviceLocation"
                };
                channel.insert(key.into(), place);
            }
            if let Some(note) = &s.note {
                channel.insert(
                    "description".into(),
                    json!(note.localize(lang, default).text),
                );
            }
            channel.insert("availableLanguage".into(), json!(lang));
            Value::Object(channel)
        })
        .collect()
}

/// JSON for the inside of a `<script>` element: `<`, `>` and `&` become `\u003c`, `\u003e` and
/// `\u0026` (still the same JSON), so a text containing `</script>` or `<!--` cannot close the
/// element or change how the HTML parser reads it. U+2028 and U+2029 are escaped too, for
/// consumers that read the block as JavaScript.
pub fn script_json(value: &Value) -> String {
    let json = serde_json::to_string(value).unwrap_or_else(|_| "{}".to_owned());
    // Copied in runs between the characters to escape, found as bytes: `<`, `>` and `&` are
    // ASCII, U+2028 and U+2029 are E2 80 A8 and E2 80 A9 (this runs for every procedure page).
    let bytes = json.as_bytes();
    let mut out = String::with_capacity(json.len() + 16);
    let mut copied = 0;
    for (i, &byte) in bytes.iter().enumerate() {
        let (escape, width) = match byte {
            b'<' => ("\\u003c", 1),
            b'>' => ("\\u003e", 1),
            b'&' => ("\\u0026", 1),
            0xE2 if bytes.get(i + 1) == Some(&0x80) => match bytes.get(i + 2) {
                Some(0xA8) => ("\\u2028", 3),
                Some(0xA9) => ("\\u2029", 3),
                _ => continue,
            },
            _ => continue,
        };
        out.push_str(&json[copied..i]);
        out.push_str(escape);
        copied = i + width;
    }
    out.push_str(&json[copied..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_json_cannot_end_the_script() {
        let value = json!({"name": "A & B </script><script>alert(1)</script> <!-- \u{2028}\u{2029} … Hải Phòng 海防"});
        let s = script_json(&value);
        assert!(
            !s.contains('<') && !s.contains('>') && !s.contains('&'),
            "{s}"
        );
        assert!(!s.to_ascii_lowercase().contains("</script"));
        assert!(s.contains("\\u2028\\u2029 … Hải Phòng 海防"), "{s}");
        let back: Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back, value, "escaping keeps the same JSON value");
    }
}
