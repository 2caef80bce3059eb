//! `minhbach serve` end to end: the real binary on a copy of the shipped site, on a free port,
//! driven as staff and browsers drive it. Every wait is a poll with a generous deadline, so the
//! tests hold on a loaded machine; what they assert is the outcome, never a duration.

use crate::common::{commit_all, copy_shipped_site, git, repo};

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const DEADLINE: Duration = Duration::from_secs(60);
const PROCEDURE: &str = "content/procedures/2.002312.yaml";
const PROCEDURE_PAGE: &str = "/en/procedures/2.002312/";

/// A running `minhbach serve` on a copy of the shipped site; stopped when dropped.
struct Server {
    _dir: tempfile::TempDir,
    root: PathBuf,
    child: Child,
    port: u16,
    log: Arc<Mutex<String>>,
}

impl Server {
    fn start() -> Self {
        Self::start_with(|_| {}, &["--port", "0"])
    }

    /// Prepare the copy with `prepare`, then start the server with `args`.
    fn start_with(prepare: impl FnOnce(&Path), args: &[&str]) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        copy_shipped_site(&root);
        prepare(&root);
        let mut child = Command::new(env!("CARGO_BIN_EXE_minhbach"))
            .arg("serve")
            .arg("--root")
            .arg(&root)
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let log = Arc::new(Mutex::new(String::new()));
        let (port_tx, port_rx) = channel();
        let stdout = child.stdout.take().unwrap();
        let stderr = child.stderr.take().unwrap();
        for (stream, port_tx) in [
            (Box::new(stdout) as Box<dyn Read + Send>, Some(port_tx)),
            (Box::new(stderr), None),
        ] {
            let log = log.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines() {
                    let Ok(line) = line else { break };
                    if let Some(tx) = &port_tx
                        && let Some(port) = parse_port(&line)
                    {
                        let _ = tx.send(port);
                    }
                    let mut log = log.lock().unwrap();
                    log.push_str(&line);
                    log.push('\n');
                }
            });
        }
        let port = port_rx.recv_timeout(DEADLINE).unwrap_or_else(|_| {
            let _ = child.kill();
            panic!("serve did not print its address: {}", log.lock().unwrap())
        });
        Server {
            _dir: dir,
            root,
            child,
            port,
            log,
        }
    }

    fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    fn get(&self, path: &str) -> Response {
        request(self.port, "GET", path)
    }

    /// Poll `path` until `done` holds for the response, or fail with the server's log.
    fn wait_for(&self, what: &str, path: &str, done: impl Fn(&Response) -> bool) -> Response {
        let start = Instant::now();
        loop {
            let r = self.get(path);
            if done(&r) {
                return r;
            }
            if start.elapsed() > DEADLINE {
                panic!(
                    "{what}: still not seen after {DEADLINE:?}; last status {}\nserver log:\n{}",
                    r.status,
                    self.log()
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn edit(&self, rel: &str, from: &str, to: &str) {
        let path = self.path(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{rel} does not contain {from:?}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    }

    fn events(&self) -> Events {
        Events::connect(self.port)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn parse_port(line: &str) -> Option<u16> {
    let rest = line.split("http://127.0.0.1:").nth(1)?;
    rest.split('/').next()?.parse().ok()
}

struct Response {
    status: u16,
    head: String,
    body: Vec<u8>,
}

impl Response {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    fn header(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim().to_owned())
        })
    }
}

/// One HTTP/1.1 request over a fresh connection, with the path sent exactly as given.
fn request(port: u16, method: &str, path: &str) -> Response {
    request_raw(
        port,
        &format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"),
    )
}

/// A request sent exactly as given over a fresh connection, and its whole response.
fn request_raw(port: u16, raw_request: &str) -> Response {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(DEADLINE)).unwrap();
    s.write_all(raw_request.as_bytes()).unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a complete response head");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap();
    Response {
        status,
        head,
        body: raw[split + 4..].to_vec(),
    }
}

/// The Server-Sent Events a page receives.
struct Events {
    receiver: Receiver<(String, serde_json::Value)>,
}

impl Events {
    fn connect(port: u16) -> Self {
        let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
        write!(
            s,
            "GET /__minhbach/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        let (tx, receiver) = channel();
        std::thread::spawn(move || {
            let mut name = String::new();
            for line in BufReader::new(s).lines() {
                let Ok(line) = line else { break };
                if let Some(n) = line.strip_prefix("event: ") {
                    name = n.to_owned();
                } else if let Some(data) = line.strip_prefix("data: ")
                    && let Ok(value) = serde_json::from_str(data)
                    && tx.send((std::mem::take(&mut name), value)).is_err()
                {
                    break;
                }
            }
        });
        Events { receiver }
    }

    /// The next event named `name`, skipping others.
    fn next(&self, name: &str) -> serde_json::Value {
        let start = Instant::now();
        while let Some(left) = DEADLINE.checked_sub(start.elapsed()) {
            match self.receiver.recv_timeout(left) {
                Ok((n, value)) if n == name => return value,
                Ok(_) => {}
                Err(e) => panic!("no `{name}` event: {e}"),
            }
        }
        panic!("no `{name}` event within {DEADLINE:?}");
    }
}

#[test]
fn edits_saves_through_rename_and_deletions_are_served() {
    let server = Server::start();
    let page = server.get(PROCEDURE_PAGE);
    assert_eq!(page.status, 200);
    assert!(page.text().contains("Permission to hold"));
    assert!(
        page.text().contains("/__minhbach/live-reload.js"),
        "served pages carry the live-reload script"
    );

    // A plain save.
    server.edit(PROCEDURE, "  en: Permission to hold", "  en: Leave to hold");
    server.wait_for("an edited procedure", PROCEDURE_PAGE, |r| {
        r.status == 200 && r.text().contains("Leave to hold")
    });

    // An editor's atomic save: write a temporary file beside it, rename it over the original.
    let text = std::fs::read_to_string(server.path(PROCEDURE)).unwrap();
    let temp = server.path("content/procedures/.2.002312.yaml.tmp");
    std::fs::write(
        &temp,
        text.replace("Leave to hold", "Authorisation to hold"),
    )
    .unwrap();
    std::fs::rename(&temp, server.path(PROCEDURE)).unwrap();
    server.wait_for("a save through a rename", PROCEDURE_PAGE, |r| {
        r.status == 200 && r.text().contains("Authorisation to hold")
    });

    // Delete the record: its pages are gone (the theme's 404 page in that language), the list no
    // longer links to it.
    assert!(server.get("/vi/procedures/").text().contains("2.002312/"));
    // First, as staff would, the news items about it stop naming it (else its removal is an
    // error, and the last good output stays).
    for entry in std::fs::read_dir(server.path("content/news")).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        if text.contains("'2.002312', ") {
            std::fs::write(&path, text.replace("'2.002312', ", "")).unwrap();
        }
    }
    std::fs::remove_file(server.path(PROCEDURE)).unwrap();
    let gone = server.wait_for("a deleted procedure", PROCEDURE_PAGE, |r| r.status == 404);
    assert!(gone.text().contains("lang=\"en\""), "the English 404 page");
    assert_eq!(
        gone.header("content-type").as_deref(),
        Some("text/html; charset=utf-8")
    );
    for lang in ["vi", "ja", "zh", "ko"] {
        assert_eq!(
            server.get(&format!("/{lang}/procedures/2.002312/")).status,
            404
        );
    }
    let list = server.get("/vi/procedures/");
    assert_eq!(list.status, 200);
    assert!(
        !list.text().contains("2.002312/"),
        "the list still links to it"
    );
    assert!(
        server
            .log()
            .contains("Changed content/procedures/2.002312.yaml"),
        "the terminal says what changed:\n{}",
        server.log()
    );
}

#[test]
fn the_problems_stream_quotes_only_the_offending_line_cut_short() {
    let server = Server::start();
    let events = server.events();
    events.next("hello");
    // A secret on the lines around the mistake, and a mistake on a line of 1 MB.
    let text = std::fs::read_to_string(server.path(PROCEDURE)).unwrap();
    let long = "x".repeat(1 << 20);
    let broken = text.replacen(
        "code: '2.002312'",
        &format!("# secret-before-42\ncode: [2.002312 {long}\n# secret-after-42"),
        1,
    );
    std::fs::write(server.path(PROCEDURE), broken).unwrap();
    let report = events.next("problems");
    let whole = report.to_string();
    assert!(
        whole.contains(PROCEDURE),
        "{}",
        &whole[..whole.len().min(2000)]
    );
    assert!(
        !whole.contains("secret-"),
        "a line other than the offending one was shown"
    );
    assert!(
        whole.len() < 10_000,
        "the problems event carries {} bytes for one mistake",
        whole.len()
    );
}

#[test]
fn a_broken_file_shows_problems_and_keeps_serving_until_fixed() {
    let server = Server::start();
    let events = server.events();
    let hello = events.next("hello");
    assert!(hello["errors"].is_null(), "{hello}");

    server.edit(PROCEDURE, "code: '2.002312'", "code: [2.002312");
    // What `minhbach check` says about the broken file.
    let check = Command::new(env!("CARGO_BIN_EXE_minhbach"))
        .args(["check", "--root"])
        .arg(&server.root)
        .output()
        .unwrap();
    let check_text = String::from_utf8_lossy(&check.stderr).into_owned();
    let location = check_text
        .lines()
        .find_map(|l| l.trim().strip_prefix("--> "))
        .unwrap_or_else(|| panic!("check found nothing:\n{check_text}"))
        .to_owned();
    assert!(location.starts_with(PROCEDURE), "{location}");

    let report = events.next("problems");
    let first = &report["problems"][0];
    assert_eq!(first["location"], location.as_str(), "{report}");
    assert_eq!(first["file"], PROCEDURE);
    let line: u64 = location.split(':').nth(1).unwrap().parse().unwrap();
    assert_eq!(first["line"], line);
    assert!(first["hint"].as_str().is_some_and(|h| !h.is_empty()));
    assert!(
        check_text.contains(first["text"].as_str().unwrap()),
        "the overlay shows what check prints"
    );

    // The last good build is still served, and a page opened now learns of the problem at once.
    let page = server.get(PROCEDURE_PAGE);
    assert_eq!(page.status, 200);
    assert!(page.text().contains("Permission to hold"));
    let late = server.events().next("hello");
    assert_eq!(late["errors"]["problems"][0]["location"], location.as_str());
    // The log is read from the server's pipes by other threads: give them a moment.
    let start = Instant::now();
    while !server.log().contains(&location) && start.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(
        server.log().contains(&location),
        "the terminal shows it too"
    );

    // Fixed (with a new text): the pages reload, and the overlay goes.
    let text = std::fs::read_to_string(server.path(PROCEDURE)).unwrap();
    let fixed = text
        .replacen("code: [2.002312", "code: '2.002312'", 1)
        .replacen("  en: Permission to hold", "  en: Fixed and holding", 1);
    std::fs::write(server.path(PROCEDURE), fixed).unwrap();
    let reload = events.next("reload");
    assert!(reload["generation"].as_u64().unwrap() >= 2);
    assert!(
        server
            .get(PROCEDURE_PAGE)
            .text()
            .contains("Fixed and holding")
    );
    let fresh = server.events().next("hello");
    assert!(fresh["errors"].is_null(), "{fresh}");
}

#[cfg(unix)]
#[test]
fn a_link_in_the_theme_is_a_problem_and_its_target_is_never_served() {
    let server = Server::start_with(
        |root| {
            std::os::unix::fs::symlink(
                repo().join("Cargo.toml"),
                root.join("themes/default/static/escape.toml"),
            )
            .unwrap();
        },
        &["--port", "0"],
    );
    let hello = server.events().next("hello");
    let problems = hello["errors"]["problems"].to_string();
    assert!(problems.contains("escape.toml"), "{hello}");
    assert!(!problems.contains("[package]"), "{problems}");
    for path in ["/escape.toml", "/themes/default/static/escape.toml"] {
        let r = server.get(path);
        assert_eq!(r.status, 404, "{path}");
        assert!(!r.text().contains("[package]"), "{path} served Cargo.toml");
    }
}

#[test]
fn requests_cannot_leave_the_output() {
    let server = Server::start_with(|_| {}, &["--port", "0"]);
    // The site built: the requests below are refused by the server, not met by an empty output.
    assert_eq!(server.get("/en/").status, 200);
    for path in [
        "/../Cargo.toml",
        "/%2e%2e/Cargo.toml",
        "/%2E%2E/%2E%2E/Cargo.toml",
        "/..%2fCargo.toml",
        "/vi/..%2f..%2fCargo.toml",
        "/vi/..%5c..%5cCargo.toml",
        "//etc/passwd",
        "/%2fetc/passwd",
        "/etc/passwd",
        &format!("/{}", repo().join("Cargo.toml").display()),
        "/themes/default/static/style.css",
        "/content/site.yaml",
    ] {
        let r = server.get(path);
        assert!(
            r.status == 400 || r.status == 404,
            "{path}: status {}",
            r.status
        );
        assert!(!r.text().contains("[package]"), "{path} served Cargo.toml");
        assert!(!r.text().contains("root:x:0"), "{path} served /etc/passwd");
    }
}

#[test]
fn only_requests_addressed_to_the_preview_are_answered() {
    let server = Server::start_with(|_| {}, &["--port", "0"]);
    let port = server.port;
    for host in [format!("127.0.0.1:{port}"), format!("localhost:{port}")] {
        let r = request_raw(
            port,
            &format!("GET /en/ HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
        );
        assert_eq!(r.status, 200, "Host: {host}");
    }
    // What a DNS-rebinding page sends: its own name, resolved to 127.0.0.1.
    for request in [
        format!("GET /en/ HTTP/1.1\r\nHost: attacker.example:{port}\r\nConnection: close\r\n\r\n"),
        format!(
            "GET /__minhbach/events HTTP/1.1\r\nHost: attacker.example:{port}\r\nAccept: text/event-stream\r\nConnection: close\r\n\r\n"
        ),
        format!(
            "GET /en/ HTTP/1.1\r\nHost: localhost.attacker.example:{port}\r\nConnection: close\r\n\r\n"
        ),
        format!(
            "GET /en/ HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n",
            port.wrapping_add(1)
        ),
        format!(
            "GET http://attacker.example:{port}/en/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
        ),
        "GET /en/ HTTP/1.0\r\nConnection: close\r\n\r\n".to_owned(),
    ] {
        let r = request_raw(port, &request);
        assert_eq!(r.status, 421, "{request:?}");
        assert!(!r.text().contains("<html"), "{request:?} got a page");
    }
}

/// Waits until the server closes `stream`, reading and dropping what it sends; the time it took.
fn time_until_closed(mut stream: TcpStream) -> Duration {
    let start = Instant::now();
    stream.set_read_timeout(Some(DEADLINE)).unwrap();
    let mut buf = [0u8; 4096];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => return start.elapsed(),
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => return start.elapsed(),
            Err(e) => panic!("the server kept the connection open ({e})"),
        }
    }
}

#[test]
fn slow_and_idle_connections_are_closed() {
    let server = Server::start_with(|_| {}, &["--port", "0"]);
    let port = server.port;
    let connect = || TcpStream::connect(("127.0.0.1", port)).unwrap();

    // Connects and says nothing.
    let silent = connect();
    // Starts a request and never finishes its headers (slowloris).
    let mut slow = connect();
    slow.write_all(b"GET /en/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        .unwrap();
    // Gets one answer, keeps the connection and asks nothing more.
    let mut kept = connect();
    write!(kept, "GET /en/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n").unwrap();

    let handles: Vec<_> = [silent, slow, kept]
        .into_iter()
        .map(|s| std::thread::spawn(move || time_until_closed(s)))
        .collect();
    for (what, h) in ["silent", "slow headers", "idle after a response"]
        .iter()
        .zip(handles)
    {
        let took = h.join().unwrap();
        // Closed by the server (not by the test's own deadline), and not at once.
        assert!(took < DEADLINE, "{what}: not closed");
        assert!(
            took >= Duration::from_secs(5),
            "{what}: closed after {took:?}"
        );
    }
    // The server still answers.
    assert_eq!(server.get("/en/").status, 200);
}

#[test]
fn methods_content_types_and_not_found_pages() {
    let server = Server::start();
    for method in ["POST", "PUT", "DELETE", "PATCH", "OPTIONS"] {
        let r = request(server.port, method, "/");
        assert_eq!(r.status, 405, "{method}");
        assert_eq!(r.header("allow").as_deref(), Some("GET, HEAD"));
    }
    let head = request(server.port, "HEAD", "/style.css");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    let css = server.get("/style.css");
    assert_eq!(
        head.header("content-length"),
        Some(css.body.len().to_string())
    );
    assert_eq!(
        css.header("content-type").as_deref(),
        Some("text/css; charset=utf-8")
    );
    assert_eq!(
        server
            .get("/__minhbach/live-reload.js")
            .header("content-type")
            .as_deref(),
        Some("text/javascript; charset=utf-8")
    );
    let root = server.get("/");
    assert_eq!(root.status, 200);
    assert!(root.text().contains("<html"));
    // A folder without its slash is redirected, so that relative links keep working.
    let r = server.get("/vi/procedures");
    assert_eq!(r.status, 308);
    assert_eq!(r.header("location").as_deref(), Some("/vi/procedures/"));
    // Unknown pages: the language's 404 page, else the root one.
    let ja = server.get("/ja/no-such-page/");
    assert_eq!(ja.status, 404);
    assert!(ja.text().contains("lang=\"ja\""));
    let other = server.get("/no-such-page");
    assert_eq!(other.status, 404);
    assert!(other.text().contains("<html"));
}

#[test]
fn a_burst_of_requests_during_rebuilds_all_succeed() {
    let server = Arc::new(Server::start());
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let editor = {
        let server = server.clone();
        let stop = stop.clone();
        std::thread::spawn(move || {
            let mut n = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let text = std::fs::read_to_string(server.path(PROCEDURE)).unwrap();
                std::fs::write(server.path(PROCEDURE), format!("{text}# edit {n}\n")).unwrap();
                n += 1;
                std::thread::sleep(Duration::from_millis(100));
            }
            n
        })
    };
    let clients: Vec<_> = (0..8)
        .map(|i| {
            let port = server.port;
            let stop = stop.clone();
            std::thread::spawn(move || {
                let paths = ["/vi/procedures/", PROCEDURE_PAGE, "/style.css", "/en/"];
                let mut statuses = Vec::new();
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    let path = paths[(i + statuses.len()) % paths.len()];
                    statuses.push(request(port, "GET", path).status);
                }
                statuses
            })
        })
        .collect();
    // Keep the requests coming until several rebuilds have happened under them.
    let start = Instant::now();
    while server.log().matches("Changed ").count() < 3 {
        assert!(
            start.elapsed() < DEADLINE * 2,
            "no rebuilds:\n{}",
            server.log()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let statuses: Vec<u16> = clients
        .into_iter()
        .flat_map(|c| c.join().unwrap())
        .collect();
    let edits = editor.join().unwrap();
    assert!(edits >= 3);
    assert!(statuses.len() >= 8, "{} requests", statuses.len());
    assert!(statuses.iter().all(|s| *s == 200), "statuses: {statuses:?}");
}

#[test]
fn a_taken_port_is_reported_and_another_one_used() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let server = Server::start_with(|_| {}, &["--port", &port]);
    assert_ne!(server.port.to_string(), port);
    assert!(
        server.log().contains(&format!("Port {port} is in use")),
        "{}",
        server.log()
    );
    assert_eq!(server.get("/").status, 200);
}

#[test]
fn built_sites_never_carry_the_live_reload_script() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let status = Command::new(env!("CARGO_BIN_EXE_minhbach"))
        .args(["build", "--quiet", "--root"])
        .arg(repo())
        .arg("--output")
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());
    let files = crate::common::files_under(&out);
    for path in &files {
        let text = String::from_utf8_lossy(&std::fs::read(path).unwrap()).into_owned();
        assert!(!text.contains("__minhbach"), "{}", path.display());
    }
    assert!(files.len() > 100);
}

