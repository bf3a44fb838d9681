//! Writes of figures.

use chrono::NaiveDate;
use diesel::prelude::*;

use super::{Actor, Outcome, Target, log_upsert, record, target};
use crate::db::DbConnection;
use crate::db::schema::figures;
use crate::domain::ChangeAction;
use crate::domain::models::FigureInput;
use crate::domain::period::counted_from;
use crate::error::{ApiError, ApiResult};
use crate::queries::{self as q};

#[derive(Insertable, AsChangeset)]
#[diesel(table_name = figures, treat_none_as_null = true)]
pub struct FigureValues<'a> {
    pub key: Option<&'a str>,
    pub edition: i32,
    pub metric: &'a str,
    pub source: &'a str,
    pub value: f64,
    pub qualifier: &'a str,
    pub status: &'a str,
    pub reported_on: Option<NaiveDate>,
    pub quote: Option<&'a str>,
    pub attributed_to: Option<&'a str>,
    pub notes: Option<&'a str>,
    pub value_from: Option<f64>,
    pub reported_in: Option<String>,
    pub counted_from: Option<NaiveDate>,
}

impl<'a> From<&'a FigureInput> for FigureValues<'a> {
    fn from(input: &'a FigureInput) -> Self {
        FigureValues {
            key: input.key.as_deref(),
            edition: input.edition,
            metric: &input.metric,
            source: &input.source,
            value: input.value,
            qualifier: input.qualifier.as_str(),
            status: input.status.as_str(),
            reported_on: input.reported_on,
            quote: input.quote.as_deref(),
            attributed_to: input.attributed_to.as_deref(),
            notes: input.notes.as_deref(),
            value_from: input.value_from,
            reported_in: input.reported_in.map(|p| p.to_string()),
            counted_from: counted_from(input.reported_on, input.reported_in),
        }
    }
}

/// How a figure is named in the change log: its key, else its id.
fn figure_label(id: i64, input: &FigureInput) -> String {
    input.key.clone().unwrap_or_else(|| id.to_string())
}

/// Writes a figure: the one with `id` if given, else the one with its natural key.
pub fn upsert_figure(
    conn: &mut DbConnection,
    actor: &Actor,
    id: Option<i64>,
    input: &FigureInput,
) -> ApiResult<(i64, Outcome)> {
    let (id, before) = match target(conn, id, input, |c| q::figures::id_of(c, input), q::figures::input_form)? {
        Target::Same(id) => return Ok((id, Outcome::Unchanged)),
        Target::Changed(id, before) => (Some(id), Some(before)),
        Target::New => (None, None),
    };
    let values = FigureValues::from(input);
    let id = match id {
        Some(id) => {
            diesel::update(figures::table.find(id)).set(&values).execute(conn)?;
            id
        }
        None => diesel::insert_into(figures::table).values(&values).returning(figures::id).get_result(conn)?,
    };
    Ok((id, log_upsert(conn, actor, "figures", &figure_label(id, input), before.as_ref(), input)?))
}

pub fn delete_figure(conn: &mut DbConnection, actor: &Actor, id: i64) -> ApiResult<()> {
    let before =
        q::figures::input_form(conn, id)?.ok_or_else(|| ApiError::NotFound(format!("figure {id} does not exist")))?;
    diesel::delete(figures::table.find(id)).execute(conn)?;
    record(conn, actor, ChangeAction::Delete, "figures", &figure_label(id, &before), Some(&before), None)
}
