//! Text fields that exist in several languages, and how a page picks one.
//!
//! In content files a text is either a plain string, taken to be in the site's default language,
//! or a map from language code to string. A page in a language the text lacks shows the
//! default-language text instead, marked with that language so that screen readers pronounce it
//! right and the reader sees a notice.

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A human-readable text in one or more languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Text {
    /// A plain string: in the default language.
    Plain(String),
    /// Translations by language code. Sorted, so iteration is deterministic.
    ByLanguage(Translations),
}

/// Translations by language code, sorted by code, each code given once.
///
/// Two allocations per text rather than a map: a text has a handful of translations, and a
/// national portal has hundreds of thousands of texts. A `BTreeMap` node takes about 640 bytes
/// however few its entries; here the codes and texts sit one after the other in one buffer.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Translations {
    /// Each code followed by its text, in the order of the codes.
    buffer: Box<str>,
    /// Where each code and then its text end in `buffer`.
    ends: Box<[(usize, usize)]>,
}

impl Translations {
    /// Translations from (language, text) pairs; `None` if a language is given twice.
    pub fn new(pairs: impl IntoIterator<Item = (String, String)>) -> Option<Self> {
        let mut pairs: Vec<(String, String)> = pairs.into_iter().collect();
        pairs.sort_by(|a, b| a.0.cmp(&b.0));
        if pairs.windows(2).any(|w| w[0].0 == w[1].0) {
            return None;
        }
        let mut buffer = String::with_capacity(pairs.iter().map(|(l, t)| l.len() + t.len()).sum());
        let ends = pairs
            .iter()
            .map(|(lang, text)| {
                buffer.push_str(lang);
                let code_end = buffer.len();
                buffer.push_str(text);
                (code_end, buffer.len())
            })
            .collect();
        Some(Translations {
            buffer: buffer.into_boxed_str(),
            ends,
        })
    }

    /// The text in `lang`, if given.
    pub fn get(&self, lang: &str) -> Option<&str> {
        // Every page looks up dozens of texts: language codes are two or three bytes, so they
        // are compared byte by byte here rather than through a `memcmp` call each.
        let wanted = lang.as_bytes();
        let buffer = self.buffer.as_bytes();
        let mut start = 0;
        for &(code_end, text_end) in self.ends.iter() {
            let code = &buffer[start..code_end];
            if code.len() == wanted.len() && code.iter().zip(wanted).all(|(a, b)| a == b) {
                return Some(&self.buffer[code_end..text_end]);
            }
            start = text_end;
        }
        None
    }

    /// (language, text) pairs in the order of the language codes.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        let starts = std::iter::once(0).chain(self.ends.iter().map(|&(_, text_end)| text_end));
        starts
            .zip(self.ends.iter())
            .map(|(start, &(code_end, text_end))| {
                (
                    &self.buffer[start..code_end],
                    &self.buffer[code_end..text_end],
                )
            })
    }

    /// The language codes, sorted.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.iter().map(|(l, _)| l)
    }

    /// The texts, in the order of their language codes.
    pub fn values(&self) -> impl Iterator<Item = &str> {
        self.iter().map(|(_, t)| t)
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }
}

/// A text as one page shows it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Localized {
    pub text: String,
    /// The language the text is really in.
    pub lang: String,
    /// True when the page's language was missing and the default language stands in.
    pub fallback: bool,
}

impl Text {
    /// The text in `lang`, else in `default` (marked as a fallback).
    pub fn localize(&self, lang: &str, default: &str) -> Localized {
        let (text, text_lang) = self.pick(lang, default);
        Localized {
            text: text.to_owned(),
            lang: text_lang.to_owned(),
            fallback: text_lang != lang,
        }
    }

