//! Answering requests from the last good build.
//!
//! The site is served from memory: a request path is looked up in the map of rendered files, so
//! no request can reach a file outside the output, whatever `..`, encoded or not, or symbolic
//! link it tries. Paths that try anyway get 400 before any lookup.
//!
//! Only requests addressed to this server are answered: a `Host` that names anything else gets
//! 421, so that a web page whose domain an attacker points at 127.0.0.1 (DNS rebinding) cannot
//! read the preview or its problems stream. Connections that send their headers too slowly, or
//! sit idle, are closed.

use super::{Shared, events};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use incremental::{Output, Stored};
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

/// How long a client may take to send a request's headers, and how long a kept-alive connection
/// may wait for its next request. A browser sends its headers at once; a slow sender is either
/// broken or trying to hold connections open.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);

/// Serve `shared` on `listener` until the process ends.
pub async fn run(
    listener: std::net::TcpListener,
    shared: Arc<Shared>,
) -> Result<(), super::ServeError> {
    let local = listener.local_addr().map_err(super::ServeError::Runtime)?;
    let listener =
        tokio::net::TcpListener::from_std(listener).map_err(super::ServeError::Runtime)?;
    let hosts = Arc::new(AllowedHosts::for_address(local));
    let app = axum::Router::new()
        .fallback(handle)
        .with_state(shared)
        .layer(axum::middleware::from_fn(
            move |request: Request, next: axum::middleware::Next| {
                let hosts = hosts.clone();
                async move {
                    if hosts.allows(request.headers(), request.uri()) {
                        next.run(request).await
                    } else {
                        misdirected()
                    }
                }
            },
        ));
    loop {
        let (stream, _) = match listener.accept().await {
            Ok(accepted) => accepted,
            // Too many open files and the like pass; the server goes on with the next one.
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let service = TowerToHyperService::new(app.clone());
        tokio::spawn(async move {
            // A connection that fails (reset, timed out) concerns that client alone.
            let _ = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(HEADER_TIMEOUT)
                .max_buf_size(64 * 1024)
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

/// The names under which a browser may reach this server.
#[derive(Debug, Clone)]
pub struct AllowedHosts {
    port: u16,
    /// The server listens on every address (`--bind 0.0.0.0`): any IP address is one of its
    /// own, or could not reach it.
    any_address: bool,
    address: IpAddr,
}

impl AllowedHosts {
    pub fn for_address(addr: SocketAddr) -> Self {
        AllowedHosts {
            port: addr.port(),
            any_address: addr.ip().is_unspecified(),
            address: addr.ip(),
        }
    }

    /// Whether a request names this server, in its `Host` header and in an absolute request
    /// target if it has one. A request without `Host` is refused too: HTTP/1.1 requires it.
    pub fn allows(&self, headers: &HeaderMap, uri: &Uri) -> bool {
        let Some(host) = headers.get(header::HOST).and_then(|h| h.to_str().ok()) else {
            return false;
        };
        self.allows_authority(host)
            && uri
                .authority()
                .is_none_or(|authority| self.allows_authority(authority.as_str()))
    }

    /// `host[:port]` as a browser writes it: an IPv6 address in brackets, the port optional.
    pub fn allows_authority(&self, authority: &str) -> bool {
        let Ok(authority) = authority.parse::<axum::http::uri::Authority>() else {
            return false;
        };
        // `user@host` has no place in a Host header.
        if authority.as_str().contains('@') {
            return false;
        }
        if authority.port_u16().is_some_and(|port| port != self.port) {
            return false;
        }
        let name = authority.host();
        let ip = name
            .strip_prefix('[')
            .and_then(|n| n.strip_suffix(']'))
            .unwrap_or(name)
            .parse::<IpAddr>();
        match ip {
            Ok(ip) => self.any_address || ip == self.address,
            // A name is only safe when it cannot be pointed elsewhere by someone else's DNS.
            Err(_) => {
                name.eq_ignore_ascii_case("localhost")
                    && (self.any_address || self.address.is_loopback())
            }
        }
    }
}

fn misdirected() -> Response {
    (
        StatusCode::MISDIRECTED_REQUEST,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        "This preview answers only requests addressed to it, such as http://127.0.0.1:PORT/ or http://localhost:PORT/.\n",
    )
        .into_response()
}

async fn handle(State(shared): State<Arc<Shared>>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        let mut r = (StatusCode::METHOD_NOT_ALLOWED, "Only GET and HEAD\n").into_response();
        r.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return r;
    }
    let head = method == Method::HEAD;
    match uri.path() {
        events::EVENTS_PATH if !head => return events::stream(shared).into_response(),
        events::SCRIPT_PATH => {
            return file(
                StatusCode::OK,
                "text/javascript; charset=utf-8",
                Bytes::from_static(events::SCRIPT.as_bytes()),
                head,
            );
        }
        _ => {}
    }
    let snapshot = shared.snapshot();
    match resolve(&snapshot.output, uri.path()) {
        Resolved::File(key) => {
            let bytes = page(&key, &snapshot.output[&key], snapshot.generation);
            file(StatusCode::OK, content_type(&key), bytes, head)
        }
        Resolved::Redirect(location) => {
            let mut r = StatusCode::PERMANENT_REDIRECT.into_response();
            if let Ok(v) = HeaderValue::from_str(&location) {
                r.headers_mut().insert(header::LOCATION, v);
            }
            r
        }
        Resolved::NotFound(not_found) => match not_found {
            Some(key) => file(
                StatusCode::NOT_FOUND,
                content_type(&key),
                page(&key, &snapshot.output[&key], snapshot.generation),
                head,
            ),
            None => file(
                StatusCode::NOT_FOUND,
                "text/html; charset=utf-8",
                Bytes::from(not_built_page(snapshot.generation)),
                head,
            ),
        },
        Resolved::Bad => (StatusCode::BAD_REQUEST, "Bad request path\n").into_response(),
    }
}

/// An output file as served: HTML pages name the build they come from.
fn page(key: &str, stored: &Stored, generation: u64) -> Bytes {
    let bytes = stored.bytes();
    if key.ends_with(".html") {
        Bytes::from(events::stamp(&bytes, generation))
    } else {
        Bytes::from(bytes)
    }
}

fn file(status: StatusCode, content_type: &'static str, bytes: Bytes, head: bool) -> Response {
    let length = bytes.len();
    let body = if head {
        Body::empty()
    } else {
        Body::from(bytes)
    };
    let mut r = (status, body).into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(header::CONTENT_LENGTH, HeaderValue::from(length));
    // A preview must never show a stale copy.
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    r
}

/// Shown while no build has succeeded yet: it carries the script, so the problems show over it
/// and it reloads by itself once the site builds.
fn not_built_page(generation: u64) -> String {
    let note = if generation == 0 {
        "The site has not built yet."
    } else {
        "This address is not part of the site."
    };
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>minhbach serve</title></head><body><main><h1>{note}</h1></main>{}</body></html>",
        events::script_tag(generation)
    )
}

/// What a request path leads to.
#[derive(Debug, PartialEq, Eq)]
pub enum Resolved {
    /// A file of the output, by its key.
    File(String),
    /// A folder asked for without its trailing slash: the same path with one.
    Redirect(String),
    /// Nothing: the theme's 404 page to show (the language's, else the root one), if there is one.
    NotFound(Option<String>),
    /// A path that tries to leave the output, or cannot be decoded.
    Bad,
}

/// Map a request path (still percent-encoded, as received) to what to answer.
pub fn resolve(output: &Output, raw_path: &str) -> Resolved {
    let Ok(decoded) = percent_encoding::percent_decode_str(raw_path).decode_utf8() else {
        return Resolved::Bad;
    };
    let Some(rest) = decoded.strip_prefix('/') else {
        return Resolved::Bad;
    };
    if rest.contains(['\\', '\0']) {
        return Resolved::Bad;
    }
    let segments: Vec<&str> = rest.split('/').collect();
    let last = segments.len() - 1;
    for (i, s) in segments.iter().enumerate() {
        // `.`, `..`, and empty segments (`//etc/passwd`) except the one after a trailing slash.
        if *s == "." || *s == ".." || (s.is_empty() && i != last) || s.contains(':') {
            return Resolved::Bad;
        }
    }
    let key = if rest.is_empty() || rest.ends_with('/') {
        format!("{rest}index.html")
    } else {
        rest.to_owned()
    };
    if output.contains_key(&key) {
        return Resolved::File(key);
    }
    if output.contains_key(&format!("{key}/index.html")) {
        return Resolved::Redirect(format!("{raw_path}/"));
    }
    let lang_404 = segments
        .first()
        .map(|first| format!("{first}/404.html"))
        .filter(|k| segments.len() > 1 && output.contains_key(k));
    let page = lang_404.or_else(|| {
        let root = "404.html".to_owned();
        output.contains_key(&root).then_some(root)
    });
    Resolved::NotFound(page)
}

/// The content type of an output file, by its extension.
pub fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map_or("", |(_, e)| e);
    match ext.to_ascii_lowercase().as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "csv" => "text/csv; charset=utf-8",
        "svg" => "image/svg+xml",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "wasm" => "application/wasm",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "pdf" => "application/pdf",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        // The files to download (content/files/).
        "doc" => "application/msword",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xls" => "application/vnd.ms-excel",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "odt" => "application/vnd.oasis.opendocument.text",
        "ods" => "application/vnd.oasis.opendocument.spreadsheet",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use incremental::Store;

    fn site() -> Output {
        let store = Store::with_dictionary(b"");
        [
            "index.html",
            "404.html",
            "style.css",
            "vi/index.html",
            "vi/404.html",
            "vi/procedures/2.002311/index.html",
        ]
        .into_iter()
        .map(|k| (k.to_owned(), store.store(k, b"x")))
        .collect()
    }

    #[test]
    fn resolves_files_folders_and_404_pages() {
        let s = site();
        assert_eq!(resolve(&s, "/"), Resolved::File("index.html".into()));
        assert_eq!(
            resolve(&s, "/vi/procedures/2.002311/"),
            Resolved::File("vi/procedures/2.002311/index.html".into())
        );
        assert_eq!(
            resolve(&s, "/vi/procedures/2.002311"),
            Resolved::Redirect("/vi/procedures/2.002311/".into())
        );
        assert_eq!(
            resolve(&s, "/vi/nothing/"),
            Resolved::NotFound(Some("vi/404.html".into()))
        );
        assert_eq!(
            resolve(&s, "/fr/nothing/"),
            Resolved::NotFound(Some("404.html".into()))
        );
        assert_eq!(
            resolve(&s, "/st%79le.css"),
            Resolved::File("style.css".into())
        );
    }

    #[test]
    fn refuses_paths_that_leave_the_root() {
        let s = site();
        for bad in [
            "/../Cargo.toml",
            "/%2e%2e/Cargo.toml",
            "/%2E%2E/",
            "/..%2fCargo.toml",
            "/vi/..%5c..%5cCargo.toml",
            "//etc/passwd",
            "/vi/./index.html",
            "/C:/Windows/win.ini",
            "/%ff",
            "/a%00b",
            "relative",
        ] {
            assert_eq!(resolve(&s, bad), Resolved::Bad, "{bad}");
        }
    }

    #[test]
    fn answers_only_its_own_host() {
        let local = AllowedHosts::for_address("127.0.0.1:1111".parse().unwrap());
        for ok in [
            "127.0.0.1:1111",
            "localhost:1111",
            "LOCALHOST:1111",
            "127.0.0.1",
        ] {
            assert!(local.allows_authority(ok), "{ok}");
        }
        for bad in [
            "evil.example:1111",
            "localhost.evil.example:1111",
            "127.0.0.1.nip.io:1111",
            "127.0.0.1:1112",
            "127.0.0.2:1111",
            "[::1]:1111",
            "192.168.1.5:1111",
            "user@127.0.0.1:1111",
            "",
            "127.0.0.1:1111/x",
        ] {
            assert!(!local.allows_authority(bad), "{bad:?}");
        }

        let everywhere = AllowedHosts::for_address("0.0.0.0:8080".parse().unwrap());
        for ok in [
            "192.168.1.5:8080",
            "localhost:8080",
            "[::1]:8080",
            "10.0.0.7",
        ] {
            assert!(everywhere.allows_authority(ok), "{ok}");
        }
        for bad in ["portal.example:8080", "192.168.1.5:1111"] {
            assert!(!everywhere.allows_authority(bad), "{bad}");
        }

        let v6 = AllowedHosts::for_address("[::1]:3000".parse().unwrap());
        assert!(v6.allows_authority("[::1]:3000"));
        assert!(v6.allows_authority("localhost:3000"));
        assert!(!v6.allows_authority("127.0.0.1:3000"));
    }

    #[test]
    fn a_request_needs_a_host_and_an_absolute_target_must_match_it() {
        let hosts = AllowedHosts::for_address("127.0.0.1:1111".parse().unwrap());
        let mut headers = HeaderMap::new();
        let path: Uri = "/".parse().unwrap();
        assert!(!hosts.allows(&headers, &path), "no Host header");
        headers.insert(header::HOST, HeaderValue::from_static("127.0.0.1:1111"));
        assert!(hosts.allows(&headers, &path));
        let absolute: Uri = "http://evil.example:1111/".parse().unwrap();
        assert!(!hosts.allows(&headers, &absolute));
        let own: Uri = "http://localhost:1111/".parse().unwrap();
        assert!(hosts.allows(&headers, &own));
    }

    #[test]
    fn content_types() {
        for (path, ty) in [
            ("a.html", "text/html; charset=utf-8"),
            ("a.css", "text/css; charset=utf-8"),
            ("a.js", "text/javascript; charset=utf-8"),
            ("a.json", "application/json"),
            ("a.csv", "text/csv; charset=utf-8"),
            ("a.svg", "image/svg+xml"),
            ("a.xml", "application/xml"),
            ("a.wasm", "application/wasm"),
            ("a.woff2", "font/woff2"),
            ("a.pdf", "application/pdf"),
            ("a.png", "image/png"),
            ("a.JPG", "image/jpeg"),
            ("a.unknown", "application/octet-stream"),
        ] {
            assert_eq!(content_type(path), ty, "{path}");
        }
        // Files to download are served with the type their links and the open data give.
        for ext in [
            "pdf", "doc", "docx", "xls", "xlsx", "odt", "ods", "png", "jpg", "jpeg", "gif", "webp",
            "zip",
        ] {
            let name = format!("a.{ext}");
            assert_eq!(
                content_type(&name),
                load::content_files::media_type(&name),
                "{name}"
            );
        }
    }
}
