//! The CSV cells of a record, made by walking its `Serialize` implementation.
//!
//! The rule (module documentation of [`super`]) is defined on the JSON record: a column is a
//! path into it, a list's items go into one cell separated by line feeds. Building each
//! record's JSON value to look the paths up copied every text of the site once more into maps
//! of owned strings; this serializer instead appends each value, as it is visited, to the cell
//! of its path. Between two items of a list it ends a line in every cell below the list, which
//! is the same as joining the items' cells with line feeds.
//!
//! A cell that holds text and would start a formula in a spreadsheet program gets a leading
//! apostrophe ([`formula_guard`]); a cell of numbers only is left as it is.

use rustc_hash::FxHashMap;
use serde::ser::{self, Serialize};
use std::fmt;
use std::ops::Range;

/// Where the values of a record go: the column of each path, and the columns below each path.
#[derive(Debug)]
pub struct CellIndex {
    /// The column of a path that is a column (`name.vi`, `submission.method`). Looked up for
    /// every value of every record: hashed with rustc-hash, not SipHash.
    leaf: FxHashMap<String, usize>,
    /// The columns below a path, contiguous since the columns follow the shape (`submission`:
    /// `submission.method` to `submission.note.ko`).
    below: FxHashMap<String, Range<usize>>,
    columns: usize,
}

impl CellIndex {
    pub fn new(columns: &[String]) -> Self {
        let mut leaf = FxHashMap::default();
        let mut below: FxHashMap<String, Range<usize>> = FxHashMap::default();
        for (i, column) in columns.iter().enumerate() {
            leaf.insert(column.clone(), i);
            let mut prefix_ends: Vec<usize> = column.match_indices('.').map(|(at, _)| at).collect();
            prefix_ends.push(column.len());
            for end in prefix_ends {
                below
                    .entry(column[..end].to_owned())
                    .and_modify(|r| r.end = i + 1)
                    .or_insert(i..i + 1);
            }
        }
        CellIndex {
            leaf,
            below,
            columns: columns.len(),
        }
    }
}

/// The cells of one record at a time; the strings are reused from record to record.
pub struct Cells<'i> {
    index: &'i CellIndex,
    cells: Vec<String>,
    /// Whether a text value (not a number) went into each cell: only those can carry a formula.
    has_text: Vec<bool>,
    /// The path being visited, its parts joined with `.`.
    path: String,
}

/// The characters that make a spreadsheet program read a cell as a formula when they start it:
/// OWASP's list (`=`, `+`, `-`, `@`, tab, carriage return), the full-width forms that CJK input
/// methods type and that spreadsheet programs in those locales take for the ASCII ones, and NUL
/// (OWASP ASVS 1.2.10).
const FORMULA_STARTS: [char; 10] = ['=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠'];

/// Whether `cell` must be guarded: it starts with one of [`FORMULA_STARTS`] or NUL, or does so
/// after leading blanks (some import dialogs trim them, which would make ` =1+1` a formula).
pub fn needs_formula_guard(cell: &str) -> bool {
    cell.starts_with(['\t', '\r', '\0'])
        || cell
            .trim_start()
            .starts_with(|c: char| FORMULA_STARTS.contains(&c))
}

/// The cell as written to CSV: a text cell that a spreadsheet program would read as a formula
/// gets a leading apostrophe, as OWASP recommends against CSV injection (the apostrophe tells
/// the program that the cell is text, and is not shown). `has_text` is false for a cell of
/// numbers only, which stays a number even when negative.
pub fn formula_guard(cell: &mut String, has_text: bool) {
    if has_text && needs_formula_guard(cell) {
        cell.insert(0, '\'');
    }
}

/// Why a record could not be made into cells: a kind of value no record has (bytes).
#[derive(Debug)]
pub struct Unsupported(String);

impl fmt::Display for Unsupported {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Unsupported {}

impl ser::Error for Unsupported {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Unsupported(msg.to_string())
    }
}

