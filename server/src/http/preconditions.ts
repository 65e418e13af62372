import { z } from 'zod';
import { DomainError } from '../lib/errors.ts';

/**
 * The version an edit is based on: `If-Match: "3"` (or W/"3"), else `version` in the body.
 * Without either the edit could silently overwrite someone else's, so it is refused with 428.
 */
export function expectedVersion(ifMatch: string | undefined, bodyVersion?: number | undefined): number {
  if (ifMatch) {
    const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(ifMatch.trim());
    if (!match)
      throw new DomainError('version-mismatch', 412, { detail: 'If-Match does not name a version' });
    return Number(match[1]);
  }
  if (bodyVersion !== undefined) return bodyVersion;
  throw new DomainError('precondition-required', 428);
}

/** The `ETag` of a record at `version`; clients send it back as `If-Match`. */
export const etag = (version: number) => `"${version}"`;

/**
 * Route `headers` schema of an edit that needs `If-Match` (documents it in OpenAPI). Optional here so a
 * missing header answers 428 (from `expectedVersion`), not 422; loose so the other headers stay.
 */
export const ZIfMatchHeaders = z.looseObject({
  'if-match': z
    .string()
    .optional()
    .describe('ETag da versão lida (`"3"` ou `W/"3"`); sem ele 428, desatualizado 412'),
});

/** Route `headers` schema of a change that takes `If-Match` optionally: a stale one is 412, none is fine. */
export const ZOptionalIfMatchHeaders = z.looseObject({
  'if-match': z
    .string()
    .optional()
    .describe('ETag da versão lida (`"3"` ou `W/"3"`), opcional; desatualizado 412'),
});
