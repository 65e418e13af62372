-- Roleta: rules that hand new leads to brokers (round robin or weighted), duty check-ins, the rotation state that
-- must survive restarts, every assignment (with its first-response SLA) and the queue of leads waiting for a shift.

CREATE TABLE distribution_rules (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id),
  -- First match wins, lowest position first.
  position integer NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  pipeline_id uuid NOT NULL REFERENCES pipelines(id),
  source_id uuid REFERENCES integrations(id),
  branch_id uuid REFERENCES branches(id),
  team_id uuid REFERENCES teams(id),
  mode text NOT NULL CHECK (mode IN ('round_robin', 'weighted')),
  only_on_duty boolean NOT NULL DEFAULT false,
  -- {weekdays: [1..7], start: "HH:MM", end: "HH:MM"} in São Paulo time; null: always.
  schedule jsonb,
  sla_minutes integer CHECK (sla_minutes BETWEEN 1 AND 10080),
  active boolean NOT NULL DEFAULT true,
  deleted_at timestamptz,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX distribution_rules_match_idx ON distribution_rules (workspace_id, pipeline_id, position)
  WHERE deleted_at IS NULL;

-- Members in rotation order; `current_weight` is the smooth weighted round robin state.
CREATE TABLE distribution_rule_members (
  rule_id uuid NOT NULL REFERENCES distribution_rules(id),
  workspace_id uuid NOT NULL,
  user_id uuid NOT NULL REFERENCES users(id),
  position integer NOT NULL,
  weight integer NOT NULL CHECK (weight BETWEEN 1 AND 100),
  daily_cap integer CHECK (daily_cap BETWEEN 1 AND 1000),
  current_weight integer NOT NULL DEFAULT 0,
  PRIMARY KEY (rule_id, user_id)
);
CREATE INDEX distribution_rule_members_user_idx ON distribution_rule_members (workspace_id, user_id);

-- One row per rule, locked FOR UPDATE while a lead is handed out: concurrent leads take turns one at a time.
CREATE TABLE distribution_rotation (
  rule_id uuid PRIMARY KEY REFERENCES distribution_rules(id),
  workspace_id uuid NOT NULL,
  last_user_id uuid REFERENCES users(id),
  turns bigint NOT NULL DEFAULT 0
);

-- Plantão: whether a user is checked in now.
CREATE TABLE duty_checkins (
  user_id uuid PRIMARY KEY REFERENCES users(id),
  workspace_id uuid NOT NULL,
  on_duty boolean NOT NULL,
  changed_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE lead_assignments (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  workspace_id uuid NOT NULL,
  opportunity_id uuid NOT NULL REFERENCES opportunities(id),
  person_id uuid NOT NULL REFERENCES people(id),
  rule_id uuid REFERENCES distribution_rules(id),
  rule_name text NOT NULL,
  user_id uuid NOT NULL REFERENCES users(id),
  reason text NOT NULL CHECK (reason IN ('turn', 'weight', 'reclaimed', 'shift_started')),
  assigned_at timestamptz NOT NULL,
  sla_due_at timestamptz,
  contacted_at timestamptz,
  closed_at timestamptz,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'contacted', 'reclaimed', 'expired'))
);
CREATE INDEX lead_assignments_open_idx ON lead_assignments (sla_due_at) WHERE status = 'open';
CREATE INDEX lead_assignments_user_day_idx ON lead_assignments (workspace_id, user_id, assigned_at);
CREATE INDEX lead_assignments_opportunity_idx ON lead_assignments (workspace_id, opportunity_id);
CREATE INDEX lead_assignments_recent_idx ON lead_assignments (workspace_id, assigned_at DESC);

-- Leads that arrived when nobody could take them (off-hours, nobody on duty, caps reached).
CREATE TABLE distribution_queue (
  opportunity_id uuid PRIMARY KEY REFERENCES opportunities(id),
  workspace_id uuid NOT NULL,
  rule_id uuid NOT NULL REFERENCES distribution_rules(id),
  person_id uuid NOT NULL REFERENCES people(id),
  created_person boolean NOT NULL,
  source_id uuid,
  queued_at timestamptz NOT NULL
);
CREATE INDEX distribution_queue_rule_idx ON distribution_queue (rule_id, queued_at);

GRANT SELECT, INSERT, UPDATE, DELETE ON distribution_rules, distribution_rule_members, distribution_rotation,
  duty_checkins, lead_assignments, distribution_queue TO funil_app;
