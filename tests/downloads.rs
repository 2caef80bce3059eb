//! Files to download (issue 16, item 4): `content/files/`, a dossier item's `form` and a
//! document's `file`. A build publishes each file once, byte for byte, at `/files/<name>`; the
//! pages link it with its format, size and language; `data/files.json` lists it with its
//! SHA-256 and the records that use it. What cannot be published is refused at its place.
//!
//! The files are tiny valid files written by the tests into a copy of the minimal fixture.

use crate::common::{assert_ok, copy_dir, describe, repo};

use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::process::Output;

/// A minimal valid PDF (one empty page), `extra` bytes of a comment making it larger.
fn pdf(extra: usize) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n\
2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n\
3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
        .to_vec();
    out.push(b'%');
    out.extend(std::iter::repeat_n(b'x', extra));
    out.extend_from_slice(b"\ntrailer<</Root 1 0 R>>\n%%EOF\n");
    out
}

/// A 1×1 PNG.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0xF8, 0xCF, 0xC0, 0xF0,
    0x1F, 0x00, 0x05, 0x00, 0x01, 0xFF, 0x89, 0x99, 0x3D, 0x1D, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
    0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
];

const PROCEDURE: &str = "content/procedures/2.000001.yaml";
const DOCUMENT: &str = "content/documents/1-qd-ubnd-2024.yaml";

/// A copy of the minimal fixture with the repository's themes, and `files` written over it.
fn site(files: &[(&str, &[u8])]) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_dir(&repo().join("tests/fixtures/minimal"), &root);
    copy_dir(&repo().join("themes"), &root.join("themes"));
    for (rel, bytes) in files {
        std::fs::create_dir_all(root.join(rel).parent().unwrap()).unwrap();
        std::fs::write(root.join(rel), bytes).unwrap();
    }
    (tmp, root)
}

/// The fixture's procedure with `form` (YAML after `form:`) on its dossier item.
fn procedure_with_form(form: &str) -> String {
    let text =
        std::fs::read_to_string(repo().join("tests/fixtures/minimal").join(PROCEDURE)).unwrap();
    let old = "    en: Written request\n  copies: 1\n";
    assert!(text.contains(old));
    text.replacen(old, &format!("{old}  form: {form}\n"), 1)
}

/// The fixture's document with `file: <file>`.
fn document_with_file(file: &str) -> String {
    let text =
        std::fs::read_to_string(repo().join("tests/fixtures/minimal").join(DOCUMENT)).unwrap();
    format!("{text}file: {file}\n")
}

fn run(args: &[&str], root: &Path) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_minhbach"))
        .args(args)
        .arg("--root")
        .arg(root)
        .output()
        .unwrap()
}

fn build(root: &Path) -> PathBuf {
    let out = root.parent().unwrap().join("public");
    let output = run(
        &["build", "--no-minify", "--output", out.to_str().unwrap()],
        root,
    );
    assert_ok(&output);
    out
}

/// The errors `check` prints: message and `file:line:col`.
fn errors(root: &Path) -> Vec<(String, String, String)> {
    let output = run(&["check"], root);
    assert_eq!(output.status.code(), Some(1), "{}", describe(&output));
    let stderr = String::from_utf8_lossy(&output.stderr);
    let mut out: Vec<(String, String, String)> = Vec::new();
    for line in stderr.lines() {
        if let Some(message) = line.strip_prefix("error: ") {
            out.push((message.to_owned(), String::new(), String::new()));
        } else if let Some(last) = out.last_mut() {
            if let Some(location) = line.strip_prefix("  --> ") {
                last.1 = location.trim().to_owned();
            } else if let Some(hint) = line.strip_prefix("  = hint: ") {
                last.2 = hint.to_owned();
            }
        }
    }
    out
}

/// `check` gives exactly one error, at `location`, whose message contains `needle`, with a hint.
fn one_error(root: &Path, location: &str, needle: &str) -> String {
    let found = errors(root);
    assert_eq!(found.len(), 1, "one error: {found:?}");
    let (message, at, hint) = &found[0];
    assert_eq!(at, location, "{found:?}");
    assert!(message.contains(needle), "{needle:?} in {message:?}");
    assert!(!hint.is_empty(), "a hint: {found:?}");
    hint.clone()
}

