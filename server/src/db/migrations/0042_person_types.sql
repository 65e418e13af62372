-- Person types (Administração › Tipos de pessoa): the workspace's kinds of people, each on a base kind
-- (individual/company, which the rest of Funil still hangs on) with the documents it asks for
-- ([{kind: cpf|cnpj|passport|state_registration|none, required}], checked by domain/src/person-types.ts).
-- Two built-in types per workspace (`builtin` = the kind they stand for) keep the old rules and cannot be deleted.
CREATE TABLE person_types (
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id),
  name text NOT NULL,
  base_kind text NOT NULL CHECK (base_kind IN ('individual', 'company')),
  builtin text CHECK (builtin = base_kind),
  documents jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(documents) = 'array'),
  version int NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (id, workspace_id)
);
CREATE UNIQUE INDEX person_types_name_idx ON person_types (workspace_id, lower(name));
CREATE UNIQUE INDEX person_types_builtin_idx ON person_types (workspace_id, builtin) WHERE builtin IS NOT NULL;

-- The built-in types are the floor every person stands on: the database refuses to delete them.
CREATE FUNCTION person_types_keep_builtin() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.builtin IS NOT NULL THEN
    RAISE EXCEPTION 'built-in person type % cannot be deleted', OLD.id USING ERRCODE = 'restrict_violation';
  END IF;
  RETURN OLD;
END $$;
CREATE TRIGGER person_types_keep_builtin BEFORE DELETE ON person_types
  FOR EACH ROW EXECUTE FUNCTION person_types_keep_builtin();

-- Every workspace has the two built-in types: the existing ones now, new ones from their first insert.
CREATE FUNCTION person_types_add_builtins(ws uuid) RETURNS void LANGUAGE sql AS $$
  INSERT INTO person_types (workspace_id, name, base_kind, builtin, documents) VALUES
    (ws, 'Pessoa física', 'individual', 'individual', '[{"kind": "cpf", "required": false}]'),
    (ws, 'Pessoa jurídica', 'company', 'company', '[{"kind": "cnpj", "required": false}]');
$$;
SELECT person_types_add_builtins(id) FROM workspaces;

CREATE FUNCTION workspaces_add_person_types() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM person_types_add_builtins(NEW.id);
  RETURN NEW;
END $$;
CREATE TRIGGER workspaces_add_person_types AFTER INSERT ON workspaces
  FOR EACH ROW EXECUTE FUNCTION workspaces_add_person_types();

-- NULL: the built-in type of the person's kind (people written before types, or by paths that know only the
-- kind: imports, intake). No backfill: a million-row UPDATE for a value the kind already says.
ALTER TABLE people ADD COLUMN person_type_id uuid;
ALTER TABLE people ADD CONSTRAINT people_person_type_fkey
  FOREIGN KEY (person_type_id, workspace_id) REFERENCES person_types (id, workspace_id);
-- "Is this type in use?" (deleting a type) without reading the people table.
CREATE INDEX people_person_type_idx ON people (workspace_id, person_type_id) WHERE person_type_id IS NOT NULL;

-- The documents beside people.document (which stays the CPF/CNPJ, with its unique index and every lookup by it):
-- one per kind and person; `issuer` is the passport's country (ISO 3166-1 alpha-2) or the IE's state (UF).
-- Unique per workspace, kind and issuer, except the IE "ISENTO" (exempt) many people share.
CREATE TABLE person_documents (
  workspace_id uuid NOT NULL REFERENCES workspaces(id),
  person_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('passport', 'state_registration')),
  issuer text NOT NULL,
  number text NOT NULL CHECK (number ~ '^[0-9A-Z]{1,20}$'),
  PRIMARY KEY (person_id, kind, workspace_id),
  FOREIGN KEY (person_id, workspace_id) REFERENCES people (id, workspace_id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX person_documents_number_idx ON person_documents (workspace_id, kind, issuer, number)
  WHERE number <> 'ISENTO';
-- The search box: a passport or IE number typed without its country/state.
CREATE INDEX person_documents_search_idx ON person_documents (workspace_id, number);

GRANT SELECT, INSERT, UPDATE, DELETE ON person_types TO funil_app;
GRANT SELECT, INSERT, DELETE ON person_documents TO funil_app;
