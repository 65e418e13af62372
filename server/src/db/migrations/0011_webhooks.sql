-- Outbound webhooks: a workspace's subscriptions, the outbox a timeline event feeds in its own transaction, and the
-- delivery log. The queue itself (retries with backoff, surviving restarts) is pg-boss, in its own schema `pgboss`,
-- which pg-boss creates and migrates at startup as the owner (jobs/queue.ts); the app role never touches it.
CREATE TABLE webhook_subscriptions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id),
  url text NOT NULL,
  event_types text[] NOT NULL,
  active boolean NOT NULL DEFAULT true,
  -- The signing secret (`whsec_…`), sealed with the server key (lib/secret-box.ts).
  secret_sealed text NOT NULL,
  consecutive_failures integer NOT NULL DEFAULT 0,
  -- Why it stopped: 'gone' (the target answered 410), 'failures' (too many in a row); null while active or
  -- switched off by hand.
  disabled_reason text CHECK (disabled_reason IN ('gone', 'failures')),
  disabled_at timestamptz,
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz
);
CREATE INDEX webhook_subscriptions_active_idx ON webhook_subscriptions (workspace_id)
  WHERE active AND deleted_at IS NULL;

-- A timeline event of a workspace that has an active subscription, waiting for the relay (written by the trigger
-- below in the transaction that records the change, so a rolled-back change leaves nothing to send).
CREATE TABLE webhook_outbox (
  event_id bigint PRIMARY KEY REFERENCES timeline_events(id),
  workspace_id uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE FUNCTION webhook_outbox_capture() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM webhook_subscriptions s
             WHERE s.workspace_id = NEW.workspace_id AND s.active AND s.deleted_at IS NULL) THEN
    INSERT INTO webhook_outbox (event_id, workspace_id) VALUES (NEW.id, NEW.workspace_id);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER timeline_events_webhook_outbox AFTER INSERT ON timeline_events
  FOR EACH ROW EXECUTE FUNCTION webhook_outbox_capture();

-- One message to one subscription: its body is fixed when it is made, so every attempt (and a manual resend)
-- carries the same `webhook-id` and signature input.
CREATE TABLE webhook_deliveries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id),
  subscription_id uuid NOT NULL REFERENCES webhook_subscriptions(id),
  event_id bigint REFERENCES timeline_events(id),
  event_type text NOT NULL,
  target_url text NOT NULL,
  body jsonb NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
  -- Queued for its current send (the relay sets it); a manual resend clears it and counts one more send, and the
  -- job id is derived from (id, sends), so queueing the same send twice adds one job.
  enqueued_at timestamptz,
  sends integer NOT NULL DEFAULT 0,
  attempts integer NOT NULL DEFAULT 0,
  last_attempt_at timestamptz,
  response_status integer,
  response_ms integer,
  response_excerpt text,
  error text,
  delivered_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (subscription_id, event_id)
);
CREATE INDEX webhook_deliveries_log_idx ON webhook_deliveries (workspace_id, created_at DESC);
CREATE INDEX webhook_deliveries_unqueued_idx ON webhook_deliveries (created_at)
  WHERE status = 'pending' AND enqueued_at IS NULL;

GRANT SELECT, INSERT, UPDATE ON webhook_subscriptions, webhook_deliveries TO funil_app;
-- UPDATE only for the relay's FOR UPDATE lock; rows are never changed.
GRANT SELECT, INSERT, UPDATE, DELETE ON webhook_outbox TO funil_app;
