import type { FastifyInstance } from 'fastify';
import type { Env } from './config/env.ts';
import { startEmbeddedPostgres } from './db/embedded.ts';
import { migrate } from './db/migrate.ts';
import { createAppPool, type Db } from './db/pool.ts';
import { type DemoLogin, seedDemoWorkspace } from './db/seed/seed-demo.ts';
import { buildApp } from './http/app.ts';
import { drainHttp } from './http/drain.ts';
import { cloudApiProvider } from './integrations/whatsapp/cloud-api.provider.ts';
import { JobQueue } from './jobs/queue.ts';
import { periodicJobs, startScheduler } from './jobs/scheduler.ts';
import { openFileStore } from './lib/open-file-store.ts';
import { loadSecretBox } from './lib/secret-box.ts';
import { ActorCache } from './modules/auth/actor-cache.ts';
import { startCampaigns } from './modules/campaigns/campaigns.jobs.ts';
import { CustomFieldCache } from './modules/custom-fields/custom-fields.cache.ts';
import { createDialerRuntime, startDialer } from './modules/dialer/dialer.jobs.ts';
import { startExports } from './modules/exports/exports.jobs.ts';
import { startHelpdeskSync } from './modules/helpdesk-sync/helpdesk-sync.jobs.ts';
import { startIntake } from './modules/intake/intake.jobs.ts';
import { mailHostRules } from './modules/mail-accounts/mail-accounts.service.ts';
import { startMailReplies } from './modules/mail-replies/mail-replies.jobs.ts';
import { RealtimeHub } from './modules/realtime/realtime.hub.ts';
import { startWebhookDelivery } from './modules/webhooks/webhooks.jobs.ts';

export type Funil = {
  app: FastifyInstance;
  db: Db;
  /** Owner connection string (migrations, maintenance). */
  databaseUrl: string;
  url: string;
  demoLogins: DemoLogin[] | null;
  stop: () => Promise<void>;
};

