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

-- Substring search (`q=`) through a trigram index: an FTS5 table per searchable table over its
-- folded `search` column, kept in step by triggers. `LIKE '%…%'` on it uses the index.
CREATE VIRTUAL TABLE sessions_fts USING fts5(search, content='sessions', content_rowid='id', tokenize='trigram');
INSERT INTO sessions_fts(sessions_fts) VALUES ('rebuild');
CREATE TRIGGER sessions_fts_insert AFTER INSERT ON sessions BEGIN
    INSERT INTO sessions_fts(rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER sessions_fts_delete AFTER DELETE ON sessions BEGIN
    INSERT INTO sessions_fts(sessions_fts, rowid, search) VALUES ('delete', old.id, old.search);
END;
CREATE TRIGGER sessions_fts_update AFTER UPDATE OF search ON sessions BEGIN
    INSERT INTO sessions_fts(sessions_fts, rowid, search) VALUES ('delete', old.id, old.search);
    INSERT INTO sessions_fts(rowid, search) VALUES (new.id, new.search);
END;
CREATE VIRTUAL TABLE people_fts USING fts5(search, content='people', content_rowid='id', tokenize='trigram');
INSERT INTO people_fts(people_fts) VALUES ('rebuild');
CREATE TRIGGER people_fts_insert AFTER INSERT ON people BEGIN
    INSERT INTO people_fts(rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER people_fts_delete AFTER DELETE ON people BEGIN
    INSERT INTO people_fts(people_fts, rowid, search) VALUES ('delete', old.id, old.search);
END;
CREATE TRIGGER people_fts_update AFTER UPDATE OF search ON people BEGIN
    INSERT INTO people_fts(people_fts, rowid, search) VALUES ('delete', old.id, old.search);
    INSERT INTO people_fts(rowid, search) VALUES (new.id, new.search);
END;
CREATE VIRTUAL TABLE organizations_fts USING fts5(search, content='organizations', content_rowid='id', tokenize='trigram');
INSERT INTO organizations_fts(organizations_fts) VALUES ('rebuild');
CREATE TRIGGER organizations_fts_insert AFTER INSERT ON organizations BEGIN
    INSERT INTO organizations_fts(rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER organizations_fts_delete AFTER DELETE ON organizations BEGIN
    INSERT INTO organizations_fts(organizations_fts, rowid, search) VALUES ('delete', old.id, old.search);
END;
CREATE TRIGGER organizations_fts_update AFTER UPDATE OF search ON organizations BEGIN
    INSERT INTO organizations_fts(organizations_fts, rowid, search) VALUES ('delete', old.id, old.search);
    INSERT INTO organizations_fts(rowid, search) VALUES (new.id, new.search);
END;
CREATE VIRTUAL TABLE sources_fts USING fts5(search, content='sources', content_rowid='id', tokenize='trigram');
INSERT INTO sources_fts(sources_fts) VALUES ('rebuild');
CREATE TRIGGER sources_fts_insert AFTER INSERT ON sources BEGIN
    INSERT INTO sources_fts(rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER sources_fts_delete AFTER DELETE ON sources BEGIN
    INSERT INTO sources_fts(sources_fts, rowid, search) VALUES ('delete', old.id, old.search);
END;
CREATE TRIGGER sources_fts_update AFTER UPDATE OF search ON sources BEGIN
    INSERT INTO sources_fts(sources_fts, rowid, search) VALUES ('delete', old.id, old.search);
    INSERT INTO sources_fts(rowid, search) VALUES (new.id, new.search);
END;
CREATE VIRTUAL TABLE agreements_fts USING fts5(search, content='agreements', content_rowid='id', tokenize='trigram');
INSERT INTO agreements_fts(agreements_fts) VALUES ('rebuild');
CREATE TRIGGER agreements_fts_insert AFTER INSERT ON agreements BEGIN
    INSERT INTO agreements_fts(rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER agreements_fts_delete AFTER DELETE ON agreements BEGIN
    INSERT INTO agreements_fts(agreements_fts, rowid, search) VALUES ('delete', old.id, old.search);
END;
CREATE TRIGGER agreements_fts_update AFTER UPDATE OF search ON agreements BEGIN
    INSERT INTO agreements_fts(agreements_fts, rowid, search) VALUES ('delete', old.id, old.search);
    INSERT INTO agreements_fts(rowid, search) VALUES (new.id, new.search);
END;
CREATE VIRTUAL TABLE editions_fts USING fts5(search, content='editions', content_rowid='id', tokenize='trigram');
INSERT INTO editions_fts(editions_fts) VALUES ('rebuild');
CREATE TRIGGER editions_fts_insert AFTER INSERT ON editions BEGIN
    INSERT INTO editions_fts(rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER editions_fts_delete AFTER DELETE ON editions BEGIN
    INSERT INTO editions_fts(editions_fts, rowid, search) VALUES ('delete', old.id, old.search);
END;
CREATE TRIGGER editions_fts_update AFTER UPDATE OF search ON editions BEGIN
    INSERT INTO editions_fts(editions_fts, rowid, search) VALUES ('delete', old.id, old.search);
    INSERT INTO editions_fts(rowid, search) VALUES (new.id, new.search);
END;
CREATE VIRTUAL TABLE metrics_fts USING fts5(search, content='metrics', content_rowid='id', tokenize='trigram');
INSERT INTO metrics_fts(metrics_fts) VALUES ('rebuild');
CREATE TRIGGER metrics_fts_insert AFTER INSERT ON metrics BEGIN
    INSERT INTO metrics_fts(rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER metrics_fts_delete AFTER DELETE ON metrics BEGIN
    INSERT INTO metrics_fts(metrics_fts, rowid, search) VALUES ('delete', old.id, old.search);
END;
CREATE TRIGGER metrics_fts_update AFTER UPDATE OF search ON metrics BEGIN
    INSERT INTO metrics_fts(metrics_fts, rowid, search) VALUES ('delete', old.id, old.search);
    INSERT INTO metrics_fts(rowid, search) VALUES (new.id, new.search);
END;
