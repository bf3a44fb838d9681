//! Query parameters: strict (an unknown or malformed one is a 400), and the pieces every
//! collection shares: paging, sorting and the response format.

use std::future::{Ready, ready};

use actix_web::dev::ServiceRequest;
use actix_web::{FromRequest, HttpRequest, dev::Payload, http::header};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use utoipa::ToSchema;

use crate::error::ApiError;
use crate::queries::PageRequest;
use crate::queries::paging::{self, Cursor, Limit, SortField, SortKey};

/// What takes no query parameters refuses any: a parameter it would ignore is a mistake in
/// the link (and would fill the response cache with copies).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoParams {}

/// Query parameters parsed strictly into `T` (`#[serde(deny_unknown_fields)]`).
pub struct Query<T>(pub T);

impl<T: DeserializeOwned> Query<T> {
    pub fn parse(query: &str) -> Result<T, ApiError> {
        let deserializer = serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
        serde_path_to_error::deserialize(deserializer).map_err(|e| {
            let path = e.path().to_string();
            let inner = e.into_inner().to_string();
            let detail = if inner.starts_with("unknown field") {
                format!(
                    "unknown query parameter: {}",
                    inner.trim_start_matches("unknown field ")
                )
            } else if path == "." {
                format!("invalid query: {inner}")
            } else {
                format!("invalid value for query parameter `{path}`: {inner}")
            };
            ApiError::invalid_parameter(detail)
        })
    }
}

impl<T: DeserializeOwned> FromRequest for Query<T> {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Self::parse(req.query_string()).map(Query))
    }
}

/// Refuses a request whose path or query holds a NUL character (`%00`): no key or value can
/// contain one, and PostgreSQL cannot even compare text that does (it would be a 500).
pub fn refuse_nul(req: &ServiceRequest) -> Result<(), ApiError> {
    let target = req.uri().path_and_query().map(|t| t.as_str()).unwrap_or("");
    if target.contains("%00") {
        return Err(ApiError::invalid_parameter(
            "the path or a query parameter holds a NUL character (%00)",
        ));
    }
    Ok(())
}

/// `as_of`: a day written `YYYY-MM-DD`, nothing else. chrono alone also takes `2025-1-5`, a sign,
/// spaces and years past 9999 (`+10000-01-01`), which SQLite compares as text, out of order.
pub fn day<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<chrono::NaiveDate>, D::Error> {
    let text = String::deserialize(deserializer)?;
    parse_day(&text)
        .map(Some)
        .ok_or_else(|| serde::de::Error::custom(format!("`{text}` is not a date written YYYY-MM-DD")))
}

/// A real day written exactly `YYYY-MM-DD`.
pub fn parse_day(text: &str) -> Option<chrono::NaiveDate> {
    let shaped = text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    shaped
        .then(|| chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").ok())
        .flatten()
}

/// A response representation: what `format=` names, or the Accept header asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Representation {
    Json,
    Csv,
    Ndjson,
    /// A chart (`/series/{metric}`).
    Svg,
    /// Citations (sources and figures): CSL-JSON, BibTeX, a formatted reference.
    Csl,
    Bibtex,
    Citation,
}

/// What collections offer: a page of JSON, or every row as CSV or NDJSON.
pub const TABULAR: &[Representation] = &[Representation::Json, Representation::Csv, Representation::Ndjson];

/// The items of a header such as `Accept` or `Accept-Encoding`, each with its weight (`q=`, 1
/// when absent or unreadable). Every request reads one twice or more, so the list is walked
/// as bytes: the names are compared ASCII-insensitively anyway, and a header that is not
/// UTF-8 needs no check first.
pub fn weighted(value: &[u8]) -> impl Iterator<Item = (&[u8], f32)> {
    value.split(|&b| b == b',').filter_map(|item| {
        let (name, parameters) = match item.iter().position(|&b| b == b';') {
            Some(at) => (&item[..at], &item[at + 1..]),
            None => (item, &[][..]),
        };
        let name = name.trim_ascii();
        if name.is_empty() {
            return None;
        }
        let quality = match parameters {
            [] => 1.0,
            _ => parameters
                .split(|&b| b == b';')
                .filter_map(|p| p.trim_ascii().strip_prefix(b"q="))
                .find_map(|q| std::str::from_utf8(q.trim_ascii()).ok()?.parse::<f32>().ok())
                .unwrap_or(1.0),
        };
        Some((name, quality))
    })
}

impl Representation {
    const ALL: [Representation; 7] = [
        Representation::Json,
        Representation::Csv,
        Representation::Ndjson,
        Representation::Svg,
        Representation::Csl,
        Representation::Bibtex,
        Representation::Citation,
    ];

    pub fn parse(text: &str) -> Option<Representation> {
        Self::ALL.into_iter().find(|r| r.name() == text)
    }

