-- The auto-dialer (discador, issue 12): the workspace's dialing rules, its do-not-call list, dialer sessions (an
-- attendant working a filtered call list one person at a time) and every call placed through the provider.

-- Calling hours per state and holidays (domain `CallingRules`), the cap of attempts per number per day and the share
-- of short calls (< 6 s) that raises the warning. One row per workspace, written with If-Match (version).
CREATE TABLE dialer_settings (
  workspace_id uuid PRIMARY KEY REFERENCES workspaces(id),
  calling_rules jsonb NOT NULL,
  max_attempts_per_day integer NOT NULL DEFAULT 3 CHECK (max_attempts_per_day BETWEEN 1 AND 20),
  short_call_warning_percent integer NOT NULL DEFAULT 30 CHECK (short_call_warning_percent BETWEEN 1 AND 100),
  version integer NOT NULL DEFAULT 1,
  updated_by uuid REFERENCES users(id),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- The workspace's do-not-call list (e.g. a "Não Me Perturbe" file): numbers the dialer never calls, whoever owns them.
CREATE TABLE do_not_call_imports (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id),
  file_name text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
  total integer NOT NULL,
  added integer NOT NULL,
  rejected integer NOT NULL,
  created_by uuid NOT NULL REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX do_not_call_imports_ws_idx ON do_not_call_imports (workspace_id, created_at DESC);

CREATE TABLE do_not_call_numbers (
  workspace_id uuid NOT NULL REFERENCES workspaces(id),
  phone text NOT NULL CHECK (phone ~ '^\+[1-9][0-9]{7,14}$'),
  import_id uuid NOT NULL REFERENCES do_not_call_imports(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, phone)
);

-- A dialer session: the call list a filter selected when it started (its items, in order), worked one at a time.
-- Pausing or stopping keeps the position (the items not yet called stay pending).
CREATE TABLE dialer_sessions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id),
  user_id uuid NOT NULL REFERENCES users(id),
  filter jsonb NOT NULL,
  status text NOT NULL CHECK (status IN ('running', 'paused', 'stopped', 'finished', 'failed')),
  total integer NOT NULL,
  -- Why a failed session stopped (the provider refused us: credentials, quota, network), shown to the attendant.
  error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);
-- One active session per attendant.
CREATE UNIQUE INDEX dialer_sessions_active_key ON dialer_sessions (workspace_id, user_id)
  WHERE status IN ('running', 'paused');
CREATE INDEX dialer_sessions_running_idx ON dialer_sessions (updated_at) WHERE status = 'running';

CREATE TABLE dialer_items (
  session_id uuid NOT NULL REFERENCES dialer_sessions(id),
  seq integer NOT NULL,
  workspace_id uuid NOT NULL,
  person_id uuid NOT NULL REFERENCES people(id),
  state text NOT NULL CHECK (state IN ('pending', 'calling', 'done', 'skipped')),
  -- Why it was not called: deny list, do-not-call list, no phone, daily cap, outside the state's calling hours,
  -- being called by another attendant, or no longer visible to the attendant.
  skip_reason text CHECK (skip_reason IN ('do_not_contact', 'do_not_call', 'no_phone', 'daily_cap',
    'outside_hours', 'in_call_elsewhere', 'not_visible')),
  PRIMARY KEY (session_id, seq)
);
CREATE INDEX dialer_items_pending_idx ON dialer_items (session_id, seq) WHERE state = 'pending';

-- Every call placed. `id` is Funil's reference, given to the provider (Twilio callback URL, ARI channel id).
CREATE TABLE dialer_calls (
  id uuid PRIMARY KEY,
  workspace_id uuid NOT NULL,
  session_id uuid NOT NULL REFERENCES dialer_sessions(id),
  seq integer NOT NULL,
  person_id uuid NOT NULL REFERENCES people(id),
  user_id uuid NOT NULL REFERENCES users(id),
  phone text NOT NULL,
  provider text NOT NULL,
  provider_call_id text,
  status text NOT NULL CHECK (status IN ('placing', 'ringing', 'answered', 'ended')),
  answered_by text CHECK (answered_by IN ('human', 'machine')),
  outcome text CHECK (outcome IN ('answered', 'voicemail', 'no_answer', 'invalid_number', 'busy', 'failed')),
  duration_seconds integer,
  detail text,
  last_sequence integer,
  -- The contact attempt the call became (recorded automatically for a frustrated call, by the return otherwise).
  attempt_id uuid REFERENCES contact_attempts(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  answered_at timestamptz,
  ended_at timestamptz,
  wrapped_up_at timestamptz,
  FOREIGN KEY (session_id, seq) REFERENCES dialer_items(session_id, seq)
);
-- Two attendants never get the same person at once: one call in progress per person.
CREATE UNIQUE INDEX dialer_calls_person_active_key ON dialer_calls (workspace_id, person_id) WHERE status <> 'ended';
CREATE INDEX dialer_calls_session_idx ON dialer_calls (session_id, created_at DESC);
CREATE INDEX dialer_calls_phone_day_idx ON dialer_calls (workspace_id, phone, created_at);
CREATE INDEX dialer_calls_ws_day_idx ON dialer_calls (workspace_id, created_at);
CREATE INDEX dialer_calls_open_idx ON dialer_calls (created_at) WHERE status <> 'ended';

GRANT SELECT, INSERT, UPDATE ON dialer_settings, dialer_sessions, dialer_items, dialer_calls TO funil_app;
GRANT SELECT, INSERT, UPDATE ON do_not_call_imports TO funil_app;
GRANT SELECT, INSERT, DELETE ON do_not_call_numbers TO funil_app;
