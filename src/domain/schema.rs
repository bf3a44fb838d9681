//! Inputs checked against the schemas their types declare (the OpenAPI document's: types,
//! formats, enumerations, lengths, ranges, patterns), so that one answer lists every field that
//! is wrong (422) where deserialising would stop at the first. The declaration is the type's
//! `#[schema(...)]` attributes and nothing else; what a schema cannot state (rules between
//! fields, references) is checked with each resource's definition, in the same answer. A field
//! the resource does not have is a mistake in the request, not in a form's input: 400.
//! Validators are compiled at start-up, one per schema a request body uses.

use std::collections::HashMap;

use jsonschema::Validator;
use jsonschema::error::{TypeKind, ValidationError, ValidationErrorKind};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::{ApiError, FieldError};

pub struct Schemas {
    validators: HashMap<String, Validator>,
    /// Each schema's properties in the order they are declared: the order a form reads in.
    order: HashMap<String, Vec<String>>,
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

impl Schemas {
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
        let order = document["components"]["schemas"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(name, schema)| {
                let properties =
                    schema["properties"].as_object().map(|p| p.keys().cloned().collect()).unwrap_or_default();
                (name.clone(), properties)
            })
            .collect();
        Schemas { validators, order }
    }

    /// Every problem of `body` against the schema `name` (none if it has no validator): a 400
    /// for what is not a document of it at all, else the fields, each with whether it is only
    /// its value that is wrong (the document is still of the schema's types).
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
        // PostgreSQL's text cannot hold a NUL, so neither backend takes one, in any field.
        nul(body, "", &mut errors);
        // One message per field, the first the schema gives (its type before its values).
        errors.sort_by(|a, b| a.0.field.cmp(&b.0.field));
        errors.dedup_by(|later, first| later.0.field == first.0.field);
        Ok(errors)
    }

    /// `document` as a `T`, with what the schema says of its values. A document that is not of
    /// the schema's types is refused here, with every such problem; one whose values are wrong
    /// goes on, so that the rules its schema cannot state are listed in the same answer.
    pub fn read<T: DeserializeOwned>(&self, name: &str, document: Value) -> Result<Checked<T>, ApiError> {
        let problems = self.problems(name, &document)?;
        let listed = || ApiError::Validation(problems.iter().map(|(e, _)| e.clone()).collect());
        if !problems.iter().all(|(_, of_value)| *of_value) {
            return Err(listed());
        }
        let value = serde_path_to_error::deserialize(document).map_err(|error| {
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
        })?;
        Ok(Checked { value, problems: problems.into_iter().map(|(e, _)| e).collect() })
    }

    /// Puts `errors` in the order `name`'s fields are declared, as a form reads (a bundle's by
    /// kind); the errors of one field keep their order.
    pub fn in_order(&self, name: &str, errors: &mut [FieldError]) {
        let Some(order) = self.order.get(name) else { return };
        let top = |field: &str| {
            let first = field.split(['.', '[']).next().unwrap_or(field);
            order.iter().position(|p| p == first).unwrap_or(order.len())
        };
        errors.sort_by_key(|e| top(&e.field));
    }
}

/// An input as read, and what its schema says is wrong with its values.
pub struct Checked<T> {
    pub value: T,
    pub problems: Vec<FieldError>,
}

impl<T> Checked<T> {
    /// An input built in code, not read from a request.
    pub fn trusted(value: T) -> Self {
        Checked { value, problems: Vec::new() }
    }

    /// The input, for what has no rules beyond its schema: refused if the schema found faults.
    pub fn valid(self) -> Result<T, ApiError> {
        if self.problems.is_empty() { Ok(self.value) } else { Err(ApiError::Validation(self.problems)) }
    }
}

fn nul(value: &Value, at: &str, errors: &mut Vec<(FieldError, bool)>) {
    match value {
        Value::String(text) if text.contains('\0') => {
            errors.push((FieldError::new(at, "must not contain the NUL character (U+0000)"), true));
        }
        Value::Array(items) => items.iter().enumerate().for_each(|(i, v)| nul(v, &format!("{at}[{i}]"), errors)),
        Value::Object(members) => members.iter().for_each(|(k, v)| nul(v, &joined(at, k), errors)),
        _ => {}
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
    let of_value = matches!(
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
        ValidationErrorKind::Minimum { limit } => format!("must be at least {limit}, not {}", parts.instance),
        ValidationErrorKind::Maximum { limit } => format!("must be at most {limit}, not {}", parts.instance),
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
    errors.push((FieldError::new(at, message), of_value));
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
        "^[a-z0-9][a-z0-9_.-]*$" => {
            "must be a slug: a-z, 0-9, '-', '_' and '.', starting with a letter or digit".into()
        }
        "^[a-z0-9][a-z0-9_]*$" => "must be a slug: a-z, 0-9 and '_', starting with a letter or digit".into(),
        "^[A-Za-z0-9][A-Za-z0-9_.-]*$" => "must be a name: letters, digits, '-', '_' and '.'".into(),
        "\\S" => "must not be blank (only spaces)".into(),
        "^https?://[^\\s]+$" => "must be an http:// or https:// URL".into(),
        "^[a-z-]{2,8}$" => "must be a language code such as `ru` or `en`".into(),
        "^[0-9]{4}(-(0[1-9]|1[0-2]))?$" => "must be a year (YYYY) or a month (YYYY-MM)".into(),
        other => format!("must match the pattern {other}"),
    }
}
