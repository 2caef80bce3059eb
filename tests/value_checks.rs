//! Values that load but must not pass `check` (issue 14, item 7): numbers out of range or not
//! finite, contacts that would make broken or unsafe `tel:`/`mailto:` links, web addresses
//! that are not http(s), and record ids that collide with generated pages or make poor URLs.
//!
//! Each test writes real YAML into a copy of `tests/fixtures/minimal/` (with the repository's
//! themes) in a temporary folder, runs the `minhbach check` binary on it and asserts the file,
//! line and column of the value, that the message names the field, and that a hint follows.

use crate::common::{copy_dir, repo};

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_minhbach");

/// A copy of the minimal fixture site; `files` are written over it (path below the root, text).
fn site(files: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_dir(&repo().join("tests/fixtures/minimal"), &root);
    copy_dir(&repo().join("themes"), &root.join("themes"));
    for (rel, text) in files {
        // The minimal site has no units: their folder is made for the first.
        std::fs::create_dir_all(root.join(rel).parent().unwrap()).unwrap();
        std::fs::write(root.join(rel), text).unwrap();
    }
    (tmp, root)
}

fn run(root: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .arg("--root")
        .arg(root)
        .output()
        .expect("run minhbach")
}

fn text_of(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// An error as the binary prints it: message, `file:line:col`, hint.
#[derive(Debug)]
struct Reported {
    message: String,
    location: String,
    hint: String,
}

fn errors(output: &Output) -> Vec<Reported> {
    let stderr = String::from_utf8_lossy(&output.stderr);
    let mut out: Vec<Reported> = Vec::new();
    for line in stderr.lines() {
        if let Some(message) = line.strip_prefix("error: ") {
            out.push(Reported {
                message: message.to_owned(),
                location: String::new(),
                hint: String::new(),
            });
        } else if let Some(last) = out.last_mut() {
            if let Some(location) = line.strip_prefix("  --> ") {
                last.location = location.trim().to_owned();
            } else if let Some(hint) = line.strip_prefix("  = hint: ") {
                last.hint = hint.to_owned();
            }
        }
    }
    out
}

/// `file:line:col` of `value` on the first line of `text` that contains `line_with`; columns
/// count characters, as the diagnostics do.
fn locate(file: &str, text: &str, line_with: &str, value: &str) -> String {
    let (n, line) = text
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains(line_with))
        .unwrap_or_else(|| panic!("no line with {line_with:?}"));
    let at =
        line[line.find(line_with).unwrap()..].find(value).unwrap() + line.find(line_with).unwrap();
    format!("{file}:{}:{}", n + 1, line[..at].chars().count() + 1)
}

/// `check` fails cleanly with exactly one error, at `location`, whose message contains every
/// one of `needles` (the field's name among them) and which has a hint.
fn assert_one_error(root: &Path, location: &str, needles: &[&str]) -> Reported {
    let output = run(root, &["check"]);
    let all = text_of(&output);
    assert!(!all.contains("panicked"), "{all}");
    assert_eq!(output.status.code(), Some(1), "check must fail:\n{all}");
    let mut found = errors(&output);
    assert_eq!(found.len(), 1, "one error for one cause:\n{all}");
    let e = found.remove(0);
    assert_eq!(e.location, location, "{all}");
    for needle in needles {
        assert!(e.message.contains(needle), "{needle:?} in {:?}", e.message);
    }
    assert!(!e.hint.is_empty(), "a hint: {all}");
    e
}

/// Checking `text` as `rel` gives one error at `value` on the line with `line_with`.
fn refused(rel: &str, text: &str, line_with: &str, value: &str, needles: &[&str]) -> Reported {
    let (_tmp, root) = site(&[(rel, text)]);
    assert_one_error(&root, &locate(rel, text, line_with, value), needles)
}

fn passes(files: &[(&str, &str)]) {
    let (_tmp, root) = site(files);
    let output = run(&root, &["check"]);
    assert_eq!(output.status.code(), Some(0), "{}", text_of(&output));
}

// ---------------------------------------------------------------------------------------------
// Indices

const INDEX: &str = "content/indices/par-index.yaml";

fn index(scale: &str, unit: &str, entry: &str) -> String {
    format!(
        "name:\n  vi: Chỉ số cải cách hành chính\n  en: Public Administration Reform Index\n\
         short_name: PAR Index\nunit: {unit}\nscale_max: {scale}\nentries:\n\
         - year: 2022\n  score: 80.5\n  rank: 5\n  out_of: 63\n{entry}"
    )
}

fn entry(lines: &str) -> String {
    format!("- year: 2023\n{lines}")
}

#[test]
fn score_nan_is_refused() {
    let text = index("100", "points", &entry("  score: .nan\n"));
    let e = refused(
        INDEX,
        &text,
        "score: .nan",
        ".nan",
        &["entries[1].score", "not a number"],
    );
    assert!(e.hint.contains("score:"), "{}", e.hint);
}

#[test]
fn score_inf_is_refused() {
    let text = index("100", "points", &entry("  score: .inf\n"));
    refused(
        INDEX,
        &text,
        "score: .inf",
        ".inf",
        &["entries[1].score", "`.inf`"],
    );
}

