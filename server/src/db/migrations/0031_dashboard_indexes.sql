-- Dashboards (issue 13 §4): every figure starts from a date range, so each source table gets an index that
-- begins with (workspace_id, <the date the range is on>) and carries what the aggregates and the visibility
-- predicate read, for index-only scans (bench/dashboards.ts measures them over 100k opportunities).

-- Opportunities created in the range: the cohort of conversion, channels, owners, teams, branches and outcomes.
CREATE INDEX opportunities_dashboard_created_idx ON opportunities (workspace_id, created_at)
  INCLUDE (id, pipeline_id, stage_id, status, status_reason_id, value_cents, owner_id, team_id, manager_id, branch_id,
    source_media, source_channel, closed_at);

-- The forecast: open opportunities by expected close date.
CREATE INDEX opportunities_dashboard_forecast_idx ON opportunities (workspace_id, expected_close_date)
  INCLUDE (pipeline_id, stage_id, value_cents, owner_id, team_id, manager_id, branch_id)
  WHERE status = 'open';

-- Activity volume per user: activities due in the range.
CREATE INDEX activities_dashboard_due_idx ON activities (workspace_id, due_at) INCLUDE (owner_id, status, kind);

-- Time per stage and conversion: the stays of the cohort's cards, read by when they began (a card enters its first
-- stage when it is created, so every stay of a card created in the range began in it or after).
CREATE INDEX opportunity_stage_visits_dashboard_idx ON opportunity_stage_visits (workspace_id, entered_at)
  INCLUDE (opportunity_id, stage_id, left_at);

-- Time to first contact: activities done since the range began, by opportunity.
CREATE INDEX activities_dashboard_done_idx ON activities (workspace_id, completed_at) INCLUDE (opportunity_id)
  WHERE status = 'done';

-- Call center outcomes: contacts in the range, read without visiting the table.
CREATE INDEX contact_attempts_dashboard_idx ON contact_attempts (workspace_id, created_at)
  INCLUDE (person_id, user_id, outcome, direction);
