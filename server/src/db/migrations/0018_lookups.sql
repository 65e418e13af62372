-- Company (CNPJ) and address (CEP) lookups. What the registries answer is public data, the same for every
-- workspace, so one cache serves them all (statements over it carry the "any workspace" marker); an entry expires
-- by its own `expires_at` (found: CNPJ 30 days, CEP 90 days; not found: a short while).
CREATE TABLE lookup_cache (
  kind text NOT NULL CHECK (kind IN ('cnpj', 'cep')),
  key text NOT NULL,
  found boolean NOT NULL,
  -- The normalized record (company or address) when found; null when the provider said "not found".
  data jsonb,
  provider text NOT NULL,
  fetched_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (kind, key)
);
CREATE INDEX lookup_cache_expires_idx ON lookup_cache (expires_at);

-- What the CNPJ lookup brings that people had no place for: the main activity (CNAE) and the registration
-- situation (situação cadastral) of a company.
ALTER TABLE people
  ADD COLUMN cnae_code text,
  ADD COLUMN cnae_description text,
  ADD COLUMN registration_status text;

GRANT SELECT, INSERT, UPDATE ON lookup_cache TO funil_app;
