-- Anexos and Documentos of a person (issue 5 §5). Files live in the content-addressed file store (the key is
-- the SHA-256 of the bytes); these rows say whose they are and what they are.

-- A file added on the Anexos tab or with a comment. `content_type` is the type detected from the bytes, never
-- the one the browser declared. Attachments are never deleted: a comment's history links to them.
CREATE TABLE attachments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL,
  person_id uuid NOT NULL REFERENCES people(id),
  opportunity_id uuid REFERENCES opportunities(id),
  file_key text NOT NULL CHECK (file_key ~ '^[0-9a-f]{64}$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
  content_type text NOT NULL,
  size_bytes integer NOT NULL CHECK (size_bytes >= 0 AND size_bytes <= 10485760),
  source text NOT NULL CHECK (source IN ('comment', 'tab')),
  -- The comment (timeline note) that carries it; null while a comment's upload waits for its note.
  note_event_id bigint,
  uploaded_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX attachments_person_idx ON attachments (person_id, created_at DESC);

-- The workspace's templates; one per kind (only 'proposal' so far). `body` holds {{placeholders}}.
CREATE TABLE document_templates (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id),
  kind text NOT NULL CHECK (kind IN ('proposal')),
  name text NOT NULL,
  body text NOT NULL,
  version integer NOT NULL DEFAULT 1,
  updated_by uuid REFERENCES users(id),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (workspace_id, kind)
);

-- A PDF generated for a person from one proposal of an opportunity they are involved in.
CREATE TABLE documents (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL,
  person_id uuid NOT NULL REFERENCES people(id),
  opportunity_id uuid NOT NULL REFERENCES opportunities(id),
  proposal_id uuid NOT NULL REFERENCES proposals(id),
  kind text NOT NULL DEFAULT 'proposal' CHECK (kind IN ('proposal')),
  file_key text NOT NULL CHECK (file_key ~ '^[0-9a-f]{64}$'),
  name text NOT NULL,
  size_bytes integer NOT NULL,
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX documents_person_idx ON documents (person_id, created_at DESC);

-- No DELETE: neither files nor documents are removed in place.
GRANT SELECT, INSERT, UPDATE ON attachments, document_templates, documents TO funil_app;
