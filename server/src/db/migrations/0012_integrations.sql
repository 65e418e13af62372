-- Integrations: a named connection to another system (a helpdesk, a lead source, an ERP, anything custom). It owns
-- its API tokens — a token stays the one principal a machine authenticates with — and holds what the connection
-- needs beyond a token: how long the caller waits at most, which teams' agents may link contacts from the helpdesk
-- panel, which helpdesk origins may frame the panel, the mapping helpdesk agent → Funil user, and for a helpdesk
-- the provider Funil talks back to.
CREATE TABLE integrations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
  kind text NOT NULL CHECK (kind IN ('helpdesk', 'lead_source', 'erp', 'custom')),
  -- "Tempo máximo de resposta": a token request of this integration is answered within it (a timeout problem
  -- otherwise), so the caller is never left hanging.
  timeout_ms integer NOT NULL DEFAULT 10000 CHECK (timeout_ms BETWEEN 1000 AND 120000),
  -- Teams whose members (as mapped agents) may link helpdesk contacts to people; empty: nobody may.
  linking_team_ids uuid[] NOT NULL DEFAULT '{}',
  -- Origins (scheme://host[:port]) allowed to frame the helpdesk panel; empty: nobody may.
  frame_origins text[] NOT NULL DEFAULT '{}',
  -- Signs the panel's query parameters and authenticates the panel's session exchange (lib/secret-box.ts).
  panel_secret_sealed text,
  -- Where Funil writes back (contact attributes, private notes), for a helpdesk: provider, base URL, account and
  -- the provider's API token, sealed.
  provider text CHECK (provider IN ('chatwoot')),
  provider_base_url text,
  provider_account_id text,
  provider_token_sealed text,
  -- Verifies the provider's inbound webhooks (HMAC), sealed.
  provider_webhook_secret_sealed text,
  version integer NOT NULL DEFAULT 1,
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz
);
CREATE INDEX integrations_workspace_idx ON integrations (workspace_id, created_at DESC) WHERE deleted_at IS NULL;

-- Tokens belong to an integration (null only for tokens made before integrations, on the ERP page). Rotation keeps
-- the old token alive until `expires_at` (the overlap) while the new one is rolled out. The last caller's address
-- is shown beside the last use. Scopes are no longer limited to the ERP's: the domain validates them.
ALTER TABLE api_tokens
  ADD COLUMN integration_id uuid REFERENCES integrations(id),
  ADD COLUMN last_used_ip inet,
  DROP CONSTRAINT api_tokens_scopes_check,
  ADD CONSTRAINT api_tokens_scopes_check CHECK (cardinality(scopes) > 0);
CREATE INDEX api_tokens_integration_idx ON api_tokens (integration_id) WHERE integration_id IS NOT NULL;

-- The helpdesk's agents as an integration saw them, and the Funil user each acts as: matched by e-mail when first
-- seen, editable by an admin ('manual'); an agent without a user may not act.
CREATE TABLE integration_agents (
  workspace_id uuid NOT NULL REFERENCES workspaces(id),
  integration_id uuid NOT NULL REFERENCES integrations(id),
  agent_id text NOT NULL CHECK (length(agent_id) BETWEEN 1 AND 200),
  name text,
  email text,
  user_id uuid REFERENCES users(id),
  matched_by text NOT NULL DEFAULT 'none' CHECK (matched_by IN ('email', 'manual', 'none')),
  first_seen_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (integration_id, agent_id)
);

-- A helpdesk contact linked to a person (Vincular existente / Criar novo, or an inbound contact webhook).
CREATE TABLE helpdesk_contacts (
  workspace_id uuid NOT NULL REFERENCES workspaces(id),
  integration_id uuid NOT NULL REFERENCES integrations(id),
  contact_id text NOT NULL CHECK (length(contact_id) BETWEEN 1 AND 200),
  person_id uuid NOT NULL REFERENCES people(id),
  linked_by uuid REFERENCES users(id),
  linked_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (integration_id, contact_id)
);
CREATE INDEX helpdesk_contacts_person_idx ON helpdesk_contacts (workspace_id, person_id);

-- A helpdesk conversation, its contact, the person and the negotiation it is about (the latest one added or linked
-- from the panel): what the sync writes back to when that negotiation moves, wins or loses.
CREATE TABLE helpdesk_conversations (
  workspace_id uuid NOT NULL REFERENCES workspaces(id),
  integration_id uuid NOT NULL REFERENCES integrations(id),
  conversation_id text NOT NULL CHECK (length(conversation_id) BETWEEN 1 AND 200),
  contact_id text,
  person_id uuid REFERENCES people(id),
  opportunity_id uuid REFERENCES opportunities(id),
  status text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (integration_id, conversation_id)
);
CREATE INDEX helpdesk_conversations_opportunity_idx ON helpdesk_conversations (workspace_id, opportunity_id)
  WHERE opportunity_id IS NOT NULL;
CREATE INDEX helpdesk_conversations_person_idx ON helpdesk_conversations (workspace_id, person_id)
  WHERE person_id IS NOT NULL;

GRANT SELECT, INSERT, UPDATE ON integrations, integration_agents, helpdesk_conversations TO funil_app;
-- DELETE: a contact can be unlinked (the link is state, not history; the timeline keeps what happened).
GRANT SELECT, INSERT, UPDATE, DELETE ON helpdesk_contacts TO funil_app;
