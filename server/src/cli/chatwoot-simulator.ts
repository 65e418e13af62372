import { startChatwootSimulator } from '../integrations/helpdesk/chatwoot-simulator.ts';

// `npm run chatwoot-sim`: the local Chatwoot on its own (demo, manual tries). Settings from the environment:
// CHATWOOT_SIM_PORT (3300), CHATWOOT_SIM_TOKEN (the api_access_token Funil must send), CHATWOOT_SIM_WEBHOOK_URL and
// CHATWOOT_SIM_WEBHOOK_SECRET (where its webhooks go, signed; also settable with PUT /__sim/webhook).
const env = process.env;
const webhook =
  env.CHATWOOT_SIM_WEBHOOK_URL && env.CHATWOOT_SIM_WEBHOOK_SECRET
    ? { url: env.CHATWOOT_SIM_WEBHOOK_URL, secret: env.CHATWOOT_SIM_WEBHOOK_SECRET }
    : null;
const sim = await startChatwootSimulator({
  port: Number(env.CHATWOOT_SIM_PORT ?? 3300),
  apiToken: env.CHATWOOT_SIM_TOKEN ?? 'demo-chatwoot-token',
  webhook,
});
console.log(`Simulador do Chatwoot em ${sim.url} (conta ${sim.accountId}); estado em ${sim.url}/__sim/state`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    sim.close().then(() => process.exit(0));
  });
}
