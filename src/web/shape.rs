//! Request bodies checked against their schemas in the OpenAPI document as they are read into
//! types, so that one answer lists every field that is missing, of the wrong type or form (a
//! date, an enumeration) (422), where deserialising would stop at the first. A body whose only
//! faults are values the domain's checks judge too (`domain::validate`, and references in
//! `queries::write`: ranges, lengths, keys) goes on to them, which say it in their own words
//! and list broken references with it. A field the resource
//! does not have is a mistake in the request, not in a form's input: 400. Validators are
//! compiled at start-up, one per schema a request body uses.

use std::collections::HashMap;

use jsonschema::Validator;
use jsonschema::error::{TypeKind, ValidationError, ValidationErrorKind};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::{ApiError, FieldError};

pub struct Shapes {
    validators: HashMap<String, Validator>,
}

/// The schema names the document's request bodies refer to (`#/components/schemas/X`).
pub(crate) fn body_schemas(document: &Value) -> Vec<String> {
    let mut names = Vec::new();
    for item in document["paths"].as_object().into_iter().flat_map(|p| p.values()) {
        for operation in item.as_object().into_iter().flat_map(|o| o.values()) {
            for media in operation["requestBody"]["content"].as_object().into_iter().flat_map(|c| c.values()) {
                if let Some(name) = media["schema"]["$ref"].as_str().and_then(|r| r.rsplit('/').next())
                    && !names.iter().any(|n| n == name)
                {
                    names.push(name.to_string());
                }
            }
        }
    }
    names
}

impl Shapes {
    /// Compiles a validator for every schema a request body uses.
    pub fn new(document: &Value) -> Self {
        let validators = body_schemas(document)
            .into_iter()
            .map(|name| {
                // The component's references (`#/components/schemas/…`) resolve within this
                // document, which is the schema with the components beside its `$ref`.
                let schema = serde_json::json!({
                    "$schema": "https://json-schema.org/draft/2020-12/schema",
                    "$ref": format!("#/components/schemas/{name}"),
                    "components": { "schemas": document["components"]["schemas"] },
                });
                let validator = jsonschema::options()
                    .should_validate_formats(true)
                    .build(&schema)
                    .unwrap_or_else(|e| panic!("the document's schema {name} compiles: {e}"));
                (name, validator)
            })
            .collect();
        Shapes { validators }
    }

    /// Every problem of `body` against the schema `name` (none if it has no validator): a 400
    /// for what is not a document of it at all, else the fields, each with whether the
    /// domain's checks judge it too.
    fn problems(&self, name: &str, body: &Value) -> Result<Vec<(FieldError, bool)>, ApiError> {
        let Some(validator) = self.validators.get(name) else {
            return Ok(Vec::new());
        };
        let mut unknown = Vec::new();
        let mut errors = Vec::new();
        for error in validator.iter_errors(body) {
            collect(error, &mut unknown, &mut errors);
        }
        if !unknown.is_empty() {
            return Err(ApiError::InvalidBody { detail: unknown.join("; ") });
        }
        // One message per field, the first the schema gives (its type before its values).
        errors.sort_by(|a, b| a.0.field.cmp(&b.0.field));
        errors.dedup_by(|later, first| later.0.field == first.0.field);
        Ok(errors)
    }

    /// `document` as a `T`, the schema named `name` saying what is wrong when it is not one.
    pub fn read<T: DeserializeOwned>(&self, name: &str, document: Value) -> Result<T, ApiError> {
        let problems = self.problems(name, &document)?;
        let judged_later = problems.iter().all(|(_, domain_judges)| *domain_judges);
        let listed = || ApiError::Validation(problems.iter().map(|(e, _)| e.clone()).collect());
        if !judged_later {
            return Err(listed());
        }
        serde_path_to_error::deserialize(document).map_err(|error| {
            if !problems.is_empty() {
                return listed();
            }
            let path = error.path().to_string();
            let message = error.into_inner().to_string();
            match path.as_str() {
                "." => {
                    ApiError::InvalidBody { detail: format!("the body does not have the expected shape: {message}") }
                }
                _ => ApiError::Validation(vec![FieldError::new(path, message)]),
            }
        })
    }
}

