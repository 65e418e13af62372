import { startWhatsAppSimulator } from '../integrations/whatsapp/whatsapp-simulator.ts';

// `npm run whatsapp-sim`: the local WhatsApp Cloud API on its own (demo, manual tries). Settings from the environment:
// WHATSAPP_SIM_PORT (3400), WHATSAPP_SIM_PHONE_NUMBER_ID, WHATSAPP_SIM_TOKEN (the Bearer Funil must send),
// WHATSAPP_SIM_APP_SECRET (signs the webhooks), WHATSAPP_SIM_WEBHOOK_URL (also settable with PUT /__sim/webhook).
const env = process.env;
const sim = await startWhatsAppSimulator({
  port: Number(env.WHATSAPP_SIM_PORT ?? 3400),
  phoneNumberId: env.WHATSAPP_SIM_PHONE_NUMBER_ID ?? '100000000000001',
  accessToken: env.WHATSAPP_SIM_TOKEN ?? 'demo-whatsapp-token',
  appSecret: env.WHATSAPP_SIM_APP_SECRET ?? 'demo-whatsapp-app-secret',
  webhookUrl: env.WHATSAPP_SIM_WEBHOOK_URL ?? null,
});
console.log(`Simulador do WhatsApp Cloud API em ${sim.url}; mensagens em ${sim.url}/__sim/messages`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    sim.close().then(() => process.exit(0));
  });
}
