DROP INDEX figures_counted_from_idx;
ALTER TABLE figures DROP CONSTRAINT figures_one_date_check;
ALTER TABLE figures DROP CONSTRAINT figures_range_check;
ALTER TABLE figures DROP COLUMN counted_from;
ALTER TABLE figures DROP COLUMN reported_in;
ALTER TABLE figures DROP COLUMN value_from;
-- A range becomes what it was before ranges were kept: its upper bound, `up_to`.
UPDATE figures SET qualifier = 'up_to' WHERE qualifier = 'range';
ALTER TABLE figures DROP CONSTRAINT figures_qualifier_check;
ALTER TABLE figures ADD CONSTRAINT figures_qualifier_check
    CHECK (qualifier IN ('exact', 'about', 'more_than', 'at_least', 'up_to'));
ALTER TABLE sources DROP CONSTRAINT sources_one_date_check;
ALTER TABLE sources DROP COLUMN published_in;
