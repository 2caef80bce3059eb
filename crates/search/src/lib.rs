//! The search index, built at build time and queried in the browser by the theme's `search.js`.
//!
//! Why an index of our own rather than Pagefind: the records are structured, so the index is made
//! straight from their fields (no HTML parsing, a few milliseconds for a city portal and well
//! under a second for ten thousand procedures); Vietnamese is folded completely (`đ` → `d`, which
//! Pagefind leaves alone); and the index is a set of small `.js` files loaded by `<script>`, so a
//! copy of `public/` opened from disk (`file://`) searches too.
//!
//! # Format
//! Per language, under `search/{lang}/`:
//! * `docs-{n}.js`: chunk `n` of the documents, [`DOCS_PER_CHUNK`] per chunk, each
//!   `[kind, url, title, excerpt]` with `url` relative to the language folder;
//! * `terms-{b}.js`: bucket `b` of the terms: `{term: [doc, weight, doc, weight, …]}`, terms
//!   sorted. A term lives in bucket `first code point % buckets`, so a query loads only the
//!   buckets of its own terms, however large the site.
//!
//! Each file calls `minhbachSearch.docs(n, […])` or `minhbachSearch.terms(b, {…})`. The number of
//! buckets and documents is written on the search page (`data-*` attributes of its form).
//!
//! # Terms
//! [`fold`] lowercases and removes Vietnamese (and other Latin) diacritics, so `hoi thao` finds
//! "hội thảo". [`tokenize`] splits words; a dotted number such as a procedure code `2.002311`
//! is a term of its own and also gives its parts (`002311`). Chinese, Japanese and Korean text
//! has no spaces between words, so runs of those scripts are indexed as overlapping pairs of
//! characters (bigrams): a word of two or more characters inside a sentence is found by
//! requiring all its pairs. The browser's `search.js` implements the same two functions; a test
//! runs both over the same strings.

use load::Kind;
use output::{FNV_OFFSET, OutputFile, fnv1a};
use plan::record_path;
use rayon::prelude::*;
use rustc_hash::FxHasher;
use serde::Serialize;
use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hash, Hasher};
use std::path::PathBuf;
use text::Text;
use unicode_normalization::UnicodeNormalization;
use validate::Site;

/// Documents per `docs-{n}.js` file: a query loads only the chunks its results fall in.
pub const DOCS_PER_CHUNK: usize = 200;

/// Target size of one terms file before the index is split into more buckets.
const BUCKET_TARGET_BYTES: usize = 48 * 1024;

/// How much a term counts, by the field it comes from (defined with the record types, which say
/// which of their fields weigh what).
pub use model::SearchWeight as Weight;

/// The search index as an output of the site: each language's index, made from the records
/// before the language's views; the search page is told its size (`search_index`).
pub struct SearchIndex;

impl publish::Output for SearchIndex {
    fn name(&self) -> &'static str {
        "search index"
    }
    fn record_files(
        &self,
        input: publish::LangInput<'_>,
        emit: &publish::Emit<'_>,
    ) -> publish::PageValues {
        let (files, info) = build_index(input.lang, &documents(input.site.site, input.lang));
        files.into_iter().for_each(|file| emit.emit(file));
        let info = serde_json::to_value(&info).expect("the index's description serialises");
        vec![("search_index", info)]
    }
}

/// One searchable record in one language.
#[derive(Debug, Clone)]
pub struct SearchDoc<'a> {
    /// `procedure`, `internal-procedure`, `channel`, `report`, `index` or `document`.
    pub kind: &'static str,
    /// Relative to the language folder: `procedures/2.002311/`.
    pub url: String,
    pub title: String,
    pub excerpt: String,
    /// The text to index, with its weight.
    /// (Borrowed from the language's views where they have it as is.)
    pub fields: Vec<(Weight, Cow<'a, str>)>,
}

/// What the search page needs to know of its language's index.
#[derive(Debug, Clone, Serialize)]
pub struct IndexInfo {
    pub docs: usize,
    pub chunk: usize,
    pub buckets: usize,
    /// A fingerprint of the index, appended to its file names' URLs to defeat stale caches.
    pub version: String,
    /// The runs of kinds in document order, `procedure 120,channel 9,…`: records are numbered
    /// kind by kind, so the browser counts the results of each kind without their documents.
    pub kinds: String,
}

