-- What residents searched for, counted per normalised query and day (China time), for the
-- staff's search insights. Nothing personal: no address, no session, no time of day.
-- `replaced`: searches the resident typed on from (not what they meant); `results`: the most
-- results any search of the query found that day; `opened`: results opened from its searches.
-- Rows older than the retention (`serve --insights-days`, 180 by default) are deleted.
CREATE TABLE search_counts (
    day      TEXT NOT NULL, -- YYYY-MM-DD
    query    TEXT NOT NULL,
    searches BIGINT NOT NULL DEFAULT 0,
    replaced BIGINT NOT NULL DEFAULT 0,
    results  BIGINT NOT NULL DEFAULT 0,
    opened   BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (day, query)
);
