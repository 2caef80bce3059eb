//! Text fields that exist in several languages, and how a page picks one.
//!
//! In content files a text is either a plain string, taken to be in the site's default language,
//! or a map from language code to string. A page in a language the text lacks shows the
//! default-language text instead, marked with that language so that screen readers pronounce it
//! right and the reader sees a notice.

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// A human-readable text in one or more languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Text {
    /// A plain string: in the default language.
    Plain(String),
    /// Translations by language code. Sorted, so iteration is deterministic.
    ByLanguage(BTreeMap<String, String>),
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
        match self {
            Text::Plain(s) => Localized {
                text: s.clone(),
                lang: default.to_owned(),
                fallback: lang != default,
            },
            Text::ByLanguage(map) => match map.get(lang).filter(|s| !s.trim().is_empty()) {
                Some(s) => Localized {
                    text: s.clone(),
                    lang: lang.to_owned(),
                    fallback: false,
                },
                None => Localized {
                    text: map.get(default).cloned().unwrap_or_default(),
                    lang: default.to_owned(),
                    fallback: lang != default,
                },
            },
        }
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
            Text::ByLanguage(map) => map.keys().map(String::as_str).collect(),
        }
    }

    /// The default-language text, used for sorting and for ids.
    pub fn default_text<'a>(&'a self, default: &str) -> &'a str {
        match self {
            Text::Plain(s) => s,
            Text::ByLanguage(map) => map.get(default).map_or("", String::as_str),
        }
    }

    /// All translations, for search keywords and the like.
    pub fn all(&self) -> Vec<&str> {
        match self {
            Text::Plain(s) => vec![s.as_str()],
            Text::ByLanguage(map) => map.values().map(String::as_str).collect(),
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
                let mut map = BTreeMap::new();
                while let Some((lang, text)) = access.next_entry::<String, PlainString>()? {
                    if map.insert(lang.clone(), text.0).is_some() {
                        return Err(de::Error::custom(format_args!(
                            "language `{lang}` is given twice"
                        )));
                    }
                }
                Ok(Text::ByLanguage(map))
            }
        }
        deserializer.deserialize_any(TextVisitor)
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
        assert_eq!(t.languages(), vec!["en", "ja", "vi"]);
    }

    #[test]
    fn rejects_nested_maps() {
        let err = serde_yaml::from_str::<Text>("{vi: {a: b}}").unwrap_err();
        assert!(err.to_string().contains("must be a string"), "{err}");
    }
}
