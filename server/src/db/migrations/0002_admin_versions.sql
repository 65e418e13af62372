-- Optimistic concurrency for the admin entities and the role matrix: every edit names the version it was
-- based on (If-Match) and bumps it, so two admins editing the same record cannot silently overwrite each other.
ALTER TABLE users ADD COLUMN version integer NOT NULL DEFAULT 1;
ALTER TABLE teams ADD COLUMN version integer NOT NULL DEFAULT 1;
ALTER TABLE branches ADD COLUMN version integer NOT NULL DEFAULT 1;
-- One version for `workspaces.settings` (today only the role matrix lives there).
ALTER TABLE workspaces ADD COLUMN settings_version integer NOT NULL DEFAULT 1;