/// Lowercase `text` and strip the diacritics of Latin letters (Vietnamese included).
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_into(text, &mut out);
    out
}

/// [`fold`] `text`, appending to `out`: ASCII directly, accented Latin letters from a table.
fn fold_into(text: &str, out: &mut String) {
    let table = latin_table();
    let start = out.len();
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else if ('\u{0300}'..='\u{036F}').contains(&c) {
            // A combining mark on its own: decomposed input (NFD, as some keyboards and systems
            // send Vietnamese), whose marks go as those of composed letters do.
        } else if ('\u{1100}'..='\u{11FF}').contains(&c) {
            // Decomposed Korean (conjoining jamo): composed into the syllables that other
            // systems send, then folded.
            out.truncate(start);
            let composed: String = text.nfc().collect();
            return fold_composed(&composed, out);
        } else if let Some(folded) = table.get(c) {
            out.push_str(folded);
        } else if is_cjk(c) {
            // These scripts have no case.
            out.push(c);
        } else {
            fold_char(c, out);
        }
    }
}

/// [`fold_into`] of text that has no conjoining jamo left that NFC could compose.
fn fold_composed(text: &str, out: &mut String) {
    for c in text.chars() {
        if ('\u{0300}'..='\u{036F}').contains(&c) {
            continue;
        }
        match latin_table().get(c) {
            Some(folded) => out.push_str(folded),
            None if is_cjk(c) => out.push(c),
            None => fold_char(c, out),
        }
    }
}

/// The fold of one character: what [`fold`] appends for it.
fn fold_char(c: char, out: &mut String) {
    match c {
        // `đ` is a letter of its own, not `d` with a mark, so decomposition keeps it.
        'đ' | 'Đ' => out.push('d'),
        '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}' => {
            for d in std::iter::once(c).nfd() {
                if !('\u{0300}'..='\u{036F}').contains(&d) {
                    out.extend(d.to_lowercase());
                }
            }
        }
        // Full-width forms, common in Chinese and Japanese input: `２００２` is `2002`.
        '\u{FF01}'..='\u{FF5E}' => {
            let narrow = char::from_u32(c as u32 - 0xFEE0).unwrap_or(c);
            out.extend(narrow.to_lowercase());
        }
        _ => out.extend(c.to_lowercase()),
    }
}

/// The folds of the accented Latin letters (U+00C0–U+024F, U+1E00–U+1EFF), made once by
/// [`fold_char`]: decomposing a letter for every occurrence was most of the index's time.
struct LatinTable {
    folds: Vec<String>,
}

const LATIN_RANGES: [(u32, u32); 2] = [(0x00C0, 0x024F), (0x1E00, 0x1EFF)];

impl LatinTable {
    fn new() -> Self {
        let folds = LATIN_RANGES
            .iter()
            .flat_map(|&(from, to)| from..=to)
            .map(|code| {
                let mut folded = String::new();
                if let Some(c) = char::from_u32(code) {
                    fold_char(c, &mut folded);
                }
                folded
            })
            .collect();
        LatinTable { folds }
    }

    fn get(&self, c: char) -> Option<&str> {
        let code = c as u32;
        let mut offset = 0;
        for (from, to) in LATIN_RANGES {
            if (from..=to).contains(&code) {
                return Some(&self.folds[offset + (code - from) as usize]);
            }
            offset += (to - from + 1) as usize;
        }
        None
    }
}

/// The table of [`LatinTable`], made on first use (it never changes).
fn latin_table() -> &'static LatinTable {
    static TABLE: std::sync::OnceLock<LatinTable> = std::sync::OnceLock::new();
    TABLE.get_or_init(LatinTable::new)
}

/// Scripts written without spaces between words (and Korean, whose words carry particles).
pub fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{1100}'..='\u{11FF}'
        | '\u{3040}'..='\u{30FF}'
        | '\u{3130}'..='\u{318F}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{AC00}'..='\u{D7A3}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2A6DF}')
}

/// The terms of already [`fold`]ed text, in order, with repeats.
pub fn tokenize(folded: &str) -> Vec<String> {
    let mut terms = Vec::new();
    each_term(folded, &mut Vec::new(), |t| terms.push(t.to_owned()));
    terms
}

