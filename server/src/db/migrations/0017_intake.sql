-- Lead intake. A lead source is an integration of kind `lead_source`; its intake settings live here, one row per
-- source. Each lead received is one row of intake_leads (the raw body as received and the lead as parsed), answered
-- at once and processed by the `intake-lead` job, which advances the row until it ends created / merged / duplicate /
-- rejected. A source's own lead id is unique per source, so a resent lead finds its row and changes nothing.

CREATE TABLE intake_sources (
  integration_id uuid PRIMARY KEY REFERENCES integrations(id),
  workspace_id uuid NOT NULL REFERENCES workspaces(id),
  preset text NOT NULL CHECK (preset IN ('site_form', 'meta_lead_ads', 'rd_station', 'olx_zap', 'google_ads', 'generic')),
  pipeline_id uuid NOT NULL REFERENCES pipelines(id),
  stage_id uuid REFERENCES pipeline_stages(id),
  media text CHECK (length(media) <= 80),
  channel text CHECK (length(channel) <= 80),
  default_owner_id uuid REFERENCES users(id),
  -- A new negotiation even when the person already has an open one in this funnel.
  always_new_opportunity boolean NOT NULL DEFAULT false,
  -- Generic preset: lead field → JSON path.
  mapping jsonb NOT NULL DEFAULT '{}',
  -- Site form: the public key in the form's URL (no token on a public page), the consent text and its version
  -- (bumped when the text changes), the origins allowed to post from a browser, where to send the visitor after.
  form_key text NOT NULL UNIQUE,
  consent_text text NOT NULL DEFAULT '' CHECK (length(consent_text) <= 2000),
  consent_version integer NOT NULL DEFAULT 1,
  allowed_origins text[] NOT NULL DEFAULT '{}',
  thank_you_url text CHECK (length(thank_you_url) <= 500),
  -- Google Ads: the key Google sends in each lead (`google_key`), generated here and pasted into Google Ads.
  google_key text,
  -- Meta: the verify token of the subscription handshake and the app secret of X-Hub-Signature-256 (sealed).
  meta_verify_token text,
  meta_app_secret_sealed text,
  version integer NOT NULL DEFAULT 1,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX intake_sources_workspace_idx ON intake_sources (workspace_id);

CREATE TABLE intake_leads (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id),
  source_id uuid NOT NULL REFERENCES integrations(id),
  -- The source's own id of the lead (null: the source has none, as the site form).
  external_id text CHECK (length(external_id) <= 300),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'created', 'merged', 'duplicate', 'rejected')),
  reason text,
  content_type text,
  raw_body text NOT NULL,
  -- The lead as parsed from the payload (a ParsedLead of the domain).
  lead jsonb NOT NULL,
  -- Site form: the consent text and version the visitor agreed to.
  consent jsonb,
  person_id uuid REFERENCES people(id),
  created_person boolean,
  opportunity_id uuid REFERENCES opportunities(id),
  -- The lead_received event is on the person's timeline (written with this flag, so a retry does not repeat it).
  event_recorded boolean NOT NULL DEFAULT false,
  distribution jsonb,
  attempts integer NOT NULL DEFAULT 0,
  queued_at timestamptz,
  received_at timestamptz NOT NULL DEFAULT now(),
  processed_at timestamptz
);
CREATE UNIQUE INDEX intake_leads_external_once ON intake_leads (source_id, external_id) WHERE external_id IS NOT NULL;
CREATE INDEX intake_leads_log_idx ON intake_leads (workspace_id, received_at DESC, id DESC);
CREATE INDEX intake_leads_unqueued_idx ON intake_leads (received_at) WHERE queued_at IS NULL;

-- Site form posts per client address and form in fixed one-minute windows, shared by every instance.
CREATE TABLE intake_form_hits (
  workspace_id uuid NOT NULL,
  source_id uuid NOT NULL,
  client text NOT NULL,
  window_start timestamptz NOT NULL,
  hits integer NOT NULL DEFAULT 1,
  PRIMARY KEY (source_id, client, window_start)
);

GRANT SELECT, INSERT, UPDATE ON intake_sources TO funil_app;
GRANT SELECT, INSERT, UPDATE ON intake_leads TO funil_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON intake_form_hits TO funil_app;
