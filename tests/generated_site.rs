//! The synthetic site of the benchmark (`examples/gen-content`), at a small size: it must pass
//! `check`, build every page, and be deterministic twice over: the same seed writes the same
//! content, and the same content builds to the same bytes.

use crate::common::tree;
#[path = "../examples/gen-content/generator.rs"]
mod generator;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const LANGS: [&str; 5] = ["vi", "en", "ja", "zh", "ko"];
const OPTIONS: generator::Options = generator::Options {
    procedures: 40,
    seed: 7,
};

fn theme() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("themes/default")
}

fn build(root: &Path, out: &Path) -> minhbach::BuildSummary {
    let options = minhbach::BuildOptions {
        root: root.to_owned(),
        output: out.to_owned(),
        base_url: None,
        minify: true,
        body_end: None,
    };
    match minhbach::build(&options) {
        Ok(summary) => summary,
        Err(minhbach::BuildError::Content(d)) => panic!("the generated site does not build:\n{d}"),
        Err(e) => panic!("the generated site does not build: {e}"),
    }
}

#[test]
fn generated_site_checks_builds_and_is_deterministic() {
    let tmp = tempfile::tempdir().unwrap();
    let (site_a, site_b) = (tmp.path().join("a"), tmp.path().join("b"));
    let summary = generator::generate(&site_a, &theme(), &OPTIONS).unwrap();
    let again = generator::generate(&site_b, &theme(), &OPTIONS).unwrap();
    assert_eq!(summary, again);
    assert_eq!(
        (
            summary.procedures,
            summary.internal_procedures,
            summary.documents,
            summary.reports,
            summary.indices,
            summary.channels
        ),
        (40, 2, 10, 2, 4, 5),
        "N procedures, N/20 (at least 2) internal ones and reports, N/10 (at least 10) documents"
    );
    let content_a = tree(&site_a);
    assert_eq!(content_a.len(), summary.files);
    assert_eq!(
        content_a.values().map(|b| b.len() as u64).sum::<u64>(),
        summary.bytes
    );
    assert!(
        content_a == tree(&site_b),
        "two generations with one seed differ"
    );
    let other_seed = tmp.path().join("c");
    let options = generator::Options { seed: 8, ..OPTIONS };
    generator::generate(&other_seed, &theme(), &options).unwrap();
    assert!(content_a != tree(&other_seed), "the seed changes nothing");

    // `check`: zero problems, and every text field translated into every language.
    let prepared = match minhbach::prepare(&site_a) {
        Ok(p) => p,
        Err(d) => panic!("the generated site has problems:\n{d}"),
    };
    for c in minhbach::coverage::coverage(&prepared.site) {
        assert_eq!(
            c.translated_fields, c.fields,
            "untranslated fields in {}",
            c.lang
        );
    }

    // `build`: one page per record and language, plus home, a list page per kind that has one
    // (the organisation page too, with no units), the search, open-data and translation-status
    // pages, and the 404 page.
    let (out_a, out_b) = (tmp.path().join("out-a"), tmp.path().join("out-b"));
    let built = build(&site_a, &out_a);
    let lists = minhbach::load::Kind::ALL
        .iter()
        .filter(|k| k.is_listed())
        .count();
    let per_language = summary.records() + lists + 5;
    for lang in LANGS {
        assert_eq!(
            built.pages.get(lang),
            Some(&per_language),
            "pages in {lang}"
        );
    }
    let output = tree(&out_a);
    assert_eq!(output.len(), built.files);
    for lang in LANGS {
        let procedure_pages = output
            .keys()
            .filter(|p| {
                p.starts_with(Path::new(lang).join("procedures")) && p.ends_with("index.html")
            })
            .count();
        assert_eq!(
            procedure_pages,
            summary.procedures + 1,
            "{lang}: records and the list"
        );
    }
    // The Markdown of the reports came through: table, list and footnotes, in each language.
    let report =
        String::from_utf8(output[Path::new("ja/reports/bc-cchc-0001/index.html")].clone()).unwrap();
    for needle in ["<table>", "<ol>", "<ul>", "fnref-3", "今後の任務"] {
        assert!(
            report.contains(needle),
            "the Japanese report lacks {needle}"
        );
    }

    build(&site_b, &out_b);
    assert!(
        output == tree(&out_b),
        "two builds of the same content differ"
    );

    // The same bytes as before any change to the code: optimisations must not change a page.
    let fingerprint = fingerprint(&output);
    assert_eq!(
        fingerprint, EXPECTED_OUTPUT,
        "the output of the fixed generated site changed (fingerprint {fingerprint:#018x}). If \
         that is meant (a template or a feature changed what pages say), set EXPECTED_OUTPUT \
         to it and say why in the commit; an optimisation must leave it as it is"
    );
}

/// The fingerprint of the build of the generated site above (40 procedures, seed 7), pinned
/// across changes to the code. Changed on purpose only, with the reason in the commit.
const EXPECTED_OUTPUT: u64 = 0xc857_50ab_0b2f_a16e;

/// FNV-1a over every file's path and bytes, in path order: the same on every machine.
fn fingerprint(files: &BTreeMap<PathBuf, Vec<u8>>) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |bytes: &[u8]| {
        for &b in bytes {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        // A separator, so that moving bytes from one file or path to the next is seen.
        hash ^= 0xff;
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    };
    for (path, bytes) in files {
        eat(path.to_string_lossy().as_bytes());
        eat(bytes);
    }
    hash
}