    /// The media types that name it in an Accept header.
    fn media_types(self) -> &'static [&'static str] {
        match self {
            Representation::Json => &["application/json"],
            Representation::Csv => &["text/csv"],
            Representation::Ndjson => &["application/x-ndjson", "application/ndjson", "application/jsonl"],
            Representation::Svg => &["image/svg+xml"],
            Representation::Csl => &["application/vnd.citationstyles.csl+json"],
            Representation::Bibtex => &["application/x-bibtex", "text/x-bibtex"],
            Representation::Citation => &["text/x-bibliography"],
        }
    }

    /// The best of `offered` that the Accept header asks for; JSON when it names none of them.
    pub fn from_accept(req: &HttpRequest, offered: &[Representation]) -> Representation {
        let accept = req
            .headers()
            .get(header::ACCEPT)
            .map(header::HeaderValue::as_bytes)
            .unwrap_or_default();
        let mut best: Option<(f32, Representation)> = None;
        for (media, quality) in weighted(accept) {
            let Some(representation) = offered
                .iter()
                .copied()
                .find(|r| r.media_types().iter().any(|m| m.as_bytes().eq_ignore_ascii_case(media)))
            else {
                continue;
            };
            if quality > 0.0 && best.is_none_or(|(q, _)| quality > q) {
                best = Some((quality, representation));
            }
        }
        best.map_or(Representation::Json, |(_, r)| r)
    }

    /// What `format=` or else the Accept header asks for among everything the service offers:
    /// what the ETag and the response cache key by, before a handler has said what it offers.
    pub fn requested(req: &HttpRequest) -> Representation {
        form_urlencoded::parse(req.query_string().as_bytes())
            .find(|(name, _)| name == "format")
            .and_then(|(_, value)| Self::parse(&value))
            .unwrap_or_else(|| Self::from_accept(req, &Self::ALL))
    }

    /// `format=` (which the parameter's type has already limited to `offered`) wins over Accept.
    pub fn negotiate(req: &HttpRequest, param: Option<impl Into<Representation>>, offered: &[Representation]) -> Self {
        param.map_or_else(|| Representation::from_accept(req, offered), Into::into)
    }

    pub fn name(self) -> &'static str {
        match self {
            Representation::Json => "json",
            Representation::Csv => "csv",
            Representation::Ndjson => "ndjson",
            Representation::Svg => "svg",
            Representation::Csl => "csl",
            Representation::Bibtex => "bibtex",
            Representation::Citation => "citation",
        }
    }
}

/// A `format=` parameter's values, each its own type so that the OpenAPI document lists
/// exactly what each operation accepts.
macro_rules! format_param {
    ($(#[$meta:meta])* $name:ident { $($variant:ident),+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
        #[serde(rename_all = "lowercase")]
        pub enum $name {
            $($variant),+
        }

        impl From<$name> for Representation {
            fn from(format: $name) -> Representation {
                match format {
                    $($name::$variant => Representation::$variant),+
                }
            }
        }

        impl $name {
            pub fn parse(text: &str) -> Option<$name> {
                match Representation::parse(text)? {
                    $(Representation::$variant => Some($name::$variant),)+
                    _ => None,
                }
            }
        }
    };
}

format_param! {
    /// `json`, `csv` or `ndjson`.
    TableFormat { Json, Csv, Ndjson }
}

format_param! {
    /// `json`, `csv`, `ndjson`, or `svg` for the chart.
    SeriesFormat { Json, Csv, Ndjson, Svg }
}

format_param! {
    /// `json`, or a citation: `csl` (CSL-JSON), `bibtex`, `citation` (a formatted reference, ГОСТ Р 7.0.100-2018).
    CitationFormat { Json, Csl, Bibtex, Citation }
}

format_param! {
    /// `json`, `csv`, `ndjson`, or every matching source as citations: `csl`, `bibtex`, `citation`.
    SourcesFormat { Json, Csv, Ndjson, Csl, Bibtex, Citation }
}

/// `format=` on resources whose own field is also called `format` (editions, sessions): a
/// representation (json, csv, ndjson) or a value of the resource's format to filter by.
pub fn split_format<F: std::str::FromStr<Err = String>>(
    raw: Option<&str>,
) -> Result<(Option<Representation>, Option<F>), ApiError> {
    let Some(raw) = raw else { return Ok((None, None)) };
    if let Some(representation) = TableFormat::parse(raw) {
        return Ok((Some(representation.into()), None));
    }
    raw.parse::<F>().map(|f| (None, Some(f))).map_err(|e| {
        ApiError::invalid_parameter(format!(
            "format: {e}; or one of json, csv, ndjson for the representation"
        ))
    })
}

/// The paging and sorting parameters of one request, checked.
pub fn page_request<F: SortField>(
    sort: Option<&str>,
    limit: Option<&str>,
    cursor: Option<&str>,
    representation: Representation,
    default_sort: &[SortKey<F>],
) -> Result<PageRequest<F>, ApiError> {
    let sort = paging::parse_sort(sort, default_sort)?;
    let limit = match (limit, representation) {
        // CSV and NDJSON are for taking everything: they stream every row unless told otherwise.
        (None, Representation::Csv | Representation::Ndjson) => Limit::All,
        (Some("all"), Representation::Json) => {
            return Err(ApiError::invalid_parameter(
                "limit=all is for CSV and NDJSON; JSON pages hold at most 500 rows",
            ));
        }
        (raw, _) => Limit::parse(raw)?,
    };
    let cursor = cursor
        .map(|raw| Cursor::decode(raw, &paging::sort_text(&sort), sort.len()))
        .transpose()?;
    Ok(PageRequest { sort, cursor, limit })
}

/// `expand=a,b`: each name must be one the resource embeds.
pub fn parse_expand(raw: Option<&str>, allowed: &[&str]) -> Result<Vec<String>, ApiError> {
    let Some(raw) = raw else { return Ok(Vec::new()) };
    let mut names = Vec::new();
    for name in raw.split(',').map(str::trim) {
        if !allowed.contains(&name) {
            return Err(ApiError::invalid_parameter(format!(
                "cannot expand `{name}`; expand one or more of: {}",
                allowed.join(", ")
            )));
        }
        if !names.iter().any(|n| n == name) {
            names.push(name.to_string());
        }
    }
    Ok(names)
}

/// A comma-separated list of years.
pub fn parse_years(raw: &str, name: &str) -> Result<Vec<i32>, ApiError> {
    let mut years = Vec::new();
    for part in raw.split(',') {
        let year: i32 = part.trim().parse().map_err(|_| {
            ApiError::invalid_parameter(format!(
                "{name} must be years separated by commas, such as 2024,2025; `{part}` is not a year"
            ))
        })?;
        if !(2000..=2100).contains(&year) {
            return Err(ApiError::invalid_parameter(format!(
                "{name}: {year} is outside 2000–2100"
            )));
        }
        // A year named again adds nothing.
        if !years.contains(&year) {
            years.push(year);
        }
    }
    Ok(years)
}

/// Query strings that differ only in parameter order name the same representation.
pub fn canonical_query(query: &str) -> String {
    let mut pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes()).into_owned().collect();
    pairs.sort();
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish()
}

