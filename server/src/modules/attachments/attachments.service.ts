import type { Attachment, AttachmentRef, AttachmentSource } from '@funil/domain';
import { fileTypeFromBuffer } from 'file-type';
import { type Db, type Queryable, transaction } from '../../db/pool.ts';
import { DomainError, notFound, validationError } from '../../lib/errors.ts';
import type { FileStore } from '../../lib/file-store.ts';
import type { SqlParams } from '../../lib/sql.ts';
import { type AccessContext, accessBy, recordAccess } from '../access-log/access-log.service.ts';
import type { Actor } from '../auth/actor.ts';
import { assertMayUseAction, visiblePeoplePredicate } from '../people/people.policy.ts';
import { addNote, getPerson } from '../people/people.service.ts';
import { appendEvent } from '../timeline/timeline.service.ts';
import { cleanFileName, decideAttachmentType } from './attachment-type.ts';
import * as repo from './attachments.repository.ts';

// Anexos: files of a person, added on the Anexos tab or with a comment (a timeline note). Who may see a file is
// who may see its person; files are never deleted (a comment's history keeps pointing at them).

const readableBy = (actor: Actor) => (params: SqlParams) => visiblePeoplePredicate(actor, params, 'read');

export const refOf = (a: Pick<Attachment, 'id' | 'name' | 'type' | 'size'>): AttachmentRef => ({
  id: a.id,
  name: a.name,
  type: a.type,
  size: a.size,
});

/**
 * Stores an upload for a person the actor may edit. The type is decided by the bytes (whitelist); a file for a
 * comment waits unseen until its comment is sent, a file of the Anexos tab is on the timeline at once.
 */
export async function uploadAttachment(
  db: Db,
  files: FileStore,
  actor: Actor,
  personId: string,
  upload: { fileName: string | undefined; bytes: Buffer; source: AttachmentSource },
): Promise<Attachment> {
  if (upload.source === 'comment') assertMayUseAction(actor, 'comment');
  await getPerson(db, actor, personId, 'write');
  const accepted = decideAttachmentType(
    await fileTypeFromBuffer(upload.bytes),
    cleanFileName(upload.fileName),
    upload.bytes,
  );
  if (!accepted) throw new DomainError('attachment-type-refused', 415);
  const fileKey = await files.put(upload.bytes);
  return transaction(db, async (tx) => {
    // Re-checked under the transaction: the person may have left the actor's sight meanwhile.
    await getPerson(tx, actor, personId, 'write');
    const id = await repo.insertAttachment(tx, {
      workspaceId: actor.workspaceId,
      personId,
      fileKey,
      name: accepted.name,
      contentType: accepted.contentType,
      size: upload.bytes.length,
      source: upload.source,
      uploadedBy: actor.userId,
    });
    const [attachment] = await repo.listAttachments(tx, actor.workspaceId, personId, readableBy(actor), id);
    if (!attachment) throw notFound();
    if (upload.source === 'tab') {
      await appendEvent(tx, {
        workspaceId: actor.workspaceId,
        subjectType: 'person',
        subjectId: personId,
        kind: 'attachment_added',
        actorId: actor.userId,
        summary: { attachmentId: id },
        payload: { attachment: refOf(attachment) },
      });
    }
    return attachment;
  });
}

/** The Anexos tab of a person the actor may see. */
export async function listPersonAttachments(db: Queryable, actor: Actor, personId: string) {
  await getPerson(db, actor, personId);
  return repo.listAttachments(db, actor.workspaceId, personId, readableBy(actor));
}

/** The bytes of an attachment whose person the actor may see (404 otherwise); recorded in the access log. */
export async function readAttachment(
  db: Queryable,
  files: FileStore,
  actor: Actor,
  id: string,
  context: AccessContext = {},
) {
  const found = await repo.findAttachmentFile(db, actor.workspaceId, id, readableBy(actor));
  if (!found) throw notFound();
  await recordAccess(db, [
    { ...accessBy(actor, context), personId: found.personId, kind: 'file_downloaded', fileId: id },
  ]);
  return { name: found.name, contentType: found.contentType, bytes: await files.get(found.fileKey) };
}

/**
 * A note on a person's timeline (POST /people/{id}/notes): with files it is a comment that carries them, without
 * it is the people module's plain note. Lives here so only attachments depends on people, not the reverse.
 */
export async function addPersonNote(
  db: Db,
  actor: Actor,
  personId: string,
  body: string,
  attachmentIds: string[],
) {
  return attachmentIds.length
    ? addCommentWithAttachments(db, actor, personId, body, attachmentIds)
    : addNote(db, actor, personId, body);
}

/**
 * Comentar with files: a timeline note that carries the actor's uploads made for it. The note keeps each
 * file's id, name, type and size (hashed into the chain), and the files are linked to the note for good.
 */
export async function addCommentWithAttachments(
  db: Db,
  actor: Actor,
  personId: string,
  body: string,
  attachmentIds: string[],
) {
  assertMayUseAction(actor, 'comment');
  const ids = [...new Set(attachmentIds)];
  return transaction(db, async (tx) => {
    await getPerson(tx, actor, personId, 'write');
    const rows = await repo.lockPendingCommentFiles(tx, {
      workspaceId: actor.workspaceId,
      personId,
      uploadedBy: actor.userId,
      ids,
    });
    if (rows.length !== ids.length) {
      const found = new Set(rows.map((r) => r.id));
      throw validationError(
        ids.flatMap((id, index) =>
          found.has(id) ? [] : [{ field: `attachmentIds.${index}`, code: 'unknown_attachment', message: '' }],
        ),
      );
    }
    const byId = new Map(rows.map((r) => [r.id, r]));
    const attachments = ids.map((id) => {
      const r = byId.get(id) as (typeof rows)[number];
      return refOf({ id, name: r.name, type: r.content_type, size: r.size_bytes });
    });
    const event = await appendEvent(tx, {
      workspaceId: actor.workspaceId,
      subjectType: 'person',
      subjectId: personId,
      kind: 'note',
      actorId: actor.userId,
      summary: { attachmentIds: ids },
      payload: { body, attachments },
    });
    await repo.linkToNote(tx, actor.workspaceId, ids, event.id);
    return { ...event, actor: { id: actor.userId, name: actor.name } };
  });
}
