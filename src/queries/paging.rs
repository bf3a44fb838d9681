//! Keyset paging: a page ends at a row, and the next page starts strictly after that row's sort
//! key, so rows inserted meanwhile never shift or repeat a page (offsets would).
//!
//! A sort is a list of fields, each ascending or descending, always followed by the primary
//! key as the tie-breaker (in the direction of the last field). Nulls sort last in both directions on both backends, which SQLite
//! and PostgreSQL disagree on by default, so the order is `(col IS NULL), col`.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::expression::BoxableExpression;
use diesel::sql_types::Bool;
use serde::{Deserialize, Serialize};

use crate::db::MultiBackend;
use crate::error::ApiError;

/// A condition on the rows of `QS`, built at run time.
pub type Condition<QS> = Box<dyn BoxableExpression<QS, MultiBackend, SqlType = Bool>>;

pub const DEFAULT_LIMIT: i64 = 50;
pub const MAX_LIMIT: i64 = 500;

/// How many rows a page holds: a number, or every row (`limit=all`, for CSV and NDJSON).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    Rows(i64),
    All,
}

impl Limit {
    pub fn parse(raw: Option<&str>) -> Result<Limit, ApiError> {
        match raw {
            None => Ok(Limit::Rows(DEFAULT_LIMIT)),
            Some("all") => Ok(Limit::All),
            Some(text) => match text.parse::<i64>() {
                Ok(n) if (1..=MAX_LIMIT).contains(&n) => Ok(Limit::Rows(n)),
                _ => Err(ApiError::invalid_parameter(format!(
                    "limit must be a whole number from 1 to {MAX_LIMIT}, or `all` with CSV and NDJSON; got `{text}`"
                ))),
            },
        }
    }

    /// What the envelope reports.
    pub fn shown(self, total: i64) -> i64 {
        match self {
            Limit::Rows(n) => n,
            Limit::All => total,
        }
    }
}

/// One value of a sort key, as a cursor carries it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum KeyValue {
    Null,
    Int(i64),
    Float(f64),
    Text(String),
}

impl KeyValue {
    pub fn int(&self) -> Option<i64> {
        match self {
            KeyValue::Int(v) => Some(*v),
            _ => None,
        }
    }
    pub fn float(&self) -> Option<f64> {
        match self {
            KeyValue::Float(v) => Some(*v),
            KeyValue::Int(v) => Some(*v as f64),
            _ => None,
        }
    }
    pub fn text(&self) -> Option<&str> {
        match self {
            KeyValue::Text(v) => Some(v),
            _ => None,
        }
    }
    pub fn date(&self) -> Option<NaiveDate> {
        self.text().and_then(|t| t.parse().ok())
    }
    pub fn timestamp(&self) -> Option<NaiveDateTime> {
        self.text().and_then(|t| NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M:%S%.f").ok())
    }
}

impl From<i64> for KeyValue {
    fn from(v: i64) -> Self {
        KeyValue::Int(v)
    }
}
impl From<i32> for KeyValue {
    fn from(v: i32) -> Self {
        KeyValue::Int(v.into())
    }
}
impl From<f64> for KeyValue {
    fn from(v: f64) -> Self {
        KeyValue::Float(v)
    }
}
impl From<&str> for KeyValue {
    fn from(v: &str) -> Self {
        KeyValue::Text(v.to_string())
    }
}
impl From<&String> for KeyValue {
    fn from(v: &String) -> Self {
        KeyValue::Text(v.clone())
    }
}
impl From<NaiveDate> for KeyValue {
    fn from(v: NaiveDate) -> Self {
        KeyValue::Text(v.to_string())
    }
}
impl From<NaiveDateTime> for KeyValue {
    fn from(v: NaiveDateTime) -> Self {
        KeyValue::Text(v.format("%Y-%m-%dT%H:%M:%S%.f").to_string())
    }
}
impl<T: Into<KeyValue>> From<Option<T>> for KeyValue {
    fn from(v: Option<T>) -> Self {
        v.map_or(KeyValue::Null, Into::into)
    }
}

/// A field a collection sorts by.
pub trait SortField: Copy + PartialEq + 'static {
    /// Field names as clients write them, with the default first.
    const NAMES: &'static [&'static str];
    fn parse(name: &str) -> Option<Self>;
    fn name(self) -> &'static str;
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SortKey<F> {
    pub field: F,
    pub descending: bool,
}

