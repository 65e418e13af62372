import { z } from 'zod';
import { EXTRA_DOCUMENT_KINDS } from './person-types.ts';

/**
 * Why the finder pairs two people (the unique indexes already refuse the same CPF/CNPJ, phone, e-mail, and the
 * same passport or IE in `documents`):
 * - `phone_ninth_digit`: the same mobile number with and without the 9th digit;
 * - `email_alias`: the same mailbox once Gmail's dots and any `+tag` are ignored;
 * - `name_birth_date`: the same name and the same birth date;
 * - `similar_name_city`: similar names (trigrams) with an address in the same city or the same CEP;
 * - `trade_name`: a company's name or trade name similar to another's name or trade name;
 * - `state_registration`: the same IE typed in the free-text field of one person and in the field or the documents
 *   of another (the unique index covers only the documents).
 */
export const DUPLICATE_REASONS = [
  'phone_ninth_digit',
  'email_alias',
  'name_birth_date',
  'similar_name_city',
  'trade_name',
  'state_registration',
] as const;
export type DuplicateReason = (typeof DUPLICATE_REASONS)[number];

/** How similar (pg_trgm `similarity`, 0..1) two names must be to be queued. */
export const SIMILAR_NAME_THRESHOLD = 0.55;

/** How long a merge can be undone (desfazer mesclagem). */
export const MERGE_UNDO_DAYS = 30;

/** The person fields a merge lets the user pick from either record; the lists (phones, e-mails, …) are joined. */
export const MERGE_FIELDS = [
  'name',
  'tradeName',
  'document',
  'rg',
  'stateRegistration',
  'birthDate',
  'stage',
  'ownerId',
  'branchId',
  'source',
] as const;
export type MergeField = (typeof MERGE_FIELDS)[number];

const ZSide = z.enum(['survivor', 'merged']);
export type MergeSide = z.infer<typeof ZSide>;

export const ZMergeRequest = z
  .object({
    survivorId: z.uuid(),
    mergedId: z.uuid(),
    /** The versions the user compared (412 when either record changed since). */
    survivorVersion: z.number().int().min(1).max(2_147_483_647),
    mergedVersion: z.number().int().min(1).max(2_147_483_647),
    /** Which record each differing field is taken from; a field left out keeps the survivor's value. */
    fields: z
      .object(
        Object.fromEntries(MERGE_FIELDS.map((f) => [f, ZSide.optional()])) as Record<
          MergeField,
          z.ZodOptional<typeof ZSide>
        >,
      )
      .strict()
      .default({}),
    /**
     * Custom fields (by key) whose value is taken from the merged record (`merged`) or kept (`survivor`, the default).
     * A field left out that only the merged record has a value in takes that value.
     */
    customFields: z
      .record(z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'invalid_value'), ZSide)
      .default({})
      .describe(
        'Campos personalizados (pela chave): de qual cadastro vem o valor; sem escolha fica o do cadastro que fica, salvo um campo preenchido só no cadastro mesclado, cujo valor passa para ele. Chave desconhecida → 422 `unknown_field`; campo que o papel não vê → 403 `forbidden_field` (em `customFields.<chave>`)',
      ),
    /**
     * Passport / IE when both records hold one of that kind and they differ: `merged` takes the merged record's
     * (the survivor's goes, as with a CPF/CNPJ taken from the merged record); `survivor` (the default) keeps the
     * survivor's and the merged record keeps its own, archived. A document only the merged record has moves.
     */
    documents: z
      .object(
        Object.fromEntries(EXTRA_DOCUMENT_KINDS.map((k) => [k, ZSide.optional()])) as Record<
          (typeof EXTRA_DOCUMENT_KINDS)[number],
          z.ZodOptional<typeof ZSide>
        >,
      )
      .strict()
      .default({})
      .describe(
        'Passaporte / inscrição estadual quando os dois cadastros têm um desse tipo e diferem: `merged` fica com o do cadastro mesclado, `survivor` (padrão) com o do que fica (o outro continua no cadastro mesclado, arquivado). Um documento que só o cadastro mesclado tem passa para o que fica, se o tipo de pessoa dele aceita esse documento',
      ),
    /** The review queue's pair this merge resolves, if it came from there. */
    candidateId: z.uuid().optional(),
  })
  .strict()
  .refine((r) => r.survivorId !== r.mergedId, { path: ['mergedId'], message: 'same_person' });
export type MergeRequest = z.input<typeof ZMergeRequest>;

/** What a merge moved, per kind of row (counts; the rows themselves are kept server-side for the undo). */
export type MergeMovedCounts = {
  phones: number;
  emails: number;
  addresses: number;
  opportunities: number;
  activities: number;
  attachments: number;
  documents: number;
  assets: number;
  salesOrders: number;
};

export type PersonMerge = {
  id: string;
  survivor: { id: string; name: string };
  merged: { id: string; name: string };
  mergedAt: string;
  mergedBy: { id: string; name: string } | null;
  undoneAt: string | null;
  /** Until when it can be undone (30 days after the merge). */
  undoableUntil: string;
  undoable: boolean;
  changedFields: string[];
  moved: MergeMovedCounts;
};
