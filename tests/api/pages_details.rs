//! The detail pages: a session, a person, an organisation, an agreement, a source (every
//! figure it reported, with its quote).

use crate::helpers::{html_escaped, items, spawn_app};

#[actix_web::test]
async fn a_session_page_shows_when_where_and_who_in_which_role() {
    let app = spawn_app().await;
    let sessions = app.json("/api/v1/sessions?edition=2025&expand=participants&limit=500").await;
    let session = items(&sessions).iter().find(|s| !s["participants"].as_array().unwrap().is_empty()).unwrap();
    let body = app.page(&format!("/sessions/{}", session["id"])).await;
    assert!(body.contains(&format!("<h1>{}</h1>", html_escaped(session["title"].as_str().unwrap()))));
    assert!(body.contains("<a href=\"/editions/2025\">Города России: Технологии лидерства</a>"));
    assert!(body.contains("<a href=\"/editions/2025\">Форум 2025</a>"), "breadcrumbs pass through the edition");
    for p in session["participants"].as_array().unwrap() {
        assert!(body.contains(&format!(
            "<a href=\"/people/{}\">{}</a>",
            p["person"]["key"].as_str().unwrap(),
            html_escaped(p["person"]["name"].as_str().unwrap())
        )));
        if let Some(position) = p["position"].as_str() {
            assert!(body.contains(&html_escaped(position)));
        }
    }
    for source in session["sources"].as_array().unwrap() {
        assert!(body.contains(&format!("<a href=\"/sources/{}\">", source.as_str().unwrap())));
    }
    app.error_page("/sessions/999999", 404).await;
    app.error_page("/sessions/abc", 400).await;
}

#[actix_web::test]
async fn a_person_page_shows_every_forum_they_appeared_at() {
    let app = spawn_app().await;
    let person = app.json("/api/v1/people/andrey-sharonov").await;
    let body = app.page("/people/andrey-sharonov").await;
    assert!(body.contains("<h1>Андрей Шаронов</h1>"));
    for a in person["appearances"].as_array().unwrap() {
        assert!(body.contains(&format!("<a href=\"/editions/{0}\">{0}</a>", a["edition"])));
        for s in a["sessions"].as_array().unwrap() {
            assert!(body.contains(&format!(
                "<a href=\"/sessions/{}\">{}</a>",
                s["id"],
                html_escaped(s["title"].as_str().unwrap())
            )));
        }
        if let Some(org) = a["organization"]["key"].as_str() {
            assert!(body.contains(&format!("<a href=\"/organizations/{org}\">")));
        }
    }
    assert!(body.contains("— модератор") && body.contains("— спикер"));
    app.error_page("/people/nobody-at-all", 404).await;
}

#[actix_web::test]
async fn an_organization_page_shows_its_people_sessions_agreements_and_forums() {
    let app = spawn_app().await;
    let body = app.page("/organizations/ekaterinburg").await;
    assert!(body.contains("<h1>Администрация города Екатеринбурга</h1>"));
    assert!(body.contains("муниципалитет"), "its kind in Russian");
    assert!(body.contains("организатор: <a href=\"/editions/2025\">2025</a>"));
    let people = app.json("/api/v1/people?organization=ekaterinburg").await;
    for p in items(&people) {
        assert!(body.contains(&format!("<a href=\"/people/{}\">", p["key"].as_str().unwrap())));
    }
    let agreements = app.json("/api/v1/agreements?party=ekaterinburg").await;
    assert!(!items(&agreements).is_empty());
    for a in items(&agreements) {
        assert!(body.contains(&format!("<a href=\"/agreements/{}\">", a["id"])));
    }
    let body = app.page("/organizations/esg-alliance").await;
    let sessions = app.json("/api/v1/sessions?organization=esg-alliance").await;
    assert!(!items(&sessions).is_empty());
    for s in items(&sessions) {
        assert!(body.contains(&format!("<a href=\"/sessions/{}\">", s["id"])));
    }
    app.error_page("/organizations/nothing-like-it", 404).await;
}

#[actix_web::test]
async fn an_agreement_page_shows_its_parties_status_and_source() {
    let app = spawn_app().await;
    let agreements = app.json("/api/v1/agreements?edition=2025&expand=parties").await;
    let a = &items(&agreements)[0];
    let body = app.page(&format!("/agreements/{}", a["id"])).await;
    assert!(body.contains(&format!("<h1>{}</h1>", html_escaped(a["title"].as_str().unwrap()))));
    for party in a["parties"].as_array().unwrap() {
        assert!(body.contains(&format!("<a href=\"/organizations/{}\">", party["key"].as_str().unwrap())));
    }
    assert!(body.contains(&format!("<a href=\"/sources/{}\">", a["source"].as_str().unwrap())));
    assert!(body.contains("подписано") || body.contains("запланировано"));
    app.error_page("/agreements/999999", 404).await;
}

#[actix_web::test]
async fn a_source_page_lists_every_figure_it_reported_with_its_quote() {
    let app = spawn_app().await;
    let body = app.page("/sources/tass-2025-10-22").await;
    let source = app.json("/api/v1/sources/tass-2025-10-22").await;
    assert!(body.contains(&format!("<h1>{}</h1>", html_escaped(source["title"].as_str().unwrap()))));
    assert!(body.contains("<time datetime=\"2025-10-22\">22 октября 2025</time>"));
    assert!(body.contains("href=\"https://tass.ru/obschestvo/25423331\" rel=\"noopener noreferrer\""));
    let figures = app.json("/api/v1/figures?source=tass-2025-10-22&limit=500").await;
    assert!(items(&figures).len() > 5);
    for f in items(&figures) {
        if let Some(quote) = f["quote"].as_str() {
            assert!(body.contains(&format!("<blockquote>{}</blockquote>", html_escaped(quote))), "{quote}");
        }
        assert!(body.contains(&format!("<a href=\"/metrics/{}\">", f["metric"].as_str().unwrap())));
    }
    let rows = body[body.find("<table class=\"readings cards\">").unwrap()..].matches("<tr>").count() - 1;
    assert_eq!(rows, items(&figures).len(), "a row per figure");
    assert!(body.contains("<a href=\"/editions/2025\">2025: Города России: Технологии лидерства</a>"));
    app.error_page("/sources/no-such-source", 404).await;
}
