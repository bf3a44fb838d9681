//! Agreements signed or announced at the forum: known by edition and key, addressed by id.

use chrono::NaiveDate;
use diesel::prelude::*;

use super::{
    Actor, KeySet, Kind, Outcome, Resource, Target, check_edition, check_org, check_source, log_upsert, record, target,
};
use crate::db::DbConnection;
use crate::db::schema::{agreement_parties, agreements};
use crate::domain::models::{Agreement, AgreementInput};
use crate::domain::validate::Errors;
use crate::domain::{AgreementStatus, ChangeAction, search_text};
use crate::error::{ApiError, ApiResult};
use crate::queries::agreements::AgreementExpand;
use crate::queries::{self as q};

pub struct Agreements;

impl Kind for Agreements {
    type Input = AgreementInput;
    const NAME: &'static str = "agreement";
    const PLURAL: &'static str = "agreements";

    fn natural_key(input: &AgreementInput) -> String {
        format!("{}/{}", input.edition, input.key)
    }

    fn rules(input: &AgreementInput, errors: &mut Errors) {
        errors.distinct("parties", input.parties.iter().map(String::as_str));
        if input.signed_on.is_some() && input.status == AgreementStatus::Planned {
            errors.add("signed_on", "a planned agreement has no signing date; set status to `signed`");
        }
    }

    fn wants(input: &AgreementInput, keys: &mut KeySet) {
        keys.editions.insert(input.edition);
        keys.organizations.extend(input.parties.iter().cloned());
        keys.sources.insert(input.source.clone());
    }

    fn check(input: &AgreementInput, known: &KeySet, errors: &mut Errors) {
        check_edition(known, input.edition, "edition", errors);
        for (i, key) in input.parties.iter().enumerate() {
            check_org(known, key, &format!("parties[{i}]"), errors);
        }
        check_source(known, &input.source, "source", errors);
    }

    fn write(conn: &mut DbConnection, actor: &Actor, input: &AgreementInput) -> ApiResult<Outcome> {
        Ok(upsert(conn, actor, None, input)?.1)
    }
}

impl Resource for Agreements {
    type Key = i64;
    type Output = Agreement;
    const COLLECTION: &'static str = "/api/v1/agreements";
    const KEY_FIELD: Option<&'static str> = None;

    fn key_of(_: &AgreementInput) -> Option<i64> {
        None
    }
    fn existing(conn: &mut DbConnection, input: &AgreementInput) -> ApiResult<Option<i64>> {
        q::agreements::id_of(conn, input.edition, &input.key)
    }
    fn find_input(conn: &mut DbConnection, key: &i64) -> ApiResult<Option<AgreementInput>> {
        q::agreements::input_form(conn, *key)
    }
    fn upsert(
        conn: &mut DbConnection,
        actor: &Actor,
        key: Option<&i64>,
        input: &AgreementInput,
    ) -> ApiResult<(i64, Outcome)> {
        upsert(conn, actor, key.copied(), input)
    }
    fn get(conn: &mut DbConnection, key: &i64) -> ApiResult<Agreement> {
        q::agreements::get(conn, *key, AgreementExpand::default())
    }
    fn delete(conn: &mut DbConnection, actor: &Actor, key: &i64) -> ApiResult<()> {
        delete(conn, actor, *key)
    }
}

#[derive(Insertable, AsChangeset)]
#[diesel(table_name = agreements, treat_none_as_null = true)]
struct AgreementValues<'a> {
    edition: i32,
    key: &'a str,
    title: &'a str,
    kind: &'a str,
    status: &'a str,
    signed_on: Option<NaiveDate>,
    source: &'a str,
    notes: Option<&'a str>,
    search: String,
}

/// Writes an agreement: the one with `id` if given, else the one with its natural key.
fn upsert(
    conn: &mut DbConnection,
    actor: &Actor,
    id: Option<i64>,
    input: &AgreementInput,
) -> ApiResult<(i64, Outcome)> {
    let (id, before) = match target(
        conn,
        id,
        input,
        |c| q::agreements::id_of(c, input.edition, &input.key),
        q::agreements::input_form,
    )? {
        Target::Same(id) => return Ok((id, Outcome::Unchanged)),
        Target::Changed(id, before) => (Some(id), Some(before)),
        Target::New => (None, None),
    };
    let values = AgreementValues {
        edition: input.edition,
        key: &input.key,
        title: &input.title,
        kind: input.kind.as_str(),
        status: input.status.as_str(),
        signed_on: input.signed_on,
        source: &input.source,
        notes: input.notes.as_deref(),
        search: search_text([Some(input.title.as_str())]),
    };
    let id = match id {
        Some(id) => {
            diesel::update(agreements::table.find(id)).set(&values).execute(conn)?;
            diesel::delete(agreement_parties::table.filter(agreement_parties::agreement_id.eq(id))).execute(conn)?;
            id
        }
        None => diesel::insert_into(agreements::table).values(&values).returning(agreements::id).get_result(conn)?,
    };
    for (ordinal, party) in input.parties.iter().enumerate() {
        diesel::insert_into(agreement_parties::table)
            .values((
                agreement_parties::agreement_id.eq(id),
                agreement_parties::organization.eq(party),
                agreement_parties::ordinal.eq(ordinal as i32),
            ))
            .execute(conn)?;
    }
    let key = format!("{}/{}", input.edition, input.key);
    Ok((id, log_upsert(conn, actor, "agreements", &key, before.as_ref(), input)?))
}

fn delete(conn: &mut DbConnection, actor: &Actor, id: i64) -> ApiResult<()> {
    let before = q::agreements::input_form(conn, id)?
        .ok_or_else(|| ApiError::NotFound(format!("agreement {id} does not exist")))?;
    diesel::delete(agreements::table.find(id)).execute(conn)?;
    let key = format!("{}/{}", before.edition, before.key);
    record(conn, actor, ChangeAction::Delete, "agreements", &key, Some(&before), None)
}
