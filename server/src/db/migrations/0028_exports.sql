-- Exports (issue 13 §3): a CSV or XLSX of a list (people, opportunities, activities) with the list's filters, written
-- by a job in pages. The row is the audit record — who, when, which list and filter, format, how many rows — so once
-- an export has finished (done or failed) it never changes again, except that a done export's file expires: the file
-- key is cleared and `expired_at` set, nothing else. Rows are never deleted.
CREATE TABLE exports (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id),
  user_id uuid NOT NULL REFERENCES users(id),
  list text NOT NULL CHECK (list IN ('people', 'opportunities', 'activities')),
  format text NOT NULL CHECK (format IN ('csv', 'xlsx')),
  filters jsonb NOT NULL,
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
  rows_total integer,
  rows_done integer NOT NULL DEFAULT 0,
  file_key text,
  file_size bigint,
  error text,
  queued_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  finished_at timestamptz,
  expires_at timestamptz,
  expired_at timestamptz
);

CREATE INDEX exports_user ON exports (workspace_id, user_id, created_at DESC, id DESC);
CREATE INDEX exports_unqueued ON exports (created_at) WHERE queued_at IS NULL;
CREATE INDEX exports_expiring ON exports (expires_at) WHERE status = 'done' AND expired_at IS NULL;

CREATE FUNCTION exports_finished_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.status NOT IN ('done', 'failed') THEN
    RETURN NEW;
  END IF;
  IF TG_OP = 'UPDATE' AND OLD.status = 'done' AND OLD.expired_at IS NULL AND NEW.expired_at IS NOT NULL
     AND NEW.file_key IS NULL
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

CREATE TRIGGER exports_audit_update BEFORE UPDATE ON exports
  FOR EACH ROW EXECUTE FUNCTION exports_finished_immutable();
CREATE TRIGGER exports_audit_delete BEFORE DELETE ON exports
  FOR EACH ROW EXECUTE FUNCTION exports_finished_immutable();
CREATE TRIGGER exports_no_truncate BEFORE TRUNCATE ON exports
  FOR EACH STATEMENT EXECUTE FUNCTION timeline_reject_change();

GRANT SELECT, INSERT, UPDATE ON exports TO funil_app;
