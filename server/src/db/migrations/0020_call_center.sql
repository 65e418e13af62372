-- Call center desk (Receptivos / Ativos, issue 12): contact attempts (append-only), the alarms of returns, the
-- per-person contact summary the call list filters on, saved call list filters, and the desk's option lists.

ALTER TABLE list_options DROP CONSTRAINT list_options_list_check;
ALTER TABLE list_options ADD CONSTRAINT list_options_list_check CHECK (list IN ('loss_reason', 'discard_reason',
  'business_plan', 'qualification', 'objective', 'moment', 'sub_moment', 'disinterest_reason',
  'lead_type', 'interest_level', 'publicity'));

-- One row per contact with a person. The free text (summary, next action) is personal: it lives in the payload
-- of the attempt's timeline event (erasable under LGPD without breaking the chain), referenced by event_id.
CREATE TABLE contact_attempts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL,
  person_id uuid NOT NULL REFERENCES people(id),
  direction text NOT NULL CHECK (direction IN ('inbound', 'outbound')),
  channel text NOT NULL CHECK (channel IN ('call', 'whatsapp', 'email')),
  outcome text NOT NULL CHECK (outcome IN ('answered', 'voicemail', 'no_answer', 'invalid_number', 'busy', 'failed')),
  duration_seconds integer CHECK (duration_seconds BETWEEN 0 AND 86400),
  interest_level_id uuid REFERENCES list_options(id),
  lead_type_id uuid REFERENCES list_options(id),
  publicity_id uuid REFERENCES list_options(id),
  alarm_at timestamptz,
  user_id uuid REFERENCES users(id),
  event_id bigint NOT NULL REFERENCES timeline_events(id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX contact_attempts_person_idx ON contact_attempts (workspace_id, person_id, created_at DESC);
CREATE INDEX contact_attempts_day_idx ON contact_attempts (workspace_id, created_at, person_id);

-- Append-only like the timeline: the history of contacts is never rewritten.
CREATE FUNCTION contact_attempts_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'contact_attempts is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER contact_attempts_no_update BEFORE UPDATE OR DELETE ON contact_attempts
  FOR EACH ROW EXECUTE FUNCTION contact_attempts_reject_change();
CREATE TRIGGER contact_attempts_no_truncate BEFORE TRUNCATE ON contact_attempts
  FOR EACH STATEMENT EXECUTE FUNCTION contact_attempts_reject_change();

-- A return's alarm: rings the attendant's bell once at due_at (fired_at set by the job that rang it).
CREATE TABLE contact_alarms (
  attempt_id uuid PRIMARY KEY REFERENCES contact_attempts(id),
  workspace_id uuid NOT NULL,
  user_id uuid NOT NULL REFERENCES users(id),
  person_id uuid NOT NULL REFERENCES people(id),
  due_at timestamptz NOT NULL,
  fired_at timestamptz
);
CREATE INDEX contact_alarms_due_idx ON contact_alarms (due_at) WHERE fired_at IS NULL;

-- The latest contact of each person (kept by the service in the attempt's transaction): what the call list
-- filters on without scanning every attempt.
CREATE TABLE person_contact_summary (
  person_id uuid PRIMARY KEY REFERENCES people(id),
  workspace_id uuid NOT NULL,
  last_contact_at timestamptz NOT NULL,
  attempts integer NOT NULL,
  interest_level_id uuid REFERENCES list_options(id),
  lead_type_id uuid REFERENCES list_options(id),
  publicity_id uuid REFERENCES list_options(id)
);
CREATE INDEX person_contact_summary_last_idx ON person_contact_summary (workspace_id, last_contact_at);
CREATE INDEX person_contact_summary_publicity_idx ON person_contact_summary (workspace_id, publicity_id);
CREATE INDEX person_contact_summary_interest_idx ON person_contact_summary (workspace_id, interest_level_id);
CREATE INDEX person_contact_summary_lead_type_idx ON person_contact_summary (workspace_id, lead_type_id);

-- The call list's total joins every visible person: a narrow index (no wide columns such as the search prefixes)
-- lets that side be an index-only scan instead of a read of the whole people table.
CREATE INDEX people_call_list_idx ON people (workspace_id, id) INCLUDE (owner_id) WHERE archived_at IS NULL;

-- Saved call list filters: private to their author, or shared with the whole team (workspace).
CREATE TABLE call_list_filters (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  filter jsonb NOT NULL,
  shared boolean NOT NULL DEFAULT false,
  created_by uuid NOT NULL REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz
);
CREATE INDEX call_list_filters_ws_idx ON call_list_filters (workspace_id, created_at) WHERE deleted_at IS NULL;

GRANT SELECT, INSERT ON contact_attempts TO funil_app;
GRANT SELECT, INSERT, UPDATE ON contact_alarms, person_contact_summary, call_list_filters TO funil_app;