#[test]
fn score_minus_inf_is_refused() {
    let text = index("100", "points", &entry("  score: -.inf\n"));
    refused(
        INDEX,
        &text,
        "score: -.inf",
        "-.inf",
        &["entries[1].score", "`-.inf`"],
    );
}

#[test]
fn negative_score_is_refused() {
    let text = index("100", "points", &entry("  score: -3\n"));
    refused(
        INDEX,
        &text,
        "score: -3",
        "-3",
        &["entries[1].score", "below zero"],
    );
}

#[test]
fn score_above_the_scale_is_refused() {
    let text = index("90", "points", &entry("  score: 95\n"));
    refused(
        INDEX,
        &text,
        "score: 95",
        "95",
        &["entries[1].score", "above the scale's top, 90"],
    );
}

#[test]
fn scale_max_zero_is_refused() {
    let text = index("0", "points", &entry("  score: 0\n"));
    refused(
        INDEX,
        &text,
        "scale_max: 0",
        "0",
        &["scale_max", "not above zero"],
    );
}

#[test]
fn scale_max_nan_is_refused() {
    let text = index(".nan", "points", &entry("  score: 10\n"));
    refused(
        INDEX,
        &text,
        "scale_max: .nan",
        ".nan",
        &["scale_max", "not a number"],
    );
}

#[test]
fn percent_scale_above_100_is_refused() {
    let text = index("120", "percent", &entry("  score: 10\n"));
    refused(
        INDEX,
        &text,
        "scale_max: 120",
        "120",
        &["scale_max", "more than 100"],
    );
}

#[test]
fn rank_zero_is_refused() {
    let text = index("100", "points", &entry("  score: 90\n  rank: 0\n"));
    refused(
        INDEX,
        &text,
        "rank: 0",
        "0",
        &["entries[1].rank", "start at 1"],
    );
}

#[test]
fn rank_zero_without_out_of_is_refused() {
    let text = concat!(
        "name:\n  vi: Chỉ số\nshort_name: X\nunit: points\nscale_max: 100\nentries:\n",
        "- year: 2023\n  score: 90\n  rank: 0\n"
    );
    refused(
        INDEX,
        text,
        "rank: 0",
        "0",
        &["entries[0].rank", "start at 1"],
    );
}

#[test]
fn negative_rank_is_refused_in_plain_words() {
    let text = index("100", "points", &entry("  score: 90\n  rank: -2\n"));
    let e = refused(
        INDEX,
        &text,
        "rank: -2",
        "-2",
        &["entries[1].rank", "`-2` is below zero"],
    );
    assert!(!e.message.contains("u32"), "{}", e.message);
}

#[test]
fn fractional_rank_is_refused_in_plain_words() {
    let text = index("100", "points", &entry("  score: 90\n  rank: 2.5\n"));
    refused(
        INDEX,
        &text,
        "rank: 2.5",
        "2.5",
        &["entries[1].rank", "not a whole number"],
    );
}

#[test]
fn rank_beyond_the_units_ranked_is_refused() {
    let text = index(
        "100",
        "points",
        &entry("  score: 90\n  rank: 64\n  out_of: 63\n"),
    );
    refused(INDEX, &text, "rank: 64", "64", &["entries[1].rank", "63"]);
}

#[test]
fn out_of_zero_is_refused() {
    let text = index("100", "points", &entry("  score: 90\n  out_of: 0\n"));
    refused(INDEX, &text, "out_of: 0", "0", &["entries[1].out_of"]);
}

#[test]
fn change_nan_is_refused() {
    let text = index("100", "points", &entry("  score: 90\n  change: .nan\n"));
    refused(
        INDEX,
        &text,
        "change: .nan",
        ".nan",
        &["entries[1].change", "not a number"],
    );
}

#[test]
fn change_beyond_the_scale_is_refused() {
    let text = index("100", "points", &entry("  score: 90\n  change: -150\n"));
    refused(
        INDEX,
        &text,
        "change: -150",
        "-150",
        &["entries[1].change", "less than -100"],
    );
}

#[test]
fn index_year_99999_is_refused() {
    let text = index("100", "points", "- year: 99999\n  score: 90\n");
    refused(
        INDEX,
        &text,
        "year: 99999",
        "99999",
        &["entries[1].year", "1945–2100"],
    );
}

#[test]
fn index_year_before_1945_is_refused() {
    let text = index("100", "points", "- year: 1900\n  score: 90\n");
    refused(
        INDEX,
        &text,
        "year: 1900",
        "1900",
        &["entries[1].year", "1945–2100"],
    );
}

#[test]
fn valid_index_values_pass() {
    let text = index(
        "100",
        "points",
        &entry("  score: 100\n  rank: 63\n  out_of: 63\n  change: -1.5\n"),
    );
    passes(&[(INDEX, &text)]);
}

// ---------------------------------------------------------------------------------------------
// Procedures

const PROCEDURE: &str = "content/procedures/2.000001.yaml";

