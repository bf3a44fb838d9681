//! Bundles: one JSON document of sources, metrics, organisations, people, editions, tracks,
//! sessions, figures and agreements that refer to each other by natural key. `seeds/`,
//! `POST /api/v1/import` and `forum-metrics import` all load bundles through `import`.

use std::collections::{BTreeSet, HashSet};
use std::path::Path;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::db::DbConnection;
use crate::domain::models::{
    AgreementInput, EditionInput, FigureInput, Metric, Organization, PersonInput, SessionInput, Source, Track,
};
use crate::domain::validate::{self, Errors};
use crate::error::{ApiError, ApiResult, FieldError};
use crate::queries::write::{self, Actor, KeySet, Outcome, References};

/// Everything a bundle may hold; every list may be absent.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Bundle {
    #[serde(default)]
    pub sources: Vec<Source>,
    #[serde(default)]
    pub metrics: Vec<Metric>,
    #[serde(default)]
    pub organizations: Vec<Organization>,
    #[serde(default)]
    pub people: Vec<PersonInput>,
    #[serde(default)]
    pub editions: Vec<EditionInput>,
    #[serde(default)]
    pub tracks: Vec<Track>,
    #[serde(default)]
    pub sessions: Vec<SessionInput>,
    #[serde(default)]
    pub figures: Vec<FigureInput>,
    #[serde(default)]
    pub agreements: Vec<AgreementInput>,
}

impl Bundle {
    /// Appends another bundle's objects (the files of a folder make one bundle).
    pub fn merge(&mut self, other: Bundle) {
        self.sources.extend(other.sources);
        self.metrics.extend(other.metrics);
        self.organizations.extend(other.organizations);
        self.people.extend(other.people);
        self.editions.extend(other.editions);
        self.tracks.extend(other.tracks);
        self.sessions.extend(other.sessions);
        self.figures.extend(other.figures);
        self.agreements.extend(other.agreements);
    }

    pub fn len(&self) -> usize {
        self.sources.len()
            + self.metrics.len()
            + self.organizations.len()
            + self.people.len()
            + self.editions.len()
            + self.tracks.len()
            + self.sessions.len()
            + self.figures.len()
            + self.agreements.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Reads a bundle file, or every `*.json` file of a folder (in name order) as one bundle.
    pub fn read(path: &Path) -> Result<Bundle, String> {
        let files: Vec<std::path::PathBuf> = if path.is_dir() {
            let mut files: Vec<_> = std::fs::read_dir(path)
                .map_err(|e| format!("cannot read the folder {}: {e}", path.display()))?
                .filter_map(|entry| entry.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|ext| ext == "json"))
                .collect();
            files.sort();
            if files.is_empty() {
                return Err(format!("the folder {} holds no .json bundle", path.display()));
            }
            files
        } else {
            vec![path.to_path_buf()]
        };
        let mut bundle = Bundle::default();
        for file in files {
            let text = std::fs::read_to_string(&file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
            let part: Bundle =
                serde_json::from_str(&text).map_err(|e| format!("{} is not a valid bundle: {e}", file.display()))?;
            bundle.merge(part);
        }
        Ok(bundle)
    }
}

/// What an import did (or would do) to one kind of object.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct KindReport {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
}

impl KindReport {
    fn count(&mut self, outcome: Outcome) {
        match outcome {
            Outcome::Created => self.created += 1,
            Outcome::Updated => self.updated += 1,
            Outcome::Unchanged => self.unchanged += 1,
        }
    }

    fn changed(&self) -> usize {
        self.created + self.updated
    }
}

/// What an import did, kind by kind.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct ImportReport {
    /// True when nothing was written (`dry_run=true`).
    pub dry_run: bool,
    pub sources: KindReport,
    pub metrics: KindReport,
    pub organizations: KindReport,
    pub people: KindReport,
    pub editions: KindReport,
    pub tracks: KindReport,
    pub sessions: KindReport,
    pub figures: KindReport,
    pub agreements: KindReport,
    pub total: KindReport,
}

impl ImportReport {
    fn finish(mut self) -> Self {
        let kinds = [
            self.sources,
            self.metrics,
            self.organizations,
            self.people,
            self.editions,
            self.tracks,
            self.sessions,
            self.figures,
            self.agreements,
        ];
        self.total = kinds.iter().fold(KindReport::default(), |sum, k| KindReport {
            created: sum.created + k.created,
            updated: sum.updated + k.updated,
            unchanged: sum.unchanged + k.unchanged,
        });
        self
    }
}

/// Checks what needs no database: each object's fields, and keys defined twice.
fn check_shape(bundle: &Bundle) -> Vec<FieldError> {
    let mut errors = Vec::new();
    macro_rules! each {
        ($list:ident, $check:path) => {
            for (i, item) in bundle.$list.iter().enumerate() {
                $check(item, &mut Errors::new(format!("{}[{i}].", stringify!($list)), &mut errors));
            }
        };
    }
    each!(sources, validate::source);
    each!(metrics, validate::metric);
    each!(organizations, validate::organization);
    each!(people, validate::person);
    each!(editions, validate::edition);
    each!(tracks, validate::track);
    each!(sessions, validate::session);
    each!(figures, validate::figure);
    each!(agreements, validate::agreement);

    let mut twice = |kind: &str, keys: Vec<String>| {
        for key in write::duplicates(keys) {
            errors.push(FieldError::new(kind, format!("defines `{key}` more than once")));
        }
    };
    twice("sources", bundle.sources.iter().map(|s| s.key.clone()).collect());
    twice("metrics", bundle.metrics.iter().map(|m| m.code.clone()).collect());
    twice("organizations", bundle.organizations.iter().map(|o| o.key.clone()).collect());
    twice("people", bundle.people.iter().map(|p| p.key.clone()).collect());
    twice("editions", bundle.editions.iter().map(|e| e.year.to_string()).collect());
    twice("tracks", bundle.tracks.iter().map(|t| format!("{}/{}", t.edition, t.key)).collect());
    twice("sessions", bundle.sessions.iter().map(|s| format!("{}/{}", s.edition, s.key)).collect());
    twice("agreements", bundle.agreements.iter().map(|a| format!("{}/{}", a.edition, a.key)).collect());
    twice("figures", bundle.figures.iter().filter_map(|f| f.key.clone()).collect());
    twice(
        "figures",
        bundle
            .figures
            .iter()
            .filter(|f| f.key.is_none())
            .map(|f| format!("({}, {}, {}, {}, {})", f.edition, f.metric, f.source, f.status, f.value))
            .collect(),
    );
    errors
}

