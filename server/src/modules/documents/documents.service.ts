import {
  type DocumentTemplate,
  type DocumentTemplateRequest,
  formatDocument,
  formatPhone,
  maskPhone,
  type SendDocumentRequest,
} from '@funil/domain';
import { type Db, type Queryable, transaction } from '../../db/pool.ts';
import { notFound, validationError, versionMismatch } from '../../lib/errors.ts';
import type { FileStore } from '../../lib/file-store.ts';
import type { SecretBox } from '../../lib/secret-box.ts';
import type { SqlParams } from '../../lib/sql.ts';
import { type AccessContext, accessBy, recordAccess } from '../access-log/access-log.service.ts';
import { cleanFileName } from '../attachments/attachment-type.ts';
import { assertCan } from '../auth/access.policy.ts';
import type { Actor } from '../auth/actor.ts';
import { type MailHostRules, recordSentMail } from '../mail-accounts/mail-accounts.service.ts';
import { visibleOpportunitiesPredicate } from '../opportunities/opportunities.policy.ts';
import { mayUseAction } from '../people/people.policy.ts';
import { getPerson } from '../people/people.service.ts';
import { mailPerson } from '../people/person-email.service.ts';
import { appendEvent } from '../timeline/timeline.service.ts';
import { visibleDocumentsPredicate } from './documents.policy.ts';
import * as repo from './documents.repository.ts';
import { renderTextPdf } from './pdf.ts';
import {
  DEFAULT_PROPOSAL_TEMPLATE,
  fillTemplate,
  proposalValues,
  todayInBrazil,
} from './proposal-template.ts';

// Documentos: proposal PDFs generated from the workspace's template, listed, downloaded and e-mailed.

const visibleTo = (actor: Actor) => (params: SqlParams) => visibleDocumentsPredicate(actor, params);
const visibleOpportunities = (actor: Actor) => (params: SqlParams) =>
  visibleOpportunitiesPredicate(actor, params);

const withoutKey = <T extends { fileKey: string }>({ fileKey: _, ...rest }: T) => rest;

/** The workspace's proposal template, or the default one (version 0) until an admin saves it. */
export async function getProposalTemplate(db: Queryable, actor: Actor): Promise<DocumentTemplate> {
  const row = await repo.findTemplate(db, actor.workspaceId);
  return row
    ? {
        kind: 'proposal',
        name: row.name,
        body: row.body,
        version: row.version,
        isDefault: false,
        updatedAt: row.updated_at.toISOString(),
      }
    : { kind: 'proposal', ...DEFAULT_PROPOSAL_TEMPLATE, version: 0, isDefault: true, updatedAt: null };
}

/** Saves the proposal template (`manageWorkspace`) on the version it was read at; a stale save is refused with 412. */
export async function saveProposalTemplate(
  db: Db,
  actor: Actor,
  expected: number,
  input: DocumentTemplateRequest,
): Promise<DocumentTemplate> {
  assertCan(actor, 'manageWorkspace');
  return transaction(db, async (tx) => {
    const current = await repo.findTemplate(tx, actor.workspaceId, true);
    const values = { workspaceId: actor.workspaceId, ...input, updatedBy: actor.userId };
    if (!current) {
      if (expected !== 0) throw versionMismatch(0);
      // Two first saves at once: the other one won.
      if (!(await repo.insertTemplate(tx, values))) throw versionMismatch(1);
    } else {
      if (current.version !== expected) throw versionMismatch(current.version);
      await repo.updateTemplate(tx, values);
    }
    return getProposalTemplate(tx, actor);
  });
}

/** The proposals a document can be generated from, for a person the actor may see. */
export async function listDocumentSources(db: Queryable, actor: Actor, personId: string) {
  await getPerson(db, actor, personId);
  const rows = await repo.listProposalsOfPerson(
    db,
    { workspaceId: actor.workspaceId, personId },
    visibleOpportunities(actor),
  );
  return rows.map(repo.presentSource);
}

/** The documents of a person the actor may see (those of opportunities out of their sight stay hidden). */
export async function listPersonDocuments(db: Queryable, actor: Actor, personId: string) {
  await getPerson(db, actor, personId);
  const rows = await repo.listDocuments(db, { workspaceId: actor.workspaceId, personId }, visibleTo(actor));
  return rows.map(withoutKey);
}

/**
 * Generates a proposal PDF for a person from one proposal of an opportunity they are involved in: the
 * workspace's template filled with the person's, the opportunity's and the proposal's data, stored and listed
 * on the Documentos tab, and recorded on the person's timeline.
 */
