import { z } from 'zod';

// Incident register (Resolução CD/ANPD 15/2024): a security incident with personal data is recorded, and the ANPD
// and the affected people are notified within 3 business days of when the controller learned of it. The register is
// kept at least 5 years: incidents are never deleted, and every change is kept.

export const INCIDENT_DATA_CATEGORIES = [
  'identification',
  'contact',
  'documents',
  'financial',
  'location',
  'sensitive',
  'credentials',
  'children',
  'other',
] as const;
export type IncidentDataCategory = (typeof INCIDENT_DATA_CATEGORIES)[number];

export const INCIDENT_RISKS = ['low', 'medium', 'high'] as const;
export type IncidentRisk = (typeof INCIDENT_RISKS)[number];

/** Business days (dias úteis) the controller has to notify the ANPD and the subjects. */
export const INCIDENT_NOTICE_BUSINESS_DAYS = 3;

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'invalid_date')
  .refine(isRealDay, 'invalid_date');
const optionalDay = z
  .union([z.literal(''), day])
  .nullable()
  .default(null)
  .transform((v) => v || null);
const text = (max: number) => z.string().trim().max(max, 'too_long').default('');

export const ZIncidentRequest = z
  .object({
    title: z.string().trim().min(1, 'required').max(200, 'too_long'),
    description: text(5000),
    occurredOn: optionalDay,
    learnedOn: day,
    dataCategories: z.array(z.enum(INCIDENT_DATA_CATEGORIES)).max(20).default([]),
    affectedCount: z.number().int().min(0).max(1_000_000_000).default(0),
    affectedPersonIds: z.array(z.uuid()).max(500).default([]),
    consequences: text(5000),
    risk: z.enum(INCIDENT_RISKS),
    measuresTaken: text(5000),
    measuresPlanned: text(5000),
    anpdNotifiedOn: optionalDay,
    anpdProtocol: text(100),
    subjectsNotifiedOn: optionalDay,
    subjectsNotifiedHow: text(500),
  })
  .refine((v) => !v.occurredOn || v.occurredOn <= v.learnedOn, {
    path: ['occurredOn'],
    message: 'invalid_date',
  });
export type IncidentRequest = z.output<typeof ZIncidentRequest>;

export type Incident = Omit<IncidentRequest, 'affectedPersonIds'> & {
  id: string;
  version: number;
  /** The last day to notify (3 business days after `learnedOn`). */
  noticeDeadline: string;
  affectedPeople: { id: string; name: string }[];
  createdBy: { id: string; name: string };
  createdAt: string;
  updatedAt: string;
};

export type IncidentEvent = {
  id: string;
  occurredAt: string;
  kind: 'created' | 'changed';
  actor: { id: string; name: string };
  changes: { field: string; old: unknown; new: unknown }[];
};

export type IncidentPage = { items: Incident[]; nextCursor: string | null };

// ---------- Business days (dias úteis) ----------

function isRealDay(value: string): boolean {
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

const toDay = (d: Date) => d.toISOString().slice(0, 10);
const utc = (y: number, m: number, dd: number) => new Date(Date.UTC(y, m - 1, dd));
const plus = (d: Date, days: number) => new Date(d.getTime() + days * 86_400_000);

/** Easter Sunday of a year (Gregorian, anonymous algorithm of Meeus/Jones/Butcher). */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const dayOfMonth = ((h + l - 7 * m + 114) % 31) + 1;
  return toDay(utc(year, month, dayOfMonth));
}

/**
 * Brazil's national holidays of a year, with the days the federal calendar also closes (Carnaval Monday and
 * Tuesday, Corpus Christi), as `YYYY-MM-DD`. Consciência Negra (20/11) is national since Lei 14.759/2023.
 */
export function brazilianHolidays(year: number): Set<string> {
  const easter = new Date(`${easterSunday(year)}T00:00:00Z`);
  const fixed = ['01-01', '04-21', '05-01', '09-07', '10-12', '11-02', '11-15', '11-20', '12-25'];
  return new Set([
    ...fixed.map((md) => `${year}-${md}`),
    toDay(plus(easter, -48)), // Carnaval (segunda)
    toDay(plus(easter, -47)), // Carnaval (terça)
    toDay(plus(easter, -2)), // Sexta-feira Santa
    toDay(plus(easter, 60)), // Corpus Christi
  ]);
}

/** Whether a day (`YYYY-MM-DD`) is a business day: not Saturday, Sunday or a national holiday. */
export function isBusinessDay(value: string): boolean {
  const d = new Date(`${value}T00:00:00Z`);
  const weekday = d.getUTCDay();
  if (weekday === 0 || weekday === 6) return false;
  return !brazilianHolidays(d.getUTCFullYear()).has(value);
}

/** The `n`th business day after `from` (the day itself is not counted, as in a legal deadline). */
export function addBusinessDays(from: string, n: number): string {
  let d = new Date(`${from}T00:00:00Z`);
  let left = n;
  while (left > 0) {
    d = plus(d, 1);
    if (isBusinessDay(toDay(d))) left--;
  }
  return toDay(d);
}

/** Business days from `today` (exclusive) up to `deadline` (inclusive); negative when the deadline passed. */
export function businessDaysBetween(today: string, deadline: string): number {
  const forward = today <= deadline;
  const [from, to] = forward ? [today, deadline] : [deadline, today];
  let count = 0;
  let d = new Date(`${from}T00:00:00Z`);
  while (toDay(d) < to) {
    d = plus(d, 1);
    if (isBusinessDay(toDay(d))) count++;
  }
  return forward ? count : -count;
}

/** The notice deadline of an incident learned of on `learnedOn`. */
export const incidentNoticeDeadline = (learnedOn: string) =>
  addBusinessDays(learnedOn, INCIDENT_NOTICE_BUSINESS_DAYS);

export type IncidentNoticeStatus =
  | { state: 'notified' }
  | { state: 'overdue'; businessDaysLate: number }
  | { state: 'due'; businessDaysLeft: number };

/**
 * Where an incident stands on its notices on `today`: notified (both the ANPD and the subjects), overdue (past the
 * deadline and a notice still missing), or due in N business days (0 = today is the last day).
 */
export function incidentNoticeStatus(
  incident: { learnedOn: string; anpdNotifiedOn: string | null; subjectsNotifiedOn: string | null },
  today: string,
): IncidentNoticeStatus {
  if (incident.anpdNotifiedOn && incident.subjectsNotifiedOn) return { state: 'notified' };
  const deadline = incidentNoticeDeadline(incident.learnedOn);
  if (today > deadline) return { state: 'overdue', businessDaysLate: -businessDaysBetween(today, deadline) };
  return { state: 'due', businessDaysLeft: businessDaysBetween(today, deadline) };
}
