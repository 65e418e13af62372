import { createHash } from 'node:crypto';
import type { Env } from '../config/env.ts';
import { type Db, withAdvisoryLock } from '../db/pool.ts';
import { isDatabaseUnavailable } from '../db/unavailable.ts';
import type { FileStore } from '../lib/file-store.ts';
import type { SecretBox } from '../lib/secret-box.ts';
import { sendDueReminders } from '../modules/activities/activities.jobs.ts';
import { runQueuedRetention } from '../modules/anonymization/retention.service.ts';
import { fireDueAlarms } from '../modules/callcenter/callcenter.service.ts';
import { runDistributionJobs } from '../modules/distribution/distribution.service.ts';
import { runPendingImports } from '../modules/imports/imports.service.ts';
import { notifyRottingOpportunities } from '../modules/opportunities/opportunities.jobs.ts';
import { expireInactiveWallets } from '../modules/people/wallet.service.ts';
import { alertDuePrivacyRequests } from '../modules/privacy-requests/privacy-requests.service.ts';

/**
 * A periodic job: idempotent, so a run that overlaps another instance's does no harm. The sweeps (reminders, alarms,
 * roleta, hourly checks) run once per period across instances; the queue pollers (imports, retention runs) tick on
 * every instance, one at a time, so queued work starts soon.
 */
type PeriodicJob = {
  name: string;
  everyMs: number;
  run: (db: Db) => Promise<unknown>;
  /** Once per period across instances (startSlottedJob); otherwise each instance ticks on its own interval. */
  oncePerPeriod?: boolean;
};

export const PERIODIC_JOBS: PeriodicJob[] = [
  {
    name: 'rotting-opportunities',
    everyMs: 60 * 60 * 1000,
    run: (db) => notifyRottingOpportunities(db),
    oncePerPeriod: true,
  },
  // Daily in effect: a person expires once, the day its inactivity passes the limit; hourly runs find nothing else.
  {
    name: 'wallet-expiry',
    everyMs: 60 * 60 * 1000,
    run: (db) => expireInactiveWallets(db),
    oncePerPeriod: true,
  },
  // LGPD art. 19: a data-subject request near its deadline alerts its assignee once (idempotent: due_alert_at).
  {
    name: 'privacy-request-due',
    everyMs: 60 * 60 * 1000,
    run: (db) => alertDuePrivacyRequests(db),
    oncePerPeriod: true,
  },
];

/** The periodic jobs with the intervals the settings choose (activity reminders poll often). */
export const periodicJobs = (
  env: Pick<Env, 'FUNIL_REMINDER_POLL_MS' | 'FUNIL_DISTRIBUTION_POLL_MS'>,
  secrets: SecretBox,
  files?: FileStore,
): PeriodicJob[] => [
  ...PERIODIC_JOBS,
  {
    name: 'activity-reminders',
    everyMs: env.FUNIL_REMINDER_POLL_MS,
    run: (db) => sendDueReminders(db, secrets),
    oncePerPeriod: true,
  },
  // Call center: returns whose alarm is due ring the attendant's bell, once each.
  {
    name: 'contact-alarms',
    everyMs: env.FUNIL_REMINDER_POLL_MS,
    run: (db) => fireDueAlarms(db),
    oncePerPeriod: true,
  },
  // Roleta: queued leads whose shift started, then the first-response SLA (reclaims ring the managers' bells).
  {
    name: 'distribution',
    everyMs: env.FUNIL_DISTRIBUTION_POLL_MS,
    run: (db) => runDistributionJobs(db),
    oncePerPeriod: true,
  },
  // Spreadsheet imports: the oldest queued one, or one a stopped process left running, from its checkpoint.
  { name: 'imports', everyMs: 1000, run: (db) => runPendingImports(db) },
  // LGPD retention runs ("Executar"): anonymizes exactly the previewed people (needs the file store for their files).
  ...(files
    ? [{ name: 'retention-runs', everyMs: 2000, run: (db: Db) => runQueuedRetention(db, files) }]
    : []),
];

