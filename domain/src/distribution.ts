import { z } from 'zod';
import { BUSINESS_TIME_ZONE } from './activities.ts';

/** How a rule picks the next broker: each in turn, or in proportion to their weights (smooth weighted round robin). */
export const DISTRIBUTION_MODES = ['round_robin', 'weighted'] as const;
export type DistributionMode = (typeof DISTRIBUTION_MODES)[number];

/** Why a lead went to a broker: their turn, their weight, taken back after the SLA, or held until the shift started. */
export const ASSIGNMENT_REASONS = ['turn', 'weight', 'reclaimed', 'shift_started'] as const;
export type AssignmentReason = (typeof ASSIGNMENT_REASONS)[number];

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'time');

/** A shift: ISO weekdays (1 = Monday … 7 = Sunday) and hours, São Paulo time; `end` after `start`. */
export const ZDistributionSchedule = z
  .object({
    weekdays: z.array(z.number().int().min(1).max(7)).min(1).max(7),
    start: HHMM,
    end: HHMM,
  })
  .refine((s) => s.end > s.start, { message: 'end_before_start', path: ['end'] });
export type DistributionSchedule = z.infer<typeof ZDistributionSchedule>;

export const ZDistributionMember = z.object({
  userId: z.uuid(),
  weight: z.number().int().min(1).max(100).default(1),
  dailyCap: z.number().int().min(1).max(1000).nullable().default(null),
});

export const ZDistributionRuleRequest = z.object({
  name: z.string().trim().min(1).max(120),
  pipelineId: z.uuid(),
  sourceId: z.uuid().nullable().default(null),
  branchId: z.uuid().nullable().default(null),
  teamId: z.uuid().nullable().default(null),
  mode: z.enum(DISTRIBUTION_MODES).default('round_robin'),
  onlyOnDuty: z.boolean().default(false),
  schedule: ZDistributionSchedule.nullable().default(null),
  slaMinutes: z.number().int().min(1).max(10080).nullable().default(null),
  active: z.boolean().default(true),
  members: z.array(ZDistributionMember).min(1).max(200),
});
export type DistributionRuleRequest = z.input<typeof ZDistributionRuleRequest>;

export type DistributionRule = {
  id: string;
  position: number;
  name: string;
  pipelineId: string;
  pipelineName: string;
  sourceId: string | null;
  branchId: string | null;
  teamId: string | null;
  mode: DistributionMode;
  onlyOnDuty: boolean;
  schedule: DistributionSchedule | null;
  slaMinutes: number | null;
  active: boolean;
  members: { userId: string; name: string; weight: number; dailyCap: number | null }[];
  version: number;
};

/** São Paulo's weekday (1–7) and "HH:MM" at `at`. */
export function businessClock(at: Date): { weekday: number; time: string; day: string } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: BUSINESS_TIME_ZONE,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const weekday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(parts.weekday ?? '') + 1;
  return { weekday, time: `${parts.hour}:${parts.minute}`, day: `${parts.year}-${parts.month}-${parts.day}` };
}

/** Whether `at` falls inside the shift (no schedule: always). */
export function withinSchedule(schedule: DistributionSchedule | null, at: Date): boolean {
  if (!schedule) return true;
  const { weekday, time } = businessClock(at);
  return schedule.weekdays.includes(weekday) && time >= schedule.start && time < schedule.end;
}

/**
 * One step of smooth weighted round robin (nginx): every eligible member gains its weight, the highest current
 * weight wins and gives back the total. Over any window of sum(weights) picks each member gets exactly its weight.
 * Answers the winner's index and the new current weights (members not eligible keep theirs).
 */
export function smoothWeightedPick(
  members: { weight: number; current: number; eligible: boolean }[],
): { index: number; current: number[] } | null {
  const current = members.map((m) => m.current);
  let total = 0;
  let best = -1;
  members.forEach((m, i) => {
    if (!m.eligible) return;
    total += m.weight;
    current[i] = (current[i] ?? 0) + m.weight;
    if (best < 0 || (current[i] ?? 0) > (current[best] ?? 0)) best = i;
  });
  if (best < 0) return null;
  current[best] = (current[best] ?? 0) - total;
  return { index: best, current };
}

/** The manager page: who is on duty, the queue, each broker's day, recent assignments. */
export type DistributionOverview = {
  onDuty: { userId: string; name: string; since: string }[];
  queue: { opportunityId: string; title: string; ruleId: string; ruleName: string; queuedAt: string }[];
  brokers: {
    userId: string;
    name: string;
    leadsToday: number;
    medianFirstResponseSeconds: number | null;
    avgFirstResponseSeconds: number | null;
  }[];
  recent: {
    id: number;
    opportunityId: string;
    title: string;
    ruleId: string | null;
    ruleName: string;
    userId: string;
    userName: string;
    reason: AssignmentReason;
    assignedAt: string;
    slaDueAt: string | null;
    contactedAt: string | null;
    status: 'open' | 'contacted' | 'reclaimed' | 'expired';
  }[];
};

/** The bell's notice to a manager: a lead was taken back from a broker after the SLA. */
export type LeadReclaimedData = {
  opportunityId: string;
  title: string;
  ruleName: string;
  fromUserName: string;
  toUserName: string | null;
  slaMinutes: number;
};
