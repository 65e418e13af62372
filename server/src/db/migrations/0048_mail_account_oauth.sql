-- Mail accounts with OAuth (issue 17): a Google or Microsoft 365 mailbox connected by the authorization code flow
-- logs into IMAP and SMTP with XOAUTH2 instead of a password.
--
-- auth_kind says which: `password` keeps its sealed password; `google` / `microsoft` keep the sealed refresh token
-- (never answered) and the current access token, sealed too, with when it expires (refreshed on the first use after).
ALTER TABLE mail_accounts
  ADD COLUMN auth_kind text NOT NULL DEFAULT 'password' CHECK (auth_kind IN ('password', 'google', 'microsoft')),
  ALTER COLUMN password_sealed DROP NOT NULL,
  ADD COLUMN refresh_token_sealed text,
  ADD COLUMN access_token_sealed text,
  ADD COLUMN access_token_expires_at timestamptz,
  ADD CONSTRAINT mail_accounts_credential CHECK (
    CASE WHEN auth_kind = 'password'
      THEN password_sealed IS NOT NULL AND refresh_token_sealed IS NULL AND access_token_sealed IS NULL
      ELSE password_sealed IS NULL AND refresh_token_sealed IS NOT NULL
    END
  );
