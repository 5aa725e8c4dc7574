-- The directory version that last changed each category, item and point (its own row, or its
-- materials, closures or offerings; retiring it too). An instance whose catalogue is at version
-- V reads back only what changed after V (`changed_in > V`) instead of the whole directory, so
-- a publish reaches every instance within moments at province scale. 0: before this column.
ALTER TABLE categories ADD COLUMN changed_in BIGINT NOT NULL DEFAULT 0;
ALTER TABLE items ADD COLUMN changed_in BIGINT NOT NULL DEFAULT 0;
ALTER TABLE points ADD COLUMN changed_in BIGINT NOT NULL DEFAULT 0;
