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
use crate::domain::schema::{Checked, Schemas};
use crate::domain::validate::Errors;
use crate::error::{ApiError, ApiResult, FieldError};
use crate::queries::resources::{
    self, Actor, Agreements, Editions, Figures, KeySet, Kind, Metrics, Organizations, Outcome, People, Sessions,
    Sources, Tracks,
};

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

    /// Reads a bundle file, or every `*.json` file of a folder (in name order) as one bundle,
    /// each checked against the bundle's schema as `POST /api/v1/import` checks its body.
    pub fn read(path: &Path, schemas: &Schemas) -> Result<Checked<Bundle>, String> {
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
        let mut bundle = Checked::trusted(Bundle::default());
        for file in files {
            let text = std::fs::read_to_string(&file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
            let invalid = |e: String| format!("{} is not a valid bundle: {e}", file.display());
            let document = serde_json::from_str(&text).map_err(|e| invalid(e.to_string()))?;
            let part = schemas.read::<Bundle>("Bundle", document).map_err(|e| invalid(e.described()))?;
            let name = file.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
            bundle
                .problems
                .extend(part.problems.into_iter().map(|p| FieldError::new(format!("{name}: {}", p.field), p.message)));
            bundle.value.merge(part.value);
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

/// Runs `$each` for every kind a bundle holds, in the order they are written (what others
/// refer to first): `$each!(Kind, field)`.
macro_rules! kinds {
    ($each:ident) => {
        $each!(Sources, sources);
        $each!(Metrics, metrics);
        $each!(Organizations, organizations);
        $each!(Editions, editions);
        $each!(People, people);
        $each!(Tracks, tracks);
        $each!(Sessions, sessions);
        $each!(Figures, figures);
        $each!(Agreements, agreements);
    };
}

/// The rules of each object, and the natural keys a kind defines more than once.
fn rules<K: Kind>(items: &[K::Input], errors: &mut Vec<FieldError>) {
    for (i, item) in items.iter().enumerate() {
        K::rules(item, &mut Errors::new(format!("{}[{i}].", K::PLURAL), errors));
    }
    for key in resources::duplicates(items.iter().map(K::natural_key)) {
        errors.push(FieldError::new(K::PLURAL, format!("defines `{key}` more than once")));
    }
}

fn check<K: Kind>(items: &[K::Input], known: &KeySet, errors: &mut Vec<FieldError>) {
    for (i, item) in items.iter().enumerate() {
        K::check(item, known, &mut Errors::new(format!("{}[{i}].", K::PLURAL), errors));
    }
}

fn write<K: Kind>(
    conn: &mut DbConnection,
    actor: &Actor,
    items: &[K::Input],
    report: &mut KindReport,
) -> ApiResult<()> {
    for item in items {
        report.count(K::write(conn, actor, item)?);
    }
    Ok(())
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

/// Every problem of a bundle: what its schema said of its values, each object's rules, keys
/// defined twice, then references resolved against the bundle and the database.
fn problems(conn: &mut DbConnection, bundle: &Checked<Bundle>) -> ApiResult<Vec<FieldError>> {
    let (bundle, mut errors) = (&bundle.value, bundle.problems.clone());
    macro_rules! each_rules {
        ($kind:ident, $field:ident) => {
            rules::<$kind>(&bundle.$field, &mut errors)
        };
    }
    kinds!(each_rules);
    let mut wanted = KeySet::default();
    macro_rules! each_wants {
        ($kind:ident, $field:ident) => {
            bundle.$field.iter().for_each(|item| $kind::wants(item, &mut wanted))
        };
    }
    kinds!(each_wants);
    let mut known = defined(bundle);
    known.extend(KeySet::existing(conn, &wanted)?);
    let mut broken = Vec::new();
    macro_rules! each_check {
        ($kind:ident, $field:ident) => {
            check::<$kind>(&bundle.$field, &known, &mut broken)
        };
    }
    kinds!(each_check);
    Ok(resources::with_broken(errors, broken))
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
pub fn import(
    conn: &mut DbConnection,
    actor: &Actor,
    bundle: &Checked<Bundle>,
    dry_run: bool,
) -> ApiResult<ImportReport> {
    use diesel::Connection;
    let outcome = conn.transaction::<ImportReport, Abort, _>(|conn| {
        crate::db::bump_data_version(conn)?;
        let problems = problems(conn, bundle)?;
        if !problems.is_empty() {
            return Err(Abort::Failed(ApiError::Validation(problems)));
        }
        let mut report = ImportReport { dry_run, ..Default::default() };
        let items = &bundle.value;
        macro_rules! each_write {
            ($kind:ident, $field:ident) => {
                write::<$kind>(conn, actor, &items.$field, &mut report.$field)?
            };
        }
        kinds!(each_write);
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
