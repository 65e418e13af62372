-- LGPD: anonymization of a person (art. 18, IV and VI), the suppression list that keeps intake and imports from
-- recreating them, and retention rules (previewed, then run on exactly the previewed people).

-- When set, the person was anonymized: identity removed everywhere, statistics kept; never undone.
ALTER TABLE people ADD COLUMN anonymized_at timestamptz;

-- One row per anonymized person: who, when, why, the data-subject request it answers (no FK: another module owns
-- requests), the retention run that did it, and how many of each thing were removed. No personal data.
CREATE TABLE anonymizations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id),
  person_id uuid NOT NULL REFERENCES people(id),
  actor_id uuid REFERENCES users(id),
  reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  request_id uuid,
  retention_run_id uuid,
  removed jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (workspace_id, person_id)
);
CREATE INDEX anonymizations_recent ON anonymizations (workspace_id, created_at DESC, id DESC);
CREATE TRIGGER anonymizations_no_update BEFORE UPDATE OR DELETE ON anonymizations
  FOR EACH ROW EXECUTE FUNCTION timeline_reject_change();
CREATE TRIGGER anonymizations_no_truncate BEFORE TRUNCATE ON anonymizations
  FOR EACH STATEMENT EXECUTE FUNCTION timeline_reject_change();

-- The suppression list: HMAC-SHA256 (key: the workspace's random salt) of each normalized CPF/CNPJ, e-mail and
-- phone of an anonymized person. Never the values themselves.
CREATE TABLE suppression_salts (
  workspace_id uuid PRIMARY KEY REFERENCES workspaces(id),
  salt text NOT NULL
);
CREATE TABLE suppression_hashes (
  workspace_id uuid NOT NULL REFERENCES workspaces(id),
  hash text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('document', 'email', 'phone')),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, hash)
);

-- Retention rules: per kind of record, anonymize after N months.
CREATE TABLE retention_rules (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id),
  kind text NOT NULL CHECK (kind IN ('inactive_leads', 'archived_people')),
  months integer NOT NULL CHECK (months BETWEEN 1 AND 600),
  active boolean NOT NULL DEFAULT true,
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX retention_rules_ws ON retention_rules (workspace_id, created_at);

-- A preview (the exact ids a run would anonymize, as of previewed_at) and, once started, its run.
CREATE TABLE retention_runs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id),
  rule_id uuid NOT NULL REFERENCES retention_rules(id),
  kind text NOT NULL,
  months integer NOT NULL,
  person_ids uuid[] NOT NULL,
  preview_count integer NOT NULL,
  status text NOT NULL DEFAULT 'previewed' CHECK (status IN ('previewed', 'queued', 'running', 'done', 'failed')),
  done_count integer NOT NULL DEFAULT 0,
  anonymized_count integer NOT NULL DEFAULT 0,
  -- Previewed people that no longer matched the rule when the run reached them (left untouched).
  no_longer_matching uuid[] NOT NULL DEFAULT '{}',
  failure text,
  previewed_by uuid REFERENCES users(id),
  previewed_at timestamptz NOT NULL DEFAULT now(),
  started_by uuid REFERENCES users(id),
  queued_at timestamptz,
  started_at timestamptz,
  finished_at timestamptz
);
CREATE INDEX retention_runs_rule ON retention_runs (workspace_id, rule_id, previewed_at DESC);
CREATE INDEX retention_runs_queued ON retention_runs (queued_at) WHERE status IN ('queued', 'running');

-- Intake: a lead matching the suppression list ends `suppressed`.
ALTER TABLE intake_leads DROP CONSTRAINT intake_leads_status_check;
ALTER TABLE intake_leads ADD CONSTRAINT intake_leads_status_check
  CHECK (status IN ('pending', 'created', 'merged', 'duplicate', 'rejected', 'suppressed'));

-- Exports: a finished file that may hold an anonymized person is withdrawn (bytes removed, the record kept).
ALTER TABLE exports ADD COLUMN withdrawn_at timestamptz;

CREATE OR REPLACE FUNCTION exports_finished_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.status NOT IN ('done', 'failed') THEN
    RETURN NEW;
  END IF;
  -- Expiry or LGPD withdrawal: only file_key (cleared), expired_at and withdrawn_at (set once) may change.
  IF TG_OP = 'UPDATE' AND OLD.status = 'done' AND NEW.file_key IS NULL
     AND (OLD.expired_at IS NULL OR NEW.expired_at IS NOT DISTINCT FROM OLD.expired_at)
     AND (OLD.withdrawn_at IS NULL OR NEW.withdrawn_at IS NOT DISTINCT FROM OLD.withdrawn_at)
     AND (NEW.expired_at IS DISTINCT FROM OLD.expired_at OR NEW.withdrawn_at IS DISTINCT FROM OLD.withdrawn_at)
     AND (NEW.id, NEW.workspace_id, NEW.user_id, NEW.list, NEW.format, NEW.filters, NEW.status, NEW.rows_total,
          NEW.rows_done, NEW.file_size, NEW.error, NEW.queued_at, NEW.created_at, NEW.started_at, NEW.finished_at,
          NEW.expires_at)
         IS NOT DISTINCT FROM
         (OLD.id, OLD.workspace_id, OLD.user_id, OLD.list, OLD.format, OLD.filters, OLD.status, OLD.rows_total,
          OLD.rows_done, OLD.file_size, OLD.error, OLD.queued_at, OLD.created_at, OLD.started_at, OLD.finished_at,
          OLD.expires_at) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'exports: a finished export is an audit record (% refused)', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END $$;

GRANT SELECT, INSERT ON anonymizations TO funil_app;
GRANT SELECT, INSERT ON suppression_salts, suppression_hashes TO funil_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON retention_rules TO funil_app;
GRANT SELECT, INSERT, UPDATE ON retention_runs TO funil_app;
-- Anonymization removes a person's contact rows, files, staged rows and links.
GRANT DELETE ON attachments, documents, contact_alarms, helpdesk_contacts, whatsapp_contacts, duplicate_candidates
  TO funil_app;
