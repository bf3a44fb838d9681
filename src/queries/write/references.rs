//! What inputs refer to by key, checked against the database (and, in an import, against the bundle).

use std::collections::BTreeSet;

use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::schema::{editions, metrics, organizations, people, tracks};
use crate::domain::models::{
    AgreementInput, EditionInput, FigureInput, Metric, Organization, PersonInput, SessionInput, Source, Track,
};
use crate::error::{ApiResult, FieldError};

/// Keys that inputs refer to, by kind.
#[derive(Debug, Default, Clone)]
pub struct KeySet {
    pub editions: BTreeSet<i32>,
    pub metrics: BTreeSet<String>,
    pub sources: BTreeSet<String>,
    pub organizations: BTreeSet<String>,
    pub people: BTreeSet<String>,
    pub tracks: BTreeSet<(i32, String)>,
}

impl KeySet {
    /// Which of `wanted` exist in the database.
    pub fn existing(conn: &mut DbConnection, wanted: &KeySet) -> ApiResult<KeySet> {
        let editions: Vec<i32> = editions::table
            .filter(editions::year.eq_any(wanted.editions.iter().copied().collect::<Vec<_>>()))
            .select(editions::year)
            .load(conn)?;
        let list = |set: &BTreeSet<String>| set.iter().cloned().collect::<Vec<_>>();
        let metrics: Vec<String> =
            metrics::table.filter(metrics::code.eq_any(list(&wanted.metrics))).select(metrics::code).load(conn)?;
        let sources: Vec<String> = crate::db::schema::sources::table
            .filter(crate::db::schema::sources::key.eq_any(list(&wanted.sources)))
            .select(crate::db::schema::sources::key)
            .load(conn)?;
        let organizations: Vec<String> = organizations::table
            .filter(organizations::key.eq_any(list(&wanted.organizations)))
            .select(organizations::key)
            .load(conn)?;
        let people: Vec<String> =
            people::table.filter(people::key.eq_any(list(&wanted.people))).select(people::key).load(conn)?;
        let track_editions: Vec<i32> =
            wanted.tracks.iter().map(|(e, _)| *e).collect::<BTreeSet<_>>().into_iter().collect();
        let tracks: Vec<(i32, String)> = if wanted.tracks.is_empty() {
            Vec::new()
        } else {
            tracks::table
                .filter(tracks::edition.eq_any(track_editions))
                .select((tracks::edition, tracks::key))
                .load(conn)?
        };
        Ok(KeySet {
            editions: editions.into_iter().collect(),
            metrics: metrics.into_iter().collect(),
            sources: sources.into_iter().collect(),
            organizations: organizations.into_iter().collect(),
            people: people.into_iter().collect(),
            tracks: tracks.into_iter().filter(|t| wanted.tracks.contains(t)).collect(),
        })
    }

    pub fn extend(&mut self, other: KeySet) {
        self.editions.extend(other.editions);
        self.metrics.extend(other.metrics);
        self.sources.extend(other.sources);
        self.organizations.extend(other.organizations);
        self.people.extend(other.people);
        self.tracks.extend(other.tracks);
    }
}

/// An input that refers to other resources by key.
pub trait References {
    /// Adds the keys this input refers to.
    fn wants(&self, keys: &mut KeySet);
    /// Reports each reference `known` does not hold, under `prefix`.
    fn check(&self, known: &KeySet, prefix: &str, errors: &mut Vec<FieldError>);
}

fn missing(errors: &mut Vec<FieldError>, prefix: &str, field: &str, message: String) {
    errors.push(FieldError::new(format!("{prefix}{field}"), message));
}

fn check_sources(known: &KeySet, sources: &[String], prefix: &str, field: &str, errors: &mut Vec<FieldError>) {
    for (i, key) in sources.iter().enumerate() {
        if !known.sources.contains(key) {
            missing(errors, prefix, &format!("{field}[{i}]"), format!("source `{key}` does not exist"));
        }
    }
}

fn check_edition(known: &KeySet, year: i32, prefix: &str, field: &str, errors: &mut Vec<FieldError>) {
    if !known.editions.contains(&year) {
        missing(errors, prefix, field, format!("edition {year} does not exist"));
    }
}

fn check_org(known: &KeySet, key: &str, prefix: &str, field: &str, errors: &mut Vec<FieldError>) {
    if !known.organizations.contains(key) {
        missing(errors, prefix, field, format!("organization `{key}` does not exist"));
    }
}

impl References for Source {
    fn wants(&self, _: &mut KeySet) {}
    fn check(&self, _: &KeySet, _: &str, _: &mut Vec<FieldError>) {}
}

impl References for Metric {
    fn wants(&self, _: &mut KeySet) {}
    fn check(&self, _: &KeySet, _: &str, _: &mut Vec<FieldError>) {}
}

impl References for Organization {
    fn wants(&self, _: &mut KeySet) {}
    fn check(&self, _: &KeySet, _: &str, _: &mut Vec<FieldError>) {}
}

