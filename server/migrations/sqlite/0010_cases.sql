-- Complaints and suggestions (投诉建议): departments, cases, their timelines and ratings.
-- Times are local (China Standard Time) 'YYYY-MM-DDTHH:MM:SS.ffffff', dates 'YYYY-MM-DD', so
-- comparing texts compares times.

-- The departments the front desk dispatches cases to (职能部门). Seeded with a community's
-- usual ones; a platform admin adds others.
CREATE TABLE case_departments (
    id      TEXT PRIMARY KEY,
    name    TEXT NOT NULL,
    name_en TEXT
);
INSERT INTO case_departments (id, name, name_en) VALUES
    ('service-center', '便民服务中心', 'Community service centre'),
    ('property', '物业服务中心', 'Property management'),
    ('sanitation', '环境卫生所', 'Environment and sanitation'),
    ('facilities', '市政设施管理所', 'Public facilities');

-- A department handler's department. 0005 fixed the scope kinds with a CHECK that SQLite
-- cannot widen without rebuilding every table that refers to accounts, so a handler's account
-- has scope kind 'all' and its department here; the server reads this column first.
ALTER TABLE staff_accounts ADD COLUMN department_id TEXT REFERENCES case_departments (id);

-- Working days to reply in, per subject (限时办结); 15 unless set here.
CREATE TABLE case_reply_limits (
    subject    TEXT PRIMARY KEY,
    reply_days BIGINT NOT NULL CHECK (reply_days BETWEEN 1 AND 60)
);
INSERT INTO case_reply_limits (subject, reply_days) VALUES
    ('service_item', 15), ('service_point', 15), ('property', 15), ('environment', 10),
    ('facilities', 15), ('other', 15);

-- A case is never deleted. phone is NULL for an anonymous case. version grows with every
-- change, so a step taken from a stale read is refused instead of overwriting another's.
-- idempotency_key with request_digest makes a retried submission find the case it made.
CREATE TABLE cases (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    tracking        TEXT NOT NULL UNIQUE,
    kind            TEXT NOT NULL,
    subject         TEXT NOT NULL,
    subject_id      TEXT,
    point_id        TEXT,
    address         TEXT,
    body            TEXT NOT NULL,
    phone           TEXT,
    client          TEXT NOT NULL,
    state           TEXT NOT NULL,
    round           BIGINT NOT NULL DEFAULT 1,
    department_id   TEXT REFERENCES case_departments (id),
    supervised_at   TEXT,
    received_at     TEXT NOT NULL,
    accept_by       TEXT NOT NULL,
    reply_by        TEXT,
    updated_at      TEXT NOT NULL,
    version         BIGINT NOT NULL DEFAULT 0,
    idempotency_key TEXT UNIQUE,
    request_digest  TEXT
);
CREATE INDEX cases_state ON cases (state, supervised_at);
CREATE INDEX cases_department ON cases (department_id, state);
CREATE INDEX cases_phone ON cases (phone, received_at);
CREATE INDEX cases_client ON cases (client, received_at);

-- Each step and note. visibility 'internal' (notes) never reaches residents; account_id names
-- the staff member for staff only (residents see the role, `party`).
CREATE TABLE case_events (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id       BIGINT NOT NULL REFERENCES cases (id),
    at            TEXT NOT NULL,
    round         BIGINT NOT NULL,
    kind          TEXT NOT NULL,
    state         TEXT NOT NULL,
    party         TEXT NOT NULL,
    visibility    TEXT NOT NULL CHECK (visibility IN ('public', 'internal')),
    account_id    BIGINT REFERENCES staff_accounts (id),
    department_id TEXT,
    body          TEXT
);
CREATE INDEX case_events_case ON case_events (case_id, id);

-- One rating per case and round: a reopened case keeps both.
CREATE TABLE case_ratings (
    case_id     BIGINT NOT NULL REFERENCES cases (id),
    round       BIGINT NOT NULL,
    at          TEXT NOT NULL,
    overall     TEXT NOT NULL,
    efficiency  TEXT NOT NULL,
    convenience TEXT NOT NULL,
    comment     TEXT,
    PRIMARY KEY (case_id, round)
);
