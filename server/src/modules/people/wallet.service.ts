import { DEFAULT_WALLET_EXPIRY_DAYS } from '@funil/domain';
import { type Db, transaction } from '../../db/pool.ts';
import { DomainError, forbidden, notFound, validationError } from '../../lib/errors.ts';
import type { SqlParams } from '../../lib/sql.ts';
import { supervisesTeam } from '../auth/access.policy.ts';
import type { Actor } from '../auth/actor.ts';
import { appendEvent } from '../timeline/timeline.service.ts';
import { findTeam } from '../users/users.service.ts';
import { presentStatus } from './people.presenter.ts';
import * as repo from './person-status.repository.ts';
import { event, readable, recordFlag, recordOwnerLeft, writable } from './person-status.service.ts';

// Wallet rules (carteira): a person belongs to its owner's wallet, except when it expired (no activity for the
// workspace's limit) or is on active offer to a team, whose brokers pick from it — first come, first served.

/** Oferta ativa: a manager of the team (or a supervisor of all) puts a person in its pool; it leaves its owner's wallet. */
export async function offerToTeam(db: Db, actor: Actor, id: string, teamId: string) {
  if (!supervisesTeam(actor, teamId)) throw forbidden();
  return transaction(db, async (tx) => {
    const row = await repo.findStatus(tx, actor.workspaceId, id, writable(actor), true);
    if (!row) throw notFound();
    const team = await findTeam(tx, actor.workspaceId, teamId);
    if (!team) throw validationError([{ field: 'teamId', code: 'unknown_team', message: '' }]);
    await repo.updateStatus(tx, actor.workspaceId, id, {
      wallet_status: 'active_offer',
      offer_team_id: teamId,
      owner_id: null,
      wallet_changed_at: new Date(),
    });
    await recordFlag(tx, actor, id, 'offered', { team: { id: teamId, name: team.name } });
    await recordOwnerLeft(tx, actor.workspaceId, actor, id, row.owner_id);
    // Offered to a team that is not the actor's (`superviseAllTeams`), it may leave their sight: read it back
    // unrestricted, as the person-page actions do.
    const sameWorkspace = (params: SqlParams) => `p.workspace_id = ${params.add(actor.workspaceId)}`;
    return presentStatus(
      actor,
      (await repo.findStatus(tx, actor.workspaceId, id, sameWorkspace)) as repo.StatusRow,
    );
  });
}

/**
 * A broker of the team picks a person on active offer: one conditional update, so the first to ask gets it
 * and the others 409 (the person may already be out of their sight — its existence in the workspace is no
 * secret: the duplicate check tells it too).
 */
export async function pickFromOffer(db: Db, actor: Actor, id: string) {
  return transaction(db, async (tx) => {
    if (!(await repo.pickFromOffer(tx, id, actor.workspaceId, actor.userId, actor.teamIds))) {
      if (!(await repo.existsUnarchived(tx, actor.workspaceId, id))) throw notFound();
      throw new DomainError('conflict', 409, {
        detail: 'Esta pessoa não está (mais) em oferta ativa para a sua equipe.',
      });
    }
    await recordFlag(tx, actor, id, 'picked');
    await appendEvent(tx, {
      ...event(actor, id),
      kind: 'owner_changed',
      summary: { fromId: null, toId: actor.userId },
      payload: { from: null, to: { id: actor.userId, name: actor.name } },
    });
    return presentStatus(
      actor,
      (await repo.findStatus(tx, actor.workspaceId, id, readable(actor))) as repo.StatusRow,
    );
  });
}

/** The daily wallet job: inactive people leave their owner's wallet, each on its timeline (actor: the system). */
export async function expireInactiveWallets(db: Db, now = new Date()): Promise<number> {
  return transaction(db, async (tx) => {
    const expired = await repo.expireInactive(tx, now, DEFAULT_WALLET_EXPIRY_DAYS);
    for (const p of expired) {
      await appendEvent(tx, {
        workspaceId: p.workspace_id,
        subjectType: 'person',
        subjectId: p.id,
        actorId: null,
        kind: 'person_flagged',
        summary: { flag: 'wallet_expired' },
        payload: { flag: 'wallet_expired' },
      });
      await recordOwnerLeft(tx, p.workspace_id, null, p.id, p.owner_id, p.owner_name);
    }
    return expired.length;
  });
}
