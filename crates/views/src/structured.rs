//! Structured data for search engines: schema.org JSON-LD for procedure pages
//! (`GovernmentService`), unit pages and the home page (`GovernmentOrganization`, the home
//! page's with the units as `subOrganization`).
//!
//! Only facts from the content go in: a property whose value the site does not have is left out,
//! never filled with a guess. The JSON is escaped for a `<script>` element by [`script_json`], so
//! that no text of the content can end the script or start markup.

use crate::{ProcedureView, UnitView};
use model::SubmissionMethod;
use serde::Serialize;
use serde_json::{Map, Value, json};
use text::{Localized, Text};
use theme::Strings;
use validate::Site;

/// The list values (`render::list_values`) made from the records that the home page's JSON-LD
/// ([`organization`]) shows: the preview renders the home page again when one changes.
pub const ORGANIZATION_USES: &[&str] = &["units"];

/// The `GovernmentOrganization` of the site's agency, in `lang`, ready for a `<script>` element,
/// with its units as `subOrganization`s (in the order of the organisation page); `base` is the
/// site's address, when known, for the units' `url`.
pub fn organization(site: &Site, lang: &str, base: Option<&str>) -> String {
    let mut org = agency(site, lang, true);
    let units = &site.loaded.units;
    if !units.is_empty()
        && let Value::Object(map) = &mut org
    {
        let default = site.default_language();
        let absolute = |i: usize| {
            base.map(|b| {
                format!(
                    "{}/{lang}/{}",
                    b.trim_end_matches('/'),
                    plan::record_path(site, load::Kind::Unit, i)
                )
            })
        };
        let position = |id: &str| units.iter().rposition(|u| u.id == id);
        let sub: Vec<Value> = crate::unit_tree(site)
            .into_iter()
            .map(|(i, _)| {
                let u = &units[i];
                let mut unit = Map::new();
                unit.insert("@type".into(), json!("GovernmentOrganization"));
                unit.insert(
                    "name".into(),
                    json!(u.data.name.localize(lang, default).text),
                );
                if let Some(url) = absolute(i) {
                    unit.insert("url".into(), json!(url));
                }
                // Part of another unit: say which (the agency is the item they all sit in).
                if let Some(p) = u.data.parent.as_deref().and_then(position) {
                    let mut parent = Map::new();
                    parent.insert("@type".into(), json!("GovernmentOrganization"));
                    parent.insert(
                        "name".into(),
                        json!(units[p].data.name.localize(lang, default).text),
                    );
                    if let Some(url) = absolute(p) {
                        parent.insert("url".into(), json!(url));
                    }
                    unit.insert("parentOrganization".into(), Value::Object(parent));
                }
                Value::Object(unit)
            })
            .collect();
        map.insert("subOrganization".into(), Value::Array(sub));
    }
    script_json(&org)
}

/// The `GovernmentOrganization` of a unit's page, made from its view: part of its parent unit,
/// or of the site's agency; `url` is the page's absolute address when the site's base URL is
/// known.
pub fn unit(site: &Site, view: &UnitView, lang: &str, url: Option<&str>) -> String {
    let mut org = Map::new();
    org.insert("@context".into(), json!("https://schema.org"));
    org.insert("@type".into(), json!("GovernmentOrganization"));
    org.insert("name".into(), json!(view.name.text));
    if let Some(functions) = &view.functions {
        org.insert("description".into(), json!(functions.text));
    }
    if let Some(url) = url {
        org.insert("url".into(), json!(url));
    }
    let parent = match &view.parent {
        Some(p) => {
            let mut parent = Map::new();
            parent.insert("@type".into(), json!("GovernmentOrganization"));
            parent.insert("name".into(), json!(p.name.text));
            // The parent's address: this page's, with the parent's path for the unit's own.
            if let Some(base) = url.and_then(|u| u.strip_suffix(view.url.as_str())) {
                parent.insert("url".into(), json!(format!("{base}{}", p.url)));
            }
            Value::Object(parent)
        }
        None => agency(site, lang, false),
    };
    org.insert("parentOrganization".into(), parent);
    script_json(&Value::Object(org))
}

/// The `GovernmentService` of a public procedure, made from its page's view in the page's
/// language, so that the page and its structured data say the same; `url` is the page's
/// absolute address when the site's base URL is known.
pub fn procedure(
    site: &Site,
    view: &ProcedureView,
    lang: &str,
    strings: &Strings,
    url: Option<&str>,
) -> String {
    let service = Service {
        context: "https://schema.org",
        kind: "GovernmentService",
        area_served: area(site, lang),
        available_channel: service_channels(view, lang, strings),
        description: text(&view.summary),
        identifier: view.code.as_deref().map(|code| Identifier {
            kind: "PropertyValue",
            property_id: "national-procedure-code",
            value: code,
        }),
        in_language: lang,
        name: &view.name.text,
        provider: provider(site, view, lang),
        service_type: text(&view.field),
        url,
    };
    script_json(&service)
}