impl<'i> Cells<'i> {
    pub fn new(index: &'i CellIndex) -> Self {
        Cells {
            index,
            cells: vec![String::new(); index.columns],
            has_text: vec![false; index.columns],
            path: String::new(),
        }
    }

    /// The cells of `record`, one per column.
    pub fn of<R: Serialize + ?Sized>(&mut self, record: &R) -> Result<&[String], Unsupported> {
        self.cells.iter_mut().for_each(String::clear);
        self.has_text.iter_mut().for_each(|t| *t = false);
        self.path.clear();
        record.serialize(&mut *self)?;
        for (cell, &has_text) in self.cells.iter_mut().zip(&self.has_text) {
            formula_guard(cell, has_text);
        }
        Ok(&self.cells)
    }

    /// Visit `value` at the path one part further down.
    fn at<T: Serialize + ?Sized>(&mut self, part: &str, value: &T) -> Result<(), Unsupported> {
        let len = self.enter(part);
        let result = value.serialize(&mut *self);
        self.path.truncate(len);
        result
    }

    /// Go one part down the path; returns where to cut the path back to.
    fn enter(&mut self, part: &str) -> usize {
        let len = self.path.len();
        if len > 0 {
            self.path.push('.');
        }
        self.path.push_str(part);
        len
    }

    /// A scalar: appended to the cell of the current path, if that is a column. `is_text` is
    /// false for numbers and booleans, which cannot form a formula on their own.
    fn put(&mut self, text: &str, is_text: bool) -> Result<(), Unsupported> {
        if let Some(&i) = self.index.leaf.get(&self.path) {
            self.cells[i].push_str(text);
            self.has_text[i] |= is_text && !text.is_empty();
        }
        Ok(())
    }

    /// Between two items of a list: a line ends in every cell below it.
    fn next_item(&mut self) {
        if let Some(range) = self.index.below.get(&self.path) {
            for cell in &mut self.cells[range.clone()] {
                cell.push('\n');
            }
        }
    }
}

/// A list being visited: whether an item came before.
pub struct Items<'a, 'i> {
    cells: &'a mut Cells<'i>,
    first: bool,
}

impl Items<'_, '_> {
    fn item<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unsupported> {
        if !self.first {
            self.cells.next_item();
        }
        self.first = false;
        value.serialize(&mut *self.cells)
    }
}

/// A map or struct being visited; for a map, the key of the value to come.
pub struct Fields<'a, 'i> {
    cells: &'a mut Cells<'i>,
    key: String,
}

/// A variant with data, serialised as JSON does: an object with the variant as its only key.
/// `path_len` is where the path is cut back to at its end.
pub struct Variant<C> {
    inner: C,
    path_len: usize,
}

impl<'a, 'i> ser::Serializer for &'a mut Cells<'i> {
    type Ok = ();
    type Error = Unsupported;
    type SerializeSeq = Items<'a, 'i>;
    type SerializeTuple = Items<'a, 'i>;
    type SerializeTupleStruct = Items<'a, 'i>;
    type SerializeTupleVariant = Variant<Items<'a, 'i>>;
    type SerializeMap = Fields<'a, 'i>;
    type SerializeStruct = Fields<'a, 'i>;
    type SerializeStructVariant = Variant<Fields<'a, 'i>>;

