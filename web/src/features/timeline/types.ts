import type { TimelineKind } from '@funil/domain';

/** What a timeline belongs to: a person's history or an opportunity's. */
export type TimelineSubjectType = 'person' | 'opportunity';
export type TimelineSubject = { type: TimelineSubjectType; id: string };

export type TimelineEvent = {
  id: number | string;
  kind: TimelineKind | (string & {});
  /** The record the event happened to (a person's timeline also lists its opportunities' events). */
  subject?: { type: TimelineSubjectType | (string & {}); id: string; title: string | null };
  actor: { id: string; name: string } | null;
  occurredAt: string;
  data: unknown;
  erased: boolean;
};

export type TimelinePage = { items: TimelineEvent[]; nextCursor: string | null };
