//! Synthetic data for benchmarks at scale: editions, metrics, sources, organisations, people,
//! tracks, sessions with participants, and figures, in bulk and deterministic for a seed.
//! Generated editions take years no edition uses yet, so the seeds can stay beside them.

use std::collections::HashSet;

use chrono::NaiveDate;
use diesel::prelude::*;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::db::schema::{
    editions, figures, metrics, organizations, people, session_participants, sessions, sources, tracks,
};
use crate::db::{self, DbConnection};
use crate::domain::{FigureStatus, Qualifier, SessionFormat, search_text};
use crate::error::{ApiError, ApiResult};

/// How much to make.
#[derive(Debug, Clone)]
pub struct Sizes {
    pub editions: u32,
    pub metrics: u32,
    pub sources: u32,
    pub organizations: u32,
    pub people: u64,
    pub sessions: u64,
    pub figures: u64,
    pub seed: u64,
}

/// What was made.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Made {
    pub editions: usize,
    pub metrics: usize,
    pub sources: usize,
    pub organizations: usize,
    pub people: usize,
    pub tracks: usize,
    pub sessions: usize,
    pub participants: usize,
    pub figures: usize,
}

const TRACKS_PER_EDITION: usize = 6;
/// Rows per INSERT: well under SQLite's 32 766 and PostgreSQL's 65 535 bound parameters.
const BATCH: usize = 1000;

#[derive(Insertable)]
#[diesel(table_name = editions)]
struct NewEdition {
    year: i32,
    number: Option<i32>,
    title: String,
    theme: Option<String>,
    city: String,
    starts_on: Option<NaiveDate>,
    ends_on: Option<NaiveDate>,
    format: Option<String>,
    search: String,
}

#[derive(Insertable)]
#[diesel(table_name = metrics)]
struct NewMetric {
    code: String,
    label_ru: String,
    label_en: String,
    unit: String,
    description: String,
    search: String,
}

#[derive(Insertable)]
#[diesel(table_name = sources)]
struct NewSource {
    key: String,
    title: String,
    publisher: Option<String>,
    url: Option<String>,
    published_on: Option<NaiveDate>,
    language: String,
    search: String,
}

#[derive(Insertable)]
#[diesel(table_name = organizations)]
struct NewOrganization {
    key: String,
    name: String,
    kind: String,
    city: Option<String>,
    search: String,
}

#[derive(Insertable)]
#[diesel(table_name = people)]
struct NewPerson {
    key: String,
    name: String,
    search: String,
}

#[derive(Insertable)]
#[diesel(table_name = tracks)]
struct NewTrack {
    edition: i32,
    key: String,
    title: String,
}

#[derive(Insertable)]
#[diesel(table_name = sessions)]
struct NewSession {
    edition: i32,
    key: String,
    title: String,
    track: Option<String>,
    format: Option<String>,
    date: Option<NaiveDate>,
    search: String,
}

#[derive(Insertable)]
#[diesel(table_name = session_participants)]
struct NewParticipant {
    session_id: i64,
    person: String,
    role: String,
    organization: Option<String>,
    ordinal: i32,
}

#[derive(Insertable)]
#[diesel(table_name = figures)]
struct NewFigure {
    key: Option<String>,
    edition: i32,
    metric: String,
    source: String,
    value: f64,
    /// A range's lower bound; set exactly when the qualifier is `range`, and below `value`.
    value_from: Option<f64>,
    qualifier: String,
    status: String,
    reported_on: Option<NaiveDate>,
    /// Derived from `reported_on` (no generated figure has a `reported_in`), as the writes do.
    counted_from: Option<NaiveDate>,
    quote: Option<String>,
}

