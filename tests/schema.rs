//! The schemas inputs are checked against: every field wrong at once, in plain words.

use forum_metrics::domain::schema::{Schemas, field_name};
use forum_metrics::error::{ApiError, FieldError};
use serde_json::{Value, json};

#[test]
fn pointers_read_as_fields() {
    assert_eq!(field_name(""), "");
    assert_eq!(field_name("/title"), "title");
    assert_eq!(field_name("/participants/0/role"), "participants[0].role");
    assert_eq!(field_name("/figures/3"), "figures[3]");
    assert_eq!(field_name("/a~1b"), "a/b");
}

fn shapes() -> Schemas {
    Schemas::new(&serde_json::to_value(forum_metrics::api::docs::generate()).unwrap())
}

#[test]
fn every_field_wrong_at_once() {
    let shapes = shapes();
    let body = json!({"edition": "2025", "value": -1, "qualifier": "roughly", "status": "actual",
                      "source": "tass-2025-10-22", "reported_on": "22.10.2025"});
    let Err(ApiError::Validation(errors)) = shapes.read::<Value>("FigureInput", body) else {
        panic!("a 422");
    };
    let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["edition", "metric", "qualifier", "reported_on", "value"], "{errors:?}");
    assert_eq!(errors[0].message, "must be a whole number");
    assert_eq!(errors[1].message, "is required");
    assert!(errors[2].message.starts_with("must be one of: exact, about"), "{}", errors[2].message);
    assert_eq!(errors[3].message, "must be a date, YYYY-MM-DD");
    assert_eq!(errors[4].message, "must be at least 0, not -1");
}

#[test]
fn a_field_the_resource_lacks_is_a_bad_request() {
    let body = json!({"code": "x", "label_ru": "x", "label_en": "x", "unit": "x", "description": "x", "colour": 1});
    let Err(ApiError::InvalidBody { detail }) = shapes().read::<Value>("Metric", body) else {
        panic!("a 400");
    };
    assert!(detail.contains("`colour`"), "{detail}");
}

#[test]
fn nullable_references_say_what_is_wrong_with_the_value() {
    let body = json!({"edition": 2025, "metric": "participants", "value": 1, "qualifier": "exact",
                      "status": "actual", "source": "s", "reported_in": "2025-13"});
    let Err(ApiError::Validation(errors)) =
        shapes().read::<forum_metrics::domain::models::FigureInput>("FigureInput", body)
    else {
        panic!("a 422");
    };
    assert_eq!(errors, [FieldError::new("reported_in", "must be a year (YYYY) or a month (YYYY-MM)")]);
}
