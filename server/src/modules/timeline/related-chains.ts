import type { SqlParams } from '../../lib/sql.ts';
import type { Actor } from '../auth/actor.ts';

/**
 * SQL (a SELECT of one uuid column) listing the opportunities whose events also show on a person's timeline for
 * this actor: the ones the person is involved in and the actor may see.
 */
export type OpportunitiesOfPerson = (actor: Actor, personId: string, params: SqlParams) => string;

// Set once at startup by the composition root (http/app.ts) from the opportunities module, so a person's timeline
// can show its opportunities without people (lower) importing opportunities (higher).
let opportunitiesOfPerson: OpportunitiesOfPerson | null = null;

/** Publishes which opportunities' chains join a person's timeline (the opportunities policy decides). */
export function registerOpportunitiesOfPerson(source: OpportunitiesOfPerson): void {
  opportunitiesOfPerson = source;
}

/**
 * The chains related to a person's timeline for this actor, as `listTimeline` takes them; none until the
 * opportunities module registered (the timeline then shows only the person's own events).
 */
export function relatedChainsOfPerson(actor: Actor, personId: string) {
  const source = opportunitiesOfPerson;
  return source ? (params: SqlParams) => source(actor, personId, params) : undefined;
}
