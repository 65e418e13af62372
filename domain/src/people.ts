import { z } from 'zod';
import { isValidCep, normalizeCep, UFS } from './cep.ts';
import { type CustomFieldValues, ZCustomFieldValuesInput } from './custom-fields.ts';
import { documentKind, normalizeDocument } from './documents.ts';
import { type IdentityDocument, ZIdentityDocuments } from './person-types.ts';
import { normalizePhone } from './phones.ts';

export const PERSON_KINDS = ['individual', 'company'] as const;
export type PersonKind = (typeof PERSON_KINDS)[number];

export const PERSON_STAGES = ['suspect', 'prospect', 'lead', 'client'] as const;
export type PersonStage = (typeof PERSON_STAGES)[number];

export const PHONE_TYPES = ['mobile', 'whatsapp', 'landline', 'commercial'] as const;
export type PhoneType = (typeof PHONE_TYPES)[number];

export const EMAIL_TYPES = ['personal', 'work', 'other'] as const;
export type EmailType = (typeof EMAIL_TYPES)[number];

export const ADDRESS_TYPES = ['home', 'work', 'billing', 'other'] as const;
export type AddressType = (typeof ADDRESS_TYPES)[number];

export const SOCIAL_NETWORKS = ['website', 'facebook', 'instagram', 'linkedin', 'twitter'] as const;
export type SocialNetwork = (typeof SOCIAL_NETWORKS)[number];

export const PERSON_ORIGINS = ['manual', 'integration', 'import'] as const;
export type PersonOrigin = (typeof PERSON_ORIGINS)[number];

/** A person's photo or logo: the types the server accepts (decided by the bytes) and the upload's size limit. */
export const PHOTO_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/gif'] as const;
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;

export const PERSON_SORTS = ['name', '-name', 'createdAt', '-createdAt', 'updatedAt', '-updatedAt'] as const;
export type PersonSort = (typeof PERSON_SORTS)[number];

const trimmed = (max: number) => z.string().trim().max(max);
const optionalText = (max: number) =>
  trimmed(max)
    .nullish()
    .transform((v) => (v ? v : null));

export const ZPhoneInput = z.object({
  number: z
    .string()
    .trim()
    .min(1, 'required')
    .transform((value, ctx) => {
      const e164 = normalizePhone(value);
      if (!e164) {
        ctx.addIssue({ code: 'custom', message: 'invalid_phone' });
        return z.NEVER;
      }
      return e164;
    }),
  type: z.enum(PHONE_TYPES).default('mobile'),
  primary: z.boolean().default(false),
});
export type PhoneInput = z.input<typeof ZPhoneInput>;

export const ZEmailInput = z.object({
  address: z
    .string()
    .trim()
    .toLowerCase()
    .max(254)
    .pipe(z.email({ message: 'invalid_email' })),
  type: z.enum(EMAIL_TYPES).default('personal'),
  primary: z.boolean().default(false),
});

export const ZAddressInput = z.object({
  type: z.enum(ADDRESS_TYPES).default('home'),
  cep: z
    .string()
    .trim()
    .transform((value, ctx) => {
      const cep = normalizeCep(value);
      if (!isValidCep(cep)) {
        ctx.addIssue({ code: 'custom', message: 'invalid_cep' });
        return z.NEVER;
      }
      return cep;
    }),
  street: trimmed(200).min(1, 'required'),
  number: optionalText(20),
  complement: optionalText(100),
  district: optionalText(100),
  city: trimmed(100).min(1, 'required'),
  state: z
    .string()
    .trim()
    .toUpperCase()
    .refine((uf) => (UFS as readonly string[]).includes(uf), 'invalid_uf'),
  primary: z.boolean().default(false),
});

const ZSocial = z
  .object(
    Object.fromEntries(SOCIAL_NETWORKS.map((n) => [n, optionalText(300)])) as Record<
      SocialNetwork,
      ReturnType<typeof optionalText>
    >,
  )
  .partial();

// Validity is checked on the field itself so its error shows with the others; matching the kind needs
// the whole object (checkDocument).
const ZDocument = z
  .string()
  .trim()
  .max(30)
  .nullish()
  .transform((v, ctx) => {
    if (!v) return null;
    const document = normalizeDocument(v);
    if (!documentKind(document)) ctx.addIssue({ code: 'custom', message: 'invalid_document' });
    return document;
  });

/** A real calendar day (no 2023-02-31) between 1900 and today. */
const ZDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'invalid_date')
  .refine((v) => {
    const day = new Date(`${v}T00:00:00Z`);
    return (
      !Number.isNaN(day.getTime()) &&
      day.toISOString().slice(0, 10) === v &&
      v >= '1900-01-01' &&
      day.getTime() <= Date.now()
    );
  }, 'invalid_date')
  .nullish()
  .transform((v) => v ?? null);

const personFields = {
  kind: z.enum(PERSON_KINDS),
  /** The person type (GET /person-types); absent or null: the built-in type of `kind`. */
  typeId: z.uuid().nullish(),
  /** Passport, state registration (IE): the documents beside the CPF/CNPJ, as the type asks for them. */
  documents: ZIdentityDocuments,
  name: trimmed(200).min(2, 'too_short'),
  tradeName: optionalText(200),
  document: ZDocument,
  rg: optionalText(30),
  stateRegistration: optionalText(30),
  /** Companies: main activity (CNAE, `6201-5/01`) and its description, and the situação cadastral (CNPJ lookup). */
  cnaeCode: optionalText(20),
  cnaeDescription: optionalText(300),
  registrationStatus: optionalText(40),
  birthDate: ZDate,
  stage: z.enum(PERSON_STAGES),
  ownerId: z.uuid().nullish(),
  branchId: z.uuid().nullish(),
  tags: z.array(trimmed(40).min(1)).max(30),
  source: z.object({ media: optionalText(80), channel: optionalText(80) }),
  phones: z.array(ZPhoneInput).max(20),
  emails: z.array(ZEmailInput).max(20),
  addresses: z.array(ZAddressInput).max(10),
  social: ZSocial,
  sharedWith: z.object({
    userIds: z.array(z.uuid()).max(50).default([]),
    teamIds: z.array(z.uuid()).max(50).default([]),
  }),
  customFields: ZCustomFieldValuesInput,
};

