-- Proxy booking (委托代办): a resident books for someone else. `name` is then the person who
-- comes, `phone` stays the booker's verified number, `on_behalf` says so (0 or 1) and
-- `relation` is how they are related, when the booker said.
ALTER TABLE bookings ADD COLUMN on_behalf BIGINT NOT NULL DEFAULT 0;
ALTER TABLE bookings ADD COLUMN relation TEXT;
