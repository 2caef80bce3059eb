//! `minhbach translations export` and `import`: PO files that gettext accepts, filled by
//! gettext's own tools as a translation tool would, imported back so that `check` passes, the
//! pages show the translations, and the files change only in the translated values.

use crate::common::{
    assert_ok, commit_all, copy_shipped_site, describe as text, git, minhbach, repo,
};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const DATE: &str = "2025-09-01T10:00:00+07:00";

/// A tool (gettext's, xmllint), run in `dir`; it must succeed (scripts/install-test-deps installs it).
fn gettext(tool: &str, args: &[&str], dir: &Path) -> Output {
    let out = Command::new(tool)
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| panic!("{tool} runs (scripts/install-test-deps installs it): {e}"));
    assert_ok(&out);
    out
}

/// Fill every entry of the PO file `from` in `site` as a translation tool would, with gettext's
/// own tools: the source copied (msgen), then marked with `prefix` (msgfilter), into `to`.
fn fill_with_gettext(site: &Path, from: &str, to: &str, prefix: &str) {
    gettext("msgen", &[from, "-o", "copied.po"], site);
    let script = format!("s/^/{prefix}/");
    gettext(
        "msgfilter",
        &[
            "--keep-header",
            "-i",
            "copied.po",
            "-o",
            to,
            "sed",
            "-e",
            &script,
        ],
        site,
    );
}

/// A git repository holding the shipped portal, committed.
fn shipped_repo() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    copy_shipped_site(&site);
    git(&site, DATE, &["init", "-q"]);
    commit_all(&site, DATE, "The portal");
    (dir, site)
}

/// The entries of a PO file as (msgctxt, msgid, msgstr), read with our parser.
fn entries(po: &str) -> Vec<(String, String, String)> {
    minhbach::translations::po::parse(po)
        .unwrap()
        .into_iter()
        .map(|(_, e)| (e.context, e.source, e.translation))
        .collect()
}

/// A YAML value with every text's `lang` line taken out, and a text map left with only its
/// default language made a plain string again: what the file said before an import.
fn without(value: serde_yaml::Value, lang: &str) -> serde_yaml::Value {
    use serde_yaml::Value;
    match value {
        Value::Mapping(map) => {
            let mut out = serde_yaml::Mapping::new();
            for (k, v) in map {
                if k.as_str() != Some(lang) {
                    out.insert(k, without(v, lang));
                }
            }
            if out.len() == 1
                && let Some(text) = out.get("vi").and_then(Value::as_str)
            {
                return Value::String(text.to_owned());
            }
            Value::Mapping(out)
        }
        Value::Sequence(items) => {
            Value::Sequence(items.into_iter().map(|v| without(v, lang)).collect())
        }
        other => other,
    }
}

fn yaml_of(path: &Path) -> serde_yaml::Value {
    let text = std::fs::read_to_string(path).unwrap();
    let yaml = if path.extension().is_some_and(|e| e == "md") {
        minhbach::load::split_front_matter(&text)
            .unwrap()
            .0
            .to_owned()
    } else {
        text
    };
    serde_yaml::from_str(&yaml).unwrap()
}

/// The files git reports as changed or new, relative to the site, sorted.
fn changed(site: &Path) -> Vec<String> {
    let mut files: Vec<String> = git(site, DATE, &["diff", "--name-only"])
        .lines()
        .chain(git(site, DATE, &["ls-files", "--others", "--exclude-standard"]).lines())
        .map(str::to_owned)
        .collect();
    files.sort();
    files
}

