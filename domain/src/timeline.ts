export const TIMELINE_KINDS = ['created', 'field_changed', 'owner_changed', 'note'] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

export const TIMELINE_FILTERS = ['all', 'notes', 'changes'] as const;
export type TimelineFilter = (typeof TIMELINE_FILTERS)[number];

export type FieldChange = { field: string; old: unknown; new: unknown };
