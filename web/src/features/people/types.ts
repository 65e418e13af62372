import type {
  AddressType,
  EmailType,
  PersonKind,
  PersonOrigin,
  PersonSort,
  PersonStage,
  PhoneType,
  SocialNetwork,
} from '@funil/domain';

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

/** A person as `GET /people/{id}` returns it (see docs/API.md). */
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

export type PeoplePage = { items: PersonListItem[]; total: number; nextCursor: string | null };

/** The list filters, as kept in the URL search params of `/people`. */
export type PeopleSearch = {
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
  sort?: PersonSort | undefined;
};
