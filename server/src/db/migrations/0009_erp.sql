-- ERP integration (issue 5 §6): API tokens for machine clients, and what the ERP pushes about a person —
-- financial titles (receivables), credit limits and sales orders — shown on the person's Resumo 360°.

-- A token is a principal of its own (not a user): it may call only the routes that declare one of its scopes.
-- Only the sha256 of the secret is kept; `prefix` (random, not secret) finds the row and is shown in lists.
CREATE TABLE api_tokens (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
  prefix text NOT NULL UNIQUE,
  token_hash bytea NOT NULL,
  scopes text[] NOT NULL
    CHECK (cardinality(scopes) > 0 AND scopes <@ ARRAY['erp:receivables', 'erp:credit-limits', 'erp:sales-orders']),
  -- Empty: any address.
  allowed_cidrs cidr[] NOT NULL DEFAULT '{}',
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  expires_at timestamptz,
  revoked_at timestamptz,
  revoked_by uuid REFERENCES users(id)
);
CREATE INDEX api_tokens_workspace_idx ON api_tokens (workspace_id, created_at DESC);

-- Financial titles as the ERP states them; "overdue" is not stored: an open title past its due day
-- (America/Sao_Paulo) is overdue, computed when read. A PUT replaces a person's whole set.
CREATE TABLE receivables (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL,
  person_id uuid NOT NULL REFERENCES people(id),
  external_id text NOT NULL,
  number text,
  description text,
  issued_on date,
  due_on date NOT NULL,
  amount_cents bigint NOT NULL CHECK (amount_cents >= 0),
  paid_cents bigint NOT NULL DEFAULT 0 CHECK (paid_cents >= 0),
  paid_on date,
  status text NOT NULL CHECK (status IN ('open', 'paid', 'cancelled')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (workspace_id, person_id, external_id)
);
CREATE INDEX receivables_person_idx ON receivables (person_id, due_on DESC);

CREATE TABLE credit_limits (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL,
  person_id uuid NOT NULL REFERENCES people(id),
  external_id text NOT NULL,
  description text,
  granted_cents bigint NOT NULL CHECK (granted_cents >= 0),
  used_cents bigint NOT NULL DEFAULT 0 CHECK (used_cents >= 0),
  valid_until date,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (workspace_id, person_id, external_id)
);
CREATE INDEX credit_limits_person_idx ON credit_limits (person_id);

-- Sales orders: one table for both sources, so "Ordens de venda" is one list. `crm` orders are written when a
-- proposal is accepted (opportunity + proposal, as before); `erp` orders are upserted by the ERP by its id
-- (`external_id`, unique per workspace) and name the person directly. `number` stays the CRM's own sequence;
-- the ERP's document number is `external_number`; `value_cents` is the order total.
ALTER TABLE sales_orders
  ALTER COLUMN opportunity_id DROP NOT NULL,
  ALTER COLUMN proposal_id DROP NOT NULL,
  ADD COLUMN source text NOT NULL DEFAULT 'crm' CHECK (source IN ('crm', 'erp')),
  ADD COLUMN external_id text,
  ADD COLUMN external_number text,
  ADD COLUMN person_id uuid REFERENCES people(id),
  ADD COLUMN status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'invoiced', 'delivered', 'cancelled')),
  ADD COLUMN issued_on date,
  ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now(),
  ADD CONSTRAINT sales_orders_origin_check CHECK (
    (source = 'crm' AND opportunity_id IS NOT NULL AND proposal_id IS NOT NULL)
    OR (source = 'erp' AND external_id IS NOT NULL AND person_id IS NOT NULL)
  );
-- The idempotency of the bulk upsert: concurrent identical batches meet here (ON CONFLICT).
CREATE UNIQUE INDEX sales_orders_external_idx ON sales_orders (workspace_id, external_id) WHERE external_id IS NOT NULL;
CREATE INDEX sales_orders_person_idx ON sales_orders (person_id) WHERE person_id IS NOT NULL;

GRANT SELECT, INSERT, UPDATE, DELETE ON api_tokens, receivables, credit_limits TO funil_app;

-- Wallet activity (0005 counted every person event after creation) leaves out what is not working the client:
-- an ERP sync, and looking at the phones (recorded as phones_revealed). The one list of exceptions.
DROP TRIGGER timeline_events_person_activity ON timeline_events;
CREATE TRIGGER timeline_events_person_activity AFTER INSERT ON timeline_events
  FOR EACH ROW WHEN (NEW.subject_type = 'person' AND NEW.kind NOT IN ('created', 'erp_synced', 'phones_revealed'))
  EXECUTE FUNCTION people_touch_activity();
