-- Ativos (issue 5 §5): asset types defined per workspace, with their own fields, and assets per client
-- (installed equipment, equipment lent in comodato, contracted products) with status and dates.
-- Visualizar telefones (issue 5 §3): a reveal is recorded on the timeline, but it is not activity.

CREATE TABLE asset_types (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id),
  name text NOT NULL,
  description text,
  -- [{key, label, type: text|number|date|boolean|select, options, required}], checked by domain/src/assets.ts.
  fields jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(fields) = 'array'),
  -- A type some asset uses is archived instead of deleted: no new assets, the old ones keep their fields.
  archived_at timestamptz,
  version int NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- One live type per name in a workspace (an archived one may share it).
CREATE UNIQUE INDEX asset_types_name_idx ON asset_types (workspace_id, lower(name)) WHERE archived_at IS NULL;

CREATE TABLE assets (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL,
  person_id uuid NOT NULL REFERENCES people(id),
  asset_type_id uuid NOT NULL REFERENCES asset_types(id),
  -- What tells this asset apart: serial number, contract number, a description.
  identifier text NOT NULL,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'ended')),
  start_date date,
  end_date date CHECK (end_date IS NULL OR start_date IS NULL OR end_date >= start_date),
  -- The values of the type's fields, keyed by field key.
  field_values jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(field_values) = 'object'),
  notes text,
  created_by uuid REFERENCES users(id),
  version int NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX assets_person_idx ON assets (person_id, created_at);
CREATE INDEX assets_type_idx ON assets (asset_type_id);

GRANT SELECT, INSERT, UPDATE, DELETE ON asset_types TO funil_app;
GRANT SELECT, INSERT, UPDATE ON assets TO funil_app;
