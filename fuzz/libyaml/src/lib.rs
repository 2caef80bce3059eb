//! The differential fuzz target's body: the vendored, patched libyaml-rs (`patched`) and the
//! unpatched 0.3.0 from crates.io (`upstream`) parse the same bytes, and must give the same
//! events (with their data and marks) and the same error (kind, problem, offset, value, marks,
//! context). PATCHED.md claims the patch changes speed only; this holds it to that.
//!
//! The first byte of an input chooses how it is fed, so that small inputs reach the patched
//! reader's block boundaries too: its low bit whether the encoding is fixed to UTF-8 (as
//! `yaml_serde`, hence minhbach, sets it) or detected; the rest a chunk size (0: the whole input
//! as one string, as `yaml_serde` gives it; else at most that many bytes per read).

use std::ffi::CStr;
use std::fmt::Write as _;

/// One event as both copies describe it, in plain Rust types so that the two can be compared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// The kind and its data, written out (anchors, tags and values as escaped bytes).
    pub data: String,
    /// Start and end marks: (byte index, line, column).
    pub start: (u64, u64, u64),
    pub end: (u64, u64, u64),
}

/// A parse error as the parser struct holds it after a failed `yaml_parser_parse`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub kind: String,
    pub problem: Option<String>,
    pub offset: u64,
    pub value: i32,
    pub problem_mark: (u64, u64, u64),
    pub context: Option<String>,
    pub context_mark: (u64, u64, u64),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub events: Vec<Event>,
    pub error: Option<ParseError>,
}

/// How an input is fed to the parsers, from its first byte.
#[derive(Debug, Clone, Copy)]
pub struct Feed {
    pub utf8: bool,
    /// 0: the whole input with `yaml_parser_set_input_string`.
    pub chunk: usize,
}

impl Feed {
    pub fn split(data: &[u8]) -> (Feed, &[u8]) {
        match data.split_first() {
            Some((&b, rest)) => (
                Feed {
                    utf8: b & 1 == 0,
                    chunk: usize::from(b >> 1),
                },
                rest,
            ),
            None => (
                Feed {
                    utf8: true,
                    chunk: 0,
                },
                data,
            ),
        }
    }
}

fn bytes(out: &mut String, label: &str, ptr: *const u8) {
    if ptr.is_null() {
        let _ = write!(out, " {label}=none");
    } else {
        // SAFETY: libyaml's anchors, tags and handles are NUL-terminated strings it allocated.
        let s = unsafe { CStr::from_ptr(ptr.cast()) };
        let _ = write!(
            out,
            " {label}={:?}",
            s.to_bytes().escape_ascii().to_string()
        );
    }
}