/// `file:line:col` of the first `value` on the line holding `line_with` in `rel`'s `text`.
fn locate(rel: &str, text: &str, line_with: &str, value: &str) -> String {
    let (n, line) = text
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains(line_with))
        .unwrap();
    let at = line.find(value).unwrap();
    format!("{rel}:{}:{}", n + 1, line[..at].chars().count() + 1)
}

fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn forms_and_files_are_published_once_linked_per_language_and_listed() {
    let vi_form = pdf(120_000);
    let en_form = pdf(1_500);
    let procedure =
        procedure_with_form("{vi: files/mau-don.pdf, en: files/application-form-en.pdf}");
    let document = document_with_file("files/1-qd-ubnd-2024.png");
    let (_tmp, root) = site(&[
        ("content/files/mau-don.pdf", &vi_form),
        ("content/files/application-form-en.pdf", &en_form),
        ("content/files/1-qd-ubnd-2024.png", PNG),
        (PROCEDURE, procedure.as_bytes()),
        (DOCUMENT, document.as_bytes()),
    ]);
    let out = build(&root);

    // Each file once, byte for byte, outside the language folders.
    for name in [
        "mau-don.pdf",
        "application-form-en.pdf",
        "1-qd-ubnd-2024.png",
    ] {
        assert_eq!(
            std::fs::read(out.join("files").join(name)).unwrap(),
            std::fs::read(root.join("content/files").join(name)).unwrap(),
            "{name}"
        );
        for lang in ["vi", "en"] {
            assert!(!out.join(lang).join("files").exists());
        }
    }

    // Each language's page links its own file; the size and the decimal comma are the page's.
    let page = |lang: &str, path: &str| {
        std::fs::read_to_string(out.join(lang).join(path).join("index.html")).unwrap()
    };
    let vi = page("vi", "procedures/2.000001");
    let en = page("en", "procedures/2.000001");
    let vi_size = format!("{} KB", (vi_form.len() as f64 / 1000.0).round());
    assert!(
        vi.contains(&format!(
            r#"<a href="../../../files/mau-don.pdf" hreflang="vi" type="application/pdf">Mẫu đơn (PDF, {vi_size}, Tiếng Việt)</a>"#
        )),
        "{vi}"
    );
    let en_size = format!("{} KB", (en_form.len() as f64 / 1000.0).round());
    assert!(
        en.contains(&format!(
            r#"<a href="../../../files/application-form-en.pdf" hreflang="en" type="application/pdf">Application form (PDF, {en_size}, English)</a>"#
        )),
        "{en}"
    );
    assert!(
        !en.contains("mau-don.pdf"),
        "the English page links the English form"
    );
    // A document's one file is the default language's, on every page.
    let en_doc = page("en", "documents/1-qd-ubnd-2024");
    assert!(
        en_doc.contains(&format!(
            r#"hreflang="vi" type="image/png">Download the full text (PNG, {} B, Tiếng Việt)</a>"#,
            PNG.len()
        )),
        "{en_doc}"
    );

    // The open data lists every file with its size, type, hash and users.
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("data/files.json")).unwrap()).unwrap();
    let listed = json.as_array().unwrap();
    assert_eq!(listed.len(), 3);
    let entry = listed
        .iter()
        .find(|f| f["path"] == "files/mau-don.pdf")
        .unwrap();
    assert_eq!(entry["bytes"], vi_form.len());
    assert_eq!(entry["media_type"], "application/pdf");
    assert_eq!(entry["sha256"], sha256(&vi_form));
    assert_eq!(
        entry["used_by"],
        serde_json::json!([{"kind": "procedure", "id": "2.000001"}])
    );
    let png = listed
        .iter()
        .find(|f| f["path"] == "files/1-qd-ubnd-2024.png")
        .unwrap();
    assert_eq!(png["sha256"], sha256(PNG));
    assert_eq!(png["media_type"], "image/png");
    assert_eq!(
        png["used_by"],
        serde_json::json!([{"kind": "document", "id": "1-qd-ubnd-2024"}])
    );
    let csv = std::fs::read_to_string(out.join("data/files.csv")).unwrap();
    assert!(
        csv.starts_with("\u{feff}path,bytes,media_type,sha256,used_by\r\n"),
        "{csv}"
    );
    assert!(
        csv.contains(&format!(
            "files/mau-don.pdf,{},application/pdf,{},procedure:2.000001\r\n",
            vi_form.len(),
            sha256(&vi_form)
        )),
        "{csv}"
    );
    // The data page lists the two files.
    let data = page("vi", "data");
    assert!(data.contains("data/files.json") && data.contains("data/files.csv"));
}

