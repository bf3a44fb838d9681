//! Collections in three representations: the JSON envelope, CSV (RFC 4180, UTF-8, a header
//! row) and NDJSON; a `Link` header to the next page; and streaming of every row for CSV and
//! NDJSON without holding the answer in memory.

use actix_web::http::header::{self, HeaderValue};
use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse};
use serde::Serialize;
use utoipa::ToSchema;

use crate::db::{Backend, DbConnection};
use crate::domain::views::AsOf;
use crate::error::{ApiError, ApiResult};
use crate::queries::listing::{Extras, Facet, Listing, Tabular};
use crate::queries::paging::{self, Cursor, SortField};
use crate::queries::{Limit, Page, PageRequest};
use crate::serving::State;
use crate::web::params::{Paging, Representation, page_request};

pub const CSV: &str = "text/csv; charset=utf-8";
pub const NDJSON: &str = "application/x-ndjson";
const BOM: &[u8] = b"\xEF\xBB\xBF";
pub const TOTAL_COUNT: &str = "x-total-count";
/// With `as_of`, on every representation: the date, and how many figures it left out (in all,
/// undated, reported later), so that CSV and NDJSON say it too.
pub const AS_OF: &str = "x-as-of";
pub const LEFT_OUT: &str = "x-left-out";
pub const LEFT_OUT_UNDATED: &str = "x-left-out-undated";
pub const LEFT_OUT_LATER: &str = "x-left-out-later";
/// What scripts on other origins may read beside a collection's body.
pub const EXPOSED: &[&str] = &[TOTAL_COUNT, AS_OF, LEFT_OUT, LEFT_OUT_UNDATED, LEFT_OUT_LATER];

/// The JSON envelope of every collection.
#[derive(Debug, Serialize, ToSchema)]
pub struct Collection<T> {
    pub items: Vec<T>,
    /// How many items match, over all pages.
    #[schema(example = 58)]
    pub total: i64,
    /// Items per page.
    #[schema(example = 50)]
    pub limit: i64,
    /// The next page's URL; null on the last page.
    pub next: Option<String>,
    /// Counts per value of the fields asked for with `facet=`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub facets: Option<Vec<Facet>>,
    /// With `as_of`: the date, and how many figures it left out.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub as_of: Option<AsOf>,
}

/// One page, as listed.
pub struct Listed<T> {
    pub page: Page<T>,
    pub total: i64,
    pub limit: Limit,
    pub extras: Extras,
}

/// The `as_of` headers.
pub fn as_of_headers(response: &mut actix_web::HttpResponseBuilder, as_of: Option<&AsOf>) {
    if let Some(as_of) = as_of {
        response
            .insert_header((AS_OF, as_of.date.to_string()))
            .insert_header((LEFT_OUT, as_of.left_out.to_string()))
            .insert_header((LEFT_OUT_UNDATED, as_of.undated.to_string()))
            .insert_header((LEFT_OUT_LATER, as_of.reported_later.to_string()));
    }
}

/// The URL of the next page: this request with `cursor` set, at the service's own address.
fn next_url(req: &HttpRequest, cursor: &str) -> String {
    let base = req.app_data::<State>().map_or("", |s| s.public_url.as_str());
    let mut pairs: Vec<(String, String)> =
        form_urlencoded::parse(req.query_string().as_bytes()).into_owned().filter(|(k, _)| k != "cursor").collect();
    pairs.push(("cursor".into(), cursor.into()));
    let query = form_urlencoded::Serializer::new(String::new()).extend_pairs(pairs).finish();
    format!("{base}{}?{query}", req.path())
}

pub fn csv_bytes<T: Tabular>(rows: &[T], header: bool, bom: bool) -> ApiResult<Vec<u8>> {
    let mut out = Vec::new();
    if bom {
        out.extend_from_slice(BOM);
    }
    let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(out);
    if header {
        writer.write_record(T::columns()).map_err(ApiError::internal)?;
    }
    for row in rows {
        writer.write_record(row.cells()).map_err(ApiError::internal)?;
    }
    writer.into_inner().map_err(ApiError::internal)
}

pub fn ndjson_bytes<T: Serialize>(rows: &[T]) -> ApiResult<Vec<u8>> {
    let mut out = Vec::new();
    for row in rows {
        serde_json::to_writer(&mut out, row).map_err(ApiError::internal)?;
        out.push(b'\n');
    }
    Ok(out)
}

/// One page in the asked representation, with `Link` (next) and `X-Total-Count`.
pub fn respond<T: Serialize + Tabular>(
    req: &HttpRequest,
    representation: Representation,
    bom: bool,
    listing: Listed<T>,
) -> ApiResult<HttpResponse> {
    let next = listing.page.next.as_deref().map(|cursor| next_url(req, cursor));
    let mut response = HttpResponse::Ok();
    if let Some(next) = &next {
        response.insert_header((header::LINK, format!("<{next}>; rel=\"next\"")));
    }
    response.insert_header((TOTAL_COUNT, listing.total.to_string()));
    as_of_headers(&mut response, listing.extras.as_of.as_ref());
    Ok(match representation {
        Representation::Csv => response.content_type(CSV).body(csv_bytes(&listing.page.rows, true, bom)?),
        Representation::Ndjson => response.content_type(NDJSON).body(ndjson_bytes(&listing.page.rows)?),
        _ => response.json(Collection {
            total: listing.total,
            limit: listing.limit.shown(listing.total),
            next,
            facets: listing.extras.facets,
            as_of: listing.extras.as_of,
            items: listing.page.rows,
        }),
    })
}

