//! Substring search (`q=`) over the folded `search` columns, through a trigram index on both
//! backends: FTS5 tables with the trigram tokenizer in SQLite, pg_trgm GIN indexes in
//! PostgreSQL. Both answer `LIKE '%…%'` from the index; only the clause that reaches the index
//! differs, so it is the one thing written per backend.

use diesel::sql_types::{Bool, Text};

use crate::db::Backend;
use crate::domain::{contains_pattern, fold};
use crate::queries::paging::Condition;

/// A table with a folded `search` column and a trigram index over it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Searchable {
    Sessions,
    People,
    Organizations,
    Sources,
    Agreements,
    Editions,
    Metrics,
}

impl Searchable {
    fn table(self) -> &'static str {
        match self {
            Searchable::Sessions => "sessions",
            Searchable::People => "people",
            Searchable::Organizations => "organizations",
            Searchable::Sources => "sources",
            Searchable::Agreements => "agreements",
            Searchable::Editions => "editions",
            Searchable::Metrics => "metrics",
        }
    }
}

/// A search: the pattern, and whether it needs an ESCAPE clause (which SQLite's trigram index
/// cannot use, so it is added only for queries that contain `%`, `_` or `\`).
#[derive(Debug, Clone)]
pub struct Search {
    pattern: String,
    escaped: bool,
}

impl Search {
    pub fn new(q: &str) -> Search {
        let escaped = fold(q).contains(['%', '_', '\\']);
        Search { pattern: contains_pattern(q), escaped }
    }

    fn like(&self) -> &'static str {
        if self.escaped { " ESCAPE '\\'" } else { "" }
    }

    /// SQL, unqualified, that holds for rows of `table` matching the search, around its one
    /// bound pattern: `(before, after)`.
    fn clause(&self, backend: Backend, table: Searchable) -> (String, String) {
        let name = table.table();
        match backend {
            Backend::Sqlite => (
                format!("\"{name}\".\"id\" IN (SELECT rowid FROM {name}_fts WHERE search LIKE "),
                format!("{})", self.like()),
            ),
            Backend::Postgres => (format!("\"{name}\".\"search\" LIKE "), self.like().to_string()),
        }
    }

    /// Rows of `table` (the query's own table) that match.
    pub fn matches<QS: 'static>(&self, backend: Backend, table: Searchable) -> Condition<QS> {
        let (before, after) = self.clause(backend, table);
        self.fragment(before, after)
    }

    /// Rows of `table` that match, or that are linked to a matching row of another table:
    /// `links` are `(through, through_id, through_key, other)`, e.g. sessions whose
    /// participants' names match are `("session_participants", "session_id", "person", People)`.
    /// One `id IN (… UNION …)`, so that each part is answered from its own index (an OR of
    /// subqueries would make PostgreSQL filter every row of `table`).
    pub fn matches_or_linked<QS: 'static>(
        &self,
        backend: Backend,
        table: Searchable,
        links: &[(&str, &str, &str, Searchable)],
    ) -> Condition<QS> {
        let name = table.table();
        let (before, after) = self.clause(backend, table);
        let mut parts =
            vec![(format!("\"{name}\".\"id\" IN (SELECT \"{name}\".\"id\" FROM {name} WHERE {before}"), after)];
        for (through, through_id, through_key, other) in links {
            let (before, after) = self.clause(backend, *other);
            let other = other.table();
            parts.push((
                format!(
                    " UNION SELECT {through_id} FROM {through} WHERE {through_key} IN \
                     (SELECT \"{other}\".\"key\" FROM {other} WHERE {before}"
                ),
                format!("{after})"),
            ));
        }
        let pattern = || self.pattern.clone();
        match parts.as_slice() {
            [(a, b)] => Box::new(diesel::dsl::sql::<Bool>(a).bind::<Text, _>(pattern()).sql(&format!("{b})"))),
            [(a, b), (c, d)] => Box::new(
                diesel::dsl::sql::<Bool>(a)
                    .bind::<Text, _>(pattern())
                    .sql(&format!("{b}{c}"))
                    .bind::<Text, _>(pattern())
                    .sql(&format!("{d})")),
            ),
            [(a, b), (c, d), (e, f)] => Box::new(
                diesel::dsl::sql::<Bool>(a)
                    .bind::<Text, _>(pattern())
                    .sql(&format!("{b}{c}"))
                    .bind::<Text, _>(pattern())
                    .sql(&format!("{d}{e}"))
                    .bind::<Text, _>(pattern())
                    .sql(&format!("{f})")),
            ),
            _ => unreachable!("a search links at most two other tables"),
        }
    }
    fn fragment<QS: 'static>(&self, before: String, after: String) -> Condition<QS> {
        Box::new(diesel::dsl::sql::<Bool>(&before).bind::<Text, _>(self.pattern.clone()).sql(&after))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_only_when_the_query_holds_a_wildcard() {
        assert!(!Search::new("Шаронов").escaped);
        assert_eq!(Search::new("Шаронов").pattern, "%шаронов%");
        assert!(Search::new("50%").escaped);
        let (before, after) = Search::new("x").clause(Backend::Sqlite, Searchable::People);
        assert_eq!(before, "\"people\".\"id\" IN (SELECT rowid FROM people_fts WHERE search LIKE ");
        assert_eq!(after, ")");
        let (before, after) = Search::new("a_b").clause(Backend::Postgres, Searchable::Sessions);
        assert_eq!((before.as_str(), after.as_str()), ("\"sessions\".\"search\" LIKE ", " ESCAPE '\\'"));
    }
}
