//! The forms the service answers in: JSON, CSV, NDJSON, an SVG chart, citations. Which one a
//! request gets is negotiated in `serving::negotiate`.

/// A response representation: what `format=` names, or `Accept` asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Representation {
    Json,
    Csv,
    Ndjson,
    /// A chart (`/series/{metric}`).
    Svg,
    /// Citations (sources and figures): CSL-JSON, BibTeX, a formatted reference.
    Csl,
    Bibtex,
    Citation,
}

/// What collections offer: a page of JSON, or every row as CSV or NDJSON.
pub const TABULAR: &[Representation] = &[Representation::Json, Representation::Csv, Representation::Ndjson];

/// Each representation with its `format=` name and the media types that name it in `Accept`.
const NAMES: [(Representation, &str, &[&str]); 7] = [
    (Representation::Json, "json", &["application/json"]),
    (Representation::Csv, "csv", &["text/csv"]),
    (Representation::Ndjson, "ndjson", &["application/x-ndjson", "application/ndjson", "application/jsonl"]),
    (Representation::Svg, "svg", &["image/svg+xml"]),
    (Representation::Csl, "csl", &["application/vnd.citationstyles.csl+json"]),
    (Representation::Bibtex, "bibtex", &["application/x-bibtex", "text/x-bibtex"]),
    (Representation::Citation, "citation", &["text/x-bibliography"]),
];

impl Representation {
    pub const ALL: &[Representation] = &[
        Representation::Json,
        Representation::Csv,
        Representation::Ndjson,
        Representation::Svg,
        Representation::Csl,
        Representation::Bibtex,
        Representation::Citation,
    ];

    /// The representation a media type names, if any.
    pub fn named_by(media: &str) -> Option<Representation> {
        NAMES.iter().find(|(_, _, types)| types.iter().any(|t| t.eq_ignore_ascii_case(media))).map(|(r, _, _)| *r)
    }

    pub fn parse(text: &str) -> Option<Representation> {
        NAMES.iter().find(|(_, name, _)| *name == text).map(|(r, _, _)| *r)
    }

    pub fn name(self) -> &'static str {
        NAMES.iter().find(|(r, _, _)| *r == self).map_or("json", |(_, name, _)| name)
    }

    pub fn is_citation(self) -> bool {
        matches!(self, Representation::Csl | Representation::Bibtex | Representation::Citation)
    }
}
