import type { MailAccount, MailOAuthProviderName } from '@funil/domain';

const OAUTH_OUTCOMES = ['connected', 'denied', 'invalid_state', 'failed'] as const;
export type OAuthOutcome = (typeof OAUTH_OUTCOMES)[number];

/** `/mail-account?oauth=…&provider=…`: where the server's OAuth callback sends the browser back, with the result. */
export type MailAccountSearch = { oauth?: OAuthOutcome; provider?: MailOAuthProviderName };

export function parseMailAccountSearch(search: Record<string, unknown>): MailAccountSearch {
  const oauth = OAUTH_OUTCOMES.find((o) => o === search.oauth);
  const provider = (['google', 'microsoft'] as const).find((p) => p === search.provider);
  return oauth && provider ? { oauth, provider } : {};
}

/** Where "Conectar com…" sends the browser: the server redirects it on to the provider's consent page. */
export const oauthStartUrl = (provider: MailOAuthProviderName) =>
  `/api/v1/me/mail-account/oauth/${provider}/start`;

/** What the mailbox form edits; an empty password keeps the stored one. */
export type MailAccountForm = {
  address: string;
  username: string;
  password: string;
  imapHost: string;
  imapPort: number | '';
  imapSecure: boolean;
  smtpHost: string;
  smtpPort: number | '';
  smtpSecure: boolean;
};

/** The form of a stored mailbox, or a new one with the usual ports (IMAP over TLS, SMTP submission). */
export const mailAccountFormOf = (account: MailAccount | null): MailAccountForm => ({
  address: account?.address ?? '',
  username: account?.username ?? '',
  password: '',
  imapHost: account?.imapHost ?? '',
  imapPort: account?.imapPort ?? 993,
  imapSecure: account?.imapSecure ?? true,
  smtpHost: account?.smtpHost ?? '',
  smtpPort: account?.smtpPort ?? 587,
  smtpSecure: account?.smtpSecure ?? false,
});

const port = (value: number | '') => (typeof value === 'number' ? value : Number.NaN);

/** The PUT body: trimmed, the login defaulting to the address, the password only when typed. */
export function mailAccountRequest(form: MailAccountForm) {
  return {
    address: form.address.trim(),
    username: form.username.trim() || form.address.trim(),
    ...(form.password ? { password: form.password } : {}),
    imapHost: form.imapHost.trim(),
    imapPort: port(form.imapPort),
    imapSecure: form.imapSecure,
    smtpHost: form.smtpHost.trim(),
    smtpPort: port(form.smtpPort),
    smtpSecure: form.smtpSecure,
  };
}