#[test]
fn exported_po_files_pass_msgfmt_and_hold_every_text() {
    let (_dir, site) = shipped_repo();
    for lang in ["en", "ja", "zh", "ko"] {
        let out = format!("{lang}.po");
        assert_ok(&minhbach(
            &["translations", "export", "--lang", lang, "--out", &out],
            &site,
        ));
        let check = gettext("msgfmt", &["--check", "-o", "/dev/null", &out], &site);
        assert!(
            !String::from_utf8_lossy(&check.stderr).contains("error"),
            "{}",
            text(&check)
        );
        let po = std::fs::read_to_string(site.join(&out)).unwrap();
        let all = entries(&po);
        // Every text of every kind is there, each once, with a comment explaining it.
        for folder in [
            "site.yaml:",
            "procedures/",
            "internal-procedures/",
            "channels/",
            "reports/",
            "indices/",
            "documents/",
        ] {
            assert!(
                all.iter().any(|(c, ..)| c.contains(folder)),
                "{lang}: {folder}"
            );
        }
        assert!(all.iter().any(|(c, ..)| c.ends_with(".md:body[0]")));
        let mut contexts: Vec<&String> = all.iter().map(|(c, ..)| c).collect();
        contexts.sort();
        contexts.dedup();
        assert_eq!(contexts.len(), all.len(), "{lang}: a context twice");
        assert_eq!(
            po.matches("\n#. ").count(),
            all.len(),
            "{lang}: a translator comment per entry"
        );
        // The name of procedure 2.002311, in the file as the record gives it.
        let name = all
            .iter()
            .find(|(c, ..)| c == "content/procedures/2.002311.yaml:name")
            .expect("the procedure's name");
        assert!(name.1.starts_with("Thủ tục"), "{name:?}");
        assert!(
            !name.2.is_empty(),
            "{lang}: the shipped translation is exported"
        );

        // --missing: exactly the entries without a translation.
        let missing = minhbach(
            &["translations", "export", "--lang", lang, "--missing"],
            &site,
        );
        assert_ok(&missing);
        let only: Vec<_> = entries(&String::from_utf8_lossy(&missing.stdout));
        let expected: Vec<_> = all.iter().filter(|e| e.2.is_empty()).cloned().collect();
        assert_eq!(only, expected, "{lang}");
    }
}

