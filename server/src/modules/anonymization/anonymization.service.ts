import type { Anonymization } from '@funil/domain';
import type { Db, Queryable } from '../../db/pool.ts';
import { transaction } from '../../db/pool.ts';
import { DomainError, notFound } from '../../lib/errors.ts';
import type { FileStore } from '../../lib/file-store.ts';
import type { SqlParams } from '../../lib/sql.ts';
import { assertCan, can } from '../auth/access.policy.ts';
import type { Actor } from '../auth/actor.ts';
import { visiblePeoplePredicate } from '../people/people.policy.ts';
import { getPerson } from '../people/people.service.ts';
import { answerWithAnonymization } from '../privacy-requests/privacy-requests.service.ts';
import { suppressIdentifiers } from '../suppression/suppression.service.ts';
import { appendEvent, erasePayloadsMentioning, eraseSubjectsPayloads } from '../timeline/timeline.service.ts';
import * as repo from './anonymization.repository.ts';
import { exportMentions } from './export-scan.ts';

/** Who anonymizes: a user with `managePrivacy`, or the system (a retention run) in a workspace. */
export type Anonymizer = { actor: Actor } | { system: { workspaceId: string; retentionRunId: string } };

export type AnonymizeOptions = { reason: string; requestId?: string | null };

const present = (r: repo.AnonymizationRow): Anonymization => ({
  id: r.id,
  personId: r.person_id,
  by: r.actor_id ? { id: r.actor_id, name: r.actor_name ?? '' } : null,
  reason: r.reason,
  requestId: r.request_id,
  retentionRunId: r.retention_run_id,
  removed: r.removed,
  createdAt: r.created_at.toISOString(),
});

const workspaceOf = (by: Anonymizer) => ('actor' in by ? by.actor.workspaceId : by.system.workspaceId);

/**
 * Anonymizes one person (LGPD art. 18): in one transaction, removes their identity from every table and erasable
 * payload, puts their document, e-mails and phones on the suppression list, withdraws export files that may list
 * them, appends `person_anonymized` and records what was removed; the files' bytes go after the commit.
 * Statistics stay (opportunities with values, stages, dates, owners; activities' dates and status). Irreversible:
 * a second call answers 409 `already-anonymized`.
 */
