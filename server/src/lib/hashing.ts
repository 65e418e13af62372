import { createHash, randomBytes } from 'node:crypto';

export const sha256 = (value: string | Buffer) => createHash('sha256').update(value).digest('hex');

/** A random URL-safe token (session ids, salts). */
export const randomToken = (bytes = 32) => randomBytes(bytes).toString('base64url');
