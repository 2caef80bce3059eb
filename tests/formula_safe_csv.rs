//! Open-data CSV cells that a spreadsheet program would run as a formula (issue 14, item 4).
//!
//! A text cell starting with `=`, `+`, `-`, `@`, tab or carriage return (OWASP's list), their
//! full-width forms, or any of them after leading blanks, is written with a leading apostrophe;
//! a cell of numbers only is written as it is, negative numbers too; the JSON keeps the exact
//! text. The site is a copy of `tests/fixtures/minimal/` with hostile values, built by the
//! binary; the CSV is read back with the csv crate.

use crate::common::{copy_dir, repo};

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

/// The characters a cell must not start with, and the forms they come in.
const PREFIXES: [&str; 11] = ["=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠", " ="];

/// The text written after each prefix: a formula that would open a link or run a program.
const PAYLOAD: &str = "HYPERLINK(\"http://x\",\"x\")";

/// YAML double-quoted form of `s`.
fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

fn build(root: &Path, out: &Path) {
    let output = Command::new(env!("CARGO_BIN_EXE_minhbach"))
        .args(["build", "--root"])
        .arg(root)
        .arg("--output")
        .arg(out)
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The rows of `data/{kind}.csv` by id, each a map from column to cell.
fn csv_rows(out: &Path, kind: &str) -> BTreeMap<String, BTreeMap<String, String>> {
    let bytes = std::fs::read(out.join(format!("data/{kind}.csv"))).unwrap();
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let headers = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            let row: BTreeMap<String, String> = headers
                .iter()
                .zip(r.iter())
                .map(|(h, v)| (h.to_owned(), v.to_owned()))
                .collect();
            (row["id"].clone(), row)
        })
        .collect()
}

fn json_records(out: &Path, kind: &str) -> BTreeMap<String, Value> {
    let text = std::fs::read_to_string(out.join(format!("data/{kind}.json"))).unwrap();
    let records: Vec<Value> = serde_json::from_str(&text).unwrap();
    records
        .into_iter()
        .map(|r| (r["id"].as_str().unwrap().to_owned(), r))
        .collect()
}

