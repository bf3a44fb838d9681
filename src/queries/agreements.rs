//! Agreements signed (or announced) at a forum, with their parties.

use chrono::NaiveDate;
use diesel::prelude::*;

use crate::db::schema::{agreement_parties, agreements};
use crate::db::{Backend, DbConnection, MultiBackend};
use crate::domain::models::{Agreement, AgreementInput, OrganizationRef};
use crate::domain::{AgreementKind, AgreementStatus};
use crate::error::{ApiError, ApiResult};
use crate::queries::paging::Condition;
use crate::queries::search::{Search, Searchable};
use crate::queries::{Page, PageRequest, group_by, organizations as orgs, stored};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = agreements)]
pub struct AgreementRow {
    pub id: i64,
    pub edition: i32,
    pub key: String,
    pub title: String,
    pub kind: String,
    pub status: String,
    pub signed_on: Option<NaiveDate>,
    pub source: String,
    pub notes: Option<String>,
}

crate::sortable! {
    /// Fields `/agreements` sorts by.
    pub enum AgreementSort on agreements for AgreementRow {
        Id = "id" => agreements::id: bigint, |r| r.id;
        Edition = "edition" => agreements::edition: int, |r| r.edition;
        Title = "title" => agreements::title: text, |r| &r.title;
        SignedOn = "signed_on" => agreements::signed_on: opt_date, |r| r.signed_on;
        Key = "key" => agreements::key: text, |r| &r.key;
    }
}

#[derive(Debug, Clone, Default)]
pub struct AgreementFilter {
    pub edition: Option<i32>,
    pub status: Option<AgreementStatus>,
    pub kind: Option<AgreementKind>,
    pub party: Option<String>,
    pub source: Option<String>,
    pub q: Option<String>,
}

/// What an agreement embeds in full rather than by key.
#[derive(Debug, Clone, Copy, Default)]
pub struct AgreementExpand {
    pub parties: bool,
}

/// The fields `/agreements` counts by (`facet=`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgreementFacet {
    Edition,
    Status,
    Kind,
}

/// The filters as one condition, usable by paged and grouped queries alike.
fn condition(filter: &AgreementFilter, backend: Backend) -> Condition<agreements::table> {
    let mut conditions: Vec<Condition<agreements::table>> = Vec::new();
    if let Some(edition) = filter.edition {
        conditions.push(Box::new(agreements::edition.eq(edition)));
    }
    if let Some(status) = filter.status {
        conditions.push(Box::new(agreements::status.eq(status.as_str())));
    }
    if let Some(kind) = filter.kind {
        conditions.push(Box::new(agreements::kind.eq(kind.as_str())));
    }
    if let Some(source) = &filter.source {
        conditions.push(Box::new(agreements::source.eq(source.clone())));
    }
    if let Some(party) = &filter.party {
        let with_party = agreement_parties::table
            .filter(agreement_parties::organization.eq(party.clone()))
            .select(agreement_parties::agreement_id);
        conditions.push(Box::new(agreements::id.eq_any(with_party)));
    }
    if let Some(q) = &filter.q {
        // Found by its title or by the name of a party.
        conditions.push(Search::new(q).matches_or_linked(
            backend,
            Searchable::Agreements,
            &[("agreement_parties", "agreement_id", "organization", Searchable::Organizations)],
        ));
    }
    conditions
        .into_iter()
        .reduce(|all, next| Box::new(all.and(next)))
        .unwrap_or_else(|| Box::new(diesel::dsl::sql::<diesel::sql_types::Bool>("1 = 1")))
}

fn filtered(filter: &AgreementFilter, backend: Backend) -> agreements::BoxedQuery<'static, MultiBackend> {
    agreements::table.filter(condition(filter, backend)).into_boxed()
}

pub fn count(conn: &mut DbConnection, filter: &AgreementFilter) -> ApiResult<i64> {
    Ok(filtered(filter, conn.backend()).count().get_result(conn)?)
}

pub fn list(
    conn: &mut DbConnection,
    filter: &AgreementFilter,
    request: &PageRequest<AgreementSort>,
    expand: AgreementExpand,
) -> ApiResult<Page<Agreement>> {
    let page = crate::fetch_page!(conn, filtered(filter, conn.backend()), AgreementRow, request, AgreementSort::Id);
    Ok(Page { rows: assemble(conn, page.rows, expand)?, next: page.next })
}

/// How many matching agreements fall under each value of a field.
pub fn facet(
    conn: &mut DbConnection,
    filter: &AgreementFilter,
    facet: AgreementFacet,
) -> ApiResult<Vec<(serde_json::Value, i64)>> {
    use diesel::dsl::count_star;
    Ok(match facet {
        AgreementFacet::Edition => {
            let counts: Vec<(i32, i64)> = agreements::table
                .filter(condition(filter, conn.backend()))
                .group_by(agreements::edition)
                .select((agreements::edition, count_star()))
                .order(agreements::edition)
                .load(conn)?;
            counts.into_iter().map(|(v, n)| (v.into(), n)).collect()
        }
        AgreementFacet::Status => {
            let counts: Vec<(String, i64)> = agreements::table
                .filter(condition(filter, conn.backend()))
                .group_by(agreements::status)
                .select((agreements::status, count_star()))
                .order(agreements::status)
                .load(conn)?;
            counts.into_iter().map(|(v, n)| (v.into(), n)).collect()
        }
        AgreementFacet::Kind => {
            let counts: Vec<(String, i64)> = agreements::table
                .filter(condition(filter, conn.backend()))
                .group_by(agreements::kind)
                .select((agreements::kind, count_star()))
                .order(agreements::kind)
                .load(conn)?;
            counts.into_iter().map(|(v, n)| (v.into(), n)).collect()
        }
    })
}

