import type { FastifyInstance } from 'fastify';
import { validationError } from '../lib/errors.ts';

/** The deepest a request body may nest. The deepest schema (the role matrix) needs 4; 32 leaves room. */
export const MAX_BODY_DEPTH = 32;

/**
 * True when `value` nests deeper than `limit` (objects and arrays), measured without recursion: JSON.parse reads a
 * body of any depth, but whatever walks it recursively later (JSON.stringify for the idempotency hash, zod, a
 * serializer) overflows the stack on a few thousand levels — a 500 from bad input.
 */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [item, depth] = stack.pop() as [unknown, number];
    if (item === null || typeof item !== 'object' || Buffer.isBuffer(item)) continue;
    if (depth + 1 > limit) return true;
    for (const child of Object.values(item)) stack.push([child, depth + 1]);
  }
  return false;
}

/** One check for every route, before validation: a body nested deeper than MAX_BODY_DEPTH is a 422. */
export function registerNestingLimit(app: FastifyInstance) {
  app.addHook('preValidation', async (request) => {
    if (nestsDeeperThan(request.body, MAX_BODY_DEPTH)) {
      throw validationError([{ field: '', code: 'too_deep', message: '' }]);
    }
  });
}