/// `sort=-year,title`: fields, `-` for descending. An unknown field is refused; a field named
/// again adds nothing (the first mention decides its direction).
pub fn parse_sort<F: SortField>(raw: Option<&str>, default: &[SortKey<F>]) -> Result<Vec<SortKey<F>>, ApiError> {
    let Some(raw) = raw else { return Ok(default.to_vec()) };
    let mut keys: Vec<SortKey<F>> = Vec::new();
    for part in raw.split(',') {
        let part = part.trim();
        let (descending, name) = match part.strip_prefix('-') {
            Some(name) => (true, name),
            None => (false, part.strip_prefix('+').unwrap_or(part)),
        };
        let field = F::parse(name).ok_or_else(|| {
            ApiError::invalid_parameter(format!(
                "cannot sort by `{name}`; sort by one or more of: {} (prefix `-` for descending)",
                F::NAMES.join(", ")
            ))
        })?;
        if !keys.iter().any(|k| k.field == field) {
            keys.push(SortKey { field, descending });
        }
    }
    Ok(keys)
}

/// The canonical text of a sort, which a cursor is bound to.
pub fn sort_text<F: SortField>(keys: &[SortKey<F>]) -> String {
    keys.iter()
        .map(|k| format!("{}{}", if k.descending { "-" } else { "" }, k.field.name()))
        .collect::<Vec<_>>()
        .join(",")
}

#[derive(Serialize, Deserialize)]
struct CursorBody {
    s: String,
    v: Vec<KeyValue>,
}

/// Where the next page starts: the last row's sort key values, then its id.
#[derive(Debug, Clone, PartialEq)]
pub struct Cursor {
    pub values: Vec<KeyValue>,
}

impl Cursor {
    pub fn encode(sort: &str, values: Vec<KeyValue>) -> String {
        let body = serde_json::to_vec(&CursorBody { s: sort.to_string(), v: values }).unwrap_or_default();
        URL_SAFE_NO_PAD.encode(body)
    }

    /// Reads a cursor made for the same sort, with one value per key plus the id.
    pub fn decode(raw: &str, sort: &str, keys: usize) -> Result<Cursor, ApiError> {
        let invalid =
            || ApiError::invalid_parameter("cursor is not one this collection gave out; follow the `next` link");
        let bytes = URL_SAFE_NO_PAD.decode(raw.trim_end_matches('=')).map_err(|_| invalid())?;
        let body: CursorBody = serde_json::from_slice(&bytes).map_err(|_| invalid())?;
        if body.s != sort {
            return Err(ApiError::invalid_parameter(format!(
                "this cursor belongs to sort={}, not sort={sort}; keep the sort while paging",
                body.s
            )));
        }
        if body.v.len() != keys + 1 {
            return Err(invalid());
        }
        Ok(Cursor { values: body.v })
    }
}

/// One page of rows, and the cursor of the next page when there is one.
#[derive(Debug)]
pub struct Page<T> {
    pub rows: Vec<T>,
    pub next: Option<String>,
}

