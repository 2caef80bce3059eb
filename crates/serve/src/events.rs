//! Telling open pages about rebuilds: a Server-Sent Events stream and the small script that
//! listens to it.

use super::Shared;
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use diagnostics::Diagnostics;
use futures_util::Stream;
use serde::Serialize;
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::broadcast::error::RecvError;

/// Where pages listen for events.
pub const EVENTS_PATH: &str = "/__minhbach/events";
/// Where the live-reload script is served. A file rather than inline code, so that a page's
/// Content-Security-Policy needs no `unsafe-inline` for it.
pub const SCRIPT_PATH: &str = "/__minhbach/live-reload.js";
/// What `serve` puts before `</body>` of every page when rendering it.
pub const SCRIPT_TAG: &str = "<script src=\"/__minhbach/live-reload.js\" defer></script>";

/// The script tag as a page is served: it names the build the page came from, so that a page
/// that was served just before a rebuild, and connects just after it, still reloads.
pub fn script_tag(generation: u64) -> String {
    format!("<script src=\"{SCRIPT_PATH}\" data-generation=\"{generation}\" defer></script>")
}

/// `html` with its script tag naming `generation` (unchanged if it has no tag).
pub fn stamp(html: &[u8], generation: u64) -> Vec<u8> {
    let tag = SCRIPT_TAG.as_bytes();
    match html.windows(tag.len()).rposition(|w| w == tag) {
        Some(at) => [
            &html[..at],
            script_tag(generation).as_bytes(),
            &html[at + tag.len()..],
        ]
        .concat(),
        None => html.to_vec(),
    }
}
/// The script itself.
pub const SCRIPT: &str = include_str!("live-reload.js");

/// What happened.
#[derive(Debug, Clone)]
pub enum Event {
    /// A rebuild succeeded and is being served.
    Reload {
        generation: u64,
        stylesheets_only: bool,
    },
    /// A rebuild failed; the last good build is still served.
    Problems(Arc<Diagnostics>),
}

/// The problems of a failed rebuild as the page's overlay shows them.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct ProblemReport {
    pub title: String,
    pub problems: Vec<Problem>,
}

/// One problem: what `minhbach check` prints, and its parts.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
    pub hint: Option<String>,
    /// `file:line:column`.
    pub location: String,
    /// The whole diagnostic as the terminal shows it (message, location, source line, hint).
    pub text: String,
}

impl ProblemReport {
    pub fn new(diags: &Diagnostics) -> Self {
        ProblemReport {
            title: format!(
                "The site does not build: {} problem{}",
                diags.len(),
                if diags.len() == 1 { "" } else { "s" }
            ),
            problems: diags
                .iter()
                .map(|d| Problem {
                    file: diagnostics::display_path(&d.file),
                    line: d.position.map(|p| p.line),
                    column: d.position.map(|p| p.column),
                    message: d.message.clone(),
                    hint: d.hint.clone(),
                    location: d.location(),
                    text: d.to_string(),
                })
                .collect(),
        }
    }
}

fn json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "null".to_owned())
}

fn to_sse(event: &Event) -> SseEvent {
    match event {
        Event::Reload {
            generation,
            stylesheets_only,
        } => SseEvent::default()
            .event("reload")
            .data(json(&serde_json::json!({
                "generation": generation,
                "stylesheets_only": stylesheets_only,
            }))),
        Event::Problems(diags) => SseEvent::default()
            .event("problems")
            .data(json(&ProblemReport::new(diags))),
    }
}

/// The greeting sent on every connection: the build being served and its problems, if any.
fn hello(shared: &Shared) -> SseEvent {
    let snapshot = shared.snapshot();
    SseEvent::default()
        .event("hello")
        .data(json(&serde_json::json!({
            "generation": snapshot.generation,
            "errors": snapshot.problems.as_deref().map(ProblemReport::new),
        })))
}

/// The event stream of one open page.
pub fn stream(shared: Arc<Shared>) -> Sse<impl Stream<Item = Result<SseEvent, Infallible>>> {
    let receiver = shared.events.subscribe();
    let first = hello(&shared);
    let events = futures_util::stream::unfold(
        (Some(first), receiver, shared),
        |(first, mut receiver, shared)| async move {
            if let Some(first) = first {
                return Some((Ok(first), (None, receiver, shared)));
            }
            let event = match receiver.recv().await {
                Ok(event) => to_sse(&event),
                // Too slow to keep up: send the current state; the page reloads if it is behind.
                Err(RecvError::Lagged(_)) => hello(&shared),
                Err(RecvError::Closed) => return None,
            };
            Some((Ok(event), (None, receiver, shared)))
        },
    );
    Sse::new(events).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_stamped_with_their_build() {
        let page = format!("<p>{SCRIPT_TAG}</p></body>");
        let stamped = String::from_utf8(stamp(page.as_bytes(), 7)).unwrap();
        assert_eq!(
            stamped,
            "<p><script src=\"/__minhbach/live-reload.js\" data-generation=\"7\" defer></script></p></body>"
        );
        assert_eq!(stamp(b"<p>no script</p>", 7), b"<p>no script</p>");
    }
}
