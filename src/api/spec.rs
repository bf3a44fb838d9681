//! What the generated document says beyond what utoipa derives, so that linters pass it and
//! client generators type it right: every operation's security stated, collections naming
//! their item schema, `limit` an integer or `all`, answers' fields required as the service
//! always sends them, a problem's `code` an enumeration.

use std::collections::BTreeSet;

use serde_json::{Value, json};

/// Fields an answer leaves out, rather than sending as null, when they have no value: every
/// other field of an answer is always there. (schema, field); `Collection_*` for every
/// collection.
const LEFT_OUT_WHEN_EMPTY: &[(&str, &str)] = &[
    ("Collection_*", "facets"),
    ("Collection_*", "as_of"),
    ("Problem", "errors"),
    ("Edition", "tracks"),
    ("Edition", "sessions"),
    ("Series", "as_of"),
    ("Comparison", "as_of"),
    ("EditionSummary", "as_of"),
];

pub fn tidy(document: &mut Value) {
    declare_security(document);
    name_collection_items(document);
    limit_is_a_number(document);
    require_what_answers_always_send(document);
    let schemas = &mut document["components"]["schemas"];
    // The resource as written, whatever it is: an object of any fields.
    for field in ["before", "after"] {
        schemas["Change"]["properties"][field]["additionalProperties"] = json!(true);
    }
    schemas["Problem"]["properties"]["code"]["enum"] = json!(crate::error::CODES);
}

fn operations(document: &mut Value) -> impl Iterator<Item = (&String, &mut Value)> {
    document["paths"]
        .as_object_mut()
        .into_iter()
        .flat_map(|paths| paths.values_mut())
        .flat_map(|item| item.as_object_mut().into_iter().flat_map(|ops| ops.iter_mut()))
}

/// Reads are public (`security: []`); writes say they need the bearer token (set by their
/// handlers). Where reads need a token too, that is a deployment's setting, not the API's.
fn declare_security(document: &mut Value) {
    for (_, operation) in operations(document) {
        if let Some(operation) = operation.as_object_mut() {
            operation.entry("security").or_insert_with(|| json!([]));
        }
    }
}

/// utoipa writes a generic collection's item schema out in full; a reference keeps the item's
/// name for generated clients.
fn name_collection_items(document: &mut Value) {
    let Some(schemas) = document["components"]["schemas"].as_object_mut() else {
        return;
    };
    let names: Vec<String> = schemas.keys().filter(|k| k.starts_with("Collection_")).cloned().collect();
    for name in names {
        let item = name.trim_start_matches("Collection_").to_string();
        if schemas.contains_key(&item) {
            schemas[&name]["properties"]["items"]["items"] = json!({ "$ref": format!("#/components/schemas/{item}") });
        }
    }
}

/// `limit` is a number of items, or `all` (CSV and NDJSON only); as a string with a pattern, a
/// generated client would not take `limit: 5`.
fn limit_is_a_number(document: &mut Value) {
    for (_, operation) in operations(document) {
        for parameter in operation["parameters"].as_array_mut().into_iter().flatten() {
            if parameter["name"] == "limit" && parameter["in"] == "query" {
                parameter["example"] = json!(50);
                parameter["schema"] = json!({
                    "oneOf": [
                        { "type": "integer", "minimum": 1, "maximum": crate::queries::paging::MAX_LIMIT, "example": 50 },
                        { "type": "string", "enum": ["all"], "description": "Every row: with CSV or NDJSON only" },
                    ]
                });
            }
        }
    }
}

/// The schemas requests are written in, and every schema they refer to: their optional fields
/// may be left out. The rest describe answers.
fn written_schemas(document: &Value) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut pending = crate::domain::schema::body_schemas(document);
    while let Some(name) = pending.pop() {
        if found.insert(name.clone()) {
            collect_refs(&document["components"]["schemas"][&name], &mut pending);
        }
    }
    found
}

fn collect_refs(schema: &Value, into: &mut Vec<String>) {
    match schema {
        Value::Object(map) => {
            for (key, value) in map {
                match (key.as_str(), value.as_str()) {
                    ("$ref", Some(reference)) => into.extend(reference.rsplit('/').next().map(str::to_string)),
                    _ => collect_refs(value, into),
                }
            }
        }
        Value::Array(values) => values.iter().for_each(|v| collect_refs(v, into)),
        _ => {}
    }
}

/// An answer always sends its fields, null when they have no value (but those it leaves out):
/// so they are required, and a client need not handle both a missing field and a null one.
fn require_what_answers_always_send(document: &mut Value) {
    let written = written_schemas(document);
    let Some(schemas) = document["components"]["schemas"].as_object_mut() else {
        return;
    };
    for (name, schema) in schemas.iter_mut() {
        if written.contains(name) {
            continue;
        }
        let Some(properties) = schema["properties"].as_object() else {
            continue;
        };
        let left_out = |field: &str| {
            LEFT_OUT_WHEN_EMPTY.iter().any(|(schema, f)| {
                *f == field
                    && (*schema == name || (schema.ends_with('*') && name.starts_with(schema.trim_end_matches('*'))))
            })
        };
        let required: Vec<Value> =
            properties.keys().filter(|field| !left_out(field)).map(|field| json!(field)).collect();
        schema["required"] = Value::Array(required);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_keep_their_optional_fields_and_answers_require_theirs() {
        let document = serde_json::to_value(crate::api::docs::generate()).unwrap();
        let schemas = &document["components"]["schemas"];
        let required = |name: &str| -> Vec<String> {
            serde_json::from_value(schemas[name]["required"].clone()).unwrap_or_default()
        };
        assert!(!required("FigureInput").contains(&"quote".to_string()), "may be left out when written");
        assert!(required("Figure").contains(&"quote".to_string()), "always sent, null when none");
        assert!(required("Collection_Figure").contains(&"next".to_string()));
        assert!(!required("Collection_Figure").contains(&"facets".to_string()));
        assert!(!required("Edition").contains(&"tracks".to_string()));
        assert_eq!(
            schemas["Collection_Figure"]["properties"]["items"]["items"],
            json!({"$ref": "#/components/schemas/Figure"})
        );
    }
}
