import type { SqlParams } from '../../lib/sql.ts';
import type { Actor } from '../auth/actor.ts';
import { visibleOpportunitiesPredicate } from '../opportunities/opportunities.policy.ts';
import { visiblePeoplePredicate } from '../people/people.policy.ts';

/**
 * Who sees a generated document (over `people p` and `opportunities o`): it is the person's, and it prints the
 * opportunity's proposal, so the reader must see both — the people rule and the opportunities rule, unchanged.
 */
export function visibleDocumentsPredicate(actor: Actor, params: SqlParams): string {
  return `${visiblePeoplePredicate(actor, params, 'read')} AND ${visibleOpportunitiesPredicate(actor, params)}`;
}
