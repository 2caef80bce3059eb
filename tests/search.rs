//! The search index of the shipped portal: every record is in every language's index, its
//! terms lead back to it, and the Rust tokenizer agrees with the shared cases that the
//! browser's `search.js` is tested against (`tests/browser/search.test.mjs`).

mod common;
use common::repo;

use minhbach::load::Kind;
use minhbach::plan::{PageKind, plan};
use minhbach::search::{bucket_of, fold, tokenize};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

fn cases() -> Value {
    let text = std::fs::read_to_string(repo().join("tests/search/cases.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// The JSON argument of an index file `minhbachSearch.kind(n, JSON);`.
fn payload(path: &Path, kind: &str) -> (usize, Value) {
    let text = std::fs::read_to_string(path).unwrap();
    let rest = text
        .strip_prefix(&format!("minhbachSearch.{kind}("))
        .unwrap_or_else(|| panic!("{}: unexpected start", path.display()));
    let (n, json) = rest.split_once(',').unwrap();
    let json = json.trim_end().strip_suffix(");").unwrap();
    (n.parse().unwrap(), serde_json::from_str(json).unwrap())
}

struct LangIndex {
    docs: Vec<Value>,
    terms: BTreeMap<String, Vec<u64>>,
    buckets: usize,
}

fn read_index(out: &Path, lang: &str) -> LangIndex {
    let dir = out.join("search").join(lang);
    let mut chunks = BTreeMap::new();
    let mut terms = BTreeMap::new();
    let mut buckets = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_owned();
        if name.starts_with("docs-") {
            let (n, rows) = payload(&path, "docs");
            chunks.insert(n, rows.as_array().unwrap().clone());
        } else if name.starts_with("terms-") {
            let (b, table) = payload(&path, "terms");
            buckets += 1;
            for (term, postings) in table.as_object().unwrap() {
                let list: Vec<u64> = postings
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|v| v.as_u64().unwrap())
                    .collect();
                terms.insert(term.clone(), (b, list));
            }
        }
    }
    for (term, (b, _)) in &terms {
        assert_eq!(
            bucket_of(term, buckets),
            *b,
            "`{term}` is in the wrong bucket"
        );
    }
    LangIndex {
        docs: chunks.into_values().flatten().collect(),
        terms: terms.into_iter().map(|(t, (_, p))| (t, p)).collect(),
        buckets,
    }
}

#[test]
fn rust_tokenizer_matches_the_shared_cases() {
    for case in cases()["tokenize"].as_array().unwrap() {
        let text = case["text"].as_str().unwrap();
        let expected: Vec<&str> = case["terms"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap())
            .collect();
        assert_eq!(tokenize(&fold(text)), expected, "terms of {text:?}");
    }
}

#[test]
fn every_record_is_indexed_in_every_language() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    minhbach::build(&minhbach::BuildOptions {
        root: repo(),
        output: out.clone(),
        base_url: None,
        minify: true,
        body_end: None,
    })
    .unwrap_or_else(|e| panic!("the shipped site does not build: {e}"));
    let prepared = minhbach::prepare(&repo()).unwrap();
    let site = &prepared.site;
    let pages = plan(site);
    let record_urls: BTreeSet<(Kind, String)> = pages
        .pages
        .iter()
        .filter_map(|p| match p.kind {
            PageKind::Record(kind, _) => Some((kind, p.path.clone())),
            _ => None,
        })
        .collect();
    assert!(record_urls.len() > 100, "the shipped site has many records");

    for lang in site.languages() {
        let index = read_index(&out, lang);
        let urls: BTreeSet<&str> = index.docs.iter().map(|d| d[1].as_str().unwrap()).collect();
        for (kind, url) in &record_urls {
            assert!(
                urls.contains(url.as_str()),
                "{lang}: {kind:?} {url} is not indexed"
            );
        }
        assert_eq!(
            index.docs.len(),
            record_urls.len(),
            "{lang}: one entry a record"
        );
        // Every document's page exists in that language.
        for url in &urls {
            assert!(
                out.join(lang).join(url).join("index.html").is_file(),
                "{lang}: {url} has no page"
            );
        }
        // A procedure's code leads to it, in full and by its number alone.
        for (n, doc) in index.docs.iter().enumerate() {
            if doc[0] != "procedure" {
                continue;
            }
            let code = doc[1]
                .as_str()
                .unwrap()
                .trim_start_matches("procedures/")
                .trim_end_matches('/');
            if !code.contains('.') {
                continue;
            }
            for term in [code, code.split('.').next_back().unwrap()] {
                let postings = index
                    .terms
                    .get(term)
                    .unwrap_or_else(|| panic!("{lang}: no term `{term}`"));
                assert!(
                    postings.chunks(2).any(|p| p[0] == n as u64),
                    "{lang}: `{term}` does not lead to {code}"
                );
            }
        }
        // The search page knows how many buckets and documents there are.
        let page = std::fs::read_to_string(out.join(lang).join("search/index.html")).unwrap();
        assert!(
            page.contains(&format!("data-buckets={}", index.buckets))
                || page.contains(&format!("data-buckets=\"{}\"", index.buckets)),
            "{lang}: the search page names {} buckets",
            index.buckets
        );
        assert!(
            page.contains(&format!("data-docs={}", index.docs.len()))
                || page.contains(&format!("data-docs=\"{}\"", index.docs.len())),
            "{lang}: the search page names {} documents",
            index.docs.len()
        );
    }
}

#[test]
fn search_page_lists_every_procedure_without_javascript() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    minhbach::build(&minhbach::BuildOptions {
        root: repo(),
        output: out.clone(),
        base_url: None,
        minify: false,
        body_end: None,
    })
    .unwrap();
    let prepared = minhbach::prepare(&repo()).unwrap();
    let site = &prepared.site;
    let count = site.loaded.procedures.len();
    for lang in site.languages() {
        let page = std::fs::read_to_string(out.join(lang).join("search/index.html")).unwrap();
        let html = scraper::Html::parse_document(&page);
        let links =
            scraper::Selector::parse("#h-az ~ ul a, section[aria-labelledby=h-az] a").unwrap();
        let hrefs: BTreeSet<String> = html
            .select(&links)
            .map(|a| a.value().attr("href").unwrap().to_owned())
            .collect();
        assert_eq!(hrefs.len(), count, "{lang}: every procedure, once");
        for i in 0..count {
            let path = minhbach::plan::record_path(site, Kind::Procedure, i);
            assert!(
                hrefs.iter().any(|h| h.ends_with(&format!("{lang}/{path}"))),
                "{lang}: {path} missing from the A–Z list"
            );
        }
        // The form works without JavaScript too: it is a GET form with a labelled field.
        let input = scraper::Selector::parse("form#search-form input[name=q]").unwrap();
        let field = html.select(&input).next().expect("a search field");
        let id = field.value().attr("id").unwrap();
        let label = scraper::Selector::parse(&format!("label[for={id}]")).unwrap();
        assert!(
            html.select(&label).next().is_some(),
            "{lang}: the field has a label"
        );
    }
}
