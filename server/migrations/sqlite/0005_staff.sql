-- Staff: accounts, their sessions, sign-in attempts per client address, and the audit log.
-- Times are RFC 3339 UTC with microseconds (fixed width), so comparing texts compares times.

-- An account is never deleted, only disabled: the audit log and later the bookings and
-- complaints it handled keep pointing at it. `role` is checked by the server (the complaints'
-- roles come next and need no migration); the scope's kind is fixed.
CREATE TABLE staff_accounts (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    username            TEXT NOT NULL UNIQUE,
    password_hash       TEXT NOT NULL, -- argon2id, PHC string
    role                TEXT NOT NULL,
    scope_kind          TEXT NOT NULL CHECK (scope_kind IN ('all', 'district', 'point')),
    scope_value         TEXT NOT NULL, -- '' for all, a district's name, a point's id
    disabled_at         TEXT,
    failed_logins       BIGINT NOT NULL DEFAULT 0 CHECK (failed_logins >= 0),
    locked_until        TEXT,
    password_changed_at TEXT NOT NULL,
    created_at          TEXT NOT NULL
);

-- A session is a random token in the staff member's cookie; only its SHA-256 is stored, so
-- reading this table does not give anyone a session. Sessions live here rather than in a
-- server's memory so that they survive a restart and work on every instance.
CREATE TABLE staff_sessions (
    id           TEXT PRIMARY KEY, -- hex SHA-256 of the cookie's token
    account_id   BIGINT NOT NULL REFERENCES staff_accounts (id),
    csrf_token   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    ended_at     TEXT
);
CREATE INDEX staff_sessions_account ON staff_sessions (account_id);

-- Sign-in attempts per client address, for the rate limit. In the database, not in memory:
-- several instances behind one address share PostgreSQL, and a limit kept per instance would
-- let a client try as many times over as there are instances.
CREATE TABLE staff_login_attempts (
    client TEXT NOT NULL,
    at     TEXT NOT NULL
);
CREATE INDEX staff_login_attempts_client ON staff_login_attempts (client, at);
CREATE INDEX staff_login_attempts_at ON staff_login_attempts (at);

-- Append-only: who changed which record when, before and after (JSON text). Written in the
-- transaction of the change it records; the triggers refuse every UPDATE and DELETE.
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    at          TEXT NOT NULL,
    account_id  BIGINT REFERENCES staff_accounts (id), -- NULL: the command line
    actor       TEXT NOT NULL, -- the account's user name then, or 'cli' / 'demo'
    action      TEXT NOT NULL,
    record_kind TEXT NOT NULL,
    record_id   TEXT NOT NULL,
    before_json TEXT,
    after_json  TEXT
);
CREATE INDEX audit_log_account ON audit_log (account_id, at);
CREATE INDEX audit_log_record ON audit_log (record_kind, record_id, at);
CREATE INDEX audit_log_at ON audit_log (at);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only: UPDATE refused');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only: DELETE refused');
END;
