import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startFunil } from '../server/src/bootstrap.ts';
import { loadEnv } from '../server/src/config/env.ts';
import { letPostgresReachBinaries } from '../server/src/db/embedded.ts';
import { startOAuthSimulator } from '../server/src/integrations/email/oauth-simulator.ts';
import { startLookupSimulator } from '../server/src/integrations/lookups/lookup-simulator.ts';
import { startTelephonySimulator } from '../server/src/integrations/telephony/telephony-simulator.ts';
import { startWhatsAppSimulator } from '../server/src/integrations/whatsapp/whatsapp-simulator.ts';
import { onFreePort } from '../server/src/lib/free-port.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    password: string;
    /** The CNPJ/CEP registry simulator the app asks (its `/__sim/*` routes make it fail). */
    lookupSimUrl: string;
    /** The WhatsApp Cloud API simulator (phone number id, token and app secret below); `/__sim/*` plays the customer. */
    whatsappSimUrl: string;
    /** The telephony simulator (Twilio's protocol) the dialer calls through; `/__sim/script` scripts a number. */
    telephonySimUrl: string;
    /** The mailbox the OAuth simulator's user has ("Conectar com Google" connects it). */
    oauthSimEmail: string;
  }
}

const PASSWORD = 'senha-e2e-2026';

/**
 * Starts the real app (embedded Postgres, built web app, demo workspace) on a free port, its CNPJ/CEP lookups
 * pointed at the registry simulator (BrasilAPI's format for companies, ViaCEP's for addresses).
 */
export default async function setup(project: TestProject) {
  await letPostgresReachBinaries();
  const registry = await startLookupSimulator();
  const whatsapp = await startWhatsAppSimulator({
    phoneNumberId: '100000000000001',
    accessToken: 'e2e-whatsapp-token',
    appSecret: 'e2e-whatsapp-app-secret',
  });
  const telephony = await startTelephonySimulator({ host: '127.0.0.1', stepMs: 400 });
  const oauth = await startOAuthSimulator({
    clientId: 'e2e-google',
    clientSecret: 'e2e-google-secret',
    email: 'corretora.e2e@gmail.test',
  });
  const dataDir = await mkdtemp(path.join(tmpdir(), 'funil-e2e-'));
  const settings = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    FUNIL_DATA_DIR: dataDir,
    FUNIL_ADMIN_EMAIL: 'admin@funil.local',
    FUNIL_ADMIN_PASSWORD: PASSWORD,
    FUNIL_DEMO_PEOPLE: '40',
    FUNIL_LOG_LEVEL: 'warn',
    // Activity reminders are looked for every second, so a test's reminder e-mail arrives within seconds.
    FUNIL_REMINDER_POLL_MS: '1000',
    // The roleta's queue and first-response SLA are checked every second (a 1-minute SLA is reclaimed within ~61 s).
    FUNIL_DISTRIBUTION_POLL_MS: '1000',
    // Webhook tests post to a receiver the test runs on loopback; a failed attempt is final at once (no retry
    // for minutes), so the log shows it failed and "Reenviar" is what sends it again.
    FUNIL_OUTBOUND_ALLOW_LOOPBACK: 'true',
    FUNIL_WEBHOOK_RETRY_LIMIT: '0',
    FUNIL_WEBHOOK_RELAY_MS: '250',
    FUNIL_QUEUE_POLL_S: '0.5',
    FUNIL_LOOKUP_CNPJ_PROVIDER: 'brasilapi',
    FUNIL_LOOKUP_CNPJ_URL: registry.url,
    FUNIL_LOOKUP_CEP_PROVIDER: 'viacep',
    FUNIL_LOOKUP_CEP_URL: registry.url,
    FUNIL_LOOKUP_TIMEOUT_MS: '1500',
    // Mass sends: a batch every half second, so a campaign's progress moves while the page watches.
    FUNIL_CAMPAIGN_TICK_MS: '500',
    // Connected mailboxes are read every second, so a reply shows on the timeline while the test waits.
    FUNIL_MAIL_POLL_MS: '1000',
    // The dialer speaks Twilio's protocol to the simulator (numbers without a script are answered).
    FUNIL_TELEPHONY_PROVIDER: 'twilio',
    FUNIL_TELEPHONY_URL: telephony.url,
    FUNIL_TELEPHONY_ACCOUNT_SID: telephony.accountSid,
    FUNIL_TELEPHONY_AUTH_TOKEN: telephony.authToken,
    FUNIL_TELEPHONY_CALLER_ID: '+551140004000',
    // "Conectar com Google" goes to the OAuth simulator; no mail server listens on port 9 (discard), so a mailbox
    // connected that way only shows a poll error — the e2e checks the connection flow, the integration test the logins.
    FUNIL_GOOGLE_CLIENT_ID: 'e2e-google',
    FUNIL_GOOGLE_CLIENT_SECRET: 'e2e-google-secret',
    FUNIL_GOOGLE_AUTH_URL: `${oauth.url}/authorize`,
    FUNIL_GOOGLE_TOKEN_URL: `${oauth.url}/token`,
    FUNIL_GOOGLE_IMAP: 'imap://127.0.0.1:9',
    FUNIL_GOOGLE_SMTP: 'smtp://127.0.0.1:9',
  };
  const closeAll = async () => {
    await registry.close();
    await whatsapp.close();
    await telephony.close();
    await oauth.close();
    await rm(dataDir, { recursive: true, force: true });
  };
  const funil = await onFreePort((port) =>
    startFunil(loadEnv({ ...settings, FUNIL_PG_PORT: String(port) })),
  ).catch(async (error: unknown) => {
    await closeAll();
    throw error;
  });
  project.provide('baseUrl', funil.url);
  project.provide('password', PASSWORD);
  project.provide('lookupSimUrl', registry.url);
  whatsapp.setWebhook(`${funil.url.replace('//localhost:', '//127.0.0.1:')}/api/v1/whatsapp/webhook`);
  project.provide('whatsappSimUrl', whatsapp.url);
  project.provide('telephonySimUrl', telephony.url);
  project.provide('oauthSimEmail', 'corretora.e2e@gmail.test');
  return async () => {
    await funil.stop();
    await closeAll();
  };
}