impl References for PersonInput {
    fn wants(&self, keys: &mut KeySet) {
        for a in &self.appearances {
            keys.editions.insert(a.edition);
            keys.organizations.extend(a.organization.clone());
            keys.sources.extend(a.sources.iter().cloned());
        }
    }
    fn check(&self, known: &KeySet, prefix: &str, errors: &mut Vec<FieldError>) {
        for (i, a) in self.appearances.iter().enumerate() {
            check_edition(known, a.edition, prefix, &format!("appearances[{i}].edition"), errors);
            if let Some(org) = &a.organization {
                check_org(known, org, prefix, &format!("appearances[{i}].organization"), errors);
            }
            check_sources(known, &a.sources, prefix, &format!("appearances[{i}].sources"), errors);
        }
    }
}

impl References for EditionInput {
    fn wants(&self, keys: &mut KeySet) {
        keys.organizations.extend(self.organizers.iter().cloned());
        keys.organizations.extend(self.partner_cities.iter().cloned());
        keys.sources.extend(self.sources.iter().cloned());
    }
    fn check(&self, known: &KeySet, prefix: &str, errors: &mut Vec<FieldError>) {
        for (i, key) in self.organizers.iter().enumerate() {
            check_org(known, key, prefix, &format!("organizers[{i}]"), errors);
        }
        for (i, key) in self.partner_cities.iter().enumerate() {
            check_org(known, key, prefix, &format!("partner_cities[{i}]"), errors);
        }
        check_sources(known, &self.sources, prefix, "sources", errors);
    }
}

impl References for Track {
    fn wants(&self, keys: &mut KeySet) {
        keys.editions.insert(self.edition);
        keys.sources.extend(self.sources.iter().cloned());
    }
    fn check(&self, known: &KeySet, prefix: &str, errors: &mut Vec<FieldError>) {
        check_edition(known, self.edition, prefix, "edition", errors);
        check_sources(known, &self.sources, prefix, "sources", errors);
    }
}

impl References for SessionInput {
    fn wants(&self, keys: &mut KeySet) {
        keys.editions.insert(self.edition);
        if let Some(track) = &self.track {
            keys.tracks.insert((self.edition, track.clone()));
        }
        for p in &self.participants {
            keys.people.insert(p.person.clone());
            keys.organizations.extend(p.organization.clone());
        }
        keys.sources.extend(self.sources.iter().cloned());
    }
    fn check(&self, known: &KeySet, prefix: &str, errors: &mut Vec<FieldError>) {
        check_edition(known, self.edition, prefix, "edition", errors);
        if let Some(track) = &self.track
            && !known.tracks.contains(&(self.edition, track.clone()))
        {
            missing(errors, prefix, "track", format!("edition {} has no track `{track}`", self.edition));
        }
        for (i, p) in self.participants.iter().enumerate() {
            if !known.people.contains(&p.person) {
                missing(
                    errors,
                    prefix,
                    &format!("participants[{i}].person"),
                    format!("person `{}` does not exist", p.person),
                );
            }
            if let Some(org) = &p.organization {
                check_org(known, org, prefix, &format!("participants[{i}].organization"), errors);
            }
        }
        check_sources(known, &self.sources, prefix, "sources", errors);
    }
}

impl References for AgreementInput {
    fn wants(&self, keys: &mut KeySet) {
        keys.editions.insert(self.edition);
        keys.organizations.extend(self.parties.iter().cloned());
        keys.sources.insert(self.source.clone());
    }
    fn check(&self, known: &KeySet, prefix: &str, errors: &mut Vec<FieldError>) {
        check_edition(known, self.edition, prefix, "edition", errors);
        for (i, key) in self.parties.iter().enumerate() {
            check_org(known, key, prefix, &format!("parties[{i}]"), errors);
        }
        if !known.sources.contains(&self.source) {
            missing(errors, prefix, "source", format!("source `{}` does not exist", self.source));
        }
    }
}

impl References for FigureInput {
    fn wants(&self, keys: &mut KeySet) {
        keys.editions.insert(self.edition);
        keys.metrics.insert(self.metric.clone());
        keys.sources.insert(self.source.clone());
    }
    fn check(&self, known: &KeySet, prefix: &str, errors: &mut Vec<FieldError>) {
        check_edition(known, self.edition, prefix, "edition", errors);
        if !known.metrics.contains(&self.metric) {
            missing(errors, prefix, "metric", format!("metric `{}` does not exist", self.metric));
        }
        if !known.sources.contains(&self.source) {
            missing(errors, prefix, "source", format!("source `{}` does not exist", self.source));
        }
    }
}

/// Checks one input's references against the database.
pub fn check_references<T: References>(conn: &mut DbConnection, input: &T) -> ApiResult<Vec<FieldError>> {
    let mut wanted = KeySet::default();
    input.wants(&mut wanted);
    let known = KeySet::existing(conn, &wanted)?;
    let mut errors = Vec::new();
    input.check(&known, "", &mut errors);
    Ok(errors)
}

/// Every problem at once: the field errors, then the broken references, except those on a
/// field already reported (a malformed key is not also "unknown").
pub fn with_broken(mut errors: Vec<FieldError>, broken: Vec<FieldError>) -> Vec<FieldError> {
    let broken: Vec<FieldError> = broken.into_iter().filter(|b| !errors.iter().any(|e| e.field == b.field)).collect();
    errors.extend(broken);
    errors
}
