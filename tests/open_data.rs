//! Integration tests of what the built portal offers for reuse: the open-data files and their
//! page, the JSON-LD blocks, and the index charts.
//!
//! The shipped site is built twice: minified as published (data files, JSON-LD, links), and
//! unminified, where the inline SVG is still XML (the minifier unquotes attributes, which HTML
//! allows and XML does not) and where the data files must come out byte for byte the same.

use crate::common::{copy_shipped_site, repo};

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::OnceLock;

const LANGS: [&str; 5] = ["vi", "en", "ja", "zh", "ko"];
const KINDS: [&str; 9] = [
    "procedures",
    "internal-procedures",
    "channels",
    "reports",
    "indices",
    "documents",
    "pages",
    "news",
    "units",
];

fn build_into(root: &Path, out: &Path, minify: bool, base_url: Option<&str>) {
    let options = minhbach::BuildOptions {
        root: root.to_owned(),
        output: out.to_owned(),
        base_url: base_url.map(str::to_owned),
        minify,
        body_end: None,
    };
    if let Err(e) = minhbach::build(&options) {
        match e {
            minhbach::BuildError::Content(d) => panic!("the site does not build:\n{d}"),
            other => panic!("the site does not build: {other}"),
        }
    }
}

fn built(minify: bool) -> &'static Path {
    static MINIFIED: OnceLock<tempfile::TempDir> = OnceLock::new();
    static PLAIN: OnceLock<tempfile::TempDir> = OnceLock::new();
    let cell = if minify { &MINIFIED } else { &PLAIN };
    cell.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        build_into(&repo(), &dir.path().join("public"), minify, None);
        dir
    })
    .path()
    .join("public")
    .leak()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn json_file(public: &Path, kind: &str) -> Vec<Value> {
    let text = read(&public.join("data").join(format!("{kind}.json")));
    match serde_json::from_str(&text) {
        Ok(Value::Array(items)) => items,
        other => panic!("data/{kind}.json is not a JSON array: {other:?}"),
    }
}

/// The ids of the content files of a kind: file names without extension (and, for reports,
/// without the translations `id.en.md`).
fn content_ids(kind: &str) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    for entry in std::fs::read_dir(repo().join("content").join(kind)).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        let stem = name
            .strip_suffix(".yaml")
            .or_else(|| name.strip_suffix(".md"))
            .unwrap_or_else(|| panic!("unexpected file {name}"));
        if stem
            .rsplit_once('.')
            .is_some_and(|(_, l)| LANGS.contains(&l))
        {
            continue;
        }
        ids.insert(stem.to_owned());
    }
    ids
}

/// The CSV rule of docs/open-data.md, written again here: the column is a `.`-separated path
/// into the record; a list gives its items' values, one per line; null is empty; numbers are
/// written as in the JSON.
fn expected_cell(value: &Value, path: &[&str]) -> String {
    match value {
        Value::Array(items) => items
            .iter()
            .map(|i| expected_cell(i, path))
            .collect::<Vec<_>>()
            .join("\n"),
        Value::Object(map) => match path {
            [] => panic!("a column ends at an object: {value}"),
            [first, rest @ ..] => map
                .get(*first)
                .map_or_else(String::new, |v| expected_cell(v, rest)),
        },
        Value::Null => String::new(),
        Value::String(s) => {
            assert!(path.is_empty(), "a column goes past a string: {path:?}");
            s.clone()
        }
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
    }
}