fn procedure(extra: &str) -> String {
    let base =
        std::fs::read_to_string(repo().join("tests/fixtures/minimal").join(PROCEDURE)).unwrap();
    // The fixture's own processing time, dossier and fees are replaced by `extra`.
    let mut out = String::new();
    let mut skip = false;
    for line in base.lines() {
        if ["processing_time:", "dossier:", "fees:"]
            .iter()
            .any(|k| line.starts_with(k))
        {
            skip = true;
            continue;
        }
        if skip && (line.starts_with(' ') || line.starts_with('-')) {
            continue;
        }
        skip = false;
        out.push_str(line);
        out.push('\n');
    }
    out + extra
}

#[test]
fn negative_working_days_are_refused() {
    let text = procedure("processing_time:\n  working_days: -3\n");
    refused(
        PROCEDURE,
        &text,
        "working_days: -3",
        "-3",
        &["processing_time.working_days", "below zero"],
    );
}

#[test]
fn absurd_working_days_are_refused() {
    let text = procedure("processing_time:\n  working_days: 1e23\n");
    let e = refused(
        PROCEDURE,
        &text,
        "working_days: 1e23",
        "1e23",
        &["processing_time.working_days", "`1e23`", "3650"],
    );
    assert!(e.hint.contains("working_days: 15"), "{}", e.hint);
}

#[test]
fn working_days_nan_are_refused() {
    let text = procedure("processing_time:\n  working_days: .nan\n");
    refused(
        PROCEDURE,
        &text,
        "working_days: .nan",
        ".nan",
        &["processing_time.working_days", "not a number"],
    );
}

#[test]
fn working_days_in_odd_fractions_are_refused() {
    let text = procedure("processing_time:\n  working_days: 2.3\n");
    refused(
        PROCEDURE,
        &text,
        "working_days: 2.3",
        "2.3",
        &["processing_time.working_days", "whole or half"],
    );
}

#[test]
fn half_working_days_and_free_procedures_pass() {
    let text = procedure(
        "processing_time:\n  working_days: 0.5\nfees:\n- description: {vi: Miễn phí}\n  amount: 0\n",
    );
    passes(&[(PROCEDURE, &text)]);
}

#[test]
fn negative_fee_is_refused() {
    let text = procedure("fees:\n- description: {vi: Lệ phí}\n  amount: -50000\n");
    refused(
        PROCEDURE,
        &text,
        "amount: -50000",
        "-50000",
        &["fees[0].amount", "below zero"],
    );
}

#[test]
fn fractional_fee_is_refused() {
    let text = procedure("fees:\n- description: {vi: Lệ phí}\n  amount: 50000.5\n");
    refused(
        PROCEDURE,
        &text,
        "amount: 50000.5",
        "50000.5",
        &["fees[0].amount", "whole number of đồng"],
    );
}

#[test]
fn absurd_fee_is_refused() {
    let text = procedure("fees:\n- description: {vi: Lệ phí}\n  amount: 1e23\n");
    refused(
        PROCEDURE,
        &text,
        "amount: 1e23",
        "1e23",
        &["fees[0].amount", "more than"],
    );
}

#[test]
fn zero_copies_are_refused() {
    let text = procedure("dossier:\n- name: {vi: Đơn}\n  copies: 0\n");
    refused(PROCEDURE, &text, "copies: 0", "0", &["dossier[0].copies"]);
}

#[test]
fn negative_copies_are_refused_in_plain_words() {
    let text = procedure("dossier:\n- name: {vi: Đơn}\n  copies: -1\n");
    refused(
        PROCEDURE,
        &text,
        "copies: -1",
        "-1",
        &["dossier[0].copies", "below zero"],
    );
}

#[test]
fn submission_url_must_be_http() {
    let text = procedure("").replace(
        "url: https://dichvucong.gov.vn/",
        "url: javascript:alert(1)",
    );
    refused(
        PROCEDURE,
        &text,
        "url: javascript",
        "javascript",
        &["submission[0].url", "`javascript:`"],
    );
}

// ---------------------------------------------------------------------------------------------
// Reports, documents and dates

const REPORT: &str = "content/reports/bc-cchc-quy-1-2025.md";

fn report(replace: (&str, &str)) -> String {
    std::fs::read_to_string(repo().join("tests/fixtures/minimal").join(REPORT))
        .unwrap()
        .replace(replace.0, replace.1)
}

#[test]
fn report_year_99999_is_refused() {
    let text = report(("  year: 2025", "  year: 99999"));
    refused(
        REPORT,
        &text,
        "year: 99999",
        "99999",
        &["period.year", "1945–2100"],
    );
}

#[test]
fn key_figure_nan_is_refused() {
    let text = report(("  value: 100", "  value: .nan"));
    refused(
        REPORT,
        &text,
        "value: .nan",
        ".nan",
        &["key_figures[0].value", "not a number"],
    );
}

const DOCUMENT: &str = "content/documents/1-qd-ubnd-2024.yaml";