#[test]
fn a_filled_po_file_imports_into_the_files_and_the_pages() {
    let (_dir, site) = shipped_repo();
    assert_ok(&minhbach(
        &["translations", "export", "--lang", "ja", "--out", "ja.po"],
        &site,
    ));
    // Translate every entry anew as a translation tool would, with gettext's own tools: the
    // source copied (msgen), then marked (msgfilter).
    fill_with_gettext(&site, "ja.po", "filled.po", "[ja] ");
    let mut po = std::fs::read_to_string(site.join("filled.po")).unwrap();
    let all = entries(&po);
    assert!(all.len() > 20, "{} entries", all.len());
    assert!(all.iter().all(|(_, _, t)| t.starts_with("[ja] ")));
    // One entry left empty and one marked fuzzy change nothing.
    let empty = all
        .iter()
        .find(|(c, ..)| c.starts_with("content/documents/"))
        .expect("a document's text")
        .clone();
    let fuzzy = all
        .iter()
        .find(|(c, ..)| c.contains(".md:body["))
        .expect("a report's body")
        .clone();
    let empty_at = po.find(&format!("msgctxt \"{}\"", empty.0)).unwrap();
    let msgstr = po[empty_at..].find("msgstr ").unwrap() + empty_at;
    let end = po[msgstr..].find("\n\n").map_or(po.len(), |i| msgstr + i);
    po.replace_range(msgstr..end, "msgstr \"\"");
    let fuzzy_at = po.find(&format!("msgctxt \"{}\"", fuzzy.0)).unwrap();
    po.insert_str(fuzzy_at, "#, fuzzy\n");
    std::fs::write(site.join("filled.po"), &po).unwrap();
    for f in ["ja.po", "copied.po"] {
        std::fs::remove_file(site.join(f)).unwrap();
    }

    let before: Vec<(String, serde_yaml::Value, usize)> = changed_candidates(&site);
    let import = minhbach(&["translations", "import", "filled.po"], &site);
    assert_ok(&import);
    let stdout = String::from_utf8_lossy(&import.stdout);
    assert!(stdout.contains("1 empty and 1 fuzzy"), "{}", text(&import));
    assert!(stdout.contains(&format!("fuzzy: {}", fuzzy.0)), "{stdout}");
    assert!(stdout.contains(&format!("empty: {}", empty.0)), "{stdout}");

    // check passes, and every text is now translated into Japanese.
    let check = minhbach(&["check", "--translations"], &site);
    assert_ok(&check);

    // Only the translated values changed: each YAML file, without its Japanese lines, says
    // what it said before, and keeps its comments.
    let files = changed(&site);
    assert!(!files.is_empty());
    for (file, old, comments) in before {
        if !files.contains(&file) {
            continue;
        }
        let path = site.join(&file);
        assert_eq!(without(yaml_of(&path), "ja"), old, "{file}");
        let now = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            now.lines()
                .filter(|l| l.trim_start().starts_with('#'))
                .count(),
            comments,
            "{file}: comments kept"
        );
    }
    // The new files are the reports' Japanese translations. A body is written whole: with the
    // blocks of the Vietnamese body, each translated, or not at all while a block is missing
    // (the report with the fuzzy block), so that the page falls back to the Vietnamese body.
    let fuzzy_report = fuzzy.0.split(':').next().unwrap().replace(".md", ".ja.md");
    let mut whole = 0;
    for file in files.iter().filter(|f| f.ends_with(".ja.md")) {
        let main = file.replace(".ja.md", ".md");
        let body = |f: &str| {
            let text = std::fs::read_to_string(site.join(f)).unwrap();
            minhbach::load::split_front_matter(&text)
                .unwrap()
                .2
                .to_owned()
        };
        let (vi, ja) = (body(&main), body(file));
        if *file == fuzzy_report {
            assert_eq!(
                ja.trim(),
                "",
                "{file}: a body with a block missing is not written"
            );
            continue;
        }
        whole += 1;
        let vi_blocks = minhbach::translations::blocks::blocks(&vi);
        let ja_blocks = minhbach::translations::blocks::blocks(&ja);
        assert_eq!(vi_blocks.len(), ja_blocks.len(), "{file}");
        for b in &ja_blocks {
            assert!(
                ja[b.range.clone()].starts_with("[ja] "),
                "{file}: {:?}",
                &ja[b.range.clone()]
            );
        }
    }
    assert!(whole >= 2, "{whole} reports' bodies translated");
    assert!(
        files
            .iter()
            .all(|f| f.starts_with("content/") || f == "filled.po"),
        "{files:?}"
    );

    // The build shows them.
    assert_ok(&minhbach(&["build", "--no-minify", "-o", "out"], &site));
    let page = std::fs::read_to_string(site.join("out/ja/documents/index.html")).unwrap();
    assert!(
        page.contains("[ja] "),
        "the Japanese documents list shows an imported text"
    );
    let report = files
        .iter()
        .find(|f| f.ends_with(".ja.md") && **f != fuzzy_report)
        .expect("a report's translation is written");
    let id = Path::new(report)
        .file_name()
        .unwrap()
        .to_str()
        .unwrap()
        .trim_end_matches(".ja.md");
    let page =
        std::fs::read_to_string(site.join(format!("out/ja/reports/{id}/index.html"))).unwrap();
    assert!(
        page.contains("[ja] "),
        "the report's Japanese page shows its body"
    );

    // Importing the same file again changes nothing more.
    commit_all(&site, DATE, "Japanese");
    assert_ok(&minhbach(&["translations", "import", "filled.po"], &site));
    assert_eq!(changed(&site), Vec::<String>::new());
}

/// Every content file's parsed YAML and comment count, before an import.
fn changed_candidates(site: &Path) -> Vec<(String, serde_yaml::Value, usize)> {
    crate::common::relative_files(&site.join("content"))
        .into_iter()
        .filter(|rel| {
            let name = rel.to_string_lossy();
            name.ends_with(".yaml") || (name.ends_with(".md") && name.matches('.').count() == 1)
        })
        .map(|rel| {
            let path = site.join("content").join(&rel);
            let comments = std::fs::read_to_string(&path)
                .unwrap()
                .lines()
                .filter(|l| l.trim_start().starts_with('#'))
                .count();
            (
                format!("content/{}", rel.to_string_lossy()),
                without(yaml_of(&path), "ja"),
                comments,
            )
        })
        .collect()
}

