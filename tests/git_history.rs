//! Dates and change history from git: a temporary repository is committed to in steps with
//! known dates, then built; the pages must show those dates and changes, never an e-mail
//! address, and nothing at all where no date is known (shallow clone, no repository,
//! uncommitted changes).

use crate::common::{GIT_AUTHOR as AUTHOR, GIT_EMAIL as EMAIL, commit_all, copy_dir, git};

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_minhbach");
const COMMIT_URL: &str = "https://git.example.gov.vn/portal/commit/{hash}";

fn repo_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn describe(out: &Output) -> String {
    format!(
        "status {:?}\n--- stdout ---\n{}\n--- stderr ---\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn build(root: &Path, out: &Path) -> Output {
    let output = Command::new(BIN)
        .args(["build", "--no-minify", "--root"])
        .arg(root)
        .arg("--output")
        .arg(out)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", describe(&output));
    output
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = read(path);
    assert!(text.contains(from), "{} has no `{from}`", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

fn append(path: &Path, text: &str) {
    let mut s = read(path);
    s.push_str(text);
    std::fs::write(path, s).unwrap();
}

/// The `history` section of a page, or None.
fn history_section(html: &str) -> Option<&str> {
    let start = html.find("<section class=\"history\"")?;
    let end = html[start..].find("</section>")? + start;
    Some(&html[start..end])
}

/// Every file below `dir`, read as text where it is text.
fn all_text(dir: &Path) -> Vec<(PathBuf, String)> {
    crate::common::files_under(dir)
        .into_iter()
        .filter_map(|path| Some((path.clone(), std::fs::read_to_string(&path).ok()?)))
        .collect()
}

/// The commits of the test repository, by step.
struct Repo {
    _dir: tempfile::TempDir,
    root: PathBuf,
    first: String,
    fee: String,
    translation: String,
    rename: String,
}

/// A site in a fresh repository, committed in four steps:
///
/// 1. 2024-03-05 10:00 +07:00: everything (site.yaml names the commit address, shows authors);
/// 2. 2024-06-10 09:00 +07:00: the procedure changes, with markup in the subject;
/// 3. 2024-12-31 23:30 -05:00: the report's English translation (already 2025 in UTC);
/// 4. 2025-02-14 08:00 +07:00: the channel's file is renamed.
fn make_repo() -> Repo {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    copy_dir(
        &repo_dir().join("tests/fixtures/minimal/content"),
        &root.join("content"),
    );
    copy_dir(&repo_dir().join("themes"), &root.join("themes"));
    let site = root.join("content/site.yaml");
    edit(
        &site,
        "languages:\n- vi\n- en\n",
        "languages: [vi, en, ja, zh, ko]\n",
    );
    append(
        &site,
        &format!("history:\n  show_authors: true\n  commit_url: \"{COMMIT_URL}\"\n"),
    );
    git(&root, "2024-03-05T10:00:00+07:00", &["init", "-q"]);
    let first = commit_all(
        &root,
        "2024-03-05T10:00:00+07:00",
        "Đăng tải nội dung ban đầu",
    );

    append(
        &root.join("content/procedures/2.000001.yaml"),
        "notes: Phí được cập nhật.\n",
    );
    let fee = commit_all(
        &root,
        "2024-06-10T09:00:00+07:00",
        "Cập nhật phí <script>alert(1)</script>",
    );

    append(
        &root.join("content/reports/bc-cchc-quy-1-2025.en.md"),
        "\nOne more sentence.\n",
    );
    let translation = commit_all(
        &root,
        "2024-12-31T23:30:00-05:00",
        "Translate the quarterly report",
    );

    git(
        &root,
        "2025-02-14T08:00:00+07:00",
        &[
            "mv",
            "content/channels/duong-day-nong.yaml",
            "content/channels/duong-day-nong-so.yaml",
        ],
    );
    let rename = commit_all(
        &root,
        "2025-02-14T08:00:00+07:00",
        "Đổi tên tệp đường dây nóng",
    );
    Repo {
        _dir: dir,
        root,
        first,
        fee,
        translation,
        rename,
    }
}

fn link(hash: &str) -> String {
    format!("href=\"{}\"", COMMIT_URL.replace("{hash}", hash))
}

#[test]
fn pages_show_dates_changes_and_links_from_git() {
    let repo = make_repo();
    let out = repo.root.join("public");
    let result = build(&repo.root, &out);
    assert!(
        !String::from_utf8_lossy(&result.stdout).contains("note:"),
        "a full repository gives no note: {}",
        describe(&result)
    );

    // The procedure: two changes, newest first, dated in every language's format.
    let vi = read(&out.join("vi/procedures/2.000001/index.html"));
    let section = history_section(&vi).expect("the procedure page has a history section");
    assert!(
        section.contains("<time datetime=\"2024-06-10\">10/06/2024</time>"),
        "{section}"
    );
    let fee_at = section
        .find(&link(&repo.fee))
        .expect("link to the fee commit");
    let first_at = section
        .find(&link(&repo.first))
        .expect("link to the first commit");
    assert!(fee_at < first_at, "newest first: {section}");
    assert!(section.contains("Lịch sử thay đổi (2)"), "{section}");
    assert!(section.contains(AUTHOR), "show_authors: true shows names");
    // A commit subject is untrusted: escaped, never markup.
    assert!(!section.contains("<script>"), "{section}");
    assert!(section.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));

    let en = read(&out.join("en/procedures/2.000001/index.html"));
    assert!(en.contains("Last updated: <time datetime=\"2024-06-10\">10 June 2024</time>"));
    let ja = read(&out.join("ja/procedures/2.000001/index.html"));
    assert!(ja.contains("<time datetime=\"2024-06-10\">2024年6月10日</time>"));
    let ko = read(&out.join("ko/procedures/2.000001/index.html"));
    assert!(ko.contains("<time datetime=\"2024-06-10\">2024년 6월 10일</time>"));

    // The report: its translation file's commit counts, dated in the committer's time zone
    // (31 December, although it was already 1 January in UTC).
    let report = read(&out.join("vi/reports/bc-cchc-quy-1-2025/index.html"));
    let section = history_section(&report).unwrap();
    assert!(
        section.contains("datetime=\"2024-12-31\">31/12/2024"),
        "{section}"
    );
    assert!(section.contains(&link(&repo.translation)));
    assert!(section.contains("Lịch sử thay đổi (2)"), "{section}");

    // The renamed channel keeps the history of its old file name.
    let channel = read(&out.join("vi/channels/duong-day-nong-so/index.html"));
    let section = history_section(&channel).unwrap();
    assert!(section.contains(&link(&repo.rename)) && section.contains(&link(&repo.first)));
    assert!(section.contains("14/02/2025"), "{section}");

    // Untouched records: only the first commit.
    let doc = read(&out.join("zh/documents/1-qd-ubnd-2024/index.html"));
    let section = history_section(&doc).unwrap();
    assert!(
        section.contains("2024年3月5日") && section.contains("(1)"),
        "{section}"
    );
    assert!(!section.contains(&repo.fee));

    // No page or file anywhere carries an e-mail address of an author.
    for (path, text) in all_text(&out) {
        assert!(
            !text.contains(EMAIL),
            "{} publishes the e-mail",
            path.display()
        );
        assert!(!text.contains("example.org"), "{}", path.display());
    }
}

#[test]
fn authors_are_hidden_unless_asked_and_links_need_an_address() {
    let repo = make_repo();
    let site = repo.root.join("content/site.yaml");
    edit(
        &site,
        &format!("history:\n  show_authors: true\n  commit_url: \"{COMMIT_URL}\"\n"),
        "history:\n  show_changes: true\n",
    );
    commit_all(&repo.root, "2025-03-01T08:00:00+07:00", "Ẩn tên người sửa");
    let out = repo.root.join("public");
    build(&repo.root, &out);
    let page = read(&out.join("en/procedures/2.000001/index.html"));
    let section = history_section(&page).unwrap();
    assert!(!section.contains(AUTHOR), "names are hidden by default");
    assert!(!section.contains("href="), "no commit address, no links");
    assert!(section.contains("Cập nhật phí"));

    // Without the list of changes, "last updated" stays.
    edit(
        &repo.root.join("content/site.yaml"),
        "show_changes: true",
        "show_changes: false",
    );
    commit_all(
        &repo.root,
        "2025-03-02T08:00:00+07:00",
        "Ẩn danh sách thay đổi",
    );
    build(&repo.root, &out);
    let page = read(&out.join("en/procedures/2.000001/index.html"));
    let section = history_section(&page).unwrap();
    assert!(section.contains("Last updated"), "{section}");
    assert!(!section.contains("<details>"), "{section}");
}

#[test]
fn uncommitted_records_have_no_date() {
    let repo = make_repo();
    // An edited record, and a new one that git does not know yet.
    append(
        &repo.root.join("content/documents/1-qd-ubnd-2024.yaml"),
        "# edited, not committed\n",
    );
    std::fs::write(
        repo.root.join("content/documents/2-qd-ubnd-2024.yaml"),
        "number: 2/QĐ-UBND\ntype: decision\nissuer: Ủy ban nhân dân thử nghiệm\ntitle: Quyết định thử nghiệm\n",
    )
    .unwrap();
    let out = repo.root.join("public");
    build(&repo.root, &out);
    for id in ["1-qd-ubnd-2024", "2-qd-ubnd-2024"] {
        let page = read(&out.join(format!("vi/documents/{id}/index.html")));
        assert!(
            history_section(&page).is_none(),
            "{id}: no date rather than a wrong one"
        );
    }
    // Committed records still have theirs.
    let page = read(&out.join("vi/procedures/2.000001/index.html"));
    assert!(history_section(&page).is_some());
}

#[test]
fn shallow_clones_and_plain_folders_build_without_git_dates() {
    let repo = make_repo();
    // A record with an `updated:` field, committed.
    append(
        &repo.root.join("content/indices/par-index.yaml"),
        "updated: 2023-01-15\n",
    );
    commit_all(&repo.root, "2025-03-01T08:00:00+07:00", "Ghi ngày cập nhật");

    let dir = tempfile::tempdir().unwrap();
    let shallow = dir.path().join("shallow");
    let url = format!("file://{}", repo.root.display());
    git(
        dir.path(),
        "2025-03-01T08:00:00+07:00",
        &[
            "clone",
            "-q",
            "--depth",
            "1",
            &url,
            shallow.to_str().unwrap(),
        ],
    );
    let plain = dir.path().join("plain");
    copy_dir(&repo.root.join("content"), &plain.join("content"));
    copy_dir(&repo.root.join("themes"), &plain.join("themes"));

    for (root, note) in [(&shallow, "shallow"), (&plain, "not a git repository")] {
        let out = dir.path().join(format!("out-{note}"));
        let result = build(root, &out);
        let stdout = String::from_utf8_lossy(&result.stdout);
        assert!(stdout.contains(note), "the build says why: {stdout}");
        let page = read(&out.join("vi/procedures/2.000001/index.html"));
        assert!(history_section(&page).is_none(), "{note}: no git dates");
        // The `updated:` field gives the date, with no list of changes.
        let index = read(&out.join("en/indices/par-index/index.html"));
        let section = history_section(&index).expect("the updated: field gives a date");
        assert!(section.contains("<time datetime=\"2023-01-15\">15 January 2023</time>"));
        assert!(!section.contains("<details>"), "{section}");
    }
}

#[test]
fn a_repository_without_commits_builds_without_dates_or_notes() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    copy_dir(
        &repo_dir().join("tests/fixtures/minimal/content"),
        &root.join("content"),
    );
    copy_dir(&repo_dir().join("themes"), &root.join("themes"));
    git(&root, "2025-03-01T08:00:00+07:00", &["init", "-q"]);
    let out = root.join("public");
    let result = build(&root, &out);
    assert!(
        !String::from_utf8_lossy(&result.stdout).contains("note:"),
        "{}",
        describe(&result)
    );
    let page = read(&out.join("vi/procedures/2.000001/index.html"));
    assert!(history_section(&page).is_none());
}

#[test]
fn same_repository_state_gives_the_same_output() {
    let repo = make_repo();
    let a = repo.root.join("out-a");
    let b = repo.root.join("out-b");
    build(&repo.root, &a);
    build(&repo.root, &b);
    let mut left = all_text(&a);
    let mut right = all_text(&b);
    left.sort();
    right.sort();
    assert_eq!(left.len(), right.len());
    for ((pa, ta), (pb, tb)) in left.iter().zip(&right) {
        assert_eq!(pa.strip_prefix(&a).unwrap(), pb.strip_prefix(&b).unwrap());
        assert!(ta == tb, "{} differs between builds", pa.display());
    }
}

#[test]
fn bad_history_settings_and_dates_are_reported_where_they_are() {
    let repo = make_repo();
    edit(
        &repo.root.join("content/site.yaml"),
        "commit/{hash}",
        "commit/",
    );
    append(
        &repo.root.join("content/documents/1-qd-ubnd-2024.yaml"),
        "updated: 2024-02-30\n",
    );
    let output = Command::new(BIN)
        .args(["check", "--root"])
        .arg(&repo.root)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", describe(&output));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("no `{hash}` placeholder"), "{stderr}");
    assert!(stderr.contains("content/site.yaml:"), "{stderr}");
    assert!(stderr.contains("`2024-02-30`"), "{stderr}");
    assert!(
        stderr.contains("content/documents/1-qd-ubnd-2024.yaml:"),
        "{stderr}"
    );
}

#[test]
fn sitemap_and_feeds_use_the_same_dates_as_the_pages() {
    let repo = make_repo();
    let out = repo.root.join("public");
    let base = "https://cong.example.gov.vn/";
    let output = Command::new(BIN)
        .args(["build", "--base-url", base, "--root"])
        .arg(&repo.root)
        .arg("--output")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", describe(&output));

    // The sitemap dates each record page by its last change, as the page itself does.
    let sitemap = read(&out.join("sitemap.xml"));
    for lang in ["vi", "en", "ko"] {
        let entry = format!(
            "<loc>{base}{lang}/procedures/2.000001/</loc>\n    <lastmod>2024-06-10</lastmod>"
        );
        assert!(sitemap.contains(&entry), "{entry}\nnot in\n{sitemap}");
    }
    let renamed = format!(
        "<loc>{base}vi/channels/duong-day-nong-so/</loc>\n    <lastmod>2025-02-14</lastmod>"
    );
    assert!(sitemap.contains(&renamed), "{sitemap}");
    // The procedure list changes when one of its procedures does.
    assert!(sitemap.contains(&format!(
        "<loc>{base}en/procedures/</loc>\n    <lastmod>2024-06-10</lastmod>"
    )));

    // The feed of changed procedures: one entry a commit, newest first, with the commit's time
    // and subject (escaped), and an id that tells the two changes of the same page apart.
    let feed = read(&out.join("en/procedures.xml"));
    let doc = roxmltree::Document::parse(&feed).expect("the feed is XML");
    let entries: Vec<_> = doc
        .root_element()
        .children()
        .filter(|n| n.tag_name().name() == "entry")
        .collect();
    let text = |e: &roxmltree::Node, name: &str| {
        e.children()
            .find(|c| c.tag_name().name() == name)
            .and_then(|c| c.text())
            .unwrap_or_default()
            .to_owned()
    };
    let ours: Vec<_> = entries
        .iter()
        .filter(|e| text(e, "id").starts_with(&format!("{base}en/procedures/2.000001/#")))
        .collect();
    assert_eq!(ours.len(), 2, "two commits touched the procedure:\n{feed}");
    assert_eq!(text(ours[0], "updated"), "2024-06-10T09:00:00+07:00");
    assert_eq!(
        text(ours[0], "summary"),
        "Cập nhật phí <script>alert(1)</script>"
    );
    assert!(
        feed.contains("&lt;script&gt;"),
        "the subject is escaped in the XML"
    );
    assert!(text(ours[0], "id").ends_with(&repo.fee));
    assert!(text(ours[1], "id").ends_with(&repo.first));
    assert_eq!(
        text(&doc.root_element(), "updated"),
        text(&entries[0], "updated"),
        "the feed is as new as its newest entry"
    );
    assert!(!feed.contains(EMAIL));
}
