import { canonicalJson } from '../../lib/canonical-json.ts';
import { sha256 } from '../../lib/hashing.ts';

/** The hash of the (absent) event before the first one of a chain. */
export const GENESIS_HASH = '0'.repeat(64);

export type ChainedFields = {
  workspaceId: string;
  subjectType: string;
  subjectId: string;
  seq: number;
  kind: string;
  actorId: string | null;
  occurredAt: Date;
  summary: unknown;
  payloadDigest: string;
};

/** Digest of a payload as the chain sees it; the salt keeps guessable values (a CPF) from being confirmed. */
export const payloadDigest = (salt: string, payload: unknown) => sha256(`${salt}:${canonicalJson(payload)}`);

/** hash = sha256(prev_hash ‖ canonical event fields). Changing any field or any earlier event breaks it. */
export function eventHash(prevHash: string, e: ChainedFields): string {
  return sha256(
    `${prevHash}:${canonicalJson([
      e.workspaceId,
      e.subjectType,
      e.subjectId,
      e.seq,
      e.kind,
      e.actorId,
      e.occurredAt.toISOString(),
      e.summary,
      e.payloadDigest,
    ])}`,
  );
}
