import type { RetentionKind, RetentionRule, RetentionRun } from '@funil/domain';
import type { Db } from '../../db/pool.ts';
import { DomainError, notFound } from '../../lib/errors.ts';
import type { FileStore } from '../../lib/file-store.ts';
import type { SqlParams } from '../../lib/sql.ts';
import { assertCan } from '../auth/access.policy.ts';
import type { Actor } from '../auth/actor.ts';
import { visiblePeoplePredicate } from '../people/people.policy.ts';
import { anonymizePerson } from './anonymization.service.ts';
import * as repo from './retention.repository.ts';

/** The most people one preview holds (a run anonymizes at most these; preview again for the rest). */
export const PREVIEW_LIMIT = 5000;

const iso = (d: Date | null) => d?.toISOString() ?? null;

const presentRule = (r: repo.RuleRow): RetentionRule => ({
  id: r.id,
  kind: r.kind,
  months: r.months,
  active: r.active,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

const presentRun = (r: repo.RunRow): RetentionRun => ({
  id: r.id,
  ruleId: r.rule_id,
  kind: r.kind,
  months: r.months,
  status: r.status,
  previewCount: r.preview_count,
  doneCount: r.done_count,
  anonymizedCount: r.anonymized_count,
  noLongerMatching: r.no_longer_matching,
  failure: r.failure,
  previewedBy: r.previewed_by_name,
  previewedAt: r.previewed_at.toISOString(),
  startedBy: r.started_by_name,
  queuedAt: iso(r.queued_at),
  startedAt: iso(r.started_at),
  finishedAt: iso(r.finished_at),
});

/** The workspace's retention rules; needs `managePrivacy`. */
export async function listRetentionRules(db: Db, actor: Actor): Promise<RetentionRule[]> {
  assertCan(actor, 'managePrivacy');
  return (await repo.listRules(db, actor.workspaceId)).map(presentRule);
}

/** Adds a rule (kind + months + active); needs `managePrivacy`. */
export async function createRetentionRule(
  db: Db,
  actor: Actor,
  input: { kind: RetentionKind; months: number; active: boolean },
): Promise<RetentionRule> {
  assertCan(actor, 'managePrivacy');
  return presentRule(await repo.insertRule(db, actor.workspaceId, { ...input, createdBy: actor.userId }));
}

/** Changes a rule's months or switches it on/off; needs `managePrivacy`. */
export async function updateRetentionRule(
  db: Db,
  actor: Actor,
  id: string,
  input: { months?: number | undefined; active?: boolean | undefined },
): Promise<RetentionRule> {
  assertCan(actor, 'managePrivacy');
  const row = await repo.updateRule(db, actor.workspaceId, id, input);
  if (!row) throw notFound();
  return presentRule(row);
}

/**
 * Pré-visualizar: stores exactly which people a run of the rule would anonymize now (a snapshot of ids with its
 * time; at most PREVIEW_LIMIT) and answers it; "Executar" runs on that snapshot. Needs `managePrivacy`.
 */
export async function previewRetention(db: Db, actor: Actor, ruleId: string): Promise<RetentionRun> {
  assertCan(actor, 'managePrivacy');
  const rule = await repo.findRule(db, actor.workspaceId, ruleId);
  if (!rule) throw notFound();
  const ids = await repo.matchingIds(db, actor.workspaceId, rule.kind, rule.months, PREVIEW_LIMIT);
  const id = await repo.insertPreview(db, actor.workspaceId, {
    ruleId,
    kind: rule.kind,
    months: rule.months,
    ids,
    by: actor.userId,
  });
  return presentRun((await repo.findRun(db, actor.workspaceId, id)) as repo.RunRow);
}

/** A preview or run with one page of its people (names only where the people policy shows them). */
export async function getRetentionRun(
  db: Db,
  actor: Actor,
  id: string,
  page: { limit: number; offset: number },
) {
  assertCan(actor, 'managePrivacy');
  const run = await repo.findRun(db, actor.workspaceId, id);
  if (!run) throw notFound();
  const ids = run.person_ids.slice(page.offset, page.offset + page.limit);
  const people = await repo.previewPeople(db, actor.workspaceId, ids, (params: SqlParams) =>
    visiblePeoplePredicate(actor, params, 'read'),
  );
  return {
    run: presentRun(run),
    people: people.map((p) => ({
      id: p.id,
      name: p.name,
      lastActivityAt: p.last_activity_at.toISOString(),
      archivedAt: iso(p.archived_at),
      anonymizedAt: iso(p.anonymized_at),
    })),
  };
}

/** The latest previews and runs, newest first; needs `managePrivacy`. */
export async function listRetentionRuns(db: Db, actor: Actor): Promise<RetentionRun[]> {
  assertCan(actor, 'managePrivacy');
  return (await repo.listRuns(db, actor.workspaceId, 50)).map(presentRun);
}

/** Executar: queues a previewed run (409 once queued or run); the retention job runs it. Needs `managePrivacy`. */
export async function startRetentionRun(db: Db, actor: Actor, id: string): Promise<RetentionRun> {
  assertCan(actor, 'managePrivacy');
  const run = await repo.findRun(db, actor.workspaceId, id);
  if (!run) throw notFound();
  if (!(await repo.queueRun(db, actor.workspaceId, id, actor.userId))) {
    throw new DomainError('conflict', 409, { detail: 'run_already_started' });
  }
  return presentRun((await repo.findRun(db, actor.workspaceId, id)) as repo.RunRow);
}

const BATCH = 20;

/**
 * The retention job (periodic, under its advisory lock): runs queued runs one at a time, on exactly their
 * previewed ids — each still matching the rule is anonymized (one transaction each, reason "Regra de retenção"),
 * the others are recorded as no longer matching. Progress is kept on the run, so an interrupted run continues.
 * Answers how many people it anonymized.
 */
export async function runQueuedRetention(db: Db, files: FileStore): Promise<number> {
  let total = 0;
  for (;;) {
    const claimed = await repo.claimRun(db);
    if (!claimed) return total;
    const run = (await repo.findRun(db, claimed.workspace_id, claimed.id)) as repo.RunRow;
    try {
      for (let i = run.done_count; i < run.person_ids.length; i += BATCH) {
        const ids = run.person_ids.slice(i, i + BATCH);
        const matching = await repo.stillMatching(db, claimed.workspace_id, run.kind, run.months, ids);
        for (const personId of ids) {
          // Progress per person: an interrupted run continues after the last one recorded.
          if (matching.has(personId)) {
            await anonymizePerson(
              db,
              files,
              { system: { workspaceId: claimed.workspace_id, retentionRunId: run.id } },
              personId,
              { reason: `Regra de retenção (${run.kind}, ${run.months} meses)` },
            );
            total++;
          }
          await repo.recordProgress(db, claimed.workspace_id, run.id, {
            done: 1,
            anonymized: matching.has(personId) ? 1 : 0,
            noLonger: matching.has(personId) ? [] : [personId],
          });
        }
      }
      await repo.finishRun(db, claimed.workspace_id, run.id, 'done', null);
    } catch (error) {
      await repo.finishRun(db, claimed.workspace_id, run.id, 'failed', String(error).slice(0, 300));
    }
  }
}
