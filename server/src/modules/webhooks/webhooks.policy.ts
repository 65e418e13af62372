import { assertCan } from '../auth/access.policy.ts';
import type { Actor } from '../auth/actor.ts';

/** Webhooks send the workspace's data outside: only who manages integrations sees or changes them. */
export const assertMayManageWebhooks = (actor: Actor) => assertCan(actor, 'manageIntegrations');
