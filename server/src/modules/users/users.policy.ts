import { forbidden } from '../../lib/errors.ts';
import type { Actor } from '../auth/actor.ts';

/** Only admins create, edit or deactivate users, teams and branches. */
export function assertCanAdminister(actor: Actor): void {
  if (actor.role !== 'admin') throw forbidden();
}
