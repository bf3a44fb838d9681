-- Indexes for every sort and filter at scale. Nullable sort keys are ordered
-- `(col IS NULL), col, id` (nulls last on both backends), so their indexes have that shape.
DROP INDEX figures_edition_idx;
DROP INDEX figures_reported_on_idx;
CREATE INDEX figures_edition_idx ON figures (edition, id);
CREATE INDEX figures_edition_metric_idx ON figures (edition, metric, id);
CREATE INDEX figures_metric_id_idx ON figures (metric, id);
CREATE INDEX figures_qualifier_idx ON figures (qualifier, id);
CREATE INDEX figures_reported_on_idx ON figures ((reported_on IS NULL), reported_on, id);
CREATE INDEX sources_published_on_idx ON sources ((published_on IS NULL), published_on, id);
CREATE INDEX sources_publisher_idx ON sources ((publisher IS NULL), publisher, id);
CREATE INDEX sources_title_idx ON sources (title, id);
CREATE INDEX metrics_label_en_idx ON metrics (label_en, id);
CREATE INDEX metrics_label_ru_idx ON metrics (label_ru, id);
CREATE INDEX organizations_name_idx ON organizations (name, id);
CREATE INDEX organizations_city_idx ON organizations ((city IS NULL), city, id);
CREATE INDEX editions_number_idx ON editions ((number IS NULL), number, id);
CREATE INDEX editions_starts_on_idx ON editions ((starts_on IS NULL), starts_on, id);
CREATE INDEX editions_title_idx ON editions (title, id);
DROP INDEX sessions_date_idx;
CREATE INDEX sessions_date_idx ON sessions ((date IS NULL), date, id);
CREATE INDEX sessions_starts_at_idx ON sessions ((starts_at IS NULL), starts_at, id);
CREATE INDEX sessions_key_idx ON sessions (key, id);
DROP INDEX agreements_signed_on_idx;
CREATE INDEX agreements_signed_on_idx ON agreements ((signed_on IS NULL), signed_on, id);
CREATE INDEX agreements_title_idx ON agreements (title, id);
CREATE INDEX agreements_key_idx ON agreements (key, id);
CREATE INDEX agreements_kind_idx ON agreements (kind, id);
CREATE INDEX tracks_edition_idx ON tracks (edition, id);

-- Descending sorts of nullable keys (nulls still last) walk these backwards.
CREATE INDEX figures_reported_on_desc_idx ON figures ((reported_on IS NULL) DESC, reported_on, id);
CREATE INDEX sources_published_on_desc_idx ON sources ((published_on IS NULL) DESC, published_on, id);
CREATE INDEX sources_publisher_desc_idx ON sources ((publisher IS NULL) DESC, publisher, id);
CREATE INDEX organizations_city_desc_idx ON organizations ((city IS NULL) DESC, city, id);
CREATE INDEX editions_number_desc_idx ON editions ((number IS NULL) DESC, number, id);
CREATE INDEX editions_starts_on_desc_idx ON editions ((starts_on IS NULL) DESC, starts_on, id);
CREATE INDEX sessions_date_desc_idx ON sessions ((date IS NULL) DESC, date, id);
CREATE INDEX sessions_starts_at_desc_idx ON sessions ((starts_at IS NULL) DESC, starts_at, id);
CREATE INDEX agreements_signed_on_desc_idx ON agreements ((signed_on IS NULL) DESC, signed_on, id);

-- Substring search (`q=`) through a trigram index on each folded `search` column; PostgreSQL
-- uses it for `LIKE '%…%'`. pg_trgm is a trusted extension: the database owner may create it.
-- fastupdate is off: writes are rare here, and a pending list would make every search scan it
-- until the next vacuum.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX sessions_search_trgm_idx ON sessions USING gin (search gin_trgm_ops) WITH (fastupdate = off);
CREATE INDEX people_search_trgm_idx ON people USING gin (search gin_trgm_ops) WITH (fastupdate = off);
CREATE INDEX organizations_search_trgm_idx ON organizations USING gin (search gin_trgm_ops) WITH (fastupdate = off);
CREATE INDEX sources_search_trgm_idx ON sources USING gin (search gin_trgm_ops) WITH (fastupdate = off);
CREATE INDEX agreements_search_trgm_idx ON agreements USING gin (search gin_trgm_ops) WITH (fastupdate = off);
CREATE INDEX editions_search_trgm_idx ON editions USING gin (search gin_trgm_ops) WITH (fastupdate = off);
CREATE INDEX metrics_search_trgm_idx ON metrics USING gin (search gin_trgm_ops) WITH (fastupdate = off);
