-- Funil foundation: workspaces, users, teams, branches, people, the immutable timeline.
-- Runs as the schema owner. The application connects and then acts as role `funil_app`
-- (see db/pool.ts), which owns nothing and only gets the grants below.

CREATE EXTENSION IF NOT EXISTS unaccent;

DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'funil_app') THEN
    CREATE ROLE funil_app NOLOGIN;
  END IF;
  -- The connecting (owner) role must be able to SET ROLE funil_app.
  EXECUTE format('GRANT funil_app TO %I', current_user);
END $$;

-- unaccent() is only STABLE (it depends on the dictionary search path); pinning the dictionary
-- makes it safe to declare IMMUTABLE and to index.
CREATE FUNCTION f_unaccent(text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  RETURN public.unaccent('public.unaccent'::regdictionary, $1);

CREATE FUNCTION search_text(text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  RETURN lower(f_unaccent($1));

-- The word prefixes (2 to 20 letters) of a name, as a tsvector: "Maria Cecília" → ma, mar, mari, maria, ce,
-- cec, … A search for "mar ceci" is then an AND of exact lexemes, which GIN intersects quickly; a
-- prefix query (mar:*) would have to merge every lexeme under the prefix first.
CREATE FUNCTION search_prefixes(text) RETURNS tsvector
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  RETURN (SELECT coalesce(array_to_tsvector(array_agg(DISTINCT left(w, n))), ''::tsvector)
          FROM regexp_split_to_table(search_text($1), '[^[:alnum:]]+') AS w,
               generate_series(2, least(length(w), 20)) AS n);

CREATE TABLE workspaces (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  settings jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE branches (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id),
  name text NOT NULL,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (workspace_id, name)
);

CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id),
  name text NOT NULL,
  email text NOT NULL,
  password_hash text NOT NULL,
  role text NOT NULL CHECK (role IN ('admin', 'manager', 'broker', 'attendant')),
  branch_id uuid REFERENCES branches(id),
  active boolean NOT NULL DEFAULT true,
  failed_logins integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- E-mails are global: a login finds its workspace by e-mail.
CREATE UNIQUE INDEX users_email_key ON users (lower(email));
CREATE INDEX users_workspace_idx ON users (workspace_id);

CREATE TABLE teams (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id),
  name text NOT NULL,
  branch_id uuid REFERENCES branches(id),
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (workspace_id, name)
);

CREATE TABLE team_members (
  workspace_id uuid NOT NULL REFERENCES workspaces(id),
  team_id uuid NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id),
  is_manager boolean NOT NULL DEFAULT false,
  PRIMARY KEY (team_id, user_id)
);
CREATE INDEX team_members_user_idx ON team_members (user_id);

CREATE TABLE sessions (
  token_hash text PRIMARY KEY,
  workspace_id uuid NOT NULL REFERENCES workspaces(id),
  user_id uuid NOT NULL REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

CREATE TABLE people (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id),
  kind text NOT NULL CHECK (kind IN ('individual', 'company')),
  name text NOT NULL,
  trade_name text,
  document text,
  rg text,
  state_registration text,
  birth_date date,
  stage text NOT NULL CHECK (stage IN ('suspect', 'prospect', 'lead', 'client')),
  owner_id uuid REFERENCES users(id),
  branch_id uuid REFERENCES branches(id),
  tags text[] NOT NULL DEFAULT '{}',
  source_media text,
  source_channel text,
  origin text NOT NULL CHECK (origin IN ('manual', 'integration')),
  origin_integration text,
  origin_payload jsonb,
  social jsonb NOT NULL DEFAULT '{}',
  photo_key text,
  created_by uuid REFERENCES users(id),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- Name search: prefixes of the words of name and trade name, lowercase and without accents.
  search_vector tsvector GENERATED ALWAYS AS (search_prefixes(name || ' ' || coalesce(trade_name, ''))) STORED
);
CREATE UNIQUE INDEX people_document_key ON people (workspace_id, document) WHERE document IS NOT NULL;
CREATE INDEX people_search_idx ON people USING gin (search_vector);
CREATE INDEX people_owner_idx ON people (workspace_id, owner_id, name, id);
CREATE INDEX people_name_idx ON people (workspace_id, name, id);
CREATE INDEX people_created_idx ON people (workspace_id, created_at, id);
CREATE INDEX people_updated_idx ON people (workspace_id, updated_at, id);
CREATE INDEX people_branch_idx ON people (workspace_id, branch_id);
CREATE INDEX people_tags_idx ON people USING gin (tags);

-- Child rows carry workspace_id for scoping and sharding but no foreign key to workspaces: their parent
-- already has one, and every concurrent insert would otherwise share-lock the one workspace row.
CREATE TABLE person_phones (
  workspace_id uuid NOT NULL,
  person_id uuid NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  number text NOT NULL,
  type text NOT NULL CHECK (type IN ('mobile', 'whatsapp', 'landline', 'commercial')),
  is_primary boolean NOT NULL DEFAULT false,
  position smallint NOT NULL,
  -- A person's list in order; also the index behind "the phones of this person".
  PRIMARY KEY (person_id, position)
);
CREATE UNIQUE INDEX person_phones_number_key ON person_phones (workspace_id, number);