/// Implements ordering and keyset conditions for a table's sort fields. Each field names its
/// column and its kind: `int`, `bigint`, `float`, `text`, `date`, `timestamp`, `opt_date`, `opt_text`,
/// `opt_int`, `opt_timestamp` (nullable ones sort last).
#[macro_export]
macro_rules! sortable {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident on $table:ident for $row:ty {
            $($variant:ident = $text:literal => $column:path : $kind:ident, |$r:ident| $value:expr;)+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        $vis enum $name { $($variant),+ }

        impl $crate::queries::paging::SortField for $name {
            const NAMES: &'static [&'static str] = &[$($text),+];
            fn parse(name: &str) -> Option<Self> {
                match name { $($text => Some($name::$variant),)+ _ => None }
            }
            fn name(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }

        impl $name {
            #[allow(dead_code)]
            pub fn key_value(self, row: &$row) -> $crate::queries::paging::KeyValue {
                match self { $($name::$variant => { let $r = row; $crate::queries::paging::KeyValue::from($value) })+ }
            }

            pub fn order<'a>(
                self,
                query: $table::BoxedQuery<'a, $crate::db::MultiBackend>,
                descending: bool,
            ) -> $table::BoxedQuery<'a, $crate::db::MultiBackend> {
                match self { $($name::$variant => $crate::sort_kind!(order $kind, query, $column, descending),)+ }
            }

            /// Rows strictly after `value` in this field's order; None when no row can be.
            pub fn after(
                self,
                value: &$crate::queries::paging::KeyValue,
                descending: bool,
            ) -> Result<Option<$crate::queries::paging::Condition<$table::table>>, $crate::error::ApiError> {
                match self { $($name::$variant => $crate::sort_kind!(after $kind, value, $column, descending),)+ }
            }

            /// Rows equal to `value` in this field.
            pub fn equal(
                self,
                value: &$crate::queries::paging::KeyValue,
            ) -> Result<$crate::queries::paging::Condition<$table::table>, $crate::error::ApiError> {
                match self { $($name::$variant => $crate::sort_kind!(equal $kind, value, $column),)+ }
            }
        }
    };
}