    /// The text [`Text::localize`] picks for `lang`, borrowed instead of copied (for output
    /// made of many texts, such as the search index and JSON-LD).
    pub fn text_for<'a>(&'a self, lang: &str, default: &str) -> &'a str {
        self.pick(lang, default).0
    }

    /// The text for a page in `lang` and the language it is really in: the translation in
    /// `lang` if it is not blank, else the default language's.
    fn pick<'a, 'l>(&'a self, lang: &'l str, default: &'l str) -> (&'a str, &'l str) {
        match self {
            Text::Plain(s) => (s, default),
            Text::ByLanguage(map) => match map.get(lang).filter(|s| !s.trim().is_empty()) {
                Some(s) => (s, lang),
                None => (map.get(default).unwrap_or_default(), default),
            },
        }
    }

    /// The language and text of each translation that is not blank, in the order of the
    /// language codes; a plain string is in `default`. What a language map of the text holds.
    pub fn given<'a>(&'a self, default: &'a str) -> impl Iterator<Item = (&'a str, &'a str)> {
        let (plain, map) = match self {
            Text::Plain(s) => (Some((default, s.as_str())), None),
            Text::ByLanguage(map) => (None, Some(map.iter())),
        };
        plain
            .into_iter()
            .chain(map.into_iter().flatten())
            .filter(|(_, s)| !s.trim().is_empty())
    }

    /// Whether the text has a non-empty translation in `lang`.
    pub fn has(&self, lang: &str, default: &str) -> bool {
        match self {
            Text::Plain(s) => lang == default && !s.trim().is_empty(),
            Text::ByLanguage(map) => map.get(lang).is_some_and(|s| !s.trim().is_empty()),
        }
    }

    /// The language codes this text names (for checking them against the site's languages).
    pub fn languages(&self) -> Vec<&str> {
        match self {
            Text::Plain(_) => Vec::new(),
            Text::ByLanguage(map) => map.keys().collect(),
        }
    }

    /// The default-language text, used for sorting and for ids.
    pub fn default_text<'a>(&'a self, default: &str) -> &'a str {
        match self {
            Text::Plain(s) => s,
            Text::ByLanguage(map) => map.get(default).unwrap_or(""),
        }
    }

    /// All translations, for search keywords and the like.
    pub fn all(&self) -> Vec<&str> {
        match self {
            Text::Plain(s) => vec![s.as_str()],
            Text::ByLanguage(map) => map.values().collect(),
        }
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor;
        impl<'de> Visitor<'de> for TextVisitor {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a text: a string, or a map from language code to string")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
                Ok(Text::Plain(v.to_owned()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Text, E> {
                Ok(Text::Plain(v))
            }
            // A bare number (a phone number, a year) is text too.
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Text, E> {
                Ok(Text::Plain(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Text, E> {
                Ok(Text::Plain(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Text, E> {
                Ok(Text::Plain(v.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Text, A::Error> {
                let mut pairs: Vec<(String, String)> =
                    Vec::with_capacity(access.size_hint().unwrap_or(0));
                while let Some((lang, text)) = access.next_entry::<String, PlainString>()? {
                    if pairs.iter().any(|(l, _)| *l == lang) {
                        return Err(de::Error::custom(format_args!(
                            "language `{lang}` is given twice"
                        )));
                    }
                    pairs.push((lang, text.0));
                }
                let translations = Translations::new(pairs);
                // Repeated languages were refused above.
                Ok(Text::ByLanguage(translations.unwrap_or_default()))
            }
        }
        deserializer.deserialize_any(TextVisitor)
    }
}

/// The JSON Schema of a text as content files write it: a string (or a number) in the default
/// language, or a map from language code to string. This is the shape alone; `schema::site_text`
/// names the site's languages and requires the default one.
impl schemars::JsonSchema for Text {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Text".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A text: a string in the default language, or one line per language code (`vi: …`, `en: …`).",
            "anyOf": [
                {"type": ["string", "number"]},
                {
                    "type": "object",
                    "additionalProperties": {"type": ["string", "number"]}
                }
            ]
        })
    }
}

/// One translation: a string (numbers are accepted and kept as written).
struct PlainString(String);

impl<'de> Deserialize<'de> for PlainString {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match Text::deserialize(deserializer)? {
            Text::Plain(s) => Ok(PlainString(s)),
            Text::ByLanguage(_) => Err(de::Error::custom(
                "a translation must be a string, not another map",
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_string_is_default_language() {
        let t: Text = serde_yaml::from_str("Hội thảo").unwrap();
        assert!(!t.localize("vi", "vi").fallback);
        let en = t.localize("en", "vi");
        assert_eq!(
            (en.text.as_str(), en.lang.as_str(), en.fallback),
            ("Hội thảo", "vi", true)
        );
    }

    #[test]
    fn map_falls_back_per_language() {
        let t: Text = serde_yaml::from_str("{vi: Hội thảo, en: Seminar, ja: ''}").unwrap();
        assert_eq!(t.localize("en", "vi").text, "Seminar");
        assert!(
            t.localize("ja", "vi").fallback,
            "an empty translation is a missing one"
        );
        assert!(t.has("en", "vi") && !t.has("ko", "vi"));
        assert_eq!(
            t.given("vi").collect::<Vec<_>>(),
            [("en", "Seminar"), ("vi", "Hội thảo")],
            "the blank Japanese text is not given"
        );
        let plain: Text = serde_yaml::from_str("Hội thảo").unwrap();
        assert_eq!(plain.given("vi").collect::<Vec<_>>(), [("vi", "Hội thảo")]);
        let blank: Text = serde_yaml::from_str("' '").unwrap();
        assert_eq!(blank.given("vi").count(), 0);
        assert_eq!(t.languages(), vec!["en", "ja", "vi"]);
    }

    #[test]
    fn translations_are_sorted_and_unique() {
        let t: Text = serde_yaml::from_str("{zh: 研讨会, vi: Hội thảo, en: Seminar}").unwrap();
        let Text::ByLanguage(map) = &t else {
            panic!("a map of languages: {t:?}")
        };
        assert_eq!(map.keys().collect::<Vec<_>>(), ["en", "vi", "zh"]);
        assert_eq!(map.get("zh"), Some("研讨会"));
        assert_eq!(map.get("ko"), None);
        assert_eq!(map.len(), 3);
        let err = serde_yaml::from_str::<Text>("{vi: a, en: b, vi: c}").unwrap_err();
        assert!(err.to_string().contains("`vi` is given twice"), "{err}");
        let built = Translations::new([
            ("zh".to_owned(), "研讨会".to_owned()),
            ("en".to_owned(), "Seminar".to_owned()),
            ("vi".to_owned(), "Hội thảo".to_owned()),
        ]);
        assert_eq!(built.as_ref(), Some(map));
        assert!(
            Translations::new([("vi".into(), "a".into()), ("vi".into(), "b".into())]).is_none()
        );
    }

    #[test]
    fn rejects_nested_maps() {
        let err = serde_yaml::from_str::<Text>("{vi: {a: b}}").unwrap_err();
        assert!(err.to_string().contains("must be a string"), "{err}");
    }
}
