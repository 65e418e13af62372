import { assertCan } from '../auth/access.policy.ts';
import type { Actor } from '../auth/actor.ts';

/**
 * Mass sends reach many people at once and speak for the workspace: only roles with `sendCampaigns` see, create, run
 * or stop them, and set the WhatsApp number. Recipients are still limited to the people the actor may see.
 */
export const assertMayRunCampaigns = (actor: Actor) => assertCan(actor, 'sendCampaigns');