#[test]
fn a_missing_file_is_refused_with_the_nearest_name() {
    let text = procedure_with_form("files/mau-dom.pdf");
    let (_tmp, root) = site(&[
        ("content/files/mau-don.pdf", &pdf(10)),
        (PROCEDURE, text.as_bytes()),
    ]);
    let hint = one_error(
        &root,
        &locate(PROCEDURE, &text, "form:", "files/"),
        "no file `files/mau-dom.pdf`",
    );
    assert!(hint.contains("files/mau-don.pdf"), "{hint}");
}

#[test]
fn paths_outside_content_files_are_refused() {
    for (form, needle) in [
        ("../site.yaml", "leaves content/files/"),
        ("files/../site.yaml", "leaves content/files/"),
        ("/etc/passwd", "absolute path"),
        (
            "documents/1-qd-ubnd-2024.yaml",
            "not a file in content/files/",
        ),
    ] {
        let text = procedure_with_form(form);
        let (_tmp, root) = site(&[(PROCEDURE, text.as_bytes())]);
        let at = locate(PROCEDURE, &text, "form:", form);
        one_error(&root, &at, needle);
    }
}

#[test]
fn types_that_can_carry_script_are_refused_referenced_or_present() {
    // Referenced: at the value (the file need not even be there).
    let text = document_with_file("files/x.html");
    let (_tmp, root) = site(&[(DOCUMENT, text.as_bytes())]);
    one_error(
        &root,
        &locate(DOCUMENT, &text, "file:", "files/x.html"),
        "cannot be published",
    );

    // Present, linked by nothing: at the file.
    let svg = b"<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>";
    let (_tmp, root) = site(&[("content/files/x.svg", svg)]);
    one_error(&root, "content/files/x.svg:1:1", "cannot be published");

    // A web page renamed .pdf.
    let (_tmp, root) = site(&[(
        "content/files/don.pdf",
        b"<html><script>alert(1)</script></html>",
    )]);
    one_error(
        &root,
        "content/files/don.pdf:1:1",
        "does not hold a PDF file",
    );
}

#[test]
fn a_language_the_site_does_not_have_is_refused() {
    let text = procedure_with_form("{vi: files/mau-don.pdf, fr: files/mau-don.pdf}");
    let (_tmp, root) = site(&[
        ("content/files/mau-don.pdf", &pdf(10)),
        (PROCEDURE, text.as_bytes()),
    ]);
    one_error(
        &root,
        &locate(PROCEDURE, &text, "form:", "fr:"),
        "`fr` is not a language of the site",
    );
}

#[test]
fn a_file_per_language_needs_the_default_language() {
    let text = procedure_with_form("{en: files/mau-don.pdf}");
    let (_tmp, root) = site(&[
        ("content/files/mau-don.pdf", &pdf(10)),
        (PROCEDURE, text.as_bytes()),
    ]);
    one_error(
        &root,
        &locate(PROCEDURE, &text, "form:", "{"),
        "no file for the default language `vi`",
    );
}

#[test]
fn a_value_that_is_no_path_says_what_is_expected() {
    let text = procedure_with_form("[files/mau-don.pdf]");
    let (_tmp, root) = site(&[
        ("content/files/mau-don.pdf", &pdf(10)),
        (PROCEDURE, text.as_bytes()),
    ]);
    let found = errors(&root);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].0.contains("files/mau-don.pdf"), "{found:?}");
    assert!(found[0].1.starts_with(PROCEDURE), "{found:?}");
}

