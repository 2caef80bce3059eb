//! A synthetic portal of any size, for benchmarks and tests: N procedures with every field filled
//! in all five languages, N/10 cited documents, N/20 reports with footnotes, internal procedures,
//! channels and the four performance indices.
//!
//! The output depends only on the options: a tiny PRNG (SplitMix64) seeded from them drives every
//! choice, lists are built in order, and nothing reads the clock or iterates a hash map.
//!
//! Shared by the `gen-content` example and `tests/generated_site.rs` (through `#[path]`), so it
//! stays out of the library: it is a measuring instrument, not part of minhbach.

#[path = "pools.rs"]
mod pools;
#[path = "yaml.rs"]
mod yaml;

use pools::*;
use std::io;
use std::path::{Path, PathBuf};
use yaml::{Y, to_yaml};

/// What to generate.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Number of public procedures.
    pub procedures: usize,
    pub seed: u64,
}

/// What was written, by kind of record.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    pub procedures: usize,
    pub internal_procedures: usize,
    pub channels: usize,
    pub reports: usize,
    pub indices: usize,
    pub documents: usize,
    /// Files written, theme included.
    pub files: usize,
    pub bytes: u64,
}

impl Summary {
    /// Records of every kind: each gets one page per language.
    pub fn records(&self) -> usize {
        self.procedures
            + self.internal_procedures
            + self.channels
            + self.reports
            + self.indices
            + self.documents
    }
}

/// The file in an output folder that marks it as written by this generator, so that it may be
/// overwritten; any other non-empty folder is refused.
const MARKER: &str = ".gen-content";

/// Write a complete site into `out`: `content/` and a copy of the theme folder `theme` as
/// `themes/default/`.
pub fn generate(out: &Path, theme: &Path, options: &Options) -> io::Result<Summary> {
    prepare_dir(out)?;
    let mut w = Writer {
        root: out.to_owned(),
        summary: Summary::default(),
    };
    w.file(
        Path::new(MARKER),
        "written by `cargo run --example gen-content`\n",
    )?;
    copy_dir(&mut w, theme, Path::new("themes/default"))?;

    let n = options.procedures;
    let mut rng = SplitMix64::new(options.seed);
    let docs = documents((n / 10).max(10), &mut rng);
    let reports = (n / 20).max(2);
    let report_ids: Vec<String> = (0..reports).map(report_id).collect();

    w.file(Path::new("content/site.yaml"), &site_yaml())?;
    for doc in &docs {
        w.file(
            &Path::new("content/documents").join(format!("{}.yaml", doc.id)),
            &doc.yaml,
        )?;
        w.summary.documents += 1;
    }
    for i in 0..n {
        let (code, yaml) = procedure(i, true, &docs, &mut rng);
        w.file(
            &Path::new("content/procedures").join(format!("{code}.yaml")),
            &yaml,
        )?;
        w.summary.procedures += 1;
    }
    for i in 0..(n / 20).max(2) {
        let (_, yaml) = procedure(i, false, &docs, &mut rng);
        let name = format!("noi-bo-{:05}.yaml", i + 1);
        w.file(&Path::new("content/internal-procedures").join(name), &yaml)?;
        w.summary.internal_procedures += 1;
    }
    for (i, id) in report_ids.iter().enumerate() {
        for (lang, text) in report(i, &docs, &mut rng) {
            let name = match lang {
                "vi" => format!("{id}.md"),
                _ => format!("{id}.{lang}.md"),
            };
            w.file(&Path::new("content/reports").join(name), &text)?;
        }
        w.summary.reports += 1;
    }
    for (i, index) in INDICES.iter().enumerate() {
        let yaml = index_yaml(i, index, &report_ids, &mut rng);
        w.file(
            &Path::new("content/indices").join(format!("{}.yaml", index.0)),
            &yaml,
        )?;
        w.summary.indices += 1;
    }
    for (i, channel) in CHANNELS.iter().enumerate() {
        let yaml = channel_yaml(i, channel);
        w.file(
            &Path::new("content/channels").join(format!("{}.yaml", channel.0)),
            &yaml,
        )?;
        w.summary.channels += 1;
    }
    Ok(w.summary)
}

