import type { WhatsAppAccount } from './queries.ts';

/** What the WhatsApp number form edits; an empty secret keeps the stored one (once the number is configured). */
export type WhatsAppForm = {
  apiUrl: string;
  apiVersion: string;
  phoneNumberId: string;
  accessToken: string;
  appSecret: string;
  verifyToken: string;
};

export const SECRET_FIELDS = ['accessToken', 'appSecret', 'verifyToken'] as const;

/** Meta's Graph API: the default when nothing is configured yet. */
export const DEFAULT_API_URL = 'https://graph.facebook.com';

export const whatsAppFormOf = (account: WhatsAppAccount): WhatsAppForm => ({
  apiUrl: account.apiUrl ?? DEFAULT_API_URL,
  apiVersion: account.apiVersion ?? 'v21.0',
  phoneNumberId: account.phoneNumberId ?? '',
  accessToken: '',
  appSecret: '',
  verifyToken: '',
});

/** The PUT body: trimmed; a secret only when typed (absent keeps the stored one). */
export function whatsAppRequest(form: WhatsAppForm) {
  const body: Record<string, string> = {
    apiUrl: form.apiUrl.trim(),
    apiVersion: form.apiVersion.trim(),
    phoneNumberId: form.phoneNumberId.trim(),
  };
  for (const field of SECRET_FIELDS) {
    const value = form[field].trim();
    if (value) body[field] = value;
  }
  return body;
}

export type WhatsAppField = keyof WhatsAppForm;

/**
 * The form's problems, field → `required` or `invalid` (the page words them), checked as the server does: the
 * secrets are required only before the first save.
 */
export function whatsAppFormErrors(
  form: WhatsAppForm,
  configured: boolean,
): Partial<Record<WhatsAppField, 'required' | 'invalid'>> {
  const errors: Partial<Record<WhatsAppField, 'required' | 'invalid'>> = {};
  const url = form.apiUrl.trim();
  if (!url) errors.apiUrl = 'required';
  else if (!/^https?:\/\/[^\s/]+/i.test(url) || url.length > 300) errors.apiUrl = 'invalid';
  const version = form.apiVersion.trim();
  if (!version) errors.apiVersion = 'required';
  else if (!/^v\d{1,3}\.\d{1,2}$/.test(version)) errors.apiVersion = 'invalid';
  const id = form.phoneNumberId.trim();
  if (!id) errors.phoneNumberId = 'required';
  else if (!/^\d{5,40}$/.test(id)) errors.phoneNumberId = 'invalid';
  const bounds: Record<(typeof SECRET_FIELDS)[number], [number, number]> = {
    accessToken: [10, 1000],
    appSecret: [8, 200],
    verifyToken: [8, 200],
  };
  for (const field of SECRET_FIELDS) {
    const value = form[field].trim();
    const [min, max] = bounds[field];
    if (!value) {
      if (!configured) errors[field] = 'required';
    } else if (value.length < min || value.length > max) errors[field] = 'invalid';
  }
  return errors;
}

/** The address Meta's webhook settings need: this server's origin and the webhook path. */
export const webhookUrlOf = (origin: string, path: string) => `${origin.replace(/\/$/, '')}${path}`;
