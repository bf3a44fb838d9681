//! Dates known only to the month or the year, and the day from which a figure counts in a view
//! `as_of` a date.

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A month (`2025-10`) or a year (`2024`): when a source gives no day, the period it gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Period {
    Year(i32),
    Month(i32, u32),
}

impl Period {
    pub fn year(self) -> i32 {
        match self {
            Period::Year(y) | Period::Month(y, _) => y,
        }
    }

    pub fn month(self) -> Option<u32> {
        match self {
            Period::Year(_) => None,
            Period::Month(_, m) => Some(m),
        }
    }

    /// The period's last day: a figure reported "in October 2025" is known by 31 October.
    pub fn last_day(self) -> NaiveDate {
        let (year, month) = match self {
            Period::Year(y) => (y, 12),
            Period::Month(y, m) => (y, m),
        };
        let first_of_next = if month == 12 {
            NaiveDate::from_ymd_opt(year + 1, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(year, month + 1, 1)
        };
        first_of_next.and_then(|d| d.pred_opt()).expect("a parsed period lies within chrono's range")
    }
}

impl std::str::FromStr for Period {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let wrong = || format!("`{text}` is not a year (YYYY) or a month (YYYY-MM)");
        let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        let (year, month) = match text.split_once('-') {
            None => (text, None),
            Some((year, month)) => (year, Some(month)),
        };
        if !digits(year, 4) {
            return Err(wrong());
        }
        let year: i32 = year.parse().map_err(|_| wrong())?;
        match month {
            None => Ok(Period::Year(year)),
            Some(month) if digits(month, 2) => match month.parse::<u32>() {
                Ok(m @ 1..=12) => Ok(Period::Month(year, m)),
                _ => Err(wrong()),
            },
            Some(_) => Err(wrong()),
        }
    }
}

impl std::fmt::Display for Period {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Period::Year(y) => write!(f, "{y:04}"),
            Period::Month(y, m) => write!(f, "{y:04}-{m:02}"),
        }
    }
}

impl Serialize for Period {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Period {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl utoipa::PartialSchema for Period {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .pattern(Some("^[0-9]{4}(-(0[1-9]|1[0-2]))?$"))
            .description(Some("A year (YYYY) or a month (YYYY-MM)"))
            .examples([serde_json::json!("2025-10")])
            .into()
    }
}

impl utoipa::ToSchema for Period {}

/// The day from which a figure counts when figures are viewed as of a date: the day it was
/// reported, else the last day of the month or year it was reported in; none when undated.
pub fn counted_from(reported_on: Option<NaiveDate>, reported_in: Option<Period>) -> Option<NaiveDate> {
    reported_on.or(reported_in.map(Period::last_day))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn parses_years_and_months_only() {
        assert_eq!("2025-10".parse::<Period>(), Ok(Period::Month(2025, 10)));
        assert_eq!("2024".parse::<Period>(), Ok(Period::Year(2024)));
        for bad in ["2025-13", "2025-00", "2025-1", "25", "2025-10-01", "", "２０２５", "2025-"] {
            assert!(bad.parse::<Period>().is_err(), "{bad}");
        }
        assert_eq!(Period::Month(2025, 3).to_string(), "2025-03");
    }

    #[test]
    fn a_period_counts_from_its_last_day() {
        assert_eq!(Period::Month(2025, 10).last_day(), day(2025, 10, 31));
        assert_eq!(Period::Month(2024, 2).last_day(), day(2024, 2, 29));
        assert_eq!(Period::Month(2024, 12).last_day(), day(2024, 12, 31));
        assert_eq!(Period::Year(2024).last_day(), day(2024, 12, 31));
        assert_eq!(counted_from(Some(day(2025, 1, 2)), None), Some(day(2025, 1, 2)));
        assert_eq!(counted_from(None, Some(Period::Year(2020))), Some(day(2020, 12, 31)));
        assert_eq!(counted_from(None, None), None);
    }
}
