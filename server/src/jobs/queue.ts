import PgBoss from 'pg-boss';
import { z } from 'zod';
import { APP_ROLE, grantSchemaRowsToApp } from '../db/roles.ts';

/**
 * The job queue: pg-boss on the app's Postgres, in its own schema `pgboss`, which pg-boss creates and migrates
 * as the database owner. With one connection string its pool stays the owner's; with an owner string of its own
 * (`ownerUrl`, a server deployment) the owner only sets the schema and the queues up, grants the app role the
 * schema's rows, and the running queue connects as the app role. Jobs survive restarts, are retried with
 * backoff, and several instances share them. Every job is declared here with a zod payload, so a producer and
 * its worker agree on the shape and a malformed job fails instead of running.
 */
export const JOBS = {
  /** Send one webhook delivery (a row of webhook_deliveries) to its subscription. */
  'webhook-delivery': z.object({ workspaceId: z.uuid(), deliveryId: z.uuid() }),
  /** Tell a helpdesk (contact attributes + private note) about a linked negotiation's change (a helpdesk delivery). */
  'helpdesk-sync': z.object({ workspaceId: z.uuid(), deliveryId: z.uuid() }),
  /** Turn one received lead (a row of intake_leads) into a person, an event and a negotiation. */
  'intake-lead': z.object({ workspaceId: z.uuid(), leadId: z.uuid() }),
  /** Send one batch of a running campaign (mass sends): up to its per-minute pace spread over the relay's ticks. */
  'campaign-batch': z.object({ workspaceId: z.uuid(), campaignId: z.uuid() }),
  /** Write one asked-for export (a row of exports) as CSV or XLSX, in pages, into the file store. */
  'export-file': z.object({ workspaceId: z.uuid(), exportId: z.uuid() }),
  /** Read one connected mailbox's INBOX after its cursor and put replies from people on their timelines. */
  'mail-poll': z.object({ workspaceId: z.uuid(), accountId: z.uuid() }),
} as const;

export type JobName = keyof typeof JOBS;
export type JobPayload<N extends JobName> = z.infer<(typeof JOBS)[N]>;

export type RetryPolicy = { retryLimit: number; retryDelay: number; retryBackoff: boolean };

/** What a worker learns about its job besides the payload: whether this is its last try. */
export type JobAttempt = { id: string; retryCount: number; retryLimit: number; lastTry: boolean };

export type JobQueueOptions = {
  /** The running queue's connection string: the owner's, unless `ownerUrl` is given (then the app role's). */
  databaseUrl: string;
  /** The schema owner's, when it is not `databaseUrl`: it creates and migrates the schema and the queues. */
  ownerUrl?: string;
  pollingIntervalSeconds: number;
  retry: Record<JobName, RetryPolicy>;
};

export const QUEUE_SCHEMA = 'pgboss';

export class JobQueue {
  private constructor(
    private readonly boss: PgBoss,
    private readonly options: JobQueueOptions,
  ) {}

  /** Connects, creates or migrates the `pgboss` schema and declares every queue of JOBS. */
  static async start(options: JobQueueOptions, log?: { error: (obj: object, msg: string) => void }) {
    const separateOwner = options.ownerUrl !== undefined && options.ownerUrl !== options.databaseUrl;
    if (separateOwner) {
      // The owner creates what the app role may not (the schema, a queue's partition table), then leaves.
      const setup = new PgBoss({
        connectionString: options.ownerUrl,
        schema: QUEUE_SCHEMA,
        application_name: 'funil-setup',
        max: 1,
        supervise: false,
        schedule: false,
      });
      setup.on('error', (error) => log?.error({ err: error }, 'job queue setup error'));
      await setup.start();
      try {
        await declareQueues(setup, options);
      } finally {
        await setup.stop({ graceful: false, wait: true, close: true });
      }
      await grantSchemaRowsToApp(options.ownerUrl as string, QUEUE_SCHEMA);
    }
    // `options` reaches pg's pool (pg-boss hands it its whole configuration) though pg-boss's types omit it.
    const config: PgBoss.ConstructorOptions & { options?: string } = {
      connectionString: options.databaseUrl,
      schema: QUEUE_SCHEMA,
      application_name: 'funil-queue',
      max: 4,
      // Jobs waiting for a retry must outlive the longest backoff (about three days).
      retentionDays: 7,
      // As the app role: the schema must already be current (the owner migrated it), and the session acts as the
      // app role like every other app connection.
      ...(separateOwner ? { migrate: false, options: `-c role=${APP_ROLE}` } : {}),
    };
    const boss = new PgBoss(config);
    boss.on('error', (error) => log?.error({ err: error }, 'job queue error'));
    await boss.start();
    if (!separateOwner) await declareQueues(boss, options);
    return new JobQueue(boss, options);
  }

  /** Jobs waiting per queue (created or waiting for a retry; not those running): the metrics' queue depth. */
  async depth(): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const name of Object.keys(JOBS) as JobName[]) {
      out[name] = await this.boss.getQueueSize(name, { before: 'active' });
    }
    return out;
  }

  /**
   * Queues a job. With `id`, sending the same id again adds nothing (a relay that crashed after sending and
   * sends again does not duplicate the job).
   */
  async send<N extends JobName>(name: N, data: JobPayload<N>, opts: { id?: string } = {}): Promise<void> {
    await this.boss.send(name, JOBS[name].parse(data), { ...this.options.retry[name], ...opts });
  }

  /**
   * Runs `handler` for each job of `name`; a throw fails the attempt and pg-boss retries it per its policy. With
   * `batchSize`, that many jobs are fetched per poll and run one after another (a throw fails the rest of the batch
   * too, so the handler must be idempotent): for many small jobs, which one fetch per poll interval would starve.
   */
  async work<N extends JobName>(
    name: N,
    handler: (data: JobPayload<N>, attempt: JobAttempt) => Promise<void>,
    opts: { batchSize?: number } = {},
  ): Promise<void> {
    await this.boss.work<JobPayload<N>>(
      name,
      {
        includeMetadata: true,
        batchSize: opts.batchSize ?? 1,
        pollingIntervalSeconds: this.options.pollingIntervalSeconds,
      },
      async (jobs) => {
        for (const job of jobs) {
          const data = JOBS[name].parse(job.data) as JobPayload<N>;
          await handler(data, {
            id: job.id,
            retryCount: job.retryCount,
            retryLimit: job.retryLimit,
            lastTry: job.retryCount >= job.retryLimit,
          });
        }
      },
    );
  }

  /** Stops fetching, lets running jobs finish for a moment (the rest are retried later), closes the pool. */
  async stop(): Promise<void> {
    await this.boss.stop({ graceful: true, timeout: 3000, wait: true, close: true });
  }
}

/** Creates each queue of JOBS, or updates its retry policy. */
async function declareQueues(boss: PgBoss, options: JobQueueOptions): Promise<void> {
  for (const name of Object.keys(JOBS) as JobName[]) {
    const queue = { name, ...options.retry[name] };
    if (await boss.getQueue(name)) await boss.updateQueue(name, queue);
    else await boss.createQueue(name, queue);
  }
}