/// Call `term` with each term of already folded text, in the order of [`tokenize`]. Terms are
/// slices of `folded` (a bigram's two characters, a code's parts, are adjacent in it), so no
/// term is allocated; `chars` is scratch space, kept by the caller from one text to the next.
fn each_term<'t>(folded: &'t str, chars: &mut Vec<(usize, char)>, mut term: impl FnMut(&'t str)) {
    chars.clear();
    chars.extend(folded.char_indices());
    // The byte offset where the character at `i` starts (the text's end past the last one).
    let at = |chars: &[(usize, char)], i: usize| chars.get(i).map_or(folded.len(), |&(o, _)| o);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i].1;
        if is_cjk(c) {
            let start = i;
            while i < chars.len() && is_cjk(chars[i].1) {
                i += 1;
            }
            if i - start == 1 {
                term(&folded[at(chars, start)..at(chars, i)]);
            } else {
                for k in start..i - 1 {
                    term(&folded[at(chars, k)..at(chars, k + 2)]);
                }
            }
        } else if c.is_alphanumeric() {
            let start = i;
            let mut dotted = false;
            while i < chars.len() {
                let d = chars[i].1;
                let dotted_number = d == '.'
                    && i > start
                    && chars[i - 1].1.is_ascii_digit()
                    && chars.get(i + 1).is_some_and(|n| n.1.is_ascii_digit());
                if (d.is_alphanumeric() && !is_cjk(d)) || dotted_number {
                    dotted |= dotted_number;
                    i += 1;
                } else {
                    break;
                }
            }
            let word = &folded[at(chars, start)..at(chars, i)];
            if dotted {
                word.split('.').for_each(&mut term);
            }
            term(word);
        } else {
            i += 1;
        }
    }
}

/// The form a term of `lang`'s index is stored and looked up in: for English, the Snowball
/// (Porter2) stem of the word with its British spelling made American ([`american`]), so that
/// `seminars` finds "seminar" and `legalization` finds "legalisation". Only words of ASCII
/// letters are changed (the stemmer is for English words; codes, numbers and folded Vietnamese
/// names that fall back into the English index pass through as they are, unless they look like
/// English words, which costs nothing: the query goes through the same function).
///
/// Other languages: Vietnamese is an isolating language (its words do not inflect), so it has
/// nothing to stem; Chinese and Japanese are indexed as pairs of characters, which match inside
/// inflected or compound words; Korean particles sit inside the pairs too. `search.js` has the
/// same function (`normalizeTerm`); a test runs both over 5,000+ English words.
pub fn normalize_term<'t>(lang: &str, term: &'t str) -> Cow<'t, str> {
    if !is_english(lang) || term.len() < 3 || !term.bytes().all(|b| b.is_ascii_lowercase()) {
        return Cow::Borrowed(term);
    }
    let stem = english_stem(&american(term));
    if stem == term {
        Cow::Borrowed(term)
    } else {
        Cow::Owned(stem)
    }
}

/// Whether `lang` (a language tag such as `en` or `en-GB`) is English.
fn is_english(lang: &str) -> bool {
    lang == "en" || lang.starts_with("en-")
}

/// The Snowball English (Porter2) stem of a lowercase word (rust-stemmers).
pub fn english_stem(word: &str) -> String {
    english_stemmer().stem(word).into_owned()
}

fn english_stemmer() -> &'static rust_stemmers::Stemmer {
    static STEMMER: std::sync::OnceLock<rust_stemmers::Stemmer> = std::sync::OnceLock::new();
    STEMMER.get_or_init(|| rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English))
}

