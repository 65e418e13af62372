import { forbidden } from '../../lib/errors.ts';
import type { Actor } from '../auth/actor.ts';

/** Only administrators create, list and revoke the workspace's API tokens. */
export function assertCanManageApiTokens(actor: Actor): void {
  if (actor.role !== 'admin') throw forbidden();
}