/// Refuse a non-empty folder not written by the generator; clear one that was.
fn prepare_dir(out: &Path) -> io::Result<()> {
    if !out.exists() {
        return std::fs::create_dir_all(out);
    }
    let empty = std::fs::read_dir(out)?.next().is_none();
    if empty {
        return Ok(());
    }
    if !out.join(MARKER).is_file() {
        return Err(io::Error::other(format!(
            "{} is not empty and was not written by gen-content; choose an empty folder",
            out.display()
        )));
    }
    for sub in ["content", "themes"] {
        let dir = out.join(sub);
        if dir.exists() {
            std::fs::remove_dir_all(&dir)?;
        }
    }
    Ok(())
}

struct Writer {
    root: PathBuf,
    summary: Summary,
}

impl Writer {
    fn file(&mut self, rel: &Path, text: &str) -> io::Result<()> {
        self.bytes(rel, text.as_bytes())
    }

    fn bytes(&mut self, rel: &Path, bytes: &[u8]) -> io::Result<()> {
        let path = self.root.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, bytes)?;
        self.summary.files += 1;
        self.summary.bytes += bytes.len() as u64;
        Ok(())
    }
}

/// Copy a folder tree in file-name order.
fn copy_dir(w: &mut Writer, from: &Path, to: &Path) -> io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(from)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let target = to.join(e.file_name());
        if e.file_type()?.is_dir() {
            copy_dir(w, &e.path(), &target)?;
        } else {
            w.bytes(&target, &std::fs::read(e.path())?)?;
        }
    }
    Ok(())
}

/// SplitMix64 (Steele, Lea and Flood 2014): tiny, fast, and the same on every platform.
struct SplitMix64(u64);

impl SplitMix64 {
    fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (n > 0). The modulo bias is irrelevant for test data.
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as usize) as i64
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// A text in the five languages.
type T5 = [String; 5];

fn same(s: impl Into<String>) -> T5 {
    let s = s.into();
    std::array::from_fn(|_| s.clone())
}

fn l5(p: &L5) -> T5 {
    p.map(str::to_owned)
}

/// `pattern` with each `{key}` replaced by the slot's text in the same language.
fn fill(pattern: &L5, slots: &[(&str, &T5)]) -> T5 {
    std::array::from_fn(|i| {
        let mut s = pattern[i].to_owned();
        for (key, value) in slots {
            s = s.replace(&format!("{{{key}}}"), &value[i]);
        }
        s
    })
}

fn capitalised(t: &T5) -> T5 {
    t.clone().map(|s| {
        let mut c = s.chars();
        match c.next() {
            Some(first) => first.to_uppercase().chain(c).collect(),
            None => s,
        }
    })
}

fn text(t: &T5) -> Y {
    Y::Map(LANGS.iter().zip(t).map(|(l, s)| (*l, Y::s(s))).collect())
}

/// Sentences join with a space, except in Japanese and Chinese.
fn join_sentences(parts: &[T5]) -> T5 {
    std::array::from_fn(|i| {
        let sep = if matches!(LANGS[i], "ja" | "zh") {
            ""
        } else {
            " "
        };
        parts
            .iter()
            .map(|p| p[i].as_str())
            .collect::<Vec<_>>()
            .join(sep)
    })
}

/// The slots a record's sentences draw on.
struct Context {
    agency: T5,
    field: T5,
    province: T5,
    object: T5,
}

impl Context {
    fn random(rng: &mut SplitMix64) -> Context {
        let province = l5(rng.pick(PROVINCES));
        let department = l5(rng.pick(DEPARTMENTS));
        Context {
            agency: fill(&AGENCY, &[("d", &department), ("p", &province)]),
            field: l5(rng.pick(FIELDS)),
            province,
            object: l5(rng.pick(OBJECTS)),
        }
    }
}

/// Parallel sentences of about `words` Vietnamese words (the other languages say the same).
fn long_text(ctx: &Context, docs: &[Doc], words: usize, rng: &mut SplitMix64) -> T5 {
    let mut sentences = Vec::new();
    let mut count = 0;
    let mut last = usize::MAX;
    while count < words {
        let mut k = rng.below(SENTENCES.len());
        if k == last {
            k = (k + 1) % SENTENCES.len();
        }
        last = k;
        let n = same(rng.range(3, 900).to_string());
        let y = same(rng.range(2019, 2025).to_string());
        let c = same(rng.range(85, 100).to_string());
        let d = same(rng.pick(docs).number.clone());
        let s = fill(
            &SENTENCES[k],
            &[
                ("g", &ctx.agency),
                ("f", &ctx.field),
                ("p", &ctx.province),
                ("o", &ctx.object),
                ("n", &n),
                ("y", &y),
                ("c", &c),
                ("d", &d),
            ],
        );
        count += s[0].split_whitespace().count();
        sentences.push(s);
    }
    join_sentences(&sentences)
}