fn document(replace: (&str, &str)) -> String {
    std::fs::read_to_string(repo().join("tests/fixtures/minimal").join(DOCUMENT))
        .unwrap()
        .replace(replace.0, replace.1)
}

#[test]
fn date_in_year_one_is_refused() {
    let text = document(("date: 2024-02-29", "date: 0001-02-03"));
    refused(
        DOCUMENT,
        &text,
        "date: 0001",
        "0001",
        &["date", "0001-02-03", "1800–2100"],
    );
}

#[test]
fn document_url_mailto_is_refused() {
    let text = document((
        "url: https://vanban.example.gov.vn/1-qd-ubnd-2024",
        "url: mailto:a@example.vn",
    ));
    refused(
        DOCUMENT,
        &text,
        "url: mailto",
        "mailto",
        &["url", "`mailto:`"],
    );
}

#[test]
fn document_url_without_scheme_is_refused() {
    let text = document((
        "url: https://vanban.example.gov.vn/1-qd-ubnd-2024",
        "url: vanban.example.gov.vn/1",
    ));
    refused(
        DOCUMENT,
        &text,
        "url: vanban",
        "vanban",
        &["url", "https://"],
    );
}

// ---------------------------------------------------------------------------------------------
// Channels and the agency's contacts

const CHANNEL: &str = "content/channels/duong-day-nong.yaml";

fn channel(kind: &str, contact: &str) -> String {
    format!(
        "kind: {kind}\nname:\n  vi: Đường dây nóng\ncontact: {contact}\npurpose:\n  vi: Tiếp nhận phản ánh.\n"
    )
}

#[test]
fn phone_contact_with_letters_is_refused() {
    let text = channel("phone", "'gọi 1022'");
    refused(
        CHANNEL,
        &text,
        "contact:",
        "'",
        &["contact", "contains letters"],
    );
}

#[test]
fn phone_contact_javascript_is_refused() {
    let text = channel("phone", "'javascript:alert(1)'");
    refused(
        CHANNEL,
        &text,
        "contact:",
        "'",
        &["contact", "not a phone number"],
    );
}

#[test]
fn phone_contact_with_tel_prefix_is_refused() {
    let text = channel("phone", "'tel:1022'");
    refused(CHANNEL, &text, "contact:", "'", &["contact", "`tel:`"]);
}

#[test]
fn phone_contact_too_short_is_refused() {
    let text = channel("phone", "'11'");
    refused(
        CHANNEL,
        &text,
        "contact:",
        "'",
        &["contact", "fewer than 3 digits"],
    );
}

