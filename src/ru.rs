//! The words a Russian reader sees for the service's codes: qualifiers, statuses and units, as
//! charts and pages show them beside numbers.

use crate::domain::{FigureStatus, Qualifier};

/// The hedge word before a number; empty for an exact one. A range is written by `value_text`.
pub fn qualifier(qualifier: Qualifier) -> &'static str {
    match qualifier {
        Qualifier::Exact | Qualifier::Range => "",
        Qualifier::About => "около",
        Qualifier::MoreThan => "более",
        Qualifier::AtLeast => "не менее",
        Qualifier::UpTo => "до",
    }
}

pub fn status(status: FigureStatus) -> &'static str {
    match status {
        FigureStatus::Expected => "ожидаемое",
        FigureStatus::Actual => "фактическое",
    }
}

/// A metric's unit as it follows a count («7 000 человек»); an unknown unit as it is stored.
pub fn unit(unit: &str) -> &str {
    match unit {
        "people" => "человек",
        "regions" => "регионов",
        "municipalities" => "муниципальных образований",
        "cities" => "городов",
        "events" => "мероприятий",
        "tracks" => "треков",
        "agreements" => "соглашений",
        "stands" => "стендов",
        "committees" => "комитетов",
        other => other,
    }
}

/// A value with its qualifier, as a source would write it: «более 7 000», «5 000–6 000».
pub fn value_text(value: f64, value_from: Option<f64>, qualifier: Qualifier) -> String {
    let number = crate::charts::format_number_ru;
    match (qualifier, value_from) {
        (Qualifier::Range, Some(from)) => format!("{}–{}", number(from), number(value)),
        (q, _) if q == Qualifier::Exact || q == Qualifier::Range => number(value),
        (q, _) => format!("{} {}", self::qualifier(q), number(value)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_read_as_a_source_writes_them() {
        assert_eq!(value_text(7000.0, None, Qualifier::MoreThan), "более 7\u{a0}000");
        assert_eq!(
            value_text(6000.0, Some(5000.0), Qualifier::Range),
            "5\u{a0}000–6\u{a0}000"
        );
        assert_eq!(value_text(80.0, None, Qualifier::Exact), "80");
        assert_eq!(unit("people"), "человек");
        assert_eq!(unit("parsecs"), "parsecs");
    }
}
