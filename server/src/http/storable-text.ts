import type { FastifyInstance } from 'fastify';
import { DomainError, validationError } from '../lib/errors.ts';

// With the `u` flag a surrogate pair is one code point, so the range matches only lone surrogates.
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is exactly what this looks for.
const UNSTORABLE = /[\u0000\uD800-\uDFFF]/u;

/**
 * PostgreSQL cannot store NUL (U+0000) in text, and a lone UTF-16 surrogate has no UTF-8 form: either reaching a
 * query fails there (a 500). So every string a request carries is checked once, before any route sees it.
 */
export function isStorableText(value: string): boolean {
  return !UNSTORABLE.test(value);
}

/** The dotted path of the first string (value or key) in `value` that Postgres could not store, or null. */
export function findUnstorableText(value: unknown): string | null {
  const stack: { value: unknown; path: string }[] = [{ value, path: '' }];
  const join = (path: string, key: string) => (path ? `${path}.${key}` : key);
  while (stack.length) {
    const item = stack.pop() as { value: unknown; path: string };
    if (typeof item.value === 'string') {
      if (!isStorableText(item.value)) return item.path;
    } else if (Array.isArray(item.value)) {
      item.value.forEach((child, index) => {
        stack.push({ value: child, path: join(item.path, String(index)) });
      });
    } else if (item.value && typeof item.value === 'object' && !Buffer.isBuffer(item.value)) {
      for (const [key, child] of Object.entries(item.value)) {
        // A key is named by itself, made safe to print: the client sees which field it sent wrong.
        if (!isStorableText(key)) return join(item.path, key.replace(new RegExp(UNSTORABLE, 'gu'), '\uFFFD'));
        stack.push({ value: child, path: join(item.path, key) });
      }
    }
  }
  return null;
}

/** Refuses a string Postgres cannot store with the validation problem (422) naming `field`. */
export function assertStorableText(value: string, field: string) {
  if (!isStorableText(value)) throw validationError([{ field, code: 'invalid_character', message: '' }]);
}

/**
 * One check for every route (preValidation: the body, query string, path and headers are parsed, nothing has run):
 * a string Postgres cannot store is a 422 naming the field. In the path it names no record, so 404 as for any
 * malformed id. Multipart parts are read by their handlers, which check them with `assertStorableText`.
 */
export function registerStorableTextCheck(app: FastifyInstance) {
  app.addHook('preValidation', async (request) => {
    if (findUnstorableText(request.params) !== null) throw new DomainError('not-found', 404);
    const scopes: [string, unknown][] = [
      ['', request.body],
      ['query', request.query],
      ['header', request.headers],
    ];
    for (const [scope, value] of scopes) {
      const path = findUnstorableText(value);
      if (path === null) continue;
      const field = scope ? `${scope}${path ? `.${path}` : ''}` : path;
      throw validationError([{ field, code: 'invalid_character', message: '' }]);
    }
  });
}
