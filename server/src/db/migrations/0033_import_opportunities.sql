-- Importação de oportunidades: an import is of people or of opportunities; an opportunity row records the card it
-- created (and, in person_id, the holder it registered, if any); opportunities created by an import carry it as
-- their origin.

ALTER TABLE imports ADD COLUMN kind text NOT NULL DEFAULT 'people' CHECK (kind IN ('people', 'opportunities'));

-- The opportunity created from the row (no foreign key: undo deletes the opportunities it created).
ALTER TABLE import_rows ADD COLUMN opportunity_id uuid;

ALTER TABLE opportunities DROP CONSTRAINT opportunities_origin_check;
ALTER TABLE opportunities ADD CONSTRAINT opportunities_origin_check
  CHECK (origin IN ('manual', 'integration', 'import'));