export async function anonymizePerson(
  db: Db,
  files: FileStore,
  by: Anonymizer,
  personId: string,
  options: AnonymizeOptions,
): Promise<Anonymization> {
  if ('actor' in by) assertCan(by.actor, 'managePrivacy');
  const workspaceId = workspaceOf(by);
  const { anonymization, fileKeys, exportKeys } = await transaction(db, async (tx) => {
    const visible =
      'actor' in by ? (params: SqlParams) => visiblePeoplePredicate(by.actor, params, 'read') : null;
    const found = await repo.lockIdentity(tx, workspaceId, personId, visible);
    if (!found) throw notFound();
    if (found.person.anonymizedAt) throw new DomainError('already-anonymized', 409);
    const people = [found.person, ...found.merged];
    const ids = people.map((p) => p.id);
    const names = people.flatMap((p) => [p.name, p.tradeName ?? '']).filter((n) => n.length >= 3);
    const documents = people.flatMap((p) => (p.document ? [p.document] : []));
    const emails = people.flatMap((p) => p.emails);
    const phones = people.flatMap((p) => p.phones);
    let suppressed = 0;
    for (const p of people) {
      suppressed += await suppressIdentifiers(tx, workspaceId, {
        document: p.document,
        emails: p.emails,
        phones: p.phones,
      });
    }
    const needles = [...names, ...documents, ...emails, ...phones, ...ids];
    const opportunities = await repo.opportunitiesOf(tx, workspaceId, ids);
    const partners = await repo.mergePartnersOf(tx, workspaceId, ids);
    const { removed, fileKeys } = await repo.scrubPeople(tx, workspaceId, ids, names);
    removed.timelinePayloads =
      (await eraseSubjectsPayloads(tx, workspaceId, 'person', ids)) +
      (await erasePayloadsMentioning(tx, workspaceId, 'opportunity', opportunities, needles)) +
      (await erasePayloadsMentioning(tx, workspaceId, 'person', partners, needles));
    // Export files made since the person existed that list them are withdrawn (read, not guessed: a file that
    // cannot be read counts as listing them). Exports queued or running read the anonymized rows.
    const oldest = new Date(Math.min(...people.map((p) => p.createdAt.getTime())));
    const mentioning: string[] = [];
    await repo.lockExportFinishing(tx, workspaceId);
    for (const e of await repo.liveExportsSince(tx, workspaceId, oldest)) {
      const values = { names, documents, emails, phones };
      if (await exportMentions(files.section('exports'), e.file_key, e.format, values)) mentioning.push(e.id);
    }
    const exportKeys = await repo.withdrawExports(tx, workspaceId, mentioning);
    removed.exportsWithdrawn = mentioning.length;
    removed.suppressionEntries = suppressed;
    removed.mergedRecords = found.merged.length;
    const actorId = 'actor' in by ? by.actor.userId : null;
    const retentionRunId = 'system' in by ? by.system.retentionRunId : null;
    const record = await repo.insertAnonymization(tx, {
      workspaceId,
      personId,
      actorId,
      reason: options.reason,
      requestId: options.requestId ?? null,
      retentionRunId,
      removed,
    });
    // A data-subject request this carries out is answered in the same transaction (and refuses a mismatch).
    if (options.requestId && 'actor' in by) {
      await answerWithAnonymization(
        tx,
        by.actor,
        options.requestId,
        personId,
        `Titular anonimizado em ${new Date().toLocaleDateString('pt-BR', { timeZone: 'America/Sao_Paulo' })}: ${options.reason}`,
      );
    }
    await appendEvent(tx, {
      workspaceId,
      subjectType: 'person',
      subjectId: personId,
      kind: 'person_anonymized',
      actorId,
      summary: {
        anonymizationId: record.id,
        ...(options.requestId ? { requestId: options.requestId } : {}),
        ...(retentionRunId ? { retentionRunId } : {}),
      },
      payload: {},
    });
    return {
      anonymization: {
        id: record.id,
        personId,
        by: 'actor' in by ? { id: by.actor.userId, name: by.actor.name } : null,
        reason: options.reason,
        requestId: options.requestId ?? null,
        retentionRunId,
        removed,
        createdAt: record.createdAt.toISOString(),
      } satisfies Anonymization,
      fileKeys,
      exportKeys,
    };
  });
  // After the commit: a rolled-back anonymization must not have lost the files.
  for (const key of fileKeys) await files.remove(key);
  const exportFiles = files.section('exports');
  for (const key of exportKeys) await exportFiles.remove(key);
  return anonymization;
}

/**
 * The anonymization of a person (null: not anonymized), for whoever may open the person's page (people policy, 404
 * otherwise) or holds `managePrivacy`: the page says "Titular anonimizado em …". The record holds no personal data.
 */
export async function anonymizationOf(db: Db, actor: Actor, personId: string): Promise<Anonymization | null> {
  if (!can(actor, 'managePrivacy')) await getPerson(db, actor, personId);
  const row = await repo.findAnonymizationOf(db, actor.workspaceId, personId);
  return row ? present(row) : null;
}

/** The workspace's anonymizations, newest first (who, when, why, counts); needs `managePrivacy`. */
export async function listAnonymizations(
  db: Db,
  actor: Actor,
  page: { limit: number; offset: number },
): Promise<{ items: Anonymization[]; total: number }> {
  assertCan(actor, 'managePrivacy');
  const { rows, total } = await repo.listAnonymizations(db, actor.workspaceId, page.limit, page.offset);
  return { items: rows.map(present), total };
}

/**
 * Exports in progress (`runExport`): the generation an export starts from, read under the lock anonymizations take
 * (an anonymization committing meanwhile is waited for: the export then reads anonymized rows).
 */
export const anonymizationGeneration = (db: Db, workspaceId: string): Promise<number> =>
  transaction(db, async (tx) => {
    await repo.lockExportFinishing(tx, workspaceId);
    return repo.countAnonymizations(tx, workspaceId);
  });

/**
 * Runs `finish` (an export marking itself done) unless someone was anonymized since `generation`, under the same
 * lock: answers false when the export must be written again (it may list the person).
 */
export const finishUnlessAnonymized = (
  db: Db,
  workspaceId: string,
  generation: number,
  finish: (tx: Queryable) => Promise<void>,
): Promise<boolean> =>
  transaction(db, async (tx) => {
    await repo.lockExportFinishing(tx, workspaceId);
    if ((await repo.countAnonymizations(tx, workspaceId)) !== generation) return false;
    await finish(tx);
    return true;
  });
