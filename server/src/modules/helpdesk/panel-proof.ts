import { createHmac, timingSafeEqual } from 'node:crypto';
import {
  PANEL_SIGNATURE_MAX_AGE_SECONDS,
  PANEL_SIGNED_PARAMS,
  type PanelContext,
  panelSigningString,
  ZPanelContext,
} from '@funil/domain';

// How the side panel proves it was opened by the integration's helpdesk (pure: no I/O, unit-tested).

const hmac = (secret: string, text: string) => createHmac('sha256', secret).update(text).digest();

function sameBytes(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The hex HMAC-SHA256 a helpdesk puts in `sig` (tests and integrators sign with it). */
export function signPanelParams(secret: string, params: Record<string, string>): string {
  return hmac(secret, panelSigningString(params)).toString('hex');
}

/** The panel URL's query with its signature, as a helpdesk that only opens URLs builds it. */
export function signedPanelQuery(secret: string, params: Record<string, string>): string {
  const search = new URLSearchParams(params);
  search.set('sig', signPanelParams(secret, params));
  return search.toString();
}

/**
 * The key in the dashboard-app URL an admin pastes into Chatwoot: derived from the panel secret (rotating the secret
 * changes it), bound to the integration, and not the secret itself (it cannot sign URLs).
 */
export function dashboardAppKey(secret: string, integrationId: string): string {
  return hmac(secret, `dashboard-app:${integrationId}`).toString('base64url');
}

/** Whether `key` is the integration's dashboard-app key (constant time). */
export function isDashboardAppKey(secret: string, integrationId: string, key: string): boolean {
  return sameBytes(Buffer.from(dashboardAppKey(secret, integrationId)), Buffer.from(key));
}

export type SignedPanelCheck =
  | { ok: true; context: PanelContext }
  | { ok: false; reason: 'malformed' | 'bad-signature' | 'expired' | 'other-integration' };

/**
 * Checks a signed panel query string: known parameters only, each once; signed with the secret; `ts` within
 * PANEL_SIGNATURE_MAX_AGE_SECONDS of now (either way, for clock skew); for this integration; an agent id present.
 */
export function verifySignedPanelQuery(
  secret: string,
  integrationId: string,
  query: string,
  now: Date,
): SignedPanelCheck {
  const search = new URLSearchParams(query.startsWith('?') ? query.slice(1) : query);
  const params: Record<string, string> = {};
  const known = new Set<string>([...PANEL_SIGNED_PARAMS, 'sig']);
  for (const [key, value] of search) {
    if (!known.has(key) || key in params) return { ok: false, reason: 'malformed' };
    params[key] = value;
  }
  const sig = params.sig ?? '';
  if (!/^[0-9a-f]{64}$/i.test(sig)) return { ok: false, reason: 'malformed' };
  if (!sameBytes(hmac(secret, panelSigningString(params)), Buffer.from(sig, 'hex'))) {
    return { ok: false, reason: 'bad-signature' };
  }
  if (params.integration !== integrationId) return { ok: false, reason: 'other-integration' };
  const ts = /^\d{1,12}$/.test(params.ts ?? '') ? Number(params.ts) : Number.NaN;
  if (!Number.isFinite(ts) || Math.abs(now.getTime() / 1000 - ts) > PANEL_SIGNATURE_MAX_AGE_SECONDS) {
    return { ok: false, reason: 'expired' };
  }
  const parsed = ZPanelContext.safeParse({
    agent: { id: params.agent_id, name: params.agent_name, email: params.agent_email },
    conversation: params.conversation_id ? { id: params.conversation_id } : null,
    contact:
      params.contact_id || params.contact_name || params.contact_phone || params.contact_email
        ? {
            id: params.contact_id || null,
            name: params.contact_name,
            phone: params.contact_phone,
            email: params.contact_email,
            document: params.contact_document,
          }
        : null,
  });
  return parsed.success ? { ok: true, context: parsed.data } : { ok: false, reason: 'malformed' };
}
