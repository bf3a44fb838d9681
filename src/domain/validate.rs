//! Validation runs in one pass from one declaration: an input's schema (`schema`, from the
//! `#[schema(...)]` attributes on its type) says what each field may hold, and each resource's
//! definition (`queries::resources`) adds the rules a schema cannot state (between fields,
//! within a list) and its references. Every problem is listed at once, by field.

use std::collections::HashSet;

use crate::error::FieldError;

/// Collects field errors under a path prefix (`figures[3].` in a bundle, empty for a body).
pub struct Errors<'a> {
    prefix: String,
    pub list: &'a mut Vec<FieldError>,
}

impl<'a> Errors<'a> {
    pub fn new(prefix: impl Into<String>, list: &'a mut Vec<FieldError>) -> Self {
        Self { prefix: prefix.into(), list }
    }

    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.list.push(FieldError::new(format!("{}{field}", self.prefix), message));
    }

    /// A list that names something twice.
    pub fn distinct<'v>(&mut self, field: &str, values: impl IntoIterator<Item = &'v str>) {
        let mut seen = HashSet::new();
        for value in values {
            if !seen.insert(value) {
                self.add(field, format!("lists `{value}` twice"));
            }
        }
    }

    /// An end before its start.
    pub fn not_before<T: PartialOrd + std::fmt::Display>(
        &mut self,
        field: &str,
        end: Option<T>,
        start: Option<T>,
        what: &str,
    ) {
        if let (Some(start), Some(end)) = (start, end)
            && end < start
        {
            self.add(field, format!("must not be before {what} ({start})"));
        }
    }

    /// A day and a period given together: one of them says when, never both.
    pub fn day_or_period(&mut self, field: &str, day: bool, period: bool, day_field: &str) {
        if day && period {
            self.add(
                field,
                format!("must be null when {day_field} gives the day; it is for a month or year without a day"),
            );
        }
    }
}
