//! The deployment recipes in `deploy/`: the CI files are valid YAML that build on pushes to main
//! with the full git history and publish `public/`; the nginx server block passes `nginx -t` and,
//! serving a built site, sends the content types, caching headers and 404 pages it promises.
//!
//! The nginx test needs nginx, so it is `#[ignore]`d in a plain `cargo test`; `tests/run` runs it
//! (`cargo test --test integration deploy:: -- --ignored`) and `.ci/run` installs nginx.

use crate::common::{copy_dir, repo};

use serde_yaml::Value;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::Command;
use std::time::{Duration, Instant};

fn yaml(name: &str) -> Value {
    let text = std::fs::read_to_string(repo().join("deploy").join(name)).unwrap();
    serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("deploy/{name} is not YAML: {e}"))
}

#[test]
fn github_workflow_builds_main_with_full_history_and_publishes_public() {
    let w = yaml("github-pages.yml");
    let branches = &w["on"]["push"]["branches"];
    assert_eq!(branches[0].as_str(), Some("main"), "{branches:?}");
    let steps = w["jobs"]["build"]["steps"].as_sequence().unwrap();
    let checkout = steps
        .iter()
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("actions/checkout@"))
        })
        .expect("a checkout step");
    assert_eq!(
        checkout["with"]["fetch-depth"].as_u64(),
        Some(0),
        "dates need the full history"
    );
    let build = steps
        .iter()
        .find_map(|s| s["run"].as_str())
        .expect("a build step");
    assert!(build.contains("-- build"), "{build}");
    let upload = steps
        .iter()
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("actions/upload-pages-artifact@"))
        })
        .expect("an upload step");
    assert_eq!(upload["with"]["path"].as_str(), Some("public"));
    assert_eq!(w["permissions"]["pages"].as_str(), Some("write"));
    assert!(
        w["jobs"]["deploy"]["steps"][0]["uses"]
            .as_str()
            .is_some_and(|u| u.starts_with("actions/deploy-pages@"))
    );
}

#[test]
fn gitlab_job_builds_main_with_full_history_and_publishes_public() {
    let c = yaml("gitlab-ci.yml");
    let pages = &c["pages"];
    assert_eq!(pages["variables"]["GIT_DEPTH"].as_str(), Some("0"));
    assert_eq!(pages["artifacts"]["paths"][0].as_str(), Some("public"));
    let rule = pages["rules"][0]["if"].as_str().unwrap();
    assert!(
        rule.contains("CI_COMMIT_BRANCH") && rule.contains("\"main\""),
        "{rule}"
    );
    let script = pages["script"][0].as_str().unwrap();
    assert!(script.contains("-- build"), "{script}");
}