/// A collection's query parameters: its own filters, then the paging, sorting and format
/// parameters every collection takes. (`deny_unknown_fields` cannot be combined with a
/// flattened shared struct, hence a macro.) `format: representation` adds `format` for the
/// representation; `format: own` leaves it to the struct (editions and sessions, whose own
/// `format` field doubles as a filter).
#[macro_export]
macro_rules! collection_params {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $($(#[$field_meta:meta])* pub $field:ident : $type:ty,)*
        }
        sort: $sort_doc:literal, pattern = $pattern:literal, example = $example:literal;
        format: representation
    ) => {
        $crate::collection_params! {
            $(#[$meta])*
            pub struct $name {
                $($(#[$field_meta])* pub $field: $type,)*
                /// `json`, `csv` or `ndjson`, instead of the Accept header.
                pub format: Option<$crate::http::params::TableFormat>,
            }
            sort: $sort_doc, pattern = $pattern, example = $example;
            format: own
        }
    };
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $($(#[$field_meta:meta])* pub $field:ident : $type:ty,)*
        }
        sort: $sort_doc:literal, pattern = $pattern:literal, example = $example:literal;
        format: own
    ) => {
        $(#[$meta])*
        #[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
        #[serde(deny_unknown_fields)]
        #[into_params(parameter_in = Query)]
        pub struct $name {
            $($(#[$field_meta])* pub $field: $type,)*
            #[doc = $sort_doc]
            #[param(pattern = $pattern, example = $example)]
            pub sort: Option<String>,
            /// Items per page, 1–500 (default 50); `all` with CSV or NDJSON (their default).
            #[param(pattern = "^(all|[1-9][0-9]?|[1-4][0-9][0-9]|500)$", example = "50")]
            pub limit: Option<String>,
            /// Where the page starts: taken from the previous page's `next` link.
            pub cursor: Option<String>,
            /// With CSV: begin with a UTF-8 byte order mark, so that Excel reads Cyrillic.
            pub bom: Option<bool>,
        }
    };
}

#[cfg(test)]
mod tests {
    use super::weighted;

    #[test]
    fn weighted_lists_read_names_and_weights_as_written() {
        fn read(value: &str) -> Vec<(&str, f32)> {
            weighted(value.as_bytes())
                .map(|(name, quality)| (std::str::from_utf8(name).unwrap(), quality))
                .collect()
        }
        assert_eq!(
            read("gzip, deflate, br, zstd"),
            [("gzip", 1.0), ("deflate", 1.0), ("br", 1.0), ("zstd", 1.0)]
        );
        assert_eq!(
            read("text/csv;q=0.5 , application/json; charset=utf-8; q=0.9"),
            [("text/csv", 0.5), ("application/json", 0.9)]
        );
        assert_eq!(read("br;q=0, ,gzip;q=oops,"), [("br", 0.0), ("gzip", 1.0)]);
        assert_eq!(read(""), []);
    }
}
