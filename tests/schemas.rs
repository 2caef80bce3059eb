//! `minhbach schema`: the JSON Schemas accept every record the shipped portal and `init` hold and
//! every record `new` writes once filled in, refuse what `check` refuses where a schema can say
//! it, and are the ones committed in `schemas/`. An independent validator judges: Python's
//! `jsonschema` (draft 2020-12, with format checks), run by `tests/schemas/validate.py`.

use crate::common::{assert_ok, copy_minimal_site, files_under, minhbach, relative_files, repo};
use minhbach::load::Kind;
use serde_json::{Value, json};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// One instance to validate: a name for messages, its schema file and the value.
struct Case {
    name: String,
    schema: PathBuf,
    instance: Value,
}

/// Each case's errors, from Python's `jsonschema`, in the order of `cases`.
fn validate(cases: &[Case]) -> Vec<Vec<String>> {
    let request = json!({
        "cases": cases.iter().map(|c| json!({
            "name": c.name,
            "schema": c.schema,
            "instance": c.instance,
        })).collect::<Vec<_>>()
    });
    let mut child = Command::new("python3")
        .arg(repo().join("tests/schemas/validate.py"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 runs (scripts/install-test-deps installs it)");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(request.to_string().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "the validator failed (scripts/install-test-deps installs python3-jsonschema):\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let results: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(results.len(), cases.len());
    results
        .iter()
        .map(|r| {
            r["errors"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| format!("{} ({}): {}", e["path"], e["schema_path"], e["message"]))
                .collect()
        })
        .collect()
}

/// A content file as the JSON its schema describes: the YAML of a record, or the front matter
/// of a Markdown one. Read as minhbach reads YAML (1.2: `2025-01-31` is a string).
fn instance(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap();
    let yaml = if path.extension().is_some_and(|e| e == "md") {
        minhbach::load::split_front_matter(&text)
            .map(|(yaml, ..)| yaml.to_owned())
            .unwrap_or_else(|| panic!("{} has front matter", path.display()))
    } else {
        text
    };
    serde_yaml::from_str(&yaml).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The schema of a content file (relative to the site) and whether it has one: a report's
/// translation file (`<id>.<lang>.md`) has none.
fn schema_of(rel: &Path) -> Option<String> {
    let parts: Vec<&str> = rel.iter().map(|p| p.to_str().unwrap()).collect();
    match parts.as_slice() {
        ["content", "site.yaml"] => Some("site".to_owned()),
        // A translation file (`x.en.md`) gives plain strings; its main file has the schema.
        ["content", _, file] if file.ends_with(".md") && file.matches('.').count() > 1 => None,
        ["content", folder, _] => Some((*folder).to_owned()),
        _ => None,
    }
}

/// Every content file of the site at `root` that has a schema, as a case against the schemas
/// in `schemas`.
fn site_cases(root: &Path, schemas: &Path) -> Vec<Case> {
    relative_files(&root.join("content"))
        .into_iter()
        .map(|rel| Path::new("content").join(rel))
        .filter_map(|rel| {
            let schema = schema_of(&rel)?;
            Some(Case {
                name: rel.display().to_string(),
                schema: schemas.join(format!("{schema}.schema.json")),
                instance: instance(&root.join(&rel)),
            })
        })
        .collect()
}

fn assert_all_valid(cases: &[Case]) {
    let errors = validate(cases);
    let problems: Vec<String> = cases
        .iter()
        .zip(&errors)
        .filter(|(_, e)| !e.is_empty())
        .map(|(c, e)| format!("{}: {}", c.name, e.join("; ")))
        .collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The schemas committed in `schemas/` and the editor settings in `.vscode/` are what
/// `minhbach schema` and `init` make for the shipped portal: they cannot drift from the code.
#[test]
fn the_committed_schemas_are_what_minhbach_schema_writes() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("schemas");
    let root = repo();
    assert_ok(&minhbach(
        &[
            "schema",
            "--root",
            root.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
        dir.path(),
    ));
    let written = relative_files(&out);
    assert_eq!(
        relative_files(&root.join("schemas")),
        written,
        "the committed schemas/ lists other files than `minhbach schema` writes: run it"
    );
    for rel in &written {
        assert_eq!(
            std::fs::read_to_string(root.join("schemas").join(rel)).unwrap(),
            std::fs::read_to_string(out.join(rel)).unwrap(),
            "schemas/{} differs from what `minhbach schema` writes: run it and commit",
            rel.display()
        );
    }
    // The shipped portal's editor settings are the ones `init` writes for the same languages.
    let init = dir.path().join("portal");
    assert_ok(&minhbach(&["init", "portal"], dir.path()));
    for file in [".vscode/settings.json", ".vscode/extensions.json"] {
        assert_eq!(
            std::fs::read_to_string(root.join(file)).unwrap(),
            std::fs::read_to_string(init.join(file)).unwrap(),
            "{file}"
        );
    }
}

#[test]
fn every_shipped_record_matches_its_schema() {
    let root = repo();
    let cases = site_cases(&root, &root.join("schemas"));
    // Every kind and site.yaml are there to be checked.
    for folder in Kind::ALL.map(Kind::folder) {
        let n = cases
            .iter()
            .filter(|c| c.name.starts_with(&format!("content/{folder}/")))
            .count();
        assert!(n > 0, "no {folder} in the shipped portal");
    }
    assert!(cases.iter().any(|c| c.name == "content/site.yaml"));
    assert_all_valid(&cases);
}

/// A new portal's records match the schemas it was given, and its editor settings map each
/// YAML content folder to a schema it holds.
#[test]
fn an_init_portal_matches_its_own_schemas_and_maps_them_for_editors() {
    let dir = tempfile::tempdir().unwrap();
    assert_ok(&minhbach(&["init", "portal"], dir.path()));
    let site = dir.path().join("portal");
    let cases = site_cases(&site, &site.join("schemas"));
    assert_eq!(
        cases.len(),
        Kind::ALL.len() + 1,
        "an example record of each kind, and site.yaml"
    );
    assert_all_valid(&cases);

    let settings: Value =
        serde_json::from_str(&std::fs::read_to_string(site.join(".vscode/settings.json")).unwrap())
            .unwrap();
    let mapping = settings["yaml.schemas"].as_object().unwrap();
    for folder in [
        "procedures",
        "internal-procedures",
        "channels",
        "indices",
        "documents",
        "units",
    ] {
        let schema = format!("./schemas/{folder}.schema.json");
        assert!(site.join(&schema).is_file(), "{schema}");
        assert_eq!(
            mapping[&schema],
            json!([
                format!("content/{folder}/*.yaml"),
                format!("content/{folder}/*.yml")
            ])
        );
    }
    assert_eq!(
        mapping["./schemas/site.schema.json"],
        json!(["content/site.yaml"])
    );
}

/// `new` writes records that the schema refuses until their required values are filled in (as
/// `check` does), and accepts once they are.
#[test]
fn new_records_match_their_schema_once_filled_in() {
    let dir = tempfile::tempdir().unwrap();
    assert_ok(&minhbach(&["init", "portal"], dir.path()));
    let site = dir.path().join("portal");
    let mut blank = Vec::new();
    let mut filled = Vec::new();
    for (kind, folder) in [
        ("procedure", "procedures"),
        ("internal-procedure", "internal-procedures"),
        ("channel", "channels"),
        ("report", "reports"),
        ("index", "indices"),
        ("document", "documents"),
    ] {
        let id = format!("moi-{kind}");
        assert_ok(&minhbach(
            &["new", kind, &id, "--root", "portal"],
            dir.path(),
        ));
        let ext = if kind == "report" { "md" } else { "yaml" };
        let path = site.join(format!("content/{folder}/{id}.{ext}"));
        let schema = site.join(format!("schemas/{folder}.schema.json"));
        blank.push(Case {
            name: format!("{kind}, as written"),
            schema: schema.clone(),
            instance: instance(&path),
        });
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, crate::scaffold::fill(&text, kind)).unwrap();
        filled.push(Case {
            name: format!("{kind}, filled in"),
            schema,
            instance: instance(&path),
        });
    }
    // An internal procedure requires only its name, which `new` leaves empty too.
    for (case, errors) in blank.iter().zip(validate(&blank)) {
        assert!(!errors.is_empty(), "{} passes its schema", case.name);
    }
    assert_ok(&minhbach(&["check", "--root", "portal"], dir.path()));
    assert_all_valid(&filled);
}

/// A valid record of each kind for the site of `tests/fixtures/minimal` (languages vi and en),
/// which the broken cases below change in one place.
fn valid(folder: &str) -> &'static str {
    match folder {
        "procedures" => {
            "code: \"2.000099\"\nname: {vi: Thủ tục thử, en: A test procedure}\nfield: Ngoại vụ\nlevel: Cấp tỉnh\nimplementing_agency: Sở Ngoại vụ thử nghiệm\nonline_level: none\n"
        }
        "internal-procedures" => "name: Thủ tục nội bộ thử\n",
        "channels" => {
            "kind: phone\nname: Đường dây thử\npurpose: Tiếp nhận phản ánh\ncontact: \"1022\"\n"
        }
        "indices" => {
            "name: Chỉ số thử\nshort_name: TEST\nunit: points\nscale_max: 100\nentries:\n  - year: 2024\n    score: 50\n"
        }
        "documents" => {
            "number: 9/QĐ-TEST\ntype: decision\nissuer: UBND thử\ntitle: Quyết định thử\n"
        }
        "reports" => {
            "title: Báo cáo thử\nperiod: {type: year, year: 2024}\nissuer: Sở thử\nsummary: Tóm tắt thử.\n"
        }
        "units" => "name: {vi: Phòng thử, en: Test division}\nhead_role: Trưởng phòng\norder: 5\n",
        _ => unreachable!(),
    }
}

/// Each broken file: (folder, YAML, a word its schema error names). `check` refuses every one
/// of them too, so the schemas are no stricter than minhbach, and underline real mistakes.
const BROKEN: &[(&str, &str, &str)] = &[
    ("procedures", "nmae: x", "nmae"),
    ("procedures", "online_level: sometimes", "online_level"),
    ("procedures", "code: \"2.2311\"", "code"),
    ("procedures", "code: 2.002311", "code"),
    ("procedures", "status: abolished", "abolished_by"),
    ("procedures", "abolished_on: 2024-01-01", "abolished_on"),
    (
        "procedures",
        "processing_time: {working_days: 0.3}",
        "working_days",
    ),
    (
        "procedures",
        "processing_time: {working_days: 5000}",
        "working_days",
    ),
    (
        "procedures",
        "dossier: [{name: Tờ khai, copies: 0}]",
        "copies",
    ),
    (
        "procedures",
        "fees: [{description: Lệ phí, amount: -5}]",
        "amount",
    ),
    (
        "procedures",
        "fees: [{description: Lệ phí, amount: 1.5}]",
        "amount",
    ),
    ("procedures", "summary: {en: Only English}", "summary"),
    ("procedures", "summary: {vi: Có, fr: Oui}", "summary"),
    ("procedures", "summary: {vi: Có, ja: はい}", "summary"),
    ("procedures", "summary: \"   \"", "summary"),
    ("procedures", "updated: 2025-13-01", "updated"),
    ("procedures", "updated: 31/01/2025", "updated"),
    (
        "procedures",
        "legal_basis: [\"Quyết định 1\"]",
        "legal_basis",
    ),
    ("procedures", "submission: [{method: fax}]", "method"),
    (
        "procedures",
        "submission: [{method: online, url: \"javascript:alert(1)\"}]",
        "url",
    ),
    ("internal-procedures", "kind: x", "kind"),
    ("channels", "kind: fax", "kind"),
    ("channels", "order: first", "order"),
    (
        "channels",
        "kind: web_form\ncontact: \"javascript:alert(1)\"",
        "contact",
    ),
    (
        "channels",
        "kind: email\ncontact: \"mailto:a@b.vn\"",
        "contact",
    ),
    ("indices", "unit: percent\nscale_max: 120", "scale_max"),
    ("indices", "scale_max: 0", "scale_max"),
    ("indices", "entries: [{year: 1900, score: 1}]", "year"),
    (
        "indices",
        "entries: [{year: 2024, score: 1, rank: 0}]",
        "rank",
    ),
    ("indices", "entries: [{year: 2024}]", "score"),
    ("indices", "entries: [{year: 2024, score: -1}]", "score"),
    ("documents", "url: \"ftp://example.org/x\"", "url"),
    ("documents", "type: memo", "type"),
    ("documents", "legal_basis: []", "legal_basis"),
    ("reports", "period: {type: decade, year: 2024}", "type"),
    (
        "reports",
        "period: {type: quarter, year: 2024, quarter: 5}",
        "quarter",
    ),
    ("reports", "cites: [Báo cáo 1]", "cites"),
    ("units", "nmae: x", "nmae"),
    ("units", "order: first", "order"),
    ("units", "parent: Văn phòng", "parent"),
    ("units", "contact: {phone: \"1022\"}", "phone"),
    ("units", "contact: {channels: [Đường dây nóng]}", "channels"),
    ("units", "sources: [Báo cáo 1]", "sources"),
    ("units", "head_name: [A, B]", "head_name"),
    ("channels", "unit: Văn phòng", "unit"),
    ("procedures", "unit: Văn phòng", "unit"),
];

/// A record with `change` applied: its top-level keys replace the valid record's.
fn broken(folder: &str, change: &str) -> String {
    let mut record: serde_yaml::Mapping = serde_yaml::from_str(valid(folder)).unwrap();
    let change: serde_yaml::Mapping = serde_yaml::from_str(change).unwrap();
    for (k, v) in change {
        record.insert(k, v);
    }
    serde_yaml::to_string(&record).unwrap()
}

fn write_record(site: &Path, folder: &str, yaml: &str) -> PathBuf {
    if folder == "reports" {
        let path = site.join("content/reports/thu.md");
        std::fs::write(&path, format!("---\n{yaml}---\n\nNội dung.\n")).unwrap();
        path
    } else {
        // The minimal site has no units: their folder is made for the first.
        std::fs::create_dir_all(site.join(format!("content/{folder}"))).unwrap();
        let path = site.join(format!("content/{folder}/thu.yaml"));
        std::fs::write(&path, yaml).unwrap();
        path
    }
}

#[test]
fn schemas_refuse_what_check_refuses() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    copy_minimal_site(&site);
    let schemas = dir.path().join("schemas");
    assert_ok(&minhbach(
        &["schema", "--root", "site", "--out", "schemas"],
        dir.path(),
    ));

    // The valid records pass both, so that each broken one fails for its own change.
    let mut cases = Vec::new();
    for folder in [
        "procedures",
        "internal-procedures",
        "channels",
        "indices",
        "documents",
        "reports",
        "units",
    ] {
        let path = write_record(&site, folder, valid(folder));
        assert_ok(&minhbach(&["check", "--root", "site"], dir.path()));
        cases.push(Case {
            name: format!("valid {folder}"),
            schema: schemas.join(format!("{folder}.schema.json")),
            instance: instance(&path),
        });
        std::fs::remove_file(path).unwrap();
    }
    assert_all_valid(&cases);

    let mut cases = Vec::new();
    for (folder, change, _) in BROKEN {
        let path = write_record(&site, folder, &broken(folder, change));
        let check = minhbach(&["check", "--root", "site"], dir.path());
        let stderr = String::from_utf8_lossy(&check.stderr);
        assert_eq!(
            check.status.code(),
            Some(1),
            "check accepts {folder} with `{change}`:\n{stderr}"
        );
        assert!(stderr.contains("thu."), "{folder} `{change}`:\n{stderr}");
        cases.push(Case {
            name: format!("{folder} with `{change}`"),
            schema: schemas.join(format!("{folder}.schema.json")),
            instance: instance(&path),
        });
        std::fs::remove_file(path).unwrap();
    }
    for ((case, errors), (_, _, word)) in cases.iter().zip(validate(&cases)).zip(BROKEN) {
        assert!(
            errors.iter().any(|e| e.contains(word)),
            "{}: the schema's errors do not name `{word}`: {errors:?}",
            case.name
        );
    }

    // site.yaml: the same, against site.schema.json.
    let original = std::fs::read_to_string(site.join("content/site.yaml")).unwrap();
    let mut cases = Vec::new();
    let site_broken = [
        ("page_size: 0", "page_size"),
        ("base_url: example.org", "base_url"),
        ("theme: [a]", "theme"),
        ("menu: [{section: tin-tuc}]", "menu"),
        ("agency: {name: Sở, website: \"javascript:x\"}", "website"),
        ("history: {from_git: maybe}", "from_git"),
        ("languages: [vi, EN]", "languages"),
        ("languages: []", "languages"),
        ("default_language: Tiếng Việt", "default_language"),
    ];
    for (change, _) in site_broken {
        let mut config: serde_yaml::Mapping = serde_yaml::from_str(&original).unwrap();
        let change: serde_yaml::Mapping = serde_yaml::from_str(change).unwrap();
        for (k, v) in change.clone() {
            config.insert(k, v);
        }
        let yaml = serde_yaml::to_string(&config).unwrap();
        std::fs::write(site.join("content/site.yaml"), &yaml).unwrap();
        let check = minhbach(&["check", "--root", "site"], dir.path());
        assert_eq!(
            check.status.code(),
            Some(1),
            "check accepts site.yaml with {change:?}"
        );
        cases.push(Case {
            name: format!("site.yaml with {change:?}"),
            schema: schemas.join("site.schema.json"),
            instance: serde_yaml::from_str(&yaml).unwrap(),
        });
    }
    for ((case, errors), (_, word)) in cases.iter().zip(validate(&cases)).zip(site_broken) {
        assert!(
            errors.iter().any(|e| e.contains(word)),
            "{}: the schema's errors do not name `{word}`: {errors:?}",
            case.name
        );
    }
}

/// `minhbach schema` replaces the schemas it wrote before, and nothing else: a file of the same
/// name that it did not write stops it before it writes anything. It never writes into
/// `content/`, where a stray file would break the site.
#[test]
fn schema_replaces_only_its_own_files() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    copy_minimal_site(&site);
    assert_ok(&minhbach(&["schema", "--root", "site"], dir.path()));
    let out = site.join("schemas");
    assert_eq!(relative_files(&out).len(), Kind::ALL.len() + 1);
    // Again: replaced, same bytes.
    let before = crate::common::tree(&out);
    assert_ok(&minhbach(&["schema", "--root", "site"], dir.path()));
    assert_eq!(crate::common::tree(&out), before);

    // check says when the schemas no longer fit the site: here, a language added.
    let check = minhbach(&["check", "--root", "site"], dir.path());
    assert_ok(&check);
    assert!(!String::from_utf8_lossy(&check.stdout).contains("run `minhbach schema`"));
    let config = site.join("content/site.yaml");
    let yaml = std::fs::read_to_string(&config).unwrap();
    let with_ja = yaml.replace("languages:\n- vi\n- en\n", "languages:\n- vi\n- en\n- ja\n");
    assert_ne!(with_ja, yaml);
    std::fs::write(&config, with_ja).unwrap();
    let check = minhbach(&["check", "--root", "site"], dir.path());
    assert!(
        String::from_utf8_lossy(&check.stdout).contains("run `minhbach schema`"),
        "{}",
        crate::common::describe(&check)
    );
    std::fs::write(&config, yaml).unwrap();

    // Someone's own file of that name is kept, and nothing is written.
    std::fs::write(out.join("channels.schema.json"), "{\"mine\": true}\n").unwrap();
    std::fs::remove_file(out.join("site.schema.json")).unwrap();
    let refused = minhbach(&["schema", "--root", "site"], dir.path());
    assert_eq!(refused.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        stderr.contains("channels.schema.json") && stderr.contains("not written by"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("channels.schema.json")).unwrap(),
        "{\"mine\": true}\n"
    );
    assert!(!out.join("site.schema.json").exists());

    // Not into content/.
    let content_before = files_under(&site.join("content"));
    let refused = minhbach(
        &["schema", "--root", "site", "--out", "site/content/schemas"],
        dir.path(),
    );
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("inside content/"));
    assert_eq!(files_under(&site.join("content")), content_before);

    // No site, no schemas.
    let refused = minhbach(&["schema", "--root", "nowhere"], dir.path());
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("no content/ folder"));
}
