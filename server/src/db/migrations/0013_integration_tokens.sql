-- One model: every API token belongs to an integration. Each token made on the old "Tokens de API" page (no
-- integration) is wrapped into an integration of kind 'erp' named after it; the integration takes the token's id
-- (different tables, so no clash), its creator and creation time. A token already revoked leaves its integration
-- listed with that revoked token, as the page showed it.
INSERT INTO integrations (id, workspace_id, name, kind, created_by, created_at, updated_at)
SELECT t.id, t.workspace_id, t.name, 'erp', t.created_by, t.created_at, t.created_at
FROM api_tokens t
WHERE t.integration_id IS NULL;

UPDATE api_tokens SET integration_id = id WHERE integration_id IS NULL;

ALTER TABLE api_tokens ALTER COLUMN integration_id SET NOT NULL;
DROP INDEX api_tokens_integration_idx;
CREATE INDEX api_tokens_integration_idx ON api_tokens (workspace_id, integration_id, created_at DESC);

-- An admin may map an agent the helpdesk has not sent yet: such an agent has never been seen.
ALTER TABLE integration_agents ALTER COLUMN last_seen_at DROP NOT NULL;
