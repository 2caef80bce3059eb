//! What a record's open data holds: the shape of each kind's records (which the CSV columns and
//! the data page's field lists follow) and the values of one record, both written beside the
//! record types, so that a new field is added to its type, its shape and its values in one file.
//! The `opendata` crate turns them into JSON and CSV; it knows no record type.

use crate::Date;
use text::Text;

/// The shape of an open-data value.
#[derive(Debug)]
pub enum Shape {
    /// A string, number, boolean or null.
    Scalar,
    /// An object from language code to text.
    Text,
    /// An object with these fields, in this order.
    Record(&'static [(&'static str, Shape)]),
    /// An array of values of this shape.
    List(&'static Shape),
    /// A field of the JSON that the CSV leaves out: report texts run past the 32,767 characters
    /// a spreadsheet cell holds.
    JsonOnly(&'static Shape),
}

/// One open-data value of a record, borrowed from it.
#[derive(Debug, Clone)]
pub enum Data<'a> {
    Null,
    Str(&'a str),
    Float(f64),
    Int(i64),
    Date(Date),
    /// A text field, named as in the record's file: a translation file can give its text in
    /// its language (`title` of a report).
    Text(&'static str, &'a Text),
    /// An object with these fields, in this order.
    Record(Vec<(&'static str, Data<'a>)>),
    List(Vec<Data<'a>>),
}

impl<'a> Data<'a> {
    /// A text that may be absent.
    pub fn text(field: &'static str, text: &'a Option<Text>) -> Data<'a> {
        text.as_ref().map_or(Data::Null, |t| Data::Text(field, t))
    }
    /// A string that may be absent.
    pub fn str(s: Option<&'a str>) -> Data<'a> {
        s.map_or(Data::Null, Data::Str)
    }
    /// A list of texts.
    pub fn texts(field: &'static str, texts: &'a [Text]) -> Data<'a> {
        Data::List(texts.iter().map(|t| Data::Text(field, t)).collect())
    }
    /// An enumeration's value, as files spell it.
    pub fn name(value: impl Into<&'static str>) -> Data<'a> {
        Data::Str(value.into())
    }
    pub fn float(n: Option<f64>) -> Data<'a> {
        n.map_or(Data::Null, Data::Float)
    }
    pub fn int(n: Option<impl Into<i64>>) -> Data<'a> {
        n.map_or(Data::Null, |n| Data::Int(n.into()))
    }
    pub fn date(d: Option<Date>) -> Data<'a> {
        d.map_or(Data::Null, Data::Date)
    }
}
