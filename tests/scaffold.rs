//! `minhbach new` and `minhbach init`: new records pass `check` once their required values are
//! filled in, nothing is ever overwritten, and a new portal builds at once.

use crate::common::{assert_ok, describe, minhbach, relative_files};
use std::path::{Path, PathBuf};
use std::process::Output;

const LANGS: [&str; 5] = ["vi", "en", "ja", "zh", "ko"];
const KINDS: [(&str, &str); 7] = [
    ("procedure", "procedures"),
    ("internal-procedure", "internal-procedures"),
    ("channel", "channels"),
    ("report", "reports"),
    ("index", "indices"),
    ("document", "documents"),
    ("unit", "units"),
];

fn assert_refused(out: &Output, message: &str) {
    assert_eq!(out.status.code(), Some(1), "{}", describe(out));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(message), "expected `{message}`:\n{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// Fill in the required values of a file written by `new`, as an author would: the default
/// language's text of every live text field, and a valid value for every other required field.
/// Comment lines (the optional fields) stay as they are.
pub(crate) fn fill(text: &str, kind: &str) -> String {
    let values: &[(&str, &str)] = &[
        ("vi", "\"Nội dung thử nghiệm\""),
        ("code", "\"2.000099\""),
        ("online_level", "full"),
        ("kind", "phone"),
        ("short_name", "\"Chỉ số thử\""),
        ("unit", "points"),
        ("scale_max", "100"),
        ("year", "2025"),
        ("score", "50"),
        ("number", "\"99/QĐ-TEST\""),
        ("type", if kind == "report" { "year" } else { "decision" }),
    ];
    let mut out = String::new();
    for line in text.lines() {
        let trimmed = line.trim_start();
        let indent = &line[..line.len() - trimmed.len()];
        let (dash, body) = match trimmed.strip_prefix("- ") {
            Some(rest) => ("- ", rest),
            None => ("", trimmed),
        };
        let filled = (!trimmed.starts_with('#'))
            .then(|| {
                values.iter().find_map(|(field, value)| {
                    (body == format!("{field}: \"\"") || body == format!("{field}:"))
                        .then(|| format!("{indent}{dash}{field}: {value}"))
                })
            })
            .flatten();
        out.push_str(filled.as_deref().unwrap_or(line));
        out.push('\n');
    }
    out
}

#[test]
fn new_records_pass_check_once_filled_and_are_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("portal");
    assert_ok(&minhbach(&["init", "portal"], dir.path()));
    for (kind, folder) in KINDS {
        let id = format!("thu-{kind}");
        let out = minhbach(&["new", kind, &id, "--root", "portal"], dir.path());
        assert_ok(&out);
        let main = site.join("content").join(folder).join(if kind == "report" {
            format!("{id}.md")
        } else {
            format!("{id}.yaml")
        });
        let text = std::fs::read_to_string(&main).unwrap();
        // Every text has a line for each of the site's languages.
        for lang in LANGS {
            assert!(
                text.contains(&format!("  {lang}: \"\"")),
                "{kind}: no {lang} line"
            );
        }
        assert!(text.contains("# updated:"), "{kind}: every field is there");
        if kind == "report" {
            for lang in &LANGS[1..] {
                let tr = site.join("content/reports").join(format!("{id}.{lang}.md"));
                assert!(tr.is_file(), "{} is written", tr.display());
            }
        }

        // Unfilled, the record does not pass; the error names the new file.
        let check = minhbach(&["check", "--root", "portal"], dir.path());
        assert_refused(&check, &format!("content/{folder}/{id}"));

        std::fs::write(&main, fill(&text, kind)).unwrap();
        let check = minhbach(&["check", "--root", "portal"], dir.path());
        assert_ok(&check);

        // A second `new` with the same id refuses and changes nothing.
        let before = std::fs::read(&main).unwrap();
        let again = minhbach(&["new", kind, &id, "--root", "portal"], dir.path());
        assert_refused(&again, "already exists");
        assert_eq!(std::fs::read(&main).unwrap(), before);
    }
    // The filled records build, with their pages in every language.
    assert_ok(&minhbach(
        &["build", "--root", "portal", "-o", "out"],
        dir.path(),
    ));
    for lang in LANGS {
        assert!(
            dir.path()
                .join(format!("out/{lang}/documents/thu-document/index.html"))
                .is_file()
        );
        assert!(
            dir.path()
                .join(format!("out/{lang}/procedures/2.000099/index.html"))
                .is_file()
        );
        assert!(
            dir.path()
                .join(format!("out/{lang}/units/thu-unit/index.html"))
                .is_file()
        );
    }
}