/// A plain HTTP/1.0 GET: status code, headers (lower-case names) and body.
fn get(port: u16, path: &str) -> (u16, Vec<(String, String)>, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.0\r\nHost: portal.example.gov.vn\r\nAccept-Encoding: identity\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let raw = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap();
    let mut lines = head.lines();
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers = lines
        .filter_map(|l| l.split_once(": "))
        .map(|(k, v)| (k.to_ascii_lowercase(), v.to_owned()))
        .collect();
    (status, headers, body.to_owned())
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// Kills the nginx it holds when the test ends, pass or fail.
struct Server(std::process::Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
#[ignore = "needs nginx; tests/run runs this test and .ci/run installs nginx"]
fn nginx_serves_the_built_site_with_types_caching_and_404_pages() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    copy_dir(
        &repo().join("tests/fixtures/minimal/content"),
        &site.join("content"),
    );
    copy_dir(&repo().join("themes"), &site.join("themes"));
    let public = dir.path().join("public");
    let built = Command::new(env!("CARGO_BIN_EXE_minhbach"))
        .args(["build", "--root"])
        .arg(&site)
        .arg("--output")
        .arg(&public)
        .output()
        .unwrap();
    assert!(built.status.success(), "{built:?}");

    // The recipe as shipped, pointed at this build and a free local port.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let recipe = std::fs::read_to_string(repo().join("deploy/nginx.conf")).unwrap();
    for expected in ["listen 80;", "listen [::]:80;", "root /var/www/portal;"] {
        assert!(recipe.contains(expected), "the recipe has `{expected}`");
    }
    let server_block = recipe
        .replace("listen 80;", &format!("listen 127.0.0.1:{port};"))
        .replace("listen [::]:80;", "")
        .replace(
            "root /var/www/portal;",
            &format!("root {};", public.display()),
        );
    let prefix = dir.path().join("nginx");
    std::fs::create_dir_all(prefix.join("logs")).unwrap();
    std::fs::write(prefix.join("portal.conf"), server_block).unwrap();
    let p = prefix.display();
    std::fs::write(
        prefix.join("nginx.conf"),
        format!(
            "daemon off;\n# One process, so that killing it leaves nothing behind.\nmaster_process off;\nworker_processes 1;\npid {p}/nginx.pid;\nerror_log {p}/logs/error.log;\nevents {{}}\nhttp {{\n  include /etc/nginx/mime.types;\n  default_type application/octet-stream;\n  access_log off;\n  client_body_temp_path {p}/body;\n  proxy_temp_path {p}/proxy;\n  fastcgi_temp_path {p}/fastcgi;\n  uwsgi_temp_path {p}/uwsgi;\n  scgi_temp_path {p}/scgi;\n  include {p}/portal.conf;\n}}\n"
        ),
    )
    .unwrap();
    let conf = prefix.join("nginx.conf");
    let check = Command::new("nginx")
        .arg("-t")
        .arg("-p")
        .arg(&prefix)
        .arg("-c")
        .arg(&conf)
        .output()
        .expect("nginx is installed (apt-get install nginx)");
    let messages = String::from_utf8_lossy(&check.stderr);
    assert!(check.status.success(), "nginx -t: {messages}");
    assert!(!messages.contains("[warn]"), "nginx -t warns: {messages}");

    let _server = Server(
        Command::new("nginx")
            .arg("-p")
            .arg(&prefix)
            .arg("-c")
            .arg(&conf)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap(),
    );
    // Wait until it listens (a readiness wait, not a speed check).
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "nginx did not start"
        );
        std::thread::sleep(Duration::from_millis(50));
    }

    let (status, headers, body) = get(port, "/en/procedures/2.000001/");
    assert_eq!(status, 200);
    assert_eq!(
        header(&headers, "content-type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(header(&headers, "cache-control"), Some("no-cache"));
    assert_eq!(header(&headers, "x-content-type-options"), Some("nosniff"));
    assert_eq!(page_lang(&body), "en");

    let (status, headers, _) = get(port, "/");
    assert_eq!(status, 200, "the language chooser");
    assert_eq!(header(&headers, "cache-control"), Some("no-cache"));

    let (status, headers, _) = get(port, "/style.css?v=0123abcd");
    assert_eq!(status, 200);
    assert!(
        header(&headers, "content-type")
            .unwrap()
            .starts_with("text/css")
    );
    assert_eq!(
        header(&headers, "cache-control"),
        Some("public, max-age=31536000, immutable")
    );
    let (_, headers, _) = get(port, "/style.css");
    assert_eq!(
        header(&headers, "cache-control"),
        Some("public, max-age=86400")
    );

    // A missing page gets the 404 page of its language, or the root one.
    let (status, headers, body) = get(port, "/en/no-such-page/");
    assert_eq!(status, 404);
    assert_eq!(page_lang(&body), "en", "{body}");
    assert_eq!(header(&headers, "cache-control"), Some("no-cache"));
    let (status, _, body) = get(port, "/no-such-page");
    assert_eq!(status, 404);
    assert_eq!(page_lang(&body), "vi", "{body}");

    // A folder without its slash is redirected to it, relative to the address asked for.
    let (status, headers, _) = get(port, "/vi");
    assert_eq!(status, 301);
    assert_eq!(header(&headers, "location"), Some("/vi/"));
}

/// The `lang` of a page's `<html>` element.
fn page_lang(html: &str) -> String {
    let doc = scraper::Html::parse_document(html);
    let sel = scraper::Selector::parse("html").unwrap();
    doc.select(&sel)
        .next()
        .and_then(|e| e.value().attr("lang"))
        .unwrap_or_default()
        .to_owned()
}
