import type {
  AddressType,
  EmailType,
  PersonKind,
  PersonOrigin,
  PersonStage,
  PhoneType,
  SocialNetwork,
} from '@funil/domain';

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
export type UserRef = { id: string; name: string };

/** A person as the API returns it. */
export type Person = {
  id: string;
  kind: PersonKind;
  name: string;
  tradeName: string | null;
  document: string | null;
  rg: string | null;
  stateRegistration: string | null;
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
  photoUrl: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
};

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
> & {
  primaryPhone: string | null;
  primaryEmail: string | null;
  city: string | null;
  state: string | null;
  createdAt: string;
  updatedAt: string;
};

/** The fields stored on the `people` row itself (child lists live in their own tables). */
export type PersonRowValues = {
  kind: PersonKind;
  name: string;
  tradeName: string | null;
  document: string | null;
  rg: string | null;
  stateRegistration: string | null;
  birthDate: string | null;
  stage: PersonStage;
  ownerId: string | null;
  branchId: string | null;
  tags: string[];
  source: { media: string | null; channel: string | null };
  social: Partial<Record<SocialNetwork, string | null>>;
};

/** The fields every edit is compared on (one `field_changed` entry per changed one). */
export type TrackedPerson = PersonRowValues & {
  phones: Phone[];
  emails: Email[];
  addresses: Address[];
  sharedWith: { userIds: string[]; teamIds: string[] };
};
