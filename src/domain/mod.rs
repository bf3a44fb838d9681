//! What the service talks about: the enumerations, the resources as the API shows and takes
//! them, the headline rule and the text normalisation search relies on.

pub mod citation;
pub mod headline;
pub mod models;
pub mod period;
pub mod representation;
pub mod schema;
pub mod validate;
pub mod views;

/// An enumeration stored as text: its wire name, its SQL text and its schema are one list.
macro_rules! text_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        // The wire names are the snake_case variant names (a test checks they equal the SQL
        // text); utoipa reads `rename_all`, not a per-variant rename passed through a macro.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// The allowed values, for error messages.
            pub fn expected() -> String {
                [$($text),+].join(", ")
            }
        }

        impl std::str::FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($text => Ok($name::$variant),)+
                    other => Err(format!("`{other}` is not one of: {}", $name::expected())),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
pub(crate) use text_enum;

text_enum! {
    /// How an edition was held.
    EditionFormat { InPerson => "in_person", Online => "online", Hybrid => "hybrid" }
}

text_enum! {
    /// The hedge word a source put in front of a number: `about` (около, примерно), `more_than`
    /// (более, свыше), `at_least` (минимум, не менее), `up_to` (до), none (`exact`), or `range`
    /// when it states two bounds («5-6 тысяч»: `value_from` 5000, `value` 6000).
    Qualifier { Exact => "exact", About => "about", MoreThan => "more_than", AtLeast => "at_least", UpTo => "up_to", Range => "range" }
}

text_enum! {
    /// `expected`: announced before the event; `actual`: reported during or after it.
    FigureStatus { Expected => "expected", Actual => "actual" }
}

text_enum! {
    /// The kind of a programme session.
    SessionFormat {
        Plenary => "plenary", Panel => "panel", OpenMicrophone => "open_microphone", Dialogue => "dialogue",
        Workshop => "workshop", RoundTable => "round_table", Lecture => "lecture", Exhibition => "exhibition",
        Other => "other",
    }
}

text_enum! {
    /// What a person did in a session.
    ParticipantRole { Moderator => "moderator", Speaker => "speaker", Participant => "participant" }
}

text_enum! {
    /// The kind of document an agreement is.
    AgreementKind { Cooperation => "cooperation", Friendship => "friendship", IntentProtocol => "intent_protocol", Other => "other" }
}

text_enum! {
    /// Whether an agreement was only announced or was signed.
    AgreementStatus { Planned => "planned", Signed => "signed" }
}

text_enum! {
    /// What an organisation is.
    OrganizationKind {
        Company => "company", Ministry => "ministry", Government => "government", Municipality => "municipality",
        Association => "association", Media => "media", Education => "education", Other => "other",
    }
}

text_enum! {
    /// What a token may do: `read` (reads, where reads need a token), `write` (create, update,
    /// delete, import), `admin` (also manage tokens).
    TokenScope { Read => "read", Write => "write", Admin => "admin" }
}

impl TokenScope {
    /// Whether a token of this scope may do what `needed` asks.
    pub fn allows(self, needed: TokenScope) -> bool {
        self >= needed
    }
}

text_enum! {
    /// What a write did to a resource.
    ChangeAction { Create => "create", Update => "update", Delete => "delete" }
}

/// Folds text for case-insensitive search in Russian and English alike: full Unicode lower
/// case (SQLite's `lower()` folds ASCII only), `ё` read as `е`, runs of white space as one.
pub fn fold(text: &str) -> String {
    let lower = text.to_lowercase().replace('ё', "е");
    lower.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The folded search text of several fields.
pub fn search_text<'a>(parts: impl IntoIterator<Item = Option<&'a str>>) -> String {
    fold(&parts.into_iter().flatten().collect::<Vec<_>>().join(" "))
}

