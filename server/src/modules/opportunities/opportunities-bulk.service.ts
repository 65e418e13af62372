import type { z } from 'zod';
import type { Db } from '../../db/pool.ts';
import { DomainError } from '../../lib/errors.ts';
import type { Actor } from '../auth/actor.ts';
import type { ZBulkRequest, ZBulkResult } from './opportunities.schema.ts';
import { changeStatus, getOpportunity, moveOpportunity, updateOpportunity } from './opportunities.service.ts';

export type BulkRequest = z.infer<typeof ZBulkRequest>;
export type BulkResult = z.infer<typeof ZBulkResult>;

/**
 * One action over many cards (board selection or "all results"), each applied as its own use case and
 * transaction: a card the actor may not change, or that refuses (closed, stage requirements), is reported
 * with its error code while the others still change.
 */
export async function applyBulkAction(db: Db, actor: Actor, body: BulkRequest): Promise<BulkResult> {
  const done: string[] = [];
  const failed: BulkResult['failed'] = [];
  for (const id of new Set(body.ids)) {
    try {
      if (body.action === 'move') await moveOpportunity(db, actor, id, { stageId: body.stageId });
      else if (body.action === 'lose') {
        await changeStatus(db, actor, id, {
          status: 'lost',
          reasonId: body.reasonId,
          note: body.note ?? null,
        });
      } else {
        const current = await getOpportunity(db, actor, id);
        await updateOpportunity(db, actor, id, current.version, { ownerId: body.ownerId });
      }
      done.push(id);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      failed.push({
        id,
        code: error.code,
        detail: error.extra.detail ?? error.extra.errors?.[0]?.code ?? null,
      });
    }
  }
  return { done, failed };
}
