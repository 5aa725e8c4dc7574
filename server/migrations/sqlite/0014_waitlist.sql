-- The waiting list, seat holds and no-shows (issue 10, Booking).
--
-- A resident waits for a full day (`starts_at` NULL) or one full slot of a point's schedule.
-- `label` is what the text message names (the point and the item, as they were when asked).
-- status: waiting (in line), offered (a seat is held for them), booked (they took it), lapsed
-- (the hold ran out), withdrawn (they left the line).
CREATE TABLE waitlist (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    phone       TEXT NOT NULL,
    point_id    TEXT NOT NULL,
    item_id     TEXT NOT NULL,
    schedule_id TEXT NOT NULL,
    day         TEXT NOT NULL,
    starts_at   TEXT,
    label       TEXT NOT NULL,
    status      TEXT NOT NULL
        CHECK (status IN ('waiting', 'offered', 'booked', 'lapsed', 'withdrawn')),
    created_at  TEXT NOT NULL
);
CREATE INDEX waitlist_line ON waitlist (point_id, schedule_id, day, status, id);
CREATE INDEX waitlist_phone ON waitlist (phone, status);

-- A seat taken off sale for a while: counted in slot_seats.taken like a booking's. With a
-- phone (and the waiting-list entry) it is held for that resident; without, it is a cancelled
-- seat waiting out the cancel delay. When `until` passes, the seat goes to the next in line or
-- back on sale.
CREATE TABLE seat_holds (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    point_id    TEXT NOT NULL,
    schedule_id TEXT NOT NULL,
    starts_at   TEXT NOT NULL,
    phone       TEXT,
    waitlist_id BIGINT,
    until       TEXT NOT NULL
);
CREATE INDEX seat_holds_slot ON seat_holds (point_id, schedule_id, starts_at);
CREATE INDEX seat_holds_until ON seat_holds (until);

-- When staff marked the booking a no-show (NULL: not marked).
ALTER TABLE bookings ADD COLUMN no_show_at TEXT;
CREATE INDEX bookings_no_show ON bookings (phone, no_show_at);
