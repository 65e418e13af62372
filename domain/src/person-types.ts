import { z } from 'zod';
import { UFS, type Uf } from './cep.ts';
import { documentKind, normalizeDocument } from './documents.ts';
import { isValidStateRegistration } from './state-registration.ts';

/**
 * Person types (Administração › Tipos de pessoa): the workspace's kinds of people beyond "física" and "jurídica",
 * each on a base kind (individual or company: what the rest of Funil hangs on) with the documents it asks for.
 * CPF and CNPJ live in `people.document` as always; passports and state registrations (IE) beside it.
 */

export const DOCUMENT_KINDS = ['cpf', 'cnpj', 'passport', 'state_registration', 'none'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** The documents stored apart from `people.document` (which holds the CPF or CNPJ). */
export const EXTRA_DOCUMENT_KINDS = ['passport', 'state_registration'] as const;
export type ExtraDocumentKind = (typeof EXTRA_DOCUMENT_KINDS)[number];

export type PersonTypeDocument = { kind: DocumentKind; required: boolean };

/** The rules of the two built-in types (fixed: the behaviour before person types existed). */
export const BUILTIN_TYPE_DOCUMENTS: Readonly<Record<'individual' | 'company', PersonTypeDocument[]>> = {
  individual: [{ kind: 'cpf', required: false }],
  company: [{ kind: 'cnpj', required: false }],
};

const ZTypeDocument = z.object({ kind: z.enum(DOCUMENT_KINDS), required: z.boolean().default(false) });

/** Checks a type's document list: no repeats, CPF only on individuals, CNPJ only on companies, `none` alone. */
function checkTypeDocuments(
  value: { baseKind?: 'individual' | 'company' | undefined; documents?: PersonTypeDocument[] | undefined },
  ctx: z.RefinementCtx,
) {
  const documents = value.documents ?? [];
  const seen = new Set<DocumentKind>();
  documents.forEach((d, i) => {
    const path = ['documents', i, 'kind'];
    if (seen.has(d.kind)) ctx.addIssue({ code: 'custom', path, message: 'duplicate_document' });
    seen.add(d.kind);
    const wrongBase =
      (d.kind === 'cpf' && value.baseKind === 'company') ||
      (d.kind === 'cnpj' && value.baseKind === 'individual');
    if (wrongBase) ctx.addIssue({ code: 'custom', path, message: 'document_not_for_kind' });
    if (d.kind === 'none' && documents.length > 1)
      ctx.addIssue({ code: 'custom', path, message: 'none_with_others' });
  });
}

const personTypeFields = {
  name: z.string().trim().min(2, 'too_short').max(80, 'too_long'),
  baseKind: z.enum(['individual', 'company']),
  documents: z.array(ZTypeDocument).max(DOCUMENT_KINDS.length).default([]),
};

export const ZCreatePersonTypeRequest = z.object(personTypeFields).superRefine(checkTypeDocuments);
export type CreatePersonTypeRequest = z.output<typeof ZCreatePersonTypeRequest>;

/** A full replacement (If-Match); on a built-in type only the name changes. */
export const ZUpdatePersonTypeRequest = z
  .object({ ...personTypeFields, version: z.number().int().positive().optional() })
  .superRefine(checkTypeDocuments);
export type UpdatePersonTypeRequest = z.output<typeof ZUpdatePersonTypeRequest>;

export type PersonType = {
  id: string;
  name: string;
  baseKind: 'individual' | 'company';
  /** Set on the two built-in types (the base kind they stand for): they cannot be deleted nor re-ruled. */
  builtin: 'individual' | 'company' | null;
  documents: PersonTypeDocument[];
  /** Whether some person carries it (a type in use cannot be deleted). */
  inUse: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
};

/** Passport number: 6–20 letters and digits once the mask is gone (ICAO 9303 allows up to 9; some countries more). */
export const PASSPORT_PATTERN = /^[0-9A-Z]{6,20}$/;

/** A passport (issuing country, ISO 3166-1 alpha-2) or a state registration (UF), normalized. */
export const ZIdentityDocumentInput = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('passport'),
    country: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]{2}$/, 'invalid_country'),
    number: z
      .string()
      .max(40)
      .transform(normalizeDocument)
      .refine((v) => PASSPORT_PATTERN.test(v), 'invalid_passport'),
  }),
  z
    .object({
      kind: z.literal('state_registration'),
      state: z
        .string()
        .trim()
        .toUpperCase()
        .refine((uf) => (UFS as readonly string[]).includes(uf), 'invalid_uf'),
      number: z.string().max(40).transform(normalizeDocument),
    })
    .superRefine((v, ctx) => {
      if (
        (UFS as readonly string[]).includes(v.state) &&
        !isValidStateRegistration(v.state as Uf, v.number)
      ) {
        ctx.addIssue({ code: 'custom', path: ['number'], message: 'invalid_state_registration' });
      }
    }),
]);
export type IdentityDocumentInput = z.input<typeof ZIdentityDocumentInput>;
export type IdentityDocument =
  | { kind: 'passport'; country: string; number: string }
  | { kind: 'state_registration'; state: string; number: string };

/** Where a document was issued: the passport's country or the IE's state (part of its uniqueness). */
export const documentIssuer = (d: IdentityDocument): string => (d.kind === 'passport' ? d.country : d.state);

export const ZIdentityDocuments = z.array(ZIdentityDocumentInput).max(EXTRA_DOCUMENT_KINDS.length);

export type DocumentRuleError = { field: string; code: string };

/**
 * What a person's documents break of its type's rules: a CPF/CNPJ or other document the type does not take
 * (`document_not_accepted`), a required one missing (`required`), one kind given twice (`duplicate_document`).
 */
export function documentRuleErrors(
  rules: readonly PersonTypeDocument[],
  person: { document: string | null; documents: readonly IdentityDocument[] },
): DocumentRuleError[] {
  const accepted = new Set(rules.map((r) => r.kind));
  const errors: DocumentRuleError[] = [];
  const mainKind = person.document ? (documentKind(person.document) ?? null) : null;
  if (mainKind && !accepted.has(mainKind)) errors.push({ field: 'document', code: 'document_not_accepted' });
  const given = new Set<DocumentKind>();
  person.documents.forEach((d, i) => {
    if (given.has(d.kind)) errors.push({ field: `documents.${i}`, code: 'duplicate_document' });
    given.add(d.kind);
    if (!accepted.has(d.kind)) errors.push({ field: `documents.${i}`, code: 'document_not_accepted' });
  });
  for (const rule of rules) {
    if (!rule.required) continue;
    if ((rule.kind === 'cpf' || rule.kind === 'cnpj') && mainKind !== rule.kind) {
      if (!errors.some((e) => e.field === 'document')) errors.push({ field: 'document', code: 'required' });
    }
    if ((rule.kind === 'passport' || rule.kind === 'state_registration') && !given.has(rule.kind)) {
      errors.push({ field: `documents.${rule.kind}`, code: 'required' });
    }
  }
  return errors;
}
