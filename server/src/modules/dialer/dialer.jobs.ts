import type { Env } from '../../config/env.ts';
import { type Db, withAdvisoryLock } from '../../db/pool.ts';
import { createTelephonyProvider } from '../../integrations/telephony/telephony-providers.ts';
import { startTelephonySimulator } from '../../integrations/telephony/telephony-simulator.ts';
import { type DialerRuntime, handleTelephonyEvent, sweepDialer } from './dialer.service.ts';

type Log = DialerRuntime['log'];

/** Seconds a call rings before the provider gives up (Não atende). */
const RING_TIMEOUT_S = 30;

/**
 * The deployment's telephony as the dialer uses it. With FUNIL_TELEPHONY_PROVIDER=simulator (the default, for the
 * demo) the built-in simulator is started on loopback — outcomes at random — and spoken to as Twilio.
 */
export async function createDialerRuntime(
  env: Env,
  log: Log,
): Promise<{ runtime: DialerRuntime; close: () => Promise<void> }> {
  // Set by bootstrap once the server listens (the port may be chosen then).
  const publicUrl = env.FUNIL_PUBLIC_URL ?? `http://127.0.0.1:${env.PORT}`;
  if (env.FUNIL_TELEPHONY_PROVIDER === 'simulator') {
    const sim = await startTelephonySimulator({ host: '127.0.0.1', defaultOutcome: 'random', stepMs: 1500 });
    const provider = createTelephonyProvider(env, {
      allowLoopback: env.FUNIL_OUTBOUND_ALLOW_LOOPBACK,
      simulator: sim,
    });
    return {
      runtime: {
        provider,
        info: { name: 'twilio', simulator: true },
        twilioAuthToken: sim.authToken,
        publicUrl,
        ringTimeoutSeconds: RING_TIMEOUT_S,
        log,
      },
      close: () => sim.close(),
    };
  }
  const provider = createTelephonyProvider(env, { allowLoopback: env.FUNIL_OUTBOUND_ALLOW_LOOPBACK });
  return {
    runtime: {
      provider,
      info: { name: provider.name, simulator: false },
      twilioAuthToken: provider.name === 'twilio' ? (env.FUNIL_TELEPHONY_AUTH_TOKEN ?? null) : null,
      publicUrl,
      ringTimeoutSeconds: RING_TIMEOUT_S,
      log,
    },
    close: async () => undefined,
  };
}

/**
 * Runs the dialer's background work in this instance: the provider's pushed events (Asterisk ARI) and, every few
 * seconds under an advisory lock (one instance at a time), the sweep of calls with no news and idle sessions.
 */
export function startDialer(db: Db, runtime: DialerRuntime, everyMs = 10_000): () => Promise<void> {
  const stream = runtime.provider.listen?.(async (event) => {
    try {
      await handleTelephonyEvent(db, runtime, event);
    } catch (error) {
      runtime.log.error({ err: error }, 'dialer: event not applied');
    }
  });
  const timer = setInterval(() => {
    withAdvisoryLock(db, 'dialer-sweep', () => sweepDialer(db, runtime)).catch((error: unknown) =>
      runtime.log.error({ err: error }, 'dialer: sweep failed'),
    );
  }, everyMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await stream?.close();
  };
}