#[test]
fn links_sub_folders_and_names_unfit_for_an_address_are_refused() {
    let (_tmp, root) = site(&[
        ("content/files/sub/a.pdf", &pdf(10)),
        ("content/files/Mẫu đơn.pdf", &pdf(10)),
    ]);
    #[cfg(unix)]
    std::os::unix::fs::symlink("../site.yaml", root.join("content/files/link.pdf")).unwrap();
    let found = errors(&root);
    let has = |location: &str, needle: &str| {
        found
            .iter()
            .any(|(m, at, hint)| at == location && m.contains(needle) && !hint.is_empty())
    };
    assert!(has("content/files/sub", "sub-folders"), "{found:?}");
    assert!(
        has(
            "content/files/Mẫu đơn.pdf:1:1",
            "cannot be part of a web address"
        ),
        "{found:?}"
    );
    #[cfg(unix)]
    assert!(has("content/files/link.pdf", "symbolic link"), "{found:?}");
    // Nothing else: the link's target is neither read nor named.
    assert_eq!(found.len(), if cfg!(unix) { 3 } else { 2 }, "{found:?}");
    assert!(
        !found.iter().any(|(m, _, _)| m.contains("site.yaml")),
        "{found:?}"
    );
}

#[test]
fn content_files_does_not_change_the_unknown_folder_error() {
    let (_tmp, root) = site(&[
        ("content/files/mau-don.pdf", &pdf(10)),
        ("content/forms/mau-don.pdf", &pdf(10)),
    ]);
    let found = errors(&root);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].0.contains("unknown content folder `forms`"),
        "{found:?}"
    );
}

/// A news item with `image` (YAML after `image:`), dated and titled in both languages.
fn news_with_image(image: &str) -> String {
    format!(
        "---\ndate: 2025-08-01\ntitle: {{vi: Tin, en: News}}\nsummary: {{vi: Tóm tắt., en: Summary.}}\nimage:\n{image}---\nNội dung.\n"
    )
}

const NEWS: &str = "content/news/tin-anh.md";

/// A news item's picture is published like every file, shown with its description in the
/// page's language, and named in its NewsArticle when the site's address is known; a picture
/// needs a description in every language of the site, and must be a picture.
#[test]
fn a_news_picture_has_its_description_in_every_language() {
    let text = news_with_image(
        "  file: files/hoi-nghi.png\n  alt: {vi: Hội nghị tại Sở, en: A meeting at the Department}\n",
    );
    let (_tmp, root) = site(&[("content/files/hoi-nghi.png", PNG), (NEWS, text.as_bytes())]);
    let config = root.join("content/site.yaml");
    let yaml = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        format!("{yaml}base_url: https://example.gov.vn/\n"),
    )
    .unwrap();
    let out = build(&root);
    assert_eq!(std::fs::read(out.join("files/hoi-nghi.png")).unwrap(), PNG);
    for (lang, alt) in [
        ("vi", "Hội nghị tại Sở"),
        ("en", "A meeting at the Department"),
    ] {
        let html = std::fs::read_to_string(out.join(lang).join("news/tin-anh/index.html")).unwrap();
        let doc = scraper::Html::parse_document(&html);
        let img = scraper::Selector::parse("main img.news-image").unwrap();
        let img = doc.select(&img).next().expect("the picture is shown");
        assert_eq!(img.value().attr("src"), Some("../../../files/hoi-nghi.png"));
        assert_eq!(img.value().attr("alt"), Some(alt));
        assert!(html.contains("\"image\":\"https://example.gov.vn/files/hoi-nghi.png\""));
    }

    // Its description in one language only.
    let text = news_with_image("  file: files/hoi-nghi.png\n  alt: Hội nghị tại Sở\n");
    let (_tmp, root) = site(&[("content/files/hoi-nghi.png", PNG), (NEWS, text.as_bytes())]);
    let hint = one_error(
        &root,
        &locate(NEWS, &text, "alt:", "Hội"),
        "description is missing in en",
    );
    assert!(hint.contains("every language"), "{hint}");

    // A document is no picture.
    let text = news_with_image("  file: files/mau-don.pdf\n  alt: {vi: Mẫu đơn, en: The form}\n");
    let (_tmp, root) = site(&[
        ("content/files/mau-don.pdf", &pdf(10)),
        (NEWS, text.as_bytes()),
    ]);
    one_error(
        &root,
        &locate(NEWS, &text, "file:", "files/"),
        "is not a picture",
    );
}
