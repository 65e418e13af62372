import { z } from 'zod';
import { fieldKeyFromLabel, isCalendarDay } from './assets.ts';
import { documentKind, normalizeDocument } from './documents.ts';
import { normalizePhone } from './phones.ts';
import { ROLES, type Role } from './roles.ts';
import type { FieldChange } from './timeline.ts';

/**
 * Campos personalizados (issue 17): fields an admin adds to people and opportunities. The definitions are
 * workspace settings; the values live on each record as one JSON object keyed by field key. Everything that
 * writes values (the API, the import, the intake) checks them with `validateCustomValues`, so they give the
 * same per-field errors; the form uses it too.
 */

export const CUSTOM_FIELD_ENTITIES = ['person', 'opportunity'] as const;
export type CustomFieldEntity = (typeof CUSTOM_FIELD_ENTITIES)[number];

export const CUSTOM_FIELD_TYPES = [
  'text',
  'long_text',
  'number',
  'money',
  'date',
  'boolean',
  'choice',
  'multi_choice',
  'user',
  'url',
  'email',
  'phone',
  'document',
] as const;
export type CustomFieldType = (typeof CUSTOM_FIELD_TYPES)[number];

/** Live (not archived) fields per entity and workspace. */
export const MAX_CUSTOM_FIELDS = 100;
export const MAX_CUSTOM_FIELD_OPTIONS = 200;
const MAX_TEXT = 500;
const MAX_LONG_TEXT = 10_000;
const MAX_URL = 2000;

const CHOICE_TYPES: readonly CustomFieldType[] = ['choice', 'multi_choice'];
export const hasOptions = (type: CustomFieldType): boolean => CHOICE_TYPES.includes(type);

const ZKey = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'invalid_value');
const ZLabel = z.string().trim().min(1, 'required').max(80, 'too_long');

export const ZCustomFieldOption = z.object({
  /** Immutable once saved (records hold it); generated from the label when a new option comes without one. */
  value: ZKey.optional(),
  label: ZLabel,
  /** An archived option is offered no more; records keep it. Options are never removed. */
  archived: z.boolean().optional(),
});
export type CustomFieldOption = { value: string; label: string; archived?: boolean };

/** What an admin defines about a field, shared by create and update (the type and the key never change). */
export const ZCustomFieldDefinition = z.object({
  label: ZLabel,
  options: z.array(ZCustomFieldOption).max(MAX_CUSTOM_FIELD_OPTIONS, 'too_long').default([]),
  required: z.boolean().default(false),
  /** null: every role; else the roles that see and edit it. */
  visibleRoles: z.array(z.enum(ROLES)).min(1, 'required').nullable().default(null),
  section: z
    .string()
    .trim()
    .max(80, 'too_long')
    .nullish()
    .transform((v) => v || null),
  showOnCard: z.boolean().default(false),
});

export const ZCreateCustomFieldRequest = ZCustomFieldDefinition.extend({
  entity: z.enum(CUSTOM_FIELD_ENTITIES),
  type: z.enum(CUSTOM_FIELD_TYPES),
  /** Optional: generated from the label (`Data da visita` → `data_da_visita`). */
  key: ZKey.optional(),
}).superRefine((f, ctx) => {
  if (hasOptions(f.type) && f.options.filter((o) => !o.archived).length === 0) {
    ctx.addIssue({ code: 'custom', path: ['options'], message: 'required' });
  }
});
export type CreateCustomFieldRequest = z.output<typeof ZCreateCustomFieldRequest>;

/** Every definition attribute optional; `position` moves it; `archived: false` brings an archived field back. */
export const ZUpdateCustomFieldRequest = z
  .object({
    label: ZLabel,
    options: ZCustomFieldDefinition.shape.options.unwrap(),
    required: z.boolean(),
    visibleRoles: z.array(z.enum(ROLES)).min(1, 'required').nullable(),
    section: ZCustomFieldDefinition.shape.section,
    showOnCard: z.boolean(),
    position: z.number().int().min(0).max(10_000),
    archived: z.literal(false),
  })
  .partial();
export type UpdateCustomFieldRequest = z.output<typeof ZUpdateCustomFieldRequest>;

