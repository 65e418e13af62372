-- Reminder e-mails are retried: a failed attempt, or one left `pending` by a crash, is tried again with a growing
-- pause (2, 4 minutes) up to three attempts in all, while the activity is open and not yet due.
ALTER TABLE activities ADD COLUMN reminder_email_attempts integer NOT NULL DEFAULT 0;
CREATE INDEX activities_reminder_retry_idx ON activities (reminder_emailed_at)
  WHERE reminder_email_status IN ('pending', 'failed') AND status = 'open';
