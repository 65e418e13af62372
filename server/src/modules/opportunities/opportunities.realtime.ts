import type { RealtimeHub } from '../realtime/realtime.hub.ts';
import { type ConversionData, canSeeOpportunity } from './opportunities.policy.ts';

/**
 * Opportunity events reach only the streams whose user may see the card: the in-memory twin of the SQL
 * policy, over the conversion data each publisher attaches as the audience. Called once at startup.
 */
export function registerOpportunityVisibility(hub: Pick<RealtimeHub, 'registerVisibility'>): void {
  hub.registerVisibility('opportunity.', (actor, audience) =>
    canSeeOpportunity(actor, audience as ConversionData),
  );
}
