import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../db/pool.ts';
import { DomainError } from '../lib/errors.ts';
import { sha256 } from '../lib/hashing.ts';
import { claimKey, findStored, releaseKey, storeResponse } from './idempotency.repository.ts';

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
    if (await claimKey(db, { workspaceId, userId, key, requestHash })) {
      request.idempotencyKey = key;
      return;
    }
    const stored = await findStored(db, workspaceId, userId, key);
    if (!stored) return;
    if (stored.requestHash !== requestHash) {
      throw new DomainError('validation', 422, {
        detail: 'Idempotency-Key reused with a different request',
        errors: [{ field: 'header.idempotency-key', code: 'invalid_value', message: '' }],
      });
    }
    if (stored.statusCode === null) throw new DomainError('idempotency-in-progress', 409);
    reply.headers({ ...(stored.headers ?? {}), 'idempotent-replayed': 'true' });
    return reply.status(stored.statusCode).send(stored.body);
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const key = request.idempotencyKey;
    if (!key || !request.actor) return payload;
    if (reply.statusCode >= 500) {
      // A database that is down cannot free the key either: the 5xx still goes out as it is.
      await releaseKey(db, request.actor.workspaceId, request.actor.userId, key).catch((error) =>
        request.log.warn({ err: error }, 'idempotency key not released'),
      );
      return payload;
    }
    const headers: Record<string, string> = {};
    for (const name of ['content-type', 'etag', 'location']) {
      const value = reply.getHeader(name);
      if (typeof value === 'string') headers[name] = value;
    }
    const { workspaceId, userId } = request.actor;
    // The work is done (committed): a database gone in between loses the stored copy, not the answer.
    await storeResponse(
      db,
      { workspaceId, userId, key },
      { statusCode: reply.statusCode, headers, body: typeof payload === 'string' ? payload : null },
    ).catch((error) => request.log.warn({ err: error }, 'idempotent response not stored'));
    return payload;
  });
}
