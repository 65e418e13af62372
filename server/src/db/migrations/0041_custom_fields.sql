-- Campos personalizados (issue 17): fields an admin defines per workspace for people and opportunities. The
-- definitions live here; the values live on the record itself (`custom_fields`, keyed by field key), checked by
-- domain/src/custom-fields.ts (`validateCustomValues`) on every write.

CREATE TABLE custom_fields (
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id),
  entity text NOT NULL CHECK (entity IN ('person', 'opportunity')),
  -- Generated from the label at creation and never changed: it names the value in every record's JSON, in
  -- exports and in the OpenAPI schema.
  key text NOT NULL CHECK (key ~ '^[a-z][a-z0-9_]{0,39}$'),
  label text NOT NULL,
  type text NOT NULL CHECK (type IN ('text', 'long_text', 'number', 'money', 'date', 'boolean', 'choice',
                                     'multi_choice', 'user', 'url', 'email', 'phone', 'document')),
  -- choice / multi_choice: [{value, label, archived?}]; values are immutable and never removed (records hold them).
  options jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(options) = 'array'),
  required boolean NOT NULL DEFAULT false,
  -- NULL: every role sees and edits it; else only these roles (the others neither read nor write it).
  visible_roles text[],
  -- The form section it is shown under (NULL: the default "Campos personalizados" section).
  section text,
  position int NOT NULL DEFAULT 0,
  -- Opportunities: shown on the board card.
  show_on_card boolean NOT NULL DEFAULT false,
  -- An archived field leaves forms and pages; the values records hold and their timeline stay.
  archived_at timestamptz,
  version int NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (id, workspace_id),
  -- Archived fields keep their key: a new field never takes over an old one's values.
  UNIQUE (workspace_id, entity, key)
);
CREATE INDEX custom_fields_order_idx ON custom_fields (workspace_id, entity, position);

-- The values: {key: value}. Adding a column with a constant default rewrites nothing; the check is NOT VALID
-- because every existing row holds the default.
ALTER TABLE people ADD COLUMN custom_fields jsonb NOT NULL DEFAULT '{}';
ALTER TABLE people ADD CONSTRAINT people_custom_fields_object
  CHECK (jsonb_typeof(custom_fields) = 'object') NOT VALID;
ALTER TABLE opportunities ADD COLUMN custom_fields jsonb NOT NULL DEFAULT '{}';
ALTER TABLE opportunities ADD CONSTRAINT opportunities_custom_fields_object
  CHECK (jsonb_typeof(custom_fields) = 'object') NOT VALID;

GRANT SELECT, INSERT, UPDATE, DELETE ON custom_fields TO funil_app;
