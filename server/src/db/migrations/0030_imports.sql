-- Importação de pessoas (CSV / XLSX): an import, its rows as read from the file (the staging table the job works
-- through in row order, with a checkpoint), saved column mappings. People registered by an import carry it as
-- their origin.

ALTER TABLE people DROP CONSTRAINT people_origin_check;
ALTER TABLE people ADD CONSTRAINT people_origin_check CHECK (origin IN ('manual', 'integration', 'import'));

CREATE TABLE imports (
  id uuid PRIMARY KEY,
  workspace_id uuid NOT NULL REFERENCES workspaces(id),
  created_by uuid NOT NULL REFERENCES users(id),
  file_name text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
  file_type text NOT NULL CHECK (file_type IN ('csv', 'xlsx')),
  encoding text,
  delimiter text,
  headers jsonb NOT NULL,
  mapping jsonb,
  policy text CHECK (policy IN ('skip', 'update', 'create')),
  status text NOT NULL DEFAULT 'uploaded'
    CHECK (status IN ('uploaded', 'queued', 'running', 'done', 'failed', 'undone')),
  total_rows integer NOT NULL,
  -- The checkpoint: every row with row_no <= processed_through has its outcome (written in the same transaction).
  processed_through integer NOT NULL DEFAULT 0,
  processed_rows integer NOT NULL DEFAULT 0,
  created_count integer NOT NULL DEFAULT 0,
  updated_count integer NOT NULL DEFAULT 0,
  skipped_count integer NOT NULL DEFAULT 0,
  rejected_count integer NOT NULL DEFAULT 0,
  failure text,
  undo_kept integer,
  created_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  heartbeat_at timestamptz,
  finished_at timestamptz,
  undone_at timestamptz,
  undone_by uuid REFERENCES users(id)
);
CREATE INDEX imports_workspace_idx ON imports (workspace_id, created_at DESC);
CREATE INDEX imports_pending_idx ON imports (created_at) WHERE status IN ('queued', 'running');

-- One row of the file (row_no: its line in the file, the header being line 1) and what became of it.
CREATE TABLE import_rows (
  import_id uuid NOT NULL REFERENCES imports(id),
  workspace_id uuid NOT NULL,
  row_no integer NOT NULL,
  cells jsonb NOT NULL,
  status text CHECK (status IN ('created', 'updated', 'skipped', 'rejected', 'updating')),
  reason text,
  -- The person created or updated (no foreign key: undo deletes the people it created).
  person_id uuid,
  -- For an update: the person's values before it, given back by undo.
  previous jsonb,
  PRIMARY KEY (import_id, row_no)
);
CREATE INDEX import_rows_person_idx ON import_rows (import_id, person_id) WHERE person_id IS NOT NULL;

CREATE TABLE import_mappings (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
  -- The file's headers, normalized and joined: a new file with the same headers is offered this mapping.
  headers_key text NOT NULL,
  mapping jsonb NOT NULL,
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (workspace_id, name)
);

GRANT SELECT, INSERT, UPDATE ON imports, import_rows TO funil_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON import_mappings TO funil_app;
