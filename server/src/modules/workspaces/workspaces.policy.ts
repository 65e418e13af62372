import { forbidden } from '../../lib/errors.ts';
import type { Actor } from '../auth/actor.ts';

/** Only admins change the workspace's settings (matrices, wallet days, SMTP, templates). */
export function assertCanConfigureWorkspace(actor: Actor): void {
  if (actor.role !== 'admin') throw forbidden();
}
