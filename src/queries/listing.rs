//! What every collection is: a filter counted and read a page at a time, with what the page
//! carries beside its rows (facets, what `as_of` left out), and rows that can be CSV.

use serde::Serialize;
use utoipa::ToSchema;

use super::paging::{SortField, SortKey};
use super::{Page, PageRequest};
use crate::db::DbConnection;
use crate::domain::views::AsOf;
use crate::error::ApiResult;

/// A collection's query: its filter, and what its rows embed. The API's one list handler
/// (`api::collection::list`) serves any of them as JSON pages, CSV or NDJSON.
pub trait Listing: Clone + std::fmt::Debug + Send + Sync + 'static {
    type Sort: SortField + std::fmt::Debug + Send + Sync + 'static;
    type Row: Serialize + Tabular + Send + 'static;
    /// The order when `sort` is not given.
    const DEFAULT_SORT: &'static [SortKey<Self::Sort>];

    /// How many rows match, over all pages.
    fn count(&self, conn: &mut DbConnection) -> ApiResult<i64>;
    fn page(&self, conn: &mut DbConnection, request: &PageRequest<Self::Sort>) -> ApiResult<Page<Self::Row>>;
    /// What the page carries beside its rows.
    fn extras(&self, _conn: &mut DbConnection) -> ApiResult<Extras> {
        Ok(Extras::default())
    }
}

/// A row of CSV.
pub trait Tabular {
    fn columns() -> Vec<&'static str>;
    fn cells(&self) -> Vec<String>;
}

/// Optional values print as empty cells; lists as `a; b`.
pub fn cell<T: ToString>(value: &Option<T>) -> String {
    value.as_ref().map(ToString::to_string).unwrap_or_default()
}

pub fn joined<T: AsRef<str>>(values: &[T]) -> String {
    values.iter().map(AsRef::as_ref).collect::<Vec<_>>().join("; ")
}

/// What a page carries beside its rows.
#[derive(Debug, Default)]
pub struct Extras {
    pub facets: Option<Vec<Facet>>,
    pub as_of: Option<AsOf>,
}

/// How many matching items have each value of a field.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Facet {
    #[schema(example = "format")]
    pub field: String,
    pub values: Vec<FacetValue>,
}

/// A facet's value: text (a track, format or status), a year, or null.
#[derive(ToSchema)]
#[serde(untagged)]
#[allow(dead_code)]
enum FacetKey {
    Text(String),
    Year(i32),
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FacetValue {
    /// The field's value (null for items without one).
    #[schema(value_type = Option<FacetKey>, example = "panel")]
    pub value: serde_json::Value,
    #[schema(example = 3)]
    pub count: i64,
}