/// A lowercase English word in its American spelling, where British and American spelling
/// differ by a regular rule; other words as they are. Index and query both go through it, so a
/// rule that changes a word that has no variant does no harm; each rule is narrowed so that it
/// does not make two different words one (see the notes on each). The first rule that applies:
///
/// * `-our` → `-or` (colour, honours, favourite, behavioural), at least two letters before
///   `our` (four, hour, tour, your, pour keep theirs), before nothing or an ending of the list;
/// * `-ise` → `-ize` (organise, organised, organising, organisation, recognisable), at least
///   three letters before `is` (rise, wise, arise, raise, noise, prise keep theirs);
/// * `-yse` → `-yze` (analyse, paralysed), at least three letters before `ys`;
/// * `-tre`, `-bre`, `-gre`, `-vre` → `-ter`… (centre, metres, fibre, meagre, manoeuvre), at
///   least two letters before that consonant (ogre keeps its); not after other consonants
///   (acre, genre, cadre, massacre are not variants);
/// * `-ll-` → `-l-` before `-ed`, `-ing`, `-er`, `-or` (travelled, cancelling, counsellor,
///   dialled) when the letters before `ll` end in a, e, o or u and hold two vowels or more
///   (called, filled, stalled, pulled have one and keep theirs; a stressed `-ll-`, controlled,
///   becomes controled, which is no other word);
/// * `-ogue` → `-og` (catalogue, dialogues), at least three letters before `ogue` (vogue, rogue);
/// * `-fence` → `-fense` (defence, offences), `licence` → `license`.
pub fn american(word: &str) -> Cow<'_, str> {
    const OUR_ENDINGS: [&str; 20] = [
        "", "s", "ed", "ing", "er", "ers", "ful", "fully", "less", "able", "ably", "ite", "ites",
        "ist", "ists", "ism", "al", "ally", "ly", "y",
    ];
    const ISE_ENDINGS: [&str; 10] = [
        "e", "es", "ed", "ing", "er", "ers", "ation", "ations", "able", "ational",
    ];
    const YSE_ENDINGS: [&str; 6] = ["e", "es", "ed", "ing", "er", "ers"];
    const LL_ENDINGS: [&str; 6] = ["ed", "ing", "er", "ers", "or", "ors"];
    // `word` = `stem` + `mark` + one of `endings`, with at least `min` letters in `stem`.
    let split = |mark: &str, endings: &[&str], min: usize| -> Option<(usize, usize)> {
        endings.iter().find_map(|ending| {
            let rest = word.strip_suffix(ending)?;
            let stem = rest.strip_suffix(mark)?;
            (stem.len() >= min).then_some((stem.len(), rest.len()))
        })
    };
    let replace = |from: usize, to: usize, with: &str| -> Cow<'_, str> {
        Cow::Owned(format!("{}{with}{}", &word[..from], &word[to..]))
    };
    if let Some((at, end)) = split("our", &OUR_ENDINGS, 2) {
        return replace(at, end, "or");
    }
    if let Some((at, end)) = split("is", &ISE_ENDINGS, 3) {
        return replace(at, end, "iz");
    }
    if let Some((at, end)) = split("ys", &YSE_ENDINGS, 3) {
        return replace(at, end, "yz");
    }
    for ending in ["re", "res"] {
        if let Some(rest) = word.strip_suffix(ending) {
            let b = rest.as_bytes();
            if b.len() >= 3 && matches!(b[b.len() - 1], b't' | b'b' | b'g' | b'v') {
                return replace(rest.len(), rest.len() + 2, "er");
            }
        }
    }
    if let Some((at, end)) = split("ll", &LL_ENDINGS, 3) {
        let stem = &word.as_bytes()[..at];
        let vowels = stem.iter().filter(|b| b"aeiou".contains(b)).count();
        if matches!(stem[at - 1], b'a' | b'e' | b'o' | b'u') && vowels >= 2 {
            return replace(at, end, "l");
        }
    }
    if let Some((at, end)) = split("ogue", &["", "s"], 3) {
        return replace(at, end, "og");
    }
    if let Some((at, end)) = split("fence", &["", "s"], 0) {
        return replace(at, end, "fense");
    }
    if let Some((at, end)) = split("licence", &["", "s", "d"], 0) {
        return replace(at, end, "license");
    }
    Cow::Borrowed(word)
}

/// (doc, weight) in document order, the weight of the best field the term appears in, each
/// packed into one `u32` ([`posting`]): a large site's index holds millions of them, and a
/// `(u32, u8)` pair takes eight bytes.
type PostingList = Vec<u32>;

/// Bits of a packed posting that hold the weight (the largest, [`Weight::Code`], is 16).
const WEIGHT_BITS: u32 = 5;

/// A posting packed into one number: the document above [`WEIGHT_BITS`], the weight below.
/// Documents number far below the 2^27 this leaves (a national site has tens of thousands).
fn posting(doc: u32, weight: u8) -> u32 {
    (doc << WEIGHT_BITS) | u32::from(weight)
}

