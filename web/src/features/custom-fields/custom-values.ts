import {
  type CustomField,
  type CustomFieldValues,
  type CustomValueTextOptions,
  fieldsForRole,
  formatDocument,
  formatPhone,
  type Role,
  validateCustomValues,
} from '@funil/domain';
import type { TFunction } from 'i18next';
import { fieldErrorMessage } from '../../lib/problems.ts';
import { centsToInput, parseMoney } from '../opportunities/money.ts';

// Custom values between the API (typed JSON) and the form (what inputs hold: text as typed, money as
// `1.500,00`, numbers as typed). How a value reads on a page or the timeline: `customValueText` (domain).

/** What one input holds while editing. */
export type CustomDraft = string | boolean | string[];
export type CustomDrafts = Record<string, CustomDraft>;

/** The fields a form shows: the live ones the user's role sees, in order. */
export const formFields = (fields: readonly CustomField[] | undefined, role: Role): CustomField[] =>
  fieldsForRole(fields ?? [], role);

/** The inputs' contents for stored values (a new record: all empty). */
export function valuesToDrafts(fields: readonly CustomField[], values: CustomFieldValues): CustomDrafts {
  const drafts: CustomDrafts = {};
  for (const f of fields) {
    const v = values[f.key];
    if (f.type === 'boolean') drafts[f.key] = v === true;
    else if (f.type === 'multi_choice') drafts[f.key] = Array.isArray(v) ? v.map(String) : [];
    else if (f.type === 'money') drafts[f.key] = typeof v === 'number' ? centsToInput(v) : '';
    else if (f.type === 'phone') drafts[f.key] = typeof v === 'string' ? formatPhone(v) : '';
    else if (f.type === 'document') drafts[f.key] = typeof v === 'string' ? formatDocument(v) : '';
    else drafts[f.key] = v === undefined || v === null ? '' : String(v);
  }
  return drafts;
}

/**
 * The `customFields` of a request from the inputs: every shown field, `null` when empty (an edit clears it, a
 * create leaves it out). A number or amount that cannot be read is sent as typed, so the server's check (the
 * same as the form's) names it.
 */
export function draftsToValues(fields: readonly CustomField[], drafts: CustomDrafts): CustomFieldValues {
  const values: CustomFieldValues = {};
  for (const f of fields) {
    const d = drafts[f.key];
    if (f.type === 'boolean') values[f.key] = d === true;
    else if (f.type === 'multi_choice') values[f.key] = Array.isArray(d) && d.length > 0 ? d : null;
    else if (typeof d !== 'string' || d.trim() === '') values[f.key] = null;
    else if (f.type === 'money') {
      const parsed = parseMoney(d);
      values[f.key] = parsed.ok ? parsed.cents : d;
    } else if (f.type === 'number') {
      const n = Number(d.trim().replace(/\./g, '').replace(',', '.'));
      values[f.key] = Number.isFinite(n) ? n : d;
    } else values[f.key] = d;
  }
  return values;
}

/** `customValueText`'s options in the app's language (its locale and yes/no words), users by the given names. */
export const customValueTextOptions = (
  t: TFunction,
  locale: string,
  userName?: (id: string) => string | null,
): CustomValueTextOptions => ({
  locale,
  yesNo: { yes: t('customFields.yes'), no: t('customFields.no') },
  ...(userName ? { userName } : {}),
});

/** The fields by form section title (fields without a section under `fallback`), in field order. */
export function bySection<T extends { section: string | null }>(
  fields: readonly T[],
  fallback: string,
): [string, T[]][] {
  const sections = new Map<string, T[]>();
  for (const f of fields) {
    const title = f.section ?? fallback;
    sections.set(title, [...(sections.get(title) ?? []), f]);
  }
  return [...sections];
}

const CUSTOM_ERROR_CODES = [
  'unknown_field',
  'forbidden_field',
  'invalid_type',
  'invalid_number',
  'invalid_money',
  'unknown_option',
  'invalid_user',
  'invalid_url',
  'option_removed',
  'too_many_fields',
  'key_taken',
] as const;

/** The message of a custom field's error code (its own codes, then the app's shared ones). */
export function customErrorMessage(code: string, t: TFunction): string {
  return (CUSTOM_ERROR_CODES as readonly string[]).includes(code)
    ? t(`customFields.errors.${code as (typeof CUSTOM_ERROR_CODES)[number]}`)
    : fieldErrorMessage(code, t);
}

/**
 * The request's `customFields` from the inputs, checked with the server's own validator: the values, or the
 * error codes keyed by form field (`customFields.<key>`).
 */
export function checkDrafts(
  fields: readonly CustomField[],
  drafts: CustomDrafts,
  opts: { role: Role; partial: boolean },
): { values: CustomFieldValues; errors: Record<string, string> } {
  const values = draftsToValues(fields, drafts);
  const checked = validateCustomValues(fields, values, opts);
  const errors =
    'errors' in checked
      ? Object.fromEntries(Object.entries(checked.errors).map(([key, code]) => [`customFields.${key}`, code]))
      : {};
  return { values, errors };
}
