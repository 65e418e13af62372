import type { SmtpSettings } from '@funil/domain';

/** What the SMTP form edits; an empty password keeps the stored one. */
export type SmtpForm = {
  host: string;
  port: number | '';
  secure: boolean;
  user: string;
  password: string;
  from: string;
};

export const smtpFormOf = (smtp: SmtpSettings): SmtpForm => ({
  host: smtp?.host ?? '',
  port: smtp?.port ?? 587,
  secure: smtp?.secure ?? false,
  user: smtp?.user ?? '',
  password: '',
  from: smtp?.from ?? '',
});

/** The PUT body: trimmed, the user null when empty, the password only when typed (absent keeps the stored one). */
export function smtpRequest(form: SmtpForm) {
  return {
    host: form.host.trim(),
    port: typeof form.port === 'number' ? form.port : Number.NaN,
    secure: form.secure,
    user: form.user.trim() || null,
    ...(form.password ? { password: form.password } : {}),
    from: form.from.trim(),
  };
}
