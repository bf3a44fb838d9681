CREATE TABLE figures_rebuilt (
    id INTEGER PRIMARY KEY,
    key TEXT UNIQUE CHECK (key <> ''),
    edition INTEGER NOT NULL REFERENCES editions (year),
    metric TEXT NOT NULL REFERENCES metrics (code),
    source TEXT NOT NULL REFERENCES sources (key),
    value DOUBLE PRECISION NOT NULL CHECK (value >= 0),
    qualifier TEXT NOT NULL CHECK (qualifier IN ('exact', 'about', 'more_than', 'at_least', 'up_to')),
    status TEXT NOT NULL CHECK (status IN ('expected', 'actual')),
    reported_on DATE,
    quote TEXT,
    attributed_to TEXT,
    notes TEXT,
    UNIQUE (edition, metric, source, status, value)
);
-- A range becomes what it was before ranges were kept: its upper bound, `up_to`.
INSERT INTO figures_rebuilt (id, key, edition, metric, source, value, qualifier, status, reported_on, quote,
                             attributed_to, notes)
    SELECT id, key, edition, metric, source, value, CASE qualifier WHEN 'range' THEN 'up_to' ELSE qualifier END,
           status, reported_on, quote, attributed_to, notes
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
ALTER TABLE sources DROP COLUMN published_in;