/// The per-kind pieces of `sortable!`.
#[macro_export]
macro_rules! sort_kind {
    (order $kind:ident, $query:expr, $column:path, $desc:expr) => {
        $crate::sort_kind!(@order $kind, $query, $column, $desc)
    };
    (@order opt_date, $q:expr, $c:path, $d:expr) => { $crate::sort_kind!(@order_nullable $q, $c, $d) };
    (@order opt_text, $q:expr, $c:path, $d:expr) => { $crate::sort_kind!(@order_nullable $q, $c, $d) };
    (@order opt_int, $q:expr, $c:path, $d:expr) => { $crate::sort_kind!(@order_nullable $q, $c, $d) };
    (@order opt_timestamp, $q:expr, $c:path, $d:expr) => { $crate::sort_kind!(@order_nullable $q, $c, $d) };
    (@order $other:ident, $q:expr, $c:path, $d:expr) => {{
        use diesel::prelude::*;
        if $d { $q.then_order_by($c.desc()) } else { $q.then_order_by($c.asc()) }
    }};
    (@order_nullable $q:expr, $c:path, $d:expr) => {{
        use diesel::prelude::*;
        let q = $q.then_order_by($c.is_null().asc());
        if $d { q.then_order_by($c.desc()) } else { q.then_order_by($c.asc()) }
    }};

    (after int, $v:expr, $c:path, $d:expr) => { $crate::sort_kind!(@after_plain $v, $c, $d, |v: &$crate::queries::paging::KeyValue| v.int().and_then(|n| i32::try_from(n).ok())) };
    (after bigint, $v:expr, $c:path, $d:expr) => { $crate::sort_kind!(@after_plain $v, $c, $d, |v: &$crate::queries::paging::KeyValue| v.int()) };
    (after float, $v:expr, $c:path, $d:expr) => { $crate::sort_kind!(@after_plain $v, $c, $d, |v: &$crate::queries::paging::KeyValue| v.float()) };
    (after text, $v:expr, $c:path, $d:expr) => { $crate::sort_kind!(@after_plain $v, $c, $d, |v: &$crate::queries::paging::KeyValue| v.text().map(str::to_string)) };
    (after timestamp, $v:expr, $c:path, $d:expr) => { $crate::sort_kind!(@after_plain $v, $c, $d, |v: &$crate::queries::paging::KeyValue| v.timestamp()) };
    (after date, $v:expr, $c:path, $d:expr) => { $crate::sort_kind!(@after_plain $v, $c, $d, |v: &$crate::queries::paging::KeyValue| v.date()) };
    (after opt_date, $v:expr, $c:path, $d:expr) => { $crate::sort_kind!(@after_nullable $v, $c, $d, |v: &$crate::queries::paging::KeyValue| v.date()) };
    (after opt_text, $v:expr, $c:path, $d:expr) => { $crate::sort_kind!(@after_nullable $v, $c, $d, |v: &$crate::queries::paging::KeyValue| v.text().map(str::to_string)) };
    (after opt_int, $v:expr, $c:path, $d:expr) => { $crate::sort_kind!(@after_nullable $v, $c, $d, |v: &$crate::queries::paging::KeyValue| v.int().and_then(|n| i32::try_from(n).ok())) };
    (after opt_timestamp, $v:expr, $c:path, $d:expr) => { $crate::sort_kind!(@after_nullable $v, $c, $d, |v: &$crate::queries::paging::KeyValue| v.timestamp()) };
    (@after_plain $v:expr, $c:path, $d:expr, $read:expr) => {{
        use diesel::prelude::*;
        let read = $read;
        let value = read($v).ok_or_else($crate::queries::paging::bad_cursor)?;
        let condition: $crate::queries::paging::Condition<_> = if $d { Box::new($c.lt(value)) } else { Box::new($c.gt(value)) };
        Ok(Some(condition))
    }};
    (@after_nullable $v:expr, $c:path, $d:expr, $read:expr) => {{
        use diesel::prelude::*;
        if matches!($v, $crate::queries::paging::KeyValue::Null) {
            // Nulls come last: nothing sorts after a null but other nulls, which tie.
            Ok(None)
        } else {
            let read = $read;
            let value = read($v).ok_or_else($crate::queries::paging::bad_cursor)?;
            let condition: $crate::queries::paging::Condition<_> = if $d {
                Box::new($c.assume_not_null().lt(value).or($c.is_null()))
            } else {
                Box::new($c.assume_not_null().gt(value).or($c.is_null()))
            };
            Ok(Some(condition))
        }
    }};

    (equal int, $v:expr, $c:path) => { $crate::sort_kind!(@equal_plain $v, $c, |v: &$crate::queries::paging::KeyValue| v.int().and_then(|n| i32::try_from(n).ok())) };
    (equal bigint, $v:expr, $c:path) => { $crate::sort_kind!(@equal_plain $v, $c, |v: &$crate::queries::paging::KeyValue| v.int()) };
    (equal float, $v:expr, $c:path) => { $crate::sort_kind!(@equal_plain $v, $c, |v: &$crate::queries::paging::KeyValue| v.float()) };
    (equal text, $v:expr, $c:path) => { $crate::sort_kind!(@equal_plain $v, $c, |v: &$crate::queries::paging::KeyValue| v.text().map(str::to_string)) };
    (equal timestamp, $v:expr, $c:path) => { $crate::sort_kind!(@equal_plain $v, $c, |v: &$crate::queries::paging::KeyValue| v.timestamp()) };
    (equal date, $v:expr, $c:path) => { $crate::sort_kind!(@equal_plain $v, $c, |v: &$crate::queries::paging::KeyValue| v.date()) };
    (equal opt_date, $v:expr, $c:path) => { $crate::sort_kind!(@equal_nullable $v, $c, |v: &$crate::queries::paging::KeyValue| v.date()) };
    (equal opt_text, $v:expr, $c:path) => { $crate::sort_kind!(@equal_nullable $v, $c, |v: &$crate::queries::paging::KeyValue| v.text().map(str::to_string)) };
    (equal opt_int, $v:expr, $c:path) => { $crate::sort_kind!(@equal_nullable $v, $c, |v: &$crate::queries::paging::KeyValue| v.int().and_then(|n| i32::try_from(n).ok())) };
    (equal opt_timestamp, $v:expr, $c:path) => { $crate::sort_kind!(@equal_nullable $v, $c, |v: &$crate::queries::paging::KeyValue| v.timestamp()) };
    (@equal_plain $v:expr, $c:path, $read:expr) => {{
        use diesel::prelude::*;
        let read = $read;
        let value = read($v).ok_or_else($crate::queries::paging::bad_cursor)?;
        let condition: $crate::queries::paging::Condition<_> = Box::new($c.eq(value));
        Ok(condition)
    }};
    (@equal_nullable $v:expr, $c:path, $read:expr) => {{
        use diesel::prelude::*;
        if matches!($v, $crate::queries::paging::KeyValue::Null) {
            let condition: $crate::queries::paging::Condition<_> = Box::new($c.is_null());
            Ok(condition)
        } else {
            let read = $read;
            let value = read($v).ok_or_else($crate::queries::paging::bad_cursor)?;
            let condition: $crate::queries::paging::Condition<_> = Box::new($c.assume_not_null().eq(value));
            Ok(condition)
        }
    }};
}

