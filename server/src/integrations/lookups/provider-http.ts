import type { LookupTrouble } from '@funil/domain';
import { BlockedTargetError, safeGet } from '../../lib/safe-fetch.ts';
import type { ProviderConfig } from './lookup-provider.ts';

/** A provider's HTTP answer reduced to what adapters judge: the status and the parsed JSON (null when not JSON). */
export type FetchedJson = { ok: true; status: number; json: unknown } | { ok: false; reason: LookupTrouble };

/** `base` + `path`, with exactly one slash between them. */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

/** GETs a provider's JSON, bounded by its timeout; any failure becomes a trouble reason, never a throw. */
export async function getJson(config: ProviderConfig, path: string): Promise<FetchedJson> {
  try {
    const res = await safeGet(joinUrl(config.baseUrl, path), { 'user-agent': 'Funil-CRM' }, config);
    let json: unknown = null;
    try {
      json = res.body ? JSON.parse(res.body) : null;
    } catch {
      json = null;
    }
    return { ok: true, status: res.status, json };
  } catch (error) {
    if (error instanceof BlockedTargetError) return { ok: false, reason: 'error' };
    const name = (error as { name?: string }).name;
    return { ok: false, reason: name === 'AbortError' || name === 'TimeoutError' ? 'timeout' : 'error' };
  }
}

export const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A trimmed non-empty string of a field (numbers as text), else null. */
export function text(v: unknown): string | null {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v !== 'string') return null;
  const t = v.replace(/\s+/g, ' ').trim();
  return t ? t : null;
}

/** A CEP as providers write it (`01310-100`, `01.310-100`, or a number that lost its leading zero) → 8 digits. */
export function cepDigits(v: unknown): string | null {
  const raw = typeof v === 'number' ? String(v) : typeof v === 'string' ? v.replace(/\D/g, '') : '';
  if (!raw || raw.length > 8) return null;
  return raw.padStart(8, '0');
}

/** A two-letter UF in upper case, else null. */
export function uf(v: unknown): string | null {
  const t = text(v)?.toUpperCase() ?? null;
  return t && /^[A-Z]{2}$/.test(t) ? t : null;
}
