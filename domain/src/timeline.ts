/** Kinds only opportunities record (also shown on the timeline of each involved person). */
export const OPPORTUNITY_EVENT_KINDS = [
  'stage_changed',
  'status_changed',
  'person_involved',
  'person_removed',
  'proposal_created',
  'sale_created',
] as const;

export const TIMELINE_KINDS = [
  'created',
  'field_changed',
  'owner_changed',
  'note',
  ...OPPORTUNITY_EVENT_KINDS,
] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

export const TIMELINE_FILTERS = ['all', 'notes', 'changes'] as const;
export type TimelineFilter = (typeof TIMELINE_FILTERS)[number];

export type FieldChange = { field: string; old: unknown; new: unknown };

/**
 * The person fields whose edits are recorded as `field_changed` (old and new value each); the owner has its
 * own `owner_changed` event and a new picture is recorded as field `photo`.
 */
export const TRACKED_PERSON_FIELDS = [
  'kind',
  'name',
  'tradeName',
  'document',
  'rg',
  'stateRegistration',
  'birthDate',
  'stage',
  'branchId',
  'tags',
  'source',
  'phones',
  'emails',
  'addresses',
  'social',
  'sharedWith',
] as const;
