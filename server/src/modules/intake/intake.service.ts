import { createHmac, timingSafeEqual } from 'node:crypto';
import {
  CONSENT_FIELD,
  HONEYPOT_FIELD,
  type ParsedLead,
  parseIntakePayload,
  parseSiteForm,
} from '@funil/domain';
import type { Db } from '../../db/pool.ts';
import { DomainError, notFound, validationError } from '../../lib/errors.ts';
import type { SecretBox } from '../../lib/secret-box.ts';
import { verifyApiToken } from '../api-tokens/api-tokens.service.ts';
import * as repo from './intake.repository.ts';

export type IntakeDeps = { db: Db; secrets: SecretBox };

/** Site form posts one client address may make per form and minute (all instances together). */
export const FORM_POSTS_PER_MINUTE = 10;

export type IntakeReceipt = {
  /** true: at least one lead is new (202); false: every lead was already received (200, nothing changed). */
  accepted: boolean;
  id: string;
  status: string;
  leads: { id: string; status: string; duplicate: boolean }[];
};

type Request = {
  rawBody: string;
  body: unknown;
  contentType: string | null;
  headers: Record<string, string | string[] | undefined>;
  token: string | null;
  ip: string | null;
};

const header = (h: Request['headers'], name: string) => {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
};

const unauthenticated = () => new DomainError('unauthenticated', 401);

/** Meta's X-Hub-Signature-256: `sha256=` + HMAC-SHA256 of the raw body with the app secret. */
export function validMetaSignature(
  rawBody: string,
  signature: string | undefined,
  appSecret: string,
): boolean {
  if (!signature?.startsWith('sha256=')) return false;
  const expected = Buffer.from(createHmac('sha256', appSecret).update(rawBody, 'utf8').digest('hex'));
  const given = Buffer.from(signature.slice(7).toLowerCase());
  return given.length === expected.length && timingSafeEqual(given, expected);
}

async function store(
  db: Db,
  source: repo.IntakeSourceRow,
  req: Pick<Request, 'rawBody' | 'contentType'>,
  leads: ParsedLead[],
  extra: { consent?: { text: string; version: number } | null; rejected?: string } = {},
): Promise<IntakeReceipt> {
  const out: IntakeReceipt['leads'] = [];
  for (const lead of leads) {
    const row = await repo.insertLead(db, {
      workspaceId: source.workspace_id,
      sourceId: source.integration_id,
      externalId: lead.externalId,
      contentType: req.contentType,
      rawBody: req.rawBody,
      lead,
      consent: extra.consent ?? null,
      ...(extra.rejected ? { rejected: extra.rejected } : {}),
    });
    if (row) {
      out.push({ ...row, duplicate: false });
      continue;
    }
    // The source sent this lead before: answer with it, change nothing.
    const existing = await repo.findLeadByExternalId(
      db,
      source.workspace_id,
      source.integration_id,
      lead.externalId as string,
    );
    if (existing) out.push({ ...existing, duplicate: true });
  }
  const first = out[0];
  if (!first) throw validationError([{ field: 'body', code: 'no_lead', message: '' }]);
  return { accepted: out.some((l) => !l.duplicate), id: first.id, status: first.status, leads: out };
}

/**
 * A lead source posts its leads: authenticated by the source's token (Bearer or `?token=`, 401 otherwise — the same
 * answer for an unknown source, so the URL reveals nothing), Google Ads also by its `google_key`, Meta by
 * X-Hub-Signature-256 when an app secret is set. The payload is parsed with the source's preset (422 naming the
 * field), stored as received and queued; a lead the source already sent is answered as it is.
 */
