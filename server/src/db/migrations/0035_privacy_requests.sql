-- Data-subject requests (LGPD art. 18): one row per request holding its current state (edited under a version,
-- If-Match), and `privacy_request_events`, the append-only history of its handling (every registration, assignment,
-- status change, answer and refusal), which nobody — the owner included — may update, delete or truncate.
-- Art. 19: the simplified answer at once (`simplified_answer_at`), the complete one within 15 days (`deadline_at`).
CREATE TABLE privacy_requests (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id),
  number bigint GENERATED ALWAYS AS IDENTITY,
  kind text NOT NULL CHECK (kind IN ('confirmation', 'access', 'correction', 'anonymization', 'blocking',
    'deletion', 'portability', 'sharing_info', 'consent_revocation', 'automated_review')),
  channel text NOT NULL CHECK (channel IN ('email', 'phone', 'in_person', 'form', 'other')),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress', 'answered', 'refused')),
  person_id uuid REFERENCES people(id),
  requester_name text NOT NULL DEFAULT '',
  requester_contact text NOT NULL DEFAULT '',
  requester_document text NOT NULL DEFAULT '',
  identity_verified boolean NOT NULL DEFAULT false,
  identity_method text NOT NULL DEFAULT '',
  details text NOT NULL DEFAULT '',
  assignee_id uuid REFERENCES users(id),
  received_at timestamptz NOT NULL,
  deadline_at timestamptz NOT NULL,
  simplified_answer_at timestamptz,
  answer_text text,
  refusal_reason text,
  closed_at timestamptz,
  -- The generated answer files (JSON of everything held + PDF summary), in the file store's `privacy/` section.
  answer_files jsonb NOT NULL DEFAULT '[]',
  -- When the near-due alert went to the assignee (once).
  due_alert_at timestamptz,
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1
);

CREATE INDEX privacy_requests_deadline ON privacy_requests (workspace_id, deadline_at, id);
CREATE INDEX privacy_requests_person ON privacy_requests (workspace_id, person_id) WHERE person_id IS NOT NULL;
CREATE INDEX privacy_requests_pending ON privacy_requests (deadline_at)
  WHERE status IN ('open', 'in_progress') AND due_alert_at IS NULL;

CREATE TABLE privacy_request_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  workspace_id uuid NOT NULL REFERENCES workspaces(id),
  request_id uuid NOT NULL REFERENCES privacy_requests(id),
  kind text NOT NULL,
  actor_id uuid REFERENCES users(id),
  data jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX privacy_request_events_request ON privacy_request_events (workspace_id, request_id, id);

CREATE FUNCTION privacy_request_events_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'privacy_request_events is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TRIGGER privacy_request_events_no_update BEFORE UPDATE OR DELETE ON privacy_request_events
  FOR EACH ROW EXECUTE FUNCTION privacy_request_events_reject_change();
CREATE TRIGGER privacy_request_events_no_truncate BEFORE TRUNCATE ON privacy_request_events
  FOR EACH STATEMENT EXECUTE FUNCTION privacy_request_events_reject_change();
-- A request is a register entry: it is never deleted.
CREATE TRIGGER privacy_requests_no_delete BEFORE DELETE ON privacy_requests
  FOR EACH ROW EXECUTE FUNCTION privacy_request_events_reject_change();
CREATE TRIGGER privacy_requests_no_truncate BEFORE TRUNCATE ON privacy_requests
  FOR EACH STATEMENT EXECUTE FUNCTION privacy_request_events_reject_change();

GRANT SELECT, INSERT, UPDATE ON privacy_requests TO funil_app;
GRANT SELECT, INSERT ON privacy_request_events TO funil_app;
