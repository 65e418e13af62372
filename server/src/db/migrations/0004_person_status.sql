-- The person's status panel and flags (issue 5): objective, moment and sub-moment, temperature (with the value a
-- revert goes back to), product of interest, lack of interest, not a client, archived (Excluir), deny list.

ALTER TABLE list_options DROP CONSTRAINT list_options_list_check;
ALTER TABLE list_options ADD CONSTRAINT list_options_list_check CHECK (list IN ('loss_reason', 'discard_reason',
  'business_plan', 'qualification', 'objective', 'moment', 'sub_moment', 'disinterest_reason'));
-- A sub-moment belongs to a moment.
ALTER TABLE list_options ADD COLUMN parent_id uuid REFERENCES list_options(id);

ALTER TABLE people
  ADD COLUMN objective_id uuid REFERENCES list_options(id),
  ADD COLUMN moment_id uuid REFERENCES list_options(id),
  ADD COLUMN sub_moment_id uuid REFERENCES list_options(id),
  ADD COLUMN product_of_interest_id uuid REFERENCES list_options(id),
  ADD COLUMN temperature text CHECK (temperature IN ('cold', 'warm', 'hot')),
  ADD COLUMN previous_temperature text CHECK (previous_temperature IN ('cold', 'warm', 'hot')),
  ADD COLUMN disinterest_reason_id uuid REFERENCES list_options(id),
  ADD COLUMN disinterest_note text,
  ADD COLUMN disinterested_at timestamptz,
  ADD COLUMN non_client_reason text CHECK (non_client_reason IN ('supplier', 'test', 'employee', 'other')),
  ADD COLUMN non_client_note text,
  ADD COLUMN non_client_at timestamptz,
  ADD COLUMN archived_at timestamptz,
  ADD COLUMN archived_by uuid REFERENCES users(id),
  ADD COLUMN do_not_contact boolean NOT NULL DEFAULT false;

-- Admins find archived people to restore them.
CREATE INDEX people_archived_idx ON people (workspace_id, archived_at) WHERE archived_at IS NOT NULL;
