//! `/search?q=`: the API's search (any case, ё = е), grouped by kind.

use crate::helpers::{items, spawn_app};

#[actix_web::test]
async fn search_finds_sessions_people_organizations_and_agreements_in_any_case() {
    let app = spawn_app().await;
    let body = app.page("/search").await;
    assert!(body.contains("<form class=\"search\" action=\"/search\" method=\"get\""));
    assert!(!body.contains("<h2 id=\"found-"), "no query, no results");
    let body = app.page("/search?q=%D0%A8%D0%B0%D0%A0%D0%9E%D0%BD%D0%BE%D0%92").await; // ШаРОноВ
    assert!(body.contains("value=\"ШаРОноВ\""), "the query stays in the form");
    assert!(body.contains("<a href=\"/people/andrey-sharonov\">Андрей Шаронов</a>"));
    let sessions = app.json("/api/v1/sessions?q=%D1%88%D0%B0%D1%80%D0%BE%D0%BD%D0%BE%D0%B2&limit=500").await;
    assert!(!items(&sessions).is_empty());
    for s in items(&sessions) {
        assert!(body.contains(&format!("<a href=\"/sessions/{}\">", s["id"])), "{s}");
    }
    // ё = е: «Ёкатеринбург» finds «Екатеринбург».
    let body = app.page("/search?q=%D0%81%D0%BA%D0%B0%D1%82%D0%B5%D1%80%D0%B8%D0%BD%D0%B1%D1%83%D1%80%D0%B3").await;
    assert!(body.contains("<a href=\"/organizations/ekaterinburg\">"));
    assert!(body.contains("id=\"found-agreements\""), "agreements by a party's name");
    let body = app.page("/search?q=zzzz-nothing").await;
    assert!(body.contains("ничего не нашлось"));
}

#[actix_web::test]
async fn search_refuses_unknown_parameters_and_overlong_queries_with_a_400_page() {
    let app = spawn_app().await;
    app.error_page("/search?bogus=1", 400).await;
    app.error_page(&format!("/search?q={}", "a".repeat(201)), 400).await;
    app.page(&format!("/search?q={}", "a".repeat(200))).await;
    app.error_page("/search?q=a%00b", 400).await;
}