/** A field as `GET /custom-fields` answers it. */
export type CustomField = {
  id: string;
  entity: CustomFieldEntity;
  key: string;
  label: string;
  type: CustomFieldType;
  options: CustomFieldOption[];
  required: boolean;
  visibleRoles: Role[] | null;
  section: string | null;
  position: number;
  showOnCard: boolean;
  archivedAt: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
};

export type CustomFieldValues = Record<string, unknown>;

/**
 * The `customFields` object of a person's or an opportunity's request: checked against the workspace's fields
 * by `validateCustomValues` (the shape alone here, the fields being per workspace).
 */
export const ZCustomFieldValuesInput = z
  .record(z.string().max(40), z.unknown())
  .describe(
    "The record's custom fields, keyed by field key. Which keys exist and the type of each value are per " +
      'workspace: `GET /custom-fields?entity=` lists them, `GET /custom-fields/openapi-schema?entity=` answers ' +
      'them as a JSON Schema. On update only the keys sent change; `null` clears one.',
  );

/** The part of a definition the validator reads. */
export type CustomFieldRule = Pick<
  CustomField,
  'key' | 'label' | 'type' | 'options' | 'required' | 'visibleRoles' | 'archivedAt'
>;

/** Whether `role` sees (and may edit) the field. */
export const roleSeesField = (field: Pick<CustomField, 'visibleRoles'>, role: Role): boolean =>
  field.visibleRoles === null || field.visibleRoles.includes(role);

/** The live fields a role sees, in their order: what its forms and pages show. */
export function fieldsForRole<T extends Pick<CustomField, 'visibleRoles' | 'archivedAt'>>(
  fields: readonly T[],
  role: Role,
): T[] {
  return fields.filter((f) => f.archivedAt === null && roleSeesField(f, role));
}

/** The stored values a role may read: those of the live fields it sees (archived ones stay stored, unshown). */
export function readableCustomValues(
  fields: readonly CustomFieldRule[],
  stored: CustomFieldValues,
  role: Role,
): CustomFieldValues {
  const out: CustomFieldValues = {};
  for (const f of fieldsForRole(fields, role)) {
    if (stored[f.key] !== undefined && stored[f.key] !== null) out[f.key] = stored[f.key];
  }
  return out;
}

/**
 * Gives option values to new options (from their label, unique within the field) and keeps the stored ones:
 * every option a field had must still be there (values are immutable; an option is archived, never removed).
 * Returns the options or an error code.
 */
export function settleOptions(
  sent: readonly { value?: string | undefined; label: string; archived?: boolean | undefined }[],
  stored: readonly CustomFieldOption[] = [],
): { options: CustomFieldOption[] } | { error: 'option_removed' | 'duplicate' } {
  const taken = new Set(sent.flatMap((o) => (o.value ? [o.value] : [])));
  if (taken.size !== sent.filter((o) => o.value).length) return { error: 'duplicate' };
  if (stored.some((o) => !taken.has(o.value))) return { error: 'option_removed' };
  const options = sent.map((o) => {
    let value = o.value;
    if (!value) {
      const base = fieldKeyFromLabel(o.label);
      value = base;
      for (let n = 2; taken.has(value); n++) value = `${base.slice(0, 36)}_${n}`;
      taken.add(value);
    }
    return { value, label: o.label, ...(o.archived ? { archived: true } : {}) };
  });
  return { options };
}

const isEmpty = (v: unknown) =>
  v === undefined ||
  v === null ||
  (typeof v === 'string' && v.trim() === '') ||
  (Array.isArray(v) && v.length === 0);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ZEmail = z.email();

function isWebUrl(v: string): boolean {
  if (v.length > MAX_URL || /\s/.test(v)) return false;
  try {
    const url = new URL(v);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.includes('.');
  } catch {
    return false;
  }
}

type Checked = { value: unknown } | { error: string };

/**
 * One value against its field: the normalized value to store or an error code. `held` is what the record
 * holds now: an archived option it already has may stay (it can no longer be chosen anew).
 */
