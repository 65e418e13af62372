import { DOCUMENT_KINDS, PERSON_KINDS } from '@funil/domain';
import { z } from 'zod';

// Response schemas of the person types API (validation, types and OpenAPI from the same place).

export const ZPersonTypeParams = z.object({ id: z.uuid() });

export const ZPersonType = z.object({
  id: z.string(),
  name: z.string(),
  baseKind: z.enum(PERSON_KINDS),
  builtin: z.enum(PERSON_KINDS).nullable().describe('Tipo padrão (física/jurídica): não pode ser excluído'),
  documents: z.array(z.object({ kind: z.enum(DOCUMENT_KINDS), required: z.boolean() })),
  inUse: z.boolean().describe('Alguma pessoa tem este tipo (então não pode ser excluído)'),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
