-- How often residents ask for an item: orders the home screen's "most asked" and a category's
-- items. 0 means unknown.
ALTER TABLE items ADD COLUMN popularity BIGINT NOT NULL DEFAULT 0;
