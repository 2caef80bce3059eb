//! Incremental rebuilds give exactly the output of a full build of the same sources.
//!
//! A copy of the shipped site is changed step by step the way staff change it (edit, create,
//! delete, rename, break and fix, edit the theme); after each step the builder's output is
//! compared, file by file and byte for byte, with a fresh full build.

use crate::common::{commit_all, copy_shipped_site, git};

use minhbach::incremental::{Builder, Changes, Output};
use minhbach::render::RenderOptions;
use std::path::{Path, PathBuf};

fn site_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap().join("site");
    copy_shipped_site(&root);
    (dir, root)
}

fn options() -> RenderOptions {
    RenderOptions {
        base_url: None,
        minify: false,
        body_end: Some("<script src=\"/live.js\"></script>".into()),
    }
}

/// A full build of `root` as it is now.
fn full_build(root: &Path) -> Output {
    let prepared = minhbach::prepare(root).unwrap_or_else(|d| panic!("does not build:\n{d}"));
    let plan = minhbach::plan::plan(&prepared.site);
    let files = minhbach::render::render_site(
        &prepared.site,
        &prepared.theme,
        &plan,
        &options(),
        &minhbach::pipeline::outputs(),
    )
    .unwrap();
    let store = minhbach::incremental::Store::new();
    files
        .into_iter()
        .map(|f| {
            let path = minhbach::diagnostics::display_path(&f.path);
            let stored = store.store(&path, &f.bytes);
            (path, stored)
        })
        .collect()
}

fn assert_same(incremental: &Output, full: &Output, step: &str) {
    let only_inc: Vec<&String> = incremental
        .keys()
        .filter(|k| !full.contains_key(*k))
        .collect();
    let only_full: Vec<&String> = full
        .keys()
        .filter(|k| !incremental.contains_key(*k))
        .collect();
    assert!(
        only_inc.is_empty() && only_full.is_empty(),
        "{step}: files only in the incremental output: {only_inc:?}; only in the full build: {only_full:?}"
    );
    let differing: Vec<&String> = full
        .iter()
        .filter(|(k, v)| incremental[*k] != **v)
        .map(|(k, _)| k)
        .collect();
    assert!(
        differing.is_empty(),
        "{step}: files that differ from a full build: {differing:?}"
    );
}

struct Site {
    _dir: tempfile::TempDir,
    root: PathBuf,
    builder: Builder,
    total: usize,
}

impl Site {
    fn new() -> Self {
        let (dir, root) = site_copy();
        Self::start(dir, root)
    }

    /// A copy of the shipped site committed to a git repository of its own, so that its pages
    /// show dates and change history from git.
    fn in_git() -> Self {
        let (dir, root) = site_copy();
        git(&root, "2025-01-06T09:00:00+07:00", &["init", "-q"]);
        commit_all(&root, "2025-01-06T09:00:00+07:00", "Import the portal");
        Self::start(dir, root)
    }