#[test]
fn formula_cells_get_an_apostrophe_numbers_and_json_stay_as_they_are() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_dir(&repo().join("tests/fixtures/minimal"), &root);
    copy_dir(&repo().join("themes"), &root.join("themes"));
    let content = root.join("content");

    // A document per prefix: the prefix starts its number (a plain column) and its title (a
    // text column, one per language).
    for (i, p) in PREFIXES.iter().enumerate() {
        let value = format!("{p}{PAYLOAD}");
        std::fs::write(
            content.join(format!("documents/hostile-{i}.yaml")),
            format!(
                "number: {v}\ntype: other\nissuer:\n  vi: Sở thử nghiệm\ntitle:\n  vi: {v}\n  en: {v}\n",
                v = quoted(&value)
            ),
        )
        .unwrap();
    }
    // An internal procedure per prefix: the prefix starts its text, its first list item of
    // texts, and the text field of its first list item of records.
    for (i, p) in PREFIXES.iter().enumerate() {
        let v = quoted(&format!("{p}{PAYLOAD}"));
        std::fs::write(
            content.join(format!("internal-procedures/hostile-{i}.yaml")),
            format!(
                "name:\n  vi: {v}\nsteps:\n- vi: {v}\n- vi: Bước hai.\nkeywords:\n- vi: {v}\n\
                 submission:\n- method: online\n  note:\n    vi: {v}\n- method: post\n\
                 dossier:\n- name:\n    vi: {v}\n  copies: 1\n"
            ),
        )
        .unwrap();
    }
    // A procedure named with the formula of the issue; lists whose first item starts a formula
    // (the cell starts with it) and whose later item does (the cell starts with safe text).
    let procedure = std::fs::read_to_string(content.join("procedures/2.000001.yaml"))
        .unwrap()
        .replace(
            "  vi: Thủ tục cho phép tổ chức hội thảo quốc tế",
            "  vi: '=HYPERLINK(\"http://x\",\"x\")'",
        )
        .replace(
            "steps:\n- vi: Nộp hồ sơ trực tuyến.\n  en: Submit the dossier online.\n",
            "steps:\n- vi: '@SUM(1+1)'\n- vi: Nộp hồ sơ.\nkeywords:\n- vi: hội thảo\n- vi: '=1+1'\n",
        );
    std::fs::write(content.join("procedures/2.000001.yaml"), procedure).unwrap();
    // Numbers that are negative, alone and in a list, and a list mixing a number and a formula.
    let index = std::fs::read_to_string(content.join("indices/par-index.yaml"))
        .unwrap()
        .replace(
            "  out_of: 63\n- year: 2024",
            "  out_of: 63\n  change: -1.5\n- year: 2024",
        )
        .replace("  source: bc-cchc", "  change: -2\n  source: bc-cchc");
    std::fs::write(content.join("indices/par-index.yaml"), index).unwrap();
    let report = std::fs::read_to_string(content.join("reports/bc-cchc-quy-1-2025.md"))
        .unwrap()
        .replace(
            "  value: 100\n  unit: '%'\n",
            "  value: -5\n- label: {vi: Khác}\n  value: \"+2+cmd|' /C calc'!A0\"\n",
        );
    std::fs::write(content.join("reports/bc-cchc-quy-1-2025.md"), report).unwrap();

    let out = tmp.path().join("public");
    build(&root, &out);

    let documents = csv_rows(&out, "documents");
    let documents_json = json_records(&out, "documents");
    for (i, p) in PREFIXES.iter().enumerate() {
        let id = format!("hostile-{i}");
        let value = format!("{p}{PAYLOAD}");
        let row = &documents[&id];
        for column in ["number", "title.vi", "title.en"] {
            assert_eq!(row[column], format!("'{value}"), "{id} {column}");
        }
        // The JSON has the exact text.
        assert_eq!(documents_json[&id]["number"], Value::from(value.clone()));
        assert_eq!(documents_json[&id]["title"]["vi"], Value::from(value));
    }
    // Cells that start with safe text are left alone.
    assert_eq!(
        documents["1-qd-ubnd-2024"]["number"],
        documents_json["1-qd-ubnd-2024"]["number"].as_str().unwrap()
    );

    let internal = csv_rows(&out, "internal-procedures");
    let internal_json = json_records(&out, "internal-procedures");
    for (i, p) in PREFIXES.iter().enumerate() {
        let id = format!("hostile-{i}");
        let v = format!("{p}{PAYLOAD}");
        let row = &internal[&id];
        assert_eq!(row["name.vi"], format!("'{v}"), "{id}");
        assert_eq!(row["steps.vi"], format!("'{v}\nBước hai."), "{id}");
        assert_eq!(row["keywords.vi"], format!("'{v}"), "{id}");
        assert_eq!(row["submission.note.vi"], format!("'{v}\n"), "{id}");
        assert_eq!(row["submission.method"], "online\npost", "{id}");
        assert_eq!(row["dossier.name.vi"], format!("'{v}"), "{id}");
        assert_eq!(row["dossier.copies"], "1", "{id}");
        let json = &internal_json[&id];
        assert_eq!(json["name"]["vi"], Value::from(v.clone()));
        assert_eq!(json["steps"][0]["vi"], Value::from(v.clone()));
        assert_eq!(json["submission"][0]["note"]["vi"], Value::from(v));
    }

    let procedures = csv_rows(&out, "procedures");
    let row = &procedures["2.000001"];
    assert_eq!(row["name.vi"], "'=HYPERLINK(\"http://x\",\"x\")");
    assert_eq!(
        row["name.en"],
        "Permission to hold an international seminar"
    );
    assert_eq!(row["steps.vi"], "'@SUM(1+1)\nNộp hồ sơ.");
    // The cell starts with `hội thảo`: a spreadsheet reads it as text already.
    assert_eq!(row["keywords.vi"], "hội thảo\n=1+1");
    let json = json_records(&out, "procedures");
    assert_eq!(
        row["fees.amount"],
        json["2.000001"]["fees"][0]["amount"].to_string()
    );
    assert_eq!(
        json["2.000001"]["name"]["vi"],
        Value::from("=HYPERLINK(\"http://x\",\"x\")")
    );
    assert_eq!(json["2.000001"]["steps"][0]["vi"], Value::from("@SUM(1+1)"));

    let indices = csv_rows(&out, "indices");
    assert_eq!(indices["par-index"]["entries.change"], "-1.5\n-2.0");
    let json = json_records(&out, "indices");
    assert_eq!(
        indices["par-index"]["scale_max"],
        json["par-index"]["scale_max"].to_string()
    );

    let reports = csv_rows(&out, "reports");
    // A number first, then a formula: the cell would run `-5 +2+cmd|…` as one formula.
    assert_eq!(
        reports["bc-cchc-quy-1-2025"]["key_figures.value"],
        "'-5.0\n+2+cmd|' /C calc'!A0"
    );
    let json = json_records(&out, "reports");
    assert_eq!(
        json["bc-cchc-quy-1-2025"]["key_figures"][0]["value"],
        Value::from(-5.0)
    );
}

#[test]
fn a_cell_of_negative_numbers_alone_is_not_prefixed() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_dir(&repo().join("tests/fixtures/minimal"), &root);
    copy_dir(&repo().join("themes"), &root.join("themes"));
    let path = root.join("content/reports/bc-cchc-quy-1-2025.md");
    let report = std::fs::read_to_string(&path)
        .unwrap()
        .replace("  value: 100\n", "  value: -12.5\n");
    std::fs::write(&path, report).unwrap();
    let out = tmp.path().join("public");
    build(&root, &out);
    let reports = csv_rows(&out, "reports");
    assert_eq!(reports["bc-cchc-quy-1-2025"]["key_figures.value"], "-12.5");
}