export async function receiveLeads(deps: IntakeDeps, sourceId: string, req: Request): Promise<IntakeReceipt> {
  const source = await repo.findSourceById(deps.db, sourceId);
  const check = await verifyApiToken(deps.db, req.token ?? '', req.ip);
  if (!source || check.outcome === 'invalid') throw unauthenticated();
  if (check.outcome === 'ip-refused')
    throw new DomainError('forbidden', 403, { detail: 'Endereço de origem não permitido.' });
  if (check.principal.integrationId !== sourceId || !check.principal.scopes.includes('intake:leads')) {
    throw unauthenticated();
  }
  if (source.preset === 'meta_lead_ads' && source.meta_app_secret_sealed) {
    const secret = deps.secrets.open(source.meta_app_secret_sealed);
    if (!validMetaSignature(req.rawBody, header(req.headers, 'x-hub-signature-256'), secret)) {
      throw new DomainError('unauthenticated', 401, { detail: 'invalid X-Hub-Signature-256' });
    }
  }
  if (source.preset === 'google_ads') {
    const key = (req.body as { google_key?: unknown } | null)?.google_key;
    if (typeof key !== 'string' || key !== source.google_key) {
      throw new DomainError('unauthenticated', 401, { detail: 'invalid google_key' });
    }
  }
  const parsed = parseIntakePayload(source.preset, req.body, source.mapping);
  if (!parsed.ok) {
    throw validationError(parsed.issues.map((i) => ({ field: i.field, code: i.code, message: '' })));
  }
  return store(deps.db, source, req, parsed.leads);
}

/**
 * Meta's subscription handshake: `hub.mode=subscribe` with the source's verify token answers `hub.challenge`;
 * anything else is 403.
 */
export async function verifyMetaSubscription(
  db: Db,
  sourceId: string,
  q: { mode?: string | undefined; verifyToken?: string | undefined; challenge?: string | undefined },
): Promise<string> {
  const source = await repo.findSourceById(db, sourceId);
  if (source?.preset !== 'meta_lead_ads') throw notFound();
  const expected = source.meta_verify_token;
  if (
    q.mode !== 'subscribe' ||
    !expected ||
    !q.verifyToken ||
    q.verifyToken.length !== expected.length ||
    !timingSafeEqual(Buffer.from(q.verifyToken), Buffer.from(expected)) ||
    !q.challenge
  ) {
    throw new DomainError('forbidden', 403);
  }
  return q.challenge;
}

export type FormSource = { allowedOrigins: string[]; thankYouUrl: string | null };

/** The CORS facts of a site form (no secret): which origins may post from a browser. */
export async function findFormSource(db: Db, formKey: string): Promise<FormSource | null> {
  const source = await repo.findSourceByFormKey(db, formKey);
  return source && { allowedOrigins: source.allowed_origins, thankYouUrl: source.thank_you_url };
}

const checked = (v: unknown) =>
  v === true || v === 'on' || v === 'true' || v === 'sim' || v === '1' || v === 'yes';

/**
 * A site form post (public: the form's key in the URL). Counted per client address and minute first (429 past the
 * limit); the honeypot filled → stored as rejected (`honeypot`), answered as if accepted; the consent checkbox is
 * required (422 naming it) and the consent text and version go with the lead.
 */
export async function receiveFormPost(
  db: Db,
  formKey: string,
  req: Pick<Request, 'rawBody' | 'body' | 'contentType' | 'ip'>,
): Promise<IntakeReceipt> {
  const source = await repo.findSourceByFormKey(db, formKey);
  if (!source) throw notFound();
  const hits = await repo.countFormHit(db, source.workspace_id, source.integration_id, req.ip ?? 'unknown');
  if (hits > FORM_POSTS_PER_MINUTE) {
    throw new DomainError('too-many-attempts', 429, {
      detail: 'Muitos envios deste endereço; tente em um minuto.',
    });
  }
  const parsed = parseSiteForm(req.body);
  if (!parsed.ok) {
    throw validationError(parsed.issues.map((i) => ({ field: i.field, code: i.code, message: '' })));
  }
  const body = req.body as Record<string, unknown>;
  const honeypot = body[HONEYPOT_FIELD];
  if (typeof honeypot === 'string' && honeypot.trim() !== '') {
    return store(db, source, req, parsed.leads, { rejected: 'honeypot' });
  }
  if (!checked(body[CONSENT_FIELD])) {
    throw validationError([{ field: CONSENT_FIELD, code: 'required', message: '' }]);
  }
  return store(db, source, req, parsed.leads, {
    consent: { text: source.consent_text, version: source.consent_version },
  });
}
