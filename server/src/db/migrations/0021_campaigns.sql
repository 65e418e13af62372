-- Mass sends (envios comerciais). A campaign is a message (e-mail or WhatsApp) from a template to the people a filter
-- of the people list matched when it was started. Each recipient is one row whose status moves forward only:
--   queued → sending (claimed by a worker, before the provider is called) → sent → delivered → read
--   queued → skipped (deny list, no address: decided when the campaign starts)
--   sending/sent → failed | bounced
-- A row is claimed (queued → sending) in the worker's own transaction before the provider is called, so a worker that
-- dies mid-send leaves it `sending`, and `sending` is never sent again: at most once per person (an interrupted row is
-- reconciled by the provider's late status webhook, which carries the recipient id, or marked failed `interrupted`).

CREATE TABLE campaigns (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  channel text NOT NULL CHECK (channel IN ('email', 'whatsapp')),
  status text NOT NULL DEFAULT 'draft'
    CHECK (status IN ('draft', 'running', 'paused', 'cancelled', 'completed')),
  -- E-mail: subject + body; WhatsApp: body (free text, inside the 24-hour window) and the approved template used
  -- outside it (name + language; its body parameters are the variables named in template_params, in order).
  subject text CHECK (length(subject) <= 200),
  body text NOT NULL CHECK (length(body) BETWEEN 1 AND 4000),
  template_name text CHECK (length(template_name) <= 512),
  template_language text CHECK (length(template_language) <= 15),
  template_params text[] NOT NULL DEFAULT '{}',
  -- The people list's filters (domain PeopleFilters) the recipients were taken from.
  filter jsonb NOT NULL DEFAULT '{}',
  throttle_per_minute integer NOT NULL DEFAULT 60 CHECK (throttle_per_minute BETWEEN 1 AND 6000),
  -- The relay queues one `campaign-batch` job per tick while running; the job id is derived from (id, batch_seq).
  batch_seq integer NOT NULL DEFAULT 0,
  next_batch_at timestamptz,
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  finished_at timestamptz,
  version integer NOT NULL DEFAULT 1
);
CREATE INDEX campaigns_list_idx ON campaigns (workspace_id, created_at DESC, id DESC);
CREATE INDEX campaigns_due_idx ON campaigns (next_batch_at) WHERE status = 'running';

CREATE TABLE campaign_recipients (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id),
  campaign_id uuid NOT NULL REFERENCES campaigns(id),
  person_id uuid NOT NULL REFERENCES people(id),
  -- The e-mail address or E.164 phone the message goes to (null when skipped for lack of one).
  address text,
  status text NOT NULL DEFAULT 'queued'
    CHECK (status IN ('queued', 'skipped', 'sending', 'sent', 'delivered', 'read', 'failed', 'bounced')),
  skip_reason text CHECK (skip_reason IN ('do_not_contact', 'no_email', 'no_phone')),
  provider_message_id text,
  error text CHECK (length(error) <= 500),
  claimed_at timestamptz,
  sent_at timestamptz,
  delivered_at timestamptz,
  read_at timestamptz,
  failed_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  -- One message per person per campaign, whatever retries or restarts happen.
  UNIQUE (campaign_id, person_id)
);
CREATE INDEX campaign_recipients_queue_idx ON campaign_recipients (campaign_id, created_at, id) WHERE status = 'queued';
CREATE INDEX campaign_recipients_list_idx ON campaign_recipients (campaign_id, id);
CREATE INDEX campaign_recipients_message_idx ON campaign_recipients (provider_message_id)
  WHERE provider_message_id IS NOT NULL;

-- A workspace's WhatsApp Cloud API number: the webhook finds the workspace by phone_number_id (metadata of each
-- change) and checks X-Hub-Signature-256 with the app secret; GET's hub.verify_token must match verify_token.
CREATE TABLE whatsapp_accounts (
  workspace_id uuid PRIMARY KEY REFERENCES workspaces(id),
  api_url text NOT NULL CHECK (length(api_url) <= 300),
  api_version text NOT NULL DEFAULT 'v21.0' CHECK (length(api_version) <= 10),
  phone_number_id text NOT NULL UNIQUE CHECK (length(phone_number_id) <= 40),
  access_token_sealed text NOT NULL,
  app_secret_sealed text NOT NULL,
  verify_token text NOT NULL UNIQUE CHECK (length(verify_token) BETWEEN 8 AND 200),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- The last message each WhatsApp number sent the workspace: inside 24 hours free text may be sent, outside it only an
-- approved template (the customer-service window).
CREATE TABLE whatsapp_contacts (
  workspace_id uuid NOT NULL REFERENCES workspaces(id),
  phone text NOT NULL,
  last_inbound_at timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, phone)
);

-- How far along a message is; a status report only moves a recipient forward (domain RECIPIENT_STATUS_RANK).
CREATE FUNCTION campaign_status_rank(s text) RETURNS numeric IMMUTABLE LANGUAGE sql AS $$
  SELECT CASE s WHEN 'queued' THEN 0 WHEN 'skipped' THEN 0 WHEN 'sending' THEN 1 WHEN 'sent' THEN 2
    WHEN 'failed' THEN 2.5 WHEN 'bounced' THEN 2.5 WHEN 'delivered' THEN 3 WHEN 'read' THEN 4 END
$$;

GRANT SELECT, INSERT, UPDATE ON campaigns, campaign_recipients, whatsapp_accounts, whatsapp_contacts TO funil_app;
