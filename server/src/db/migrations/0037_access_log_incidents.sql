-- LGPD (issue 14): the access log and the incident register.
--
-- access_log: one row per access to a person's data — the person page read (GET /people/{id}), phones revealed, a
-- file downloaded (attachment or generated document), a row exported (one row per exported person, with the export).
-- Who (the user, and the helpdesk integration when through its side panel), when, what, which person, and the
-- request id / IP. Never the data itself. Append-only like timeline_events: the app role may only SELECT/INSERT and
-- triggers reject UPDATE/DELETE/TRUNCATE for everyone.
CREATE TABLE access_log (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id),
  occurred_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  user_id uuid REFERENCES users(id),
  integration_id uuid,
  person_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('person_viewed', 'phones_revealed', 'file_downloaded', 'row_exported')),
  export_id uuid,
  file_id uuid,
  request_id text,
  ip text
);

CREATE INDEX access_log_person ON access_log (workspace_id, person_id, occurred_at DESC, id DESC);
CREATE INDEX access_log_user ON access_log (workspace_id, user_id, occurred_at DESC, id DESC);
CREATE INDEX access_log_time ON access_log (workspace_id, occurred_at DESC, id DESC);
-- One row per exported person and export: a retried export job (it starts over) or a person met again on a later
-- page (an opportunity's holder) adds nothing.
CREATE UNIQUE INDEX access_log_export_person ON access_log (export_id, person_id) WHERE export_id IS NOT NULL;

CREATE FUNCTION privacy_log_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TRIGGER access_log_no_update BEFORE UPDATE OR DELETE ON access_log
  FOR EACH ROW EXECUTE FUNCTION privacy_log_reject_change();
CREATE TRIGGER access_log_no_truncate BEFORE TRUNCATE ON access_log
  FOR EACH STATEMENT EXECUTE FUNCTION privacy_log_reject_change();

GRANT SELECT, INSERT ON access_log TO funil_app;

-- incidents: the register of security incidents (Resolução CD/ANPD 15/2024, kept at least 5 years). An incident is
-- edited (If-Match on `version`) but never deleted; every change is kept in incident_events (append-only).
CREATE TABLE incidents (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id),
  version integer NOT NULL DEFAULT 1,
  title text NOT NULL,
  description text NOT NULL DEFAULT '',
  occurred_on date,
  learned_on date NOT NULL,
  data_categories text[] NOT NULL DEFAULT '{}',
  affected_count integer NOT NULL DEFAULT 0,
  affected_person_ids uuid[] NOT NULL DEFAULT '{}',
  consequences text NOT NULL DEFAULT '',
  risk text NOT NULL CHECK (risk IN ('low', 'medium', 'high')),
  measures_taken text NOT NULL DEFAULT '',
  measures_planned text NOT NULL DEFAULT '',
  anpd_notified_on date,
  anpd_protocol text NOT NULL DEFAULT '',
  subjects_notified_on date,
  subjects_notified_how text NOT NULL DEFAULT '',
  created_by uuid NOT NULL REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX incidents_recent ON incidents (workspace_id, learned_on DESC, created_at DESC, id DESC);

CREATE FUNCTION incidents_kept() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'incidents are kept in the register (% refused)', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TRIGGER incidents_no_delete BEFORE DELETE ON incidents
  FOR EACH ROW EXECUTE FUNCTION incidents_kept();
CREATE TRIGGER incidents_no_truncate BEFORE TRUNCATE ON incidents
  FOR EACH STATEMENT EXECUTE FUNCTION incidents_kept();

GRANT SELECT, INSERT, UPDATE ON incidents TO funil_app;

CREATE TABLE incident_events (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id),
  incident_id uuid NOT NULL REFERENCES incidents(id),
  occurred_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  actor_id uuid NOT NULL REFERENCES users(id),
  kind text NOT NULL CHECK (kind IN ('created', 'changed')),
  changes jsonb NOT NULL DEFAULT '[]'
);

CREATE INDEX incident_events_incident ON incident_events (workspace_id, incident_id, occurred_at, id);

CREATE TRIGGER incident_events_no_update BEFORE UPDATE OR DELETE ON incident_events
  FOR EACH ROW EXECUTE FUNCTION privacy_log_reject_change();
CREATE TRIGGER incident_events_no_truncate BEFORE TRUNCATE ON incident_events
  FOR EACH STATEMENT EXECUTE FUNCTION privacy_log_reject_change();

GRANT SELECT, INSERT ON incident_events TO funil_app;