export async function generateProposalDocument(
  db: Db,
  files: FileStore,
  actor: Actor,
  personId: string,
  proposalId: string,
) {
  const person = await getPerson(db, actor, personId, 'write');
  const [source] = await repo.listProposalsOfPerson(
    db,
    { workspaceId: actor.workspaceId, personId, proposalId },
    visibleOpportunities(actor),
  );
  if (!source) throw validationError([{ field: 'proposalId', code: 'invalid_value', message: '' }]);
  const template = await getProposalTemplate(db, actor);
  const primary = <T extends { primary: boolean }>(list: T[]) => list.find((i) => i.primary) ?? list[0];
  const phone = primary(person.phones)?.number;
  const today = todayInBrazil();
  const text = fillTemplate(
    template.body,
    proposalValues({
      person: {
        name: person.name,
        document: formatDocument(person.document),
        email: primary(person.emails)?.address ?? '',
        // Only a role that may see phones prints them in full (the document_generated event says who did).
        phone: phone ? (mayUseAction(actor, 'viewPhones') ? formatPhone(phone) : maskPhone(phone)) : '',
      },
      opportunityTitle: source.title,
      proposal: {
        valueCents: source.value_cents,
        conditions: source.conditions,
        validUntil: source.valid_until,
        items: source.items,
      },
      ownerName: actor.name,
      workspaceName: await repo.workspaceName(db, actor.workspaceId),
      today,
    }),
  );
  const bytes = Buffer.from(
    await renderTextPdf({ title: `${template.name} — ${source.title}`, author: actor.name, text }),
  );
  const fileKey = await files.put(bytes);
  const name = cleanFileName(`${template.name} - ${source.title} - ${today.replaceAll('/', '-')}.pdf`);
  return transaction(db, async (tx) => {
    await getPerson(tx, actor, personId, 'write');
    const id = await repo.insertDocument(tx, {
      workspaceId: actor.workspaceId,
      personId,
      opportunityId: source.opportunity_id,
      proposalId,
      fileKey,
      name,
      size: bytes.length,
      createdBy: actor.userId,
    });
    await appendEvent(tx, {
      workspaceId: actor.workspaceId,
      subjectType: 'person',
      subjectId: personId,
      kind: 'document_generated',
      actorId: actor.userId,
      summary: { documentId: id, proposalId, opportunityId: source.opportunity_id },
      payload: { document: { id, name } },
    });
    const [document] = await repo.listDocuments(tx, { workspaceId: actor.workspaceId, id }, visibleTo(actor));
    if (!document) throw notFound();
    return withoutKey(document);
  });
}

async function findVisibleDocument(db: Queryable, actor: Actor, id: string) {
  const [document] = await repo.listDocuments(db, { workspaceId: actor.workspaceId, id }, visibleTo(actor));
  if (!document) throw notFound();
  return document;
}

/** The PDF of a document the actor may see (404 otherwise); recorded in the access log. */
export async function readDocument(
  db: Queryable,
  files: FileStore,
  actor: Actor,
  id: string,
  context: AccessContext = {},
) {
  const document = await findVisibleDocument(db, actor, id);
  await recordAccess(db, [
    { ...accessBy(actor, context), personId: document.personId, kind: 'file_downloaded', fileId: id },
  ]);
  return { name: document.name, contentType: 'application/pdf', bytes: await files.get(document.fileKey) };
}

/**
 * E-mails a document to one of its person's addresses (the user's own mailbox, else the workspace's SMTP), the PDF
 * attached, and records it on the person's timeline and in the mail ledger. Refused for a deny-listed person; nothing is recorded when the mail
 * server refuses.
 */
export async function sendDocument(
  db: Db,
  files: FileStore,
  secrets: SecretBox,
  hosts: MailHostRules,
  actor: Actor,
  id: string,
  mail: SendDocumentRequest,
) {
  const document = await findVisibleDocument(db, actor, id);
  const person = await getPerson(db, actor, document.personId, 'write');
  const content = await files.get(document.fileKey);
  const { to, messageId, accountId } = await mailPerson(db, secrets, hosts, actor, person, {
    ...mail,
    attachments: [{ filename: document.name, content, contentType: 'application/pdf' }],
  });
  return transaction(db, async (tx) => {
    const event = await appendEvent(tx, {
      workspaceId: actor.workspaceId,
      subjectType: 'person',
      subjectId: person.id,
      kind: 'document_sent',
      actorId: actor.userId,
      summary: { documentId: document.id, messageId, ...(accountId ? { accountId } : {}) },
      payload: {
        to,
        subject: mail.subject,
        body: mail.body,
        document: { id: document.id, name: document.name },
      },
    });
    await recordSentMail(tx, {
      workspaceId: actor.workspaceId,
      messageId,
      accountId,
      personId: person.id,
      eventId: event.id,
    });
    return { ...event, actor: { id: actor.userId, name: actor.name } };
  });
}
