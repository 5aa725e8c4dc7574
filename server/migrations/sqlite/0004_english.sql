-- English beside every resident-facing Chinese text, and an item's online service address.
-- '' means "no English yet" (the directory file leaves the field out; the import refuses an
-- empty English text, so '' never stands for a real value), which keeps the columns NOT NULL
-- and an import's row comparison a plain comparison of texts.
ALTER TABLE items ADD COLUMN description_en TEXT NOT NULL DEFAULT '';
ALTER TABLE items ADD COLUMN eligibility_en TEXT NOT NULL DEFAULT '';
ALTER TABLE items ADD COLUMN department_en TEXT NOT NULL DEFAULT '';
ALTER TABLE items ADD COLUMN legal_basis_en TEXT NOT NULL DEFAULT '';
ALTER TABLE items ADD COLUMN fee_note_en TEXT NOT NULL DEFAULT '';
ALTER TABLE items ADD COLUMN online_url TEXT NOT NULL DEFAULT '';
ALTER TABLE item_materials ADD COLUMN name_en TEXT NOT NULL DEFAULT '';
ALTER TABLE item_materials ADD COLUMN notes_en TEXT NOT NULL DEFAULT '';
ALTER TABLE points ADD COLUMN name_en TEXT NOT NULL DEFAULT '';
ALTER TABLE points ADD COLUMN district_en TEXT NOT NULL DEFAULT '';
ALTER TABLE points ADD COLUMN subdistrict_en TEXT NOT NULL DEFAULT '';
ALTER TABLE points ADD COLUMN address_en TEXT NOT NULL DEFAULT '';
ALTER TABLE point_closures ADD COLUMN reason_en TEXT NOT NULL DEFAULT '';