#[test]
fn new_refuses_bad_ids_and_folders_without_content() {
    let dir = tempfile::tempdir().unwrap();
    assert_refused(
        &minhbach(&["new", "document"], dir.path()),
        "there is no content/ folder",
    );
    assert_ok(&minhbach(&["init", "p"], dir.path()));
    assert_refused(
        &minhbach(&["new", "document", "../escape", "--root", "p"], dir.path()),
        "cannot be a record id",
    );
    assert_refused(
        &minhbach(&["new", "document", "Hoa-Hoa", "--root", "p"], dir.path()),
        "cannot be a record id",
    );
    // Names that `check` refuses (pages of the build, dots outside procedure codes).
    for (id, why) in [
        ("index", "the name of a page the build makes"),
        ("index.html", "the name of a page the build makes"),
        ("page", "the name of a page the build makes"),
        ("report.v2", "has a dot"),
    ] {
        assert_refused(
            &minhbach(&["new", "document", id, "--root", "p"], dir.path()),
            why,
        );
        assert!(
            !dir.path()
                .join(format!("p/content/documents/{id}.yaml"))
                .exists(),
            "{id}"
        );
    }
    // Without an id, a default one; a second time it exists.
    // A procedure filed under its code has the code filled in.
    assert_ok(&minhbach(
        &["new", "procedure", "2.001234", "--root", "p"],
        dir.path(),
    ));
    let text =
        std::fs::read_to_string(dir.path().join("p/content/procedures/2.001234.yaml")).unwrap();
    assert!(text.contains("\ncode: \"2.001234\"\n"), "{text}");
    assert_ok(&minhbach(&["new", "channel", "--root", "p"], dir.path()));
    assert!(
        dir.path()
            .join("p/content/channels/new-channel.yaml")
            .is_file()
    );
    assert_refused(
        &minhbach(&["new", "channel", "--root", "p"], dir.path()),
        "already exists",
    );
    // A record under the other YAML extension counts as existing.
    std::fs::write(dir.path().join("p/content/documents/x.yml"), "number: x\n").unwrap();
    assert_refused(
        &minhbach(&["new", "document", "x", "--root", "p"], dir.path()),
        "already exists",
    );
}

#[test]
fn init_creates_a_portal_that_builds_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let out = minhbach(&["init", "new-portal"], dir.path());
    assert_ok(&out);
    let site = dir.path().join("new-portal");
    // Configuration, the whole default theme, one record of each kind.
    let files = relative_files(&site);
    let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
    for rel in relative_files(&theme) {
        let copied = site.join("themes/default").join(&rel);
        assert_eq!(
            std::fs::read(&copied).ok(),
            std::fs::read(theme.join(&rel)).ok(),
            "{} is the default theme's",
            rel.display()
        );
    }
    assert!(files.contains(&PathBuf::from("content/site.yaml")));
    for (_, folder) in KINDS {
        assert!(
            files
                .iter()
                .any(|f| f.starts_with(Path::new("content").join(folder))),
            "an example in content/{folder}/"
        );
    }

    assert_ok(&minhbach(&["check"], &site));
    let build = minhbach(&["build"], &site);
    assert_ok(&build);
    for lang in LANGS {
        for page in [
            "index.html",
            "procedures/index.html",
            "channels/index.html",
            "reports/index.html",
            "indices/index.html",
            "documents/index.html",
            "internal-procedures/index.html",
            "units/index.html",
            "units/vi-du-don-vi/index.html",
            "translations/index.html",
        ] {
            let path = site.join("public").join(lang).join(page);
            assert!(path.is_file(), "{} is built", path.display());
        }
    }
    // The theme's static files, binary ones too, reach the output root byte for byte.
    for name in [
        "style.css",
        "favicon.svg",
        "favicon.ico",
        "apple-touch-icon.png",
    ] {
        assert_eq!(
            std::fs::read(site.join("public").join(name)).ok(),
            std::fs::read(theme.join("static").join(name)).ok(),
            "{name} in the new portal's build"
        );
    }

    // The example report's translation files hold only a comment where the body goes: its
    // pages in those languages show the Vietnamese text, marked so, not an empty "Full text".
    let report =
        std::fs::read_to_string(site.join("public/en/reports/vi-du-bao-cao/index.html")).unwrap();
    assert!(
        report.contains("Ví dụ: nội dung báo cáo"),
        "the English report page shows the Vietnamese body"
    );
    assert!(report.contains("lang=\"vi\"") || report.contains("lang=vi"));

    // A folder that is not empty is refused, and left as it was.
    let before = relative_files(&site);
    assert_refused(
        &minhbach(&["init", "new-portal"], dir.path()),
        "is not empty",
    );
    assert_eq!(relative_files(&site), before);
}
