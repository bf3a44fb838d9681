//! `q=`: case-insensitive in Russian and English, `ё` = `е`, on both backends.

use serde_json::json;

use crate::helpers::{TestApp, field, items, spawn_app};

/// The `key`s (or `code`s, `year`s) a search finds.
async fn found(app: &TestApp, path: &str, q: &str, name: &str) -> Vec<String> {
    let encoded: String = form_urlencoded::byte_serialize(q.as_bytes()).collect();
    let separator = if path.contains('?') { '&' } else { '?' };
    let body = app.json(&format!("{path}{separator}q={encoded}")).await;
    assert_eq!(body["total"].as_u64().unwrap() as usize, items(&body).len());
    field(items(&body), name)
}

const SHARONOV_SESSIONS: [&str; 4] = [
    "esg-quality-of-life-assessment-tools",
    "plenary-role-of-cities-national-projects",
    "esg-quality-of-life-index",
    "plenary-main-strategic-session",
];

#[actix_web::test]
async fn sharonov_finds_the_esg_alliance_sessions_of_2024_and_2025() {
    let app = spawn_app().await;
    for q in ["шаронов", "ШАРОНОВ", "Шаронов", "андрей шаронов", "  ШаРоНоВ  "]
    {
        assert_eq!(found(&app, "/api/v1/sessions", q, "key").await, SHARONOV_SESSIONS, "q={q:?}");
    }
    let body = app.json("/api/v1/sessions?q=%D1%88%D0%B0%D1%80%D0%BE%D0%BD%D0%BE%D0%B2").await;
    let editions = field(items(&body), "edition");
    assert_eq!(editions, ["2024", "2024", "2025", "2025"]);
    // By the organisation's name too, and combined with other filters.
    assert_eq!(found(&app, "/api/v1/sessions?format=panel", "esg альянс", "key").await.len(), 2);
    assert_eq!(found(&app, "/api/v1/sessions", "русал", "key").await, ["esg-quality-of-life-index"]);
    assert_eq!(found(&app, "/api/v1/sessions?edition=2024", "ШАРОНОВ", "key").await, SHARONOV_SESSIONS[..2]);
    assert_eq!(found(&app, "/api/v1/people", "ШАРОНОВ", "key").await, ["andrey-sharonov"]);
}

#[actix_web::test]
async fn yo_and_ye_find_each_other() {
    let app = spawn_app().await;
    // «партнёре» is written with ё in a source's title.
    for q in ["партнёре", "партнере", "ПАРТНЁРЕ", "ПАРТНЕРЕ"] {
        assert_eq!(found(&app, "/api/v1/sources", q, "key").await, ["tass-2025-11-06"], "q={q}");
    }
    // «партнерских» is written with е in a session's description.
    for q in ["партнерских", "партнёрских", "ПАРТНЁРСКИХ"] {
        assert_eq!(found(&app, "/api/v1/sessions", q, "key").await, ["esg-quality-of-life-assessment-tools"], "q={q}");
    }
}

#[actix_web::test]
async fn yo_in_imported_names_is_found_by_ye_and_by_case() {
    let app = spawn_app().await;
    app.import(&json!({
        "organizations": [{"key": "zelyonaya-roshcha", "name": "Зелёная Роща", "kind": "municipality", "city": "Зелёная Роща"}],
        "people": [{"key": "pyotr-semyonov", "name": "Пётр Семёнов"}],
        "sessions": [{"edition": 2025, "key": "yo-session", "title": "Ещё одна сессия о дорогах", "format": "panel",
                      "participants": [{"person": "pyotr-semyonov", "role": "speaker", "organization": "zelyonaya-roshcha"}],
                      "sources": ["newsinfo-2025-11-20"]}]
    }));
    for q in ["семенов", "СЕМЁНОВ", "пётр семёнов", "Петр"] {
        assert_eq!(found(&app, "/api/v1/people", q, "key").await, ["pyotr-semyonov"], "q={q}");
        assert_eq!(found(&app, "/api/v1/sessions", q, "key").await, ["yo-session"], "q={q}");
    }
    for q in ["зеленая", "ЗЕЛЁНАЯ РОЩА"] {
        assert_eq!(found(&app, "/api/v1/organizations", q, "key").await, ["zelyonaya-roshcha"], "q={q}");
        assert_eq!(found(&app, "/api/v1/sessions", q, "key").await, ["yo-session"], "q={q}");
    }
    assert_eq!(found(&app, "/api/v1/sessions", "еще одна", "key").await, ["yo-session"]);
    assert_eq!(found(&app, "/api/v1/sessions", "ЕЩЁ", "key").await, ["yo-session"]);
}

#[actix_web::test]
async fn every_searchable_collection_folds_case_in_both_alphabets() {
    let app = spawn_app().await;
    assert_eq!(found(&app, "/api/v1/editions", "ЛОКОМОТИВЫ", "year").await, ["2024"]);
    assert_eq!(found(&app, "/api/v1/metrics", "PARTICIPANTS", "code").await, ["participants"]);
    assert_eq!(found(&app, "/api/v1/metrics", "главы", "code").await, ["heads_of_cities"]);
    assert_eq!(
        found(&app, "/api/v1/sources", "CROSSROADS", "key").await,
        ["its-ekburg-crossroads", "leontief-centre-2017-11-16"]
    );
    assert_eq!(found(&app, "/api/v1/sources", "тасс", "key").await.len(), 3);
    assert_eq!(found(&app, "/api/v1/organizations", "МЕТАЛЛОИНВЕСТ", "key").await, ["metalloinvest"]);
    // By name («Х5 Group») and by key (delo-group).
    assert_eq!(found(&app, "/api/v1/organizations", "GROUP", "key").await, ["delo-group", "makro-ural-x5"]);
    assert_eq!(found(&app, "/api/v1/people", "герцик", "key").await, ["yulia-gertsik"]);
    assert_eq!(
        found(&app, "/api/v1/agreements", "ДАЛЯНЬ", "key").await,
        ["ekaterinburg-dalian-friendship", "dalian-cooperation-planned"]
    );
    assert_eq!(found(&app, "/api/v1/agreements", "чунцин", "key").await, ["dadukou-intent-protocol"]);
    assert_eq!(found(&app, "/api/v1/sessions", "city strategies", "key").await, ["city-strategies-contest-2017-final"]);
}

#[actix_web::test]
async fn like_wildcards_are_plain_characters() {
    let app = spawn_app().await;
    for q in ["%", "_", "\\", "шаронов%", "ш_ронов"] {
        assert!(found(&app, "/api/v1/sessions", q, "key").await.is_empty(), "q={q:?} is taken literally");
    }
    assert!(found(&app, "/api/v1/people", "nobody at all", "key").await.is_empty());
}