/// `parse_with!(crate)` defines that crate's `parse(data, feed) -> Outcome`. The two copies have
/// the same API but distinct types, so the code is written once and instantiated twice.
macro_rules! parse_with {
    ($krate:ident) => {
        pub mod $krate {
            use super::*;
            use ::$krate as sys;
            use core::ffi::c_void;
            use std::mem::MaybeUninit;

            struct Reader<'a> {
                data: &'a [u8],
                chunk: usize,
            }

            /// A read handler that hands out at most `chunk` bytes per call.
            unsafe fn read(
                state: *mut c_void,
                buffer: *mut u8,
                size: u64,
                size_read: *mut u64,
            ) -> i32 {
                // SAFETY: `state` is the `Reader` given to `yaml_parser_set_input` below, alive
                // for the whole parse; `buffer` has room for `size` bytes.
                unsafe {
                    let reader = &mut *state.cast::<Reader>();
                    let n = reader.data.len().min(reader.chunk).min(size as usize);
                    std::ptr::copy_nonoverlapping(reader.data.as_ptr(), buffer, n);
                    reader.data = &reader.data[n..];
                    *size_read = n as u64;
                }
                1
            }

            fn mark(m: &sys::yaml_mark_t) -> (u64, u64, u64) {
                (m.index, m.line, m.column)
            }

            fn text(ptr: *const i8) -> Option<String> {
                // SAFETY: libyaml's problem and context are static NUL-terminated strings.
                (!ptr.is_null()).then(|| {
                    unsafe { CStr::from_ptr(ptr) }
                        .to_string_lossy()
                        .into_owned()
                })
            }

            /// SAFETY: `e` is an event `yaml_parser_parse` has just filled in.
            unsafe fn describe(e: &sys::yaml_event_t) -> String {
                let mut out = format!("{:?}", e.type_);
                unsafe {
                    match e.type_ {
                        sys::YAML_STREAM_START_EVENT => {
                            let _ = write!(out, " {:?}", e.data.stream_start.encoding);
                        }
                        sys::YAML_DOCUMENT_START_EVENT => {
                            let d = e.data.document_start;
                            if let Some(v) = d.version_directive.as_ref() {
                                let _ = write!(out, " version={}.{}", v.major, v.minor);
                            }
                            let mut t = d.tag_directives.start;
                            while !t.is_null() && t < d.tag_directives.end {
                                bytes(&mut out, "handle", (*t).handle);
                                bytes(&mut out, "prefix", (*t).prefix);
                                t = t.add(1);
                            }
                            let _ = write!(out, " implicit={}", d.implicit);
                        }
                        sys::YAML_DOCUMENT_END_EVENT => {
                            let _ = write!(out, " implicit={}", e.data.document_end.implicit);
                        }
                        sys::YAML_ALIAS_EVENT => bytes(&mut out, "anchor", e.data.alias.anchor),
                        sys::YAML_SCALAR_EVENT => {
                            let s = e.data.scalar;
                            bytes(&mut out, "anchor", s.anchor);
                            bytes(&mut out, "tag", s.tag);
                            let value = std::slice::from_raw_parts(s.value, s.length as usize);
                            let _ = write!(
                                out,
                                " value={:?} plain_implicit={} quoted_implicit={} {:?}",
                                value.escape_ascii().to_string(),
                                s.plain_implicit,
                                s.quoted_implicit,
                                s.style
                            );
                        }
                        sys::YAML_SEQUENCE_START_EVENT => {
                            let s = e.data.sequence_start;
                            bytes(&mut out, "anchor", s.anchor);
                            bytes(&mut out, "tag", s.tag);
                            let _ = write!(out, " implicit={} {:?}", s.implicit, s.style);
                        }
                        sys::YAML_MAPPING_START_EVENT => {
                            let s = e.data.mapping_start;
                            bytes(&mut out, "anchor", s.anchor);
                            bytes(&mut out, "tag", s.tag);
                            let _ = write!(out, " implicit={} {:?}", s.implicit, s.style);
                        }
                        _ => {}
                    }
                }
                out
            }

            /// Every event up to the end of the stream or the first error.
            pub fn parse(data: &[u8], feed: Feed) -> Outcome {
                let mut parser = Box::new(MaybeUninit::<sys::yaml_parser_t>::uninit());
                let parser = parser.as_mut_ptr();
                let mut reader = Reader {
                    data,
                    chunk: feed.chunk,
                };
                let mut events = Vec::new();
                let error;
                // SAFETY: the calls follow libyaml's protocol (initialise, set the input, parse
                // until the end or an error, delete each event and then the parser); `data`
                // and `reader` outlive the parser.
                unsafe {
                    assert!(!sys::yaml_parser_initialize(parser).fail, "out of memory");
                    if feed.utf8 {
                        sys::yaml_parser_set_encoding(parser, sys::YAML_UTF8_ENCODING);
                    }
                    if feed.chunk == 0 {
                        sys::yaml_parser_set_input_string(parser, data.as_ptr(), data.len() as u64);
                    } else {
                        sys::yaml_parser_set_input(
                            parser,
                            read,
                            (&raw mut reader).cast::<c_void>(),
                        );
                    }
                    loop {
                        let mut event = MaybeUninit::<sys::yaml_event_t>::uninit();
                        if sys::yaml_parser_parse(parser, event.as_mut_ptr()).fail {
                            let p = &*parser;
                            error = Some(ParseError {
                                kind: format!("{:?}", p.error),
                                problem: text(p.problem.cast()),
                                offset: p.problem_offset,
                                value: p.problem_value,
                                problem_mark: mark(&p.problem_mark),
                                context: text(p.context.cast()),
                                context_mark: mark(&p.context_mark),
                            });
                            break;
                        }
                        let event = event.assume_init_mut();
                        let end = event.type_ == sys::YAML_STREAM_END_EVENT;
                        events.push(Event {
                            data: describe(event),
                            start: mark(&event.start_mark),
                            end: mark(&event.end_mark),
                        });
                        sys::yaml_event_delete(event);
                        if end {
                            error = None;
                            break;
                        }
                    }
                    sys::yaml_parser_delete(parser);
                }
                Outcome { events, error }
            }
        }
    };
}