/// A cited document of the pool.
struct Doc {
    id: String,
    number: String,
    yaml: String,
}

fn documents(count: usize, rng: &mut SplitMix64) -> Vec<Doc> {
    (0..count)
        .map(|i| {
            let (suffix, kind, issuer) = rng.pick(DOCUMENT_KINDS);
            let year = rng.range(2008, 2025);
            let k = i + 1;
            let number = match *kind {
                "decree" | "circular" | "resolution" => format!("{k}/{year}/{suffix}"),
                _ => format!("{k}/{suffix}"),
            };
            let id = format!(
                "{}-{year}",
                number.to_lowercase().replace('đ', "d").replace('/', "-")
            );
            let field = l5(rng.pick(FIELDS));
            let title = fill(rng.pick(DOCUMENT_TITLES), &[("f", &field)]);
            let mut entries = vec![
                ("number", Y::s(&number)),
                ("type", Y::s(*kind)),
                ("issuer", text(&l5(issuer))),
                ("date", Y::s(date(year, rng))),
                ("title", text(&title)),
            ];
            if i % 2 == 0 {
                entries.push(("url", Y::s(format!("https://vanban.example/{id}"))));
            }
            Doc {
                id,
                number,
                yaml: to_yaml(&entries),
            }
        })
        .collect()
}

fn date(year: i64, rng: &mut SplitMix64) -> String {
    format!("{year}-{:02}-{:02}", rng.range(1, 12), rng.range(1, 28))
}

/// `count` distinct documents.
fn distinct_docs<'a>(docs: &'a [Doc], count: usize, rng: &mut SplitMix64) -> Vec<&'a Doc> {
    let mut chosen: Vec<usize> = Vec::new();
    while chosen.len() < count.min(docs.len()) {
        let k = rng.below(docs.len());
        if !chosen.contains(&k) {
            chosen.push(k);
        }
    }
    chosen.into_iter().map(|k| &docs[k]).collect()
}