/// The `NewsArticle` of a news item, from its page's view: headline, description, date,
/// language, and the agency as author and publisher. No image: the content has none.
pub fn news_article(site: &Site, view: &crate::NewsView, lang: &str, url: Option<&str>) -> String {
    let mut article = Map::new();
    article.insert("@context".into(), json!("https://schema.org"));
    article.insert("@type".into(), json!("NewsArticle"));
    article.insert("headline".into(), json!(view.title.text));
    article.insert("description".into(), json!(view.summary.text));
    article.insert("datePublished".into(), json!(view.date_iso));
    article.insert("inLanguage".into(), json!(lang));
    article.insert("author".into(), agency(site, lang, false));
    article.insert("publisher".into(), agency(site, lang, false));
    if let Some(url) = url {
        article.insert("url".into(), json!(url));
        article.insert("mainEntityOfPage".into(), json!(url));
    }
    // schema.org wants the picture's absolute address: only with the site's.
    if let (Some(image), Some(base)) = (&view.image, site.loaded.config.data.base_url.as_deref()) {
        article.insert(
            "image".into(),
            json!(format!("{}/{}", base.trim_end_matches('/'), image.url)),
        );
    }
    script_json(&Value::Object(article))
}

fn text(l: &Option<Localized>) -> Option<&str> {
    l.as_ref().map(|l| l.text.as_str())
}

// The JSON-LD of a procedure page, borrowed from its view: one is made for every procedure
// page, and building `serde_json::Value` maps of owned strings was most of its cost. The fields
// of each struct are in the order of their JSON names, which is the order `serde_json::Map`
// (a sorted map) gave them before, so the output is the same.

#[derive(Serialize)]
struct Service<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "areaServed", skip_serializing_if = "Option::is_none")]
    area_served: Option<Named<'a>>,
    #[serde(rename = "availableChannel", skip_serializing_if = "Vec::is_empty")]
    available_channel: Vec<ServiceChannel<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    identifier: Option<Identifier<'a>>,
    #[serde(rename = "inLanguage")]
    in_language: &'a str,
    name: &'a str,
    provider: Provider<'a>,
    #[serde(rename = "serviceType", skip_serializing_if = "Option::is_none")]
    service_type: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
}

/// An item that is a type and a name (`AdministrativeArea`, `GovernmentOrganization`).
#[derive(Serialize)]
struct Named<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
}

#[derive(Serialize)]
struct Identifier<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "propertyID")]
    property_id: &'static str,
    value: &'a str,
}

#[derive(Serialize)]
#[serde(untagged)]
enum Provider<'a> {
    /// The procedure's own implementing agency, by name.
    Named(Named<'a>),
    /// The site's agency, with its contact details.
    Site(Value),
}

#[derive(Serialize)]
struct ServiceChannel<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "availableLanguage")]
    available_language: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    #[serde(rename = "serviceLocation", skip_serializing_if = "Option::is_none")]
    service_location: Option<Place<'a>>,
    #[serde(
        rename = "servicePostalAddress",
        skip_serializing_if = "Option::is_none"
    )]
    service_postal_address: Option<Place<'a>>,
    #[serde(rename = "serviceUrl", skip_serializing_if = "Option::is_none")]
    service_url: Option<&'a str>,
}

#[derive(Serialize)]
struct Place<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    address: &'a str,
}

/// The agency that delivers the procedure: its own `implementing_agency` when the record names
/// another body than the site's agency, else the site's agency (whose contact details are the
/// site's, so only then are they added).
fn provider<'a>(site: &'a Site, view: &'a ProcedureView, lang: &str) -> Provider<'a> {
    match &view.implementing_agency {
        Some(a) if view.other_agency => Provider::Named(Named {
            kind: "GovernmentOrganization",
            name: &a.text,
        }),
        _ => Provider::Site(agency(site, lang, false)),
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
        if let Some(area) = area(site, lang) {
            org.insert("areaServed".into(), json!(area));
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

fn area<'a>(site: &'a Site, lang: &str) -> Option<Named<'a>> {
    let area = site.loaded.config.data.agency.area_served.as_ref()?;
    Some(Named {
        kind: "AdministrativeArea",
        name: area.text_for(lang, site.default_language()),
    })
}

/// One `ServiceChannel` per way of submitting the dossier that the record lists.
fn service_channels<'a>(
    view: &'a ProcedureView,
    lang: &'a str,
    strings: &'a Strings,
) -> Vec<ServiceChannel<'a>> {
    view.submission
        .iter()
        .map(|s| {
            let place = s.address.as_ref().map(|address| Place {
                kind: "Place",
                address: &address.text,
            });
            // By post, the address is where the dossier is sent; otherwise where it is handed in.
            let (service_location, service_postal_address) =
                if s.method == <&str>::from(SubmissionMethod::Post) {
                    (None, place)
                } else {
                    (place, None)
                };
            ServiceChannel {
                kind: "ServiceChannel",
                available_language: lang,
                description: s.note.as_ref().map(|n| n.text.as_str()),
                name: strings
                    .get(&format!("method_{}", s.method))
                    .map(String::as_str),
                service_location,
                service_postal_address,
                service_url: s.url.as_deref(),
            }
        })
        .collect()
}

/// JSON for the inside of a `<script>` element: `<`, `>` and `&` become `\u003c`, `\u003e` and
/// `\u0026` (still the same JSON), so a text containing `</script>` or `<!--` cannot close the
/// element or change how the HTML parser reads it. U+2028 and U+2029 are escaped too, for
/// consumers that read the block as JavaScript.
pub fn script_json(value: &impl Serialize) -> String {
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
