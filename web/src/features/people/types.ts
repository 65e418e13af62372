import type { PersonSort } from '@funil/domain';

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
