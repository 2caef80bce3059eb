//! `minhbach serve --open` hands the preview's address to the desktop's opener (`xdg-open` on
//! Linux). A stand-in `xdg-open` first on PATH records what it was given.

#![cfg(target_os = "linux")]

use crate::common::copy_shipped_site;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const DEADLINE: Duration = Duration::from_secs(60);

#[test]
fn open_hands_the_served_address_to_the_browser_opener() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    copy_shipped_site(&root);
    let bin = dir.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    let opened = dir.path().join("opened.txt");
    let opener = bin.join("xdg-open");
    std::fs::write(
        &opener,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$@\" > '{}'\n",
            opened.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&opener, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );

    let mut child = Command::new(env!("CARGO_BIN_EXE_minhbach"))
        .args(["serve", "--port", "0", "--open", "--root"])
        .arg(&root)
        .env("PATH", path)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(at) = line.find("http://") {
                let url: String = line[at..].split_whitespace().next().unwrap().to_owned();
                let _ = tx.send(url);
            }
        }
    });
    let served = rx.recv_timeout(DEADLINE);
    let started = Instant::now();
    let mut recorded = String::new();
    while started.elapsed() < DEADLINE {
        recorded = std::fs::read_to_string(&opened).unwrap_or_default();
        if !recorded.is_empty() {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
    let served = served.expect("serve printed its address");
    assert!(served.starts_with("http://127.0.0.1:"), "{served}");
    assert_eq!(recorded.trim(), served, "the opener got the served address");
}