#[test]
fn short_hotlines_and_extensions_pass_and_link_right() {
    let (_tmp, root) = site(&[
        (CHANNEL, &channel("phone", "'1022'")),
        (
            "content/channels/tong-dai.yaml",
            &channel("phone", "'+84 (123) 456-789 ext 12'"),
        ),
    ]);
    let out = root.join("public");
    let output = run(&root, &["build", "--output", out.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", text_of(&output));
    let page = std::fs::read_to_string(out.join("vi/channels/tong-dai/index.html")).unwrap();
    assert!(page.contains("href=\"tel:+84123456789;ext=12\""), "{page}");
    let page = std::fs::read_to_string(out.join("vi/channels/duong-day-nong/index.html")).unwrap();
    assert!(page.contains("href=\"tel:1022\""), "{page}");
}

#[test]
fn email_contact_with_mailto_prefix_is_refused() {
    let text = channel("email", "mailto:tiepnhan@example.gov.vn");
    refused(
        CHANNEL,
        &text,
        "contact:",
        "mailto",
        &["contact", "`mailto:`"],
    );
}

#[test]
fn email_contact_without_a_domain_dot_is_refused() {
    let text = channel("email", "tiepnhan@localhost");
    refused(
        CHANNEL,
        &text,
        "contact:",
        "tiepnhan",
        &["contact", "domain"],
    );
}

#[test]
fn email_contact_with_a_space_is_refused() {
    let text = channel("email", "'tiep nhan@example.gov.vn'");
    refused(CHANNEL, &text, "contact:", "'", &["contact", "space"]);
}

#[test]
fn web_form_contact_must_be_http() {
    let text = channel("web_form", "'javascript:alert(1)'");
    refused(
        CHANNEL,
        &text,
        "contact:",
        "'",
        &["contact", "`javascript:`"],
    );
}

#[test]
fn in_person_contact_of_free_text_is_refused() {
    let text = channel("in_person", "Bộ phận một cửa");
    refused(
        CHANNEL,
        &text,
        "contact:",
        "Bộ",
        &[
            "contact",
            "not a phone number, e-mail address or web address",
        ],
    );
}

const SITE: &str = "content/site.yaml";

fn site_yaml(extra: &str) -> String {
    std::fs::read_to_string(repo().join("tests/fixtures/minimal").join(SITE)).unwrap() + extra
}

#[test]
fn agency_phone_is_checked() {
    let text = site_yaml("  phone: 'javascript:alert(1)'\n");
    refused(
        SITE,
        &text,
        "phone:",
        "'",
        &["agency.phone", "not a phone number"],
    );
}

#[test]
fn agency_phone_links_dial_the_digits_and_extension() {
    let (_tmp, root) = site(&[(
        SITE,
        &site_yaml("  phone: '+84 (123) 456-789 ext. 7'\n  email: tiepnhan@example.gov.vn\n"),
    )]);
    let out = root.join("public");
    let output = run(&root, &["build", "--output", out.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", text_of(&output));
    let page = std::fs::read_to_string(out.join("vi/index.html")).unwrap();
    assert!(page.contains("href=\"tel:+84123456789;ext=7\""), "{page}");
    assert!(
        page.contains("href=\"mailto:tiepnhan@example.gov.vn\""),
        "{page}"
    );
}

#[test]
fn agency_email_is_checked() {
    let text = site_yaml("  email: 'a@b@example.vn'\n");
    refused(
        SITE,
        &text,
        "email:",
        "'",
        &["agency.email", "more than one `@`"],
    );
}

#[test]
fn agency_website_must_be_http() {
    let text = site_yaml("  website: ftp://example.vn/\n");
    refused(
        SITE,
        &text,
        "website:",
        "ftp",
        &["agency.website", "`ftp:`"],
    );
}

#[test]
fn menu_link_must_be_http() {
    let text =
        site_yaml("menu:\n- section: home\n- label: {vi: Trang}\n  url: 'data:text/html,x'\n");
    refused(SITE, &text, "url:", "'", &["menu[1].url", "`data:`"]);
}

#[test]
fn absurd_page_size_is_refused() {
    let text = site_yaml("page_size: 100000000\n");
    refused(SITE, &text, "page_size:", "1", &["page_size", "10000"]);
}

#[test]
fn fractional_page_size_is_refused_in_plain_words() {
    let text = site_yaml("page_size: 2.5\n");
    refused(
        SITE,
        &text,
        "page_size:",
        "2.5",
        &["page_size", "not a whole number"],
    );
}

// ---------------------------------------------------------------------------------------------
// Record ids

/// A copy of the fixture's document under another file name.
fn document_named(name: &str) -> (String, String) {
    (
        format!("content/documents/{name}"),
        std::fs::read_to_string(repo().join("tests/fixtures/minimal").join(DOCUMENT)).unwrap(),
    )
}

fn assert_file_name_refused(name: &str, needles: &[&str]) {
    let (rel, text) = document_named(name);
    let (_tmp, root) = site(&[(&rel, &text)]);
    let e = assert_one_error(&root, &format!("{rel}:1:1"), needles);
    assert!(e.hint.contains("rename"), "{}", e.hint);
    // `build` refuses it with the same message, before writing anything.
    let out = root.join("public");
    let output = run(&root, &["build", "--output", out.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1), "{}", text_of(&output));
    assert!(
        !text_of(&output).contains("File exists"),
        "{}",
        text_of(&output)
    );
    assert!(
        errors(&output)
            .iter()
            .any(|e| e.message.contains(needles[0]))
    );
    assert!(!out.exists(), "nothing written");
}

#[test]
fn record_named_index_html_is_refused() {
    assert_file_name_refused("index.html.yaml", &["`index.html`", "page the build makes"]);
}

#[test]
fn record_named_index_is_refused() {
    assert_file_name_refused("index.yaml", &["`index`", "page the build makes"]);
}

#[test]
fn record_named_page_is_refused() {
    assert_file_name_refused("page.yaml", &["`page`", "page the build makes"]);
}

#[test]
fn record_name_with_a_dot_is_refused() {
    assert_file_name_refused("quyet-dinh.v2.yaml", &["`quyet-dinh.v2`", "dot"]);
}

#[test]
fn record_names_with_spaces_or_capitals_are_refused() {
    for name in ["Quyet Dinh.yaml", "QD-1.yaml"] {
        let (rel, text) = document_named(name);
        let (_tmp, root) = site(&[(&rel, &text)]);
        assert_one_error(&root, &format!("{rel}:1:1"), &["cannot be a record id"]);
    }
}

#[test]
fn two_files_with_one_id_are_refused_once() {
    // `.yaml` and `.yml` beside each other: one id, one URL, one page overwriting the other.
    let (rel, text) = document_named("1-qd-ubnd-2024.yml");
    let (_tmp, root) = site(&[(&rel, &text)]);
    assert_one_error(
        &root,
        &format!("{rel}:1:1"),
        &["one record id", "`1-qd-ubnd-2024`"],
    );
    let channel = std::fs::read_to_string(root.join(CHANNEL)).unwrap();
    std::fs::remove_file(root.join(&rel)).unwrap();
    std::fs::write(root.join("content/channels/duong-day-nong.yml"), channel).unwrap();
    assert_one_error(
        &root,
        "content/channels/duong-day-nong.yml:1:1",
        &["one record id", "channels/"],
    );
}

#[test]
fn a_file_named_by_its_procedure_code_passes() {
    // content/procedures/2.000001.yaml: the one kind of id with a dot.
    passes(&[]);
}

#[test]
fn an_internal_procedure_with_a_code_does_not_take_the_url_of_one_named_by_it() {
    // Internal procedures are filed by their id (`internal-procedures/a/`), whatever their code.
    let base = std::fs::read_to_string(repo().join(
        "tests/fixtures/minimal/content/internal-procedures/tham-dinh-thoa-thuan-quoc-te.yaml",
    ))
    .unwrap();
    let (_tmp, root) = site(&[
        (
            "content/internal-procedures/a.yaml",
            &format!("code: '2.000009'\n{base}"),
        ),
        ("content/internal-procedures/2.000009.yaml", &base),
    ]);
    let out = root.join("public");
    let output = run(&root, &["build", "--output", out.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", text_of(&output));
    assert!(out.join("vi/internal-procedures/a/index.html").is_file());
    assert!(
        out.join("vi/internal-procedures/2.000009/index.html")
            .is_file()
    );
}

#[test]
fn a_document_and_a_report_cannot_share_an_id() {
    // References name a document or report by id alone, so the two kinds share one set of ids.
    let document = std::fs::read_to_string(
        repo().join("tests/fixtures/minimal/content/documents/1-qd-ubnd-2024.yaml"),
    )
    .unwrap();
    let (_tmp, root) = site(&[("content/documents/bc-cchc-quy-1-2025.yaml", &document)]);
    let output = run(&root, &["check"]);
    let all = text_of(&output);
    assert_eq!(output.status.code(), Some(1), "{all}");
    let found = errors(&output);
    assert_eq!(found.len(), 1, "one error for one cause:\n{all}");
    let e = &found[0];
    assert!(
        e.message.contains(
            "`bc-cchc-quy-1-2025` is already used by content/reports/bc-cchc-quy-1-2025.md"
        ),
        "{all}"
    );
    assert_eq!(
        e.location, "content/documents/bc-cchc-quy-1-2025.yaml",
        "{all}"
    );
    assert!(e.hint.contains("share one set of ids"), "{all}");
}

#[test]
fn a_procedure_code_that_is_another_procedures_file_name_is_refused() {
    // `a.yaml` with code 2.000007 and a procedure without a code in `2.000007.yaml` would both
    // be `procedures/2.000007/`.
    let base = std::fs::read_to_string(
        repo().join("tests/fixtures/minimal/content/procedures/2.000001.yaml"),
    )
    .unwrap();
    let with_code = base.replace("code: '2.000001'", "code: '2.000007'");
    let without_code = base.replace("code: '2.000001'\n", "").replace(
        "status: in_force",
        "status: abolished\nabolished_by: 1-qd-ubnd-2024",
    );
    let (_tmp, root) = site(&[
        ("content/procedures/a.yaml", &with_code),
        ("content/procedures/2.000007.yaml", &without_code),
    ]);
    let rel = "content/procedures/a.yaml";
    let e = assert_one_error(
        &root,
        &locate(rel, &with_code, "code:", "'2.000007'"),
        &["procedures/2.000007/", "2.000007"],
    );
    assert!(e.hint.contains("file name"), "{e:?}");
}

// ---------------------------------------------------------------------------------------------
// The shipped portal

#[test]
fn the_shipped_portal_passes_check() {
    let output = run(&repo(), &["check"]);
    assert_eq!(output.status.code(), Some(0), "{}", text_of(&output));
    assert!(errors(&output).is_empty(), "{}", text_of(&output));
}

// ---------------------------------------------------------------------------------------------
// Pages

/// A menu or footer item names a page that does not exist: at the name, with the nearest id.
#[test]
fn menu_and_footer_items_name_existing_pages() {
    let config =
        std::fs::read_to_string(repo().join("tests/fixtures/minimal/content/site.yaml")).unwrap();
    let rel = "content/site.yaml";
    let footer = config.replace("- page: gioi-thieu", "- page: gioi-theiu");
    let e = refused(
        rel,
        &footer,
        "- page: gioi-theiu",
        "gioi-theiu",
        &["page", "gioi-theiu"],
    );
    assert!(e.hint.contains("`gioi-thieu`"), "{e:?}");

    let menu = format!("{config}menu:\n- section: procedures\n- page: khong-co\n");
    let e = refused(
        rel,
        &menu,
        "- page: khong-co",
        "khong-co",
        &["page", "khong-co"],
    );
    assert!(e.hint.contains("content/pages/khong-co.md"), "{e:?}");

    passes(&[(
        rel,
        &format!("{config}menu:\n- section: procedures\n- page: gioi-thieu\n"),
    )]);
}

/// A page lives at `/<lang>/<id>/`: an id that is a section's or one of the portal's own
/// pages is refused; a translation without its page is refused.
#[test]
fn page_ids_do_not_take_the_portals_own_addresses() {
    let page = "---\ntitle: A\nsummary: B\n---\nText.\n";
    for id in ["procedures", "documents", "search", "data", "translations"] {
        let rel = format!("content/pages/{id}.md");
        let e = refused(&rel, page, "---", "---", &[id, "portal's own pages"]);
        assert!(e.hint.contains("rename"), "{e:?}");
    }
    passes(&[("content/pages/huong-dan.md", page)]);

    let (_tmp, root) = site(&[("content/pages/khong-co.en.md", "---\n---\nText.\n")]);
    let output = run(&root, &["check"]);
    let all = text_of(&output);
    assert_eq!(output.status.code(), Some(1), "{all}");
    assert!(
        all.contains("translation of a missing page `khong-co`"),
        "{all}"
    );
}

// ---------------------------------------------------------------------------------------------
// News

const NEWS: &str = "content/news/tin-moi.md";

fn news(front: &str) -> String {
    format!(
        "---\ndate: 2025-08-01\ntitle: {{vi: Tin, en: News}}\nsummary: {{vi: Tóm tắt., en: Summary.}}\n{front}---\nNội dung.\n"
    )
}

/// With the minimal site's tag `cai-cach` in site.yaml.
fn with_tags(files: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf) {
    let config = std::fs::read_to_string(repo().join("tests/fixtures/minimal/content/site.yaml"))
        .unwrap()
        .replace(
            "theme: default\n",
            "theme: default\nnews_tags:\n- {id: cai-cach, name: {vi: Cải cách, en: Reform}}\n",
        );
    let (tmp, root) = site(&[("content/site.yaml", config.as_str())]);
    std::fs::create_dir_all(root.join("content/news")).unwrap();
    for (rel, text) in files {
        std::fs::write(root.join(rel), text).unwrap();
    }
    (tmp, root)
}

#[test]
fn news_tags_and_about_name_what_exists() {
    // Every kind of record by its file name, a procedure by its code too.
    let good = news("tags: [cai-cach]\nabout: ['2.000001', par-index, 1-qd-ubnd-2024]\n");
    let (_tmp, root) = with_tags(&[(NEWS, &good)]);
    let output = run(&root, &["check"]);
    assert_eq!(output.status.code(), Some(0), "{}", text_of(&output));

    let text = news("tags: [cai-cahc]\n");
    let (_tmp, root) = with_tags(&[(NEWS, &text)]);
    let e = assert_one_error(
        &root,
        &locate(NEWS, &text, "tags:", "cai-cahc"),
        &["unknown tag", "cai-cahc"],
    );
    assert!(e.hint.contains("`cai-cach`"), "{e:?}");

    let text = news("about: [par-indx]\n");
    let (_tmp, root) = with_tags(&[(NEWS, &text)]);
    let e = assert_one_error(
        &root,
        &locate(NEWS, &text, "about:", "par-indx"),
        &["no record", "par-indx"],
    );
    assert!(e.hint.contains("`par-index`"), "{e:?}");

    // One id for two records: which one is meant is not known.
    let channel = std::fs::read_to_string(
        repo().join("tests/fixtures/minimal/content/channels/duong-day-nong.yaml"),
    )
    .unwrap();
    let text = news("about: [par-index]\n");
    let (_tmp, root) = with_tags(&[(NEWS, &text), ("content/channels/par-index.yaml", &channel)]);
    let e = assert_one_error(
        &root,
        &locate(NEWS, &text, "about:", "par-index"),
        &["par-index", "channels and indices"],
    );
    assert!(e.hint.contains("rename"), "{e:?}");

    // `tags/` holds the tags' pages.
    let (_tmp, root) = with_tags(&[("content/news/tags.md", &news(""))]);
    let output = run(&root, &["check"]);
    assert_eq!(output.status.code(), Some(1), "{}", text_of(&output));
    assert!(
        text_of(&output).contains("content/news/tags.md:1:1"),
        "{}",
        text_of(&output)
    );
}
// Units: what names a unit (a procedure's or channel's `unit`, a unit's `parent`) and what a
// unit names (its contact channels) must exist; parents must not go round in a circle.

const OFFICE: &str = "content/units/van-phong.yaml";
const DIVISION: &str = "content/units/phong-hop-tac-quoc-te.yaml";

fn unit(name: &str, extra: &str) -> String {
    format!("name:\n  vi: {name}\n  en: {name}\nhead_role: Trưởng\n{extra}")
}

#[test]
fn valid_units_pass_and_name_each_other() {
    passes(&[
        (
            OFFICE,
            &unit(
                "Văn phòng",
                "contact:\n  channels: [duong-day-nong]\norder: 1\n",
            ),
        ),
        (
            DIVISION,
            &unit("Phòng Hợp tác quốc tế", "parent: van-phong\n"),
        ),
        (CHANNEL, &(channel("phone", "'1022'") + "unit: van-phong\n")),
        (
            PROCEDURE,
            &(procedure("") + "unit: phong-hop-tac-quoc-te\n"),
        ),
    ]);
}

#[test]
fn an_unknown_parent_is_refused_with_the_nearest_unit() {
    let text = unit("Phòng Hợp tác quốc tế", "parent: van-phon\n");
    let (_tmp, root) = site(&[(OFFICE, &unit("Văn phòng", "")), (DIVISION, &text)]);
    let e = assert_one_error(
        &root,
        &locate(DIVISION, &text, "parent:", "van-phon"),
        &["unknown unit `van-phon`"],
    );
    assert!(e.hint.contains("`van-phong`"), "{}", e.hint);
}

#[test]
fn a_unit_cannot_be_its_own_parent() {
    let text = unit("Văn phòng", "parent: van-phong\n");
    let (_tmp, root) = site(&[(OFFICE, &text), (DIVISION, &unit("Phòng", ""))]);
    let e = assert_one_error(
        &root,
        &locate(OFFICE, &text, "parent:", "van-phong"),
        &["`van-phong` cannot be its own parent"],
    );
    assert!(e.hint.contains("leave `parent` out"), "{}", e.hint);
}

#[test]
fn parents_in_a_circle_are_refused_at_each_unit_of_it() {
    let office = unit("Văn phòng", "parent: phong-hop-tac-quoc-te\n");
    let division = unit("Phòng Hợp tác quốc tế", "parent: van-phong\n");
    let (_tmp, root) = site(&[(OFFICE, &office), (DIVISION, &division)]);
    let output = run(&root, &["check"]);
    assert_eq!(output.status.code(), Some(1), "{}", text_of(&output));
    let found = errors(&output);
    assert_eq!(found.len(), 2, "{}", text_of(&output));
    let mut locations: Vec<&str> = found.iter().map(|e| e.location.as_str()).collect();
    locations.sort_unstable();
    assert_eq!(
        locations,
        [
            locate(DIVISION, &division, "parent:", "van-phong"),
            locate(OFFICE, &office, "parent:", "phong-hop-tac-quoc-te"),
        ]
    );
    for e in &found {
        assert!(e.message.contains("go round in a circle"), "{}", e.message);
        assert!(
            e.message
                .contains("van-phong → phong-hop-tac-quoc-te → van-phong")
                || e.message
                    .contains("phong-hop-tac-quoc-te → van-phong → phong-hop-tac-quoc-te"),
            "{}",
            e.message
        );
        assert!(!e.hint.is_empty());
    }
}

#[test]
fn an_unknown_unit_on_a_procedure_is_refused() {
    let text = procedure("") + "unit: van-phogn\n";
    let (_tmp, root) = site(&[(OFFICE, &unit("Văn phòng", "")), (PROCEDURE, &text)]);
    let e = assert_one_error(
        &root,
        &locate(PROCEDURE, &text, "unit:", "van-phogn"),
        &["unknown unit `van-phogn`"],
    );
    assert!(e.hint.contains("did you mean `van-phong`?"), "{}", e.hint);
}

#[test]
fn an_unknown_unit_on_an_internal_procedure_is_refused() {
    let rel = "content/internal-procedures/tham-dinh-thoa-thuan-quoc-te.yaml";
    let base = std::fs::read_to_string(repo().join("tests/fixtures/minimal").join(rel)).unwrap();
    let text = base + "unit: phong-khac\n";
    let e = refused(
        rel,
        &text,
        "unit:",
        "phong-khac",
        &["unknown unit `phong-khac`"],
    );
    // No unit at all: the hint says how to make one.
    assert!(
        e.hint.contains("content/units/phong-khac.yaml"),
        "{}",
        e.hint
    );
}

#[test]
fn an_unknown_unit_on_a_channel_is_refused() {
    let text = channel("phone", "'1022'") + "unit: van-phong-so\n";
    let (_tmp, root) = site(&[(OFFICE, &unit("Văn phòng", "")), (CHANNEL, &text)]);
    let e = assert_one_error(
        &root,
        &locate(CHANNEL, &text, "unit:", "van-phong-so"),
        &["unknown unit `van-phong-so`"],
    );
    assert!(e.hint.contains("`van-phong`"), "{}", e.hint);
}

#[test]
fn an_unknown_contact_channel_is_refused_with_the_nearest_channel() {
    let text = unit(
        "Văn phòng",
        "contact:\n  channels:\n    - duong-day-nong\n    - duong-day-nong-2\n",
    );
    let e = refused(
        OFFICE,
        &text,
        "- duong-day-nong-2",
        "duong-day-nong-2",
        &["unknown channel `duong-day-nong-2`"],
    );
    assert!(e.hint.contains("`duong-day-nong`"), "{}", e.hint);
}

/// A tag id is the address of its page: one that could leave the news folder, or is not
/// lower-case ASCII, is refused at its place with a suggestion, before anything is written.
#[test]
fn news_tag_ids_make_addresses() {
    let base =
        std::fs::read_to_string(repo().join("tests/fixtures/minimal/content/site.yaml")).unwrap();
    for (id, suggestion) in [
        ("../../evil", "evil"),
        ("Cải Cách", "cai-cach"),
        ("a.b", "a-b"),
    ] {
        let config = base.replace(
            "theme: default\n",
            &format!("theme: default\nnews_tags:\n- id: \"{id}\"\n  name: X\n"),
        );
        let rel = "content/site.yaml";
        let e = refused(
            rel,
            &config,
            "- id:",
            &format!("\"{id}\""),
            &["cannot be a tag id"],
        );
        assert!(e.hint.contains(&format!("`{suggestion}`")), "{id}: {e:?}");
    }
}
