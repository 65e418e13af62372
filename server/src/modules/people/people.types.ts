import type {
  Address,
  CustomFieldValues,
  Email,
  IdentityDocument,
  PersonKind,
  PersonStage,
  Phone,
  SocialNetwork,
} from '@funil/domain';

export type { Address, Email, Person, PersonListItem, Phone, UserRef } from '@funil/domain';

/** The fields stored on the `people` row itself (child lists live in their own tables). */
export type PersonRowValues = {
  kind: PersonKind;
  /** null: the built-in type of `kind` (the statement that writes the row resolves it). */
  typeId: string | null;
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
  branchId: string | null;
  tags: string[];
  source: { media: string | null; channel: string | null };
  social: Partial<Record<SocialNetwork, string | null>>;
  /** The record's custom values, archived fields' included (kept as history). */
  customFields: CustomFieldValues;
};

/** The fields every edit is compared on (one `field_changed` entry per changed one). */
export type TrackedPerson = PersonRowValues & {
  documents: IdentityDocument[];
  phones: Phone[];
  emails: Email[];
  addresses: Address[];
  sharedWith: { userIds: string[]; teamIds: string[] };
};