/// The document and weight of a packed [`posting`].
fn unpack(posting: u32) -> (u32, u32) {
    (posting >> WEIGHT_BITS, posting & ((1 << WEIGHT_BITS) - 1))
}

/// term → its posting list.
type Postings = HashMap<Box<str>, PostingList, BuildHasherDefault<FxHasher>>;

/// Terms and their postings from one run of documents, in no particular order.
type TermRun = Vec<(Box<str>, PostingList)>;

/// How many parts the terms are split into to join the runs' postings in parallel.
const SHARDS: usize = 16;

/// The shard of a term when joining postings.
fn shard_of(term: &str) -> usize {
    let mut hasher = FxHasher::default();
    term.hash(&mut hasher);
    (hasher.finish() % SHARDS as u64) as usize
}

/// The postings of `docs`, numbered from `first`.
fn postings(lang: &str, docs: &[SearchDoc<'_>], first: usize) -> Postings {
    let mut postings = Postings::default();
    let mut folded = String::new();
    let mut chars = Vec::new();
    // Each distinct word's English form, made once per run of documents: stemming every
    // occurrence would add a large site's hundreds of thousands of words to the index's time.
    let mut forms: HashMap<Box<str>, Box<str>, BuildHasherDefault<FxHasher>> = HashMap::default();
    let english = is_english(lang);
    for (n, doc) in docs.iter().enumerate() {
        let n = (first + n) as u32;
        for (weight, text) in &doc.fields {
            let weight = *weight as u8;
            folded.clear();
            fold_into(text, &mut folded);
            each_term(&folded, &mut chars, |term| {
                let term: &str = if english {
                    if !forms.contains_key(term) {
                        forms.insert(term.into(), normalize_term(lang, term).into());
                    }
                    &forms[term]
                } else {
                    term
                };
                let list = match postings.get_mut(term) {
                    Some(list) => list,
                    None => postings.entry(term.into()).or_default(),
                };
                match list.last_mut() {
                    Some(last) if unpack(*last).0 == n => *last = (*last).max(posting(n, weight)),
                    _ => list.push(posting(n, weight)),
                }
            });
        }
    }
    postings
}

/// Documents per parallel task while collecting terms.
const DOCS_PER_TASK: usize = 512;

/// The index files of one language and what the search page needs to know of them.
pub fn build_index(lang: &str, docs: &[SearchDoc<'_>]) -> (Vec<OutputFile>, IndexInfo) {
    assert!(
        docs.len() < 1 << (32 - WEIGHT_BITS),
        "too many documents for packed postings"
    );
    // Runs of documents are read in parallel, each into a hash map (a sorted map's string
    // comparisons were most of the index's time on large sites); their lists are joined in
    // document order, and sorted by term once at the end.
    let parts: Vec<Postings> = docs
        .par_chunks(DOCS_PER_TASK)
        .enumerate()
        .map(|(k, chunk)| postings(lang, chunk, k * DOCS_PER_TASK))
        .collect();
    // Joined shard by shard in parallel (a term's shard is a hash of it): joining all the runs
    // into one map on one thread kept the other core idle for most of the index's time. Within
    // a shard the runs are joined in order, so each list stays in document order.
    let mut sharded: Vec<Vec<TermRun>> = parts
        .into_par_iter()
        .map(|part| {
            let mut shards: Vec<TermRun> = Vec::new();
            shards.resize_with(SHARDS, Vec::new);
            for (term, list) in part {
                shards[shard_of(&term)].push((term, list));
            }
            shards
        })
        .collect();
    let by_shard: Vec<Vec<TermRun>> = (0..SHARDS)
        .map(|shard| {
            sharded
                .iter_mut()
                .map(|part| std::mem::take(&mut part[shard]))
                .collect()
        })
        .collect();
    let mut postings: Vec<(Box<str>, PostingList)> = by_shard
        .into_par_iter()
        .flat_map_iter(|runs| {
            let mut all = Postings::default();
            for (term, list) in runs.into_iter().flatten() {
                match all.get_mut(&term) {
                    Some(known) => known.extend(list),
                    None => {
                        all.insert(term, list);
                    }
                }
            }
            all.into_iter()
        })
        .collect();
    postings.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));

    let estimated: usize = postings
        .iter()
        .map(|(t, p)| t.len() + 6 + p.len() * 8)
        .sum();
    let buckets = estimated.div_ceil(BUCKET_TARGET_BYTES).next_power_of_two();
    // The postings move into their buckets, and each bucket's are freed as its file is written:
    // the lists and the text they become are not all in memory at once.
    let mut in_bucket: Vec<Vec<(Box<str>, PostingList)>> = Vec::new();
    in_bucket.resize_with(buckets, Vec::new);
    for (term, list) in postings {
        in_bucket[bucket_of(&term, buckets)].push((term, list));
    }
    let bucket_text: Vec<String> = in_bucket
        .into_par_iter()
        .enumerate()
        .map(|(b, terms)| {
            let mut out = format!("minhbachSearch.terms({b},{{");
            for (i, (term, docs)) in terms.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                push_json_string(&mut out, &term);
                out.push_str(":[");
                for (j, &packed) in docs.iter().enumerate() {
                    let (doc, weight) = unpack(packed);
                    if j > 0 {
                        out.push(',');
                    }
                    push_number(&mut out, doc);
                    out.push(',');
                    push_number(&mut out, weight);
                }
                out.push(']');
            }
            out.push_str("});\n");
            out
        })
        .collect();

    let dir = PathBuf::from("search").join(lang);
    let mut files = Vec::new();
    for (b, text) in bucket_text.into_iter().enumerate() {
        files.push(OutputFile {
            path: dir.join(format!("terms-{b}.js")),
            bytes: text.into_bytes(),
        });
    }
    let doc_files: Vec<OutputFile> = docs
        .par_chunks(DOCS_PER_CHUNK)
        .enumerate()
        .map(|(n, chunk)| {
            let rows: Vec<[&str; 4]> = chunk
                .iter()
                .map(|d| [d.kind, d.url.as_str(), d.title.as_str(), d.excerpt.as_str()])
                .collect();
            let json = serde_json::to_string(&rows).expect("strings always serialise");
            OutputFile {
                path: dir.join(format!("docs-{n}.js")),
                bytes: format!("minhbachSearch.docs({n},{});\n", escape_script(&json)).into_bytes(),
            }
        })
        .collect();
    files.extend(doc_files);
    let version = fingerprint(&files);
    let mut runs: Vec<(&str, usize)> = Vec::new();
    for doc in docs {
        match runs.last_mut() {
            Some((kind, n)) if *kind == doc.kind => *n += 1,
            _ => runs.push((doc.kind, 1)),
        }
    }
    let kinds = runs
        .iter()
        .map(|(kind, n)| format!("{kind} {n}"))
        .collect::<Vec<_>>()
        .join(",");
    let info = IndexInfo {
        kinds,
        docs: docs.len(),
        chunk: DOCS_PER_CHUNK,
        buckets,
        version,
    };
    (files, info)
}