    fn start(dir: tempfile::TempDir, root: PathBuf) -> Self {
        let mut builder = Builder::new(&root, options());
        let first = builder.rebuild(&Changes::Everything).unwrap();
        assert!(first.full);
        let total = first.rendered;
        Site {
            _dir: dir,
            root,
            builder,
            total,
        }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    /// Add `more` at the end of the file `rel`.
    fn append(&self, rel: &str, more: &str) {
        let path = self.path(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, format!("{text}{more}")).unwrap();
    }

    fn edit(&self, rel: &str, from: &str, to: &str) {
        let path = self.path(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{rel} does not contain {from:?}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    }

    /// Rebuild after `changed` (paths relative to the root) and compare with a full build.
    /// Returns how many files were rendered.
    fn step(&mut self, step: &str, changed: &[&str]) -> minhbach::incremental::Rebuilt {
        let paths = changed.iter().map(|p| self.path(p)).collect();
        let rebuilt = self
            .builder
            .rebuild(&Changes::Paths(paths))
            .unwrap_or_else(|d| panic!("{step}: rebuild failed:\n{d}"));
        assert_same(
            &self.builder.output().unwrap(),
            &full_build(&self.root),
            step,
        );
        rebuilt
    }
}

/// Each diagnostic as `file: message`, to compare two runs.
fn summary(d: &minhbach::diagnostics::Diagnostics) -> Vec<String> {
    d.iter()
        .map(|d| format!("{}: {}", d.file.display(), d.message))
        .collect()
}

impl Site {
    /// Replace `from` by `to` in `rel`: the preview must refuse it with the diagnostics `check`
    /// gives. Then put `from` back and rebuild. Returns the preview's diagnostics.
    fn refused_as_check_refuses(
        &mut self,
        rel: &str,
        from: &str,
        to: &str,
    ) -> minhbach::diagnostics::Diagnostics {
        self.edit(rel, from, to);
        let found = self
            .builder
            .rebuild(&Changes::Paths(vec![self.path(rel)]))
            .expect_err(&format!("{rel} with {to:?} must be refused"));
        let expected = minhbach::prepare(&self.root)
            .err()
            .unwrap_or_else(|| panic!("check must refuse {rel} with {to:?}"));
        assert_eq!(summary(&found), summary(&expected), "{rel} with {to:?}");
        self.edit(rel, to, from);
        self.step(&format!("{rel} put back"), &[rel]);
        found
    }
}

const PROCEDURE: &str = "content/procedures/2.002312.yaml";

#[test]
fn record_edits_re_render_few_pages_and_match_a_full_build() {
    let mut site = Site::new();

    site.edit(PROCEDURE, "  en: Permission to hold", "  en: Leave to hold");
    let r = site.step("edit a procedure's name", &[PROCEDURE]);
    assert!(!r.full);
    assert!(
        r.rendered > 0 && r.rendered * 10 < site.total,
        "an edit of one procedure rendered {} of {} files",
        r.rendered,
        site.total
    );
    assert!(
        r.changed_outputs
            .contains("en/procedures/2.002312/index.html")
    );
    assert!(r.changed_outputs.contains("en/procedures/index.html"));
    // The Japanese list shows the Japanese name, which did not change.
    assert!(!r.changed_outputs.contains("ja/procedures/index.html"));

    // A document cited by procedures: their pages show its title.
    let doc = "content/documents/66-qd-nv-2024.yaml";
    let text = std::fs::read_to_string(site.path(doc)).unwrap();
    let title_line = text
        .lines()
        .skip_while(|l| !l.starts_with("title:"))
        .find(|l| l.starts_with("  en: "))
        .unwrap()
        .to_owned();
    site.edit(doc, &title_line, "  en: A renamed decision");
    let r = site.step("edit a cited document", &[doc]);
    assert!(
        r.changed_outputs
            .contains("en/procedures/2.002312/index.html")
    );

    // The procedure no longer cites one document: that document's "cited by" list changes.
    site.edit(PROCEDURE, "- 86-qd-nv-2024\n", "");
    site.step("drop a citation", &[PROCEDURE]);

    // A new code moves the procedure to a new address; the old pages must go.
    site.edit(PROCEDURE, "code: '2.002312'", "code: '2.009999'");
    let r = site.step("change a procedure's code", &[PROCEDURE]);
    assert!(r.removed >= 5, "old pages removed: {}", r.removed);

    let index = "content/indices/pci.yaml";
    site.edit(index, "score: 74.84", "score: 74.85");
    site.step("edit an index", &[index]);

    let channel = "content/channels/tiep-cong-dan.yaml";
    site.edit(
        channel,
        "  en: Citizen reception",
        "  en: Reception of citizens",
    );
    site.step("edit a channel", &[channel]);
    // A channel's order moves it in the channel list (on the list and home pages).
    site.edit(channel, "order: 60", "order: 5");
    let r = site.step("move a channel to the top of the list", &[channel]);
    assert!(
        r.changed_outputs.contains("en/channels/index.html"),
        "{:?}",
        r.changed_outputs
    );
}

#[test]
fn creating_deleting_and_renaming_files_match_a_full_build() {
    let mut site = Site::new();

    // Create: a copy of a procedure under a new file name and code.
    let new = "content/procedures/2.009998.yaml";
    let text = std::fs::read_to_string(site.path(PROCEDURE)).unwrap();
    std::fs::write(
        site.path(new),
        text.replace("code: '2.002312'", "code: '2.009998'"),
    )
    .unwrap();
    let r = site.step("create a procedure", &[new]);
    assert!(
        r.changed_outputs
            .contains("vi/procedures/2.009998/index.html")
    );

    // Delete it again.
    std::fs::remove_file(site.path(new)).unwrap();
    let r = site.step("delete a procedure", &[new]);
    assert_eq!(r.removed, 5, "the five language versions of its page");

    // An editor's atomic save: write a temporary file, rename it over the real one. The watcher
    // reports both paths.
    let channel = "content/channels/tiep-cong-dan.yaml";
    let temp = "content/channels/.tiep-cong-dan.yaml.tmp";
    let text = std::fs::read_to_string(site.path(channel)).unwrap();
    std::fs::write(
        site.path(temp),
        text.replace("  en: Citizen reception", "  en: Meeting citizens"),
    )
    .unwrap();
    std::fs::rename(site.path(temp), site.path(channel)).unwrap();
    site.step("atomic save", &[temp, channel]);

    // Rename a record file: the old record goes, a new one comes.
    let renamed = "content/channels/tiep-dan.yaml";
    std::fs::rename(site.path(channel), site.path(renamed)).unwrap();
    let r = site.step("rename a channel", &[channel, renamed]);
    assert!(
        r.changed_outputs
            .contains("ko/channels/tiep-dan/index.html")
    );
    assert!(r.removed >= 5);

    // A report (Markdown with translations) reloads the content as a whole, still incrementally
    // rendered.
    let report = "content/reports/205-bc-ubnd-2025.md";
    let text = std::fs::read_to_string(site.path(report)).unwrap();
    std::fs::write(site.path(report), format!("{text}\nOne more paragraph.\n")).unwrap();
    let r = site.step("edit a report body", &[report]);
    assert!(!r.full);

    // Many files at once (a `git checkout`): one rebuild.
    let docs: Vec<String> = std::fs::read_dir(site.path("content/documents"))
        .unwrap()
        .take(20)
        .map(|e| {
            let p = e.unwrap().path();
            let text = std::fs::read_to_string(&p).unwrap();
            std::fs::write(&p, format!("{text}# touched\n")).unwrap();
            format!(
                "content/documents/{}",
                p.file_name().unwrap().to_string_lossy()
            )
        })
        .collect();
    let docs: Vec<&str> = docs.iter().map(String::as_str).collect();
    site.step("a burst of changes", &docs);
}

#[test]
fn a_broken_file_keeps_the_last_good_output_until_fixed() {
    let mut site = Site::new();
    let before = site.builder.output().unwrap();
    site.edit(PROCEDURE, "code: '2.002312'", "code: [2.002312");
    let err = site
        .builder
        .rebuild(&Changes::Paths(vec![site.path(PROCEDURE)]))
        .unwrap_err();
    let d = err.iter().next().unwrap();
    assert_eq!(d.file, Path::new(PROCEDURE));
    assert!(d.position.is_some_and(|p| p.line >= 5), "{d}");
    assert!(std::sync::Arc::ptr_eq(
        &before,
        &site.builder.output().unwrap()
    ));

    // A second, unrelated edit while the first file is still broken: still the same problem.
    let channel = "content/channels/tiep-cong-dan.yaml";
    site.edit(channel, "  en: Citizen reception", "  en: Reception");
    let err = site
        .builder
        .rebuild(&Changes::Paths(vec![site.path(channel)]))
        .unwrap_err();
    assert!(err.iter().any(|d| d.file == Path::new(PROCEDURE)));

    // Fixed: the output catches up with both edits.
    site.edit(PROCEDURE, "code: [2.002312", "code: '2.002312'");
    let r = site.step("fix the broken file", &[PROCEDURE]);
    assert!(
        r.changed_outputs
            .contains("en/channels/tiep-cong-dan/index.html")
    );
}

/// An edit of one record that keeps its file, id and address is checked alone (`revalidate`),
/// whatever its kind; it must still be refused exactly as `check` refuses it.
#[test]
fn a_bad_value_in_a_record_edited_in_place_is_refused_as_check_refuses_it() {
    let mut site = Site::new();
    let cases = [
        (
            "content/documents/66-qd-nv-2024.yaml",
            "date: 2024-05-04\n",
            "date: 2024-05-04\nurl: javascript:alert(1)\n",
        ),
        (
            "content/indices/pci.yaml",
            "source: 205-bc-ubnd-2025",
            "source: no-such-report-2025",
        ),
        (
            "content/channels/tiep-cong-dan.yaml",
            "kind: in_person\n",
            "kind: in_person\ncontact: not a contact\n",
        ),
        (
            "content/channels/tiep-cong-dan.yaml",
            "  en: Citizen reception",
            "  fr: Citizen reception",
        ),
    ];
    for (rel, from, to) in cases {
        let found = site.refused_as_check_refuses(rel, from, to);
        assert!(
            found.iter().all(|d| d.file == Path::new(rel)),
            "{rel}: {:?}",
            summary(&found)
        );
    }
}

#[test]
fn theme_and_configuration_changes_re_render_everything() {
    let mut site = Site::new();
    let strings = "themes/default/i18n/en.yaml";
    let text = std::fs::read_to_string(site.path(strings)).unwrap();
    let line = text
        .lines()
        .find(|l| l.starts_with("skip_to_content:"))
        .unwrap()
        .to_owned();
    site.edit(strings, &line, "skip_to_content: Jump to the content");
    let r = site.step("edit a theme string", &[strings]);
    assert!(r.full);

    let css = "themes/default/static/style.css";
    let text = std::fs::read_to_string(site.path(css)).unwrap();
    std::fs::write(site.path(css), format!("{text}\nbody {{ margin: 0 }}\n")).unwrap();
    let r = site.step("edit the stylesheet", &[css]);
    assert!(r.full && r.stylesheets_only);

    let config = "content/site.yaml";
    let text = std::fs::read_to_string(site.path(config)).unwrap();
    std::fs::write(site.path(config), format!("{text}\n# a comment\n")).unwrap();
    let r = site.step("edit the site configuration", &[config]);
    assert!(r.full);
}

/// A page's title is in the footer of every page that `site.yaml` puts it in: a new title
/// renders everything; a change to its body renders its own pages; a new page is built, and a
/// page that goes away takes its five pages with it.
#[test]
fn page_edits_match_a_full_build() {
    let mut site = Site::new();
    let page = "content/pages/lien-he.md";
    let body = "content/pages/lien-he.en.md";

    site.append(body, "\nOne more paragraph.\n");
    let r = site.step("edit a page's English body", &[body]);
    assert!(!r.full, "a body shows on its own page only");
    assert!(r.changed_outputs.contains("en/lien-he/index.html"));
    assert!(
        !r.changed_outputs.contains("en/index.html"),
        "{:?}",
        r.changed_outputs
    );

    let text = std::fs::read_to_string(site.path(page)).unwrap();
    let line = text
        .lines()
        .skip_while(|l| !l.starts_with("title:"))
        .find(|l| l.starts_with("  en:"))
        .unwrap()
        .to_owned();
    site.edit(page, &line, "  en: How to reach us");
    let r = site.step("rename a page of the footer", &[page]);
    assert!(r.full, "the footer of every page names it");
    let home = String::from_utf8(site.builder.output().unwrap()["en/index.html"].bytes()).unwrap();
    assert!(home.contains("How to reach us"));

    let new = "content/pages/huong-dan.md";
    std::fs::write(
        site.path(new),
        "---\ntitle: {vi: Hướng dẫn, en: How to use the portal}\nsummary: {vi: Cách dùng., en: How to use it.}\n---\nNội dung.\n",
    )
    .unwrap();
    let r = site.step("add a page that no menu names", &[new]);
    assert!(!r.full);
    assert!(r.changed_outputs.contains("vi/huong-dan/index.html"));
    std::fs::remove_file(site.path(new)).unwrap();
    let r = site.step("remove it", &[new]);
    assert_eq!(r.removed, 5, "the five language versions of its page");
}

/// A news item's headline shows on its page, the news list, the home page, its tags' pages
/// and the pages of the records it is about; a new item and one that goes away as well.
#[test]
fn news_edits_match_a_full_build() {
    let mut site = Site::new();
    let item = "content/news/cat-giam-50-thoi-gian-hoi-nghi-hoi-thao.md";
    let text = std::fs::read_to_string(site.path(item)).unwrap();
    let line = text
        .lines()
        .skip_while(|l| !l.starts_with("title:"))
        .find(|l| l.starts_with("  en:"))
        .unwrap()
        .to_owned();
    site.edit(item, &line, "  en: Half the time for conference permits");
    let r = site.step("retitle a news item", &[item]);
    assert!(!r.full);
    for page in [
        "en/news/cat-giam-50-thoi-gian-hoi-nghi-hoi-thao/index.html",
        "en/news/index.html",
        "en/index.html",
        "en/procedures/2.002311/index.html",
        "en/news/tags/cai-cach-hanh-chinh/index.html",
    ] {
        assert!(
            r.changed_outputs.contains(page),
            "{page}: {:?}",
            r.changed_outputs
        );
    }

    // It is no longer about procedure 2.002314: that page drops its link.
    site.edit(item, "'2.002314', ", "");
    let r = site.step("a news item no longer about a procedure", &[item]);
    assert!(
        r.changed_outputs
            .contains("vi/procedures/2.002314/index.html")
    );

    let new = "content/news/tin-moi.md";
    std::fs::write(
        site.path(new),
        "---\ndate: 2030-01-01\ntitle: {vi: Tin mới, en: Fresh news}\nsummary: {vi: Tóm tắt., en: Summary.}\nabout: [par-index]\n---\nNội dung.\n",
    )
    .unwrap();
    let r = site.step("add a news item", &[new]);
    assert!(
        r.changed_outputs
            .contains("en/indices/par-index/index.html")
    );
    std::fs::remove_file(site.path(new)).unwrap();
    let r = site.step("remove it", &[new]);
    assert_eq!(r.removed, 5, "the five language versions of its page");
}

#[test]
fn a_procedure_edit_serves_its_own_pages_first_and_the_summaries_after() {
    let mut site = Site::new();
    site.edit(PROCEDURE, "  en: Permission to hold", "  en: Leave to hold");
    let r = site
        .builder
        .rebuild_pages(&Changes::Paths(vec![site.path(PROCEDURE)]))
        .unwrap_or_else(|d| panic!("rebuild failed:\n{d}"));
    assert!(!r.full && r.summaries_pending);
    // Its page in every language; and in English only, where the name changed, the list page
    // that shows it, the home page and the pages of the documents it cites (their "cited by"
    // lists show its name).
    let mut expected = std::collections::BTreeSet::new();
    for lang in ["vi", "en", "ja", "zh", "ko"] {
        expected.insert(format!("{lang}/procedures/2.002312/index.html"));
    }
    for page in [
        "procedures/",
        "",
        "documents/1260-qd-ubnd-2024/",
        "documents/66-qd-nv-2024/",
        "documents/86-qd-nv-2024/",
        "documents/107-qd-nv-2025/",
        "documents/2852-qd-ubnd-2025/",
    ] {
        expected.insert(format!("en/{page}index.html"));
    }
    // And the news about it, which name it.
    for entry in std::fs::read_dir(site.path("content/news")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_owned();
        let text = std::fs::read_to_string(&path).unwrap();
        if name.matches('.').count() == 1
            && text
                .lines()
                .any(|l| l.starts_with("about:") && l.contains("'2.002312'"))
        {
            expected.insert(format!(
                "en/news/{}/index.html",
                name.trim_end_matches(".md")
            ));
        }
    }
    assert!(expected.iter().any(|p| p.starts_with("en/news/")));
    assert_eq!(r.rendered_pages, expected);

    // Served at once, those pages are already what a full build makes; only the files that
    // summarise every record, and the pages that show them, lag behind.
    let full = full_build(&site.root);
    let output = site.builder.output().unwrap();
    let summary_page = |p: &str| {
        ["search/", "data/", "translations/"]
            .iter()
            .any(|s| p.ends_with(&format!("/{s}index.html")))
    };
    let lagging: Vec<&String> = full
        .iter()
        .filter(|(path, bytes)| output.get(*path) != Some(*bytes))
        .map(|(path, _)| path)
        .collect();
    assert!(
        lagging
            .iter()
            .all(|p| !p.ends_with(".html") || summary_page(p)),
        "pages that differ from a full build before the summaries: {lagging:?}"
    );
    assert!(
        lagging.iter().any(|p| p.starts_with("search/en/")),
        "the English search index should lag until the summaries are made: {lagging:?}"
    );

    let summarised = site
        .builder
        .finish_summaries(&|| false)
        .expect("summaries were pending")
        .unwrap_or_else(|d| panic!("summaries failed:\n{d}"));
    assert!(!summarised.changed_outputs.is_empty());
    assert!(site.builder.finish_summaries(&|| false).is_none());
    assert_same(
        &site.builder.output().unwrap(),
        &full,
        "after the summaries",
    );
}

#[test]
fn summaries_stopped_by_a_newer_change_are_made_with_the_next() {
    let mut site = Site::new();
    site.edit(PROCEDURE, "  en: Permission to hold", "  en: Leave to hold");
    site.builder
        .rebuild_pages(&Changes::Paths(vec![site.path(PROCEDURE)]))
        .unwrap();
    assert!(site.builder.finish_summaries(&|| true).is_none());
    site.edit(PROCEDURE, "  en: Leave to hold", "  en: Licence to hold");
    // Both edits' summaries come with the second rebuild.
    site.step("a second edit before the summaries", &[PROCEDURE]);
}

/// The preview reads git as a build does: in a repository, every step (record, report,
/// document, theme and site.yaml edits, a rename, a deletion, then commits) gives what a full
/// build shows, "last updated" dates and change history included.
#[test]
fn in_a_git_repository_the_preview_shows_the_dates_and_history_a_build_shows() {
    let mut site = Site::in_git();
    let page = "en/procedures/2.002312/index.html";
    let shown =
        |site: &Site| String::from_utf8(site.builder.output().unwrap()[page].bytes()).unwrap();
    assert!(
        shown(&site).contains("Import the portal"),
        "the first rebuild shows no change history:\n{}",
        shown(&site)
    );

    site.edit(PROCEDURE, "  en: Permission to hold", "  en: Leave to hold");
    site.step("edit a procedure", &[PROCEDURE]);
    let report = "content/reports/205-bc-ubnd-2025.md";
    site.append(report, "\nOne more paragraph.\n");
    site.step("edit a report", &[report]);
    let doc = "content/documents/66-qd-nv-2024.yaml";
    site.append(doc, "\n# checked\n");
    site.step("edit a document", &[doc]);
    let strings = "themes/default/i18n/en.yaml";
    site.append(strings, "\n# checked\n");
    site.step("edit the theme", &[strings]);
    let config = "content/site.yaml";
    site.append(config, "\n# checked\n");
    site.step("edit site.yaml", &[config]);
    let channel = "content/channels/tiep-cong-dan.yaml";
    let renamed = "content/channels/tiep-dan.yaml";
    std::fs::rename(site.path(channel), site.path(renamed)).unwrap();
    site.step("rename a channel", &[channel, renamed]);
    // An internal procedure: no news item is about it (deleting one that is would be an error).
    let gone =
        "content/internal-procedures/cham-dut-rut-khoi-tam-dinh-chi-thoa-thuan-quoc-te-cap-so.yaml";
    std::fs::remove_file(site.path(gone)).unwrap();
    site.step("delete a procedure", &[gone]);

    // A commit touches no source file: the watcher reports git's own files.
    let git_head = site.path(".git/HEAD");
    let git_head = git_head.to_str().unwrap();
    commit_all(
        &site.root,
        "2025-02-03T10:30:00+07:00",
        "Rename the festival permit",
    );
    let r = site.step("commit the edits", &[git_head]);
    assert!(shown(&site).contains("Rename the festival permit"));
    assert!(!r.full, "a commit re-rendered every page");
    assert!(r.changed_outputs.contains(page));
    // Only the records the commit touched show other dates.
    assert!(
        !r.changed_outputs
            .contains("en/procedures/2.002313/index.html")
    );

    site.edit(PROCEDURE, "  en: Leave to hold", "  en: Licence to hold");
    site.step("edit after the commit", &[PROCEDURE]);
    commit_all(&site.root, "2025-02-04T08:00:00+07:00", "Licence wording");
    site.step("a second commit", &[git_head]);
    assert!(shown(&site).contains("Licence wording"));
}

/// Units show on other pages and other records show on theirs: a unit's name on the pages of
/// the procedures and channels that name it, on the organisation page and in the home page's
/// JSON-LD; those records, its parent and its children on its own page. Every edit of either
/// side updates both, as a full build has them.
#[test]
fn unit_edits_and_edits_of_what_names_a_unit_match_a_full_build() {
    let mut site = Site::new();
    let office = "content/units/van-phong.yaml";
    let division = "content/units/phong-hop-tac-quoc-te.yaml";
    let hotline = "content/channels/duong-day-nong-chanh-van-phong.yaml";
    let director = "content/channels/duong-day-nong-giam-doc.yaml";

    // Rename a unit: its page, the organisation page, the home page (JSON-LD) and the page of
    // the channel that names it.
    site.edit(office, "  en: Office\n", "  en: Department Office\n");
    let r = site.step("rename a unit", &[office]);
    assert!(!r.full);
    for page in [
        "en/units/van-phong/index.html",
        "en/units/index.html",
        "en/index.html",
        "en/channels/duong-day-nong-chanh-van-phong/index.html",
    ] {
        assert!(
            r.changed_outputs.contains(page),
            "{page}: {:?}",
            r.changed_outputs
        );
    }
    assert!(!r.changed_outputs.contains("vi/units/van-phong/index.html"));

    // A parent: the division moves under the Office, on the Office's page and in the tree.
    site.append(division, "parent: van-phong\n");
    let r = site.step("give a unit a parent", &[division]);
    for page in [
        "en/units/van-phong/index.html",
        "en/units/phong-hop-tac-quoc-te/index.html",
        "en/units/index.html",
    ] {
        assert!(
            r.changed_outputs.contains(page),
            "{page}: {:?}",
            r.changed_outputs
        );
    }
    site.edit(division, "parent: van-phong\n", "");
    site.step("take the parent away", &[division]);

    // A channel names another unit: the unit it names now lists it, the one it named no longer.
    site.append(director, "unit: phong-hop-tac-quoc-te\n");
    let r = site.step("a channel names a unit", &[director]);
    for page in [
        "en/units/phong-hop-tac-quoc-te/index.html",
        "en/channels/duong-day-nong-giam-doc/index.html",
    ] {
        assert!(
            r.changed_outputs.contains(page),
            "{page}: {:?}",
            r.changed_outputs
        );
    }
    site.edit(
        hotline,
        "unit: van-phong\n",
        "unit: phong-hop-tac-quoc-te\n",
    );
    let r = site.step("a channel moves to another unit", &[hotline]);
    for page in [
        "en/units/van-phong/index.html",
        "en/units/phong-hop-tac-quoc-te/index.html",
    ] {
        assert!(
            r.changed_outputs.contains(page),
            "{page}: {:?}",
            r.changed_outputs
        );
    }
    // Renamed, a channel changes on the page of its unit and of the unit that lists it as
    // a contact.
    site.edit(
        hotline,
        "  en: Chief of Office's hotline",
        "  en: Office hotline",
    );
    let r = site.step("rename a channel a unit shows", &[hotline]);
    assert!(r.changed_outputs.contains("en/units/van-phong/index.html"));

    // A procedure edited in place that names a unit, then is renamed, then names none: the
    // unit's page follows each step.
    site.append(
        PROCEDURE,
        "unit: phong-lanh-su-nguoi-viet-nam-o-nuoc-ngoai\n",
    );
    let r = site.step("a procedure names a unit", &[PROCEDURE]);
    let consular = "en/units/phong-lanh-su-nguoi-viet-nam-o-nuoc-ngoai/index.html";
    assert!(
        r.changed_outputs.contains(consular),
        "{:?}",
        r.changed_outputs
    );
    site.edit(PROCEDURE, "  en: Permission to hold", "  en: Leave to hold");
    let r = site.step("rename a procedure a unit lists", &[PROCEDURE]);
    assert!(
        r.changed_outputs.contains(consular),
        "{:?}",
        r.changed_outputs
    );
    site.edit(
        PROCEDURE,
        "unit: phong-lanh-su-nguoi-viet-nam-o-nuoc-ngoai\n",
        "",
    );
    let r = site.step("the procedure names no unit", &[PROCEDURE]);
    assert!(
        r.changed_outputs.contains(consular),
        "{:?}",
        r.changed_outputs
    );
}

/// What names a unit, edited in place, is refused as `check` refuses it: a procedure or channel
/// naming no unit (checked alone by `revalidate`), a unit whose parents go round in a circle.
#[test]
fn a_bad_unit_edited_in_place_is_refused_as_check_refuses_it() {
    let mut site = Site::new();
    let cases = [
        (
            PROCEDURE,
            "online_level: partial\n",
            "online_level: partial\nunit: van-phogn\n",
        ),
        (
            "content/channels/duong-day-nong-chanh-van-phong.yaml",
            "unit: van-phong\n",
            "unit: khong-co\n",
        ),
        (
            "content/units/van-phong.yaml",
            "order: 10\n",
            "order: 10\nparent: van-phong\n",
        ),
        (
            "content/units/van-phong.yaml",
            "channels: [duong-day-nong-chanh-van-phong]",
            "channels: [duong-day-nong-chanh-van-phon]",
        ),
    ];
    for (rel, from, to) in cases {
        site.refused_as_check_refuses(rel, from, to);
    }
    // A cycle of two units, made one file at a time: refused once it closes.
    let division = "content/units/phong-hop-tac-quoc-te.yaml";
    site.append(division, "parent: van-phong\n");
    site.step("a unit under the Office", &[division]);
    site.edit(
        "content/units/van-phong.yaml",
        "order: 10\n",
        "order: 10\nparent: phong-hop-tac-quoc-te\n",
    );
    let found = site
        .builder
        .rebuild(&Changes::Paths(vec![
            site.path("content/units/van-phong.yaml"),
        ]))
        .expect_err("a cycle must be refused");
    assert!(
        found
            .iter()
            .any(|d| d.message.contains("go round in a circle")),
        "{found}"
    );
}

/// A minimal PDF of about `size` bytes.
fn pdf(size: usize) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n%".to_vec();
    out.extend(std::iter::repeat_n(b'x', size.saturating_sub(20)));
    out.extend_from_slice(b"\n%%EOF\n");
    out
}

#[test]
fn files_to_download_are_copied_removed_and_re_linked_as_a_full_build_does() {
    let mut site = Site::new();
    let form = "content/files/mau-don.pdf";
    let text = "content/files/66-qd-nv-2024.pdf";
    let doc = "content/documents/66-qd-nv-2024.yaml";
    std::fs::create_dir_all(site.path("content/files")).unwrap();
    std::fs::write(site.path(form), pdf(120_000)).unwrap();
    std::fs::write(site.path(text), pdf(3_000)).unwrap();
    site.append(
        PROCEDURE,
        "dossier:\n- name:\n    vi: Đơn đề nghị\n  form: files/mau-don.pdf\n",
    );
    site.append(doc, "file: files/66-qd-nv-2024.pdf\n");
    let r = site.step("add two files and link them", &[form, text, PROCEDURE, doc]);
    assert!(r.changed_outputs.contains("files/mau-don.pdf"));
    let served = |site: &Site, path: &str| site.builder.output().unwrap()[path].clone();
    let page = "vi/procedures/2.002312/index.html";
    let before = served(&site, page);

    // A new version of the form, larger: copied, and the page that links it shows its size.
    std::fs::write(site.path(form), pdf(1_600_000)).unwrap();
    let r = site.step("change a file", &[form]);
    assert!(!r.full);
    assert!(r.changed_outputs.contains("files/mau-don.pdf"));
    assert!(r.changed_outputs.contains(page), "{:?}", r.changed_outputs);
    assert!(r.changed_outputs.contains("data/files.json"));
    assert_ne!(served(&site, page), before);

    // A form per language, edited in place.
    site.edit(
        PROCEDURE,
        "  form: files/mau-don.pdf\n",
        "  form: {vi: files/mau-don.pdf, en: files/66-qd-nv-2024.pdf}\n",
    );
    site.step("a form per language", &[PROCEDURE]);

    // The preview refuses a missing file, as check does, and takes the fix.
    site.edit(PROCEDURE, "vi: files/mau-don.pdf", "vi: files/mau-dom.pdf");
    let found = site
        .builder
        .rebuild(&Changes::Paths(vec![site.path(PROCEDURE)]))
        .expect_err("a missing file is refused");
    assert!(
        found
            .iter()
            .any(|d| d.message.contains("no file `files/mau-dom.pdf`")),
        "{found}"
    );
    assert!(minhbach::prepare(&site.root).is_err());
    site.edit(PROCEDURE, "vi: files/mau-dom.pdf", "vi: files/mau-don.pdf");
    site.step("fixed", &[PROCEDURE]);

    // A stray web page in content/files/ is refused by the preview too.
    let stray = "content/files/x.html";
    std::fs::write(site.path(stray), "<script>alert(1)</script>").unwrap();
    let found = site
        .builder
        .rebuild(&Changes::Paths(vec![site.path(stray)]))
        .expect_err("an HTML file is refused");
    assert!(found.iter().any(|d| d.file == Path::new(stray)), "{found}");
    std::fs::remove_file(site.path(stray)).unwrap();
    site.step("stray file removed", &[stray]);

    // The document no longer links its file, and the file goes: it is no longer served.
    site.edit(doc, "file: files/66-qd-nv-2024.pdf\n", "");
    site.edit(
        PROCEDURE,
        "{vi: files/mau-don.pdf, en: files/66-qd-nv-2024.pdf}",
        "files/mau-don.pdf",
    );
    std::fs::remove_file(site.path(text)).unwrap();
    let r = site.step("remove a file", &[text, doc, PROCEDURE]);
    assert!(r.changed_outputs.contains("files/66-qd-nv-2024.pdf"));
    assert!(
        !site
            .builder
            .output()
            .unwrap()
            .contains_key("files/66-qd-nv-2024.pdf")
    );
}
