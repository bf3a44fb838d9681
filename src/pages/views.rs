//! What several pages show alike, ready for a template: the layout, breadcrumbs, a reading
//! (one reported figure with its source), a session, an agreement. Values are formatted here
//! (`format`), so templates only place and escape them.

use chrono::NaiveDate;

use crate::domain::models::{
    Agreement, Figure, OrganizationRef, Participant, PersonRef, Session, Source, SourceRef, Track,
};
use crate::domain::period::Period;
use crate::domain::{FigureStatus, Qualifier};
use crate::pages::assets;
use crate::ru;

/// The frame every page shares (`base.html`).
pub struct Layout {
    pub title: String,
    pub crumbs: Vec<Crumb>,
    /// The page's twin in the API, for `<link rel="alternate" type="application/json">`.
    pub alternate: Option<String>,
    pub stylesheet: &'static str,
    pub icon: &'static str,
}

impl Layout {
    pub fn new(title: impl Into<String>, crumbs: Vec<Crumb>, alternate: Option<String>) -> Self {
        Layout {
            title: title.into(),
            crumbs,
            alternate,
            stylesheet: assets::stylesheet_path(),
            icon: assets::icon_path(),
        }
    }
}

/// One step of the breadcrumbs; the page itself has no link.
pub struct Crumb {
    pub label: String,
    pub href: Option<String>,
}

impl Crumb {
    pub fn home() -> Crumb {
        Crumb::link("Главная", "/")
    }

    pub fn link(label: impl Into<String>, href: impl Into<String>) -> Crumb {
        Crumb { label: label.into(), href: Some(href.into()) }
    }

    pub fn here(label: impl Into<String>) -> Crumb {
        Crumb { label: label.into(), href: None }
    }

    /// Home, then the edition of `year`.
    pub fn edition(year: i32) -> Crumb {
        Crumb::link(format!("Форум {year}"), format!("/editions/{year}"))
    }
}

/// A link inside the explorer.
pub struct Link {
    pub label: String,
    pub href: String,
}

/// A day, for `<time datetime>`.
pub struct Day {
    pub iso: String,
    pub text: String,
}

impl Day {
    pub fn new(date: NaiveDate) -> Day {
        Day { iso: date.to_string(), text: ru::date(date) }
    }

    pub fn maybe(date: Option<NaiveDate>) -> Option<Day> {
        date.map(Day::new)
    }

    /// The day if known, else the month or year (`<time datetime="2025-10">` is valid HTML).
    pub fn or_period(date: Option<NaiveDate>, period: Option<Period>) -> Option<Day> {
        Day::maybe(date).or(period.map(|p| Day { iso: p.to_string(), text: ru::period(p) }))
    }
}

/// A source as a reading cites it.
pub struct SourceView {
    pub key: String,
    /// The publisher, or the title when the document names none.
    pub name: String,
    pub title: String,
    pub url: Option<String>,
    pub published: Option<Day>,
}

impl SourceView {
    pub fn new(source: &Source) -> SourceView {
        SourceView {
            key: source.key.clone(),
            name: source.publisher.clone().unwrap_or_else(|| source.title.clone()),
            title: source.title.clone(),
            url: source.url.clone(),
            published: Day::or_period(source.published_on, source.published_in),
        }
    }

    /// A source known only by its key (a view that did not load it).
    pub fn key_only(key: &str) -> SourceView {
        SourceView { key: key.to_string(), name: key.to_string(), title: key.to_string(), url: None, published: None }
    }

    pub fn of(source: &SourceRef) -> SourceView {
        match source {
            SourceRef::Object(source) => SourceView::new(source),
            SourceRef::Key(key) => SourceView::key_only(key),
        }
    }

    pub fn href(&self) -> String {
        format!("/sources/{}", self.key)
    }
}

/// A value with its qualifier and status, as the headline or a reading shows it.
pub struct Value {
    /// «7 000».
    pub number: String,
    /// «более»; empty for an exact value.
    pub qualifier: &'static str,
    /// «точно» for an exact value, else the qualifier.
    pub qualifier_label: &'static str,
    /// «ожидаемое» or «фактическое».
    pub status: &'static str,
    /// `expected` or `actual`, for styling.
    pub status_class: &'static str,
}