#[test]
fn a_burst_of_file_changes_gives_one_rebuild() {
    let server = Server::start();
    let docs: Vec<PathBuf> = std::fs::read_dir(server.path("content/documents"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert!(docs.len() >= 100);
    let before = server.log().matches("Changed ").count();
    // What a `git checkout` does: many files rewritten at once (and a changed procedure to see).
    for d in &docs {
        let text = std::fs::read_to_string(d).unwrap();
        std::fs::write(d, format!("{text}# checked out\n")).unwrap();
    }
    server.edit(
        PROCEDURE,
        "  en: Permission to hold",
        "  en: Checked-out leave to hold",
    );
    server.wait_for("the burst", PROCEDURE_PAGE, |r| {
        r.text().contains("Checked-out leave to hold")
    });
    // Give a straggling batch time to show up before counting.
    std::thread::sleep(Duration::from_millis(500));
    let log = server.log();
    let rebuilds = log.matches("Changed ").count() - before;
    // One normally; a machine that stalls in the middle of the writes may split the burst once.
    assert!(
        (1..=2).contains(&rebuilds),
        "{} files changed, {rebuilds} rebuilds:\n{log}",
        docs.len() + 1
    );
    assert!(log.contains("more: rendered"), "{log}");
}

#[test]
fn polling_mode_sees_edits_too() {
    let server = Server::start_with(|_| {}, &["--port", "0", "--poll"]);
    server.edit(
        PROCEDURE,
        "  en: Permission to hold",
        "  en: Polled leave to hold",
    );
    server.wait_for("an edit seen by polling", PROCEDURE_PAGE, |r| {
        r.text().contains("Polled leave to hold")
    });
    // A second save right after the first, likely within the same second of modification time.
    server.edit(
        PROCEDURE,
        "  en: Polled leave to hold",
        "  en: Polled twice",
    );
    server.wait_for("a second edit seen by polling", PROCEDURE_PAGE, |r| {
        r.text().contains("Polled twice")
    });
}

#[test]
fn a_stylesheet_change_lets_pages_swap_the_stylesheet() {
    let server = Server::start();
    let events = server.events();
    events.next("hello");
    let css = server.path("themes/default/static/style.css");
    let text = std::fs::read_to_string(&css).unwrap();
    std::fs::write(
        &css,
        format!("{text}\n.live-reload-test {{ color: red }}\n"),
    )
    .unwrap();
    let reload = events.next("reload");
    assert_eq!(reload["stylesheets_only"], true, "{reload}");
    assert!(
        server
            .get("/style.css")
            .text()
            .contains(".live-reload-test")
    );

    // Any other change reloads the page.
    server.edit(PROCEDURE, "  en: Permission to hold", "  en: Leave to hold");
    let reload = events.next("reload");
    assert_eq!(reload["stylesheets_only"], false, "{reload}");
}

/// In a git repository the preview shows the dates and change history a build shows, and a
/// commit made while it runs updates them, though no source file changed.
#[test]
fn a_commit_while_serving_updates_dates_and_history() {
    let server = Server::start_with(
        |root| {
            git(root, "2025-01-06T09:00:00+07:00", &["init", "-q"]);
            commit_all(root, "2025-01-06T09:00:00+07:00", "Import the portal");
        },
        &["--port", "0"],
    );
    let first = server.wait_for("the first commit", PROCEDURE_PAGE, |r| {
        r.text().contains("Import the portal")
    });
    assert!(first.text().contains("2025-01-06"), "{}", first.text());

    server.edit(PROCEDURE, "  en: Permission to hold", "  en: Leave to hold");
    server.wait_for("the edit", PROCEDURE_PAGE, |r| {
        r.text().contains("Leave to hold")
    });
    commit_all(
        &server.root,
        "2025-02-03T10:30:00+07:00",
        "Rename the festival permit",
    );
    let after = server.wait_for("the new commit", PROCEDURE_PAGE, |r| {
        r.text().contains("Rename the festival permit")
    });
    assert!(after.text().contains("2025-02-03"), "{}", after.text());
    assert!(after.text().contains("Import the portal"));
    assert!(
        server.log().contains("The git history changed"),
        "{}",
        server.log()
    );
}
