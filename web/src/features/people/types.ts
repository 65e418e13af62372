import type { PeopleFilters, PersonSort } from '@funil/domain';

export type {
  Address,
  Email,
  PeoplePage,
  Person,
  PersonListItem,
  Phone,
  UserRef,
} from '@funil/domain';

/** The list filters, as kept in the URL search params of `/people`. */
export type PeopleSearch = PeopleFilters & { sort?: PersonSort | undefined };