impl Value {
    pub fn new(value: f64, value_from: Option<f64>, qualifier: Qualifier, status: FigureStatus) -> Value {
        Value {
            // A range's qualifier word is empty: its number is both bounds.
            number: match qualifier {
                Qualifier::Range => ru::hedged(qualifier, value, value_from),
                _ => ru::number(value),
            },
            qualifier: ru::qualifier(qualifier),
            qualifier_label: ru::qualifier_label(qualifier),
            status: ru::status(status),
            status_class: status.as_str(),
        }
    }
}

/// One reported figure with its source: the row the edition and source pages show.
pub struct Reading {
    pub value: Value,
    pub reported: Option<Day>,
    pub source: SourceView,
    pub quote: Option<String>,
    pub attributed_to: Option<String>,
    pub notes: Option<String>,
    /// The figure the headline rule chose.
    pub headline: bool,
}

impl Reading {
    pub fn new(figure: &Figure, headline: bool) -> Reading {
        Reading {
            value: Value::new(figure.value, figure.value_from, figure.qualifier, figure.status),
            reported: Day::or_period(figure.reported_on, figure.reported_in),
            source: SourceView::of(&figure.source),
            quote: figure.quote.clone(),
            attributed_to: figure.attributed_to.clone(),
            notes: figure.notes.clone(),
            headline,
        }
    }
}

fn organization_link(organization: &OrganizationRef) -> Link {
    let (key, name) = match organization {
        OrganizationRef::Key(key) => (key, key),
        OrganizationRef::Object(o) => (&o.key, &o.name),
    };
    Link { label: name.clone(), href: format!("/organizations/{key}") }
}

/// A person in a session.
pub struct ParticipantView {
    pub person: Link,
    pub role: &'static str,
    pub position: Option<String>,
    pub organization: Option<Link>,
}

impl ParticipantView {
    fn new(participant: &Participant) -> ParticipantView {
        let (key, name) = match &participant.person {
            PersonRef::Key(key) => (key, key),
            PersonRef::Object(p) => (&p.key, &p.name),
        };
        ParticipantView {
            person: Link { label: name.clone(), href: format!("/people/{key}") },
            role: ru::role(participant.role),
            position: participant.position.clone(),
            organization: participant.organization.as_ref().map(organization_link),
        }
    }
}

/// A programme session in a list.
pub struct SessionView {
    pub href: String,
    pub title: String,
    pub edition: i32,
    pub format: Option<&'static str>,
    pub when: Option<String>,
    pub venue: Option<String>,
    pub track: Option<String>,
    pub participants: Vec<ParticipantView>,
}

impl SessionView {
    /// `tracks` gives the track's title; without it the key is shown.
    pub fn new(session: &Session, tracks: &[Track]) -> SessionView {
        SessionView {
            href: format!("/sessions/{}", session.id),
            title: session.title.clone(),
            edition: session.edition,
            format: session.format.map(ru::session_format),
            when: ru::session_time(session.date, session.starts_at, session.ends_at),
            venue: session.venue.clone(),
            track: session.track.as_ref().map(|key| {
                tracks
                    .iter()
                    .find(|t| &t.key == key && t.edition == session.edition)
                    .map_or_else(|| key.clone(), |t| t.title.clone())
            }),
            participants: session.participants.iter().map(ParticipantView::new).collect(),
        }
    }
}

/// An agreement in a list.
pub struct AgreementView {
    pub href: String,
    pub title: String,
    pub edition: i32,
    pub status: &'static str,
    pub status_class: &'static str,
    pub kind: &'static str,
    pub signed: Option<Day>,
    pub parties: Vec<Link>,
    pub source: Link,
}

impl AgreementView {
    /// `source` is the agreement's source, when loaded.
    pub fn new(agreement: &Agreement, source: Option<&Source>) -> AgreementView {
        let source = source.map_or_else(|| SourceView::key_only(&agreement.source), SourceView::new);
        AgreementView {
            href: format!("/agreements/{}", agreement.id),
            title: agreement.title.clone(),
            edition: agreement.edition,
            status: ru::agreement_status(agreement.status),
            status_class: agreement.status.as_str(),
            kind: ru::agreement_kind(agreement.kind),
            signed: Day::maybe(agreement.signed_on),
            parties: agreement.parties.iter().map(organization_link).collect(),
            source: Link { href: source.href(), label: source.name },
        }
    }
}

/// Every distinct key, sorted: for loading the sources a list of items cites at once.
pub fn keys<'a>(keys: impl IntoIterator<Item = &'a String>) -> Vec<String> {
    let mut keys: Vec<String> = keys.into_iter().cloned().collect();
    keys.sort();
    keys.dedup();
    keys
}
