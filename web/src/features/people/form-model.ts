import {
  type AddressType,
  type CreatePersonRequest,
  documentKind,
  type EmailType,
  EXTRA_DOCUMENT_KINDS,
  formatCep,
  formatDocument,
  formatPhone,
  type IdentityDocument,
  normalizeDocument,
  normalizePhone,
  type PersonKind,
  type PersonStage,
  type PhoneType,
  phoneKind,
  SOCIAL_NETWORKS,
  type SocialNetwork,
  ZCreatePersonRequest,
} from '@funil/domain';
import { issueToFieldError } from '../../lib/problems.ts';
import type { MaskedPhone, Person, Phone } from './types.ts';

export type PhoneRow = { key: string; number: string; type: PhoneType; primary: boolean };
export type EmailRow = { key: string; address: string; type: EmailType; primary: boolean };
export type AddressRow = {
  key: string;
  type: AddressType;
  cep: string;
  street: string;
  number: string;
  complement: string;
  district: string;
  city: string;
  state: string;
  primary: boolean;
};

/** What the person form edits: every text as typed, lists as rows with a stable key. */
export type PersonFormValues = {
  kind: PersonKind;
  /** The person type; null: the built-in type of `kind` (a new form before a type is picked). */
  typeId: string | null;
  name: string;
  tradeName: string;
  document: string;
  /** The documents beside the CPF/CNPJ, shown when the type takes them; blank ones are not sent. */
  passportCountry: string;
  passportNumber: string;
  ieState: string;
  ieNumber: string;
  rg: string;
  stateRegistration: string;
  /** Companies: main activity (CNAE code and description) and situação cadastral, usually from the CNPJ lookup. */
  cnaeCode: string;
  cnaeDescription: string;
  registrationStatus: string;
  birthDate: string;
  stage: PersonStage;
  ownerId: string | null;
  branchId: string | null;
  tags: string[];
  media: string;
  channel: string;
  phones: PhoneRow[];
  /**
   * Editing a person: the stored phones, masked, while they have not been revealed. The phones are then
   * neither shown for editing nor sent, so the edit keeps them as they are.
   */
  maskedPhones: MaskedPhone[] | null;
  emails: EmailRow[];
  addresses: AddressRow[];
  social: Record<SocialNetwork, string>;
  sharedUserIds: string[];
  sharedTeamIds: string[];
};

let rowCounter = 0;
export const rowKey = () => `row-${++rowCounter}`;

/**
 * While a phone is typed, flips its type between Celular and Fixo from the number itself
 * (Brazilian mobiles have 9 digits after the DDD, starting with 9); other types are the user's choice.
 */
export function inferPhoneType(masked: string, current: PhoneType): PhoneType {
  if (current !== 'mobile' && current !== 'landline') return current;
  // Read as it will be stored, so `0 15 (11) …` and `55 (11) …` are told apart like `(11) …`.
  const e164 = normalizePhone(masked);
  if (!e164?.startsWith('+55')) return current;
  // 0800 / números únicos are companies' lines: Comercial (never offered WhatsApp).
  const kind = phoneKind(e164);
  if (kind === 'toll_free' || kind === 'shared_cost') return 'commercial';
  return e164.length === 14 ? 'mobile' : 'landline';
}

export const newPhoneRow = (primary: boolean): PhoneRow => ({
  key: rowKey(),
  number: '',
  type: 'mobile',
  primary,
});
export const newEmailRow = (primary: boolean): EmailRow => ({
  key: rowKey(),
  address: '',
  type: 'personal',
  primary,
});
export const newAddressRow = (primary: boolean): AddressRow => ({
  key: rowKey(),
  type: 'home',
  cep: '',
  street: '',
  number: '',
  complement: '',
  district: '',
  city: '',
  state: '',
  primary,
});

const emptySocial = (): Record<SocialNetwork, string> =>
  Object.fromEntries(SOCIAL_NETWORKS.map((n) => [n, ''])) as Record<SocialNetwork, string>;

export function emptyPersonForm(defaults: {
  ownerId: string | null;
  branchId: string | null;
}): PersonFormValues {
  return {
    kind: 'individual',
    typeId: null,
    name: '',
    tradeName: '',
    document: '',
    passportCountry: '',
    passportNumber: '',
    ieState: '',
    ieNumber: '',
    rg: '',
    stateRegistration: '',
    cnaeCode: '',
    cnaeDescription: '',
    registrationStatus: '',
    birthDate: '',
    stage: 'lead',
    ownerId: defaults.ownerId,
    branchId: defaults.branchId,
    tags: [],
    media: '',
    channel: '',
    phones: [newPhoneRow(true)],
    maskedPhones: null,
    emails: [newEmailRow(true)],
    addresses: [],
    social: emptySocial(),
    sharedUserIds: [],
    sharedTeamIds: [],
  };
}