/** Checks that the document matches the kind (CPF for individuals, CNPJ for companies). */
function checkDocument(
  value: { kind?: PersonKind | undefined; document?: string | null | undefined },
  ctx: z.RefinementCtx,
) {
  if (!value.document) return;
  const found = documentKind(value.document);
  if (found && value.kind && found !== (value.kind === 'individual' ? 'cpf' : 'cnpj')) {
    ctx.addIssue({
      code: 'custom',
      path: ['document'],
      message: value.kind === 'individual' ? 'expected_cpf' : 'expected_cnpj',
    });
  }
}

export const ZCreatePersonRequest = z
  .object({
    ...personFields,
    stage: personFields.stage.default('lead'),
    // Optional keys for callers that build a request in code (intake, helpdesk sync): absent means none.
    cnaeCode: personFields.cnaeCode.optional(),
    cnaeDescription: personFields.cnaeDescription.optional(),
    registrationStatus: personFields.registrationStatus.optional(),
    documents: personFields.documents.default([]),
    tags: personFields.tags.default([]),
    source: personFields.source.default({ media: null, channel: null }),
    phones: personFields.phones.default([]),
    emails: personFields.emails.default([]),
    addresses: personFields.addresses.default([]),
    social: personFields.social.default({}),
    sharedWith: personFields.sharedWith.default({ userIds: [], teamIds: [] }),
    customFields: personFields.customFields.default({}),
    /** Set by integrations: which one sent the lead, and what it sent, kept as received. */
    integration: z.object({ name: trimmed(80).min(1, 'required'), payload: z.unknown() }).optional(),
  })
  .superRefine(checkDocument);
export type CreatePersonRequest = z.output<typeof ZCreatePersonRequest>;
export type CreatePersonInput = z.input<typeof ZCreatePersonRequest>;

/** Every field optional; arrays, when sent, replace the stored list. */
export const ZUpdatePersonRequest = z
  .object(personFields)
  .partial()
  .extend({ version: z.number().int().positive().optional() })
  .superRefine(checkDocument);
export type UpdatePersonRequest = z.output<typeof ZUpdatePersonRequest>;

// What the API answers (docs/API.md): shared by the server's presenters and the web.

export type UserRef = { id: string; name: string };
export type Phone = { number: string; type: PhoneType; primary: boolean };
export type Email = { address: string; type: EmailType; primary: boolean };
export type Address = {
  type: AddressType;
  cep: string;
  street: string;
  number: string | null;
  complement: string | null;
  district: string | null;
  city: string;
  state: string;
  primary: boolean;
};

/** A person as `GET /people/{id}` returns it. */
export type Person = {
  id: string;
  kind: PersonKind;
  typeId: string;
  documents: IdentityDocument[];
  name: string;
  tradeName: string | null;
  document: string | null;
  rg: string | null;
  stateRegistration: string | null;
  cnaeCode: string | null;
  cnaeDescription: string | null;
  registrationStatus: string | null;
  birthDate: string | null;
  stage: PersonStage;
  ownerId: string | null;
  owner: UserRef | null;
  branchId: string | null;
  tags: string[];
  source: { media: string | null; channel: string | null };
  origin: PersonOrigin;
  originIntegration: string | null;
  originPayload: unknown;
  createdBy: UserRef | null;
  phones: Phone[];
  emails: Email[];
  addresses: Address[];
  social: Partial<Record<SocialNetwork, string | null>>;
  sharedWith: { userIds: string[]; teamIds: string[] };
  /** The values of the live custom fields the reader's role sees (`GET /custom-fields?entity=person`). */
  customFields: CustomFieldValues;
  photoUrl: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
};

/** One row of `GET /people`. */
export type PersonListItem = Pick<
  Person,
  | 'id'
  | 'kind'
  | 'name'
  | 'tradeName'
  | 'document'
  | 'stage'
  | 'owner'
  | 'branchId'
  | 'tags'
  | 'source'
  | 'photoUrl'
  | 'customFields'
> & {
  primaryPhone: string | null;
  primaryEmail: string | null;
  city: string | null;
  state: string | null;
  createdAt: string;
  updatedAt: string;
};

/** `total` is exact up to 10,000; past it `total` is 10,000 and `totalCapped` is true (shown "10.000+"). */
export type PeoplePage = {
  items: PersonListItem[];
  total: number;
  totalCapped: boolean;
  nextCursor: string | null;
};

/** The filters of `GET /people` (and of its CSV export); `stage` may list several, comma-separated. */
export type PeopleFilters = {
  q?: string | undefined;
  stage?: string | undefined;
  ownerId?: string | undefined;
  teamId?: string | undefined;
  branchId?: string | undefined;
  tag?: string | undefined;
  media?: string | undefined;
  channel?: string | undefined;
  createdFrom?: string | undefined;
  createdTo?: string | undefined;
  /** Custom field filters: JSON keyed by field key (domain custom-field-filters.ts). */
  cf?: string | undefined;
  /** Admins only: the archived people (to restore them) instead of the live ones. */
  archived?: boolean | undefined;
};
