//! Figures: one reported value each, known by their key if they have one, else by (edition,
//! metric, source, status, value); addressed by id.

use chrono::NaiveDate;
use diesel::prelude::*;

use super::{Actor, KeySet, Kind, Outcome, Resource, Target, check_edition, check_source, log_upsert, record, target};
use crate::db::DbConnection;
use crate::db::schema::figures;
use crate::domain::models::{Figure, FigureInput};
use crate::domain::period::counted_from;
use crate::domain::validate::Errors;
use crate::domain::{ChangeAction, Qualifier};
use crate::error::{ApiError, ApiResult};
use crate::queries::{self as q};

pub struct Figures;

impl Kind for Figures {
    type Input = FigureInput;
    const NAME: &'static str = "figure";
    const PLURAL: &'static str = "figures";

    fn natural_key(f: &FigureInput) -> String {
        match &f.key {
            Some(key) => key.clone(),
            None => format!("({}, {}, {}, {}, {})", f.edition, f.metric, f.source, f.status, f.value),
        }
    }

    fn rules(f: &FigureInput, errors: &mut Errors) {
        match (f.qualifier, f.value_from) {
            (Qualifier::Range, None) => {
                errors.add("value_from", "is required with qualifier `range`: the range's lower bound")
            }
            (Qualifier::Range, Some(from)) if from >= f.value => errors.add(
                "value_from",
                format!("must be below value ({}): a range goes from value_from up to value", f.value),
            ),
            (Qualifier::Range, Some(_)) | (_, None) => {}
            (other, Some(_)) => errors.add(
                "value_from",
                format!("is only for qualifier `range`, not `{other}`; leave it out or make the qualifier `range`"),
            ),
        }
        errors.day_or_period("reported_in", f.reported_on.is_some(), f.reported_in.is_some(), "reported_on");
    }

    fn wants(f: &FigureInput, keys: &mut KeySet) {
        keys.editions.insert(f.edition);
        keys.metrics.insert(f.metric.clone());
        keys.sources.insert(f.source.clone());
    }

    fn check(f: &FigureInput, known: &KeySet, errors: &mut Errors) {
        check_edition(known, f.edition, "edition", errors);
        if !known.metrics.contains(&f.metric) {
            errors.add("metric", format!("metric `{}` does not exist", f.metric));
        }
        check_source(known, &f.source, "source", errors);
    }

    fn write(conn: &mut DbConnection, actor: &Actor, input: &FigureInput) -> ApiResult<Outcome> {
        Ok(upsert(conn, actor, None, input)?.1)
    }
}

impl Resource for Figures {
    type Key = i64;
    type Output = Figure;
    const COLLECTION: &'static str = "/api/v1/figures";
    const KEY_FIELD: Option<&'static str> = None;

    fn key_of(_: &FigureInput) -> Option<i64> {
        None
    }
    fn existing(conn: &mut DbConnection, input: &FigureInput) -> ApiResult<Option<i64>> {
        q::figures::id_of(conn, input)
    }
    fn find_input(conn: &mut DbConnection, key: &i64) -> ApiResult<Option<FigureInput>> {
        q::figures::input_form(conn, *key)
    }
    fn upsert(
        conn: &mut DbConnection,
        actor: &Actor,
        key: Option<&i64>,
        input: &FigureInput,
    ) -> ApiResult<(i64, Outcome)> {
        upsert(conn, actor, key.copied(), input)
    }
    fn get(conn: &mut DbConnection, key: &i64) -> ApiResult<Figure> {
        // As `GET /figures/{id}` shows it: the source by its key.
        q::figures::get(conn, *key, false)
    }
    fn delete(conn: &mut DbConnection, actor: &Actor, key: &i64) -> ApiResult<()> {
        delete(conn, actor, *key)
    }
}

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
fn upsert(conn: &mut DbConnection, actor: &Actor, id: Option<i64>, input: &FigureInput) -> ApiResult<(i64, Outcome)> {
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

fn delete(conn: &mut DbConnection, actor: &Actor, id: i64) -> ApiResult<()> {
    let before =
        q::figures::input_form(conn, id)?.ok_or_else(|| ApiError::NotFound(format!("figure {id} does not exist")))?;
    diesel::delete(figures::table.find(id)).execute(conn)?;
    record(conn, actor, ChangeAction::Delete, "figures", &figure_label(id, &before), Some(&before), None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::FigureStatus;
    use crate::domain::period::Period;

    fn figure_input() -> FigureInput {
        FigureInput {
            key: None,
            edition: 2025,
            metric: "participants".into(),
            value: 7000.0,
            value_from: None,
            qualifier: Qualifier::MoreThan,
            status: FigureStatus::Expected,
            source: "tass-2025-10-22".into(),
            reported_on: None,
            reported_in: None,
            quote: None,
            attributed_to: None,
            notes: None,
        }
    }

    fn faults(f: &FigureInput) -> Vec<String> {
        let mut list = Vec::new();
        Figures::rules(f, &mut Errors::new("", &mut list));
        list.into_iter().map(|e| e.field).collect()
    }

    #[test]
    fn a_valid_figure_passes() {
        assert!(faults(&figure_input()).is_empty());
    }

    #[test]
    fn a_range_needs_both_bounds_in_order() {
        let mut range = figure_input();
        range.qualifier = Qualifier::Range;
        assert_eq!(faults(&range), ["value_from"], "a range without its lower bound");
        range.value_from = Some(5000.0);
        assert!(faults(&range).is_empty());
        range.value_from = Some(7000.0);
        assert_eq!(faults(&range), ["value_from"], "the lower bound must be below the upper");
        let mut hedged = figure_input();
        hedged.value_from = Some(5000.0);
        assert_eq!(faults(&hedged), ["value_from"], "a lower bound without `range`");
        let mut dated_twice = figure_input();
        dated_twice.reported_on = chrono::NaiveDate::from_ymd_opt(2025, 10, 22);
        dated_twice.reported_in = Some(Period::Month(2025, 10));
        assert_eq!(faults(&dated_twice), ["reported_in"]);
    }
}