parse_with!(patched);
parse_with!(upstream);

/// The fuzz target: both copies must agree on `data` (first byte: how it is fed).
pub fn check(data: &[u8]) {
    let (feed, yaml) = Feed::split(data);
    let ours = patched::parse(yaml, feed);
    let theirs = upstream::parse(yaml, feed);
    if ours != theirs {
        let first = ours
            .events
            .iter()
            .zip(&theirs.events)
            .position(|(a, b)| a != b)
            .unwrap_or(ours.events.len().min(theirs.events.len()));
        panic!(
            "the patched libyaml-rs differs from 0.3.0 ({feed:?}) at event {first}:\n\
             patched:  {:?}\n upstream: {:?}\n\
             patched error:  {:?}\n upstream error: {:?}",
            ours.events.get(first),
            theirs.events.get(first),
            ours.error,
            theirs.error
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    /// Replays the committed corpus (`cargo test --manifest-path fuzz/libyaml/Cargo.toml`): every
    /// file must parse the same with both copies.
    #[test]
    fn committed_corpus_parses_the_same_with_both_copies() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/libyaml_differential");
        let mut files = 0;
        let mut errors = 0;
        for entry in std::fs::read_dir(&dir).expect("the committed corpus") {
            let data = std::fs::read(entry.unwrap().path()).unwrap();
            let (feed, yaml) = Feed::split(&data);
            errors += usize::from(patched::parse(yaml, feed).error.is_some());
            check(&data);
            files += 1;
        }
        assert!(
            files >= 50,
            "only {files} corpus files in {}",
            dir.display()
        );
        // The corpus must reach both outcomes, or it compares less than it seems to.
        assert!(
            errors > 0 && errors < files,
            "{errors} of {files} files fail to parse"
        );
    }

    /// Found by this target: the patched scanner's runs of text read past the points where
    /// libyaml asks the reader for more input, so a plain scalar's event came before the reader
    /// error that libyaml raises first (`  en: F an i: \x81`, fed 7 bytes at a time).
    #[test]
    fn input_is_read_on_where_libyaml_reads_on() {
        check(b"\x0e  en: F an i: \x81");
        check(b"\x0e  en: \"F an i\": \x81");
        // The same with the whole input as one string, as yaml_serde gives it: the reader
        // decodes it 16 KiB at a time, so the bad byte goes just after the first block, with
        // the scalar ending at every place near the block's end.
        for end in 16_376..16_392 {
            for line in [
                "en: F an i: ",
                "en: 'F an i' ",
                "- F an i ",
                "[F an i, j ",
                "k: F an i #",
            ] {
                let mut data = format!("\0a: {}\n", "b".repeat(end - line.len() - 4)).into_bytes();
                data.extend_from_slice(line.as_bytes());
                data.push(0x81);
                check(&data);
            }
        }
    }

    #[test]
    fn a_difference_is_caught() {
        // The harness itself: outcomes of different inputs differ, so `check` would see a change.
        let feed = Feed {
            utf8: true,
            chunk: 0,
        };
        assert_ne!(
            patched::parse(b"a: b", feed),
            upstream::parse(b"a: c", feed)
        );
        assert_eq!(
            patched::parse(b"a: b", feed),
            upstream::parse(b"a: b", feed)
        );
        let chunked = Feed {
            utf8: true,
            chunk: 1,
        };
        assert_eq!(
            patched::parse("a: \"đường\"\n".as_bytes(), chunked),
            patched::parse("a: \"đường\"\n".as_bytes(), feed)
        );
        let bad = patched::parse(b"a: \"x", feed);
        assert!(
            bad.error
                .unwrap()
                .problem
                .unwrap()
                .contains("end of stream")
        );
    }
}
