import type {
  CallingHours,
  CallingRules,
  CallingWindow,
  DialerSettingsRequest,
  ExtraHoliday,
  Uf,
} from '@funil/domain';
import type { TFunction } from 'i18next';
import { fieldErrorMessage, type IssueLike, issueToFieldError } from '../../lib/problems.ts';

// The dialer rules as the admin page edits them (a toggle and two texts per kind of day, dates as dd/mm/aaaa)
// and back to the API's shape. Field paths stay those of the request, so server errors land on the same inputs.

export const DAY_KINDS = ['weekdays', 'saturday', 'sunday', 'holidays'] as const;
export type DayKind = (typeof DAY_KINDS)[number];

/** One kind of day: `closed` = no calls; the times are kept while closed, so reopening restores them. */
export type WindowForm = { closed: boolean; from: string; to: string };
export type HoursForm = Record<DayKind, WindowForm>;
export type HolidayForm = { date: string; name: string; ufs: Uf[] };

export type SettingsForm = {
  default: HoursForm;
  /** In the order the admin added them. */
  byUf: { uf: Uf; hours: HoursForm }[];
  extraHolidays: HolidayForm[];
  maxAttemptsPerDay: number | '';
  shortCallWarningPercent: number | '';
};

const CLOSED_DEFAULT = { from: '09:00', to: '18:00' };

function windowForm(window: CallingWindow | null): WindowForm {
  return window ? { closed: false, ...window } : { closed: true, ...CLOSED_DEFAULT };
}

export function hoursForm(hours: CallingHours): HoursForm {
  return {
    weekdays: windowForm(hours.weekdays),
    saturday: windowForm(hours.saturday),
    sunday: windowForm(hours.sunday),
    holidays: windowForm(hours.holidays),
  };
}

function hoursOf(form: HoursForm): CallingHours {
  const of = (w: WindowForm): CallingWindow | null =>
    w.closed ? null : { from: w.from.trim(), to: w.to.trim() };
  return {
    weekdays: of(form.weekdays),
    saturday: of(form.saturday),
    sunday: of(form.sunday),
    holidays: of(form.holidays),
  };
}

/** `2026-07-09` → `09/07/2026`; anything else is returned as it is. */
export function isoToBrDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

/**
 * `09/07/2026` (or `9/7/2026`) → `2026-07-09` when it is a real day; otherwise the text as typed, which the
 * schema then refuses as `invalid_date`.
 */
export function brDateToIso(text: string): string {
  const m = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s*$/.exec(text);
  if (!m) return text.trim();
  const [day, month, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return text.trim();
  }
  return date.toISOString().slice(0, 10);
}

/** The page's form for the settings the API returned. */
export function settingsFormOf(settings: DialerSettingsRequest): SettingsForm {
  const rules = settings.callingRules;
  return {
    default: hoursForm(rules.default),
    byUf: (Object.entries(rules.byUf) as [Uf, CallingHours][])
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([uf, hours]) => ({ uf, hours: hoursForm(hours) })),
    extraHolidays: rules.extraHolidays.map((h) => ({
      date: isoToBrDate(h.date),
      name: h.name,
      ufs: [...h.ufs],
    })),
    maxAttemptsPerDay: settings.maxAttemptsPerDay,
    shortCallWarningPercent: settings.shortCallWarningPercent,
  };
}

/** The PUT body for the form (validated by ZDialerSettingsRequest before it is sent). */
export function settingsRequest(form: SettingsForm): {
  callingRules: CallingRules;
  maxAttemptsPerDay: number | null;
  shortCallWarningPercent: number | null;
} {
  const byUf: CallingRules['byUf'] = {};
  for (const { uf, hours } of form.byUf) byUf[uf] = hoursOf(hours);
  const extraHolidays: ExtraHoliday[] = form.extraHolidays.map((h) => ({
    date: brDateToIso(h.date),
    name: h.name.trim(),
    ufs: h.ufs,
  }));
  return {
    callingRules: { default: hoursOf(form.default), byUf, extraHolidays },
    maxAttemptsPerDay: form.maxAttemptsPerDay === '' ? null : form.maxAttemptsPerDay,
    shortCallWarningPercent: form.shortCallWarningPercent === '' ? null : form.shortCallWarningPercent,
  };
}

/** The path of a window's field in the request (`callingRules.byUf.SP.saturday.to`), for its error. */
export function windowPath(uf: Uf | null, kind: DayKind, field: 'from' | 'to'): string {
  return uf ? `callingRules.byUf.${uf}.${kind}.${field}` : `callingRules.default.${kind}.${field}`;
}

/** Field error codes the dialer phrases itself (the rest go through the app's `fieldErrors`). */
export const DIALER_ERROR_CODES = [
  'invalid_time',
  'end_before_start',
  'invalid_date',
  'too_many_lines',
  'no_numbers',
] as const;
export type DialerErrorCode = (typeof DIALER_ERROR_CODES)[number];
export const isDialerErrorCode = (code: string): code is DialerErrorCode =>
  (DIALER_ERROR_CODES as readonly string[]).includes(code);

/** The message under a field: the dialer's own codes first, then the app's. */
export function dialerFieldMessage(code: string, t: TFunction): string {
  return isDialerErrorCode(code) ? t(`dialer.errors.${code}`) : fieldErrorMessage(code, t);
}

/** A client-side zod issue as a field error, keeping the dialer's codes (`invalid_time`, `end_before_start`). */
export function dialerIssueToFieldError(issue: IssueLike): { field: string; code: string } {
  if (isDialerErrorCode(issue.message))
    return { field: issue.path.map(String).join('.'), code: issue.message };
  return issueToFieldError(issue);
}
