import {
  ASSET_STATUSES,
  type Asset,
  type AssetFieldDefinition,
  type AssetStatus,
  type AssetValues,
  checkAssetValues,
  type FieldError,
  isCalendarDay,
} from '@funil/domain';
import type { TFunction } from 'i18next';
import { formatDay } from '../../lib/format.ts';
import { fieldErrorMessage } from '../../lib/problems.ts';

/** What the asset modal edits: texts as typed (numbers too), booleans as checked. */
export type AssetFormValues = {
  assetTypeId: string | null;
  identifier: string;
  status: AssetStatus;
  startDate: string;
  endDate: string;
  notes: string;
  values: Record<string, string | boolean>;
};

export const emptyAssetForm = (): AssetFormValues => ({
  assetTypeId: null,
  identifier: '',
  status: 'active',
  startDate: '',
  endDate: '',
  notes: '',
  values: {},
});

/** A stored number as typed in Brazil: `1234.5` → `1234,5`. */
const numberText = (n: number) => String(n).replace('.', ',');

export function assetToForm(asset: Asset): AssetFormValues {
  const values: Record<string, string | boolean> = {};
  for (const [key, value] of Object.entries(asset.values)) {
    values[key] = typeof value === 'number' ? numberText(value) : value;
  }
  return {
    assetTypeId: asset.assetType.id,
    identifier: asset.identifier,
    status: asset.status,
    startDate: asset.startDate ?? '',
    endDate: asset.endDate ?? '',
    notes: asset.notes ?? '',
    values,
  };
}

/** `1.234,56` / `1234,56` / `1234.56` → 1234.56; anything else stays text (the check then says so). */
export function parseNumber(text: string): number | string {
  const t = text.trim();
  if (!/^-?[\d.,]+$/.test(t)) return t;
  const normalized = t.includes(',') ? t.replace(/\./g, '').replace(',', '.') : t;
  const n = Number(normalized);
  return Number.isFinite(n) ? n : t;
}

/** The values as the API takes them: numbers parsed, blanks left out, only the type's fields. */
export function valuesToBody(
  fields: readonly AssetFieldDefinition[],
  values: Record<string, string | boolean>,
): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const f of fields) {
    const v = values[f.key];
    if (v === undefined) continue;
    if (typeof v === 'boolean') {
      out[f.key] = v;
      continue;
    }
    if (v.trim() === '') continue;
    out[f.key] = f.type === 'number' ? parseNumber(v) : v.trim();
  }
  return out;
}

export type AssetValidation =
  | { ok: true; body: Record<string, unknown> }
  | { ok: false; errors: Record<string, string> };

/** The same checks as the server (domain `checkAssetValues`), keyed by form field (`values.<key>`). */
export function validateAssetForm(
  v: AssetFormValues,
  fields: readonly AssetFieldDefinition[],
  creating: boolean,
): AssetValidation {
  const errors: FieldError[] = [];
  if (creating && !v.assetTypeId) errors.push({ field: 'assetTypeId', code: 'required', message: '' });
  if (!v.identifier.trim()) errors.push({ field: 'identifier', code: 'required', message: '' });
  if (v.identifier.trim().length > 120) errors.push({ field: 'identifier', code: 'too_long', message: '' });
  if (v.startDate && !isCalendarDay(v.startDate))
    errors.push({ field: 'startDate', code: 'invalid_date', message: '' });
  if (v.endDate && !isCalendarDay(v.endDate))
    errors.push({ field: 'endDate', code: 'invalid_date', message: '' });
  if (v.startDate && v.endDate && v.endDate < v.startDate)
    errors.push({ field: 'endDate', code: 'end_before_start', message: '' });
  if (v.notes.trim().length > 2000) errors.push({ field: 'notes', code: 'too_long', message: '' });
  const values = valuesToBody(fields, v.values);
  errors.push(...checkAssetValues(fields, values).errors);
  if (errors.length) {
    const map: Record<string, string> = {};
    for (const e of errors) if (!(e.field in map)) map[e.field] = e.code;
    return { ok: false, errors: map };
  }
  const body: Record<string, unknown> = {
    identifier: v.identifier.trim(),
    status: v.status,
    startDate: v.startDate || null,
    endDate: v.endDate || null,
    notes: v.notes.trim() || null,
    values,
  };
  if (creating) body.assetTypeId = v.assetTypeId;
  return { ok: true, body };
}

const ASSET_ERROR_CODES = [
  'invalid_number',
  'unknown_option',
  'end_before_start',
  'unknown_asset_type',
  'unknown_field',
  'invalid_type',
  'duplicate',
  'name_taken',
] as const;

/** A field error in words: the assets' own codes first, then the app's shared ones. */
export function assetErrorMessage(code: string, t: TFunction): string {
  return (ASSET_ERROR_CODES as readonly string[]).includes(code)
    ? t(`assets.errors.${code as (typeof ASSET_ERROR_CODES)[number]}`)
    : fieldErrorMessage(code, t);
}

/** Badge colors of the statuses. */
export const STATUS_COLORS: Record<AssetStatus, string> = {
  active: 'green',
  suspended: 'yellow',
  ended: 'gray',
};

export const isAssetStatus = (v: string): v is AssetStatus =>
  (ASSET_STATUSES as readonly string[]).includes(v);

/** A stored value in words: Sim/Não, a date as dd/mm/aaaa, a number in the user's locale. */
export function formatAssetValue(
  field: AssetFieldDefinition | undefined,
  value: AssetValues[string] | null | undefined,
  locale: string,
  yesNo: { yes: string; no: string },
): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? yesNo.yes : yesNo.no;
  if (typeof value === 'number') return value.toLocaleString(locale);
  if (field?.type === 'date') return formatDay(value, locale);
  return value;
}
