-- Activities (issue 5 §4): tasks, calls, meetings, visits, e-mails and WhatsApp messages scheduled for a
-- person and/or an opportunity, with a reminder before the due time (in the app and by e-mail).

CREATE TABLE activities (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id),
  kind text NOT NULL CHECK (kind IN ('task', 'call', 'meeting', 'visit', 'email', 'whatsapp')),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  description text,
  due_at timestamptz NOT NULL,
  duration_minutes integer NOT NULL DEFAULT 30 CHECK (duration_minutes BETWEEN 0 AND 1440),
  owner_id uuid NOT NULL REFERENCES users(id),
  person_id uuid REFERENCES people(id),
  opportunity_id uuid REFERENCES opportunities(id),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'cancelled')),
  outcome text,
  cancel_reason text,
  completed_at timestamptz,
  cancelled_at timestamptz,
  -- Reminder: `remind_at` = due_at - reminder_minutes_before (null: no reminder); `reminded_at` is set by the
  -- job in the transaction that claims it, so each reminder fires once; the e-mail's outcome follows.
  reminder_minutes_before integer CHECK (reminder_minutes_before BETWEEN 0 AND 10080),
  remind_at timestamptz,
  reminded_at timestamptz,
  reminder_email_status text CHECK (reminder_email_status IN ('pending', 'sent', 'failed', 'not_configured')),
  reminder_emailed_at timestamptz,
  created_by uuid NOT NULL REFERENCES users(id),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (person_id IS NOT NULL OR opportunity_id IS NOT NULL),
  CHECK ((reminder_minutes_before IS NULL) = (remind_at IS NULL)),
  CHECK (status <> 'done' OR completed_at IS NOT NULL),
  CHECK (status <> 'cancelled' OR (cancelled_at IS NOT NULL AND cancel_reason IS NOT NULL))
);

-- "Minhas atividades" (owner, status, due date) and the week calendar.
CREATE INDEX activities_owner_idx ON activities (workspace_id, owner_id, status, due_at);
-- A person's and an opportunity's activities (and their open / done / cancelled counts).
CREATE INDEX activities_person_idx ON activities (person_id, status, due_at) WHERE person_id IS NOT NULL;
CREATE INDEX activities_opportunity_idx ON activities (opportunity_id, status, due_at) WHERE opportunity_id IS NOT NULL;
-- The reminder job: open activities whose reminder has not fired yet, by time.
CREATE INDEX activities_due_reminders_idx ON activities (remind_at) WHERE reminded_at IS NULL AND status = 'open';

GRANT SELECT, INSERT, UPDATE ON activities TO funil_app;

-- Notifications: the daily rotting notice stays one per user per day, but a reminder is one row per activity.
ALTER TABLE notifications DROP CONSTRAINT notifications_user_id_kind_day_key;
CREATE UNIQUE INDEX notifications_rotting_daily_idx ON notifications (user_id, kind, day)
  WHERE kind = 'rotting_opportunities';
CREATE INDEX notifications_user_idx ON notifications (user_id, day DESC, id DESC);
