import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../db/pool.ts';
import { DomainError } from '../lib/errors.ts';
import { sha256 } from '../lib/hashing.ts';

declare module 'fastify' {
  interface FastifyRequest {
    idempotencyKey?: string;
  }
}

const KEY_PATTERN = /^[\w.:-]{1,200}$/;

/**
 * `Idempotency-Key` on POST: the first response is stored and replayed on a retry with the same key;
 * a retry while the first is still running gets 409, a different body under the same key 422.
 */
export function registerIdempotency(app: FastifyInstance, db: Db) {
  app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    const key = request.headers['idempotency-key'];
    if (request.method !== 'POST' || typeof key !== 'string' || !request.actor) return;
    if (!KEY_PATTERN.test(key)) {
      throw new DomainError('validation', 422, {
        errors: [{ field: 'header.idempotency-key', code: 'invalid_value', message: '' }],
      });
    }
    const requestHash = sha256(`${request.method} ${request.url} ${JSON.stringify(request.body ?? null)}`);
    const { workspaceId, userId } = request.actor;
    const inserted = await db.query(
      `INSERT INTO idempotency_keys (workspace_id, user_id, key, request_hash) VALUES ($1, $2, $3, $4)
       ON CONFLICT (user_id, key) DO NOTHING`,
      [workspaceId, userId, key, requestHash],
    );
    if (inserted.rowCount === 1) {
      request.idempotencyKey = key;
      return;
    }
    const { rows } = await db.query(
      `SELECT request_hash, status_code, response_headers, response_body FROM idempotency_keys
       WHERE user_id = $1 AND key = $2`,
      [userId, key],
    );
    const stored = rows[0];
    if (!stored) return;
    if (stored.request_hash !== requestHash) {
      throw new DomainError('validation', 422, {
        detail: 'Idempotency-Key reused with a different request',
        errors: [{ field: 'header.idempotency-key', code: 'invalid_value', message: '' }],
      });
    }
    if (stored.status_code === null) throw new DomainError('idempotency-in-progress', 409);
    reply.headers({ ...(stored.response_headers ?? {}), 'idempotent-replayed': 'true' });
    return reply.status(stored.status_code).send(stored.response_body);
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const key = request.idempotencyKey;
    if (!key || !request.actor) return payload;
    if (reply.statusCode >= 500) {
      await db.query('DELETE FROM idempotency_keys WHERE user_id = $1 AND key = $2', [
        request.actor.userId,
        key,
      ]);
      return payload;
    }
    const headers: Record<string, string> = {};
    for (const name of ['content-type', 'etag', 'location']) {
      const value = reply.getHeader(name);
      if (typeof value === 'string') headers[name] = value;
    }
    await db.query(
      `UPDATE idempotency_keys SET status_code = $3, response_headers = $4, response_body = $5
       WHERE user_id = $1 AND key = $2`,
      [request.actor.userId, key, reply.statusCode, headers, typeof payload === 'string' ? payload : null],
    );
    return payload;
  });
}
