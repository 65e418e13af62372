import type { MaskedPerson, PeopleFilters, PersonSort } from '@funil/domain';

export type {
  Address,
  Email,
  MaskedPhone,
  PeoplePage,
  PersonListItem,
  Phone,
  RevealedPhones,
  UserRef,
} from '@funil/domain';

/** A person as the API shows it: phones masked until revealed (`POST /people/{id}/phones/reveal`). */
export type Person = MaskedPerson;

/** The list filters, as kept in the URL search params of `/people`. */
export type PeopleSearch = PeopleFilters & { sort?: PersonSort | undefined };