CREATE TABLE person_emails (
  workspace_id uuid NOT NULL,
  person_id uuid NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  address text NOT NULL,
  type text NOT NULL CHECK (type IN ('personal', 'work', 'other')),
  is_primary boolean NOT NULL DEFAULT false,
  position smallint NOT NULL,
  PRIMARY KEY (person_id, position)
);
CREATE UNIQUE INDEX person_emails_address_key ON person_emails (workspace_id, address);

CREATE TABLE person_addresses (
  workspace_id uuid NOT NULL,
  person_id uuid NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  type text NOT NULL CHECK (type IN ('home', 'work', 'billing', 'other')),
  cep text NOT NULL,
  street text NOT NULL,
  number text,
  complement text,
  district text,
  city text NOT NULL,
  state text NOT NULL,
  is_primary boolean NOT NULL DEFAULT false,
  position smallint NOT NULL,
  PRIMARY KEY (person_id, position)
);

CREATE TABLE person_shares (
  workspace_id uuid NOT NULL,
  person_id uuid NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  user_id uuid REFERENCES users(id),
  team_id uuid REFERENCES teams(id),
  CHECK ((user_id IS NULL) <> (team_id IS NULL))
);
CREATE UNIQUE INDEX person_shares_user_key ON person_shares (person_id, user_id) WHERE user_id IS NOT NULL;
CREATE UNIQUE INDEX person_shares_team_key ON person_shares (person_id, team_id) WHERE team_id IS NOT NULL;
CREATE INDEX person_shares_user_idx ON person_shares (user_id) WHERE user_id IS NOT NULL;
CREATE INDEX person_shares_team_idx ON person_shares (team_id) WHERE team_id IS NOT NULL;

-- The timeline. Each subject's events form a hash chain: hash = sha256(prev_hash || canonical event).
-- Personal values (names, documents, phones, free text) never sit in the chained row: the row keeps
-- `payload_digest` = sha256(salt || payload) and the payload lives in timeline_payloads, where an LGPD
-- erasure can destroy it without breaking the chain.
CREATE TABLE timeline_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  workspace_id uuid NOT NULL,
  subject_type text NOT NULL,
  subject_id uuid NOT NULL,
  seq integer NOT NULL,
  kind text NOT NULL,
  actor_id uuid REFERENCES users(id),
  occurred_at timestamptz NOT NULL,
  summary jsonb NOT NULL DEFAULT '{}',
  payload_digest text NOT NULL,
  prev_hash text NOT NULL,
  hash text NOT NULL,
  -- One chain per subject, in order; also the index that reads a subject's timeline (newest first).
  UNIQUE (subject_type, subject_id, seq)
);

CREATE TABLE timeline_payloads (
  event_id bigint PRIMARY KEY REFERENCES timeline_events(id),
  workspace_id uuid NOT NULL,
  salt text NOT NULL,
  payload jsonb,
  erased_at timestamptz
);

CREATE FUNCTION timeline_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'timeline_events is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TRIGGER timeline_events_no_update BEFORE UPDATE OR DELETE ON timeline_events
  FOR EACH ROW EXECUTE FUNCTION timeline_reject_change();
CREATE TRIGGER timeline_events_no_truncate BEFORE TRUNCATE ON timeline_events
  FOR EACH STATEMENT EXECUTE FUNCTION timeline_reject_change();

-- A payload may only be erased (payload set to NULL, erased_at set), never rewritten or removed.
CREATE FUNCTION timeline_payload_erase_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.payload IS NULL AND NEW.erased_at IS NOT NULL
     AND NEW.event_id = OLD.event_id AND NEW.salt = OLD.salt AND OLD.payload IS NOT NULL THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'timeline_payloads can only be erased, not changed (%)', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TRIGGER timeline_payloads_erase_only BEFORE UPDATE OR DELETE ON timeline_payloads
  FOR EACH ROW EXECUTE FUNCTION timeline_payload_erase_only();
CREATE TRIGGER timeline_payloads_no_truncate BEFORE TRUNCATE ON timeline_payloads
  FOR EACH STATEMENT EXECUTE FUNCTION timeline_reject_change();

CREATE TABLE idempotency_keys (
  workspace_id uuid NOT NULL REFERENCES workspaces(id),
  user_id uuid NOT NULL REFERENCES users(id),
  key text NOT NULL,
  request_hash text NOT NULL,
  status_code integer,
  response_headers jsonb,
  response_body text,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, key)
);

GRANT USAGE ON SCHEMA public TO funil_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON workspaces, branches, users, teams, team_members, sessions,
  people, person_phones, person_emails, person_addresses, person_shares, idempotency_keys TO funil_app;
GRANT SELECT, INSERT ON timeline_events TO funil_app;
GRANT SELECT, INSERT, UPDATE (payload, erased_at) ON timeline_payloads TO funil_app;
