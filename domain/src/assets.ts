import { z } from 'zod';
import type { FieldError } from './problems.ts';

/**
 * Ativos (leads-registration-360 seed, tab Ativos): products, installations or loaned equipment (comodato) a
 * client has. Each workspace defines its asset types and the fields each type asks for; an asset's values
 * are checked against its type's fields here, so the server and the form give the same per-field errors.
 */

export const ASSET_FIELD_TYPES = ['text', 'number', 'date', 'boolean', 'select'] as const;
export type AssetFieldType = (typeof ASSET_FIELD_TYPES)[number];

/**
 * One lifecycle for every kind of asset: `active` (installed, in use, lent out in comodato, contracted),
 * `suspended` (paused: service suspended, equipment in maintenance), `ended` (returned, cancelled,
 * uninstalled — with its end date). Type-specific words belong in the type's own fields.
 */
export const ASSET_STATUSES = ['active', 'suspended', 'ended'] as const;
export type AssetStatus = (typeof ASSET_STATUSES)[number];

export const ASSET_CHANGE_ACTIONS = ['added', 'updated', 'ended'] as const;
export type AssetChangeAction = (typeof ASSET_CHANGE_ACTIONS)[number];

export const MAX_ASSET_FIELDS = 30;
export const MAX_ASSET_TEXT = 500;

const ZFieldKey = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_]{0,39}$/, 'invalid_value');

export const ZAssetFieldDefinition = z
  .object({
    key: ZFieldKey,
    label: z.string().trim().min(1, 'required').max(80, 'too_long'),
    type: z.enum(ASSET_FIELD_TYPES),
    required: z.boolean().default(false),
    /** The choices of a `select` field (ignored for other types). */
    options: z.array(z.string().trim().min(1, 'required').max(80, 'too_long')).max(50).default([]),
  })
  .superRefine((f, ctx) => {
    if (f.type === 'select' && f.options.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'required' });
    }
    if (new Set(f.options).size !== f.options.length) {
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'duplicate' });
    }
  })
  .transform((f) => ({ ...f, options: f.type === 'select' ? f.options : [] }));
export type AssetFieldDefinition = z.output<typeof ZAssetFieldDefinition>;

const ZFields = z
  .array(ZAssetFieldDefinition)
  .max(MAX_ASSET_FIELDS, 'too_long')
  .superRefine((fields, ctx) => {
    const seen = new Set<string>();
    fields.forEach((f, i) => {
      if (seen.has(f.key)) ctx.addIssue({ code: 'custom', path: [i, 'key'], message: 'duplicate' });
      seen.add(f.key);
    });
  });

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, 'too_long')
    .nullish()
    .transform((v) => (v ? v : null));

export const ZCreateAssetTypeRequest = z.object({
  name: z.string().trim().min(1, 'required').max(80, 'too_long'),
  description: optionalText(500),
  fields: ZFields.default([]),
});
export type CreateAssetTypeRequest = z.output<typeof ZCreateAssetTypeRequest>;

export const ZUpdateAssetTypeRequest = ZCreateAssetTypeRequest.extend({
  /** false: bring an archived type back. */
  archived: z.boolean().optional(),
  version: z.number().int().positive().optional(),
});
export type UpdateAssetTypeRequest = z.output<typeof ZUpdateAssetTypeRequest>;

export type AssetType = {
  id: string;
  name: string;
  description: string | null;
  fields: AssetFieldDefinition[];
  archivedAt: string | null;
  /** How many assets use it (an unused type is deleted, a used one archived). */
  assetCount: number;
  version: number;
  createdAt: string;
  updatedAt: string;
};

/** A real calendar day `YYYY-MM-DD`. */
export function isCalendarDay(v: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const day = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === v;
}

const ZDay = z
  .string()
  .refine(isCalendarDay, 'invalid_date')
  .nullish()
  .transform((v) => v ?? null);

export type AssetFieldValue = string | number | boolean;
export type AssetValues = Record<string, AssetFieldValue>;

