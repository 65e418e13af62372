-- The WhatsApp number's admin page edits it like the other settings: each save bumps `version`, sent back as the
-- ETag; a save based on an older version (If-Match) is refused with 412 instead of overwriting another admin's.
ALTER TABLE whatsapp_accounts ADD COLUMN version integer NOT NULL DEFAULT 1 CHECK (version >= 1);