    fn serialize_bool(self, v: bool) -> Result<(), Unsupported> {
        self.put(if v { "true" } else { "false" }, false)
    }
    fn serialize_i8(self, v: i8) -> Result<(), Unsupported> {
        self.serialize_i64(v.into())
    }
    fn serialize_i16(self, v: i16) -> Result<(), Unsupported> {
        self.serialize_i64(v.into())
    }
    fn serialize_i32(self, v: i32) -> Result<(), Unsupported> {
        self.serialize_i64(v.into())
    }
    fn serialize_i64(self, v: i64) -> Result<(), Unsupported> {
        self.put(&v.to_string(), false)
    }
    fn serialize_u8(self, v: u8) -> Result<(), Unsupported> {
        self.serialize_u64(v.into())
    }
    fn serialize_u16(self, v: u16) -> Result<(), Unsupported> {
        self.serialize_u64(v.into())
    }
    fn serialize_u32(self, v: u32) -> Result<(), Unsupported> {
        self.serialize_u64(v.into())
    }
    fn serialize_u64(self, v: u64) -> Result<(), Unsupported> {
        self.put(&v.to_string(), false)
    }
    fn serialize_f32(self, v: f32) -> Result<(), Unsupported> {
        self.serialize_f64(v.into())
    }
    /// As a JSON value writes it; not finite, it is `null` there, an empty cell here.
    fn serialize_f64(self, v: f64) -> Result<(), Unsupported> {
        match serde_json::Number::from_f64(v) {
            Some(n) => self.put(&n.to_string(), false),
            None => Ok(()),
        }
    }
    fn serialize_char(self, v: char) -> Result<(), Unsupported> {
        self.put(v.encode_utf8(&mut [0; 4]), true)
    }
    fn serialize_str(self, v: &str) -> Result<(), Unsupported> {
        self.put(v, true)
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<(), Unsupported> {
        Err(Unsupported("bytes have no CSV cell".to_owned()))
    }
    fn serialize_none(self) -> Result<(), Unsupported> {
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Unsupported> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Unsupported> {
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Unsupported> {
        Ok(())
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), Unsupported> {
        self.put(variant, true)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Unsupported> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Unsupported> {
        self.at(variant, value)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Items<'a, 'i>, Unsupported> {
        Ok(Items {
            cells: self,
            first: true,
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<Items<'a, 'i>, Unsupported> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        len: usize,
    ) -> Result<Items<'a, 'i>, Unsupported> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self::SerializeTupleVariant, Unsupported> {
        let path_len = self.enter(variant);
        Ok(Variant {
            inner: self.serialize_seq(Some(len))?,
            path_len,
        })
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Fields<'a, 'i>, Unsupported> {
        Ok(Fields {
            cells: self,
            key: String::new(),
        })
    }
    fn serialize_struct(self, _: &'static str, len: usize) -> Result<Fields<'a, 'i>, Unsupported> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self::SerializeStructVariant, Unsupported> {
        let path_len = self.enter(variant);
        Ok(Variant {
            inner: self.serialize_map(Some(len))?,
            path_len,
        })
    }
}

impl ser::SerializeSeq for Items<'_, '_> {
    type Ok = ();
    type Error = Unsupported;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unsupported> {
        self.item(value)
    }
    fn end(self) -> Result<(), Unsupported> {
        Ok(())
    }
}

impl ser::SerializeTuple for Items<'_, '_> {
    type Ok = ();
    type Error = Unsupported;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unsupported> {
        self.item(value)
    }
    fn end(self) -> Result<(), Unsupported> {
        Ok(())
    }
}

impl ser::SerializeTupleStruct for Items<'_, '_> {
    type Ok = ();
    type Error = Unsupported;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unsupported> {
        self.item(value)
    }
    fn end(self) -> Result<(), Unsupported> {
        Ok(())
    }
}

impl ser::SerializeTupleVariant for Variant<Items<'_, '_>> {
    type Ok = ();
    type Error = Unsupported;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unsupported> {
        self.inner.item(value)
    }
    fn end(self) -> Result<(), Unsupported> {
        self.inner.cells.path.truncate(self.path_len);
        Ok(())
    }
}

impl ser::SerializeMap for Fields<'_, '_> {
    type Ok = ();
    type Error = Unsupported;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Unsupported> {
        self.key = key.serialize(KeyText)?;
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unsupported> {
        let key = std::mem::take(&mut self.key);
        let result = self.cells.at(&key, value);
        self.key = key;
        result
    }
    fn end(self) -> Result<(), Unsupported> {
        Ok(())
    }
}

impl ser::SerializeStruct for Fields<'_, '_> {
    type Ok = ();
    type Error = Unsupported;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<(), Unsupported> {
        self.cells.at(name, value)
    }
    fn end(self) -> Result<(), Unsupported> {
        Ok(())
    }
}

impl ser::SerializeStructVariant for Variant<Fields<'_, '_>> {
    type Ok = ();
    type Error = Unsupported;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<(), Unsupported> {
        self.inner.cells.at(name, value)
    }
    fn end(self) -> Result<(), Unsupported> {
        self.inner.cells.path.truncate(self.path_len);
        Ok(())
    }
}

/// A map key as text, as JSON writes keys: strings as they are, numbers and booleans as
/// their text.
struct KeyText;

impl ser::Serializer for KeyText {
    type Ok = String;
    type Error = Unsupported;
    type SerializeSeq = ser::Impossible<String, Unsupported>;
    type SerializeTuple = ser::Impossible<String, Unsupported>;
    type SerializeTupleStruct = ser::Impossible<String, Unsupported>;
    type SerializeTupleVariant = ser::Impossible<String, Unsupported>;
    type SerializeMap = ser::Impossible<String, Unsupported>;
    type SerializeStruct = ser::Impossible<String, Unsupported>;
    type SerializeStructVariant = ser::Impossible<String, Unsupported>;

    fn serialize_str(self, v: &str) -> Result<String, Unsupported> {
        Ok(v.to_owned())
    }
    fn serialize_bool(self, v: bool) -> Result<String, Unsupported> {
        Ok(v.to_string())
    }
    fn serialize_i8(self, v: i8) -> Result<String, Unsupported> {
        Ok(v.to_string())
    }
    fn serialize_i16(self, v: i16) -> Result<String, Unsupported> {
        Ok(v.to_string())
    }
    fn serialize_i32(self, v: i32) -> Result<String, Unsupported> {
        Ok(v.to_string())
    }
    fn serialize_i64(self, v: i64) -> Result<String, Unsupported> {
        Ok(v.to_string())
    }
    fn serialize_u8(self, v: u8) -> Result<String, Unsupported> {
        Ok(v.to_string())
    }
    fn serialize_u16(self, v: u16) -> Result<String, Unsupported> {
        Ok(v.to_string())
    }
    fn serialize_u32(self, v: u32) -> Result<String, Unsupported> {
        Ok(v.to_string())
    }
    fn serialize_u64(self, v: u64) -> Result<String, Unsupported> {
        Ok(v.to_string())
    }
    fn serialize_char(self, v: char) -> Result<String, Unsupported> {
        Ok(v.to_string())
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<String, Unsupported> {
        Ok(variant.to_owned())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<String, Unsupported> {
        value.serialize(self)
    }
    fn serialize_f32(self, _: f32) -> Result<String, Unsupported> {
        Err(not_a_key())
    }
    fn serialize_f64(self, _: f64) -> Result<String, Unsupported> {
        Err(not_a_key())
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<String, Unsupported> {
        Err(not_a_key())
    }
    fn serialize_none(self) -> Result<String, Unsupported> {
        Err(not_a_key())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<String, Unsupported> {
        Err(not_a_key())
    }
    fn serialize_unit(self) -> Result<String, Unsupported> {
        Err(not_a_key())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<String, Unsupported> {
        Err(not_a_key())
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<String, Unsupported> {
        Err(not_a_key())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Unsupported> {
        Err(not_a_key())
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Unsupported> {
        Err(not_a_key())
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, Unsupported> {
        Err(not_a_key())
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Unsupported> {
        Err(not_a_key())
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Unsupported> {
        Err(not_a_key())
    }
    fn serialize_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStruct, Unsupported> {
        Err(not_a_key())
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Unsupported> {
        Err(not_a_key())
    }
}

fn not_a_key() -> Unsupported {
    Unsupported("a map key must be text".to_owned())
}