#[test]
fn json_files_hold_every_record_in_id_order() {
    let public = built(true);
    for kind in KINDS {
        let records = json_file(public, kind);
        let ids: Vec<String> = records
            .iter()
            .map(|r| r["id"].as_str().expect("every record has an id").to_owned())
            .collect();
        let mut sorted = ids.clone();
        sorted.sort();
        assert_eq!(ids, sorted, "{kind} are in id order");
        assert_eq!(
            ids.into_iter().collect::<BTreeSet<_>>(),
            content_ids(kind),
            "data/{kind}.json has every record"
        );
        // Every record has the same fields, and texts are objects by language.
        let fields: Vec<&String> = records[0].as_object().unwrap().keys().collect();
        for r in &records {
            assert_eq!(r.as_object().unwrap().keys().collect::<Vec<_>>(), fields);
            let page = r["page"].as_object().expect("page is a text object");
            assert_eq!(
                page.keys().map(String::as_str).collect::<BTreeSet<_>>(),
                LANGS.into_iter().collect::<BTreeSet<_>>()
            );
            for (lang, url) in page {
                let url = url.as_str().unwrap();
                // Pages are at the top of a language, the other kinds below their folder.
                let prefix = match kind {
                    "pages" => format!("{lang}/"),
                    _ => format!("{lang}/{kind}/"),
                };
                assert!(url.starts_with(&prefix), "{url}");
                assert!(
                    public.join(url).join("index.html").is_file(),
                    "{url} exists"
                );
            }
        }
    }
    // A spot check against the content: the PAR Index's 2023 entry.
    let indices = json_file(public, "indices");
    let par = indices.iter().find(|r| r["id"] == "par-index").unwrap();
    assert_eq!(par["name"]["en"], "Public Administration Reform Index");
    let e2023 = &par["entries"][0];
    assert_eq!(
        (
            &e2023["year"],
            &e2023["score"],
            &e2023["rank"],
            &e2023["out_of"]
        ),
        (
            &Value::from(2023),
            &Value::from(91.87),
            &Value::from(2),
            &Value::from(63)
        )
    );
    // The units, and the unit a channel names.
    let units = json_file(public, "units");
    let office = units.iter().find(|r| r["id"] == "van-phong").unwrap();
    assert_eq!(office["name"]["en"], "Office");
    assert_eq!(office["head_role"]["vi"], "Chánh Văn phòng");
    assert_eq!(office["parent"], Value::Null);
    assert_eq!(
        office["contact"]["channels"],
        serde_json::json!(["duong-day-nong-chanh-van-phong"])
    );
    assert!(
        office["sources"]
            .as_array()
            .unwrap()
            .contains(&Value::from("bc-ngoai-vu-cchc-6-thang-2025"))
    );
    let channels = json_file(public, "channels");
    let hotline = channels
        .iter()
        .find(|r| r["id"] == "duong-day-nong-chanh-van-phong")
        .unwrap();
    assert_eq!(hotline["unit"], "van-phong");
    let director = channels
        .iter()
        .find(|r| r["id"] == "duong-day-nong-giam-doc")
        .unwrap();
    assert_eq!(director["unit"], Value::Null);
}

