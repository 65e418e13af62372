import { createHash, randomBytes } from 'node:crypto';

export const sha256 = (value: string | Buffer) => createHash('sha256').update(value).digest('hex');

/** A random URL-safe token (session ids, salts). */
export const randomToken = (bytes = 32) => randomBytes(bytes).toString('base64url');

/** A UUID (version 5 layout) derived from a name: the same name, the same id (a pg-boss job queued twice adds one). */
export function nameUuid(name: string): string {
  const h = sha256(name);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
