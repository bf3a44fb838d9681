-- The forum's data. Children refer to parents by natural key (year, code, key),
-- so filters and sorts stay on one table and renames are impossible by design
-- (keys are immutable through the API).

-- Bumped by every write transaction; ETags and caches derive from it.
CREATE TABLE data_version (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL
);
INSERT INTO data_version (id, version) VALUES (1, 0);

CREATE TABLE sources (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE CHECK (key <> ''),
    title TEXT NOT NULL CHECK (title <> ''),
    publisher TEXT,
    url TEXT,
    published_on DATE,
    language TEXT NOT NULL CHECK (language <> ''),
    notes TEXT,
    search TEXT NOT NULL
);

CREATE TABLE metrics (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE CHECK (code <> ''),
    label_ru TEXT NOT NULL CHECK (label_ru <> ''),
    label_en TEXT NOT NULL CHECK (label_en <> ''),
    unit TEXT NOT NULL CHECK (unit <> ''),
    description TEXT NOT NULL,
    search TEXT NOT NULL
);

CREATE TABLE organizations (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE CHECK (key <> ''),
    name TEXT NOT NULL CHECK (name <> ''),
    kind TEXT NOT NULL CHECK (kind IN ('company', 'ministry', 'government', 'municipality', 'association', 'media', 'education', 'other')),
    city TEXT,
    region TEXT,
    notes TEXT,
    search TEXT NOT NULL
);
CREATE INDEX organizations_kind_idx ON organizations (kind, id);

CREATE TABLE people (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE CHECK (key <> ''),
    name TEXT NOT NULL CHECK (name <> ''),
    notes TEXT,
    search TEXT NOT NULL
);
CREATE INDEX people_name_idx ON people (name, id);

CREATE TABLE editions (
    id INTEGER PRIMARY KEY,
    year INTEGER NOT NULL UNIQUE CHECK (year BETWEEN 2000 AND 2100),
    number INTEGER UNIQUE CHECK (number > 0),
    title TEXT NOT NULL CHECK (title <> ''),
    theme TEXT,
    city TEXT NOT NULL CHECK (city <> ''),
    venue TEXT,
    starts_on DATE,
    ends_on DATE,
    format TEXT CHECK (format IN ('in_person', 'online', 'hybrid')),
    notes TEXT,
    search TEXT NOT NULL,
    CHECK (starts_on IS NULL OR ends_on IS NULL OR ends_on >= starts_on)
);

CREATE TABLE edition_sources (
    edition INTEGER NOT NULL REFERENCES editions (year) ON DELETE CASCADE,
    source TEXT NOT NULL REFERENCES sources (key),
    PRIMARY KEY (edition, source)
);
CREATE INDEX edition_sources_source_idx ON edition_sources (source);

CREATE TABLE edition_organizations (
    edition INTEGER NOT NULL REFERENCES editions (year) ON DELETE CASCADE,
    organization TEXT NOT NULL REFERENCES organizations (key),
    role TEXT NOT NULL CHECK (role IN ('organizer', 'partner_city')),
    ordinal INTEGER NOT NULL,
    PRIMARY KEY (edition, role, organization)
);
CREATE INDEX edition_organizations_organization_idx ON edition_organizations (organization);

CREATE TABLE appearances (
    id INTEGER PRIMARY KEY,
    person TEXT NOT NULL REFERENCES people (key) ON DELETE CASCADE,
    edition INTEGER NOT NULL REFERENCES editions (year),
    position TEXT,
    organization TEXT REFERENCES organizations (key),
    notes TEXT,
    UNIQUE (person, edition)
);
CREATE INDEX appearances_edition_idx ON appearances (edition);
CREATE INDEX appearances_organization_idx ON appearances (organization);

CREATE TABLE appearance_sources (
    appearance_id BIGINT NOT NULL REFERENCES appearances (id) ON DELETE CASCADE,
    source TEXT NOT NULL REFERENCES sources (key),
    PRIMARY KEY (appearance_id, source)
);
CREATE INDEX appearance_sources_source_idx ON appearance_sources (source);

CREATE TABLE tracks (
    id INTEGER PRIMARY KEY,
    edition INTEGER NOT NULL REFERENCES editions (year),
    key TEXT NOT NULL CHECK (key <> ''),
    title TEXT NOT NULL CHECK (title <> ''),
    description TEXT,
    UNIQUE (edition, key)
);

CREATE TABLE track_sources (
    track_id BIGINT NOT NULL REFERENCES tracks (id) ON DELETE CASCADE,
    source TEXT NOT NULL REFERENCES sources (key),
    PRIMARY KEY (track_id, source)
);
CREATE INDEX track_sources_source_idx ON track_sources (source);

