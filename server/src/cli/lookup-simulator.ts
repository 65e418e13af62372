import { startLookupSimulator } from '../integrations/lookups/lookup-simulator.ts';

// `npm run lookups-sim`: the local CNPJ/CEP registry on its own (demo, manual tries). LOOKUP_SIM_PORT (3400).
// Point Funil at it with FUNIL_LOOKUP_CNPJ_URL / FUNIL_LOOKUP_CEP_URL = its URL and FUNIL_OUTBOUND_ALLOW_LOOPBACK=true.
const sim = await startLookupSimulator({ port: Number(process.env.LOOKUP_SIM_PORT ?? 3400) });
console.log(`Simulador de consultas CNPJ/CEP em ${sim.url}; estado em ${sim.url}/__sim/state`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    sim.close().then(() => process.exit(0));
  });
}
