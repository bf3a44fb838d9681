//! Metrics: what is counted, known by its code.

use diesel::dsl::count_star;
use diesel::prelude::*;

use super::{Actor, Kind, Outcome, Referrers, Resource, figure_names, log_upsert, record};
use crate::db::DbConnection;
use crate::db::schema::{figures, metrics};
use crate::domain::models::Metric;
use crate::domain::{ChangeAction, search_text};
use crate::error::ApiResult;
use crate::queries::{self as q};

pub struct Metrics;

impl Kind for Metrics {
    type Input = Metric;
    const NAME: &'static str = "metric";
    const PLURAL: &'static str = "metrics";

    fn natural_key(input: &Metric) -> String {
        input.code.clone()
    }

    fn write(conn: &mut DbConnection, actor: &Actor, input: &Metric) -> ApiResult<Outcome> {
        upsert(conn, actor, input)
    }
}

impl Resource for Metrics {
    type Key = String;
    type Output = Metric;
    const COLLECTION: &'static str = "/api/v1/metrics";
    const KEY_FIELD: Option<&'static str> = Some("code");

    fn key_of(input: &Metric) -> Option<String> {
        Some(input.code.clone())
    }
    fn existing(conn: &mut DbConnection, input: &Metric) -> ApiResult<Option<String>> {
        Ok(q::metrics::find(conn, &input.code)?.map(|m| m.code))
    }
    fn find_input(conn: &mut DbConnection, key: &String) -> ApiResult<Option<Metric>> {
        q::metrics::find(conn, key)
    }
    fn upsert(
        conn: &mut DbConnection,
        actor: &Actor,
        _: Option<&String>,
        input: &Metric,
    ) -> ApiResult<(String, Outcome)> {
        Ok((input.code.clone(), upsert(conn, actor, input)?))
    }
    fn get(conn: &mut DbConnection, key: &String) -> ApiResult<Metric> {
        q::metrics::get(conn, key)
    }
    fn delete(conn: &mut DbConnection, actor: &Actor, key: &String) -> ApiResult<()> {
        delete(conn, actor, key)
    }
}

#[derive(Insertable, AsChangeset)]
#[diesel(table_name = metrics, treat_none_as_null = true)]
struct MetricValues<'a> {
    code: &'a str,
    label_ru: &'a str,
    label_en: &'a str,
    unit: &'a str,
    description: &'a str,
    search: String,
}

fn upsert(conn: &mut DbConnection, actor: &Actor, input: &Metric) -> ApiResult<Outcome> {
    let before = q::metrics::find(conn, &input.code)?;
    if before.as_ref() == Some(input) {
        return Ok(Outcome::Unchanged);
    }
    let values = MetricValues {
        code: &input.code,
        label_ru: &input.label_ru,
        label_en: &input.label_en,
        unit: &input.unit,
        description: &input.description,
        search: search_text([Some(input.code.as_str()), Some(input.label_ru.as_str()), Some(input.label_en.as_str())]),
    };
    if before.is_some() {
        diesel::update(metrics::table.filter(metrics::code.eq(&input.code))).set(&values).execute(conn)?;
    } else {
        diesel::insert_into(metrics::table).values(&values).execute(conn)?;
    }
    log_upsert(conn, actor, "metrics", &input.code, before.as_ref(), input)
}

fn delete(conn: &mut DbConnection, actor: &Actor, code: &str) -> ApiResult<()> {
    let before = q::metrics::get(conn, code)?;
    let mut refs = Referrers::new();
    let n: i64 = figures::table.filter(figures::metric.eq(code)).select(count_star()).get_result(conn)?;
    let ex = figures::table
        .filter(figures::metric.eq(code))
        .order(figures::id)
        .select((figures::id, figures::key))
        .limit(3)
        .load(conn)?;
    refs.add("figures", n, figure_names(ex));
    refs.refuse(&format!("metric `{code}`"))?;
    diesel::delete(metrics::table.filter(metrics::code.eq(code))).execute(conn)?;
    record(conn, actor, ChangeAction::Delete, "metrics", code, Some(&before), None)
}
