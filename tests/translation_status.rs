//! Translation status: `check --translations` and the public page in every language list the
//! same gaps, record by record.

use std::path::Path;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_minhbach");

/// A copy of `tests/fixtures/minimal/` with the repository's themes, in a temporary folder.
fn minimal_site() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    crate::common::copy_minimal_site(&site);
    (dir, site)
}

/// What `minhbach check --translations` prints for the site at `site`; it must succeed.
fn translation_status(site: &Path) -> String {
    let check = Command::new(BIN)
        .args(["check", "--translations", "--root"])
        .arg(site)
        .output()
        .unwrap();
    assert!(check.status.success(), "{check:?}");
    String::from_utf8_lossy(&check.stdout).into_owned()
}

#[test]
fn status_lists_untranslated_records_in_the_terminal_and_on_the_public_page() {
    let (dir, site) = minimal_site();
    // A document with Vietnamese text only: both of its text fields lack English.
    std::fs::write(
        site.join("content/documents/2-qd-thu-2024.yaml"),
        "number: 2/QĐ-THU\ntype: decision\nissuer: Cơ quan thử\ntitle: Văn bản chỉ có tiếng Việt\n",
    )
    .unwrap();

    let stdout = translation_status(&site);
    assert!(stdout.contains("vi: original language"), "{stdout}");
    assert!(
        stdout.contains("content/documents/2-qd-thu-2024.yaml: issuer, title"),
        "{stdout}"
    );
    let en_line = stdout.lines().find(|l| l.starts_with("en: ")).unwrap();
    assert!(en_line.contains("records translated"), "{en_line}");
    assert!(
        !stdout.contains("content/documents/1-qd-ubnd-2024.yaml"),
        "a translated record is not listed: {stdout}"
    );

    let out = dir.path().join("public");
    let build = Command::new(BIN)
        .args(["build", "--no-minify", "--root"])
        .arg(&site)
        .arg("--output")
        .arg(&out)
        .output()
        .unwrap();
    assert!(build.status.success(), "{build:?}");
    for lang in ["vi", "en"] {
        let page = std::fs::read_to_string(out.join(lang).join("translations/index.html")).unwrap();
        assert!(
            page.contains(&format!("href=\"../../{lang}/documents/2-qd-thu-2024/\"")),
            "{lang}: the untranslated record is linked"
        );
        assert!(page.contains("<code>issuer</code>, <code>title</code>"));
        // Every page links to the status page from its footer.
        let home = std::fs::read_to_string(out.join(lang).join("index.html")).unwrap();
        assert!(
            home.contains(&format!("href=\"../{lang}/translations/\"")),
            "{lang}"
        );
    }
}

/// `minhbach check --translations | head -1`: the reader closes the pipe before the status is
/// printed. The command must end as other command-line tools do (by SIGPIPE), not panic.
#[cfg(unix)]
#[test]
fn a_closed_output_pipe_is_not_a_panic() {
    use std::os::unix::process::ExitStatusExt;
    use std::process::Stdio;
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut child = Command::new(BIN)
        .args(["check", "--translations", "--root"])
        .arg(repo)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Closed before the site has even loaded, so the first line written meets a closed pipe.
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_ne!(out.status.code(), Some(101), "{stderr}");
    assert_eq!(out.status.signal(), Some(libc::SIGPIPE), "{:?}", out.status);
}

/// A report's texts can come from its translation file; a blank one there is no translation.
#[test]
fn a_blank_text_in_a_report_translation_file_is_not_a_translation() {
    let (_dir, site) = minimal_site();
    let main = "---\ntitle: Báo cáo thử\nperiod:\n  type: year\n  year: 2025\nissuer: Sở thử\nsummary: Tóm tắt thử.\n---\nNội dung.\n";
    std::fs::write(site.join("content/reports/bc-thu-2025.md"), main).unwrap();
    let missing_en = |translation: &str| -> String {
        std::fs::write(site.join("content/reports/bc-thu-2025.en.md"), translation).unwrap();
        let stdout = translation_status(&site);
        let en = stdout
            .split("\nen: ")
            .nth(1)
            .unwrap_or_else(|| panic!("an English section: {stdout}"));
        let en = en.split("\nja: ").next().unwrap();
        en.lines()
            .find(|l| l.contains("content/reports/bc-thu-2025.md"))
            .map_or_else(String::new, str::to_owned)
    };
    let full =
        "---\ntitle: Test report\nissuer: Test department\nsummary: A test summary.\n---\nText.\n";
    assert_eq!(missing_en(full), "", "every text translated");
    let blank_title = full.replace("title: Test report", "title: '  '");
    let line = missing_en(&blank_title);
    assert!(
        line.contains("title"),
        "the blank title is missing: {line:?}"
    );
    assert!(!line.contains("summary"), "{line:?}");
}
