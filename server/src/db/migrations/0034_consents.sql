-- LGPD legal bases and consent (issue 14): purposes ("finalidades") per workspace with versioned texts, and the
-- append-only consent log. A person's current state per purpose is the latest record of that purpose.

CREATE TABLE consent_purposes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  description text NOT NULL DEFAULT '',
  text_version integer NOT NULL DEFAULT 1,
  archived_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (workspace_id, id)
);
CREATE UNIQUE INDEX consent_purposes_name ON consent_purposes (workspace_id, lower(name));

-- Every wording a purpose ever had: what a person agreed to stays readable after the text changes.
CREATE TABLE consent_purpose_texts (
  workspace_id uuid NOT NULL,
  purpose_id uuid NOT NULL,
  version integer NOT NULL,
  text text NOT NULL,
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (purpose_id, version),
  FOREIGN KEY (workspace_id, purpose_id) REFERENCES consent_purposes (workspace_id, id)
);

-- The consent log. person_id has no foreign key: undoing an import deletes the people it created, and the log
-- keeps what was recorded. The evidence (an IP, a form address) is the one personal value: an LGPD anonymization
-- may erase it (evidence '' and evidence_erased_at set — the only change the trigger lets through).
CREATE TABLE consent_records (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL,
  person_id uuid NOT NULL,
  purpose_id uuid NOT NULL,
  legal_basis text NOT NULL CHECK (legal_basis IN ('consent', 'legitimate_interest', 'contract', 'legal_obligation',
    'judicial_process', 'credit_protection')),
  action text NOT NULL CHECK (action IN ('granted', 'revoked')),
  source text NOT NULL CHECK (source IN ('manual', 'form', 'intake', 'import', 'api')),
  text_version integer NOT NULL,
  evidence text NOT NULL DEFAULT '' CHECK (length(evidence) <= 500),
  recorded_by uuid REFERENCES users(id),
  recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  evidence_erased_at timestamptz,
  FOREIGN KEY (workspace_id, purpose_id) REFERENCES consent_purposes (workspace_id, id),
  FOREIGN KEY (purpose_id, text_version) REFERENCES consent_purpose_texts (purpose_id, version)
);
CREATE INDEX consent_records_person ON consent_records (workspace_id, person_id, recorded_at DESC, id DESC);

CREATE FUNCTION consent_log_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE FUNCTION consent_records_erase_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.evidence_erased_at IS NULL AND NEW.evidence_erased_at IS NOT NULL AND NEW.evidence = ''
     AND (NEW.id, NEW.workspace_id, NEW.person_id, NEW.purpose_id, NEW.legal_basis, NEW.action, NEW.source,
          NEW.text_version, NEW.recorded_by, NEW.recorded_at)
         IS NOT DISTINCT FROM
         (OLD.id, OLD.workspace_id, OLD.person_id, OLD.purpose_id, OLD.legal_basis, OLD.action, OLD.source,
          OLD.text_version, OLD.recorded_by, OLD.recorded_at) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'consent_records is append-only: % is not allowed (only the evidence may be erased)', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TRIGGER consent_records_no_update BEFORE UPDATE OR DELETE ON consent_records
  FOR EACH ROW EXECUTE FUNCTION consent_records_erase_only();
CREATE TRIGGER consent_records_no_truncate BEFORE TRUNCATE ON consent_records
  FOR EACH STATEMENT EXECUTE FUNCTION consent_log_reject_change();
CREATE TRIGGER consent_purpose_texts_no_update BEFORE UPDATE OR DELETE ON consent_purpose_texts
  FOR EACH ROW EXECUTE FUNCTION consent_log_reject_change();
CREATE TRIGGER consent_purpose_texts_no_truncate BEFORE TRUNCATE ON consent_purpose_texts
  FOR EACH STATEMENT EXECUTE FUNCTION consent_log_reject_change();

-- A lead source and an import may record a purpose + legal basis for every person they create or update.
ALTER TABLE intake_sources ADD COLUMN consent_purpose_id uuid REFERENCES consent_purposes(id),
  ADD COLUMN consent_basis text CHECK (consent_basis IN ('consent', 'legitimate_interest', 'contract',
    'legal_obligation', 'judicial_process', 'credit_protection'));
ALTER TABLE imports ADD COLUMN consent_purpose_id uuid REFERENCES consent_purposes(id),
  ADD COLUMN consent_basis text CHECK (consent_basis IN ('consent', 'legitimate_interest', 'contract',
    'legal_obligation', 'judicial_process', 'credit_protection'));

GRANT SELECT, INSERT, UPDATE ON consent_purposes TO funil_app;
GRANT SELECT, INSERT ON consent_purpose_texts, consent_records TO funil_app;
GRANT UPDATE (evidence, evidence_erased_at) ON consent_records TO funil_app;