function checkValue(field: CustomFieldRule, raw: unknown, held: unknown): Checked {
  const text = (max: number): Checked =>
    typeof raw !== 'string'
      ? { error: 'invalid_type' }
      : raw.trim().length > max
        ? { error: 'too_long' }
        : { value: raw.trim() };
  const offered = (value: unknown, before: unknown[]) =>
    field.options.some((o) => o.value === value && (!o.archived || before.includes(value)));
  switch (field.type) {
    case 'text':
      return text(MAX_TEXT);
    case 'long_text':
      return text(MAX_LONG_TEXT);
    case 'number':
      return typeof raw === 'number' && Number.isFinite(raw) && Math.abs(raw) <= 1e15
        ? { value: raw }
        : { error: 'invalid_number' };
    case 'money':
      // Integer cents, like `valueCents`.
      return Number.isSafeInteger(raw) ? { value: raw } : { error: 'invalid_money' };
    case 'date':
      return typeof raw === 'string' && isCalendarDay(raw) ? { value: raw } : { error: 'invalid_date' };
    case 'boolean':
      return typeof raw === 'boolean' ? { value: raw } : { error: 'invalid_type' };
    case 'choice':
      return offered(raw, [held]) ? { value: raw } : { error: 'unknown_option' };
    case 'multi_choice': {
      if (!Array.isArray(raw)) return { error: 'invalid_type' };
      const before = Array.isArray(held) ? held : [];
      if (!raw.every((v) => offered(v, before))) return { error: 'unknown_option' };
      // Kept in the field's option order, once each: the same choice always stores (and diffs) the same.
      return { value: field.options.map((o) => o.value).filter((v) => raw.includes(v)) };
    }
    case 'user':
      return typeof raw === 'string' && UUID.test(raw)
        ? { value: raw.toLowerCase() }
        : { error: 'invalid_user' };
    case 'url':
      return typeof raw === 'string' && isWebUrl(raw.trim())
        ? { value: raw.trim() }
        : { error: 'invalid_url' };
    case 'email': {
      const email = typeof raw === 'string' ? raw.trim().toLowerCase() : '';
      return email.length <= 254 && ZEmail.safeParse(email).success
        ? { value: email }
        : { error: 'invalid_email' };
    }
    case 'phone': {
      const e164 = typeof raw === 'string' ? normalizePhone(raw) : null;
      return e164 ? { value: e164 } : { error: 'invalid_phone' };
    }
    case 'document': {
      const document = typeof raw === 'string' ? normalizeDocument(raw) : '';
      return documentKind(document) ? { value: document } : { error: 'invalid_document' };
    }
  }
}

export type CustomValuesResult = { values: CustomFieldValues } | { errors: Record<string, string> };

/**
 * Checks the custom values a request sends for one record.
 * - `partial` (an update): only the keys sent are checked, and the result is a patch where `null` clears a
 *   value; otherwise (a create) the result is the whole object, and every live required field the role sees
 *   must be filled.
 * - A key no live field has → `unknown_field`; a field the role does not see → `forbidden_field` (it may
 *   neither read nor write it); a required field emptied → `required`; a value of the wrong shape → its code.
 * - `current`: the record's stored values (an archived option it holds may stay).
 * - `unattended` (a create nobody fills a form for: a lead from a portal, a helpdesk contact): required fields may
 *   be missing — the broker fills them later; values sent are still checked.
 * `user` values are checked for shape only: whether the user exists needs the database (`customUserIds`).
 */
export function validateCustomValues(
  fields: readonly CustomFieldRule[],
  input: CustomFieldValues,
  options: { role: Role; partial: boolean; current?: CustomFieldValues; unattended?: boolean },
): CustomValuesResult {
  const errors: Record<string, string> = {};
  const values: CustomFieldValues = {};
  const live = new Map(fields.filter((f) => f.archivedAt === null).map((f) => [f.key, f]));
  for (const [key, raw] of Object.entries(input)) {
    const field = live.get(key);
    if (!field) errors[key] = 'unknown_field';
    else if (!roleSeesField(field, options.role)) errors[key] = 'forbidden_field';
    else if (isEmpty(raw)) {
      if (field.required) errors[key] = 'required';
      else if (options.partial) values[key] = null;
    } else {
      const checked = checkValue(field, raw, options.current?.[key]);
      if ('error' in checked) errors[key] = checked.error;
      else values[key] = checked.value;
    }
  }
  if (!options.partial && !options.unattended) {
    for (const field of fieldsForRole([...live.values()], options.role)) {
      if (field.required && !(field.key in values) && !errors[field.key]) errors[field.key] = 'required';
    }
  }
  return Object.keys(errors).length > 0 ? { errors } : { values };
}