/** Starts the database (embedded unless DATABASE_URL), migrates, seeds once, and serves HTTP. */
export async function startFunil(env: Env): Promise<Funil> {
  let db: Db | null = null;
  let app: FastifyInstance | null = null;
  const embedded = env.DATABASE_URL
    ? null
    : await startEmbeddedPostgres({
        dataDir: env.dataDir,
        port: env.FUNIL_PG_PORT,
        // The supervisor's restarts go to the app's log once there is one.
        warn: (message) => (app ? app.log.warn(message) : console.warn(message)),
      });
  // Every connection that stays open (pool, locks, LISTEN, queue) uses `appUrl`; `databaseUrl` is the owner's, which
  // only migrates and sets the queue's schema up (the same string unless DATABASE_OWNER_URL is given).
  const appUrl = env.DATABASE_URL ?? (embedded?.url as string);
  const databaseUrl = env.DATABASE_OWNER_URL ?? appUrl;
  let stopScheduler: (() => void) | null = null;
  let stopRelay: (() => void) | null = null;
  let stopHelpdeskRelay: (() => void) | null = null;
  let stopIntakeRelay: (() => void) | null = null;
  let stopCampaignRelay: (() => void) | null = null;
  let stopExportRelay: (() => void) | null = null;
  let stopMailPolls: (() => void) | null = null;
  let stopDialer: (() => Promise<void>) | null = null;
  let closeTelephony: (() => Promise<void>) | null = null;
  let queue: JobQueue | null = null;
  let listening = false;
  const stop = async () => {
    // Out of the balancer first, requests in flight finished (drain.ts); then the jobs, then the database.
    const http = app
      ? listening
        ? drainHttp(app, { delayMs: env.FUNIL_SHUTDOWN_DELAY_MS, graceMs: env.FUNIL_SHUTDOWN_GRACE_MS })
        : app.close()
      : Promise.resolve();
    stopScheduler?.();
    stopRelay?.();
    stopHelpdeskRelay?.();
    stopIntakeRelay?.();
    stopCampaignRelay?.();
    stopExportRelay?.();
    stopMailPolls?.();
    await stopDialer?.().catch(() => undefined);
    // Running jobs get a moment to finish; what is left is retried by the next start.
    await queue?.stop().catch(() => undefined);
    await http.catch(() => undefined);
    await closeTelephony?.().catch(() => undefined);
    await db?.end().catch(() => undefined);
    await embedded?.stop().catch(() => undefined);
  };
  try {
    await migrate(databaseUrl);
    db = createAppPool(appUrl, env.FUNIL_DB_POOL_SIZE, {
      connectTimeoutMs: env.FUNIL_DB_CONNECT_TIMEOUT_MS,
    });
    const secrets = await loadSecretBox(env.FUNIL_SECRET_KEY, env.dataDir);
    const demoLogins = env.FUNIL_SEED_DEMO
      ? await seedDemoWorkspace(db, secrets, {
          adminEmail: env.FUNIL_ADMIN_EMAIL,
          adminPassword: env.FUNIL_ADMIN_PASSWORD,
          peopleCount: env.FUNIL_DEMO_PEOPLE,
        })
      : null;
    const telephony = await createDialerRuntime(env, {
      error: (obj, msg) => app?.log.error(obj, msg),
      warn: (obj, msg) => app?.log.warn(obj, msg),
    });
    closeTelephony = telephony.close;
    const files = openFileStore(env);
    app = await buildApp({
      db,
      env,
      files,
      secrets,
      realtime: new RealtimeHub(appUrl),
      actors: new ActorCache(appUrl),
      customFields: new CustomFieldCache(appUrl),
      dialer: telephony.runtime,
      jobQueueDepth: async () => (queue ? queue.depth() : {}),
    });
    const address = await app.listen({ host: env.HOST, port: env.PORT });
    listening = true;
    stopScheduler = startScheduler(db, app.log, periodicJobs(env, secrets, files));
    queue = await JobQueue.start(
      {
        databaseUrl: appUrl,
        ownerUrl: databaseUrl,
        pollingIntervalSeconds: env.FUNIL_QUEUE_POLL_S,
        retry: {
          'webhook-delivery': {
            retryLimit: env.FUNIL_WEBHOOK_RETRY_LIMIT,
            retryDelay: env.FUNIL_WEBHOOK_RETRY_DELAY_S,
            retryBackoff: env.FUNIL_WEBHOOK_RETRY_BACKOFF,
          },
          // Helpdesk deliveries are outbound deliveries too: same retry settings.
          'helpdesk-sync': {
            retryLimit: env.FUNIL_WEBHOOK_RETRY_LIMIT,
            retryDelay: env.FUNIL_WEBHOOK_RETRY_DELAY_S,
            retryBackoff: env.FUNIL_WEBHOOK_RETRY_BACKOFF,
          },
          'intake-lead': {
            retryLimit: env.FUNIL_INTAKE_RETRY_LIMIT,
            retryDelay: env.FUNIL_INTAKE_RETRY_DELAY_S,
            retryBackoff: true,
          },
          // A batch's messages are claimed before they are sent, so a retried batch never sends one twice.
          'campaign-batch': { retryLimit: 3, retryDelay: 5, retryBackoff: true },
          // A retried export starts over (its file is written whole or not at all).
          'export-file': { retryLimit: 2, retryDelay: 10, retryBackoff: true },
          // A failed poll is not retried: the next period's poll reads from the same cursor.
          'mail-poll': { retryLimit: 0, retryDelay: 1, retryBackoff: false },
        },
      },
      app.log,
    );
    stopRelay = await startWebhookDelivery(
      {
        db,
        secrets,
        queue,
        allowLoopback: env.FUNIL_OUTBOUND_ALLOW_LOOPBACK,
        timeoutMs: env.FUNIL_WEBHOOK_TIMEOUT_MS,
        maxFailures: env.FUNIL_WEBHOOK_MAX_FAILURES,
      },
      app.log,
      env.FUNIL_WEBHOOK_RELAY_MS,
    );
    stopHelpdeskRelay = await startHelpdeskSync(
      {
        db,
        secrets,
        queue,
        allowLoopback: env.FUNIL_OUTBOUND_ALLOW_LOOPBACK,
        timeoutMs: env.FUNIL_WEBHOOK_TIMEOUT_MS,
      },
      app.log,
      env.FUNIL_WEBHOOK_RELAY_MS,
    );
    stopIntakeRelay = await startIntake({ db, queue }, app.log, env.FUNIL_WEBHOOK_RELAY_MS);
    stopExportRelay = await startExports({ db, queue, files }, app.log, env.FUNIL_WEBHOOK_RELAY_MS);
    stopMailPolls = await startMailReplies(
      { db, queue, secrets, hosts: mailHostRules(env), pollEveryMs: env.FUNIL_MAIL_POLL_MS },
      app.log,
    );
    const port = new URL(address).port;
    const url = env.FUNIL_PUBLIC_URL ?? `http://localhost:${port}`;
    // The provider calls back at FUNIL_PUBLIC_URL (required for a provider on the internet, such as Twilio), else on
    // loopback at the port the server really listens on (the built-in simulator; PORT=0 picks one).
    telephony.runtime.publicUrl = env.FUNIL_PUBLIC_URL ?? `http://127.0.0.1:${port}`;
    stopDialer = startDialer(db, telephony.runtime);
    stopCampaignRelay = await startCampaigns(
      {
        db,
        queue,
        secrets,
        whatsapp: cloudApiProvider({
          allowLoopback: env.FUNIL_OUTBOUND_ALLOW_LOOPBACK,
          timeoutMs: env.FUNIL_WEBHOOK_TIMEOUT_MS,
        }),
        publicUrl: url,
        tickMs: env.FUNIL_CAMPAIGN_TICK_MS,
        interruptedAfterMs: env.FUNIL_CAMPAIGN_INTERRUPTED_MS,
      },
      app.log,
      env.FUNIL_WEBHOOK_RELAY_MS,
    );
    return { app, db, databaseUrl, url, demoLogins, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
