-- Opportunities on Kanban funnels (issue 4): pipelines and stages, configurable lists, opportunities with
-- their involved people, stage visits (for reports), proposals and sales orders, notifications.

CREATE TABLE pipelines (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id),
  name text NOT NULL,
  archived_at timestamptz,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (workspace_id, name)
);

CREATE TABLE pipeline_stages (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL,
  pipeline_id uuid NOT NULL REFERENCES pipelines(id),
  name text NOT NULL,
  -- Order of the live stages; archived stages keep their last position.
  position integer NOT NULL,
  probability integer NOT NULL DEFAULT 0 CHECK (probability BETWEEN 0 AND 100),
  rotting_days integer CHECK (rotting_days > 0),
  required_fields text[] NOT NULL DEFAULT '{}',
  archived_at timestamptz,
  UNIQUE (pipeline_id, id)
);
CREATE INDEX pipeline_stages_pipeline_idx ON pipeline_stages (pipeline_id, position);

-- Loss reasons, discard reasons, business plans and the qualification scale of a workspace.
CREATE TABLE list_options (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id),
  list text NOT NULL CHECK (list IN ('loss_reason', 'discard_reason', 'business_plan', 'qualification')),
  label text NOT NULL,
  position integer NOT NULL,
  archived_at timestamptz
);
CREATE INDEX list_options_list_idx ON list_options (workspace_id, list, position);

CREATE TABLE opportunities (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id),
  pipeline_id uuid NOT NULL,
  stage_id uuid NOT NULL,
  -- Place in its column: fractional index strings compared bytewise.
  rank text COLLATE "C" NOT NULL,
  title text NOT NULL,
  description text,
  value_cents bigint CHECK (value_cents >= 0),
  expected_close_date date,
  business_plan_id uuid REFERENCES list_options(id),
  city text,
  -- Conversion data: the broker (owner), team and manager who may see the opportunity.
  owner_id uuid REFERENCES users(id),
  team_id uuid REFERENCES teams(id),
  manager_id uuid REFERENCES users(id),
  branch_id uuid REFERENCES branches(id),
  qualification_id uuid REFERENCES list_options(id),
  source_media text,
  source_channel text,
  tags text[] NOT NULL DEFAULT '{}',
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'won', 'lost', 'discarded')),
  status_reason_id uuid REFERENCES list_options(id),
  status_note text,
  closed_at timestamptz,
  stage_entered_at timestamptz NOT NULL DEFAULT now(),
  -- The day the owner was last told the card is rotting (the job notifies once per day).
  rotting_notified_on date,
  origin text NOT NULL DEFAULT 'manual' CHECK (origin IN ('manual', 'integration')),
  origin_integration text,
  origin_payload jsonb,
  created_by uuid REFERENCES users(id),
  search_vector tsvector GENERATED ALWAYS AS (search_prefixes(title || ' ' || coalesce(city, ''))) STORED,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (pipeline_id, stage_id) REFERENCES pipeline_stages(pipeline_id, id),
  CHECK ((status IN ('lost', 'discarded')) = (status_reason_id IS NOT NULL))
);
-- A column of the board in order, and its count/sum.
CREATE INDEX opportunities_column_idx ON opportunities (stage_id, status, rank, id);
-- Counts and sums per column from the index alone (for an admin; other roles add owner/team/manager checks).
CREATE INDEX opportunities_pipeline_idx ON opportunities (pipeline_id, status, stage_id)
  INCLUDE (value_cents, workspace_id, owner_id, team_id, manager_id, branch_id);
CREATE INDEX opportunities_owner_idx ON opportunities (owner_id);
CREATE INDEX opportunities_team_idx ON opportunities (team_id);
CREATE INDEX opportunities_manager_idx ON opportunities (manager_id);
CREATE INDEX opportunities_created_idx ON opportunities (pipeline_id, created_at);
CREATE INDEX opportunities_search_idx ON opportunities USING gin (search_vector);
CREATE INDEX opportunities_tags_idx ON opportunities USING gin (tags);

-- Clientes envolvidos: every person with a stake in the opportunity; exactly one holder.
CREATE TABLE opportunity_people (
  opportunity_id uuid NOT NULL REFERENCES opportunities(id),
  person_id uuid NOT NULL REFERENCES people(id),
  workspace_id uuid NOT NULL,
  role text NOT NULL CHECK (role IN ('holder', 'spouse', 'partner', 'guarantor', 'other')),
  added_by uuid REFERENCES users(id),
  added_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (opportunity_id, person_id)
);
CREATE UNIQUE INDEX opportunity_people_one_holder ON opportunity_people (opportunity_id) WHERE role = 'holder';
CREATE INDEX opportunity_people_person_idx ON opportunity_people (person_id);

-- Each stay of an opportunity in a stage (entered, left): conversion and time-in-stage reports.
CREATE TABLE opportunity_stage_visits (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  workspace_id uuid NOT NULL,
  opportunity_id uuid NOT NULL REFERENCES opportunities(id),
  pipeline_id uuid NOT NULL,
  stage_id uuid NOT NULL,
  entered_at timestamptz NOT NULL,
  left_at timestamptz
);
CREATE INDEX opportunity_stage_visits_opp_idx ON opportunity_stage_visits (opportunity_id, entered_at);
CREATE INDEX opportunity_stage_visits_pipeline_idx ON opportunity_stage_visits (pipeline_id, stage_id);

CREATE TABLE proposals (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL,
  opportunity_id uuid NOT NULL REFERENCES opportunities(id),
  value_cents bigint NOT NULL CHECK (value_cents >= 0),
  conditions text,
  valid_until date,
  items jsonb NOT NULL DEFAULT '[]',
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'accepted', 'superseded')),
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  accepted_at timestamptz
);
CREATE INDEX proposals_opportunity_idx ON proposals (opportunity_id, created_at);

CREATE TABLE sales_orders (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  number bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  workspace_id uuid NOT NULL REFERENCES workspaces(id),
  opportunity_id uuid NOT NULL UNIQUE REFERENCES opportunities(id),
  proposal_id uuid NOT NULL UNIQUE REFERENCES proposals(id),
  value_cents bigint NOT NULL,
  items jsonb NOT NULL,
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now()
);

-- What the app tells a user (rotting cards, …); one per user, kind and day at most.
CREATE TABLE notifications (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  workspace_id uuid NOT NULL,
  user_id uuid NOT NULL REFERENCES users(id),
  kind text NOT NULL,
  day date NOT NULL,
  data jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  read_at timestamptz,
  UNIQUE (user_id, kind, day)
);

GRANT SELECT, INSERT, UPDATE, DELETE ON pipelines, pipeline_stages, list_options, opportunities,
  opportunity_people, opportunity_stage_visits, proposals, sales_orders, notifications TO funil_app;