/// A JSON pointer as the body's fields are named: `/participants/0/role` → `participants[0].role`.
pub fn field_name(pointer: &str) -> String {
    let mut out = String::new();
    for segment in pointer.split('/').skip(1) {
        let segment = segment.replace("~1", "/").replace("~0", "~");
        if !segment.is_empty() && segment.bytes().all(|b| b.is_ascii_digit()) {
            out.push_str(&format!("[{segment}]"));
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(&segment);
        }
    }
    out
}

fn joined(at: &str, name: &str) -> String {
    if at.is_empty() { name.to_string() } else { format!("{at}.{name}") }
}

/// Collects what `error` says into `unknown` (not a document of the schema: a 400) and
/// `errors`, each with whether the domain's checks judge that value too.
fn collect(error: ValidationError<'_>, unknown: &mut Vec<String>, errors: &mut Vec<(FieldError, bool)>) {
    let parts = error.into_parts();
    let domain_judges = matches!(
        parts.kind,
        ValidationErrorKind::Minimum { .. }
            | ValidationErrorKind::Maximum { .. }
            | ValidationErrorKind::ExclusiveMinimum { .. }
            | ValidationErrorKind::ExclusiveMaximum { .. }
            | ValidationErrorKind::MinLength { .. }
            | ValidationErrorKind::MaxLength { .. }
            | ValidationErrorKind::MinItems { .. }
            | ValidationErrorKind::Pattern { .. }
    );
    let at = field_name(parts.instance_path.as_str());
    let field = |name: &str| joined(&at, name);
    let message = match parts.kind {
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            unknown.extend(unexpected.iter().map(|name| format!("`{}` is not a field here", field(name))));
            return;
        }
        ValidationErrorKind::Required { property } => {
            let name = property.as_str().unwrap_or_default().to_string();
            errors.push((FieldError::new(field(&name), "is required"), false));
            return;
        }
        // A nullable reference (`oneOf: [X, null]`): what X says is what is wrong.
        ValidationErrorKind::OneOfNotValid { context } | ValidationErrorKind::AnyOf { context } => {
            let mut branch = context.into_iter().find(|b| !is_only_null(b)).unwrap_or_default();
            if branch.is_empty() {
                errors.push((FieldError::new(at, "is not any of the allowed forms"), false));
            }
            for error in branch.drain(..) {
                collect(error, unknown, errors);
            }
            return;
        }
        // Not a document of the resource at all: a bad request, not a form's mistake.
        ValidationErrorKind::Type { kind } if at.is_empty() => {
            unknown.push(format!("the body must be {}", types(&kind)));
            return;
        }
        ValidationErrorKind::Type { .. } if parts.instance.is_null() => "is required: it cannot be null".to_string(),
        ValidationErrorKind::Type { kind } => format!("must be {}", types(&kind)),
        ValidationErrorKind::Enum { options } => {
            let options: Vec<String> = options
                .as_array()
                .into_iter()
                .flatten()
                .map(|o| o.as_str().map_or_else(|| o.to_string(), str::to_string))
                .collect();
            format!("must be one of: {}", options.join(", "))
        }
        ValidationErrorKind::Minimum { limit } => format!("must be at least {limit}"),
        ValidationErrorKind::Maximum { limit } => format!("must be at most {limit}"),
        ValidationErrorKind::ExclusiveMinimum { limit } => format!("must be more than {limit}"),
        ValidationErrorKind::ExclusiveMaximum { limit } => format!("must be less than {limit}"),
        ValidationErrorKind::MinLength { limit: 1 } => "must not be empty".to_string(),
        ValidationErrorKind::MinLength { limit } => format!("must be at least {limit} characters"),
        ValidationErrorKind::MaxLength { limit } => format!("must be at most {limit} characters"),
        ValidationErrorKind::MinItems { limit } => format!("must list at least {limit}"),
        ValidationErrorKind::MaxItems { limit } => format!("must list at most {limit}"),
        ValidationErrorKind::Pattern { pattern } => pattern_in_words(&pattern),
        ValidationErrorKind::Format { format } => match format.as_str() {
            "date" => "must be a date, YYYY-MM-DD".to_string(),
            "date-time" => "must be an instant, RFC 3339 with an offset (2025-11-27T10:00:00+05:00)".to_string(),
            other => format!("must be a valid {other}"),
        },
        other => format!("is not valid here ({other:?})"),
    };
    errors.push((FieldError::new(at, message), domain_judges));
}