/** The ids a record's `user` fields name (to check that they exist in the workspace). */
export function customUserIds(fields: readonly CustomFieldRule[], values: CustomFieldValues): string[] {
  return fields.flatMap((f) =>
    f.type === 'user' && typeof values[f.key] === 'string' ? [values[f.key] as string] : [],
  );
}

/** The stored values after an update's patch (`null` clears a key; absent keys stay as they were). */
export function mergeCustomValues(stored: CustomFieldValues, patch: CustomFieldValues): CustomFieldValues {
  const out = { ...stored };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = value;
  }
  return out;
}

const sameValue = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** One `field_changed` entry of a custom field: the contract's `{field, label, old, new}` and how to show it. */
export type CustomFieldChange = FieldChange & {
  label: string;
  type: CustomFieldType;
  /** choice / multi_choice: the labels of the options the old and new values name (the timeline shows them). */
  options?: CustomFieldOption[];
};

/**
 * One `field_changed` entry per custom value that changed: `{ field: 'customFields.<key>', label, old, new }`
 * (the label as it is now, so the timeline reads without the definitions; `null` for an empty value), with the
 * type and the options involved so the timeline can format it.
 */
export function customFieldChanges(
  fields: readonly Pick<CustomField, 'key' | 'label' | 'type' | 'options'>[],
  before: CustomFieldValues,
  after: CustomFieldValues,
): CustomFieldChange[] {
  return fields
    .filter((f) => !sameValue(before[f.key], after[f.key]))
    .map((f) => {
      const old = before[f.key] ?? null;
      const next = after[f.key] ?? null;
      const named = [old, next].flat();
      const options = f.options
        .filter((o) => named.includes(o.value))
        .map(({ value, label }) => ({ value, label }));
      return {
        field: `customFields.${f.key}`,
        label: f.label,
        type: f.type,
        old,
        new: next,
        ...(hasOptions(f.type) ? { options } : {}),
      };
    });
}

/** A new field's key from its label, unique among the entity's keys (archived ones included). */
export function customFieldKey(label: string, taken: ReadonlySet<string>): string {
  const base = fieldKeyFromLabel(label);
  let key = base;
  for (let n = 2; taken.has(key); n++) key = `${base.slice(0, 36)}_${n}`;
  return key;
}

/** The JSON Schema of one field's value (what `validateCustomValues` accepts, before normalizing). */
function valueSchema(f: Pick<CustomField, 'type' | 'label' | 'options'>): Record<string, unknown> {
  const live = f.options.filter((o) => !o.archived).map((o) => o.value);
  const byType: Record<CustomFieldType, Record<string, unknown>> = {
    text: { type: 'string', maxLength: MAX_TEXT },
    long_text: { type: 'string', maxLength: MAX_LONG_TEXT },
    number: { type: 'number' },
    money: { type: 'integer', description: 'Centavos (R$ 1,50 = 150)' },
    date: { type: 'string', format: 'date' },
    boolean: { type: 'boolean' },
    choice: { type: 'string', enum: live },
    multi_choice: { type: 'array', items: { type: 'string', enum: live }, uniqueItems: true },
    user: { type: 'string', format: 'uuid', description: 'Id de um usuário do workspace' },
    url: { type: 'string', format: 'uri', maxLength: MAX_URL },
    email: { type: 'string', format: 'email' },
    phone: { type: 'string', description: 'Telefone; gravado em E.164 (+5511987654321)' },
    document: { type: 'string', description: 'CPF ou CNPJ válido; gravado sem máscara' },
  };
  return { title: f.label, ...byType[f.type] };
}

/**
 * The workspace's `customFields` object as a JSON Schema (draft 2020-12) for one role: the live fields it sees,
 * each typed, `required` listing the required ones. What `GET /custom-fields/openapi-schema` answers.
 */
export function customFieldsJsonSchema(
  fields: readonly Pick<
    CustomField,
    'key' | 'label' | 'type' | 'options' | 'required' | 'visibleRoles' | 'archivedAt'
  >[],
  role: Role,
): Record<string, unknown> {
  const visible = fieldsForRole(fields, role);
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    additionalProperties: false,
    properties: Object.fromEntries(visible.map((f) => [f.key, valueSchema(f)])),
    required: visible.filter((f) => f.required).map((f) => f.key),
  };
}
