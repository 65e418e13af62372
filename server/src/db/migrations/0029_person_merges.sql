-- Duplicates and merge (issue 13 §2): the duplicate finder's review queue, the merges with what each moved (so it
-- can be undone for 30 days), and the link from a merged person to the one it was merged into.
-- The unique indexes already refuse the same CPF/CNPJ, phone (E.164) or e-mail twice in a workspace; the finder
-- looks for what they cannot see: the 9th mobile digit, Gmail's dots and +tags, similar names in one city.

-- similarity() of names; the finder compares names within blocks (city + words), so no trigram index is needed
-- (and none slows down every insert of a person).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- A merged person stays (archived, out of every list) and points at its survivor while the merge holds.
ALTER TABLE people ADD COLUMN merged_into_id uuid REFERENCES people(id);
CREATE INDEX people_merged_into_idx ON people (workspace_id, merged_into_id) WHERE merged_into_id IS NOT NULL;

CREATE TABLE duplicate_candidates (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id),
  -- A pair once, in id order.
  person_a_id uuid NOT NULL REFERENCES people(id),
  person_b_id uuid NOT NULL REFERENCES people(id),
  reasons text[] NOT NULL,
  score real NOT NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'dismissed', 'merged')),
  found_at timestamptz NOT NULL DEFAULT now(),
  resolved_at timestamptz,
  resolved_by uuid REFERENCES users(id),
  CHECK (person_a_id < person_b_id),
  UNIQUE (workspace_id, person_a_id, person_b_id)
);
CREATE INDEX duplicate_candidates_queue_idx ON duplicate_candidates (workspace_id, status, score DESC, id);

CREATE TABLE person_merges (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id),
  survivor_id uuid NOT NULL REFERENCES people(id),
  merged_id uuid NOT NULL REFERENCES people(id),
  -- The survivor's field values before the merge (only the fields it changed) and what they became.
  changes jsonb NOT NULL,
  -- The merged person's own values the merge cleared (its CPF/CNPJ when the survivor took it).
  merged_before jsonb NOT NULL,
  -- Exactly which rows moved to the survivor, per table, so an undo moves back those and only those.
  moved jsonb NOT NULL,
  merged_by uuid REFERENCES users(id),
  merged_at timestamptz NOT NULL DEFAULT now(),
  undone_at timestamptz,
  undone_by uuid REFERENCES users(id)
);
CREATE INDEX person_merges_survivor_idx ON person_merges (workspace_id, survivor_id, merged_at DESC);
CREATE INDEX person_merges_merged_idx ON person_merges (workspace_id, merged_id, merged_at DESC);

GRANT SELECT, INSERT, UPDATE ON duplicate_candidates, person_merges TO funil_app;
