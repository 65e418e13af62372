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

/** A periodic job: idempotent, so a run that overlaps another instance's does no harm. */
type PeriodicJob = { name: string; everyMs: number; run: (db: Db) => Promise<unknown> };

export const PERIODIC_JOBS: PeriodicJob[] = [
  { name: 'rotting-opportunities', everyMs: 60 * 60 * 1000, run: (db) => notifyRottingOpportunities(db) },
  // Daily in effect: a person expires once, the day its inactivity passes the limit; hourly runs find nothing else.
  { name: 'wallet-expiry', everyMs: 60 * 60 * 1000, run: (db) => expireInactiveWallets(db) },
  // LGPD art. 19: a data-subject request near its deadline alerts its assignee once (idempotent: due_alert_at).
  { name: 'privacy-request-due', everyMs: 60 * 60 * 1000, run: (db) => alertDuePrivacyRequests(db) },
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
  },
  // Call center: returns whose alarm is due ring the attendant's bell, once each.
  { name: 'contact-alarms', everyMs: env.FUNIL_REMINDER_POLL_MS, run: (db) => fireDueAlarms(db) },
  // Roleta: queued leads whose shift started, then the first-response SLA (reclaims ring the managers' bells).
  { name: 'distribution', everyMs: env.FUNIL_DISTRIBUTION_POLL_MS, run: (db) => runDistributionJobs(db) },
  // Spreadsheet imports: the oldest queued one, or one a stopped process left running, from its checkpoint.
  { name: 'imports', everyMs: 1000, run: (db) => runPendingImports(db) },
  // LGPD retention runs ("Executar"): anonymizes exactly the previewed people (needs the file store for their files).
  ...(files
    ? [{ name: 'retention-runs', everyMs: 2000, run: (db: Db) => runQueuedRetention(db, files) }]
    : []),
];

/**
 * Runs the periodic jobs in this process: first a few seconds after start, then on their interval. A job
 * runs only while its Postgres advisory lock is held, so with several app instances one of them runs it.
 */
export function startScheduler(
  db: Db,
  log: { error: (obj: object, msg: string) => void; warn?: (obj: object, msg: string) => void },
  jobs = PERIODIC_JOBS,
  firstDelayMs = 5000,
): () => void {
  const timers: NodeJS.Timeout[] = [];
  for (const job of jobs) {
    // A tick that comes while the last one still runs is skipped: ticks never pile up behind a slow run.
    let running = false;
    const tick = async () => {
      if (running) return;
      running = true;
      try {
        await withAdvisoryLock(db, job.name, () => job.run(db));
      } catch (error) {
        // A database outage is reported once by whoever notices it; each job's next tick simply tries again.
        if (isDatabaseUnavailable(error) && log.warn) {
          log.warn({ job: job.name }, 'periodic job skipped: database unavailable');
        } else log.error({ err: error, job: job.name }, 'periodic job failed');
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
  };
}
