-- A figure may state a range («5-6 тысяч»): `value_from` is its lower bound, `value` its upper,
-- and the qualifier is `range`. A source or figure whose date is known only to the month or
-- the year keeps that period (`published_in`, `reported_in`: 'YYYY-MM' or 'YYYY').
-- `counted_from` is the day from which a figure counts in views `as_of` a date: its
-- `reported_on`, else the last day of `reported_in`; null when undated. It is derived, and kept
-- as a column so that `as_of` filters through an index.
ALTER TABLE sources ADD COLUMN published_in TEXT COLLATE "C"
    CHECK (published_in ~ '^[0-9]{4}(-(0[1-9]|1[0-2]))?$');
ALTER TABLE sources ADD CONSTRAINT sources_one_date_check CHECK (published_on IS NULL OR published_in IS NULL);

ALTER TABLE figures DROP CONSTRAINT figures_qualifier_check;
ALTER TABLE figures ADD CONSTRAINT figures_qualifier_check
    CHECK (qualifier IN ('exact', 'about', 'more_than', 'at_least', 'up_to', 'range'));
ALTER TABLE figures ADD COLUMN value_from DOUBLE PRECISION CHECK (value_from >= 0);
ALTER TABLE figures ADD COLUMN reported_in TEXT COLLATE "C"
    CHECK (reported_in ~ '^[0-9]{4}(-(0[1-9]|1[0-2]))?$');
ALTER TABLE figures ADD COLUMN counted_from DATE;
UPDATE figures SET counted_from = reported_on;
ALTER TABLE figures ADD CONSTRAINT figures_range_check
    CHECK ((qualifier = 'range') = (value_from IS NOT NULL) AND (value_from IS NULL OR value_from < value));
ALTER TABLE figures ADD CONSTRAINT figures_one_date_check CHECK (reported_on IS NULL OR reported_in IS NULL);
CREATE INDEX figures_counted_from_idx ON figures (counted_from, id);
