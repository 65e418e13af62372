import { isCalendarDay } from './assets.ts';
import { type CustomFieldRule, type CustomFieldType, roleSeesField } from './custom-fields.ts';
import type { Role } from './roles.ts';

/**
 * The list filters on custom fields (people and opportunities lists, their exports): one JSON object in the
 * query's `cf` parameter, keyed by field key, whose value's shape follows the field's type (CUSTOM_FIELD_FILTER_DOC).
 * Checked against the workspace's definitions here, turned into SQL by the server (custom-field-filters.sql.ts).
 */

/** A checked filter on one field. */
export type CustomFieldFilter =
  /** choice / user: the value is one of them; multi_choice: holds at least one of them. */
  | { key: string; kind: 'any_of'; multiple: boolean; values: string[] }
  | { key: string; kind: 'boolean'; value: boolean }
  /** number, money (cents): inclusive bounds. */
  | { key: string; kind: 'range'; min: number | null; max: number | null }
  /** date: inclusive days. */
  | { key: string; kind: 'date_range'; from: string | null; to: string | null }
  /** text-like fields: the value contains the text (case-insensitive). */
  | { key: string; kind: 'contains'; text: string };

/** Filters on at most this many fields at once. */
export const MAX_CUSTOM_FIELD_FILTERS = 20;

/** How the `cf` parameter is written, for the OpenAPI document. */
export const CUSTOM_FIELD_FILTER_DOC =
  'Filtros por campo personalizado (GET /custom-fields): um objeto JSON por chave do campo. choice, multi_choice, ' +
  'user: lista de valores (qualquer um deles), p.ex. {"segmento":["varejo","atacado"]}; boolean: true/false ' +
  '(false = não marcado); number, money (centavos): {"min":100,"max":500}; date: {"from":"2026-01-01","to":' +
  '"2026-12-31"}; demais tipos: texto contido no valor. Campo desconhecido, arquivado ou que o papel não vê → 422.';

const KIND_OF: Record<CustomFieldType, CustomFieldFilter['kind']> = {
  choice: 'any_of',
  multi_choice: 'any_of',
  user: 'any_of',
  boolean: 'boolean',
  number: 'range',
  money: 'range',
  date: 'date_range',
  text: 'contains',
  long_text: 'contains',
  url: 'contains',
  email: 'contains',
  phone: 'contains',
  document: 'contains',
};

/** The filter kind a field type is filtered by. */
export const customFilterKind = (type: CustomFieldType): CustomFieldFilter['kind'] => KIND_OF[type];

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const bound = (v: unknown) => v === undefined || v === null || (typeof v === 'number' && Number.isFinite(v));
const day = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && isCalendarDay(v));

/** One field's filter from what was sent, or an error code. */
function checkFilter(field: CustomFieldRule, raw: unknown): CustomFieldFilter | { error: string } {
  const key = field.key;
  const invalid = { error: 'invalid_value' };
  switch (KIND_OF[field.type]) {
    case 'any_of': {
      const values = typeof raw === 'string' ? [raw] : raw;
      if (!Array.isArray(values) || values.length === 0 || values.length > 50) return invalid;
      if (!values.every((v) => typeof v === 'string' && v.length <= 100)) return invalid;
      if (field.type !== 'user' && !values.every((v) => field.options.some((o) => o.value === v))) {
        return { error: 'unknown_option' };
      }
      return { key, kind: 'any_of', multiple: field.type === 'multi_choice', values: values as string[] };
    }
    case 'boolean':
      return typeof raw === 'boolean' ? { key, kind: 'boolean', value: raw } : invalid;
    case 'range': {
      if (!isObject(raw) || !bound(raw.min) || !bound(raw.max)) return invalid;
      const min = (raw.min as number | null | undefined) ?? null;
      const max = (raw.max as number | null | undefined) ?? null;
      if (min === null && max === null) return invalid;
      return { key, kind: 'range', min, max };
    }
    case 'date_range': {
      if (!isObject(raw) || !day(raw.from) || !day(raw.to)) return invalid;
      const from = (raw.from as string | null | undefined) ?? null;
      const to = (raw.to as string | null | undefined) ?? null;
      if (from === null && to === null) return invalid;
      return { key, kind: 'date_range', from, to };
    }
    case 'contains':
      return typeof raw === 'string' && raw.trim() && raw.length <= 200
        ? { key, kind: 'contains', text: raw.trim() }
        : invalid;
  }
}

export type CustomFilterResult = { filters: CustomFieldFilter[] } | { errors: Record<string, string> };

/**
 * Reads the `cf` parameter (JSON text) against the entity's definitions as `role` sees them: a key no live field
 * has → `unknown_field`, a field the role does not see → `forbidden_field` (filtering on it would reveal its
 * values), a value of the wrong shape → `invalid_value` (the whole parameter unreadable: key `''`).
 */
export function parseCustomFieldFilters(
  fields: readonly CustomFieldRule[],
  cf: string | undefined,
  role: Role,
): CustomFilterResult {
  if (cf === undefined || cf.trim() === '') return { filters: [] };
  let input: unknown;
  try {
    input = JSON.parse(cf);
  } catch {
    return { errors: { '': 'invalid_value' } };
  }
  if (!isObject(input) || Object.keys(input).length > MAX_CUSTOM_FIELD_FILTERS) {
    return { errors: { '': 'invalid_value' } };
  }
  const live = new Map(fields.filter((f) => f.archivedAt === null).map((f) => [f.key, f]));
  const errors: Record<string, string> = {};
  const filters: CustomFieldFilter[] = [];
  for (const [key, raw] of Object.entries(input)) {
    const field = live.get(key);
    if (!field) errors[key] = 'unknown_field';
    else if (!roleSeesField(field, role)) errors[key] = 'forbidden_field';
    else {
      const checked = checkFilter(field, raw);
      if ('error' in checked) errors[key] = checked.error;
      else filters.push(checked);
    }
  }
  return Object.keys(errors).length > 0 ? { errors } : { filters };
}

/** The `cf` parameter for these per-field filter values (empty ones left out); undefined when none is left. */
export function encodeCustomFieldFilters(values: Record<string, unknown>): string | undefined {
  const kept = Object.entries(values).filter(([, v]) => {
    if (v === undefined || v === null || v === '') return false;
    if (Array.isArray(v)) return v.length > 0;
    if (isObject(v)) return Object.values(v).some((x) => x !== undefined && x !== null && x !== '');
    return true;
  });
  return kept.length ? JSON.stringify(Object.fromEntries(kept)) : undefined;
}

/** The per-field filter values of a `cf` parameter (an unreadable one counts as none). */
export function decodeCustomFieldFilters(cf: string | undefined): Record<string, unknown> {
  if (!cf) return {};
  try {
    const parsed: unknown = JSON.parse(cf);
    return isObject(parsed) ? parsed : {};
  } catch {
    return {};
  }
}