/// The bucket of a term: its first code point modulo the number of buckets (as in `search.js`).
pub fn bucket_of(term: &str, buckets: usize) -> usize {
    term.chars().next().map_or(0, |c| c as usize % buckets)
}

/// Append `n` in decimal (the index files hold millions of numbers).
fn push_number(out: &mut String, mut n: u32) {
    let mut digits = [0u8; 10];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend(digits[at..].iter().map(|&d| char::from(d)));
}

/// Append a JSON string literal, safe inside a script file.
fn push_json_string(out: &mut String, s: &str) {
    // Terms are letters and digits: nothing to escape, almost always.
    let plain = |c: char| {
        c != '"' && c != '\\' && c >= ' ' && c != '<' && c != '\u{2028}' && c != '\u{2029}'
    };
    if s.chars().all(plain) {
        out.push('"');
        out.push_str(s);
        out.push('"');
    } else {
        out.push_str(&escape_script(
            &serde_json::to_string(s).expect("strings always serialise"),
        ));
    }
}

/// JSON is JavaScript, except that U+2028 and U+2029 ended string literals in older engines;
/// `<` is escaped so that no text can close a `<script>` element if the file is ever inlined.
fn escape_script(json: &str) -> String {
    json.replace('<', "\\u003c")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

fn fingerprint(files: &[OutputFile]) -> String {
    let hash = files
        .iter()
        .fold(FNV_OFFSET, |h, f| fnv1a(h, f.bytes.iter().copied()));
    format!("{:08x}", hash >> 32)
}

/// The first `max` characters of `text`, cut at a word boundary where there is one.
pub fn excerpt(text: &str, max: usize) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= max {
        return text;
    }
    let cut: String = text.chars().take(max).collect();
    let cut = match cut.rfind(' ') {
        Some(at) if at > cut.len() / 2 => &cut[..at],
        _ => cut.as_str(),
    };
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.', ' ']))
}

