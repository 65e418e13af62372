import type { Person } from '@funil/domain';
import type { Db } from '../../db/pool.ts';
import { transaction } from '../../db/pool.ts';
import { DomainError, validationError } from '../../lib/errors.ts';
import type { Actor } from '../auth/actor.ts';
import { getOpportunity } from '../opportunities/opportunities.service.ts';
import { involvedPeople } from '../opportunities/sale-gate.service.ts';
import { getPerson, updatePerson } from '../people/people.service.ts';
import { appendEvent } from '../timeline/timeline.service.ts';

/**
 * Pré-cadastro: after a confirmed sale (the negotiation won, the person involved in it) the interested person
 * becomes a client once they hold what the workspace's sale requirements ask (422 `sale-requirements` lists
 * what is missing). The stage change is a `field_changed` event (people service) and the conversion a
 * `pre_registered` event naming the negotiation. The person's data is edited before, through the person form.
 */
export async function preRegisterPerson(
  db: Db,
  actor: Actor,
  personId: string,
  opportunityId: string,
): Promise<Person> {
  const person = await getPerson(db, actor, personId, 'write');
  const opportunity = await getOpportunity(db, actor, opportunityId);
  if (opportunity.status !== 'won') {
    throw new DomainError('conflict', 409, {
      detail: 'A negociação ainda não foi vendida (status "ganha").',
    });
  }
  const me = (await involvedPeople(db, actor, opportunityId)).find((p) => p.personId === personId);
  if (!me) throw validationError([{ field: 'opportunityId', code: 'not_involved', message: '' }]);
  if (me.missing.length) {
    throw new DomainError('sale-requirements', 422, {
      missing: [{ personId, name: me.name, missing: me.missing }],
      detail: `${me.name}: ${me.missing.join(', ')}`,
    });
  }
  const client =
    person.stage === 'client'
      ? person
      : await updatePerson(db, actor, personId, person.version, { stage: 'client' });
  await transaction(db, (tx) =>
    appendEvent(tx, {
      workspaceId: actor.workspaceId,
      subjectType: 'person',
      subjectId: personId,
      kind: 'pre_registered',
      actorId: actor.userId,
      summary: { opportunityId },
      payload: { opportunityId, opportunityTitle: opportunity.title },
    }),
  );
  return client;
}