#[test]
fn a_changed_source_or_a_broken_file_imports_nothing_wrong() {
    let (_dir, site) = shipped_repo();
    assert_ok(&minhbach(
        &["translations", "export", "--lang", "en", "--out", "en.po"],
        &site,
    ));
    let mut po = std::fs::read_to_string(site.join("en.po")).unwrap();
    // A translator's new English name for a procedure whose Vietnamese name then changes.
    let context = "msgctxt \"content/procedures/2.002311.yaml:name\"";
    let at = po.find(context).unwrap();
    let msgstr = po[at..].find("msgstr \"").unwrap() + at + "msgstr \"".len();
    po.insert_str(msgstr, "NEW ");
    // and a new English summary of a document that did not change.
    let doc = "content/documents/1260-qd-ubnd-2024.yaml:title";
    let at = po
        .find(&format!("msgctxt \"{doc}\""))
        .expect("the document's title");
    let msgstr = po[at..].find("msgstr \"").unwrap() + at + "msgstr \"".len();
    po.insert_str(msgstr, "NEW ");
    std::fs::write(site.join("en.po"), &po).unwrap();
    let record = site.join("content/procedures/2.002311.yaml");
    let yaml = std::fs::read_to_string(&record).unwrap();
    let changed_yaml = yaml.replacen("  vi: Thủ tục", "  vi: Sửa đổi thủ tục", 1);
    assert_ne!(yaml, changed_yaml, "the name is a map with a vi line");
    std::fs::write(&record, &changed_yaml).unwrap();
    commit_all(&site, DATE, "The name changes");

    // As a Windows tool may save it: with a byte-order mark and CRLF line ends.
    let windows = format!("\u{feff}{}", po.replace('\n', "\r\n"));
    std::fs::write(site.join("en.po"), windows).unwrap();
    let import = minhbach(&["translations", "import", "en.po"], &site);
    assert_ok(&import);
    let stderr = String::from_utf8_lossy(&import.stderr);
    assert!(
        stderr.contains("2.002311.yaml:name") && stderr.contains("source text changed"),
        "{}",
        text(&import)
    );
    assert!(
        stderr.contains("en.po:"),
        "the warning names the PO file's line"
    );
    // The record is untouched; the document took its new title.
    assert_eq!(std::fs::read_to_string(&record).unwrap(), changed_yaml);
    assert_eq!(
        changed(&site),
        ["content/documents/1260-qd-ubnd-2024.yaml", "en.po"]
    );
    let title = yaml_of(&site.join("content/documents/1260-qd-ubnd-2024.yaml"))["title"]["en"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(title.starts_with("NEW "), "{title}");

    // A malformed file is refused at its line, and nothing is written.
    git(&site, DATE, &["checkout", "--", "."]);
    std::fs::write(
        site.join("broken.po"),
        "msgid \"\"\nmsgstr \"Language: en\\n\"\n\nmsgctxt \"content/site.yaml:title\"\nmsgid \"a\nmsgstr \"b\"\n",
    )
    .unwrap();
    let import = minhbach(&["translations", "import", "broken.po"], &site);
    assert_eq!(import.status.code(), Some(1), "{}", text(&import));
    assert!(
        String::from_utf8_lossy(&import.stderr).contains("broken.po:5:"),
        "{}",
        text(&import)
    );
    assert_eq!(changed(&site), ["broken.po"]);
}

#[test]
fn export_refuses_what_it_cannot_do() {
    let (_dir, site) = shipped_repo();
    for lang in ["vi", "fr"] {
        let out = minhbach(&["translations", "export", "--lang", lang], &site);
        assert_eq!(out.status.code(), Some(1), "{lang}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("not a language to translate into"));
    }
    // A translator's own file is never replaced.
    std::fs::write(site.join("mine.po"), "# my work\n").unwrap();
    let out = minhbach(
        &["translations", "export", "--lang", "en", "--out", "mine.po"],
        &site,
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        std::fs::read_to_string(site.join("mine.po")).unwrap(),
        "# my work\n"
    );
    // Nor is a file written into content/, where it would break the site.
    let out = minhbach(
        &[
            "translations",
            "export",
            "--lang",
            "en",
            "--out",
            "content/en.po",
        ],
        &site,
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("inside content/"));
    assert!(!site.join("content/en.po").exists());
    // One it exported is.
    assert_ok(&minhbach(
        &["translations", "export", "--lang", "en", "--out", "x.po"],
        &site,
    ));
    assert_ok(&minhbach(
        &["translations", "export", "--lang", "en", "--out", "x.po"],
        &site,
    ));
}

/// A new portal: export English, fill it, import, and it checks and builds.
#[test]
fn an_init_portal_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    assert_ok(&minhbach(&["init", "portal"], dir.path()));
    let site = dir.path().join("portal");
    assert_ok(&minhbach(
        &[
            "translations",
            "export",
            "--lang",
            "ko",
            "--missing",
            "--out",
            "ko.po",
        ],
        &site,
    ));
    fill_with_gettext(&site, "ko.po", "filled.po", "[ko] ");
    assert_ok(&minhbach(&["translations", "import", "filled.po"], &site));
    let check = minhbach(&["check", "--translations"], &site);
    assert_ok(&check);
    assert!(
        String::from_utf8_lossy(&check.stdout).contains("ko: 7/7 records translated"),
        "{}",
        text(&check)
    );
    assert_ok(&minhbach(&["build"], &site));
    let page = std::fs::read_to_string(site.join("public/ko/channels/index.html")).unwrap();
    assert!(page.contains("[ko] "));
    let _ = repo();
}

/// XLIFF 2.1: a well-formed file (xmllint) with the texts of the PO export, filled by
/// translate-toolkit (what Weblate reads XLIFF with), imported back.
#[test]
fn an_xliff_file_filled_by_translate_toolkit_imports() {
    let (_dir, site) = shipped_repo();
    assert_ok(&minhbach(
        &[
            "translations",
            "export",
            "--lang",
            "zh",
            "--missing",
            "--out",
            "zh.xlf",
        ],
        &site,
    ));
    let xlf = std::fs::read_to_string(site.join("zh.xlf")).unwrap();
    assert!(xlf.contains("version=\"2.1\" srcLang=\"vi\" trgLang=\"zh\""));
    gettext("xmllint", &["--noout", "zh.xlf"], &site);
    // The same texts as the PO export.
    let po = minhbach(
        &["translations", "export", "--lang", "zh", "--missing"],
        &site,
    );
    assert_ok(&po);
    let po_entries = entries(&String::from_utf8_lossy(&po.stdout));
    assert_eq!(xlf.matches("<unit ").count(), po_entries.len());

    let fill = Command::new("python3")
        .arg(repo().join("tests/translations/fill_xliff.py"))
        .args(["zh.xlf", "filled.xlf", "[zh] "])
        .current_dir(&site)
        .output()
        .unwrap();
    assert_ok(&fill);
    let read: usize = String::from_utf8_lossy(&fill.stdout)
        .trim()
        .parse()
        .unwrap();
    assert_eq!(read, po_entries.len(), "translate-toolkit reads every unit");
    std::fs::remove_file(site.join("zh.xlf")).unwrap();

    let import = minhbach(&["translations", "import", "filled.xlf"], &site);
    assert_ok(&import);
    assert!(
        String::from_utf8_lossy(&import.stdout).contains(&format!(
            "Imported {} translations into zh",
            po_entries.len()
        )),
        "{}",
        text(&import)
    );
    assert_ok(&minhbach(&["check"], &site));
    // Every report's body is now in Chinese, in a new translation file.
    for (context, source, _) in po_entries.iter().filter(|(c, ..)| c.ends_with("body[0]")) {
        let main = context.split(':').next().unwrap();
        let path = site.join(main.replace(".md", ".zh.md"));
        let written = std::fs::read_to_string(&path).unwrap();
        assert!(
            written.contains(&format!("[zh] {source}")),
            "{}",
            path.display()
        );
    }

    // A broken XLIFF file is refused at its line.
    std::fs::write(
        site.join("broken.xlf"),
        "<?xml version=\"1.0\"?>\n<xliff trgLang=\"zh\">\n<file>\n</xliff>\n",
    )
    .unwrap();
    let import = minhbach(&["translations", "import", "broken.xlf"], &site);
    assert_eq!(import.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&import.stderr).contains("broken.xlf:4:"),
        "{}",
        text(&import)
    );
}
