import {
  ADDRESS_TYPES,
  CUSTOM_FIELD_FILTER_DOC,
  EMAIL_TYPES,
  PERSON_KINDS,
  PERSON_ORIGINS,
  PERSON_SORTS,
  PERSON_STAGES,
  PHONE_KINDS,
  PHONE_TYPES,
  ZCustomFieldValuesInput,
} from '@funil/domain';
import { z } from 'zod';

const ZDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'invalid_date');

export const ZListPeopleQuery = z.object({
  q: z.string().max(200).optional(),
  stage: z
    .string()
    .regex(/^(suspect|prospect|lead|client)(,(suspect|prospect|lead|client))*$/, 'invalid_value')
    .optional(),
  ownerId: z.uuid().optional(),
  teamId: z.uuid().optional(),
  branchId: z.uuid().optional(),
  tag: z.string().max(40).optional(),
  media: z.string().max(80).optional(),
  channel: z.string().max(80).optional(),
  createdFrom: ZDay.optional(),
  createdTo: ZDay.optional(),
  cf: z.string().max(4000).optional().describe(CUSTOM_FIELD_FILTER_DOC),
  archived: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true'),
  sort: z.enum(PERSON_SORTS).default('name'),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(500).optional(),
});

export const ZExportPeopleQuery = ZListPeopleQuery.omit({ sort: true, limit: true, cursor: true });

export const ZPersonParams = z.object({ id: z.uuid() });

const ZUserRef = z.object({ id: z.string(), name: z.string() }).nullable();

export const ZPerson = z.object({
  id: z.string(),
  kind: z.enum(PERSON_KINDS),
  typeId: z.string().describe('O tipo de pessoa (GET /person-types)'),
  documents: z
    .array(
      z.union([
        z.object({ kind: z.literal('passport'), country: z.string(), number: z.string() }),
        z.object({ kind: z.literal('state_registration'), state: z.string(), number: z.string() }),
      ]),
    )
    .describe('Passaporte e inscrição estadual, ao lado do CPF/CNPJ em `document`'),
  name: z.string(),
  tradeName: z.string().nullable(),
  document: z.string().nullable(),
  rg: z.string().nullable(),
  stateRegistration: z.string().nullable(),
  cnaeCode: z.string().nullable(),
  cnaeDescription: z.string().nullable(),
  registrationStatus: z.string().nullable(),
  birthDate: z.string().nullable(),
  stage: z.enum(PERSON_STAGES),
  ownerId: z.string().nullable(),
  owner: ZUserRef,
  branchId: z.string().nullable(),
  tags: z.array(z.string()),
  source: z.object({ media: z.string().nullable(), channel: z.string().nullable() }),
  origin: z.enum(PERSON_ORIGINS),
  originIntegration: z.string().nullable(),
  originPayload: z.unknown(),
  createdBy: ZUserRef,
  /** Masked (`(11) 9••••-••21`): the full numbers only come from `POST /people/{id}/phones/reveal`. */
  phones: z.array(
    z.object({
      masked: z.string(),
      type: z.enum(PHONE_TYPES),
      kind: z.enum(PHONE_KINDS),
      primary: z.boolean(),
    }),
  ),
  emails: z.array(z.object({ address: z.string(), type: z.enum(EMAIL_TYPES), primary: z.boolean() })),
  addresses: z.array(
    z.object({
      type: z.enum(ADDRESS_TYPES),
      cep: z.string(),
      street: z.string(),
      number: z.string().nullable(),
      complement: z.string().nullable(),
      district: z.string().nullable(),
      city: z.string(),
      state: z.string(),
      primary: z.boolean(),
    }),
  ),
  social: z.record(z.string(), z.string().nullable().optional()),
  sharedWith: z.object({ userIds: z.array(z.string()), teamIds: z.array(z.string()) }),
  customFields: ZCustomFieldValuesInput,
  photoUrl: z.string().nullable(),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const ZPersonListItem = ZPerson.pick({
  id: true,
  kind: true,
  name: true,
  tradeName: true,
  document: true,
  stage: true,
  owner: true,
  branchId: true,
  tags: true,
  source: true,
  photoUrl: true,
  createdAt: true,
  updatedAt: true,
}).extend({
  /** Masked, like every phone outside the reveal. */
  primaryPhone: z.string().nullable(),
  primaryEmail: z.string().nullable(),
  city: z.string().nullable(),
  state: z.string().nullable(),
  customFields: z
    .record(z.string(), z.unknown())
    .describe('Valores dos campos personalizados que o papel vê (GET /custom-fields?entity=person)'),
});

export const ZPeoplePage = z.object({
  items: z.array(ZPersonListItem),
  total: z.number().describe('Pessoas encontradas; com totalCapped, o limite da contagem (há mais que isso)'),
  totalCapped: z
    .boolean()
    .describe('Verdadeiro quando há mais de 10.000 pessoas: a contagem parou no limite (mostre "10.000+")'),
  nextCursor: z.string().nullable(),
});

export const ZRevealedPhones = z.object({
  phones: z.array(z.object({ number: z.string(), type: z.enum(PHONE_TYPES), primary: z.boolean() })),
  revealedAt: z.string(),
});