/** The form filled from a stored person (masks applied for display). */
export function personToForm(p: Person): PersonFormValues {
  const social = emptySocial();
  for (const n of SOCIAL_NETWORKS) social[n] = p.social[n] ?? '';
  const passport = p.documents.find((d) => d.kind === 'passport');
  const ie = p.documents.find((d) => d.kind === 'state_registration');
  return {
    kind: p.kind,
    typeId: p.typeId,
    name: p.name,
    tradeName: p.tradeName ?? '',
    document: p.document ? formatDocument(p.document) : '',
    passportCountry: passport?.country ?? '',
    passportNumber: passport?.number ?? '',
    ieState: ie?.state ?? '',
    ieNumber: ie?.number ?? '',
    rg: p.rg ?? '',
    stateRegistration: p.stateRegistration ?? '',
    cnaeCode: p.cnaeCode ?? '',
    cnaeDescription: p.cnaeDescription ?? '',
    registrationStatus: p.registrationStatus ?? '',
    birthDate: p.birthDate ?? '',
    stage: p.stage,
    ownerId: p.ownerId,
    branchId: p.branchId,
    tags: [...p.tags],
    media: p.source.media ?? '',
    channel: p.source.channel ?? '',
    // Masked until revealed (then `phonesToRows` fills the rows); nothing to hide when there are none.
    phones: [],
    maskedPhones: p.phones.length > 0 ? p.phones : null,
    emails: p.emails.map((x) => ({ key: rowKey(), address: x.address, type: x.type, primary: x.primary })),
    addresses: p.addresses.map((a) => ({
      key: rowKey(),
      type: a.type,
      cep: formatCep(a.cep),
      street: a.street,
      number: a.number ?? '',
      complement: a.complement ?? '',
      district: a.district ?? '',
      city: a.city,
      state: a.state,
      primary: a.primary,
    })),
    social,
    sharedUserIds: [...p.sharedWith.userIds],
    sharedTeamIds: [...p.sharedWith.teamIds],
  };
}

/** Masked phones with a React key each: two numbers may mask alike, so repeats get a counter. */
export function keyedMaskedPhones(phones: readonly MaskedPhone[]): (MaskedPhone & { key: string })[] {
  const seen = new Map<string, number>();
  return phones.map((p) => {
    const n = seen.get(p.masked) ?? 0;
    seen.set(p.masked, n + 1);
    return { ...p, key: `${p.masked}#${n}` };
  });
}

/** The rows of revealed (full) phones, formatted for editing. */
export const phonesToRows = (phones: readonly Phone[]): PhoneRow[] =>
  phones.map((x) => ({ key: rowKey(), number: formatPhone(x.number), type: x.type, primary: x.primary }));

/** Marks row `index` as the only primary one. */
export const choosePrimary = <T extends { primary: boolean }>(rows: T[], index: number): T[] =>
  rows.map((r, i) => ({ ...r, primary: i === index }));

/** Removes a row; the first remaining row becomes primary if the primary one left. */
export const removeRow = <T extends { primary: boolean }>(rows: T[], index: number): T[] => {
  const rest = rows.filter((_, i) => i !== index);
  return rest.length && !rest.some((r) => r.primary) ? choosePrimary(rest, 0) : rest;
};

const orNull = (s: string) => (s.trim() ? s.trim() : null);

/**
 * The passport and IE typed in the form (either left out when both its inputs are blank), with, for each, its
 * place in EXTRA_DOCUMENT_KINDS: how `documents.<i>…` errors find their inputs (see formFieldOf).
 */
function formDocuments(v: PersonFormValues): { documents: IdentityDocument[]; kinds: number[] } {
  const documents: IdentityDocument[] = [];
  if (v.passportCountry.trim() || v.passportNumber.trim()) {
    documents.push({ kind: 'passport', country: v.passportCountry, number: v.passportNumber });
  }
  if (v.ieState.trim() || v.ieNumber.trim()) {
    documents.push({ kind: 'state_registration', state: v.ieState, number: v.ieNumber });
  }
  return { documents, kinds: documents.map((d) => EXTRA_DOCUMENT_KINDS.indexOf(d.kind)) };
}