/// The keys the bundle itself defines.
fn defined(bundle: &Bundle) -> KeySet {
    KeySet {
        editions: bundle.editions.iter().map(|e| e.year).collect(),
        metrics: bundle.metrics.iter().map(|m| m.code.clone()).collect(),
        sources: bundle.sources.iter().map(|s| s.key.clone()).collect(),
        organizations: bundle.organizations.iter().map(|o| o.key.clone()).collect(),
        people: bundle.people.iter().map(|p| p.key.clone()).collect(),
        tracks: bundle.tracks.iter().map(|t| (t.edition, t.key.clone())).collect::<BTreeSet<_>>(),
    }
}

/// Every reference resolved against the bundle, then the database.
fn check_references(conn: &mut DbConnection, bundle: &Bundle) -> ApiResult<Vec<FieldError>> {
    let mut wanted = KeySet::default();
    macro_rules! wants {
        ($($list:ident),+) => { $(for item in &bundle.$list { item.wants(&mut wanted); })+ };
    }
    wants!(people, editions, tracks, sessions, figures, agreements);
    let mut known = defined(bundle);
    known.extend(KeySet::existing(conn, &wanted)?);
    let mut errors = Vec::new();
    macro_rules! check {
        ($($list:ident),+) => {
            $(for (i, item) in bundle.$list.iter().enumerate() {
                item.check(&known, &format!("{}[{i}].", stringify!($list)), &mut errors);
            })+
        };
    }
    check!(people, editions, tracks, sessions, figures, agreements);
    Ok(errors)
}

enum Abort {
    /// Roll back and report: a dry run, or a bundle that changed nothing.
    Report(Box<ImportReport>),
    Failed(ApiError),
}

impl From<diesel::result::Error> for Abort {
    fn from(error: diesel::result::Error) -> Self {
        Abort::Failed(error.into())
    }
}

impl From<ApiError> for Abort {
    fn from(error: ApiError) -> Self {
        Abort::Failed(error)
    }
}

/// Upserts a bundle by natural key in one transaction: all of it or none of it. A bundle
/// with any invalid object or broken reference writes nothing and lists every problem.
pub fn import(conn: &mut DbConnection, actor: &Actor, bundle: &Bundle, dry_run: bool) -> ApiResult<ImportReport> {
    let shape = check_shape(bundle);
    use diesel::Connection;
    let outcome = conn.transaction::<ImportReport, Abort, _>(|conn| {
        crate::db::bump_data_version(conn)?;
        let problems = write::with_broken(shape, check_references(conn, bundle)?);
        if !problems.is_empty() {
            return Err(Abort::Failed(ApiError::Validation(problems)));
        }
        let mut report = ImportReport { dry_run, ..Default::default() };
        for item in &bundle.sources {
            report.sources.count(write::upsert_source(conn, actor, item)?);
        }
        for item in &bundle.metrics {
            report.metrics.count(write::upsert_metric(conn, actor, item)?);
        }
        for item in &bundle.organizations {
            report.organizations.count(write::upsert_organization(conn, actor, item)?);
        }
        for item in &bundle.editions {
            report.editions.count(write::upsert_edition(conn, actor, item)?);
        }
        for item in &bundle.people {
            report.people.count(write::upsert_person(conn, actor, item)?);
        }
        for item in &bundle.tracks {
            report.tracks.count(write::upsert_track(conn, actor, item)?);
        }
        for item in &bundle.sessions {
            report.sessions.count(write::upsert_session(conn, actor, None, item)?.1);
        }
        for item in &bundle.figures {
            report.figures.count(write::upsert_figure(conn, actor, None, item)?.1);
        }
        for item in &bundle.agreements {
            report.agreements.count(write::upsert_agreement(conn, actor, None, item)?.1);
        }
        let report = report.finish();
        if dry_run || report.total.changed() == 0 {
            // Nothing to keep: not even the data version moves, so caches stay valid.
            return Err(Abort::Report(Box::new(report)));
        }
        Ok(report)
    });
    match outcome {
        Ok(report) => Ok(report),
        Err(Abort::Report(report)) => Ok(*report),
        Err(Abort::Failed(error)) => Err(error),
    }
}

/// The distinct years a bundle's objects belong to (for logs).
pub fn years(bundle: &Bundle) -> Vec<i32> {
    let mut years: HashSet<i32> = bundle.editions.iter().map(|e| e.year).collect();
    years.extend(bundle.figures.iter().map(|f| f.edition));
    let mut years: Vec<i32> = years.into_iter().collect();
    years.sort();
    years
}
