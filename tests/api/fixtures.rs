//! Valid new resources of every kind, referring only to what the seeds hold, for the tests that
//! run the same behaviour over every resource.

use serde_json::{Value, json};

/// One writable resource.
pub struct Resource {
    /// The collection, e.g. `/api/v1/editions`.
    pub collection: &'static str,
    /// Its name in the change log (`editions`).
    pub name: &'static str,
    /// The field holding the natural key in the path, for resources addressed by it.
    pub key_field: Option<&'static str>,
    /// A valid resource that the seeds do not hold.
    pub new: Value,
    /// A field to change, and its new value.
    pub change: (&'static str, Value),
}

impl Resource {
    /// Where the new resource lives once created, when its path is known beforehand.
    pub fn natural_path(&self) -> Option<String> {
        self.key_field.map(|field| {
            let key = &self.new[field];
            let key = key.as_str().map(str::to_string).unwrap_or_else(|| key.to_string());
            format!("{}/{key}", self.collection)
        })
    }

    /// The new resource with its changed field.
    pub fn changed(&self) -> Value {
        let mut body = self.new.clone();
        body[self.change.0] = self.change.1.clone();
        body
    }
}

pub const SOURCE: &str = "tass-2025-10-22";

pub fn edition() -> Value {
    json!({
        "year": 2026, "number": 10, "title": "Города России: тестовый форум", "theme": "Тест",
        "city": "Екатеринбург", "starts_on": "2026-11-26", "ends_on": "2026-11-27", "format": "in_person",
        "organizers": ["ekaterinburg"], "sources": [SOURCE]
    })
}

pub fn metric() -> Value {
    json!({
        "code": "volunteers", "label_ru": "Волонтёры", "label_en": "Volunteers", "unit": "people",
        "description": "Volunteers working at the forum."
    })
}

pub fn source() -> Value {
    json!({
        "key": "test-source-2026", "title": "Тестовый источник", "publisher": "Тест",
        "url": "https://example.org/test", "published_on": "2026-01-15", "language": "ru", "notes": null
    })
}

pub fn organization() -> Value {
    json!({"key": "test-org", "name": "Тестовая организация", "kind": "company", "city": "Москва", "region": null, "notes": null})
}

pub fn person() -> Value {
    json!({
        "key": "ivan-testov", "name": "Иван Тестов", "notes": null,
        "appearances": [{"edition": 2025, "position": "эксперт", "organization": "ekaterinburg", "sources": [SOURCE]}]
    })
}

pub fn figure() -> Value {
    json!({
        "edition": 2025, "metric": "participants", "value": 8123, "qualifier": "exact", "status": "actual",
        "source": SOURCE, "reported_on": "2025-12-01", "quote": "8 123 участника"
    })
}

pub fn session() -> Value {
    json!({
        "edition": 2025, "key": "test-session", "title": "Тестовая сессия", "track": "human-capital", "format": "panel",
        "participants": [{"person": "andrey-sharonov", "role": "speaker", "position": "генеральный директор", "organization": "esg-alliance"}],
        "sources": [SOURCE]
    })
}

pub fn agreement() -> Value {
    json!({
        "edition": 2025, "key": "test-agreement", "title": "Тестовое соглашение", "kind": "cooperation",
        "status": "planned", "parties": ["ekaterinburg"], "source": SOURCE
    })
}

/// Every writable resource.
pub fn resources() -> Vec<Resource> {
    vec![
        Resource {
            collection: "/api/v1/editions",
            name: "editions",
            key_field: Some("year"),
            new: edition(),
            change: ("title", json!("Города России: новое название")),
        },
        Resource {
            collection: "/api/v1/metrics",
            name: "metrics",
            key_field: Some("code"),
            new: metric(),
            change: ("label_en", json!("Volunteers at the forum")),
        },
        Resource {
            collection: "/api/v1/sources",
            name: "sources",
            key_field: Some("key"),
            new: source(),
            change: ("publisher", json!("Другой издатель")),
        },
        Resource {
            collection: "/api/v1/organizations",
            name: "organizations",
            key_field: Some("key"),
            new: organization(),
            change: ("city", json!("Казань")),
        },
        Resource {
            collection: "/api/v1/people",
            name: "people",
            key_field: Some("key"),
            new: person(),
            change: ("name", json!("Иван Петрович Тестов")),
        },
        Resource {
            collection: "/api/v1/figures",
            name: "figures",
            key_field: None,
            new: figure(),
            change: ("quote", json!("более 8 тысяч")),
        },
        Resource {
            collection: "/api/v1/sessions",
            name: "sessions",
            key_field: None,
            new: session(),
            change: ("title", json!("Тестовая сессия, новое название")),
        },
        Resource {
            collection: "/api/v1/agreements",
            name: "agreements",
            key_field: None,
            new: agreement(),
            change: ("title", json!("Тестовое соглашение о сотрудничестве")),
        },
    ]
}