/// Rows per query while streaming.
const STREAM_BATCH: i64 = 1000;

/// Up to this many rows, a CSV or NDJSON answer is gathered and sent as one body.
const BUFFERED_ROWS: i64 = 5000;

/// Every matching row as CSV or NDJSON, read in batches by keyset inside one read-only
/// snapshot, so the rows agree with `X-Total-Count` even while others write. `count` gives
/// the total and what the headers say beside it; `fetch` gives the page after a cursor.
pub async fn stream<T, C, F>(
    state: &State,
    representation: Representation,
    bom: bool,
    count: C,
    mut fetch: F,
) -> ApiResult<HttpResponse>
where
    T: Serialize + Tabular + Send + 'static,
    C: FnOnce(&mut DbConnection) -> ApiResult<(i64, Extras)> + Send + 'static,
    F: FnMut(&mut DbConnection, Option<String>, i64) -> ApiResult<Page<T>> + Send + 'static,
{
    let pool = state.db.pool().clone();
    let (total_tx, total_rx) = tokio::sync::oneshot::channel::<ApiResult<(i64, Extras)>>();
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<Bytes, ApiError>>(4);
    actix_web::rt::task::spawn_blocking(move || {
        use diesel::Connection;
        let mut conn = match pool.get() {
            Ok(conn) => conn,
            Err(e) => {
                let _ = total_tx.send(Err(e.into()));
                return;
            }
        };
        let mut total_tx = Some(total_tx);
        let result = conn.transaction::<(), ApiError, _>(|conn| {
            if conn.backend() == Backend::Postgres {
                diesel::RunQueryDsl::execute(
                    diesel::sql_query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"),
                    conn,
                )?;
            }
            let total = count(conn)?;
            if let Some(sender) = total_tx.take() {
                let _ = sender.send(Ok(total));
            }
            let mut cursor: Option<String> = None;
            let mut first = true;
            loop {
                let page = fetch(conn, cursor.take(), STREAM_BATCH)?;
                let bytes = match representation {
                    Representation::Csv => csv_bytes(&page.rows, first, bom && first)?,
                    _ => ndjson_bytes(&page.rows)?,
                };
                first = false;
                if !bytes.is_empty() && tx.blocking_send(Ok(Bytes::from(bytes))).is_err() {
                    // The client went away.
                    return Ok(());
                }
                match page.next {
                    Some(next) => cursor = Some(next),
                    None => return Ok(()),
                }
            }
        });
        if let Err(error) = result {
            match total_tx.take() {
                Some(sender) => {
                    let _ = sender.send(Err(error));
                }
                None => {
                    log::error!("stream failed midway: {error}");
                    let _ = tx.blocking_send(Err(error));
                }
            }
        }
    });
    let (total, extras) = total_rx.await.map_err(|_| ApiError::internal("the stream ended before counting"))??;
    let content_type = match representation {
        Representation::Csv => CSV,
        _ => NDJSON,
    };
    let mut response = HttpResponse::Ok();
    response
        .insert_header((header::CONTENT_TYPE, HeaderValue::from_static(content_type)))
        .insert_header((TOTAL_COUNT, total.to_string()));
    as_of_headers(&mut response, extras.as_of.as_ref());
    if total <= BUFFERED_ROWS {
        // Small enough to hold: one body of known size (which the response cache can keep).
        let mut rx = rx;
        let mut body = Vec::new();
        while let Some(chunk) = rx.recv().await {
            body.extend_from_slice(&chunk?);
        }
        return Ok(response.body(body));
    }
    let body = futures_util::stream::unfold(rx, |mut rx| async move { rx.recv().await.map(|item| (item, rx)) });
    Ok(response.streaming(body))
}

/// The page request of one batch of a stream: the first batch starts at the client's cursor.
pub fn batch_request<F: SortField>(
    request: &PageRequest<F>,
    cursor: Option<String>,
    batch: i64,
) -> ApiResult<PageRequest<F>> {
    let cursor = match cursor {
        Some(raw) => Some(Cursor::decode(&raw, &paging::sort_text(&request.sort), request.sort.len())?),
        None => request.cursor.clone(),
    };
    Ok(PageRequest { sort: request.sort.clone(), cursor, limit: Limit::Rows(batch) })
}

/// Answers any collection: every row streamed for `limit=all` (CSV and NDJSON's default), else
/// one page with its total (counted once per data version) and what it carries beside its rows.
pub async fn list<L: Listing>(
    state: &State,
    req: &HttpRequest,
    representation: Representation,
    paging: Paging,
    listing: L,
) -> ApiResult<HttpResponse> {
    let request = page_request(
        paging.sort.as_deref(),
        paging.limit.as_deref(),
        paging.cursor.as_deref(),
        representation,
        L::DEFAULT_SORT,
    )?;
    let bom = paging.bom.unwrap_or(false);
    if request.limit == Limit::All {
        let (head, rows) = (listing.clone(), listing);
        let head = move |conn: &mut DbConnection| Ok((head.count(conn)?, head.extras(conn)?));
        return stream(state, representation, bom, head, move |conn, cursor, batch| {
            rows.page(conn, &batch_request(&request, cursor, batch)?)
        })
        .await;
    }
    let cache = state.clone();
    let listed = state
        .db
        .read(move |conn| {
            let total = cache.counts.total(conn, format!("{listing:?}"), |conn| listing.count(conn))?;
            Ok(Listed {
                page: listing.page(conn, &request)?,
                total,
                limit: request.limit,
                extras: listing.extras(conn)?,
            })
        })
        .await?;
    respond(req, representation, bom, listed)
}
