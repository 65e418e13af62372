import { startOAuthSimulator } from '../integrations/email/oauth-simulator.ts';

// `npm run oauth-sim`: the local OAuth identity provider on its own (demo, manual tries), standing in for Google or
// Microsoft 365. OAUTH_SIM_PORT (3500), OAUTH_SIM_EMAIL (the mailbox the simulated user has), OAUTH_SIM_CLIENT_ID /
// OAUTH_SIM_CLIENT_SECRET (funil-sim / funil-sim-secret). Point Funil at it with FUNIL_GOOGLE_CLIENT_ID/SECRET = those,
// FUNIL_GOOGLE_AUTH_URL = <url>/authorize, FUNIL_GOOGLE_TOKEN_URL = <url>/token, FUNIL_OUTBOUND_ALLOW_LOOPBACK=true,
// and FUNIL_GOOGLE_IMAP / FUNIL_GOOGLE_SMTP at mail servers that check tokens at <url>/introspect.
const sim = await startOAuthSimulator({
  port: Number(process.env.OAUTH_SIM_PORT ?? 3500),
  email: process.env.OAUTH_SIM_EMAIL ?? 'demo@funil.test',
  clientId: process.env.OAUTH_SIM_CLIENT_ID ?? 'funil-sim',
  clientSecret: process.env.OAUTH_SIM_CLIENT_SECRET ?? 'funil-sim-secret',
});
console.log(`Simulador OAuth (Google / Microsoft 365) em ${sim.url}; estado em ${sim.url}/__sim/state`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    sim.close().then(() => process.exit(0));
  });
}
