import { timingSafeEqual } from 'node:crypto';
import { isOptOutReply, normalizePhone } from '@funil/domain';
import { type Db, transaction } from '../../db/pool.ts';
import {
  parseWhatsAppWebhook,
  validHubSignature,
  type WhatsAppEvent,
} from '../../integrations/whatsapp/whatsapp-provider.ts';
import { DomainError } from '../../lib/errors.ts';
import type { SecretBox } from '../../lib/secret-box.ts';
import { denyListByRequest } from '../people/person-status.service.ts';
import * as repo from './campaigns.repository.ts';

// What comes back from the people a campaign reached: WhatsApp statuses and replies (the Cloud API webhook, public
// and signed) and the e-mail unsubscribe link (public, signed with the server key).

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Meta's subscription handshake: `hub.mode=subscribe` with a known verify token answers the challenge. */
export async function whatsAppHandshake(
  db: Db,
  q: { mode?: string | undefined; verifyToken?: string | undefined; challenge?: string | undefined },
): Promise<string> {
  if (q.mode !== 'subscribe' || !q.verifyToken || !(await repo.verifyTokenExists(db, q.verifyToken))) {
    throw new DomainError('forbidden', 403, { detail: 'unknown verify token' });
  }
  return q.challenge ?? '';
}

/**
 * A Cloud API webhook: finds the workspace by the number's id, checks X-Hub-Signature-256 with its app secret, then
 * applies each status (forward only: late and out-of-order reports never move a recipient back) and each inbound text
 * (opens the 24-hour window; an opt-out word puts every person with that phone on the deny list). Answers counts.
 */
export async function receiveWhatsAppWebhook(
  deps: { db: Db; secrets: SecretBox },
  rawBody: string,
  signature: string | undefined,
  body: unknown,
): Promise<{ statuses: number; messages: number; optOuts: number }> {
  const events = parseWhatsAppWebhook(body);
  const byNumber = new Map<string, WhatsAppEvent[]>();
  for (const e of events) byNumber.set(e.phoneNumberId, [...(byNumber.get(e.phoneNumberId) ?? []), e]);
  if (byNumber.size === 0) {
    // Nothing we read (another field, a test ping): still refuse an unsigned body.
    if (!signature) throw new DomainError('unauthenticated', 401, { detail: 'missing X-Hub-Signature-256' });
    return { statuses: 0, messages: 0, optOuts: 0 };
  }
  const result = { statuses: 0, messages: 0, optOuts: 0 };
  for (const [phoneNumberId, list] of byNumber) {
    const account = await repo.findWhatsAppAccountByNumber(deps.db, phoneNumberId);
    if (!account || !validHubSignature(rawBody, signature, deps.secrets.open(account.app_secret_sealed))) {
      throw new DomainError('unauthenticated', 401, { detail: 'invalid X-Hub-Signature-256' });
    }
    const workspaceId = account.workspace_id;
    for (const e of list) {
      if (e.kind === 'status') {
        const report = {
          status: e.status,
          at: e.at,
          error: e.error,
          messageId: e.messageId,
        } as const;
        // The recipient id we sent as biz_opaque_callback_data finds it even before its message id was recorded.
        const match =
          e.callbackData && UUID.test(e.callbackData)
            ? { recipientId: e.callbackData }
            : { messageId: e.messageId };
        if (await repo.reportStatus(deps.db, workspaceId, match, report)) result.statuses++;
        continue;
      }
      result.messages++;
      const phone = normalizePhone(`+${e.from}`);
      if (!phone) continue;
      await repo.touchWhatsAppContact(deps.db, workspaceId, phone, e.at);
      if (!isOptOutReply(e.text)) continue;
      await transaction(deps.db, async (tx) => {
        for (const personId of await repo.peopleWithPhone(tx, workspaceId, phone)) {
          if (
            await denyListByRequest(tx, workspaceId, personId, 'whatsapp_reply', {
              text: e.text.slice(0, 200),
            })
          ) {
            result.optOuts++;
          }
        }
      });
    }
  }
  return result;
}

/**
 * The e-mail unsubscribe link (and RFC 8058 one-click POST): a valid signature puts the recipient's person on the
 * deny list; answers whether the link was valid. Idempotent: a second click changes nothing.
 */
export async function unsubscribe(deps: { db: Db; secrets: SecretBox }, token: string): Promise<boolean> {
  const [id, mac] = token.split('.');
  if (!id || !mac || !UUID.test(id)) return false;
  const expected = Buffer.from(deps.secrets.mac('unsubscribe', id));
  const given = Buffer.from(mac);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return false;
  const r = await repo.findRecipientForUnsubscribe(deps.db, id);
  if (!r) return false;
  await transaction(deps.db, (tx) =>
    denyListByRequest(tx, r.workspace_id, r.person_id, 'email_unsubscribe', { campaignId: r.campaign_id }),
  );
  return true;
}
