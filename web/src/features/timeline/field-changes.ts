import {
  ADDRESS_TYPES,
  CUSTOM_FIELD_TYPES,
  type CustomFieldChange,
  customValueText,
  EMAIL_TYPES,
  type FieldChange,
  formatCep,
  formatDocument,
  formatPhone,
  PERSON_KINDS,
  PERSON_STAGES,
  PERSON_STATUS_FIELDS,
  PHONE_TYPES,
  SOCIAL_NETWORKS,
  TEMPERATURES,
  TRACKED_PERSON_FIELDS,
  type TrackedOpportunityField,
} from '@funil/domain';
import type { TFunction } from 'i18next';
import { formatDay } from '../../lib/format.ts';
import { customValueTextOptions } from '../custom-fields/custom-values.ts';
import { formatBRL } from '../opportunities/money.ts';

/** Turns ids inside events (branch, users, teams) into names. */
export type NameLookup = {
  userName: (id: string | null | undefined) => string | null;
  teamName: (id: string | null | undefined) => string | null;
  branchName: (id: string | null | undefined) => string | null;
  personTypeName: (id: string | null | undefined) => string | null;
};

export type ChangeContext = { t: TFunction; locale: string; names: NameLookup };

/** Fields with a translated label; anything else shows its raw name. */
export const LABELLED_FIELDS = [...TRACKED_PERSON_FIELDS, 'ownerId', 'photo'] as const;
type LabelledField = (typeof LABELLED_FIELDS)[number];

const isLabelled = (field: string): field is LabelledField =>
  (LABELLED_FIELDS as readonly string[]).includes(field);

/** Opportunity fields without a person field of the same name (owner, branch, tags, source are shared). */
export const OPPORTUNITY_ONLY_FIELDS = [
  'title',
  'description',
  'valueCents',
  'expectedCloseDate',
  'businessPlanId',
  'city',
  'teamId',
  'managerId',
  'qualificationId',
] as const satisfies readonly TrackedOpportunityField[];
type OpportunityOnlyField = (typeof OPPORTUNITY_ONLY_FIELDS)[number];
const isOpportunityField = (field: string): field is OpportunityOnlyField =>
  (OPPORTUNITY_ONLY_FIELDS as readonly string[]).includes(field);
type StatusField = (typeof PERSON_STATUS_FIELDS)[number];
const isStatusField = (field: string): field is StatusField =>
  (PERSON_STATUS_FIELDS as readonly string[]).includes(field);
const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v : null);
const oneOf = <T extends string>(list: readonly T[], v: unknown): v is T =>
  typeof v === 'string' && (list as readonly string[]).includes(v);

export function fieldLabel(field: string, t: TFunction): string {
  if (isLabelled(field)) return t(`fields.${field}`);
  if (isOpportunityField(field)) return t(`timeline.opportunityFields.${field}`);
  if (isStatusField(field)) return t(`personStatus.fields.${field}`);
  const [parent, sub] = field.split('.');
  if (parent === 'source' && (sub === 'media' || sub === 'channel')) return t(`form.${sub}`);
  if (parent === 'social' && oneOf(SOCIAL_NETWORKS, sub)) return t(`social.${sub}`);
  return field;
}

/**
 * Splits object-valued changes into one line per changed key ("Mídia: Site → Indicação"
 * rather than the whole source object twice); other changes pass through.
 */
export function expandChange(change: FieldChange): FieldChange[] {
  if (change.field !== 'source' && change.field !== 'social') return [change];
  const old = isRecord(change.old) ? change.old : {};
  const next = isRecord(change.new) ? change.new : {};
  const keys = change.field === 'source' ? ['media', 'channel'] : [...SOCIAL_NETWORKS];
  const parts = keys
    .filter((k) => (str(old[k]) ?? null) !== (str(next[k]) ?? null))
    .map((k) => ({ field: `${change.field}.${k}`, old: old[k] ?? null, new: next[k] ?? null }));
  return parts.length ? parts : [change];
}