pub fn find(conn: &mut DbConnection, id: i64, expand: AgreementExpand) -> ApiResult<Option<Agreement>> {
    let row: Option<AgreementRow> =
        agreements::table.find(id).select(AgreementRow::as_select()).get_result(conn).optional()?;
    Ok(match row {
        Some(row) => assemble(conn, vec![row], expand)?.pop(),
        None => None,
    })
}

pub fn get(conn: &mut DbConnection, id: i64, expand: AgreementExpand) -> ApiResult<Agreement> {
    find(conn, id, expand)?.ok_or_else(|| ApiError::NotFound(format!("agreement {id} does not exist")))
}

pub fn id_of(conn: &mut DbConnection, edition: i32, key: &str) -> ApiResult<Option<i64>> {
    Ok(agreements::table
        .filter(agreements::edition.eq(edition).and(agreements::key.eq(key)))
        .select(agreements::id)
        .get_result(conn)
        .optional()?)
}

/// The agreement as written (the form PUT takes and the change log records).
pub fn input_form(conn: &mut DbConnection, id: i64) -> ApiResult<Option<AgreementInput>> {
    Ok(find(conn, id, AgreementExpand::default())?.map(|a| AgreementInput {
        edition: a.edition,
        key: a.key,
        title: a.title,
        kind: a.kind,
        status: a.status,
        signed_on: a.signed_on,
        parties: a
            .parties
            .into_iter()
            .map(|p| match p {
                OrganizationRef::Key(k) => k,
                OrganizationRef::Object(o) => o.key,
            })
            .collect(),
        source: a.source,
        notes: a.notes,
    }))
}

fn assemble(conn: &mut DbConnection, rows: Vec<AgreementRow>, expand: AgreementExpand) -> ApiResult<Vec<Agreement>> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let links: Vec<(i64, String)> = agreement_parties::table
        .filter(agreement_parties::agreement_id.eq_any(&ids))
        .order((agreement_parties::agreement_id, agreement_parties::ordinal))
        .select((agreement_parties::agreement_id, agreement_parties::organization))
        .load(conn)?;
    let objects = if expand.parties {
        let mut keys: Vec<String> = links.iter().map(|(_, k)| k.clone()).collect();
        keys.sort();
        keys.dedup();
        orgs::by_keys(conn, &keys)?
    } else {
        Default::default()
    };
    let mut parties = group_by(links.into_iter().map(|(id, key)| {
        let party = match objects.get(&key) {
            Some(found) => OrganizationRef::Object(found.clone()),
            None => OrganizationRef::Key(key),
        };
        (id, party)
    }));
    rows.into_iter()
        .map(|r| {
            Ok(Agreement {
                parties: parties.remove(&r.id).unwrap_or_default(),
                kind: stored(&r.kind)?,
                status: stored(&r.status)?,
                id: r.id,
                edition: r.edition,
                key: r.key,
                title: r.title,
                signed_on: r.signed_on,
                source: r.source,
                notes: r.notes,
            })
        })
        .collect()
}

/// A page of agreements, with what they embed, and counts per value of the fields in `facets`.
#[derive(Debug, Clone)]
pub struct AgreementListing {
    pub filter: AgreementFilter,
    pub expand: AgreementExpand,
    pub facets: Vec<(AgreementFacet, &'static str)>,
}

impl crate::queries::listing::Listing for AgreementListing {
    type Sort = AgreementSort;
    type Row = Agreement;
    const DEFAULT_SORT: &'static [crate::queries::SortKey<AgreementSort>] =
        &[crate::queries::SortKey { field: AgreementSort::Id, descending: false }];

    fn count(&self, conn: &mut DbConnection) -> ApiResult<i64> {
        count(conn, &self.filter)
    }
    fn page(&self, conn: &mut DbConnection, request: &PageRequest<AgreementSort>) -> ApiResult<Page<Agreement>> {
        list(conn, &self.filter, request, self.expand)
    }
    fn extras(&self, conn: &mut DbConnection) -> ApiResult<crate::queries::listing::Extras> {
        use crate::queries::listing::{Extras, Facet, FacetValue};
        if self.facets.is_empty() {
            return Ok(Extras::default());
        }
        let mut out = Vec::with_capacity(self.facets.len());
        for (field, name) in &self.facets {
            let counts = facet(conn, &self.filter, *field)?;
            let values = counts.into_iter().map(|(value, count)| FacetValue { value, count }).collect();
            out.push(Facet { field: name.to_string(), values });
        }
        Ok(Extras { facets: Some(out), as_of: None })
    }
}