/// A public (with a national code) or internal procedure: its code or id, and its YAML.
fn procedure(i: usize, public: bool, docs: &[Doc], rng: &mut SplitMix64) -> (String, String) {
    let ctx = Context::random(rng);
    let action = fill(rng.pick(ACTIONS), &[("o", &ctx.object)]);
    let name = fill(
        &PROCEDURE_NAME,
        &[("a", &action), ("A", &capitalised(&action))],
    );
    let code = format!("{}.{:06}", 1 + rng.below(3), i + 1);
    let abolished = public && i % 50 == 49;
    let slots = [("g", &ctx.agency), ("f", &ctx.field), ("a", &action)];

    let mut e: Vec<(&'static str, Y)> = Vec::new();
    if public {
        e.push(("code", Y::s(&code)));
    }
    e.push(("name", text(&name)));
    e.push(("summary", text(&fill(&SUMMARY, &slots))));
    e.push(("field", text(&ctx.field)));
    e.push(("level", text(&l5(rng.pick(LEVELS)))));
    e.push(("implementing_agency", text(&ctx.agency)));
    e.push(("competent_authority", text(&l5(rng.pick(AUTHORITIES)))));
    let online = ["full", "partial", "none"][i % 3];
    e.push(("online_level", Y::s(online)));
    e.push((
        "processing_time",
        Y::Map(vec![
            ("working_days", Y::Int(rng.range(1, 30))),
            ("note", text(&l5(&PROCESSING_NOTE))),
        ]),
    ));
    let street = same(rng.range(1, 300).to_string());
    let address = fill(&ADDRESS, &[("n", &street), ("p", &ctx.province)]);
    e.push((
        "submission",
        Y::List(vec![
            Y::Map(vec![
                ("method", Y::s("online")),
                (
                    "url",
                    Y::s(format!("https://dichvucong.example/thu-tuc/{code}")),
                ),
                ("note", text(&l5(&ONLINE_NOTE))),
            ]),
            Y::Map(vec![
                ("method", Y::s("in_person")),
                ("address", text(&address)),
                ("note", text(&fill(&SENTENCES[0], &slots))),
            ]),
            Y::Map(vec![("method", Y::s("post")), ("address", text(&address))]),
        ]),
    ));
    let first = rng.below(DOSSIER.len());
    e.push((
        "dossier",
        Y::List(
            (0..4)
                .map(|k| {
                    Y::Map(vec![
                        ("name", text(&l5(&DOSSIER[(first + k) % DOSSIER.len()]))),
                        ("copies", Y::Int(rng.range(1, 2))),
                        ("note", text(&l5(&DOSSIER_NOTE))),
                    ])
                })
                .collect(),
        ),
    ));
    e.push((
        "fees",
        Y::List(
            FEES.iter()
                .take(1 + rng.below(2))
                .map(|f| {
                    Y::Map(vec![
                        ("description", text(&l5(f))),
                        ("amount", Y::Int(rng.range(0, 20) * 50_000)),
                    ])
                })
                .collect(),
        ),
    ));
    e.push((
        "steps",
        Y::List(STEPS.iter().map(|s| text(&fill(s, &slots))).collect()),
    ));
    e.push((
        "requirements",
        Y::List(
            REQUIREMENTS
                .iter()
                .map(|s| text(&fill(s, &slots)))
                .collect(),
        ),
    ));
    e.push(("result", text(&fill(&RESULT, &slots))));
    let cited = distinct_docs(docs, 4, rng);
    e.push((
        "legal_basis",
        Y::List(cited[..3].iter().map(|d| Y::s(&d.id)).collect()),
    ));
    e.push(("published_by", Y::s(&cited[3].id)));
    let k = rng.below(KEYWORDS.len());
    e.push((
        "keywords",
        Y::List(
            (0..3)
                .map(|j| text(&l5(&KEYWORDS[(k + j) % KEYWORDS.len()])))
                .collect(),
        ),
    ));
    if abolished {
        e.push(("status", Y::s("abolished")));
        e.push(("abolished_by", Y::s(&rng.pick(docs).id)));
        e.push(("abolished_on", Y::s(date(2025, rng))));
    } else {
        e.push(("status", Y::s("in_force")));
    }
    // Procedures have no Markdown body: `notes` is the longest text of the schema.
    e.push(("notes", text(&long_text(&ctx, docs, 300, rng))));
    (code, to_yaml(&e))
}

fn report_id(i: usize) -> String {
    format!("bc-cchc-{:04}", i + 1)
}

/// The period of report `i`, as front matter and as a name in each language.
fn period(i: usize, rng: &mut SplitMix64) -> (Y, T5, i64) {
    let year = 2019 + (i % 7) as i64;
    let y = same(year.to_string());
    let (kind, number, name): (&str, Option<(&str, usize)>, T5) = match i % 4 {
        0 => {
            let m = 1 + rng.below(12);
            let mut month_names = same(m.to_string());
            month_names[1] = MONTHS_EN[m - 1].to_owned();
            let n = same(m.to_string());
            let name = fill(&PERIOD_MONTH, &[("n", &n), ("y", &y), ("M", &month_names)]);
            ("month", Some(("month", m)), name)
        }
        1 => {
            let q = 1 + rng.below(4);
            let name = fill(&PERIOD_QUARTER, &[("n", &same(q.to_string())), ("y", &y)]);
            ("quarter", Some(("quarter", q)), name)
        }
        2 => {
            let h = 1 + rng.below(2);
            let half = l5(&HALF_NAMES[h - 1]);
            let name = fill(&PERIOD_HALF, &[("h", &half), ("H", &half), ("y", &y)]);
            ("half_year", Some(("half", h)), name)
        }
        _ => ("year", None, fill(&PERIOD_YEAR, &[("y", &y)])),
    };
    let mut entries = vec![("type", Y::s(kind)), ("year", Y::Int(year))];
    if let Some((key, value)) = number {
        entries.push((key, Y::Int(value as i64)));
    }
    (Y::Map(entries), name, year)
}

/// A report: the default-language file and its four translations, by language.
fn report(i: usize, docs: &[Doc], rng: &mut SplitMix64) -> Vec<(&'static str, String)> {
    let ctx = Context::random(rng);
    let (period_yaml, period_name, year) = period(i, rng);
    let title = fill(&REPORT_TITLE, &[("p", &period_name)]);
    let summary = fill(&REPORT_SUMMARY, &[("g", &ctx.agency), ("p", &period_name)]);
    let cited = distinct_docs(docs, 3, rng);
    let figures: Vec<[i64; 2]> = (0..INDICATORS.len())
        .map(|_| [rng.range(50, 5000), rng.range(50, 5000)])
        .collect();
    let front = to_yaml(&[
        ("title", text(&title)),
        ("number", Y::s(format!("{}/BC-UBND", i + 1))),
        ("date", Y::s(date(year + 1, rng))),
        ("period", period_yaml),
        ("issuer", text(&ctx.agency)),
        ("signer", text(&same(*rng.pick(SIGNERS)))),
        ("summary", text(&summary)),
        (
            "key_figures",
            Y::List(
                INDICATORS[..3]
                    .iter()
                    .zip(&figures)
                    .map(|(label, v)| {
                        Y::Map(vec![
                            ("label", text(&l5(label))),
                            ("value", Y::Int(v[1])),
                            ("unit", text(&l5(&UNIT_DOSSIERS))),
                        ])
                    })
                    .collect(),
            ),
        ),
        (
            "cites",
            Y::List(cited.iter().map(|d| Y::s(&d.id)).collect()),
        ),
    ]);
    let paragraphs: Vec<T5> = (0..3).map(|_| long_text(&ctx, docs, 40, rng)).collect();
    let tasks: Vec<T5> = STEPS[..3]
        .iter()
        .map(|s| fill(s, &[("g", &ctx.agency)]))
        .collect();
    LANGS
        .iter()
        .enumerate()
        .map(|(l, &lang)| {
            let mut md = String::new();
            if lang == "vi" {
                md.push_str(&format!("---\n{front}---\n\n"));
            } else {
                let meta = to_yaml(&[("title", Y::s(&title[l]))]);
                md.push_str(&format!("---\n{meta}---\n\n"));
            }
            md.push_str(&format!("## {}\n\n", HEADINGS[0][l]));
            md.push_str(&format!("{}[^1]\n\n", paragraphs[0][l]));
            for (label, v) in INDICATORS.iter().zip(&figures) {
                md.push_str(&format!("- {}: {} {}\n", label[l], v[1], UNIT_DOSSIERS[l]));
            }
            md.push('\n');
            let head = TABLE_HEAD.map(|h| h[l]);
            md.push_str(&format!(
                "| {} | {} | {} |\n|---|---:|---:|\n",
                head[0], head[1], head[2]
            ));
            for (label, v) in INDICATORS.iter().zip(&figures) {
                md.push_str(&format!("| {} | {} | {} |\n", label[l], v[0], v[1]));
            }
            md.push_str(&format!(
                "\n## {}\n\n{}[^2]\n\n",
                HEADINGS[1][l], paragraphs[1][l]
            ));
            md.push_str(&format!(
                "## {}\n\n{}[^3]\n\n",
                HEADINGS[2][l], paragraphs[2][l]
            ));
            for (k, task) in tasks.iter().enumerate() {
                md.push_str(&format!("{}. {}\n", k + 1, task[l]));
            }
            md.push('\n');
            for (k, doc) in cited.iter().enumerate() {
                let (_, _, issuer) = DOCUMENT_KINDS
                    .iter()
                    .find(|(suffix, _, _)| doc.number.ends_with(suffix))
                    .expect("every number ends with its kind's suffix");
                let note = fill(
                    &FOOTNOTE,
                    &[("d", &same(doc.number.clone())), ("i", &l5(issuer))],
                );
                md.push_str(&format!("[^{}]: {}\n", k + 1, note[l]));
            }
            (lang, md)
        })
        .collect()
}

fn index_yaml(
    i: usize,
    (_, short, name, unit, scale): &(&str, &str, L5, &str, f64),
    report_ids: &[String],
    rng: &mut SplitMix64,
) -> String {
    let mut previous: Option<i64> = None;
    let entries = (2017..=2024)
        .map(|year| {
            // Scores in hundredths, between 60% and 95% of the scale.
            let hundredths = rng.range((scale * 60.0) as i64, (scale * 95.0) as i64);
            let mut e = vec![
                ("year", Y::Int(year)),
                ("score", Y::Num(hundredths as f64 / 100.0)),
                ("rank", Y::Int(rng.range(1, 63))),
                ("out_of", Y::Int(63)),
            ];
            if let Some(p) = previous {
                e.push(("change", Y::Num((hundredths - p) as f64 / 100.0)));
            }
            previous = Some(hundredths);
            e.push(("source", Y::s(rng.pick(report_ids))));
            e.push(("note", text(&l5(&INDEX_NOTE))));
            Y::Map(e)
        })
        .collect();
    to_yaml(&[
        ("name", text(&l5(name))),
        ("short_name", Y::s(*short)),
        ("publisher", text(&l5(&DEPARTMENTS[7]))),
        ("description", text(&l5(&INDEX_NOTE))),
        ("unit", Y::s(*unit)),
        ("scale_max", Y::Num(*scale)),
        ("order", Y::Int(10 * (i as i64 + 1))),
        ("entries", Y::List(entries)),
    ])
}

fn channel_yaml(i: usize, (_, kind, name, purpose): &(&str, &str, L5, L5)) -> String {
    let agency = fill(
        &AGENCY,
        &[("d", &l5(&DEPARTMENTS[7])), ("p", &l5(&PROVINCES[1]))],
    );
    let mut e = vec![("kind", Y::s(*kind)), ("name", text(&l5(name)))];
    match *kind {
        "web_form" => e.push(("contact", Y::s("https://phananh.example/"))),
        "email" => e.push(("contact", Y::s("phananh@thutuc.example"))),
        _ => {}
    }
    if matches!(*kind, "in_person" | "postal") {
        let street = same("1");
        e.push((
            "address",
            text(&fill(
                &ADDRESS,
                &[("n", &street), ("p", &l5(&PROVINCES[1]))],
            )),
        ));
    }
    e.push(("hours", text(&l5(&HOURS))));
    e.push(("answered_by", text(&fill(&ANSWERED_BY, &[("g", &agency)]))));
    e.push(("purpose", text(&l5(purpose))));
    e.push(("notes", text(&l5(&INDEX_NOTE))));
    e.push(("order", Y::Int(10 * (i as i64 + 1))));
    to_yaml(&e)
}

fn site_yaml() -> String {
    let agency = fill(
        &AGENCY,
        &[("d", &l5(&DEPARTMENTS[7])), ("p", &l5(&PROVINCES[1]))],
    );
    to_yaml(&[
        (
            "title",
            text(&l5(&[
                "Cổng thủ tục hành chính (dữ liệu tổng hợp)",
                "Administrative procedures portal (synthetic data)",
                "行政手続ポータル（合成データ）",
                "行政手续门户（合成数据）",
                "행정절차 포털(합성 데이터)",
            ])),
        ),
        (
            "languages",
            Y::List(LANGS.iter().map(|l| Y::s(*l)).collect()),
        ),
        ("default_language", Y::s("vi")),
        ("base_url", Y::s("https://thutuc.example/")),
        ("theme", Y::s("default")),
        (
            "agency",
            Y::Map(vec![
                ("name", text(&agency)),
                ("parent", text(&l5(&AUTHORITIES[0]))),
                (
                    "description",
                    text(&l5(&[
                        "Trang này do gen-content tạo ra để đo hiệu năng của minhbach; mọi số liệu, địa chỉ và văn bản đều là giả định.",
                        "This site was generated by gen-content to measure minhbach's performance; every figure, address and document is made up.",
                        "このサイトはminhbachの性能測定のためにgen-contentが生成したもので、数値・住所・文書はすべて架空です。",
                        "本网站由gen-content生成，用于测试minhbach的性能；所有数据、地址和文件均为虚构。",
                        "이 사이트는 minhbach의 성능 측정을 위해 gen-content가 생성했으며, 모든 수치·주소·문서는 가상입니다.",
                    ])),
                ),
                (
                    "address",
                    text(&fill(
                        &ADDRESS,
                        &[("n", &same("1")), ("p", &l5(&PROVINCES[1]))],
                    )),
                ),
                ("email", Y::s("lienhe@thutuc.example")),
                ("website", Y::s("https://thutuc.example/")),
            ]),
        ),
    ])
}