/// A `LIKE` pattern that finds `query` anywhere in a folded column; `\` escapes.
pub fn contains_pattern(query: &str) -> String {
    let mut pattern = String::from("%");
    for ch in fold(query).chars() {
        if matches!(ch, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(ch);
    }
    pattern.push('%');
    pattern
}

/// Whole numbers as JSON Schema reads them: `2025` and `2025.0` are both the integer 2025.
pub mod whole {
    use serde::{Deserialize, Deserializer, de::Error};

    fn from_number<E: Error>(number: serde_json::Number) -> Result<i32, E> {
        let whole = match (number.as_i64(), number.as_f64()) {
            (Some(n), _) => Some(n),
            (None, Some(f)) if f.fract() == 0.0 && f.abs() < 1e15 => Some(f as i64),
            _ => None,
        };
        whole
            .and_then(|n| i32::try_from(n).ok())
            .ok_or_else(|| E::custom(format!("expected a whole number that fits 32 bits, got {number}")))
    }

    pub fn i32<'de, D: Deserializer<'de>>(deserializer: D) -> Result<i32, D::Error> {
        from_number(serde_json::Number::deserialize(deserializer)?)
    }

    pub fn opt_i32<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<i32>, D::Error> {
        Option::<serde_json::Number>::deserialize(deserializer)?.map(from_number).transpose()
    }
}

/// Serialises a figure's value as an integer when it is one (`6000`, not `6000.0`).
pub mod number {
    use serde::Serializer;

    const MAX_EXACT: f64 = 9_007_199_254_740_992.0; // 2^53

    pub fn is_integral(value: f64) -> bool {
        value.fract() == 0.0 && value.abs() < MAX_EXACT
    }

    pub fn serialize<S: Serializer>(value: &f64, serializer: S) -> Result<S::Ok, S::Error> {
        if is_integral(*value) { serializer.serialize_i64(*value as i64) } else { serializer.serialize_f64(*value) }
    }

    pub fn serialize_option<S: Serializer>(value: &Option<f64>, serializer: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(v) => serialize(v, serializer),
            None => serializer.serialize_none(),
        }
    }

    /// The same rule for CSV cells.
    pub fn to_text(value: f64) -> String {
        if is_integral(value) { format!("{}", value as i64) } else { format!("{value}") }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_cyrillic_case_and_yo() {
        assert_eq!(fold("Андрей  ШАРОНОВ"), "андрей шаронов");
        assert_eq!(fold("Ёлкин"), "елкин");
        assert_eq!(fold("ЁЛКИН"), "елкин");
        assert_eq!(search_text([Some("Title"), None, Some("Ещё")]), "title еще");
    }

    #[test]
    fn escapes_like_wildcards() {
        assert_eq!(contains_pattern("50%_a\\"), "%50\\%\\_a\\\\%");
        assert_eq!(contains_pattern("ШАРОНОВ"), "%шаронов%");
    }

    #[test]
    fn enums_round_trip_their_text() {
        for q in Qualifier::ALL {
            assert_eq!(q.as_str().parse::<Qualifier>().unwrap(), *q);
        }
        assert!("roughly".parse::<Qualifier>().unwrap_err().contains("more_than"));
    }

    fn wire_names_are_the_stored_text<T>(all: &[T])
    where
        T: serde::Serialize + std::fmt::Display,
    {
        for value in all {
            assert_eq!(serde_json::to_value(value).unwrap(), serde_json::Value::String(value.to_string()));
        }
    }

    #[test]
    fn every_enumeration_serialises_as_its_stored_text() {
        wire_names_are_the_stored_text(EditionFormat::ALL);
        wire_names_are_the_stored_text(Qualifier::ALL);
        wire_names_are_the_stored_text(FigureStatus::ALL);
        wire_names_are_the_stored_text(SessionFormat::ALL);
        wire_names_are_the_stored_text(ParticipantRole::ALL);
        wire_names_are_the_stored_text(AgreementKind::ALL);
        wire_names_are_the_stored_text(AgreementStatus::ALL);
        wire_names_are_the_stored_text(OrganizationKind::ALL);
        wire_names_are_the_stored_text(TokenScope::ALL);
        wire_names_are_the_stored_text(ChangeAction::ALL);
        wire_names_are_the_stored_text(headline::Resolve::ALL);
        wire_names_are_the_stored_text(headline::DecidedBy::ALL);
    }

    #[test]
    fn scopes_are_ordered() {
        assert!(TokenScope::Admin.allows(TokenScope::Write));
        assert!(TokenScope::Write.allows(TokenScope::Read));
        assert!(!TokenScope::Read.allows(TokenScope::Write));
        assert!(!TokenScope::Write.allows(TokenScope::Admin));
    }

    #[test]
    fn whole_numbers_may_carry_a_zero_fraction() {
        #[derive(serde::Deserialize)]
        struct Year(#[serde(deserialize_with = "whole::i32")] i32);
        assert_eq!(serde_json::from_str::<Year>("2025").unwrap().0, 2025);
        assert_eq!(serde_json::from_str::<Year>("2025.0").unwrap().0, 2025);
        assert!(serde_json::from_str::<Year>("2025.5").is_err());
        assert!(serde_json::from_str::<Year>("\"2025\"").is_err());
        assert!(serde_json::from_str::<Year>("4294967296").is_err());
    }

    #[test]
    fn integral_values_print_without_a_fraction() {
        assert_eq!(number::to_text(6000.0), "6000");
        assert_eq!(number::to_text(4.3), "4.3");
        let json = serde_json::to_string(&Wrapper(6000.0)).unwrap();
        assert_eq!(json, "6000");
    }

    #[derive(serde::Serialize)]
    struct Wrapper(#[serde(serialize_with = "number::serialize")] f64);
}
