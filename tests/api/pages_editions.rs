//! `/editions/{year}`: every metric's headline with why it won, every reading with its quote
//! and publisher, the agreements, tracks and sessions.

use serde_json::Value;

use crate::helpers::{html_escaped, items, ru_number, spawn_app};

/// The text of the source a figure cites: its publisher, or its title.
fn publisher(figure: &Value) -> String {
    let source = &figure["source"];
    source["publisher"].as_str().or(source["title"].as_str()).unwrap().to_string()
}

#[actix_web::test]
async fn the_edition_page_shows_each_headline_why_and_every_reading() {
    let app = spawn_app().await;
    let body = app.page("/editions/2025").await;
    assert!(body.contains("<h1>Города России: Технологии лидерства</h1>"));
    assert!(body.contains("IX форум · 2025"));
    let headlines = app.json("/api/v1/editions/2025/figures?limit=500").await;
    assert!(items(&headlines).len() > 5);
    for h in items(&headlines) {
        let code = h["metric"]["code"].as_str().unwrap();
        let section = &body[body.find("<section class=\"metric").unwrap()..];
        let start = section.find(&format!("id=\"metric-{code}\"")).unwrap_or_else(|| panic!("a section for {code}"));
        let section = &section[start..];
        let section = &section[..section.find("</section>").unwrap()];
        assert!(section.contains(&html_escaped(h["metric"]["label_ru"].as_str().unwrap())), "{code}");
        assert!(section.contains("<h4>Почему этот показатель</h4>"), "{code}");
        assert!(section.contains(&html_escaped(h["reason"].as_str().unwrap())), "{code}: the reason");
        let value = h["headline"]["value"].as_f64().unwrap();
        if value.fract() == 0.0 {
            assert!(
                section.contains(&format!("<span class=\"number\">{}</span>", ru_number(value as i64))),
                "{code}: the headline {value}"
            );
        }
        assert_eq!(section.contains("спорно"), h["disputed"].as_bool().unwrap(), "{code}: disputed");
        assert_eq!(
            section.matches("<tr").count() - 1,
            h["figures"].as_array().unwrap().len(),
            "{code}: a row per reading"
        );
        assert_eq!(section.matches("<tr class=\"headline\">").count(), 1, "{code}: one headline row");
        for figure in h["figures"].as_array().unwrap() {
            let key = figure["source"]["key"].as_str().unwrap();
            assert!(
                section.contains(&format!("<a href=\"/sources/{key}\">{}</a>", html_escaped(&publisher(figure)))),
                "{code}: {key}"
            );
            if let Some(quote) = figure["quote"].as_str() {
                assert!(
                    section.contains(&format!("<blockquote>{}</blockquote>", html_escaped(quote))),
                    "{code}: {quote}"
                );
            }
            if let Some(who) = figure["attributed_to"].as_str() {
                assert!(section.contains(&html_escaped(who)), "{code}: {who}");
            }
            if let Some(url) = figure["source"]["url"].as_str() {
                assert!(
                    section.contains(&format!("href=\"{}\" rel=\"noopener noreferrer\"", html_escaped(url))),
                    "{code}: {url}"
                );
            }
        }
    }
}

#[actix_web::test]
async fn participants_at_2025_read_as_the_sources_said_them() {
    let app = spawn_app().await;
    let body = app.page("/editions/2025").await;
    let start = body.find("id=\"metric-participants\"").unwrap();
    let section = &body[start..start + body[start..].find("</section>").unwrap()];
    // The headline: more than 7 000, expected; the sources disagree between 6 000 and 7 000.
    assert!(section.contains(&format!("<span class=\"big\"><span class=\"value\"><span class=\"qualifier\">более</span> <span class=\"number\">{}</span>", ru_number(7000))), "{section}");
    assert!(section.contains("status-expected\">ожидаемое"));
    assert!(section.contains("спорно: источники расходятся"));
    assert!(section.contains(&format!("Разброс цифр: {} – {}.", ru_number(6000), ru_number(7000))));
    assert!(section.contains("<blockquote>ожидается свыше 7 000 участников"), "TASS's words");
    assert!(section.contains("<a href=\"/sources/tass-2025-10-22\">ТАСС</a>"));
    assert!(section.contains("<time datetime=\"2025-10-22\">22 октября 2025</time>"));
    assert!(section.contains("Алексей Орлов, глава Екатеринбурга"), "who said «около 6 тысяч»");
    assert!(
        section.contains("<time datetime=\"2025-11\">ноябрь 2025</time>"),
        "URA.RU's figure is dated to the month only"
    );
}

#[actix_web::test]
async fn the_edition_page_lists_agreements_with_parties_and_sessions_with_people() {
    let app = spawn_app().await;
    let body = app.page("/editions/2025").await;
    let agreements = app.json("/api/v1/agreements?edition=2025&expand=parties").await;
    assert!(!items(&agreements).is_empty());
    for a in items(&agreements) {
        assert!(body.contains(&format!(
            "<a href=\"/agreements/{}\">{}</a>",
            a["id"],
            html_escaped(a["title"].as_str().unwrap())
        )));
        for party in a["parties"].as_array().unwrap() {
            assert!(body.contains(&format!(
                "<a href=\"/organizations/{}\">{}</a>",
                party["key"].as_str().unwrap(),
                html_escaped(party["name"].as_str().unwrap())
            )));
        }
    }
    assert!(body.contains("подписано") && body.contains("запланировано"));
    let tracks = app.json("/api/v1/editions/2025/tracks").await;
    for t in items(&tracks) {
        assert!(body.contains(&html_escaped(t["title"].as_str().unwrap())));
    }
    let sessions = app.json("/api/v1/sessions?edition=2025&expand=participants").await;
    for s in items(&sessions) {
        assert!(body.contains(&format!(
            "<a href=\"/sessions/{}\">{}</a>",
            s["id"],
            html_escaped(s["title"].as_str().unwrap())
        )));
        for p in s["participants"].as_array().unwrap() {
            assert!(body.contains(&format!(
                "<a href=\"/people/{}\">{}</a>",
                p["person"]["key"].as_str().unwrap(),
                html_escaped(p["person"]["name"].as_str().unwrap())
            )));
        }
    }
    assert!(body.contains("— модератор"), "roles in Russian");
    assert!(body.contains("панельная дискуссия"), "formats in Russian");
}

#[actix_web::test]
async fn an_edition_without_figures_still_renders_and_unknown_ones_are_404_pages() {
    let app = spawn_app().await;
    let body = app.page("/editions/2016").await;
    assert!(body.contains("Источники не приводят цифр для этого форума."));
    assert!(body.contains("Источники не сообщают о соглашениях этого форума."));
    let body = app.error_page("/editions/1999", 404).await;
    assert!(body.contains("Страница не найдена") && body.contains("edition 1999 does not exist"));
    let body = app.error_page("/editions/notayear", 400).await;
    assert!(body.contains("Неверный запрос"));
    app.error_page("/editions/2025?expand=tracks", 400).await;
    app.error_page("/editions/2025/extra", 404).await;
}
