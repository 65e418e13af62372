import type { ChainedRow, EventRow, SubjectType } from './timeline.repository.ts';

export type TimelineEvent = {
  id: number;
  kind: string;
  /** Whose chain the event is on; a person's timeline also shows the opportunities they are in. */
  subject: { type: SubjectType; id: string; title: string | null };
  actor: { id: string; name: string } | null;
  occurredAt: string;
  data: unknown;
  erased: boolean;
};

/** What the API shows of an event just written. */
export const presentNewEvent = (row: ChainedRow, id: number): TimelineEvent => ({
  id,
  kind: row.kind,
  subject: { type: row.subjectType as SubjectType, id: row.subjectId, title: null },
  actor: null,
  occurredAt: row.occurredAt.toISOString(),
  data: row.payload,
  erased: false,
});

/** A stored event as a timeline page shows it: an erased payload shows as nothing, flagged `erased`. */
export const presentEvent = (r: EventRow): TimelineEvent => ({
  id: r.id,
  kind: r.kind,
  subject: { type: r.subject_type, id: r.subject_id, title: r.subject_title },
  actor: r.actor_id ? { id: r.actor_id, name: r.actor_name ?? '' } : null,
  occurredAt: r.occurred_at.toISOString(),
  data: r.erased_at ? {} : r.payload,
  erased: r.erased_at !== null,
});
