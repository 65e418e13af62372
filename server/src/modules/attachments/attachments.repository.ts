import type { Attachment, AttachmentSource } from '@funil/domain';
import type { Queryable } from '../../db/pool.ts';
import { SqlParams } from '../../lib/sql.ts';

// The only SQL on attachments. Reads go through the people visibility predicate (`p`), passed in by the service.

type AttachmentRow = {
  id: string;
  person_id: string;
  name: string;
  content_type: string;
  size_bytes: number;
  source: AttachmentSource;
  note_event_id: string | null;
  uploaded_by: string | null;
  uploaded_by_name: string | null;
  created_at: Date;
};

const present = (r: AttachmentRow): Attachment => ({
  id: r.id,
  personId: r.person_id,
  name: r.name,
  type: r.content_type,
  size: r.size_bytes,
  source: r.source,
  noteEventId: r.note_event_id === null ? null : Number(r.note_event_id),
  uploadedBy: r.uploaded_by ? { id: r.uploaded_by, name: r.uploaded_by_name ?? '' } : null,
  createdAt: r.created_at.toISOString(),
});

const SELECT = `SELECT a.id, a.person_id, a.name, a.content_type, a.size_bytes, a.source, a.note_event_id,
  a.uploaded_by, u.name AS uploaded_by_name, a.created_at
  FROM attachments a JOIN people p ON p.workspace_id = a.workspace_id AND p.id = a.person_id
  LEFT JOIN users u ON u.workspace_id = a.workspace_id AND u.id = a.uploaded_by`;

export async function insertAttachment(
  db: Queryable,
  a: {
    workspaceId: string;
    personId: string;
    fileKey: string;
    name: string;
    contentType: string;
    size: number;
    source: AttachmentSource;
    uploadedBy: string;
  },
): Promise<string> {
  const { rows } = await db.query(
    `INSERT INTO attachments (workspace_id, person_id, file_key, name, content_type, size_bytes, source, uploaded_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [a.workspaceId, a.personId, a.fileKey, a.name, a.contentType, a.size, a.source, a.uploadedBy],
  );
  return rows[0].id;
}

/**
 * The files of a person, newest first: those of the Anexos tab and those of comments already sent (an upload
 * whose comment was never sent stays out of sight).
 */
export async function listAttachments(
  db: Queryable,
  workspaceId: string,
  personId: string,
  visible: (params: SqlParams) => string,
  id?: string,
): Promise<Attachment[]> {
  const params = new SqlParams();
  const { rows } = await db.query<AttachmentRow>(
    `${SELECT} WHERE a.workspace_id = ${params.add(workspaceId)} AND a.person_id = ${params.add(personId)}
       AND ${id ? `a.id = ${params.add(id)}` : "(a.source = 'tab' OR a.note_event_id IS NOT NULL)"}
       AND ${visible(params)}
     ORDER BY a.created_at DESC, a.id DESC LIMIT 500`,
    params.values,
  );
  return rows.map(present);
}

/** The stored file of an attachment whose person the reader may see. */
export async function findAttachmentFile(
  db: Queryable,
  workspaceId: string,
  id: string,
  visible: (params: SqlParams) => string,
): Promise<{ fileKey: string; name: string; contentType: string; personId: string } | null> {
  const params = new SqlParams();
  const { rows } = await db.query(
    `SELECT a.file_key, a.name, a.content_type, a.person_id FROM attachments a JOIN people p ON p.id = a.person_id
     WHERE a.workspace_id = ${params.add(workspaceId)} AND a.id = ${params.add(id)} AND ${visible(params)}`,
    params.values,
  );
  const r = rows[0];
  return r ? { fileKey: r.file_key, name: r.name, contentType: r.content_type, personId: r.person_id } : null;
}

/**
 * Locks the uploads a comment is about to carry: the author's own, of this person, added for a comment and
 * not carried by another one yet.
 */
export async function lockPendingCommentFiles(
  db: Queryable,
  q: { workspaceId: string; personId: string; uploadedBy: string; ids: string[] },
): Promise<{ id: string; name: string; content_type: string; size_bytes: number }[]> {
  const { rows } = await db.query(
    `SELECT id, name, content_type, size_bytes FROM attachments
     WHERE workspace_id = $1 AND person_id = $2 AND uploaded_by = $3 AND id = ANY($4::uuid[])
       AND source = 'comment' AND note_event_id IS NULL
     ORDER BY created_at, id FOR UPDATE`,
    [q.workspaceId, q.personId, q.uploadedBy, q.ids],
  );
  return rows;
}

export async function linkToNote(db: Queryable, workspaceId: string, ids: string[], eventId: number) {
  await db.query(
    'UPDATE attachments SET note_event_id = $3 WHERE workspace_id = $1 AND id = ANY($2::uuid[])',
    [workspaceId, ids, eventId],
  );
}
