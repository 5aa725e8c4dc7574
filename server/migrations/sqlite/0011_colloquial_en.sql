-- What English-speaking residents call an item ("elderly card" for 老年人优待证), searched like
-- its English name: a JSON list of texts, like `colloquial` and `aliases`; '[]' when none.
ALTER TABLE items ADD COLUMN colloquial_en TEXT NOT NULL DEFAULT '[]';
