import { type Db, type Queryable, transaction } from '../../db/pool.ts';
import { DomainError, notFound } from '../../lib/errors.ts';
import type { Actor } from '../auth/actor.ts';
import { presentProposal } from './opportunities.presenter.ts';
import { getVisibleRow, lockVisible } from './opportunity-access.service.ts';
import { eventOf, finishStatusChange, touched } from './opportunity-changes.service.ts';
import * as salesRepo from './proposals.repository.ts';
import { assertSaleReady } from './sale-gate.service.ts';

// Proposals registered on an opportunity; an accepted one becomes its sales order and wins it.

/** The proposals of a card the actor may see, newest first. */
export async function listProposals(db: Queryable, actor: Actor, id: string) {
  await getVisibleRow(db, actor, id);
  return (await salesRepo.listProposals(db, actor.workspaceId, id)).map(presentProposal);
}

/** Registers a proposal on an open card (its version bumps so open boards reload it). */
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
    return presentProposal(
      (await salesRepo.listProposals(tx, actor.workspaceId, id, proposalId))[0] as salesRepo.ProposalRow,
    );
  });
}

/**
 * An accepted proposal becomes a sales order and wins the opportunity — only when every involved person
 * has the data the workspace requires.
 */
export async function acceptProposal(db: Db, actor: Actor, id: string, proposalId: string) {
  return transaction(db, async (tx) => {
    const row = await lockVisible(tx, actor, id);
    const proposal = (await salesRepo.listProposals(tx, actor.workspaceId, id, proposalId))[0];
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
