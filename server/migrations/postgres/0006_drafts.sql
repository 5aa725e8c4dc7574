-- Drafts of directory edits, one per staff account: whole records in the directory file
-- format (JSON text), each with the version of the published record it was edited from.
-- Residents never read this table; publishing applies a draft to the directory by difference
-- (the same code as `linli-server import`) and empties it.
CREATE TABLE draft_records (
    account_id   BIGINT NOT NULL REFERENCES staff_accounts (id),
    kind         TEXT NOT NULL CHECK (kind IN ('category', 'item', 'point')),
    record_id    TEXT NOT NULL,
    base_version TEXT, -- NULL: a record that is not published yet
    record_json  TEXT, -- NULL: the draft retires the record
    updated_at   TEXT NOT NULL,
    PRIMARY KEY (account_id, kind, record_id)
);