/// The text of sanitised HTML (for indexing report bodies): tags dropped, entities decoded.
pub fn html_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
}

/// The searchable records of one language: procedures, internal procedures, channels, reports,
/// indices and documents, in that order, with the texts their pages show in `lang`.
///
/// Made from the records themselves, with their texts borrowed, not from the language's views:
/// so the index can be built and written before the views exist, and the two are never in memory
/// together (at 10,000 procedures each is tens of MB per language).
pub fn documents<'a>(site: &'a Site, lang: &str) -> Vec<SearchDoc<'a>> {
    const EXCERPT: usize = 180;
    let default = site.default_language();
    let l = &site.loaded;
    let records: Vec<(Kind, usize)> = Kind::ALL
        .into_iter()
        .flat_map(|kind| (0..l.records(kind).len()).map(move |i| (kind, i)))
        .collect();
    // In parallel, in record order: nothing else runs while a language's index is made, and at
    // 10,000 procedures this loop alone kept one core idle for a tenth of a second per language.
    records
        .into_par_iter()
        .map(|(kind, i)| {
            let list = l.records(kind);
            let t = |field: &'static str, text: &'a Text| {
                list.translated(i, lang, field)
                    .unwrap_or_else(|| text.text_for(lang, default))
            };
            let entry = list.data(i).search_entry(&t);
            let mut fields: Vec<(Weight, Cow<'a, str>)> = entry
                .fields
                .into_iter()
                .map(|(weight, text)| (weight, Cow::Borrowed(text)))
                .collect();
            // A Markdown kind's body, in the language or else the default one.
            if kind.is_markdown()
                && let Some(bodies) = site.bodies(kind, i)
                && let Some(body) = bodies.get(lang).or_else(|| bodies.get(default))
            {
                fields.push((Weight::Text, Cow::Owned(html_text(body))));
            }
            SearchDoc {
                kind: kind.name(),
                url: record_path(site, kind, i),
                title: entry.title.into_owned(),
                excerpt: entry
                    .excerpt
                    .map_or_else(String::new, |e| excerpt(e, EXCERPT)),
                fields,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_vietnamese_completely() {
        assert_eq!(fold("Hội thảo Quốc tế"), "hoi thao quoc te");
        assert_eq!(fold("Đăng cai ĐỒNG"), "dang cai dong");
        assert_eq!(fold("２００２"), "2002");
        assert_eq!(fold("国际会议"), "国际会议");
        assert_eq!(fold("세미나"), "세미나");
    }

    /// The fast paths of `fold` (ASCII, the table, CJK) agree with folding each character.
    #[test]
    fn fast_fold_agrees_with_folding_each_character() {
        let ranges = [
            0x20..=0x7E,
            0xA0..=0x2FF,
            0x1E00..=0x1FFF,
            0x3040..=0x30FF,
            0x4E00..=0x4E80,
            0xAC00..=0xAC80,
            0xFF01..=0xFF5E,
        ];
        for code in ranges.into_iter().flatten() {
            let c = char::from_u32(code).unwrap();
            let mut slow = String::new();
            fold_char(c, &mut slow);
            assert_eq!(fold(&c.to_string()), slow, "U+{code:04X}");
        }
    }

    #[test]
    fn numbers_and_strings_are_written_as_json() {
        let mut out = String::new();
        for n in [0, 7, 10, 4_294_967_295] {
            push_number(&mut out, n);
            out.push(' ');
        }
        assert_eq!(out, "0 7 10 4294967295 ");
        let mut out = String::new();
        push_json_string(&mut out, "hoi");
        push_json_string(&mut out, "a\"<\u{2028}");
        assert_eq!(out, r#""hoi""a\"\u003c\u2028""#);
    }

    #[test]
    fn codes_give_the_whole_and_the_parts() {
        let terms = tokenize(&fold("Mã 2.002311, số 1260/QĐ-UBND."));
        assert!(terms.contains(&"2.002311".to_owned()));
        assert!(terms.contains(&"002311".to_owned()));
        assert!(terms.contains(&"qd".to_owned()));
        assert!(terms.contains(&"ubnd".to_owned()));
        // The sentence's full stop is not part of a number.
        assert!(terms.contains(&"ubnd".to_owned()));
        assert!(!terms.iter().any(|t| t.ends_with('.')));
    }

    #[test]
    fn cjk_runs_become_bigrams() {
        assert_eq!(
            tokenize("举办国际会议"),
            ["举办", "办国", "国际", "际会", "会议"]
        );
        assert_eq!(tokenize("年"), ["年"]);
        assert_eq!(tokenize("2025年の報告"), ["2025", "年の", "の報", "報告"]);
    }

    #[test]
    fn index_has_every_document_and_its_terms() {
        let docs = vec![
            SearchDoc {
                kind: "procedure",
                url: "procedures/2.002311/".into(),
                title: "Thủ tục cho phép tổ chức hội thảo quốc tế".into(),
                excerpt: "…".into(),
                fields: vec![
                    (
                        Weight::Title,
                        "Thủ tục cho phép tổ chức hội thảo quốc tế".into(),
                    ),
                    (Weight::Code, "2.002311".into()),
                ],
            },
            SearchDoc {
                kind: Kind::Document.name(),
                url: "documents/x/".into(),
                title: "</script><b>".into(),
                excerpt: String::new(),
                fields: vec![(Weight::Title, "tổ chức".into())],
            },
        ];
        let (files, info) = build_index("vi", &docs);
        assert_eq!(info.docs, 2);
        let all: String = files
            .iter()
            .map(|f| String::from_utf8(f.bytes.clone()).unwrap())
            .collect();
        assert!(all.contains(r#""hoi":[0,8]"#), "{all}");
        assert!(all.contains(r#""002311":[0,16]"#), "{all}");
        assert!(all.contains(r#""chuc":[0,8,1,8]"#), "{all}");
        assert!(!all.contains("</script>"), "{all}");
    }

    #[test]
    fn packed_postings_keep_document_and_weight() {
        for doc in [0, 1, 200, (1 << (32 - WEIGHT_BITS)) - 1] {
            for weight in [Weight::Text, Weight::Detail, Weight::Title, Weight::Code] {
                let w = weight as u8;
                assert_eq!(unpack(posting(doc, w)), (doc, u32::from(w)));
                // Within one document, the larger packed value is the larger weight.
                assert!(posting(doc, w) <= posting(doc, Weight::Code as u8));
            }
        }
        assert!((Weight::Code as u32) < (1 << WEIGHT_BITS));
    }

    #[test]
    fn borrowed_text_is_the_text_a_page_shows() {
        let by_language = |pairs: &[(&str, &str)]| {
            Text::ByLanguage(
                text::Translations::new(pairs.iter().map(|(l, t)| (l.to_string(), t.to_string())))
                    .unwrap(),
            )
        };
        let texts = [
            Text::Plain("Hội thảo".into()),
            by_language(&[("vi", "Hội thảo"), ("en", "Seminar")]),
            by_language(&[("vi", "Hội thảo"), ("en", "  ")]),
            by_language(&[("en", "Seminar")]),
            by_language(&[]),
        ];
        for text in &texts {
            for lang in ["vi", "en", "ja"] {
                assert_eq!(
                    text.text_for(lang, "vi"),
                    text.localize(lang, "vi").text,
                    "{text:?} in {lang}"
                );
            }
        }
    }

    #[test]
    fn excerpts_end_at_a_word() {
        assert_eq!(excerpt("short text", 50), "short text");
        assert_eq!(excerpt("one two three four five", 12), "one two…");
    }

    #[test]
    fn html_text_drops_tags() {
        assert_eq!(
            html_text("<p>A &amp; B<sup>1</sup></p>")
                .split_whitespace()
                .collect::<Vec<_>>(),
            ["A", "&", "B", "1"]
        );
    }
}
