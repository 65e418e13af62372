import { ACTIVITY_KINDS, ACTIVITY_SORTS, ACTIVITY_STATUSES, REMINDER_EMAIL_STATUSES } from '@funil/domain';
import { z } from 'zod';

// Response and query schemas of the activities API (request bodies live in domain/src/activities.ts).

export const ZIdParams = z.object({ id: z.uuid() });

const ZRef = z.object({ id: z.string(), name: z.string() });

export const ZActivity = z.object({
  id: z.string(),
  kind: z.enum(ACTIVITY_KINDS),
  title: z.string(),
  description: z.string().nullable(),
  dueAt: z.string(),
  durationMinutes: z.number(),
  owner: ZRef,
  person: ZRef.nullable(),
  opportunity: ZRef.extend({ title: z.string() }).nullable(),
  status: z.enum(ACTIVITY_STATUSES),
  outcome: z.string().nullable(),
  cancelReason: z.string().nullable(),
  completedAt: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  reminderMinutesBefore: z.number().nullable(),
  remindAt: z.string().nullable(),
  remindedAt: z.string().nullable(),
  reminderEmailStatus: z.enum(REMINDER_EMAIL_STATUSES).nullable(),
  createdBy: ZRef,
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number(),
  canWrite: z.boolean(),
});

export const ZActivityPage = z.object({
  items: z.array(ZActivity),
  total: z.number(),
  nextCursor: z.string().nullable(),
});

export const ZActivityCounts = z.object({
  open: z.number(),
  done: z.number(),
  cancelled: z.number(),
  overdue: z.number(),
});

const ZInstant = z.iso.datetime({ offset: true, message: 'invalid_date' });

/** By due time: `dueAt` soonest first (an agenda), `-dueAt` latest first (overdue: the most recently missed). */

export const ZListActivitiesQuery = z.object({
  /** `true`: only the signed-in user's activities (Minhas atividades). */
  mine: z.enum(['true', 'false']).optional(),
  status: z.enum(ACTIVITY_STATUSES).optional(),
  /** Due at or after this instant. */
  from: ZInstant.optional(),
  /** Due before this instant. */
  to: ZInstant.optional(),
  personId: z.uuid().optional(),
  opportunityId: z.uuid().optional(),
  sort: z.enum(ACTIVITY_SORTS).default('dueAt'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** `nextCursor` of the previous page, with the same filters and sort. */
  cursor: z.string().max(200).optional(),
});
