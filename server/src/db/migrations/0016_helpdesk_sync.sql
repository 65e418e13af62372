-- Two-way sync with a helpdesk (Chatwoot). Outbound: a stage or status change of a negotiation linked to a helpdesk
-- conversation is captured in the writer's transaction (like webhooks, from the timeline) and becomes one delivery
-- per linked conversation in the same delivery log as webhooks, sent by the `helpdesk-sync` job. Inbound: each
-- webhook the helpdesk sends is recorded once by a key of its own, so a redelivery changes nothing.

-- The delivery log serves both targets: a webhook subscription or a helpdesk integration, exactly one of them.
ALTER TABLE webhook_deliveries
  ALTER COLUMN subscription_id DROP NOT NULL,
  ADD COLUMN target_kind text NOT NULL DEFAULT 'webhook' CHECK (target_kind IN ('webhook', 'helpdesk')),
  ADD COLUMN integration_id uuid REFERENCES integrations(id),
  ADD CONSTRAINT webhook_deliveries_one_target CHECK (
    (target_kind = 'webhook' AND subscription_id IS NOT NULL AND integration_id IS NULL)
    OR (target_kind = 'helpdesk' AND integration_id IS NOT NULL AND subscription_id IS NULL)
  );
-- One delivery per event, integration and conversation (target_url names the conversation).
CREATE UNIQUE INDEX webhook_deliveries_helpdesk_once ON webhook_deliveries (integration_id, event_id, target_url)
  WHERE integration_id IS NOT NULL;
CREATE INDEX webhook_deliveries_integration_idx ON webhook_deliveries (workspace_id, integration_id, created_at DESC)
  WHERE integration_id IS NOT NULL;

-- A negotiation's stage or status change waiting for the helpdesk relay; written only when the negotiation is
-- linked to a helpdesk conversation, in the transaction of the change (a rolled-back change leaves nothing).
CREATE TABLE helpdesk_sync_outbox (
  event_id bigint PRIMARY KEY REFERENCES timeline_events(id),
  workspace_id uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE FUNCTION helpdesk_sync_outbox_capture() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.subject_type = 'opportunity' AND NEW.kind IN ('stage_changed', 'status_changed')
     AND EXISTS (SELECT 1 FROM helpdesk_conversations c
                 WHERE c.workspace_id = NEW.workspace_id AND c.opportunity_id = NEW.subject_id) THEN
    INSERT INTO helpdesk_sync_outbox (event_id, workspace_id) VALUES (NEW.id, NEW.workspace_id);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER timeline_events_helpdesk_sync_outbox AFTER INSERT ON timeline_events
  FOR EACH ROW EXECUTE FUNCTION helpdesk_sync_outbox_capture();

-- Inbound webhooks already handled, by a key derived from the event (message id, conversation and status, …).
CREATE TABLE helpdesk_inbound_events (
  workspace_id uuid NOT NULL REFERENCES workspaces(id),
  integration_id uuid NOT NULL REFERENCES integrations(id),
  event_key text NOT NULL CHECK (length(event_key) BETWEEN 1 AND 300),
  event text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (integration_id, event_key)
);

GRANT SELECT, INSERT, UPDATE, DELETE ON helpdesk_sync_outbox TO funil_app;
GRANT SELECT, INSERT ON helpdesk_inbound_events TO funil_app;