/// Whether a `oneOf` branch failed only for not being null (the other branch is the real one).
fn is_only_null(branch: &[ValidationError<'static>]) -> bool {
    branch.iter().all(|e| {
        matches!(e.kind(), ValidationErrorKind::Type { kind: TypeKind::Single(t) } if *t == jsonschema::JsonType::Null)
    })
}

fn types(kind: &TypeKind) -> String {
    let word = |t: jsonschema::JsonType| match t {
        jsonschema::JsonType::Null => "null",
        jsonschema::JsonType::Boolean => "true or false",
        jsonschema::JsonType::Integer => "a whole number",
        jsonschema::JsonType::Number => "a number",
        jsonschema::JsonType::String => "text (a JSON string)",
        jsonschema::JsonType::Array => "a list",
        jsonschema::JsonType::Object => "an object",
    };
    match kind {
        TypeKind::Single(t) => word(*t).to_string(),
        // "a whole number or null": what the field is before that it may be left empty.
        TypeKind::Multiple(set) => {
            let mut types: Vec<jsonschema::JsonType> = set.iter().collect();
            types.sort_by_key(|t| *t == jsonschema::JsonType::Null);
            types.into_iter().map(word).collect::<Vec<_>>().join(" or ")
        }
    }
}

/// The document's patterns, in words.
fn pattern_in_words(pattern: &str) -> String {
    match pattern {
        "^[a-z0-9][a-z0-9_.-]*$" => "must be a key: a-z, 0-9, '-', '_' and '.', starting with a letter or digit".into(),
        "^[a-z0-9][a-z0-9_]*$" => "must be a code: a-z, 0-9 and '_', starting with a letter or digit".into(),
        "^[A-Za-z0-9][A-Za-z0-9_.-]*$" => "must be a name: letters, digits, '-', '_' and '.'".into(),
        "\\S" => "must not be blank".into(),
        "^https?://[^\\s]+$" => "must be an http:// or https:// URL".into(),
        "^[a-z-]{2,8}$" => "must be a language code such as `ru` or `en`".into(),
        "^[0-9]{4}(-(0[1-9]|1[0-2]))?$" => "must be a year (YYYY) or a month (YYYY-MM)".into(),
        other => format!("must match the pattern {other}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn pointers_read_as_fields() {
        assert_eq!(field_name(""), "");
        assert_eq!(field_name("/title"), "title");
        assert_eq!(field_name("/participants/0/role"), "participants[0].role");
        assert_eq!(field_name("/figures/3"), "figures[3]");
        assert_eq!(field_name("/a~1b"), "a/b");
    }

    fn shapes() -> Shapes {
        Shapes::new(&serde_json::to_value(crate::api::docs::generate()).unwrap())
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
        assert_eq!(errors[4].message, "must be at least 0");
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
            shapes().read::<crate::domain::models::FigureInput>("FigureInput", body)
        else {
            panic!("a 422");
        };
        assert_eq!(errors, [FieldError::new("reported_in", "must be a year (YYYY) or a month (YYYY-MM)")]);
    }
}
