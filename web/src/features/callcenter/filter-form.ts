import type { CallListFilter } from '@funil/domain';

/** The Filtros form as typed: empty strings and empty lists mean "any". */
export type FilterForm = {
  contactedFrom: string;
  contactedTo: string;
  interestLevelIds: string[];
  publicityIds: string[];
  leadTypeIds: string[];
  contact: string;
  ownerId: string;
  notContactedSince: string;
};

export const EMPTY_FILTER_FORM: FilterForm = {
  contactedFrom: '',
  contactedTo: '',
  interestLevelIds: [],
  publicityIds: [],
  leadTypeIds: [],
  contact: '',
  ownerId: '',
  notContactedSince: '',
};

/** The filter the API takes: only the fields given. */
export function toCallListFilter(f: FilterForm): CallListFilter {
  const out: CallListFilter = {};
  if (f.contactedFrom) out.contactedFrom = f.contactedFrom;
  if (f.contactedTo) out.contactedTo = f.contactedTo;
  if (f.interestLevelIds.length) out.interestLevelIds = f.interestLevelIds;
  if (f.publicityIds.length) out.publicityIds = f.publicityIds;
  if (f.leadTypeIds.length) out.leadTypeIds = f.leadTypeIds;
  if (f.contact.trim()) out.contact = f.contact.trim();
  if (f.ownerId) out.ownerId = f.ownerId;
  if (f.notContactedSince) out.notContactedSince = f.notContactedSince;
  return out;
}

/** A saved filter back into the form. */
export const fromCallListFilter = (f: CallListFilter): FilterForm => ({
  contactedFrom: f.contactedFrom ?? '',
  contactedTo: f.contactedTo ?? '',
  interestLevelIds: f.interestLevelIds ?? [],
  publicityIds: f.publicityIds ?? [],
  leadTypeIds: f.leadTypeIds ?? [],
  contact: f.contact ?? '',
  ownerId: f.ownerId ?? '',
  notContactedSince: f.notContactedSince ?? '',
});
