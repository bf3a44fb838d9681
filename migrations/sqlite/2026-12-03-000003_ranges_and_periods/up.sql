-- A figure may state a range («5-6 тысяч»): `value_from` is its lower bound, `value` its upper,
-- and the qualifier is `range`. A source or figure whose date is known only to the month or
-- the year keeps that period (`published_in`, `reported_in`: 'YYYY-MM' or 'YYYY').
-- `counted_from` is the day from which a figure counts in views `as_of` a date: its
-- `reported_on`, else the last day of `reported_in`; null when undated. It is derived, and kept
-- as a column so that `as_of` filters through an index.
ALTER TABLE sources ADD COLUMN published_in TEXT CHECK (
    published_in IS NULL
    OR ((published_in GLOB '[0-9][0-9][0-9][0-9]' OR published_in GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]')
        AND published_on IS NULL)
);

-- SQLite cannot change a CHECK constraint in place: the table is rebuilt (nothing refers to it).
CREATE TABLE figures_rebuilt (
    id INTEGER PRIMARY KEY,
    key TEXT UNIQUE CHECK (key <> ''),
    edition INTEGER NOT NULL REFERENCES editions (year),
    metric TEXT NOT NULL REFERENCES metrics (code),
    source TEXT NOT NULL REFERENCES sources (key),
    value DOUBLE PRECISION NOT NULL CHECK (value >= 0),
    qualifier TEXT NOT NULL CHECK (qualifier IN ('exact', 'about', 'more_than', 'at_least', 'up_to', 'range')),
    status TEXT NOT NULL CHECK (status IN ('expected', 'actual')),
    reported_on DATE,
    quote TEXT,
    attributed_to TEXT,
    notes TEXT,
    value_from DOUBLE PRECISION CHECK (value_from >= 0),
    reported_in TEXT CHECK (reported_in GLOB '[0-9][0-9][0-9][0-9]' OR reported_in GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]'),
    counted_from DATE,
    UNIQUE (edition, metric, source, status, value),
    CHECK ((qualifier = 'range') = (value_from IS NOT NULL) AND (value_from IS NULL OR value_from < value)),
    CHECK (reported_on IS NULL OR reported_in IS NULL)
);
INSERT INTO figures_rebuilt (id, key, edition, metric, source, value, qualifier, status, reported_on, quote,
                             attributed_to, notes, counted_from)
    SELECT id, key, edition, metric, source, value, qualifier, status, reported_on, quote, attributed_to, notes,
           reported_on
    FROM figures;
DROP TABLE figures;
ALTER TABLE figures_rebuilt RENAME TO figures;
CREATE INDEX figures_metric_idx ON figures (metric, edition, id);
CREATE INDEX figures_source_idx ON figures (source, id);
CREATE INDEX figures_status_idx ON figures (status, id);
CREATE INDEX figures_value_idx ON figures (value, id);
CREATE INDEX figures_edition_idx ON figures (edition, id);
CREATE INDEX figures_edition_metric_idx ON figures (edition, metric, id);
CREATE INDEX figures_metric_id_idx ON figures (metric, id);
CREATE INDEX figures_qualifier_idx ON figures (qualifier, id);
CREATE INDEX figures_reported_on_idx ON figures ((reported_on IS NULL), reported_on, id);
CREATE INDEX figures_reported_on_desc_idx ON figures ((reported_on IS NULL) DESC, reported_on, id);
CREATE INDEX figures_counted_from_idx ON figures (counted_from, id);
