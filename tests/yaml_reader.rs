//! The YAML reader under `serde_yaml` is a patched copy of libyaml-rs (vendor/libyaml-rs,
//! PATCHED.md): it decodes runs of UTF-8 and copies runs of quoted-scalar characters in bulk
//! instead of one character at a time. These tests hold it to what the unpatched reader does:
//! the same values (checked against saphyr-parser, a separate YAML parser), the same errors at
//! the same byte offsets, and the same line and column positions, with texts long enough to cross
//! the reader's 16 KiB input blocks in every kind of script the portals use.

use saphyr_parser::{Event, Parser};
use serde::Deserialize;

/// The reader takes its input 16 KiB at a time.
const BLOCK: usize = 16 * 1024;

/// Texts in the scripts of the five languages, with characters of 1 to 4 bytes in UTF-8.
const SAMPLES: [&str; 6] = [
    "Thủ tục cấp giấy phép tổ chức hội nghị, hội thảo quốc tế ",
    "Permission to hold an international conference ",
    "国際会議・セミナーの開催許可（首相の権限）。",
    "属于政府总理许可权限的国际会议，研讨会举办许可手续。",
    "총리의 허가 권한에 속하는 국제회의·세미나 개최 허가 절차 ",
    // U+0085 is left out: the reader (YAML 1.1) reads it as a line break, saphyr (YAML 1.2)
    // does not. Escaped as `\N` it is in the cases below.
    "emoji 🇻🇳 𝒜 and U+00A0 \u{a0} U+FEFF \u{feff} U+FFFD \u{fffd} ",
];

/// About `bytes` bytes of text cycling through the samples, starting at sample `start`.
fn text(bytes: usize, start: usize) -> String {
    let mut out = String::new();
    let mut i = start;
    while out.len() < bytes {
        out.push_str(SAMPLES[i % SAMPLES.len()]);
        i += 1;
    }
    out
}