/** Ensures exactly one primary row when the list is not empty (the first, if none was chosen). */
function withOnePrimary<T extends { primary: boolean }>(rows: T[]): T[] {
  const chosen = Math.max(
    0,
    rows.findIndex((r) => r.primary),
  );
  return rows.map((r, i) => ({ ...r, primary: i === chosen }));
}

/**
 * The request body built from the form. Blank rows are left out; `rowIndex` maps each list entry of
 * the body back to its row in the form, so errors about `phones.1.number` land on the right row.
 */
export function formToBody(v: PersonFormValues): {
  body: Record<string, unknown>;
  rowIndex: Record<string, number[]>;
} {
  const keep = <T>(rows: T[], filled: (r: T) => boolean) => {
    const indexes: number[] = [];
    const kept: T[] = [];
    rows.forEach((r, i) => {
      if (filled(r)) {
        indexes.push(i);
        kept.push(r);
      }
    });
    return { kept, indexes };
  };
  const phones = keep(v.phones, (r) => r.number.trim() !== '');
  const emails = keep(v.emails, (r) => r.address.trim() !== '');
  const addresses = keep(v.addresses, (r) =>
    [r.cep, r.street, r.number, r.complement, r.district, r.city].some((x) => x.trim() !== ''),
  );
  const social: Partial<Record<SocialNetwork, string>> = {};
  for (const n of SOCIAL_NETWORKS) {
    const value = v.social[n].trim();
    if (value) social[n] = value;
  }
  const documents = formDocuments(v);
  const body: Record<string, unknown> = {
    kind: v.kind,
    typeId: v.typeId,
    name: v.name,
    tradeName: v.kind === 'company' ? orNull(v.tradeName) : null,
    document: orNull(v.document),
    documents: documents.documents,
    rg: v.kind === 'individual' ? orNull(v.rg) : null,
    stateRegistration: v.kind === 'company' ? orNull(v.stateRegistration) : null,
    cnaeCode: v.kind === 'company' ? orNull(v.cnaeCode) : null,
    cnaeDescription: v.kind === 'company' ? orNull(v.cnaeDescription) : null,
    registrationStatus: v.kind === 'company' ? orNull(v.registrationStatus) : null,
    birthDate: orNull(v.birthDate),
    stage: v.stage,
    ownerId: v.ownerId,
    branchId: v.branchId,
    tags: v.tags.map((t) => t.trim()).filter(Boolean),
    source: { media: orNull(v.media), channel: orNull(v.channel) },
    phones: withOnePrimary(phones.kept).map(({ number, type, primary }) => ({ number, type, primary })),
    emails: withOnePrimary(emails.kept).map(({ address, type, primary }) => ({ address, type, primary })),
    addresses: withOnePrimary(addresses.kept).map(({ key: _key, ...a }) => ({
      ...a,
      number: orNull(a.number),
      complement: orNull(a.complement),
      district: orNull(a.district),
    })),
    social,
    sharedWith: { userIds: v.sharedUserIds, teamIds: v.sharedTeamIds },
  };
  // Phones still masked are not part of the edit (the server keeps what it has).
  if (v.maskedPhones) delete body.phones;
  return {
    body,
    rowIndex: {
      phones: phones.indexes,
      emails: emails.indexes,
      addresses: addresses.indexes,
      documents: documents.kinds,
    },
  };
}

/** `phones.1.number` of the body → `phones.<row>.number` of the form. */
export function toFormField(field: string, rowIndex: Record<string, number[]>): string {
  const [list, index, ...rest] = field.split('.');
  const rows = list ? rowIndex[list] : undefined;
  if (!rows || index === undefined || !/^\d+$/.test(index)) return field;
  const row = rows[Number(index)];
  return row === undefined ? field : [list, String(row), ...rest].join('.');
}

/** The same CPF/CNPJ rule as the schema's refinement. */
function documentProblem(v: PersonFormValues): string | null {
  if (!v.document.trim()) return null;
  const found = documentKind(normalizeDocument(v.document));
  if (!found) return 'invalid_document';
  if (found !== (v.kind === 'individual' ? 'cpf' : 'cnpj'))
    return v.kind === 'individual' ? 'expected_cpf' : 'expected_cnpj';
  return null;
}

export type ValidationResult =
  | { ok: true; data: CreatePersonRequest; body: Record<string, unknown>; rowIndex: Record<string, number[]> }
  | { ok: false; errors: Record<string, string>; rowIndex: Record<string, number[]> };