/// The `i`-th synthetic figure of `year` and `metric`, in its `round` (its value's tens),
/// from `source`. Its qualifier is any of them, a sixth of them `range`: a range goes from a
/// lower bound `value_from`, below its value, up to the value, and every other qualifier
/// has no `value_from` (the CHECK `(qualifier = 'range') = (value_from IS NOT NULL)`).
fn new_figure(rng: &mut StdRng, i: usize, year: i32, metric: &str, source: &str, round: usize) -> NewFigure {
    let status = if rng.random_bool(0.5) { FigureStatus::Actual } else { FigureStatus::Expected };
    let value = (1000 + round * 10 + rng.random_range(0..10usize)) as f64;
    let qualifier = Qualifier::ALL[rng.random_range(0..Qualifier::ALL.len())];
    // Values are 1000 or more: a lower bound of 50–95% of the value is below it and above 0.
    let value_from =
        (qualifier == Qualifier::Range).then(|| (value * rng.random_range(50..=95u32) as f64 / 100.0).floor());
    let reported_on = if rng.random_bool(0.8) {
        NaiveDate::from_ymd_opt(year, rng.random_range(1..=12), rng.random_range(1..=28))
    } else {
        None
    };
    NewFigure {
        key: None,
        edition: year,
        metric: metric.to_string(),
        source: source.to_string(),
        value,
        value_from,
        qualifier: qualifier.as_str().into(),
        status: status.as_str().into(),
        reported_on,
        counted_from: reported_on,
        quote: Some(format!("синтетическая цитата {i}")),
    }
}

/// Inserts rows in batches on the backend's own connection (multi-row VALUES).
macro_rules! insert_all {
    ($conn:expr, $table:path, $rows:expr) => {{
        let rows = $rows;
        for chunk in rows.chunks(BATCH) {
            $crate::per_backend!(&mut *$conn, |c| diesel::insert_into($table).values(chunk).execute(c))?;
        }
        rows.len()
    }};
}

const FIRST_NAMES: &[&str] =
    &["Алексей", "Мария", "Дмитрий", "Елена", "Сергей", "Анна", "Иван", "Ольга", "Андрей", "Юлия"];
const LAST_NAMES: &[&str] =
    &["Иванов", "Смирнова", "Кузнецов", "Попова", "Соколов", "Лебедева", "Новиков", "Морозова", "Волков", "Зайцева"];
const TOPICS: &[&str] =
    &["экономика муниципалитета", "городская среда", "транспорт", "туризм", "человеческий капитал", "цифровизация"];

