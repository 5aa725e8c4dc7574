-- The service directory: categories, items (事项) with their materials, service points with their
-- closures, and which point offers which item. Lists that are only ever read whole with their
-- owner (colloquial names, aliases, channels, weekly hours) are JSON text; everything that is
-- joined or filtered on has its own table. `position` keeps the order of the directory file, so
-- an export gives back exactly what was imported.

CREATE TABLE categories (
    id       TEXT PRIMARY KEY,
    name     TEXT NOT NULL,
    name_en  TEXT NOT NULL,
    sort     BIGINT NOT NULL,
    position BIGINT NOT NULL
);

CREATE TABLE items (
    id              TEXT PRIMARY KEY,
    category_id     TEXT NOT NULL REFERENCES categories (id),
    name            TEXT NOT NULL,
    name_en         TEXT NOT NULL,
    colloquial      TEXT NOT NULL, -- JSON array of strings
    aliases         TEXT NOT NULL, -- JSON array of strings
    description     TEXT NOT NULL,
    eligibility     TEXT NOT NULL,
    fee_fen         BIGINT NOT NULL CHECK (fee_fen >= 0),
    fee_note        TEXT NOT NULL,
    time_limit_days BIGINT NOT NULL CHECK (time_limit_days >= 0),
    channels        TEXT NOT NULL, -- JSON array of channel names
    department      TEXT NOT NULL,
    legal_basis     TEXT NOT NULL,
    position        BIGINT NOT NULL
);
CREATE INDEX items_category ON items (category_id);

CREATE TABLE item_materials (
    item_id  TEXT NOT NULL REFERENCES items (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    name     TEXT NOT NULL,
    form     TEXT NOT NULL,
    copies   BIGINT NOT NULL CHECK (copies > 0),
    notes    TEXT NOT NULL,
    PRIMARY KEY (item_id, position)
);

CREATE TABLE points (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    district    TEXT NOT NULL,
    subdistrict TEXT NOT NULL,
    address     TEXT NOT NULL,
    lat         DOUBLE PRECISION NOT NULL,
    lng         DOUBLE PRECISION NOT NULL,
    phone       TEXT NOT NULL,
    hours       TEXT NOT NULL, -- JSON array of weekly rules
    position    BIGINT NOT NULL
);

CREATE TABLE point_closures (
    point_id  TEXT NOT NULL REFERENCES points (id) ON DELETE CASCADE,
    position  BIGINT NOT NULL,
    from_date TEXT NOT NULL, -- YYYY-MM-DD, local date
    to_date   TEXT NOT NULL,
    reason    TEXT NOT NULL,
    PRIMARY KEY (point_id, position)
);

CREATE TABLE offerings (
    point_id TEXT NOT NULL REFERENCES points (id) ON DELETE CASCADE,
    item_id  TEXT NOT NULL REFERENCES items (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    PRIMARY KEY (point_id, item_id)
);
CREATE INDEX offerings_item ON offerings (item_id);

-- One row: bumped by every change to the directory, so each server instance can tell when to
-- rebuild its in-memory search index.
CREATE TABLE directory_meta (
    id         BIGINT PRIMARY KEY CHECK (id = 1),
    version    BIGINT NOT NULL,
    updated_at TEXT NOT NULL
);
INSERT INTO directory_meta (id, version, updated_at) VALUES (1, 0, '');
