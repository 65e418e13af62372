import { z } from 'zod';
import { CONTACT_OUTCOMES, type ContactOutcome, ZCallListFilter } from './callcenter.ts';
import { ZCallingRules } from './calling-hours.ts';

// The auto-dialer (discador): an attendant works a filtered call list one person at a time through a telephony
// provider. Frustrated calls are recorded by the dialer; an answered one waits for the attendant's return.

export const DIALER_SESSION_STATUSES = ['running', 'paused', 'stopped', 'finished', 'failed'] as const;
export type DialerSessionStatus = (typeof DIALER_SESSION_STATUSES)[number];

/** Why a person of the list was not called. */
export const DIALER_SKIP_REASONS = [
  'do_not_contact',
  'do_not_call',
  'no_phone',
  'daily_cap',
  'outside_hours',
  'in_call_elsewhere',
  'not_visible',
] as const;
export type DialerSkipReason = (typeof DIALER_SKIP_REASONS)[number];

export const DIALER_CALL_STATUSES = ['placing', 'ringing', 'answered', 'ended'] as const;
export type DialerCallStatus = (typeof DIALER_CALL_STATUSES)[number];

/** Calls connected for less than this are "short calls", the ones Anatel's blocking of abusive callers counts. */
export const SHORT_CALL_SECONDS = 6;

export const ZDialerStartRequest = z.object({ filter: ZCallListFilter.default({}) }).strict();
export type DialerStartRequest = z.input<typeof ZDialerStartRequest>;

/** The return the attendant saves after an answered call (the desk's form); saving moves the dialer on. */
export const ZDialerWrapUpRequest = z
  .object({
    callId: z.uuid(),
    outcome: z.enum(CONTACT_OUTCOMES).default('answered'),
    summary: z.string().trim().max(4000).default(''),
    interestLevelId: z.uuid().nullable().optional(),
    leadTypeId: z.uuid().nullable().optional(),
    publicityId: z.uuid().nullable().optional(),
    nextAction: z.string().trim().max(500).default(''),
    alarmAt: z.iso.datetime({ offset: true }).nullable().optional(),
  })
  .strict();
export type DialerWrapUpRequest = z.input<typeof ZDialerWrapUpRequest>;

export const ZDialerSettingsRequest = z
  .object({
    callingRules: ZCallingRules,
    maxAttemptsPerDay: z.number().int().min(1).max(20),
    shortCallWarningPercent: z.number().int().min(1).max(100),
  })
  .strict();
export type DialerSettingsRequest = z.infer<typeof ZDialerSettingsRequest>;

export type DialerSettings = DialerSettingsRequest & {
  version: number;
  /** Which provider this deployment dials through, and whether it is the built-in simulator (demo). */
  provider: { name: string; simulator: boolean };
  doNotCallCount: number;
};

export type DialerCall = {
  id: string;
  personId: string;
  personName: string;
  /** Masked like every phone on the way out. */
  phone: string;
  status: DialerCallStatus;
  answeredBy: 'human' | 'machine' | null;
  outcome: ContactOutcome | null;
  durationSeconds: number | null;
  createdAt: string;
  answeredAt: string | null;
  endedAt: string | null;
  wrappedUpAt: string | null;
};

/** Share of connected calls shorter than SHORT_CALL_SECONDS, and whether it reached the workspace's warning. */
export type ShortCallShare = { short: number; connected: number; percent: number; warn: boolean };

export type DialerSession = {
  id: string;
  status: DialerSessionStatus;
  filter: z.infer<typeof ZCallListFilter>;
  total: number;
  called: number;
  skipped: number;
  pending: number;
  skips: Partial<Record<DialerSkipReason, number>>;
  error: string | null;
  /** The call in progress, or the answered one waiting for its return. */
  current: DialerCall | null;
  recent: DialerCall[];
  shortCalls: ShortCallShare;
  createdAt: string;
  updatedAt: string;
};

export type DialerAttendantStats = {
  user: { id: string; name: string };
  calls: number;
  connected: number;
  outcomes: Partial<Record<ContactOutcome, number>>;
  /** Average seconds from answer to the saved return (talk + wrap-up), over answered calls with a return. */
  averageHandlingSeconds: number | null;
  shortCalls: ShortCallShare;
  /** Whether the attendant has a running session now, and where it is. */
  session: { id: string; status: DialerSessionStatus; called: number; total: number } | null;
};

export type DialerDashboard = {
  from: string;
  to: string;
  attendants: DialerAttendantStats[];
  totals: Omit<DialerAttendantStats, 'user' | 'session'>;
};
