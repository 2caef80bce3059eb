//! The search index of the shipped portal: every record is in every language's index, its
//! terms lead back to it, and the Rust tokenizer agrees with the shared cases that the
//! browser's `search.js` is tested against (`tests/browser/search.test.mjs`).

use crate::common::repo;

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
        // Every document's page exists in that language, and its result's title is the page's
        // title (the record view's `page_title`): the index takes a record's texts in the
        // language as its page does.
        for doc in &index.docs {
            let url = doc[1].as_str().unwrap();
            let page = out.join(lang).join(url).join("index.html");
            let html = std::fs::read_to_string(&page)
                .unwrap_or_else(|e| panic!("{lang}: {url} has no page: {e}"));
            let page = scraper::Html::parse_document(&html);
            let page_title = page
                .select(&scraper::Selector::parse("title").unwrap())
                .next()
                .map(|h| h.text().collect::<String>())
                .unwrap_or_default();
            let title = doc[2].as_str().unwrap();
            assert!(
                !title.is_empty() && page_title.starts_with(title),
                "{lang}: {url}: the result `{title}` is not the page's title `{page_title}`"
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

/// Every lowercase word of letters a–z in the shipped content (all languages' files: English
/// text sits in the `en` translations), and a standard English word list (the npm package
/// `word-list`, locked in package-lock.json), with British spellings of the rules' words.
fn english_words() -> Vec<String> {
    let mut words = BTreeSet::new();
    for entry in walkdir::WalkDir::new(repo().join("content")) {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(entry.path()) else {
            continue;
        };
        for term in tokenize(&fold(&text)) {
            if term.bytes().all(|b| b.is_ascii_lowercase()) {
                words.insert(term);
            }
        }
    }
    let content = words.len();
    assert!(content > 1000, "only {content} words in the content");
    let list = repo().join("node_modules/word-list/words.txt");
    let list = std::fs::read_to_string(&list).unwrap_or_else(|e| {
        panic!(
            "{}: {e}. The English word list comes with the npm packages: run `npm ci`",
            list.display()
        )
    });
    // Every 25th word of the list's 275,000: every letter and ending, and a test that stays fast.
    for word in list.lines().step_by(25) {
        if word.bytes().all(|b| b.is_ascii_lowercase()) {
            words.insert(word.to_owned());
        }
    }
    for word in [
        "colour",
        "colours",
        "coloured",
        "honourable",
        "favourite",
        "behavioural",
        "four",
        "hour",
        "tour",
        "your",
        "organise",
        "organised",
        "organising",
        "organisation",
        "recognisable",
        "rise",
        "wise",
        "arise",
        "noise",
        "analyse",
        "paralysed",
        "centre",
        "centres",
        "metre",
        "fibre",
        "meagre",
        "manoeuvre",
        "ogre",
        "acre",
        "genre",
        "travelled",
        "travelling",
        "counsellor",
        "dialled",
        "called",
        "filled",
        "controlled",
        "catalogue",
        "dialogues",
        "vogue",
        "defence",
        "offences",
        "licence",
        "licensed",
        "legalisation",
        "legalization",
        "seminars",
        "conferences",
    ] {
        words.insert(word.to_owned());
    }
    words.into_iter().collect()
}

/// `search.js`'s `american`, `stem` and `normalizeTerm` of `words`, run by Node.
fn search_js_forms(words: &[String]) -> Vec<[String; 3]> {
    let script = r#"
        const vm = require('node:vm');
        const fs = require('node:fs');
        const context = vm.createContext({});
        vm.runInContext(fs.readFileSync(process.argv[1], 'utf8'), context);
        const api = context.minhbachSearch;
        const words = JSON.parse(fs.readFileSync(0, 'utf8'));
        process.stdout.write(JSON.stringify(words.map((w) => [api.american(w), api.stem(w), api.normalizeTerm('en', w)])));
    "#;
    let mut child = std::process::Command::new("node")
        .arg("-e")
        .arg(script)
        .arg(repo().join("themes/default/static/search.js"))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("node (Node.js 20+) runs search.js for this test");
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        stdin
            .write_all(serde_json::to_string(words).unwrap().as_bytes())
            .unwrap();
    }
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "node failed");
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn english_word_forms_are_the_same_in_rust_and_search_js() {
    use minhbach::search::{american, english_stem, normalize_term};
    let words = english_words();
    assert!(words.len() >= 5000, "only {} words", words.len());
    let js = search_js_forms(&words);
    assert_eq!(js.len(), words.len());
    let mut differ = Vec::new();
    for (word, js) in words.iter().zip(&js) {
        let rust = [
            american(word).into_owned(),
            english_stem(word),
            normalize_term("en", word).into_owned(),
        ];
        if &rust != js {
            differ.push(format!("{word}: rust {rust:?}, search.js {js:?}"));
        }
    }
    assert!(
        differ.is_empty(),
        "{} of {} words differ:\n{}",
        differ.len(),
        words.len(),
        differ[..differ.len().min(40)].join("\n")
    );
}

#[test]
fn english_forms_meet_in_one_term() {
    use minhbach::search::normalize_term;
    let same = |a: &str, b: &str| {
        assert_eq!(
            normalize_term("en", a),
            normalize_term("en", b),
            "{a} and {b} should be one term"
        );
    };
    same("seminars", "seminar");
    same("conferences", "conference");
    same("legalization", "legalisation");
    same("organise", "organize");
    same("organisations", "organization");
    same("colours", "color");
    same("centre", "center");
    same("analysed", "analyzed");
    same("travelled", "traveled");
    same("counsellor", "counselor");
    same("defence", "defense");
    same("catalogue", "catalog");
    let differ = |a: &str, b: &str| {
        assert_ne!(
            normalize_term("en", a),
            normalize_term("en", b),
            "{a} and {b} are different words"
        );
    };
    differ("filled", "filed");
    differ("hour", "hor");
    differ("four", "for");
    differ("acre", "acer");
    differ("genre", "gener");
    differ("prise", "prize");
    // Other languages and codes are left alone.
    assert_eq!(normalize_term("vi", "seminars"), "seminars");
    assert_eq!(normalize_term("en", "2.002311"), "2.002311");
    assert_eq!(normalize_term("en", "ubnd"), "ubnd");
}

#[test]
fn rust_terms_match_the_shared_forms() {
    for case in cases()["forms"].as_array().unwrap() {
        let (lang, text) = (
            case["lang"].as_str().unwrap(),
            case["text"].as_str().unwrap(),
        );
        let expected: Vec<&str> = case["terms"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap())
            .collect();
        let terms: Vec<String> = tokenize(&fold(text))
            .iter()
            .map(|t| minhbach::search::normalize_term(lang, t).into_owned())
            .collect();
        assert_eq!(terms, expected, "{lang} terms of {text:?}");
    }
}
