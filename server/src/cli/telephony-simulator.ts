import { startTelephonySimulator } from '../integrations/telephony/telephony-simulator.ts';

// `npm run telephony-sim`: the local Twilio Programmable Voice on its own (demo, manual tries). Settings from the
// environment: PORT (3500), TELEPHONY_SIM_ACCOUNT_SID, TELEPHONY_SIM_AUTH_TOKEN (Funil's FUNIL_TELEPHONY_ACCOUNT_SID /
// _AUTH_TOKEN must match), TELEPHONY_SIM_STEP_MS (pause between a call's events), TELEPHONY_SIM_OUTCOME (what an
// unscripted number does: answered, voicemail, no_answer, busy, invalid_number, failed or random).
const env = process.env;
const outcomes = [
  'answered',
  'voicemail',
  'no_answer',
  'busy',
  'invalid_number',
  'failed',
  'random',
] as const;
const outcome = outcomes.find((o) => o === env.TELEPHONY_SIM_OUTCOME) ?? 'answered';
const sim = await startTelephonySimulator({
  port: Number(env.PORT ?? 3500),
  accountSid: env.TELEPHONY_SIM_ACCOUNT_SID ?? 'AC00000000000000000000000000000001',
  authToken: env.TELEPHONY_SIM_AUTH_TOKEN ?? 'demo-telephony-token',
  stepMs: env.TELEPHONY_SIM_STEP_MS ? Number(env.TELEPHONY_SIM_STEP_MS) : undefined,
  defaultOutcome: outcome,
});
console.log(`Simulador de telefonia (Twilio Programmable Voice) em ${sim.url}`);
console.log(`  FUNIL_TELEPHONY_PROVIDER=twilio FUNIL_TELEPHONY_URL=${sim.url}`);
console.log(`  FUNIL_TELEPHONY_ACCOUNT_SID=${sim.accountSid} FUNIL_TELEPHONY_AUTH_TOKEN=${sim.authToken}`);
console.log(`  chamadas em ${sim.url}/__sim/calls; roteiro: POST ${sim.url}/__sim/script {"to","outcomes"}`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    sim.close().then(() => process.exit(0));
  });
}