pub fn bad_cursor() -> ApiError {
    ApiError::invalid_parameter("cursor is not one this collection gave out; follow the `next` link")
}

/// `(k1 > v1) OR (k1 = v1 AND k2 > v2) OR … OR (k1 = v1 AND … AND id > v_id)`: the rows after
/// the cursor in the sort's order. `after` and `equal` give each key's pieces; the last key is
/// the id.
pub fn keyset_condition<QS: 'static>(
    keys: usize,
    values: &[KeyValue],
    after: impl Fn(usize, &KeyValue) -> Result<Option<Condition<QS>>, ApiError>,
    equal: impl Fn(usize, &KeyValue) -> Result<Condition<QS>, ApiError>,
) -> Result<Condition<QS>, ApiError> {
    use diesel::BoolExpressionMethods;
    let mut branches: Option<Condition<QS>> = None;
    for i in 0..=keys {
        let Some(mut branch) = after(i, &values[i])? else {
            continue;
        };
        for (j, value) in values.iter().enumerate().take(i) {
            branch = Box::new(equal(j, value)?.and(branch));
        }
        branches = Some(match branches {
            None => branch,
            Some(existing) => Box::new(existing.or(branch)),
        });
    }
    // Every branch was impossible: the cursor was the very last row.
    Ok(branches.unwrap_or_else(|| Box::new(diesel::dsl::sql::<Bool>("1 = 0"))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, Copy, PartialEq)]
    enum Field {
        Year,
        Title,
    }
    impl SortField for Field {
        const NAMES: &'static [&'static str] = &["year", "title"];
        fn parse(name: &str) -> Option<Self> {
            match name {
                "year" => Some(Field::Year),
                "title" => Some(Field::Title),
                _ => None,
            }
        }
        fn name(self) -> &'static str {
            match self {
                Field::Year => "year",
                Field::Title => "title",
            }
        }
    }

    #[test]
    fn parses_sort_lists() {
        let keys = parse_sort::<Field>(Some("-year,title"), &[]).unwrap();
        assert_eq!(
            keys,
            vec![SortKey { field: Field::Year, descending: true }, SortKey { field: Field::Title, descending: false }]
        );
        assert_eq!(sort_text(&keys), "-year,title");
        assert!(parse_sort::<Field>(Some("bogus"), &[]).is_err());
        assert_eq!(
            parse_sort::<Field>(Some("year,-year"), &[]).unwrap(),
            vec![SortKey { field: Field::Year, descending: false }]
        );
        assert!(parse_sort::<Field>(Some(""), &[]).is_err());
    }

    #[test]
    fn cursors_round_trip_and_bind_to_their_sort() {
        let raw = Cursor::encode("-year", vec![KeyValue::Int(2025), KeyValue::Int(7)]);
        assert_eq!(Cursor::decode(&raw, "-year", 1).unwrap().values, vec![KeyValue::Int(2025), KeyValue::Int(7)]);
        assert!(Cursor::decode(&raw, "year", 1).is_err());
        assert!(Cursor::decode("not-a-cursor", "-year", 1).is_err());
    }

    #[test]
    fn limits() {
        assert_eq!(Limit::parse(None).unwrap(), Limit::Rows(50));
        assert_eq!(Limit::parse(Some("500")).unwrap(), Limit::Rows(500));
        assert_eq!(Limit::parse(Some("all")).unwrap(), Limit::All);
        for bad in ["0", "501", "-1", "ten", ""] {
            assert!(Limit::parse(Some(bad)).is_err(), "{bad}");
        }
    }
}
