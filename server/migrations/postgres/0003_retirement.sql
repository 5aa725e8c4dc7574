-- Import changes the directory by difference and never deletes: a category, item, point or
-- offering that a new directory file leaves out is retired (retired_at set, RFC 3339 UTC) and
-- kept, so rows that refer to it (bookings, complaints) stay valid and history keeps its name.
-- A retired record that comes back in a later file is made active again under the same id.
-- Everything that reads the live directory filters on `retired_at IS NULL`.
ALTER TABLE categories ADD COLUMN retired_at TEXT;
ALTER TABLE items ADD COLUMN retired_at TEXT;
ALTER TABLE points ADD COLUMN retired_at TEXT;
ALTER TABLE offerings ADD COLUMN retired_at TEXT;
