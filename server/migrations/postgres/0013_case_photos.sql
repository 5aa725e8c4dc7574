-- Residents' photos with their cases (at most 3 each). The files are in the photo directory
-- (`serve --photo-dir`), named by photo_id, a random id: `ID.jpg` the cleaned photo (a fresh
-- JPEG without metadata), `ID-thumb.jpg` its thumbnail. They are written and flushed before
-- the case's transaction commits, so a listed photo always has its files.
CREATE TABLE case_photos (
    case_id  BIGINT NOT NULL REFERENCES cases (id),
    position BIGINT NOT NULL,
    photo_id TEXT NOT NULL UNIQUE,
    width    BIGINT NOT NULL,
    height   BIGINT NOT NULL,
    PRIMARY KEY (case_id, position)
);
