import { validationError } from './errors.ts';

/** Keyset cursors: the sort value and the id of the last row of a page, opaque to clients. */
export const encodeCursor = (c: [string, string]) => Buffer.from(JSON.stringify(c)).toString('base64url');

/** The cursor a client sent back; anything else is a 422 on `query.cursor`. */
export function decodeCursor(cursor: string | undefined): [string, string] | null {
  if (!cursor) return null;
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === 'string' &&
      typeof value[1] === 'string' &&
      /^[0-9a-f-]{36}$/.test(value[1])
    ) {
      return [value[0], value[1]];
    }
  } catch {
    // fall through
  }
  throw validationError([{ field: 'query.cursor', code: 'invalid_value', message: '' }]);
}
