-- Mail accounts (issue 17): a user's own mailbox, besides the workspace SMTP.
--
-- mail_accounts: one per user. Mail the user sends to a person from Funil goes out through its SMTP (From: its
-- address); its IMAP INBOX is polled for replies. The password is sealed with the server key (lib/secret-box.ts),
-- never returned. The poll's cursor is the mailbox's UIDVALIDITY and the last UID read: a new UIDVALIDITY (the
-- mailbox was rebuilt) starts over from the connection time, which the message ledger below makes harmless.
CREATE TABLE mail_accounts (
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id),
  user_id uuid NOT NULL,
  address text NOT NULL,
  imap_host text NOT NULL,
  imap_port integer NOT NULL CHECK (imap_port BETWEEN 1 AND 65535),
  imap_secure boolean NOT NULL,
  smtp_host text NOT NULL,
  smtp_port integer NOT NULL CHECK (smtp_port BETWEEN 1 AND 65535),
  smtp_secure boolean NOT NULL,
  username text NOT NULL,
  password_sealed text NOT NULL,
  uid_validity bigint,
  last_uid bigint NOT NULL DEFAULT 0,
  -- Replies are read from the moment the mailbox was connected (or its settings last changed), not its whole past.
  read_since timestamptz NOT NULL DEFAULT now(),
  polled_at timestamptz,
  poll_error text,
  received_count integer NOT NULL DEFAULT 0,
  ignored_count integer NOT NULL DEFAULT 0,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (id, workspace_id),
  UNIQUE (user_id, workspace_id),
  FOREIGN KEY (user_id, workspace_id) REFERENCES users (id, workspace_id) ON DELETE CASCADE
);

-- The message ledger: every e-mail Funil sent to a person (from a user's mailbox or the workspace SMTP) and every
-- reply it put on a timeline, by Message-ID. A received message is claimed here in the same transaction as its
-- timeline event, so a poll run again (or after a crash between steps) never records it twice; a reply's
-- In-Reply-To is looked up here to link it to the message it answers.
CREATE TABLE mail_messages (
  workspace_id uuid NOT NULL REFERENCES workspaces(id),
  message_id text NOT NULL,
  direction text NOT NULL CHECK (direction IN ('sent', 'received')),
  account_id uuid,
  person_id uuid NOT NULL,
  event_id bigint,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (message_id, workspace_id),
  FOREIGN KEY (account_id, workspace_id) REFERENCES mail_accounts (id, workspace_id) ON DELETE SET NULL (account_id),
  FOREIGN KEY (person_id, workspace_id) REFERENCES people (id, workspace_id) ON DELETE CASCADE
);

CREATE INDEX mail_messages_person ON mail_messages (workspace_id, person_id);

GRANT SELECT, INSERT, UPDATE, DELETE ON mail_accounts TO funil_app;
GRANT SELECT, INSERT, UPDATE ON mail_messages TO funil_app;
