import { z } from 'zod';

/**
 * Data-subject requests (LGPD art. 18): what the person (titular) may ask of the controller, how it reached us,
 * and where its handling stands. Art. 19: a simplified answer at once (I) and the complete one within 15 days (II).
 */
export const PRIVACY_REQUEST_KINDS = [
  'confirmation',
  'access',
  'correction',
  'anonymization',
  'blocking',
  'deletion',
  'portability',
  'sharing_info',
  'consent_revocation',
  'automated_review',
] as const;
export type PrivacyRequestKind = (typeof PRIVACY_REQUEST_KINDS)[number];

export const PRIVACY_REQUEST_CHANNELS = ['email', 'phone', 'in_person', 'form', 'other'] as const;
export type PrivacyRequestChannel = (typeof PRIVACY_REQUEST_CHANNELS)[number];

export const PRIVACY_REQUEST_STATUSES = ['open', 'in_progress', 'answered', 'refused'] as const;
export type PrivacyRequestStatus = (typeof PRIVACY_REQUEST_STATUSES)[number];

/** Art. 19 II: the complete answer within 15 days of the request. */
export const PRIVACY_REQUEST_DAYS = 15;
/** A request this close to its deadline (and still open) counts as near due and alerts its assignee once. */
export const PRIVACY_REQUEST_NEAR_DUE_DAYS = 3;

/** The deadline of a request received at `receivedAt`: 15 calendar days later (art. 19 II). */
export function privacyRequestDeadline(receivedAt: Date): Date {
  return new Date(receivedAt.getTime() + PRIVACY_REQUEST_DAYS * 24 * 60 * 60 * 1000);
}

/** Whether a request still awaits its answer. */
export const isPrivacyRequestPending = (status: PrivacyRequestStatus) =>
  status === 'open' || status === 'in_progress';

const text = (max: number) => z.string().trim().max(max, 'too_long');

export const ZCreatePrivacyRequest = z
  .object({
    kind: z.enum(PRIVACY_REQUEST_KINDS),
    channel: z.enum(PRIVACY_REQUEST_CHANNELS),
    /** When the request reached the controller; now when absent. */
    receivedAt: z.iso.datetime({ offset: true }).optional(),
    /** The person it is about, when found; else the requester's own identification below. */
    personId: z.uuid().nullable().default(null),
    requesterName: text(200).default(''),
    requesterContact: text(200).default(''),
    /** The document the requester gave (CPF, RG…), as given. */
    requesterDocument: text(40).default(''),
    identityVerified: z.boolean().default(false),
    identityMethod: text(500).default(''),
    assigneeId: z.uuid().nullable().default(null),
    details: text(4000).default(''),
  })
  .refine((r) => r.personId !== null || r.requesterName !== '', {
    message: 'required',
    path: ['requesterName'],
  });
export type CreatePrivacyRequest = z.output<typeof ZCreatePrivacyRequest>;

/** An edit of the request's handling (If-Match): any field given changes, the rest stays. */
export const ZUpdatePrivacyRequest = z.object({
  personId: z.uuid().nullable().optional(),
  assigneeId: z.uuid().nullable().optional(),
  status: z.enum(['open', 'in_progress']).optional(),
  identityVerified: z.boolean().optional(),
  identityMethod: text(500).optional(),
  /** Art. 19 I: the simplified answer was given (now). */
  simplifiedAnswerGiven: z.literal(true).optional(),
});
export type UpdatePrivacyRequest = z.output<typeof ZUpdatePrivacyRequest>;

export const ZAnswerPrivacyRequest = z.object({
  text: z.string().trim().min(1, 'required').max(20000, 'too_long'),
});
export const ZRefusePrivacyRequest = z.object({
  reason: z.string().trim().min(1, 'required').max(4000, 'too_long'),
});

export const PRIVACY_REQUEST_EVENT_KINDS = [
  'registered',
  'updated',
  'assigned',
  'simplified_answer',
  'files_generated',
  'answered',
  'refused',
] as const;
export type PrivacyRequestEventKind = (typeof PRIVACY_REQUEST_EVENT_KINDS)[number];

export type PrivacyRequestEvent = {
  id: number;
  kind: PrivacyRequestEventKind;
  actor: { id: string; name: string } | null;
  data: Record<string, unknown>;
  at: string;
};

export type PrivacyRequestFile = { kind: 'json' | 'pdf'; name: string; size: number; createdAt: string };

export type PrivacyRequest = {
  id: string;
  number: number;
  kind: PrivacyRequestKind;
  channel: PrivacyRequestChannel;
  status: PrivacyRequestStatus;
  person: { id: string; name: string } | null;
  requesterName: string;
  requesterContact: string;
  requesterDocument: string;
  identityVerified: boolean;
  identityMethod: string;
  details: string;
  assignee: { id: string; name: string } | null;
  receivedAt: string;
  deadlineAt: string;
  overdue: boolean;
  simplifiedAnswerAt: string | null;
  answerText: string | null;
  refusalReason: string | null;
  closedAt: string | null;
  files: PrivacyRequestFile[];
  createdBy: { id: string; name: string } | null;
  createdAt: string;
  version: number;
};

export const ZListPrivacyRequestsQuery = z.object({
  status: z.enum(PRIVACY_REQUEST_STATUSES).optional(),
  kind: z.enum(PRIVACY_REQUEST_KINDS).optional(),
  assigneeId: z.uuid().optional(),
  personId: z.uuid().optional(),
  overdue: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  offset: z.coerce.number().int().min(0).max(100000).default(0),
});
export type ListPrivacyRequestsQuery = z.output<typeof ZListPrivacyRequestsQuery>;

export type PrivacyRequestPage = {
  items: PrivacyRequest[];
  total: number;
  /** Pending requests past their deadline, and those due within PRIVACY_REQUEST_NEAR_DUE_DAYS. */
  counts: { overdue: number; nearDue: number; pending: number };
};