/// `text` as a single-quoted YAML scalar.
fn single_quoted(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// `text` as a double-quoted YAML scalar, escaping what must be escaped.
fn double_quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{feff}' => out.push_str("\\uFEFF"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The scalar values of a YAML document, as saphyr-parser reads them.
fn saphyr_scalars(yaml: &str) -> Vec<String> {
    Parser::new_from_str(yaml)
        .map(|event| event.expect("saphyr reads the document"))
        .filter_map(|(event, _)| match event {
            Event::Scalar(value, ..) => Some(value.into_owned()),
            _ => None,
        })
        .collect()
}

/// Where two long strings first differ, short enough to read in a test failure.
fn first_difference(a: &str, b: &str) -> String {
    let at = a
        .char_indices()
        .zip(b.chars())
        .find(|((_, x), y)| x != y)
        .map_or(a.len().min(b.len()), |((i, _), _)| i);
    let around = |s: &str| {
        s.get(at.saturating_sub(20)..)
            .unwrap_or("")
            .chars()
            .take(40)
            .collect::<String>()
    };
    format!(
        " at byte {at} (lengths {} and {}): {:?} / {:?}",
        a.len(),
        b.len(),
        around(a),
        around(b)
    )
}

/// `ours`, the scalars serde_yaml read from `yaml`, are the ones saphyr-parser reads.
fn assert_same_as_saphyr(ours: &[String], yaml: &str) {
    let theirs = saphyr_scalars(yaml);
    assert_eq!(ours.len(), theirs.len(), "{ours:?}");
    for (i, (a, b)) in ours.iter().zip(&theirs).enumerate() {
        assert!(
            a == b,
            "scalar {i} differs from saphyr's{}",
            first_difference(a, b)
        );
    }
}

/// A document that is a list of the given scalars, as written.
fn list(scalars: &[String]) -> String {
    scalars.iter().map(|s| format!("- {s}\n")).collect()
}

#[test]
fn long_quoted_scalars_read_the_same_as_an_independent_parser() {
    let mut written = Vec::new();
    let mut expected = Vec::new();
    // Lengths around the block size, so that characters of every width fall across a block end.
    for (i, bytes) in [
        10,
        100,
        BLOCK - 3,
        BLOCK - 1,
        BLOCK,
        BLOCK + 2,
        3 * BLOCK + 1,
    ]
    .into_iter()
    .enumerate()
    {
        let t = text(bytes, i);
        written.push(single_quoted(&t));
        expected.push(t.clone());
        written.push(double_quoted(&t));
        expected.push(t);
    }
    // What the bulk copy must stop at: quotes inside the other kind of quotes, escapes, a
    // backslash in single quotes, tabs, and line breaks that fold.
    let special = [
        r#"'it''s "quoted" \ not an escape	tab'"#,
        r#""say \"hi\" \\ \t \u00e9 \x41 \U0001F600 \N it's""#,
        "'folded\n  across\n\n  lines  '",
        "\"folded\n  across \\\n  an escaped break\"",
        "'unicode\u{2028}line separator'",
        // Blanks: kept between words and before the closing quote, folded before a break.
        "'two  spaces\tand a tab, then  blanks before the end  '",
        "\"trailing blanks \t \n  fold away, as do  \t\n\n  these\"",
        "\"blanks before an escape  \\t and a quote \\\"  \"",
        "'blanks before a doubled quote  '' and a backslash  \\'",
    ];
    for s in special {
        written.push(s.to_owned());
    }
    let yaml = list(&written);
    let ours: Vec<String> = serde_yaml::from_str(&yaml).expect("serde_yaml reads the document");
    assert_same_as_saphyr(&ours, &yaml);
    for (i, (a, b)) in ours.iter().zip(&expected).enumerate() {
        assert!(
            a == b,
            "scalar {i} differs from the text{}",
            first_difference(a, b)
        );
    }
    assert_eq!(ours[expected.len()], r#"it's "quoted" \ not an escape	tab"#);
    assert_eq!(
        ours[expected.len() + 1],
        "say \"hi\" \\ \t é A 😀 \u{85} it's"
    );
}

/// `text` as one line of a plain scalar: without the byte-order mark, which a plain scalar
/// may not hold, and without a blank at either end.
fn plain(text: &str) -> String {
    text.replace('\u{feff}', "").trim().to_owned()
}

#[test]
fn long_plain_scalars_read_the_same_as_an_independent_parser() {
    let mut yaml = String::new();
    let mut expected = Vec::new();
    for (i, bytes) in [10, 100, BLOCK - 3, BLOCK + 2, 3 * BLOCK + 1]
        .into_iter()
        .enumerate()
    {
        let t = plain(&text(bytes, i));
        yaml.push_str(&format!("k{i}: {t}\n"));
        expected.push(t);
    }
    // What the bulk copy must stop at: a comment after a blank (but not a `#` inside a word),
    // colons (a URL's, and one that ends a key), blanks before a line break that folds, a tab,
    // and in flow collections their indicators.
    yaml.push_str(
        "c1: issue#7 and https://example.vn/a:b  # a comment\n\
         c2: folded   \n  across\t\n\n  lines\n\
         c3: {inner: words in a flow, list: [one two, three four]}\n\
         c4: tab\tinside and  two spaces\n",
    );
    let ours: serde_yaml::Value = serde_yaml::from_str(&yaml).expect("serde_yaml reads it");
    let mut ours_scalars = Vec::new();
    fn collect(v: &serde_yaml::Value, out: &mut Vec<String>) {
        match v {
            serde_yaml::Value::Mapping(m) => m.iter().for_each(|(k, v)| {
                collect(k, out);
                collect(v, out);
            }),
            serde_yaml::Value::Sequence(s) => s.iter().for_each(|v| collect(v, out)),
            serde_yaml::Value::String(s) => out.push(s.clone()),
            other => panic!("only strings expected, found {other:?}"),
        }
    }
    collect(&ours, &mut ours_scalars);
    assert_same_as_saphyr(&ours_scalars, &yaml);
    for (i, t) in expected.iter().enumerate() {
        assert_eq!(ours[format!("k{i}").as_str()].as_str(), Some(t.as_str()));
    }
    assert_eq!(
        ours["c1"].as_str(),
        Some("issue#7 and https://example.vn/a:b")
    );
    assert_eq!(ours["c2"].as_str(), Some("folded across\nlines"));
    assert_eq!(ours["c3"]["list"][0].as_str(), Some("one two"));
    assert_eq!(ours["c4"].as_str(), Some("tab\tinside and  two spaces"));
}

/// The reader and the scanner look for the bytes that need attention 16 at a time: every
/// such byte, at every place in and around a chunk, in text of one-byte and of three-byte
/// characters, must read as an independent parser reads it.
#[test]
fn bytes_that_end_a_run_are_found_at_every_place_in_a_chunk() {
    // Written as YAML, in double quotes, in single quotes and plain: quotes and escapes, a
    // folded line, blanks, U+2028 (E2 80 A8, a line break), and characters whose first byte is
    // one of those looked at closely but that end nothing: U+00E9 (C3), U+00A0 (C2 A0),
    // U+2013 (E2 80 93), U+FF01 (EF BC 81), U+FFFD (EF BF BD).
    let shared = [
        "\n  ", "  ", "\u{2028}", "é", "\u{a0}", "–", "！", "\u{fffd}",
    ];
    let double = ["\\\"", "\\\\", "\\n", "'"];
    let single = ["''", "\\", "\""];
    // In a plain scalar: a comment, a `#` in a word, a colon in a word, a folded line.
    let plain = [" # comment", "a#b", "a:b", "\n  x", "–", "\u{a0}", "！"];
    let mut yaml = String::new();
    for filler in ["a", "ệ"] {
        for before in 0..40 {
            let head: String = filler.repeat(before);
            for middle in shared.iter().chain(&double) {
                yaml.push_str(&format!("- \"{head}{middle}{head}z\"\n"));
            }
            for middle in shared.iter().chain(&single) {
                yaml.push_str(&format!("- '{head}{middle}{head}z'\n"));
            }
            for middle in plain {
                yaml.push_str(&format!("- x{head}{middle}{head}z\n"));
            }
        }
    }
    let ours: Vec<String> = serde_yaml::from_str(&yaml).expect("serde_yaml reads the document");
    assert_same_as_saphyr(&ours, &yaml);
}

#[test]
fn forbidden_characters_are_reported_at_their_byte_offset() {
    // A character YAML forbids, after text long enough to cross blocks, in quoted and plain
    // scalars, in each script.
    for forbidden in [
        '\u{1}', '\u{7f}', '\u{80}', '\u{9f}', '\u{fffe}', '\u{ffff}',
    ] {
        for (i, bytes) in [5, BLOCK - 2, BLOCK + 1, 2 * BLOCK + 7]
            .into_iter()
            .enumerate()
        {
            let before = text(bytes, i);
            for yaml in [
                format!("a: '{before}{forbidden}'\n"),
                format!("a: \"{before}{forbidden}\"\n"),
                format!("a: b\nc: {}{forbidden}\n", before.trim()),
            ] {
                let at = yaml.find(forbidden).unwrap();
                let err = serde_yaml::from_str::<serde_yaml::Value>(&yaml).unwrap_err();
                assert_eq!(
                    err.to_string(),
                    format!("control characters are not allowed at position {at}"),
                    "U+{:04X} after {bytes} bytes",
                    forbidden as u32
                );
            }
        }
    }
}

#[test]
fn invalid_utf8_is_reported_at_its_byte_offset() {
    for (i, bytes) in [3, BLOCK - 1, BLOCK + 5].into_iter().enumerate() {
        let before = text(bytes, i);
        // libyaml reports a bad trailing byte at its own offset, the others at the lead byte.
        let cases: [(&[u8], &str, usize); 3] = [
            (b"\xff", "invalid leading UTF-8 octet", 0),
            (b"\xe1\x41", "invalid trailing UTF-8 octet", 1),
            (b"\xc0\x80", "invalid length of a UTF-8 sequence", 0),
        ];
        for (bad, message, shift) in cases {
            let mut yaml = format!("a: '{before}").into_bytes();
            let at = yaml.len() + shift;
            yaml.extend_from_slice(bad);
            yaml.extend_from_slice(b"'\n");
            let err = serde_yaml::from_slice::<serde_yaml::Value>(&yaml).unwrap_err();
            assert_eq!(err.to_string(), format!("{message} at position {at}"));
        }
    }
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)] // read only to make serde_yaml check the types
struct Record {
    a: String,
    b: String,
}

#[test]
fn positions_after_long_text_count_lines_and_characters() {
    for (i, bytes) in [50, BLOCK + 3, 2 * BLOCK + 1].into_iter().enumerate() {
        let t = text(bytes, i);
        // Plain, with `;` for `,`, which would end it in the flow mapping below.
        for scalar in [
            single_quoted(&t),
            double_quoted(&t),
            plain(&t).replace(',', ";"),
        ] {
            // On the next line: the line number must count the lines of the long text.
            let yaml = format!("a: {scalar}\nb: [not, a, string]\n");
            let err = serde_yaml::from_str::<Record>(&yaml).unwrap_err();
            let location = err.location().expect("a type error has a location");
            assert_eq!((location.line(), location.column()), (2, 4), "{err}");
            // On the same line: the column counts characters, not bytes.
            let yaml = format!("{{a: {scalar}, b: [not, a, string]}}\n");
            let err = serde_yaml::from_str::<Record>(&yaml).unwrap_err();
            let location = err.location().expect("a type error has a location");
            let at = yaml.find("[not").unwrap();
            assert_eq!(location.line(), 1, "{err}");
            assert_eq!(location.column(), yaml[..at].chars().count() + 1, "{err}");
            assert_eq!(location.index(), at, "{err}");
        }
    }
}