#[test]
fn csv_files_parse_and_match_the_json() {
    let public = built(true);
    for kind in KINDS {
        let bytes = std::fs::read(public.join("data").join(format!("{kind}.csv"))).unwrap();
        assert!(
            bytes.starts_with(b"\xEF\xBB\xBF"),
            "{kind}.csv starts with a BOM"
        );
        let text = std::str::from_utf8(&bytes).expect("UTF-8");
        assert!(
            text.split('\n').next().unwrap().ends_with('\r'),
            "CRLF line ends"
        );
        let mut reader = csv::ReaderBuilder::new().from_reader(&bytes[3..]);
        let headers: Vec<String> = reader
            .headers()
            .unwrap()
            .iter()
            .map(str::to_owned)
            .collect();
        assert_eq!(headers[0], "id");
        for lang in LANGS {
            assert!(
                headers.contains(&format!("page.{lang}")),
                "{kind}: a column per language"
            );
        }
        let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
        // Spreadsheet programs hold at most 32,767 characters in a cell.
        for row in &rows {
            for value in row {
                assert!(value.chars().count() <= 32_767, "{kind}: a cell too long");
            }
        }
        let records = json_file(public, kind);
        assert_eq!(rows.len(), records.len(), "{kind}: one row per record");
        for (row, record) in rows.iter().zip(&records) {
            assert_eq!(row.len(), headers.len());
            for (column, value) in headers.iter().zip(row.iter()) {
                let path: Vec<&str> = column.split('.').collect();
                assert!(
                    record.get(path[0]).is_some(),
                    "{kind}: column {column} names a JSON field"
                );
                assert_eq!(
                    value,
                    expected_cell(record, &path),
                    "{kind} {} column {column}",
                    record["id"]
                );
            }
        }
    }
    // Lists flatten one item per line, in the same order in every column of the list.
    let indices = json_file(public, "indices");
    let bytes = std::fs::read(public.join("data/indices.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let headers = reader.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let row = reader
        .records()
        .map(|r| r.unwrap())
        .find(|r| &r[0] == "par-index")
        .unwrap();
    assert_eq!(&row[col("entries.year")], "2023\n2024");
    assert_eq!(&row[col("entries.out_of")], "63\n");
    assert!(indices.iter().any(|r| r["id"] == "par-index"));
}

#[test]
fn data_files_are_the_same_with_and_without_minifying() {
    let (a, b) = (built(true), built(false));
    for kind in KINDS {
        for ext in ["json", "csv"] {
            let rel = format!("data/{kind}.{ext}");
            assert_eq!(
                std::fs::read(a.join(&rel)).unwrap(),
                std::fs::read(b.join(&rel)).unwrap(),
                "{rel}"
            );
        }
    }
    // Pretty-printed as written, not squeezed by the HTML minifier.
    assert!(read(&a.join("data/channels.json")).starts_with("[\n  {\n    \"id\": "));
}

#[test]
fn data_page_lists_every_file_with_its_true_size_and_fields() {
    let public = built(true);
    let on_disk: BTreeSet<String> = std::fs::read_dir(public.join("data"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    // Each kind's two files, and the two that list the files to download (content/files/).
    assert_eq!(on_disk.len(), 2 * KINDS.len() + 2, "{on_disk:?}");
    assert!(on_disk.contains("files.json") && on_disk.contains("files.csv"));
    let row_sel = scraper::Selector::parse("table.data-files tbody tr").unwrap();
    let a_sel = scraper::Selector::parse("th a").unwrap();
    let bytes_sel = scraper::Selector::parse("td.bytes").unwrap();
    let field_sel = scraper::Selector::parse("td.fields code").unwrap();
    let records_sel = scraper::Selector::parse("td.records").unwrap();
    for lang in LANGS {
        let page = public.join(lang).join("data/index.html");
        let doc = scraper::Html::parse_document(&read(&page));
        let mut listed = BTreeSet::new();
        for row in doc.select(&row_sel) {
            let href = row
                .select(&a_sel)
                .next()
                .unwrap()
                .value()
                .attr("href")
                .unwrap();
            let rel = href.strip_prefix("../../").expect("relative to the page");
            let file = public.join(rel);
            let size = std::fs::metadata(&file)
                .unwrap_or_else(|e| panic!("{href}: {e}"))
                .len();
            let cell = row.select(&bytes_sel).next().unwrap();
            assert_eq!(
                cell.value().attr("data-bytes").unwrap(),
                size.to_string(),
                "{lang}: size of {rel}"
            );
            let records = row.select(&records_sel).next().unwrap();
            let count = if rel.ends_with(".json") {
                let kind = rel.trim_start_matches("data/").trim_end_matches(".json");
                json_file(public, kind).len()
            } else {
                let bytes = std::fs::read(&file).unwrap();
                csv::Reader::from_reader(&bytes[3..]).records().count()
            };
            assert_eq!(
                records.value().attr("data-records"),
                Some(count.to_string().as_str()),
                "{lang}: record count of {rel}"
            );
            let shown: String = cell.text().collect();
            assert!(shown.contains(&size.to_string()), "{shown}");
            let fields: Vec<String> = row.select(&field_sel).map(|c| c.text().collect()).collect();
            let expected: Vec<String> = if rel == "data/files.json" {
                // The shipped site has no files to download: the fields are the documented ones.
                minhbach::opendata::files::FIELDS
                    .map(str::to_owned)
                    .to_vec()
            } else if rel.ends_with(".json") {
                let kind = rel.trim_start_matches("data/").trim_end_matches(".json");
                json_file(public, kind)[0]
                    .as_object()
                    .unwrap()
                    .keys()
                    .cloned()
                    .collect()
            } else {
                let bytes = std::fs::read(&file).unwrap();
                csv::Reader::from_reader(&bytes[3..])
                    .headers()
                    .unwrap()
                    .iter()
                    .map(str::to_owned)
                    .collect()
            };
            if rel.ends_with(".json") {
                // serde_json's map sorts keys: compare as sets (the order is checked in the
                // library's own tests).
                let (mut fields, mut expected) = (fields.clone(), expected.clone());
                fields.sort();
                expected.sort();
                assert_eq!(fields, expected, "{lang}: fields of {rel}");
            } else {
                assert_eq!(fields, expected, "{lang}: columns of {rel}");
            }
            listed.insert(rel.trim_start_matches("data/").to_owned());
        }
        assert_eq!(listed, on_disk, "{lang}: the page lists every data file");
    }
}

#[test]
fn list_pages_link_to_their_data_files() {
    let public = built(true);
    let sel = scraper::Selector::parse(".data-links a").unwrap();
    for lang in LANGS {
        // Pages have no list page of their own.
        for kind in KINDS.into_iter().filter(|k| *k != "pages") {
            let doc = scraper::Html::parse_document(&read(
                &public.join(lang).join(kind).join("index.html"),
            ));
            let hrefs: BTreeSet<&str> = doc
                .select(&sel)
                .filter_map(|a| a.value().attr("href"))
                .collect();
            for ext in ["json", "csv"] {
                let href = format!("../../data/{kind}.{ext}");
                assert!(hrefs.contains(href.as_str()), "{lang}/{kind}: {hrefs:?}");
            }
            assert!(hrefs.contains(format!("../../{lang}/data/").as_str()));
        }
    }
}

/// The JSON-LD blocks of a page, parsed.
fn json_ld(html: &str) -> Vec<Value> {
    let doc = scraper::Html::parse_document(html);
    let sel = scraper::Selector::parse(r#"script[type="application/ld+json"]"#).unwrap();
    doc.select(&sel)
        .map(|s| {
            let text: String = s.text().collect();
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"))
        })
        .collect()
}

#[test]
fn json_ld_on_procedure_and_home_pages() {
    let public = built(true);
    let prepared = minhbach::prepare(&repo()).unwrap();
    let agency = &prepared.site.loaded.config.data.agency;
    let procedures = json_file(public, "procedures");
    assert!(!procedures.is_empty());
    for lang in LANGS {
        for record in &procedures {
            let url = record["page"][lang].as_str().unwrap();
            let html = read(&public.join(url).join("index.html"));
            let blocks = json_ld(&html);
            assert_eq!(blocks.len(), 1, "{url}");
            let ld = &blocks[0];
            assert_eq!(ld["@context"], "https://schema.org");
            assert_eq!(ld["@type"], "GovernmentService", "{url}");
            assert_eq!(ld["inLanguage"], lang);
            let name = record["name"][lang]
                .as_str()
                .or(record["name"]["vi"].as_str());
            assert_eq!(ld["name"].as_str(), name, "{url}");
            if let Some(code) = record["code"].as_str() {
                assert_eq!(ld["identifier"]["value"], code, "{url}");
            }
            if let Some(field) = record["field"][lang].as_str() {
                assert_eq!(ld["serviceType"], field, "{url}");
            }
            assert_eq!(ld["provider"]["@type"], "GovernmentOrganization");
            assert!(
                ld["provider"]["name"]
                    .as_str()
                    .is_some_and(|n| !n.is_empty())
            );
            assert_eq!(ld["areaServed"]["@type"], "AdministrativeArea");
            assert_eq!(
                ld["areaServed"]["name"].as_str(),
                agency
                    .area_served
                    .as_ref()
                    .map(|a| a.localize(lang, "vi").text)
                    .as_deref()
            );
            let channels = ld["availableChannel"].as_array().map_or(0, Vec::len);
            let submission = record["submission"].as_array().unwrap();
            assert_eq!(channels, submission.len(), "{url}: a channel per method");
            for (channel, s) in ld["availableChannel"]
                .as_array()
                .into_iter()
                .flatten()
                .zip(submission)
            {
                assert_eq!(channel["@type"], "ServiceChannel");
                assert_eq!(channel["serviceUrl"].as_str(), s["url"].as_str());
            }
            // No page URL without a base URL: nothing is guessed.
            assert!(ld.get("url").is_none());
        }
        let blocks = json_ld(&read(&public.join(lang).join("index.html")));
        assert_eq!(blocks.len(), 1, "{lang} home");
        let org = &blocks[0];
        assert_eq!(org["@type"], "GovernmentOrganization");
        assert_eq!(org["name"], agency.name.localize(lang, "vi").text);
        assert_eq!(
            org["parentOrganization"]["name"].as_str(),
            agency
                .parent
                .as_ref()
                .map(|p| p.localize(lang, "vi").text)
                .as_deref()
        );
        // site.yaml publishes no address, phone, e-mail or website: none may appear.
        for key in ["address", "telephone", "email", "url"] {
            let configured = match key {
                "address" => agency.address.is_some(),
                "telephone" => agency.phone.is_some(),
                "email" => agency.email.is_some(),
                _ => agency.website.is_some(),
            };
            assert_eq!(org.get(key).is_some(), configured, "{key}");
        }
    }
    // The minifier passes the blocks through unchanged.
    let raw_blocks = |public: &Path, page: &str| -> Vec<String> {
        let doc = scraper::Html::parse_document(&read(&public.join(page)));
        let sel = scraper::Selector::parse(r#"script[type="application/ld+json"]"#).unwrap();
        doc.select(&sel).map(|s| s.text().collect()).collect()
    };
    for page in ["en/index.html", "vi/procedures/2.002311/index.html"] {
        let minified = raw_blocks(public, page);
        assert!(!minified.is_empty());
        assert_eq!(minified, raw_blocks(built(false), page), "{page}");
    }
    // Internal procedures are not public services: no GovernmentService there.
    let internal = json_file(public, "internal-procedures");
    let url = internal[0]["page"]["en"].as_str().unwrap();
    assert!(json_ld(&read(&public.join(url).join("index.html"))).is_empty());
}

/// Every `<svg>…</svg>` of a page, parsed as XML.
fn svgs(html: &str) -> Vec<String> {
    html.match_indices("<svg")
        .map(|(start, _)| {
            let end = start + html[start..].find("</svg>").expect("closed") + "</svg>".len();
            html[start..end].to_owned()
        })
        .collect()
}

fn theme_strings(lang: &str) -> BTreeMap<String, String> {
    let text = read(&repo().join(format!("themes/default/i18n/{lang}.yaml")));
    serde_yaml::from_str(&text).unwrap()
}

#[test]
fn index_charts_are_labelled_svg_with_rank_one_at_the_top() {
    let public = built(false);
    let indices = json_file(public, "indices");
    for lang in LANGS {
        let strings = theme_strings(lang);
        let mut on_list_page = 0;
        for record in &indices {
            let short = record["short_name"].as_str().unwrap();
            let entries = record["entries"].as_array().unwrap();
            let ranked = entries.iter().filter(|e| !e["rank"].is_null()).count();
            let expected_charts = if ranked > 0 { 2 } else { 1 };
            on_list_page += expected_charts;
            let url = record["page"][lang].as_str().unwrap();
            let html = read(&public.join(url).join("index.html"));
            let charts = svgs(&html);
            assert_eq!(charts.len(), expected_charts, "{url}");
            for (n, svg) in charts.iter().enumerate() {
                let doc = roxmltree::Document::parse(svg)
                    .unwrap_or_else(|e| panic!("{url}: the chart is not XML: {e}\n{svg}"));
                let root = doc.root_element();
                assert_eq!(root.attribute("role"), Some("img"));
                assert!(root.attribute("viewBox").is_some());
                let labelled: Vec<&str> = root
                    .attribute("aria-labelledby")
                    .unwrap()
                    .split(' ')
                    .collect();
                let text_of = |tag: &str| -> String {
                    let node = doc
                        .descendants()
                        .find(|n| n.has_tag_name(tag))
                        .unwrap_or_else(|| panic!("{url}: no <{tag}>"));
                    assert!(labelled.contains(&node.attribute("id").unwrap()));
                    node.text().unwrap_or_default().to_owned()
                };
                let (title, desc) = (text_of("title"), text_of("desc"));
                // Titles are the page language's strings.
                let key = if n == 0 {
                    "chart_score_title"
                } else {
                    "chart_rank_title"
                };
                assert_eq!(title, strings[key].replace("{name}", short), "{url}");
                // The description gives every year's value.
                for e in entries {
                    if n == 0 || !e["rank"].is_null() {
                        assert!(desc.contains(&e["year"].to_string()), "{desc}");
                    }
                }
                let circles: Vec<roxmltree::Node> = doc
                    .descendants()
                    .filter(|c| c.has_tag_name("circle"))
                    .collect();
                if n == 0 {
                    assert_eq!(circles.len(), entries.len());
                } else {
                    assert_eq!(circles.len(), ranked);
                    let mut by_rank: Vec<(u64, f64)> = circles
                        .iter()
                        .map(|c| {
                            (
                                c.attribute("data-rank").unwrap().parse().unwrap(),
                                c.attribute("cy").unwrap().parse().unwrap(),
                            )
                        })
                        .collect();
                    by_rank.sort_by_key(|(r, _)| *r);
                    assert!(
                        by_rank
                            .windows(2)
                            .all(|w| w[0].0 == w[1].0 || w[0].1 < w[1].1),
                        "{url}: better ranks are higher: {by_rank:?}"
                    );
                }
            }
        }
        let list = read(&public.join(lang).join("indices/index.html"));
        assert_eq!(svgs(&list).len(), on_list_page, "{lang} indices page");
    }
    // Numbers as the language writes them: a decimal comma in Vietnamese.
    let vi = read(&public.join("vi/indices/par-index/index.html"));
    let en = read(&public.join("en/indices/par-index/index.html"));
    assert!(svgs(&vi)[0].contains(">91,87<"));
    assert!(svgs(&en)[0].contains(">91.87<"));
    // The rank chart puts rank 1 (2024) above rank 2 (2023).
    let rank = roxmltree::Document::parse(&svgs(&en)[1])
        .unwrap()
        .descendants()
        .filter(|c| c.has_tag_name("circle"))
        .map(|c| {
            (
                c.attribute("data-rank").unwrap().to_owned(),
                c.attribute("cy").unwrap().parse::<f64>().unwrap(),
            )
        })
        .collect::<BTreeMap<_, _>>();
    assert!(rank["1"] < rank["2"], "{rank:?}");
}

/// Names that try to end the `<script>` and `<svg>` elements stay text.
#[test]
fn hostile_names_cannot_break_out_of_json_ld_or_charts() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    copy_shipped_site(&root);
    let evil = "X </script><script>alert(1)</script> & <!-- </svg><b>";
    let procedure = root.join("content/procedures/2.002311.yaml");
    let text = read(&procedure).replacen(
        "  en: Permission to hold",
        &format!("  en: \"{evil} Permission to hold"),
        1,
    );
    let text = text.replacen("authority to permit\n", "authority to permit\"\n", 1);
    std::fs::write(&procedure, text).unwrap();
    let index = root.join("content/indices/par-index.yaml");
    let text = read(&index).replacen("short_name: PAR Index", &format!("short_name: '{evil}'"), 1);
    std::fs::write(&index, text).unwrap();
    let out = dir.path().join("public");
    build_into(&root, &out, false, Some("https://portal.example.gov.vn/"));

    let html = read(&out.join("en/procedures/2.002311/index.html"));
    assert!(!html.contains("<script>alert"), "the name broke out");
    let blocks = json_ld(&html);
    assert_eq!(blocks.len(), 1);
    assert!(blocks[0]["name"].as_str().unwrap().starts_with(evil));
    assert_eq!(
        blocks[0]["url"],
        "https://portal.example.gov.vn/en/procedures/2.002311/"
    );

    let html = read(&out.join("en/indices/par-index/index.html"));
    assert!(!html.contains("<b>"));
    for svg in svgs(&html) {
        let doc = roxmltree::Document::parse(&svg).unwrap_or_else(|e| panic!("{e}: {svg}"));
        let title = doc.descendants().find(|n| n.has_tag_name("title")).unwrap();
        assert!(title.text().unwrap().starts_with(evil));
    }
    // With a base URL, the data files give absolute page addresses.
    let data: Vec<Value> = serde_json::from_str(&read(&out.join("data/indices.json"))).unwrap();
    assert!(data.iter().all(|r| {
        r["page"]["vi"]
            .as_str()
            .unwrap()
            .starts_with("https://portal.example.gov.vn/vi/indices/")
    }));
}

/// A procedure run by another body than the site's agency names that body as its provider,
/// without the site's contact details; a dossier sent by post gives a postal address, one handed
/// in gives a place; in every language, as the page shows them.
#[test]
fn json_ld_names_another_provider_and_a_postal_address() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    copy_shipped_site(&root);
    let procedure = root.join("content/procedures/2.002311.yaml");
    let text = read(&procedure);
    let (head, rest) = text.split_once("implementing_agency:\n").unwrap();
    let (_, tail) = rest.split_once("competent_authority:\n").unwrap();
    let other = "implementing_agency:\n  vi: Cơ quan thử nghiệm\n  en: Test body\n  ja: 試験機関\n  zh: 测试机关\n  ko: 시험 기관\n";
    let post = "submission:\n- method: post\n  address:\n    vi: Số 1 đường Thử\n    en: 1 Test Street\n- method: in_person\n  address:\n    vi: Số 2 đường Thử\n";
    let text =
        format!("{head}{other}competent_authority:\n{tail}").replacen("submission:\n", post, 1);
    std::fs::write(&procedure, text).unwrap();
    let out = dir.path().join("public");
    build_into(&root, &out, false, None);
    let names = [
        ("vi", "Cơ quan thử nghiệm"),
        ("en", "Test body"),
        ("ja", "試験機関"),
        ("zh", "测试机关"),
        ("ko", "시험 기관"),
    ];
    for (lang, name) in names {
        let html = read(&out.join(format!("{lang}/procedures/2.002311/index.html")));
        let blocks = json_ld(&html);
        assert_eq!(blocks.len(), 1, "{lang}");
        let ld = &blocks[0];
        assert_eq!(ld["provider"]["name"], name, "{lang}");
        assert!(
            ld["provider"].get("parentOrganization").is_none(),
            "{lang}: the site's agency's details are not another body's: {ld}"
        );
        let channels = ld["availableChannel"].as_array().unwrap();
        let by_post = &channels[0];
        let postal = if lang == "en" {
            "1 Test Street"
        } else {
            "Số 1 đường Thử"
        };
        assert_eq!(by_post["servicePostalAddress"]["address"], postal, "{lang}");
        assert!(by_post.get("serviceLocation").is_none());
        assert_eq!(channels[1]["serviceLocation"]["address"], "Số 2 đường Thử");
        assert!(channels[1].get("servicePostalAddress").is_none());
        // The channel's name is the page's label for the method.
        let strings = read(&repo().join(format!("themes/default/i18n/{lang}.yaml")));
        let label = |key: &str| {
            let line = strings
                .lines()
                .find(|l| l.starts_with(&format!("{key}:")))
                .unwrap_or_else(|| panic!("{lang}: no {key}"));
            line[key.len() + 1..].trim().trim_matches('"').to_owned()
        };
        assert_eq!(by_post["name"], label("method_post"), "{lang}");
        assert_eq!(channels[1]["name"], label("method_in_person"), "{lang}");
        assert!(
            html.contains(name),
            "{lang}: the page shows the body the JSON-LD names"
        );
    }
    // The site's own agency, with its contact details, for a procedure it runs itself.
    let html = read(&out.join("en/procedures/2.002312/index.html"));
    let ld = &json_ld(&html)[0];
    let prepared = minhbach::prepare(&repo()).unwrap();
    let agency = &prepared.site.loaded.config.data.agency;
    assert_eq!(
        ld["provider"]["name"],
        agency.name.localize("en", "vi").text
    );
    let parent = agency
        .parent
        .as_ref()
        .expect("the shipped agency names its parent");
    assert_eq!(
        ld["provider"]["parentOrganization"]["name"],
        parent.localize("en", "vi").text
    );
}

/// With a base URL, the home page's GovernmentOrganization gives each unit's address, and a unit
/// that belongs to another names it as its `parentOrganization`; the organisation page nests it
/// under its parent, and its own page's JSON-LD names the parent with its address.
#[test]
fn units_are_sub_organizations_of_the_agency_with_their_addresses() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    copy_shipped_site(&root);
    std::fs::write(
        root.join("content/units/to-thu.yaml"),
        "name: {vi: Tổ thử, en: Test team}\nparent: van-phong\n",
    )
    .unwrap();
    let out = dir.path().join("public");
    build_into(&root, &out, false, Some("https://portal.example.gov.vn/"));
    let base = "https://portal.example.gov.vn";
    let home = json_ld(&read(&out.join("en/index.html")));
    let sub = home[0]["subOrganization"].as_array().unwrap();
    let urls: Vec<&str> = sub.iter().map(|u| u["url"].as_str().unwrap()).collect();
    // Each unit followed by those that belong to it.
    assert_eq!(
        urls,
        [
            format!("{base}/en/units/van-phong/"),
            format!("{base}/en/units/to-thu/"),
            format!("{base}/en/units/phong-hop-tac-quoc-te/"),
            format!("{base}/en/units/phong-lanh-su-nguoi-viet-nam-o-nuoc-ngoai/"),
        ]
    );
    assert_eq!(sub[1]["name"], "Test team");
    assert_eq!(
        sub[1]["parentOrganization"],
        serde_json::json!({
            "@type": "GovernmentOrganization",
            "name": "Office",
            "url": format!("{base}/en/units/van-phong/")
        })
    );
    assert!(sub[0].get("parentOrganization").is_none());

    let page = read(&out.join("en/units/to-thu/index.html"));
    let ld = json_ld(&page);
    assert_eq!(ld[0]["url"], format!("{base}/en/units/to-thu/"));
    assert_eq!(
        ld[0]["parentOrganization"]["url"],
        format!("{base}/en/units/van-phong/")
    );
    // The Office's page lists it among its units; the organisation page nests it.
    let office = read(&out.join("en/units/van-phong/index.html"));
    assert!(office.contains("Units within it") && office.contains("../../../en/units/to-thu/"));
    let org = scraper::Html::parse_document(&read(&out.join("en/units/index.html")));
    let nested = scraper::Selector::parse("ul.org-tree > li > ul.org-tree > li > h3 > a").unwrap();
    let names: Vec<String> = org.select(&nested).map(|a| a.text().collect()).collect();
    assert_eq!(names, ["Test team"]);
}
