import type { SqlParams } from '../../lib/sql.ts';
import type { Actor } from '../auth/actor.ts';
import { visiblePeoplePredicate } from '../people/people.policy.ts';

// Who may do what with assets: asset types are workspace configuration (`manageAssetTypes` writes, in
// asset-types.service.ts; everyone reads);
// a person's assets follow the people policy — whoever may see a person sees its assets, whoever may edit
// the person edits them, and a person outside that answers 404.

/** The people whose assets the actor may read (admins also open an archived person's). */
export const personReadable = (actor: Actor) => (params: SqlParams) =>
  visiblePeoplePredicate(actor, params, 'read');

/** The people whose assets the actor may add, edit or end (never an archived person's). */
export const personWritable = (actor: Actor) => (params: SqlParams) => visiblePeoplePredicate(actor, params);
