import type { TimelineKind } from '@funil/domain';

export type TimelineEvent = {
  id: number | string;
  kind: TimelineKind | (string & {});
  actor: { id: string; name: string } | null;
  occurredAt: string;
  data: unknown;
  erased: boolean;
};

export type TimelinePage = { items: TimelineEvent[]; nextCursor: string | null };