function isEmpty(value: unknown): boolean {
  if (value === null || value === undefined || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  if (isRecord(value)) return Object.values(value).every(isEmpty);
  return false;
}

function withFlags(main: string, type: string | null, primary: boolean, ctx: ChangeContext): string {
  const flags = [type, primary ? ctx.t('timeline.primary') : null].filter(Boolean);
  return flags.length ? `${main} (${flags.join(', ')})` : main;
}

function formatPhones(value: unknown[], ctx: ChangeContext): string {
  return value
    .filter(isRecord)
    .map((p) => {
      const number = str(p.number);
      const type = oneOf(PHONE_TYPES, p.type) ? ctx.t(`phoneTypes.${p.type}`) : null;
      return withFlags(number ? formatPhone(number) : '?', type, p.primary === true, ctx);
    })
    .join('; ');
}

function formatEmails(value: unknown[], ctx: ChangeContext): string {
  return value
    .filter(isRecord)
    .map((e) => {
      const type = oneOf(EMAIL_TYPES, e.type) ? ctx.t(`emailTypes.${e.type}`) : null;
      return withFlags(str(e.address) ?? '?', type, e.primary === true, ctx);
    })
    .join('; ');
}

/** "Av. Paulista, 1000, ap. 5 – Bela Vista, São Paulo/SP, CEP 01310-100". */
export function formatAddressLine(a: Record<string, unknown>): string {
  const street = [str(a.street), str(a.number), str(a.complement)].filter(Boolean).join(', ');
  const city = [str(a.city), str(a.state)].filter(Boolean).join('/');
  const cep = str(a.cep);
  return [street, str(a.district), city, cep ? `CEP ${formatCep(cep)}` : null].filter(Boolean).join(' – ');
}

function formatAddresses(value: unknown[], ctx: ChangeContext): string {
  return value
    .filter(isRecord)
    .map((a) => {
      const type = oneOf(ADDRESS_TYPES, a.type) ? ctx.t(`addressTypes.${a.type}`) : null;
      return withFlags(formatAddressLine(a), type, a.primary === true, ctx);
    })
    .join('; ');
}

function formatSocial(value: Record<string, unknown>, ctx: ChangeContext): string {
  return SOCIAL_NETWORKS.filter((n) => str(value[n]))
    .map((n) => `${ctx.t(`social.${n}`)}: ${value[n]}`)
    .join('; ');
}

function formatSharing(value: Record<string, unknown>, ctx: ChangeContext): string {
  const names = (ids: unknown, lookup: (id: string) => string | null) =>
    (Array.isArray(ids) ? ids : [])
      .map((id) => lookup(String(id)) ?? ctx.t('timeline.unknownRef'))
      .join(', ');
  const users = names(value.userIds, ctx.names.userName);
  const teams = names(value.teamIds, ctx.names.teamName);
  return [
    users ? ctx.t('timeline.sharedUsers', { names: users }) : null,
    teams ? ctx.t('timeline.sharedTeams', { names: teams }) : null,
  ]
    .filter(Boolean)
    .join('; ');
}

function formatSource(value: Record<string, unknown>, ctx: ChangeContext): string {
  const media = str(value.media);
  const channel = str(value.channel);
  return [
    media ? ctx.t('timeline.sourceMedia', { value: media }) : null,
    channel ? ctx.t('timeline.sourceChannel', { value: channel }) : null,
  ]
    .filter(Boolean)
    .join('; ');
}

/** "Passaporte US X1234567; Inscrição estadual (IE) SP 110042490114". */
function formatIdentityDocuments(value: unknown[], ctx: ChangeContext): string {
  return value
    .filter(isRecord)
    .map((d) => {
      const kind =
        d.kind === 'passport' || d.kind === 'state_registration' ? ctx.t(`personTypes.kinds.${d.kind}`) : '?';
      return [kind, str(d.country) ?? str(d.state), str(d.number)].filter(Boolean).join(' ');
    })
    .join('; ');
}

function formatGeneric(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(formatGeneric).join(', ');
  return JSON.stringify(value);
}

/**
 * Opportunity events and the person's status fields record ids of users, teams, branches and list options
 * as `{ id, name }` (`{ id, label }` accepted too).
 */
const refName = (value: unknown): string | null | undefined => {
  if (!isRecord(value) || typeof value.id !== 'string') return undefined;
  if ('name' in value) return str(value.name);
  if ('label' in value) return str(value.label);
  return undefined;
};

/** One side of a change, readable: labels instead of codes, masks, names instead of ids. */
export function formatFieldValue(field: string, value: unknown, ctx: ChangeContext): string {
  if (isEmpty(value)) return ctx.t('timeline.emptyValue');
  const ref = refName(value);
  if (ref !== undefined) return ref ?? ctx.t('timeline.unknownRef');
  switch (field) {
    case 'valueCents':
      return typeof value === 'number' ? formatBRL(value, ctx.locale) : formatGeneric(value);
    case 'expectedCloseDate':
      return typeof value === 'string' ? formatDay(value, ctx.locale) : formatGeneric(value);
    case 'temperature':
      return oneOf(TEMPERATURES, value) ? ctx.t(`personStatus.temperatures.${value}`) : formatGeneric(value);
    case 'kind':
      return oneOf(PERSON_KINDS, value) ? ctx.t(`kinds.${value}`) : formatGeneric(value);
    case 'stage':
      return oneOf(PERSON_STAGES, value) ? ctx.t(`stages.${value}`) : formatGeneric(value);
    case 'document':
      return typeof value === 'string' ? formatDocument(value) : formatGeneric(value);
    case 'birthDate':
      return typeof value === 'string' ? formatDay(value, ctx.locale) : formatGeneric(value);
    case 'branchId':
      return ctx.names.branchName(String(value)) ?? ctx.t('timeline.unknownRef');
    case 'ownerId':
      return ctx.names.userName(String(value)) ?? ctx.t('timeline.unknownRef');
    case 'typeId':
      return ctx.names.personTypeName(String(value)) ?? ctx.t('timeline.unknownRef');
    case 'documents':
      return Array.isArray(value) ? formatIdentityDocuments(value, ctx) : formatGeneric(value);
    case 'tags':
      return Array.isArray(value) ? value.map(String).join(', ') : formatGeneric(value);
    case 'phones':
      return Array.isArray(value) ? formatPhones(value, ctx) : formatGeneric(value);
    case 'emails':
      return Array.isArray(value) ? formatEmails(value, ctx) : formatGeneric(value);
    case 'addresses':
      return Array.isArray(value) ? formatAddresses(value, ctx) : formatGeneric(value);
    case 'social':
      return isRecord(value) ? formatSocial(value, ctx) : formatGeneric(value);
    case 'sharedWith':
      return isRecord(value)
        ? formatSharing(value, ctx) || ctx.t('timeline.emptyValue')
        : formatGeneric(value);
    case 'source':
      return isRecord(value) ? formatSource(value, ctx) : formatGeneric(value);
    default:
      return formatGeneric(value);
  }
}

export type DescribedChange = { field: string; label: string; old: string; new: string; text: string };

/** A recorded change: custom fields' entries also carry their label, type and the options they name. */
export type TimelineChange = FieldChange & Partial<Pick<CustomFieldChange, 'label' | 'type' | 'options'>>;

/** "Plano: Básico → Plus" for a custom field's entry: its recorded label, values formatted by its type. */
function describeCustomChange(change: TimelineChange, ctx: ChangeContext): DescribedChange {
  const label = change.label ?? change.field.slice('customFields.'.length);
  const opts = customValueTextOptions(ctx.t, ctx.locale);
  const { type, options } = change;
  const format = (value: unknown) => {
    if (isEmpty(value)) return ctx.t('timeline.emptyValue');
    if (type === 'user') {
      // Recorded as `{ id, name }` (the name as it was); older entries hold the bare id, named by the directory.
      const id = str(isRecord(value) ? value.id : value);
      const name = isRecord(value) ? str(value.name) : null;
      return name ?? (id ? ctx.names.userName(id) : null) ?? ctx.t('timeline.unknownRef');
    }
    return (
      (type ? customValueText({ type, options }, value, opts) : formatGeneric(value)) ??
      ctx.t('timeline.emptyValue')
    );
  };
  const old = format(change.old);
  const next = format(change.new);
  return {
    field: change.field,
    label,
    old,
    new: next,
    text: ctx.t('timeline.change', { field: label, old, new: next }),
  };
}

/** "Etapa: Lead → Cliente" for one entry of a `field_changed` event. */
export function describeChange(change: TimelineChange, ctx: ChangeContext): DescribedChange {
  if (change.field.startsWith('customFields.')) return describeCustomChange(change, ctx);
  const label = fieldLabel(change.field, ctx.t);
  if (change.field === 'photo') {
    const text = ctx.t('timeline.photoChanged');
    return { field: change.field, label, old: '', new: '', text };
  }
  const old = formatFieldValue(change.field, change.old, ctx);
  const next = formatFieldValue(change.field, change.new, ctx);
  return {
    field: change.field,
    label,
    old,
    new: next,
    text: ctx.t('timeline.change', { field: label, old, new: next }),
  };
}

/** The `changes` of a `field_changed` event's data, tolerating malformed or erased payloads. */
export function readChanges(data: unknown): TimelineChange[] {
  if (!isRecord(data) || !Array.isArray(data.changes)) return [];
  return data.changes
    .filter(isRecord)
    .filter((c) => typeof c.field === 'string')
    .map((c) => ({
      field: String(c.field),
      old: c.old,
      new: c.new,
      ...(typeof c.label === 'string' ? { label: c.label } : {}),
      ...(oneOf(CUSTOM_FIELD_TYPES, c.type) ? { type: c.type } : {}),
      ...(Array.isArray(c.options)
        ? {
            options: c.options
              .filter(isRecord)
              .map((o) => ({ value: String(o.value), label: String(o.label) })),
          }
        : {}),
    }));
}