const assetFields = {
  identifier: z.string().trim().min(1, 'required').max(120, 'too_long'),
  status: z.enum(ASSET_STATUSES),
  startDate: ZDay,
  endDate: ZDay,
  /** Checked against the type's fields by `checkAssetValues` (the shape alone here). */
  values: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  notes: optionalText(2000),
};

function endAfterStart(v: { startDate?: string | null; endDate?: string | null }, ctx: z.RefinementCtx) {
  if (v.startDate && v.endDate && v.endDate < v.startDate) {
    ctx.addIssue({ code: 'custom', path: ['endDate'], message: 'end_before_start' });
  }
}

export const ZCreateAssetRequest = z
  .object({
    assetTypeId: z.uuid(),
    ...assetFields,
    status: assetFields.status.default('active'),
    values: assetFields.values.default({}),
  })
  .superRefine(endAfterStart);
export type CreateAssetRequest = z.output<typeof ZCreateAssetRequest>;

/** Every field optional; `values`, when sent, replaces the stored values. */
export const ZUpdateAssetRequest = z
  .object(assetFields)
  .partial()
  .extend({ version: z.number().int().positive().optional() })
  .superRefine(endAfterStart);
export type UpdateAssetRequest = z.output<typeof ZUpdateAssetRequest>;

export const ZEndAssetRequest = z.object({ endDate: ZDay, version: z.number().int().positive().optional() });

export type Asset = {
  id: string;
  personId: string;
  assetType: { id: string; name: string; fields: AssetFieldDefinition[]; archived: boolean };
  identifier: string;
  status: AssetStatus;
  startDate: string | null;
  endDate: string | null;
  values: AssetValues;
  notes: string | null;
  createdBy: { id: string; name: string } | null;
  version: number;
  createdAt: string;
  updatedAt: string;
};

const isEmpty = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/**
 * Checks an asset's values against its type's fields: required ones present, each of its type (text up to
 * 500 characters, finite number, calendar day, boolean, one of the options), no unknown key. Returns the
 * normalized values (blanks dropped, text trimmed) or per-field errors at `values.<key>`.
 */
export function checkAssetValues(
  fields: readonly AssetFieldDefinition[],
  input: Record<string, unknown>,
): { values: AssetValues; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const values: AssetValues = {};
  const error = (key: string, code: string) => errors.push({ field: `values.${key}`, code, message: '' });
  const known = new Set(fields.map((f) => f.key));
  for (const key of Object.keys(input)) {
    if (!known.has(key)) error(key, 'unknown_field');
  }
  for (const f of fields) {
    const raw = input[f.key];
    if (isEmpty(raw)) {
      if (f.required) error(f.key, 'required');
      continue;
    }
    switch (f.type) {
      case 'text':
        if (typeof raw !== 'string') error(f.key, 'invalid_type');
        else if (raw.trim().length > MAX_ASSET_TEXT) error(f.key, 'too_long');
        else values[f.key] = raw.trim();
        break;
      case 'number':
        if (typeof raw !== 'number' || !Number.isFinite(raw)) error(f.key, 'invalid_number');
        else values[f.key] = raw;
        break;
      case 'date':
        if (typeof raw !== 'string' || !isCalendarDay(raw)) error(f.key, 'invalid_date');
        else values[f.key] = raw;
        break;
      case 'boolean':
        if (typeof raw !== 'boolean') error(f.key, 'invalid_type');
        else values[f.key] = raw;
        break;
      case 'select':
        if (typeof raw !== 'string' || !f.options.includes(raw)) error(f.key, 'unknown_option');
        else values[f.key] = raw;
        break;
    }
  }
  return { values, errors };
}

/** A field key from its label: `Número de série` → `numero_de_serie`. */
export function fieldKeyFromLabel(label: string): string {
  const key = label
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .replace(/^[0-9_]+/, '')
    .slice(0, 40)
    .replace(/_+$/, '');
  return key || 'campo';
}
