import { type Db, type Queryable, transaction } from '../../db/pool.ts';
import { DomainError, notFound } from '../../lib/errors.ts';
import type { Actor } from '../auth/actor.ts';
import {
  assertSaleReady,
  eventOf,
  finishStatusChange,
  getVisibleRow,
  lockVisible,
  ref,
  touched,
} from './opportunities.common.ts';
import * as salesRepo from './proposals.repository.ts';

// Proposals registered on an opportunity; an accepted one becomes its sales order and wins it.

const presentProposal = (p: salesRepo.ProposalRow) => ({
  id: p.id,
  valueCents: p.value_cents,
  conditions: p.conditions,
  validUntil: p.valid_until,
  items: p.items,
  status: p.status,
  createdBy: ref(p.created_by, p.created_by_name),
  createdAt: p.created_at.toISOString(),
  acceptedAt: p.accepted_at?.toISOString() ?? null,
});

export async function listProposals(db: Queryable, actor: Actor, id: string) {
  await getVisibleRow(db, actor, id);
  return (await salesRepo.listProposals(db, id)).map(presentProposal);
}

export async function createProposal(
  db: Db,
  actor: Actor,
  id: string,
  input: { valueCents: number; conditions: string | null; validUntil: string | null; items: unknown[] },
) {
  return transaction(db, async (tx) => {
    const row = await lockVisible(tx, actor, id);
    if (row.status !== 'open') throw new DomainError('opportunity-closed', 409);
    const proposalId = await salesRepo.insertProposal(tx, {
      ...input,
      workspaceId: actor.workspaceId,
      opportunityId: id,
      createdBy: actor.userId,
    });
    await eventOf(
      tx,
      actor,
      id,
      'proposal_created',
      { proposalId, valueCents: input.valueCents },
      { proposalId },
    );
    await touched(tx, actor, row);
    return presentProposal((await salesRepo.listProposals(tx, id, proposalId))[0] as salesRepo.ProposalRow);
  });
}

/**
 * An accepted proposal becomes a sales order and wins the opportunity — only when every involved person
 * has the data the workspace requires.
 */
export async function acceptProposal(db: Db, actor: Actor, id: string, proposalId: string) {
  return transaction(db, async (tx) => {
    const row = await lockVisible(tx, actor, id);
    const proposal = (await salesRepo.listProposals(tx, id, proposalId))[0];
    if (!proposal) throw notFound();
    if (row.status !== 'open' || proposal.status !== 'open') throw new DomainError('opportunity-closed', 409);
    await assertSaleReady(tx, actor, id);
    const order = await salesRepo.acceptProposal(tx, {
      workspaceId: actor.workspaceId,
      opportunityId: id,
      proposalId,
      createdBy: actor.userId,
    });
    await eventOf(
      tx,
      actor,
      id,
      'sale_created',
      { salesOrder: order, proposalId, valueCents: proposal.value_cents },
      { salesOrderId: order.id, proposalId },
    );
    return finishStatusChange(tx, actor, row, 'won', null, null);
  });
}
