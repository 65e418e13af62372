import { z } from 'zod';

/** Atividade (GLOSSARY): what a seller schedules for a person and/or an opportunity. */
export const ACTIVITY_KINDS = ['task', 'call', 'meeting', 'visit', 'email', 'whatsapp'] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

export const ACTIVITY_STATUSES = ['open', 'done', 'cancelled'] as const;
export type ActivityStatus = (typeof ACTIVITY_STATUSES)[number];

/** What happened to a reminder's e-mail (null: no reminder fired yet). */
export const REMINDER_EMAIL_STATUSES = ['pending', 'sent', 'failed', 'not_configured'] as const;
export type ReminderEmailStatus = (typeof REMINDER_EMAIL_STATUSES)[number];

/** The reminder choices the form offers, in minutes before the due time. */
export const REMINDER_PRESETS = [0, 5, 15, 30, 60, 120, 1440] as const;

/** The business day of the app: dates and "today" are São Paulo's. */
export const BUSINESS_TIME_ZONE = 'America/Sao_Paulo';

const text = (max: number) => z.string().trim().max(max, 'too_long');
const optionalText = (max: number) =>
  text(max)
    .nullish()
    .transform((v) => (v ? v : null));

/** An instant with its offset (`2026-05-04T14:30:00-03:00` or `…Z`). */
const ZInstant = z.iso.datetime({ offset: true, message: 'invalid_date' });

const activityFields = {
  kind: z.enum(ACTIVITY_KINDS),
  title: text(200).min(1, 'required'),
  description: optionalText(5000),
  dueAt: ZInstant,
  durationMinutes: z.number().int().min(0, 'invalid_value').max(1440, 'invalid_value'),
  /** Defaults to the signed-in user. */
  ownerId: z.uuid(),
  personId: z.uuid().nullable(),
  opportunityId: z.uuid().nullable(),
  /** Minutes before `dueAt` (null: no reminder). */
  reminderMinutesBefore: z.number().int().min(0, 'invalid_value').max(10080, 'invalid_value').nullable(),
};

const linkRequired = (v: { personId?: string | null; opportunityId?: string | null }) =>
  !!v.personId || !!v.opportunityId;

export const ZCreateActivityRequest = z
  .object({
    ...activityFields,
    durationMinutes: activityFields.durationMinutes.default(30),
    ownerId: activityFields.ownerId.optional(),
    personId: activityFields.personId.default(null),
    opportunityId: activityFields.opportunityId.default(null),
    reminderMinutesBefore: activityFields.reminderMinutesBefore.default(15),
  })
  .refine(linkRequired, { path: ['personId'], message: 'person_or_opportunity_required' });
export type CreateActivityRequest = z.output<typeof ZCreateActivityRequest>;
export type CreateActivityInput = z.input<typeof ZCreateActivityRequest>;

export const ZUpdateActivityRequest = z
  .object(activityFields)
  .partial()
  .extend({ version: z.number().int().positive().optional() });
export type UpdateActivityRequest = z.output<typeof ZUpdateActivityRequest>;

/** Clone: a copy of the activity, open, at a new due time (default: the same one). */
export const ZCloneActivityRequest = z.object({ dueAt: ZInstant.optional() });

export const ZCompleteActivityRequest = z.object({ outcome: optionalText(2000) });
export const ZCancelActivityRequest = z.object({ reason: text(500).min(1, 'required') });

/** Fields of an activity whose edits are recorded on the timeline (old and new value). */
export const TRACKED_ACTIVITY_FIELDS = [
  'kind',
  'title',
  'description',
  'dueAt',
  'durationMinutes',
  'ownerId',
  'personId',
  'opportunityId',
  'reminderMinutesBefore',
] as const;
export type TrackedActivityField = (typeof TRACKED_ACTIVITY_FIELDS)[number];

type Ref = { id: string; name: string };

export type Activity = {
  id: string;
  kind: ActivityKind;
  title: string;
  description: string | null;
  dueAt: string;
  durationMinutes: number;
  owner: Ref;
  person: Ref | null;
  opportunity: (Ref & { title: string }) | null;
  status: ActivityStatus;
  outcome: string | null;
  cancelReason: string | null;
  completedAt: string | null;
  cancelledAt: string | null;
  reminderMinutesBefore: number | null;
  remindAt: string | null;
  remindedAt: string | null;
  reminderEmailStatus: ReminderEmailStatus | null;
  createdBy: Ref;
  createdAt: string;
  updatedAt: string;
  version: number;
  /** Whether the signed-in user may edit, complete or cancel it. */
  canWrite: boolean;
};

/** Orders of a list of activities: soonest first (`dueAt`) or latest first (`-dueAt`). */
export const ACTIVITY_SORTS = ['dueAt', '-dueAt'] as const;
export type ActivitySort = (typeof ACTIVITY_SORTS)[number];

export type ActivityPage = { items: Activity[]; total: number; nextCursor: string | null };
export type ActivityCounts = { open: number; done: number; cancelled: number; overdue: number };

/** The realtime event a user receives when something lands in their inbox (a reminder). */
export type UserRealtimeEvent = {
  type: 'notification.created';
  notificationId: number;
  kind: string;
  at: string;
};

/** The payload of an `activity_reminder` notification. */
export type ActivityReminderData = {
  activityId: string;
  kind: ActivityKind;
  title: string;
  dueAt: string;
  personId: string | null;
  opportunityId: string | null;
};
