//! Query parameters: strict (an unknown or malformed one is a 400), and the pieces every
//! collection shares: paging, sorting and the response format.

use std::future::{Ready, ready};

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{FromRequest, HttpRequest};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use utoipa::ToSchema;

use crate::error::ApiError;
use crate::queries::PageRequest;
use crate::queries::paging::{self, Cursor, Limit, SortField, SortKey};
pub use crate::serving::negotiate::{Representation, TABULAR};

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
                format!("unknown query parameter: {}", inner.trim_start_matches("unknown field "))
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

/// Refuses a target with a NUL character (`%00`): no key or value holds one, and PostgreSQL
/// cannot even compare text that does. A layer of the API's and the pages' scopes.
pub async fn refuse_nul(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    if req.uri().path_and_query().is_some_and(|t| t.as_str().contains("%00")) {
        let error = ApiError::invalid_parameter("the path or a query parameter holds a NUL character (%00)");
        return Ok(req.error_response(error));
    }
    next.call(req).await.map(ServiceResponse::map_into_boxed_body)
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
        && text.bytes().enumerate().all(|(i, b)| if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() });
    shaped.then(|| chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()).flatten()
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
        ApiError::invalid_parameter(format!("format: {e}; or one of json, csv, ndjson for the representation"))
    })
}

/// The paging and sorting parameters every collection takes, as written.
#[derive(Debug, Default)]
pub struct Paging {
    pub sort: Option<String>,
    pub limit: Option<String>,
    pub cursor: Option<String>,
    pub bom: Option<bool>,
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
    let cursor = cursor.map(|raw| Cursor::decode(raw, &paging::sort_text(&sort), sort.len())).transpose()?;
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
            return Err(ApiError::invalid_parameter(format!("{name}: {year} is outside 2000–2100")));
        }
        // A year named again adds nothing.
        if !years.contains(&year) {
            years.push(year);
        }
    }
    Ok(years)
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
                pub format: Option<$crate::web::params::TableFormat>,
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

        impl $name {
            /// Its paging and sorting parameters, handed to the list handler.
            pub fn paging(&mut self) -> $crate::web::params::Paging {
                $crate::web::params::Paging {
                    sort: self.sort.take(),
                    limit: self.limit.take(),
                    cursor: self.cursor.take(),
                    bom: self.bom.take(),
                }
            }
        }
    };
}