CREATE TABLE sessions (
    id INTEGER PRIMARY KEY,
    edition INTEGER NOT NULL REFERENCES editions (year),
    key TEXT NOT NULL CHECK (key <> ''),
    title TEXT NOT NULL CHECK (title <> ''),
    track TEXT,
    format TEXT CHECK (format IN ('plenary', 'panel', 'open_microphone', 'dialogue', 'workshop', 'round_table', 'lecture', 'exhibition', 'other')),
    date DATE,
    starts_at TIMESTAMP,
    ends_at TIMESTAMP,
    venue TEXT,
    description TEXT,
    notes TEXT,
    search TEXT NOT NULL,
    UNIQUE (edition, key),
    FOREIGN KEY (edition, track) REFERENCES tracks (edition, key),
    CHECK (starts_at IS NULL OR ends_at IS NULL OR ends_at >= starts_at)
);
CREATE INDEX sessions_edition_idx ON sessions (edition, id);
CREATE INDEX sessions_track_idx ON sessions (edition, track, id);
CREATE INDEX sessions_format_idx ON sessions (format, id);
CREATE INDEX sessions_date_idx ON sessions (date, id);
CREATE INDEX sessions_title_idx ON sessions (title, id);

CREATE TABLE session_participants (
    session_id BIGINT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    person TEXT NOT NULL REFERENCES people (key),
    role TEXT NOT NULL CHECK (role IN ('moderator', 'speaker', 'participant')),
    position TEXT,
    organization TEXT REFERENCES organizations (key),
    ordinal INTEGER NOT NULL,
    PRIMARY KEY (session_id, person)
);
CREATE INDEX session_participants_person_idx ON session_participants (person, session_id);
CREATE INDEX session_participants_organization_idx ON session_participants (organization, session_id);

CREATE TABLE session_sources (
    session_id BIGINT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    source TEXT NOT NULL REFERENCES sources (key),
    PRIMARY KEY (session_id, source)
);
CREATE INDEX session_sources_source_idx ON session_sources (source);

CREATE TABLE agreements (
    id INTEGER PRIMARY KEY,
    edition INTEGER NOT NULL REFERENCES editions (year),
    key TEXT NOT NULL CHECK (key <> ''),
    title TEXT NOT NULL CHECK (title <> ''),
    kind TEXT NOT NULL CHECK (kind IN ('cooperation', 'friendship', 'intent_protocol', 'other')),
    status TEXT NOT NULL CHECK (status IN ('planned', 'signed')),
    signed_on DATE,
    source TEXT NOT NULL REFERENCES sources (key),
    notes TEXT,
    search TEXT NOT NULL,
    UNIQUE (edition, key)
);
CREATE INDEX agreements_edition_idx ON agreements (edition, id);
CREATE INDEX agreements_status_idx ON agreements (status, id);
CREATE INDEX agreements_source_idx ON agreements (source);
CREATE INDEX agreements_signed_on_idx ON agreements (signed_on, id);

CREATE TABLE agreement_parties (
    agreement_id BIGINT NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    organization TEXT NOT NULL REFERENCES organizations (key),
    ordinal INTEGER NOT NULL,
    PRIMARY KEY (agreement_id, organization)
);
CREATE INDEX agreement_parties_organization_idx ON agreement_parties (organization, agreement_id);

CREATE TABLE figures (
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
CREATE INDEX figures_edition_idx ON figures (edition, metric, id);
CREATE INDEX figures_metric_idx ON figures (metric, edition, id);
CREATE INDEX figures_source_idx ON figures (source, id);
CREATE INDEX figures_status_idx ON figures (status, id);
CREATE INDEX figures_value_idx ON figures (value, id);
CREATE INDEX figures_reported_on_idx ON figures (reported_on, id);

CREATE TABLE tokens (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE CHECK (name <> ''),
    scope TEXT NOT NULL CHECK (scope IN ('read', 'write', 'admin')),
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP,
    revoked_at TIMESTAMP
);

CREATE TABLE changes (
    id INTEGER PRIMARY KEY,
    at TIMESTAMP NOT NULL,
    token TEXT,
    action TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete')),
    resource TEXT NOT NULL,
    resource_key TEXT NOT NULL,
    before TEXT,
    after TEXT
);
CREATE INDEX changes_at_idx ON changes (at, id);
CREATE INDEX changes_resource_idx ON changes (resource, id);
CREATE INDEX changes_token_idx ON changes (token, id);
