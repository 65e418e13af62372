import {
  CONTACT_OUTCOMES,
  DIALER_CALL_STATUSES,
  DIALER_SESSION_STATUSES,
  DIALER_SKIP_REASONS,
  ZCallingRules,
  ZCallListFilter,
} from '@funil/domain';
import { z } from 'zod';

const ZShortCalls = z.object({
  short: z.number().int(),
  connected: z.number().int(),
  percent: z.number(),
  warn: z
    .boolean()
    .describe('A parcela de ligações com menos de 6 s chegou ao limite de alerta do workspace'),
});

const ZOutcomeCounts = z.partialRecord(z.enum(CONTACT_OUTCOMES), z.number().int());

export const ZDialerSettings = z.object({
  callingRules: ZCallingRules,
  maxAttemptsPerDay: z.number().int(),
  shortCallWarningPercent: z.number().int(),
  version: z.number().int(),
  provider: z.object({ name: z.string(), simulator: z.boolean() }),
  doNotCallCount: z.number().int(),
});

export const ZDialerCall = z.object({
  id: z.uuid(),
  personId: z.uuid(),
  personName: z.string(),
  phone: z.string(),
  status: z.enum(DIALER_CALL_STATUSES),
  answeredBy: z.enum(['human', 'machine']).nullable(),
  outcome: z.enum(CONTACT_OUTCOMES).nullable(),
  durationSeconds: z.number().int().nullable(),
  createdAt: z.string(),
  answeredAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  wrappedUpAt: z.string().nullable(),
});

export const ZDialerSession = z.object({
  id: z.uuid(),
  status: z.enum(DIALER_SESSION_STATUSES),
  filter: ZCallListFilter,
  total: z.number().int(),
  called: z.number().int(),
  skipped: z.number().int(),
  pending: z.number().int(),
  skips: z.partialRecord(z.enum(DIALER_SKIP_REASONS), z.number().int()),
  error: z.string().nullable(),
  current: ZDialerCall.nullable(),
  recent: z.array(ZDialerCall),
  shortCalls: ZShortCalls,
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const ZCurrentSession = z.object({ session: ZDialerSession.nullable() });

export const ZCallingNow = z.object({
  allowed: z.boolean(),
  reason: z.enum(['sunday', 'holiday', 'outside_hours', 'closed_day']).nullable(),
  localTime: z.string(),
  timeZone: z.string(),
  holiday: z.string().nullable(),
  nextOpenAt: z.string().nullable(),
});

export const ZDoNotCallImportResult = z.object({
  total: z.number().int(),
  added: z.number().int(),
  rejected: z.array(z.object({ line: z.number().int(), value: z.string() })),
});

export const ZDoNotCallList = z.object({
  count: z.number().int(),
  imports: z.array(
    z.object({
      id: z.uuid(),
      fileName: z.string(),
      total: z.number().int(),
      added: z.number().int(),
      rejected: z.number().int(),
      createdBy: z.object({ id: z.uuid(), name: z.string() }),
      createdAt: z.string(),
    }),
  ),
});

export const ZPhoneQuery = z.object({ phone: z.string().trim().min(8).max(30) });

const ZStats = z.object({
  calls: z.number().int(),
  connected: z.number().int(),
  outcomes: ZOutcomeCounts,
  averageHandlingSeconds: z.number().int().nullable(),
  shortCalls: ZShortCalls,
});

export const ZDialerDashboard = z.object({
  from: z.string(),
  to: z.string(),
  attendants: z.array(
    ZStats.extend({
      user: z.object({ id: z.uuid(), name: z.string() }),
      session: z
        .object({
          id: z.uuid(),
          status: z.enum(DIALER_SESSION_STATUSES),
          called: z.number().int(),
          total: z.number().int(),
        })
        .nullable(),
    }),
  ),
  totals: ZStats,
});

export const ZDashboardQuery = z.object({
  from: z.iso.datetime({ offset: true }),
  to: z.iso.datetime({ offset: true }),
});

export const ZSessionParams = z.object({ id: z.uuid() });
export const ZSessionAction = z.object({ id: z.uuid(), action: z.enum(['pause', 'resume', 'stop']) });

/** Twilio's status callback: form fields (validated by the signature, then read by the adapter). */
export const ZTwilioCallback = z.record(z.string().max(100), z.string().max(2000));
export const ZTwilioQuery = z.object({ ref: z.uuid() });
