-- Helpdesk side panel sessions (/embed/helpdesk). The panel acts as the helpdesk agent's mapped Funil user, so it
-- reuses `sessions` (one principal model): a row with `integration_id` is a panel session. It is short-lived, sent
-- only in the X-Funil-Panel-Session header (third-party iframes get no cookies) and never accepted as the cookie,
-- and a cookie session is never accepted in that header. Deleting the integration ends its panel sessions.
ALTER TABLE sessions
  ADD COLUMN integration_id uuid REFERENCES integrations(id),
  ADD COLUMN agent_id text CHECK (length(agent_id) BETWEEN 1 AND 200),
  ADD CONSTRAINT sessions_panel_agent_check CHECK ((integration_id IS NULL) = (agent_id IS NULL));
