import type {
  ConsentPurpose,
  ConsentPurposeText,
  ConsentRecord,
  ConsentSource,
  ConsentState,
  CreateConsentPurposeRequest,
  LegalBasis,
  PersonConsents,
  RecordConsentRequest,
  RevokeConsentRequest,
  UpdateConsentPurposeRequest,
} from '@funil/domain';
import {
  ZCreateConsentPurposeRequest,
  ZRecordConsentRequest,
  ZRevokeConsentRequest,
  ZUpdateConsentPurposeRequest,
} from '@funil/domain';
import { type Db, type Queryable, transaction } from '../../db/pool.ts';
import { DomainError, notFound, validationError } from '../../lib/errors.ts';
import { assertCan } from '../auth/access.policy.ts';
import type { Actor } from '../auth/actor.ts';
import { getPerson } from '../people/people.service.ts';
import { appendEvent } from '../timeline/timeline.service.ts';
import * as repo from './consents.repository.ts';

// LGPD legal bases and consent (issue 14): purposes ("finalidades") are workspace settings managed with
// `managePrivacy`; the consent log is append-only (DB triggers) and a person's state per purpose is its latest
// record. Reading and writing a person's consents follow the people visibility policy (through getPerson).

function presentPurpose(r: repo.PurposeRow): ConsentPurpose {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    text: r.text,
    textVersion: r.text_version,
    archived: r.archived_at !== null,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

function presentRecord(r: repo.ConsentRecordRow): ConsentRecord {
  return {
    id: r.id,
    purpose: { id: r.purpose_id, name: r.purpose_name },
    legalBasis: r.legal_basis,
    action: r.action,
    source: r.source,
    textVersion: r.text_version,
    evidence: r.evidence,
    recordedBy: r.recorded_by ? { id: r.recorded_by, name: r.recorded_by_name ?? '' } : null,
    recordedAt: r.recorded_at.toISOString(),
  };
}

/** The workspace's purposes (everyone may read them: whoever records a basis picks one); archived ones on demand. */
export async function listPurposes(
  db: Queryable,
  actor: Actor,
  includeArchived: boolean,
): Promise<ConsentPurpose[]> {
  return (await repo.listPurposes(db, actor.workspaceId, includeArchived)).map(presentPurpose);
}

const nameTaken = () => validationError([{ field: 'name', code: 'duplicate', message: '' }]);

/** Creates a purpose with its first text version (`managePrivacy`). */
export async function createPurpose(
  db: Db,
  actor: Actor,
  input: CreateConsentPurposeRequest,
): Promise<ConsentPurpose> {
  assertCan(actor, 'managePrivacy');
  const v = ZCreateConsentPurposeRequest.parse(input);
  return transaction(db, async (tx) => {
    if (await repo.purposeNameTaken(tx, actor.workspaceId, v.name, null)) throw nameTaken();
    const id = await repo.insertPurpose(tx, {
      workspaceId: actor.workspaceId,
      ...v,
      createdBy: actor.userId,
    });
    return presentPurpose((await repo.findPurpose(tx, actor.workspaceId, id)) as repo.PurposeRow);
  });
}

/**
 * Edits a purpose (`managePrivacy`): a changed text becomes the next text version (earlier ones stay readable, and
 * records keep the version they were given under); `archived` takes it out of new records.
 */
export async function updatePurpose(
  db: Db,
  actor: Actor,
  id: string,
  input: UpdateConsentPurposeRequest,
): Promise<ConsentPurpose> {
  assertCan(actor, 'managePrivacy');
  const v = ZUpdateConsentPurposeRequest.parse(input);
  return transaction(db, async (tx) => {
    const current = await repo.findPurpose(tx, actor.workspaceId, id, true);
    if (!current) throw notFound();
    const name = v.name ?? current.name;
    if (name.toLowerCase() !== current.name.toLowerCase()) {
      if (await repo.purposeNameTaken(tx, actor.workspaceId, name, id)) throw nameTaken();
    }
    let textVersion = current.text_version;
    if (v.text !== undefined && v.text !== current.text) {
      textVersion += 1;
      await repo.insertPurposeText(tx, {
        workspaceId: actor.workspaceId,
        purposeId: id,
        version: textVersion,
        text: v.text,
        createdBy: actor.userId,
      });
    }
    await repo.updatePurpose(tx, actor.workspaceId, id, {
      name,
      description: v.description ?? current.description,
      textVersion,
      archived: v.archived ?? current.archived_at !== null,
    });
    return presentPurpose((await repo.findPurpose(tx, actor.workspaceId, id)) as repo.PurposeRow);
  });
}

/** Every text version of a purpose, newest first. */
export async function listPurposeTexts(
  db: Queryable,
  actor: Actor,
  id: string,
): Promise<ConsentPurposeText[]> {
  if (!(await repo.findPurpose(db, actor.workspaceId, id))) throw notFound();
  return (await repo.purposeTexts(db, actor.workspaceId, id)).map((t) => ({
    version: t.version,
    text: t.text,
    createdAt: t.created_at.toISOString(),
    createdBy: t.created_by ? { id: t.created_by, name: t.created_by_name ?? '' } : null,
  }));
}

/**
 * A person's current state per purpose (the latest record of each), without any visibility check: for services
 * that already checked it (the data-subject request, a campaign's audience). `active` = latest action is `granted`.
 */
export async function currentConsents(
  db: Queryable,
  workspaceId: string,
  personId: string,
): Promise<ConsentState[]> {
  const rows = await repo.latestRecordsOfPerson(db, workspaceId, personId);
  return rows
    .map((r) => ({ ...presentRecord(r), active: r.action === 'granted' }))
    .sort((a, b) => a.purpose.name.localeCompare(b.purpose.name, 'pt-BR'));
}

/** The consents of a person the actor may see (404 otherwise): current state per purpose and the whole log. */
export async function consentLog(db: Queryable, actor: Actor, personId: string): Promise<PersonConsents> {
  await getPerson(db, actor, personId);
  const [current, log] = await Promise.all([
    currentConsents(db, actor.workspaceId, personId),
    repo.recordsOfPerson(db, actor.workspaceId, personId),
  ]);
  return { current, log: log.map(presentRecord) };
}

type Append = {
  workspaceId: string;
  personIds: string[];
  purpose: repo.PurposeRow;
  legalBasis: LegalBasis;
  action: 'granted' | 'revoked';
  source: ConsentSource;
  evidence: string;
  recordedBy: string | null;
};

/** Appends records and their timeline events (consent_granted / consent_revoked), in the caller's transaction. */
async function append(tx: Queryable, a: Append) {
  const inserted = await repo.insertRecords(tx, a.personIds, {
    workspaceId: a.workspaceId,
    purposeId: a.purpose.id,
    legalBasis: a.legalBasis,
    action: a.action,
    source: a.source,
    textVersion: a.purpose.text_version,
    evidence: a.evidence,
    recordedBy: a.recordedBy,
  });
  for (const r of inserted) {
    await appendEvent(tx, {
      workspaceId: a.workspaceId,
      subjectType: 'person',
      subjectId: r.person_id,
      kind: a.action === 'granted' ? 'consent_granted' : 'consent_revoked',
      actorId: a.recordedBy,
      summary: {
        recordId: r.id,
        purposeId: a.purpose.id,
        legalBasis: a.legalBasis,
        source: a.source,
        textVersion: a.purpose.text_version,
      },
      payload: {
        purpose: a.purpose.name,
        legalBasis: a.legalBasis,
        source: a.source,
        textVersion: a.purpose.text_version,
        evidence: a.evidence,
      },
    });
  }
  return inserted;
}

async function activePurpose(tx: Queryable, workspaceId: string, purposeId: string) {
  const purpose = await repo.findPurpose(tx, workspaceId, purposeId);
  if (!purpose || purpose.archived_at) {
    throw validationError([{ field: 'purposeId', code: 'invalid_value', message: '' }]);
  }
  return purpose;
}

async function recordOf(tx: Queryable, workspaceId: string, personId: string, id: string) {
  const rows = await repo.recordsOfPerson(tx, workspaceId, personId);
  return presentRecord(rows.find((r) => r.id === id) as repo.ConsentRecordRow);
}

/**
 * Records a legal basis for a purpose on a person the actor may edit (404 otherwise), under the purpose's current
 * text version (`source` manual, or `api` through an API token); a timeline event in the same transaction.
 */
export async function recordConsent(
  db: Db,
  actor: Actor,
  personId: string,
  input: RecordConsentRequest,
  source: 'manual' | 'api' = 'manual',
): Promise<ConsentRecord> {
  const v = ZRecordConsentRequest.parse(input);
  return transaction(db, async (tx) => {
    await getPerson(tx, actor, personId, 'write');
    const purpose = await activePurpose(tx, actor.workspaceId, v.purposeId);
    await repo.lockPersonConsents(tx, actor.workspaceId, personId);
    const [row] = await append(tx, {
      workspaceId: actor.workspaceId,
      personIds: [personId],
      purpose,
      legalBasis: v.legalBasis,
      action: 'granted',
      source,
      evidence: v.evidence,
      recordedBy: actor.userId,
    });
    return recordOf(tx, actor.workspaceId, personId, (row as { id: string }).id);
  });
}

/**
 * Revokes the person's current basis for a purpose (a new `revoked` record with the same basis; the log keeps
 * the grant). 409 when nothing is in force for that purpose.
 */
export async function revokeConsent(
  db: Db,
  actor: Actor,
  personId: string,
  purposeId: string,
  input: RevokeConsentRequest,
  source: 'manual' | 'api' = 'manual',
): Promise<ConsentRecord> {
  const v = ZRevokeConsentRequest.parse(input);
  return transaction(db, async (tx) => {
    await getPerson(tx, actor, personId, 'write');
    await repo.lockPersonConsents(tx, actor.workspaceId, personId);
    const current = (await repo.latestRecordsOfPerson(tx, actor.workspaceId, personId)).find(
      (r) => r.purpose_id === purposeId,
    );
    if (current?.action !== 'granted') {
      throw new DomainError('conflict', 409, { detail: 'Nenhuma base legal em vigor para esta finalidade.' });
    }
    const purpose = (await repo.findPurpose(tx, actor.workspaceId, purposeId)) as repo.PurposeRow;
    const [row] = await append(tx, {
      workspaceId: actor.workspaceId,
      personIds: [personId],
      purpose,
      legalBasis: current.legal_basis,
      action: 'revoked',
      source,
      evidence: v.evidence,
      recordedBy: actor.userId,
    });
    return recordOf(tx, actor.workspaceId, personId, (row as { id: string }).id);
  });
}

/**
 * For lead sources and imports: records `setting` (purpose + basis) as granted for each of these people, in the
 * caller's transaction, with their timeline events. A purpose archived (or gone) since the setting was saved
 * records nothing. Answers how many were recorded.
 */
export async function recordConsentsBySystem(
  tx: Queryable,
  r: {
    workspaceId: string;
    personIds: string[];
    setting: { purposeId: string; legalBasis: LegalBasis };
    source: 'intake' | 'import' | 'form';
    evidence: string;
    recordedBy: string | null;
  },
): Promise<number> {
  if (r.personIds.length === 0) return 0;
  const purpose = await repo.findPurpose(tx, r.workspaceId, r.setting.purposeId);
  if (!purpose || purpose.archived_at) return 0;
  const inserted = await append(tx, {
    workspaceId: r.workspaceId,
    personIds: [...new Set(r.personIds)],
    purpose,
    legalBasis: r.setting.legalBasis,
    action: 'granted',
    source: r.source,
    evidence: r.evidence.slice(0, 500),
    recordedBy: r.recordedBy,
  });
  return inserted.length;
}

/** Whether a purpose exists and is active in the workspace (lead sources and imports check their setting). */
export async function assertActivePurpose(
  db: Queryable,
  workspaceId: string,
  purposeId: string,
  field: string,
) {
  const purpose = await repo.findPurpose(db, workspaceId, purposeId);
  if (!purpose || purpose.archived_at) throw validationError([{ field, code: 'invalid_value', message: '' }]);
}

/**
 * LGPD anonymization: erases the evidence (IP, form address…) of every consent record of these people, in the
 * caller's transaction. The records themselves stay (purpose, basis, action, when): the log is append-only and
 * keeps proving what the data was processed on. Answers how many records were erased.
 */
export async function eraseConsentEvidence(
  tx: Queryable,
  workspaceId: string,
  personIds: string[],
): Promise<number> {
  if (personIds.length === 0) return 0;
  return repo.eraseEvidence(tx, workspaceId, personIds);
}