/** What the scheduler writes: failures, and (debug) each run of a once-per-period job, with its period. */
type SchedulerLog = {
  error: (obj: object, msg: string) => void;
  warn?: (obj: object, msg: string) => void;
  debug?: (obj: object, msg: string) => void;
};

/** A database outage is reported once by whoever notices it (a warning here); each job's next tick simply tries again. */
function reportFailure(log: SchedulerLog, job: PeriodicJob, error: unknown): void {
  if (isDatabaseUnavailable(error) && log.warn) {
    log.warn({ job: job.name }, 'periodic job skipped: database unavailable');
  } else log.error({ err: error, job: job.name }, 'periodic job failed');
}

/**
 * Runs the periodic jobs in this process: first a few seconds after start, then on their interval. A job
 * runs only while its Postgres advisory lock is held, so with several app instances one of them runs it at a time.
 * A job marked `oncePerPeriod` runs once per period across all instances (`startSlottedJob`).
 */
export function startScheduler(
  db: Db,
  log: SchedulerLog,
  jobs = PERIODIC_JOBS,
  firstDelayMs = 5000,
): () => void {
  const timers: NodeJS.Timeout[] = [];
  const stops: (() => void)[] = [];
  for (const job of jobs) {
    if (job.oncePerPeriod) {
      stops.push(startSlottedJob(db, log, job, firstDelayMs));
      continue;
    }
    // A tick that comes while the last one still runs is skipped: ticks never pile up behind a slow run.
    let running = false;
    const tick = async () => {
      if (running) return;
      running = true;
      try {
        await withAdvisoryLock(db, job.name, () => job.run(db));
      } catch (error) {
        reportFailure(log, job, error);
      } finally {
        running = false;
      }
    };
    const first = setTimeout(() => {
      void tick();
      const every = setInterval(() => void tick(), job.everyMs);
      every.unref();
      timers.push(every);
    }, firstDelayMs);
    first.unref();
    timers.push(first);
  }
  return () => {
    for (const t of timers) clearTimeout(t);
    for (const stop of stops) stop();
  };
}

/**
 * Once per period across instances, with no table to remember runs in: periods are slots of wall-clock time (the
 * same on every instance, shifted per job by a hash of its name so jobs do not all start together). At a slot's
 * start each instance tries the job's advisory lock; the one that takes it runs the job and keeps the lock until
 * the slot's window (half the period, at most 5 s) has passed, and an instance that takes the lock after
 * the window skips the slot. So every attempt inside the window but the first one fails, and none after it runs:
 * one run per slot, provided the instances' clocks agree within the window (NTP does far better).
 */
function startSlottedJob(db: Db, log: SchedulerLog, job: PeriodicJob, firstDelayMs: number): () => void {
  const phase = createHash('sha256').update(job.name).digest().readUInt32BE(0) % job.everyMs;
  const windowMs = Math.min(job.everyMs / 2, 5000);
  const slotAfter = (t: number) => Math.ceil((t - phase) / job.everyMs) * job.everyMs + phase;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  let running = false;
  const schedule = (slot: number) => {
    if (stopped) return;
    timer = setTimeout(() => void tick(slot), Math.max(0, slot - Date.now()));
    timer.unref();
  };
  const tick = async (slot: number) => {
    schedule(slotAfter(slot + 1));
    // A slow run still going: this slot is left to another instance (or skipped).
    if (running) return;
    running = true;
    try {
      await withAdvisoryLock(db, job.name, async () => {
        if (Date.now() > slot + windowMs) return;
        await job.run(db);
        log.debug?.({ job: job.name, slot: new Date(slot).toISOString() }, 'periodic job ran');
        const rest = slot + windowMs - Date.now();
        if (rest > 0) await new Promise((resolve) => setTimeout(resolve, rest));
      });
    } catch (error) {
      reportFailure(log, job, error);
    } finally {
      running = false;
    }
  };
  schedule(slotAfter(Date.now() + firstDelayMs));
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}
