import { TIMELINE_FILTERS } from '@funil/domain';
import { z } from 'zod';

export const ZTimelineQuery = z.object({
  filter: z.enum(TIMELINE_FILTERS).default('all'),
  cursor: z.string().max(20).optional(),
});

export const ZNoteRequest = z.object({ body: z.string().trim().min(1, 'required').max(5000, 'too_long') });

export const ZTimelineEvent = z.object({
  id: z.number(),
  kind: z.string(),
  subject: z.object({
    type: z.enum(['person', 'opportunity']),
    id: z.string(),
    title: z.string().nullable(),
  }),
  actor: z.object({ id: z.string(), name: z.string() }).nullable(),
  occurredAt: z.string(),
  data: z.unknown(),
  erased: z.boolean(),
});

export const ZTimelinePage = z.object({ items: z.array(ZTimelineEvent), nextCursor: z.string().nullable() });