/// Makes the data in one transaction: all of it, or none if anything fails.
pub fn generate(conn: &mut DbConnection, sizes: &Sizes) -> ApiResult<Made> {
    let mut rng = StdRng::seed_from_u64(sizes.seed);
    conn.transaction::<Made, ApiError, _>(|conn| {
        db::bump_data_version(conn)?;
        let taken: HashSet<i32> = editions::table.select(editions::year).load::<i32>(conn)?.into_iter().collect();
        let years: Vec<i32> = (2000..=2100).filter(|y| !taken.contains(y)).take(sizes.editions as usize).collect();
        if years.len() < sizes.editions as usize {
            return Err(ApiError::invalid_parameter(format!(
                "only {} free years remain in 2000–2100 for {} editions",
                years.len(),
                sizes.editions
            )));
        }
        let taken_numbers: HashSet<i32> =
            editions::table.select(editions::number).load::<Option<i32>>(conn)?.into_iter().flatten().collect();
        let mut made = Made::default();

        let new_editions: Vec<NewEdition> = years
            .iter()
            .map(|&year| {
                let title = format!("Синтетический форум {year}");
                let start = NaiveDate::from_ymd_opt(year, 11, rng.random_range(1..=20));
                NewEdition {
                    year,
                    number: Some(1000 - (year - 2000)).filter(|n| !taken_numbers.contains(n)),
                    theme: Some(TOPICS[year as usize % TOPICS.len()].to_string()),
                    city: "Екатеринбург".into(),
                    starts_on: start,
                    ends_on: start.and_then(|d| d.succ_opt()),
                    format: Some("in_person".into()),
                    search: search_text([Some(title.as_str())]),
                    title,
                }
            })
            .collect();
        made.editions = insert_all!(conn, editions::table, &new_editions);

        let metric_codes: Vec<String> = (0..sizes.metrics).map(|i| format!("gen_metric_{i:05}")).collect();
        let new_metrics: Vec<NewMetric> = metric_codes
            .iter()
            .map(|code| NewMetric {
                code: code.clone(),
                label_ru: format!("Показатель {code}"),
                label_en: format!("Metric {code}"),
                unit: "items".into(),
                description: "A synthetic metric for benchmarks.".into(),
                search: search_text([Some(code.as_str())]),
            })
            .collect();
        made.metrics = insert_all!(conn, metrics::table, &new_metrics);

        let source_keys: Vec<String> = (0..sizes.sources).map(|i| format!("gen-source-{i:05}")).collect();
        let new_sources: Vec<NewSource> = source_keys
            .iter()
            .enumerate()
            .map(|(i, key)| {
                let title = format!("Синтетическая публикация {i}");
                NewSource {
                    key: key.clone(),
                    publisher: Some(format!("Издание {}", i % 50)),
                    url: None,
                    published_on: NaiveDate::from_ymd_opt(
                        years[i % years.len()],
                        1 + (i % 12) as u32,
                        1 + (i % 28) as u32,
                    ),
                    language: "ru".into(),
                    search: search_text([Some(title.as_str())]),
                    title,
                }
            })
            .collect();
        made.sources = insert_all!(conn, sources::table, &new_sources);

        let org_keys: Vec<String> = (0..sizes.organizations).map(|i| format!("gen-org-{i:05}")).collect();
        let new_orgs: Vec<NewOrganization> = org_keys
            .iter()
            .enumerate()
            .map(|(i, key)| {
                let name = format!("Организация {i}");
                NewOrganization {
                    key: key.clone(),
                    kind: "company".into(),
                    city: Some("Екатеринбург".into()),
                    search: search_text([Some(name.as_str())]),
                    name,
                }
            })
            .collect();
        made.organizations = insert_all!(conn, organizations::table, &new_orgs);

        let person_keys: Vec<String> = (0..sizes.people).map(|i| format!("gen-person-{i:06}")).collect();
        let new_people: Vec<NewPerson> = person_keys
            .iter()
            .enumerate()
            .map(|(i, key)| {
                let name =
                    format!("{} {} {i}", FIRST_NAMES[i % FIRST_NAMES.len()], LAST_NAMES[(i / 10) % LAST_NAMES.len()]);
                NewPerson { key: key.clone(), search: search_text([Some(name.as_str())]), name }
            })
            .collect();
        made.people = insert_all!(conn, people::table, &new_people);

        let new_tracks: Vec<NewTrack> = years
            .iter()
            .flat_map(|&year| {
                (0..TRACKS_PER_EDITION).map(move |t| NewTrack {
                    edition: year,
                    key: format!("track-{t}"),
                    title: TOPICS[t].into(),
                })
            })
            .collect();
        made.tracks = insert_all!(conn, tracks::table, &new_tracks);

        let formats = SessionFormat::ALL;
        let mut new_sessions = Vec::with_capacity(sizes.sessions as usize);
        for i in 0..sizes.sessions as usize {
            let year = years[i % years.len()];
            let title = format!("Сессия {i}: {}", TOPICS[i % TOPICS.len()]);
            new_sessions.push(NewSession {
                edition: year,
                key: format!("gen-session-{i:06}"),
                track: Some(format!("track-{}", rng.random_range(0..TRACKS_PER_EDITION))),
                format: Some(formats[i % formats.len()].as_str().to_string()),
                date: NaiveDate::from_ymd_opt(year, 11, rng.random_range(1..=28)),
                search: search_text([Some(title.as_str())]),
                title,
            });
        }
        made.sessions = insert_all!(conn, sessions::table, &new_sessions);
        drop(new_sessions);

        // Participants need the sessions' ids; read them back in key order.
        if !person_keys.is_empty() && sizes.sessions > 0 {
            let ids: Vec<i64> = sessions::table
                .filter(sessions::key.like("gen-session-%"))
                .order(sessions::key)
                .select(sessions::id)
                .load(conn)?;
            let mut participants = Vec::new();
            for id in ids {
                let count = rng.random_range(2..=4usize);
                let mut chosen = HashSet::new();
                for ordinal in 0..count {
                    let person = rng.random_range(0..person_keys.len());
                    if !chosen.insert(person) {
                        continue;
                    }
                    participants.push(NewParticipant {
                        session_id: id,
                        person: person_keys[person].clone(),
                        role: if ordinal == 0 { "moderator" } else { "speaker" }.into(),
                        organization: (!org_keys.is_empty())
                            .then(|| org_keys[rng.random_range(0..org_keys.len())].clone()),
                        ordinal: ordinal as i32,
                    });
                }
                if participants.len() >= 50 * BATCH {
                    made.participants += insert_all!(conn, session_participants::table, &participants);
                    participants.clear();
                }
            }
            made.participants += insert_all!(conn, session_participants::table, &participants);
        }

        // Figures: ~figures/(editions×metrics) per pair, each (edition, metric, source,
        // status, value) distinct by construction.
        let mut batch = Vec::with_capacity(50 * BATCH);
        let pairs = (years.len() * metric_codes.len()).max(1);
        for i in 0..sizes.figures as usize {
            let pair = i % pairs;
            let round = i / pairs;
            let (year, metric) = (years[pair % years.len()], &metric_codes[pair / years.len()]);
            let source = &source_keys[(pair * 7 + round) % source_keys.len()];
            batch.push(new_figure(&mut rng, i, year, metric, source, round));
            if batch.len() >= 50 * BATCH {
                made.figures += insert_all!(conn, figures::table, &batch);
                batch.clear();
            }
        }
        made.figures += insert_all!(conn, figures::table, &batch);
        Ok(made)
    })
    .and_then(|made| {
        // A bulk load ends by refreshing the planner's statistics.
        diesel::sql_query("ANALYZE").execute(conn)?;
        Ok(made)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figures(seed: u64) -> Vec<NewFigure> {
        let mut rng = StdRng::seed_from_u64(seed);
        (0..3000)
            .map(|i| new_figure(&mut rng, i, 2001 + (i % 3) as i32, "gen_metric_00000", "gen-source-00000", i / 3))
            .collect()
    }

    #[test]
    fn ranges_have_a_lower_bound_below_the_value_and_nothing_else_has_one() {
        let made = figures(42);
        let ranges = made.iter().filter(|f| f.qualifier == "range").count();
        assert!(ranges > 300 && ranges < 700, "about a sixth are ranges, not {ranges}");
        for f in &made {
            assert_eq!(f.qualifier == "range", f.value_from.is_some(), "{} {:?}", f.qualifier, f.value_from);
            if let Some(from) = f.value_from {
                assert!(from >= 0.0 && from < f.value, "{from} .. {}", f.value);
            }
            assert_eq!(f.counted_from, f.reported_on);
        }
        for q in Qualifier::ALL {
            assert!(made.iter().any(|f| f.qualifier == q.as_str()), "no {q}");
        }
    }

    #[test]
    fn the_same_seed_makes_the_same_figures() {
        let key = |f: &NewFigure| {
            (f.value.to_bits(), f.value_from.map(f64::to_bits), f.qualifier.clone(), f.status.clone(), f.reported_on)
        };
        let (a, b, c) = (figures(7), figures(7), figures(8));
        assert!(a.iter().map(key).eq(b.iter().map(key)));
        assert!(!a.iter().map(key).eq(c.iter().map(key)));
    }
}