/** Client-side check with the same zod schema the server uses; errors are keyed by form field path. */
export function validatePersonForm(v: PersonFormValues): ValidationResult {
  const { body, rowIndex } = formToBody(v);
  const parsed = ZCreatePersonRequest.safeParse(body);
  if (parsed.success) return { ok: true, data: parsed.data, body, rowIndex };
  const errors: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const { field, code } = issueToFieldError(issue);
    const formField = formFieldOf(toFormField(field, rowIndex));
    if (!(formField in errors)) errors[formField] = code;
  }
  if (!v.name.trim()) errors.name = 'required';
  // The schema checks the document only once every other field is valid; say it now.
  const documentError = documentProblem(v);
  if (documentError && !errors.document) errors.document = documentError;
  return { ok: false, errors, rowIndex };
}

/** Stable JSON: object keys sorted, so equal values compare equal whatever their key order. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

const withoutEmpty = (social: Partial<Record<string, string | null | undefined>>) =>
  Object.fromEntries(Object.entries(social).filter(([, v]) => typeof v === 'string' && v !== ''));

/**
 * The fields of a validated form that differ from the stored person: what a PATCH needs to send.
 * `phones`: the stored numbers when they were revealed for editing; null when they stayed masked, and then
 * the phones are never sent (an edit that did not touch them cannot replace them).
 */
export function changedFields(
  data: CreatePersonRequest,
  person: Person,
  phones: readonly Phone[] | null,
): Partial<CreatePersonRequest> {
  const stored: Record<string, unknown> = {
    kind: person.kind,
    typeId: person.typeId,
    name: person.name,
    tradeName: person.tradeName,
    document: person.document,
    documents: person.documents,
    rg: person.rg,
    stateRegistration: person.stateRegistration,
    cnaeCode: person.cnaeCode,
    cnaeDescription: person.cnaeDescription,
    registrationStatus: person.registrationStatus,
    birthDate: person.birthDate,
    stage: person.stage,
    ownerId: person.ownerId,
    branchId: person.branchId,
    tags: person.tags,
    source: person.source,
    phones,
    emails: person.emails,
    addresses: person.addresses,
    social: withoutEmpty(person.social),
    sharedWith: person.sharedWith,
  };
  const next: Record<string, unknown> = { ...data, social: withoutEmpty(data.social) };
  const changed: Record<string, unknown> = {};
  for (const key of Object.keys(stored)) {
    if (key === 'phones' && phones === null) continue;
    if (canonical(next[key] ?? null) !== canonical(stored[key] ?? null)) changed[key] = next[key];
  }
  // Custom values are merged by the server: the form sends only the changed keys (null clears one).
  if (Object.keys(data.customFields).length > 0) changed.customFields = data.customFields;
  return changed as Partial<CreatePersonRequest>;
}

/** The inputs of each document kind (by its place in EXTRA_DOCUMENT_KINDS), for its errors. */
const DOCUMENT_INPUTS: Record<string, Record<string, keyof PersonFormValues>> = {
  passport: { country: 'passportCountry', number: 'passportNumber' },
  state_registration: { state: 'ieState', number: 'ieNumber' },
};

/** `documents.0.number` (0: the place of the kind in EXTRA_DOCUMENT_KINDS) or `documents.passport` → its input. */
function documentInputOf(path: string): string {
  const [, which, part] = path.split('.');
  const kind = /^\d+$/.test(which ?? '') ? EXTRA_DOCUMENT_KINDS[Number(which)] : which;
  const inputs = kind ? DOCUMENT_INPUTS[kind] : undefined;
  return inputs?.[part ?? 'number'] ?? inputs?.number ?? path;
}

/** Where a server/zod field path shows its error in the form (`source.media` → `media`, …). */
export function formFieldOf(path: string): string {
  if (path.startsWith('documents.')) return documentInputOf(path);
  if (path.startsWith('source.')) return path.slice('source.'.length);
  if (path.startsWith('sharedWith.userIds')) return 'sharedUserIds';
  if (path.startsWith('sharedWith.teamIds')) return 'sharedTeamIds';
  if (path.startsWith('tags.')) return 'tags';
  return path;
}

/** What every form section receives. */
export type SectionProps = {
  values: PersonFormValues;
  set: <K extends keyof PersonFormValues>(key: K, value: PersonFormValues[K]) => void;
  error: (field: string) => string | undefined;
};
