-- Appointments (预约办理): the holiday calendar, schedules, seats and bookings; residents who
-- prove their phone number (codes, tokens, the rate limits' log) and the SMS outbox.
-- Dates are 'YYYY-MM-DD'; times are local (China Standard Time) 'YYYY-MM-DDTHH:MM:SS' with
-- fixed width (microseconds where they are the app's clock), so comparing texts compares times.

-- Public holidays and adjusted working days (调休) as data: a 'holiday' is a day off, a
-- 'workday' a weekend day worked, opening like the weekday in works_as (Monday when NULL).
-- Seeded with 2026 from the State Council's notice of 2025-11-04; a platform admin adds the
-- following years.
CREATE TABLE holiday_calendar (
    day      TEXT PRIMARY KEY,
    kind     TEXT NOT NULL CHECK (kind IN ('holiday', 'workday')),
    name     TEXT NOT NULL,
    name_en  TEXT,
    works_as TEXT CHECK (works_as IN ('mon', 'tue', 'wed', 'thu', 'fri'))
);

INSERT INTO holiday_calendar (day, kind, name, name_en) VALUES
    ('2026-01-01', 'holiday', '元旦', 'New Year''s Day'),
    ('2026-01-02', 'holiday', '元旦', 'New Year''s Day'),
    ('2026-01-03', 'holiday', '元旦', 'New Year''s Day'),
    ('2026-01-04', 'workday', '元旦', 'New Year''s Day'),
    ('2026-02-14', 'workday', '春节', 'Spring Festival'),
    ('2026-02-15', 'holiday', '春节', 'Spring Festival'),
    ('2026-02-16', 'holiday', '春节', 'Spring Festival'),
    ('2026-02-17', 'holiday', '春节', 'Spring Festival'),
    ('2026-02-18', 'holiday', '春节', 'Spring Festival'),
    ('2026-02-19', 'holiday', '春节', 'Spring Festival'),
    ('2026-02-20', 'holiday', '春节', 'Spring Festival'),
    ('2026-02-21', 'holiday', '春节', 'Spring Festival'),
    ('2026-02-22', 'holiday', '春节', 'Spring Festival'),
    ('2026-02-23', 'holiday', '春节', 'Spring Festival'),
    ('2026-02-28', 'workday', '春节', 'Spring Festival'),
    ('2026-04-04', 'holiday', '清明节', 'Qingming Festival'),
    ('2026-04-05', 'holiday', '清明节', 'Qingming Festival'),
    ('2026-04-06', 'holiday', '清明节', 'Qingming Festival'),
    ('2026-05-01', 'holiday', '劳动节', 'Labour Day'),
    ('2026-05-02', 'holiday', '劳动节', 'Labour Day'),
    ('2026-05-03', 'holiday', '劳动节', 'Labour Day'),
    ('2026-05-04', 'holiday', '劳动节', 'Labour Day'),
    ('2026-05-05', 'holiday', '劳动节', 'Labour Day'),
    ('2026-05-09', 'workday', '劳动节', 'Labour Day'),
    ('2026-06-19', 'holiday', '端午节', 'Dragon Boat Festival'),
    ('2026-06-20', 'holiday', '端午节', 'Dragon Boat Festival'),
    ('2026-06-21', 'holiday', '端午节', 'Dragon Boat Festival'),
    ('2026-09-20', 'workday', '国庆节', 'National Day'),
    ('2026-09-25', 'holiday', '中秋节', 'Mid-Autumn Festival'),
    ('2026-09-26', 'holiday', '中秋节', 'Mid-Autumn Festival'),
    ('2026-09-27', 'holiday', '中秋节', 'Mid-Autumn Festival'),
    ('2026-10-01', 'holiday', '国庆节', 'National Day'),
    ('2026-10-02', 'holiday', '国庆节', 'National Day'),
    ('2026-10-03', 'holiday', '国庆节', 'National Day'),
    ('2026-10-04', 'holiday', '国庆节', 'National Day'),
    ('2026-10-05', 'holiday', '国庆节', 'National Day'),
    ('2026-10-06', 'holiday', '国庆节', 'National Day'),
    ('2026-10-07', 'holiday', '国庆节', 'National Day'),
    ('2026-10-10', 'workday', '国庆节', 'National Day');

-- A point's appointment schedules (one per group of windows), each the JSON of a schedules
-- file's record (shared::domain::schedule::Schedule). Kept beside the directory, not in it.
CREATE TABLE appointment_schedules (
    point_id    TEXT NOT NULL,
    id          TEXT NOT NULL,
    spec        TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (point_id, id)
);

-- The seats of each slot that has been booked at least once: capacity from the schedule when
-- the slot was first booked (raised or lowered by later bookings if the schedule changed), and
-- how many are taken. A booking takes a seat with one conditional UPDATE
-- (taken < capacity), so no slot is ever overbooked, whatever the concurrency.
CREATE TABLE slot_seats (
    point_id    TEXT NOT NULL,
    schedule_id TEXT NOT NULL,
    starts_at   TEXT NOT NULL,
    capacity    BIGINT NOT NULL CHECK (capacity >= 0),
    taken       BIGINT NOT NULL DEFAULT 0 CHECK (taken >= 0),
    PRIMARY KEY (point_id, schedule_id, starts_at)
);

-- Bookings are never deleted (a cancelled one keeps its row) and refer to points and items by
-- id: retiring a point or item keeps them whole. (phone, idempotency_key) makes a retried
-- request find the booking it made.
CREATE TABLE bookings (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    code            TEXT NOT NULL UNIQUE,
    phone           TEXT NOT NULL,
    name            TEXT NOT NULL,
    point_id        TEXT NOT NULL,
    item_id         TEXT NOT NULL,
    schedule_id     TEXT NOT NULL,
    starts_at       TEXT NOT NULL,
    ends_at         TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('active', 'cancelled')),
    idempotency_key TEXT,
    request_digest  TEXT,
    created_at      TEXT NOT NULL,
    cancelled_at    TEXT,
    UNIQUE (phone, idempotency_key)
);
CREATE INDEX bookings_phone ON bookings (phone, starts_at);
CREATE INDEX bookings_slot ON bookings (point_id, schedule_id, starts_at);

-- One row per number that has proved itself: what a booking locks so that the per-number
-- limits hold under concurrent requests of one resident.
CREATE TABLE residents (
    phone      TEXT PRIMARY KEY,
    created_at TEXT NOT NULL
);

-- The live one-time code of a number (a new one replaces it).
CREATE TABLE resident_codes (
    phone      TEXT PRIMARY KEY,
    code       TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    tries_left BIGINT NOT NULL CHECK (tries_left >= 0),
    created_at TEXT NOT NULL
);

-- Code requests, for the rate limits per number and per client address (in the database, so
-- that instances behind a balancer share them).
CREATE TABLE resident_code_requests (
    phone  TEXT NOT NULL,
    client TEXT NOT NULL,
    at     TEXT NOT NULL
);
CREATE INDEX resident_code_requests_phone ON resident_code_requests (phone, at);
CREATE INDEX resident_code_requests_client ON resident_code_requests (client, at);

-- Residents' bearer tokens, stored as their SHA-256 only.
CREATE TABLE resident_tokens (
    id         TEXT PRIMARY KEY,
    phone      TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX resident_tokens_phone ON resident_tokens (phone);

-- Text messages to send, written in the transaction of what causes them (a code, a booking)
-- and sent by a background task: a crash loses none. A message is claimed before it is sent
-- and marked sent after; one whose claim ran out unsent is sent again with the same id, which
-- the gateway (and the file sender) use to drop a repeat.
CREATE TABLE sms_outbox (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    recipient       TEXT NOT NULL,
    body            TEXT NOT NULL,
    code            TEXT,
    created_at      TEXT NOT NULL,
    attempts        BIGINT NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    claimed_until   TEXT,
    sent_at         TEXT,
    failed_at       TEXT,
    last_error      TEXT
);
CREATE INDEX sms_outbox_due ON sms_outbox (sent_at, next_attempt_at);
