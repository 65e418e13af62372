import type { Env } from '../../config/env.ts';
import { createAsteriskProvider } from './asterisk-ari.provider.ts';
import type { TelephonyProvider } from './telephony-provider.ts';
import { createTwilioProvider, TWILIO_API_URL } from './twilio.provider.ts';

/** The settings a telephony provider is built from (the FUNIL_TELEPHONY_* fields of the environment). */
export type TelephonySettings = Pick<
  Env,
  | 'FUNIL_TELEPHONY_PROVIDER'
  | 'FUNIL_TELEPHONY_URL'
  | 'FUNIL_TELEPHONY_ACCOUNT_SID'
  | 'FUNIL_TELEPHONY_AUTH_TOKEN'
  | 'FUNIL_TELEPHONY_CALLER_ID'
  | 'FUNIL_TELEPHONY_ARI_URL'
  | 'FUNIL_TELEPHONY_ARI_USER'
  | 'FUNIL_TELEPHONY_ARI_PASSWORD'
  | 'FUNIL_TELEPHONY_ARI_APP'
  | 'FUNIL_TELEPHONY_ARI_ENDPOINT'
  | 'FUNIL_TELEPHONY_TIMEOUT_MS'
>;

/** Where the built-in simulator (`startTelephonySimulator`) listens and the credentials it checks. */
export type TelephonySimulatorTarget = { url: string; accountSid: string; authToken: string };

/**
 * The provider the settings name. `simulator` is Twilio's protocol spoken to the built-in simulator: the caller
 * (bootstrap) starts it on loopback and passes it as `opts.simulator` (loopback is then allowed for it alone). A
 * missing setting throws (env.ts already refuses them at start).
 */
export function createTelephonyProvider(
  settings: TelephonySettings,
  opts: { allowLoopback: boolean; simulator?: TelephonySimulatorTarget },
): TelephonyProvider {
  const timeoutMs = settings.FUNIL_TELEPHONY_TIMEOUT_MS;
  const need = (value: string | undefined, name: string): string => {
    if (!value)
      throw new Error(
        `${name} é obrigatório / is required (FUNIL_TELEPHONY_PROVIDER=${settings.FUNIL_TELEPHONY_PROVIDER})`,
      );
    return value;
  };
  if (settings.FUNIL_TELEPHONY_PROVIDER === 'asterisk') {
    return createAsteriskProvider({
      ariUrl: need(settings.FUNIL_TELEPHONY_ARI_URL, 'FUNIL_TELEPHONY_ARI_URL'),
      user: need(settings.FUNIL_TELEPHONY_ARI_USER, 'FUNIL_TELEPHONY_ARI_USER'),
      password: need(settings.FUNIL_TELEPHONY_ARI_PASSWORD, 'FUNIL_TELEPHONY_ARI_PASSWORD'),
      app: settings.FUNIL_TELEPHONY_ARI_APP,
      endpointTemplate: settings.FUNIL_TELEPHONY_ARI_ENDPOINT,
      callerId: settings.FUNIL_TELEPHONY_CALLER_ID ?? '',
      allowLoopback: opts.allowLoopback,
      timeoutMs,
    });
  }
  if (settings.FUNIL_TELEPHONY_PROVIDER === 'simulator' && opts.simulator) {
    return createTwilioProvider({
      apiUrl: opts.simulator.url,
      accountSid: opts.simulator.accountSid,
      authToken: opts.simulator.authToken,
      callerId: settings.FUNIL_TELEPHONY_CALLER_ID ?? '+551140028922',
      allowLoopback: true,
      timeoutMs,
    });
  }
  return createTwilioProvider({
    apiUrl: settings.FUNIL_TELEPHONY_URL ?? TWILIO_API_URL,
    accountSid: need(settings.FUNIL_TELEPHONY_ACCOUNT_SID, 'FUNIL_TELEPHONY_ACCOUNT_SID'),
    authToken: need(settings.FUNIL_TELEPHONY_AUTH_TOKEN, 'FUNIL_TELEPHONY_AUTH_TOKEN'),
    callerId: settings.FUNIL_TELEPHONY_CALLER_ID ?? '+551140028922',
    allowLoopback: opts.allowLoopback,
    timeoutMs,
  });
}
