import { type AccessKind, type AccessLogEntry, type AccessLogPage, CSV_BOM, csvRow } from '@funil/domain';
import type { Queryable } from '../../db/pool.ts';

import { decodeCursor, encodeCursor } from '../../lib/cursor.ts';
import { notFound, validationError } from '../../lib/errors.ts';
import { assertCan } from '../auth/access.policy.ts';
import type { Actor } from '../auth/actor.ts';
import * as repo from './access-log.repository.ts';

// The LGPD access log: who accessed a person's data, when, and how (the person page, the phones, a file, an export
// row). Other modules write it through `recordAccess` where they serve that data; lists and searches are not logged
// per row (a list shows what a search already matched, and one row per listed person would outweigh the data).
// Reading it needs `managePrivacy`: it is the workspace's audit, so its reader sees every person's entries.

/** Where a request came from, as the log keeps it (never a header's content beyond these). */
export type AccessContext = { requestId?: string | null | undefined; ip?: string | null | undefined };

/** One access to write: what, to whom; who comes from `accessBy`. */
export type AccessEntry = {
  workspaceId: string;
  userId: string | null;
  integrationId?: string | null | undefined;
  personId: string;
  kind: AccessKind;
  exportId?: string | null | undefined;
  fileId?: string | null | undefined;
  requestId?: string | null | undefined;
  ip?: string | null | undefined;
};

/** The "who" part of an entry: the actor (and its helpdesk integration) plus the request's id and IP. */
export function accessBy(actor: Actor, context: AccessContext = {}) {
  return {
    workspaceId: actor.workspaceId,
    userId: actor.userId,
    integrationId: actor.panel?.integrationId ?? null,
    requestId: context.requestId ?? null,
    ip: context.ip ?? null,
  };
}

/** Records accesses, set-based (one statement however many entries), in the caller's transaction when given one. */
export async function recordAccess(db: Queryable, entries: readonly AccessEntry[]): Promise<void> {
  await repo.insertAccess(
    db,
    entries.map((e) => ({
      workspaceId: e.workspaceId,
      userId: e.userId,
      integrationId: e.integrationId ?? null,
      personId: e.personId,
      kind: e.kind,
      exportId: e.exportId ?? null,
      fileId: e.fileId ?? null,
      requestId: e.requestId ?? null,
      ip: e.ip ?? null,
    })),
  );
}

export type AccessLogQuery = {
  userId?: string | undefined;
  personId?: string | undefined;
  kind?: AccessKind | undefined;
  from?: string | undefined;
  to?: string | undefined;
  limit: number;
  cursor?: string | undefined;
};

function present(row: repo.AccessRow): AccessLogEntry {
  return {
    id: row.id,
    occurredAt: row.occurred_at.toISOString(),
    kind: row.kind,
    user: row.user_id ? { id: row.user_id, name: row.user_name ?? '' } : null,
    integrationId: row.integration_id,
    person: { id: row.person_id, name: row.person_name ?? '' },
    exportId: row.export_id,
    fileId: row.file_id,
    requestId: row.request_id,
    ip: row.ip,
  };
}

const PG_TIMESTAMP = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?)[+-]\d{2}(?::\d{2})?$/;

/** Whether text is a timestamptz as Postgres writes it (`2026-12-06 23:50:01.123456+00`), a real day and time. */
function isPgTimestamp(text: string): boolean {
  const m = PG_TIMESTAMP.exec(text);
  if (!m) return false;
  const d = new Date(`${m[1]}T${m[2]}Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === m[1];
}

/** A cursor we wrote: a timestamp and an id; anything else (forged, truncated) is a 422, never a failed cast. */
function readCursor(cursor: string | undefined): [string, string] | null {
  const before = decodeCursor(cursor);
  if (before && !isPgTimestamp(before[0])) {
    throw validationError([{ field: 'query.cursor', code: 'invalid_value', message: '' }]);
  }
  return before;
}

async function page(db: Queryable, actor: Actor, q: AccessLogQuery): Promise<AccessLogPage> {
  const rows = await repo.listAccess(
    db,
    actor.workspaceId,
    { userId: q.userId, personId: q.personId, kind: q.kind, from: q.from, to: q.to },
    { limit: q.limit + 1, before: readCursor(q.cursor) },
  );
  const items = rows.slice(0, q.limit);
  const last = items[items.length - 1];
  return {
    items: items.map(present),
    nextCursor: rows.length > q.limit && last ? encodeCursor([last.occurred_at_key, last.id]) : null,
  };
}

/** The workspace's access log filtered by user, person, kind and period (an audit); needs `managePrivacy`. */
export async function listAccessLog(db: Queryable, actor: Actor, q: AccessLogQuery): Promise<AccessLogPage> {
  assertCan(actor, 'managePrivacy');
  return page(db, actor, q);
}

/**
 * Everything the log holds about one person, newest first (for a data-subject access request); needs
 * `managePrivacy`; a person of another workspace answers 404.
 */
export async function accessLogForPerson(
  db: Queryable,
  actor: Actor,
  personId: string,
  q: { limit: number; cursor?: string | undefined },
): Promise<AccessLogPage> {
  assertCan(actor, 'managePrivacy');
  if (!(await repo.personExists(db, actor.workspaceId, personId))) throw notFound();
  return page(db, actor, { ...q, personId });
}

const KIND_LABELS: Record<AccessKind, string> = {
  person_viewed: 'Ficha visualizada',
  phones_revealed: 'Telefones revelados',
  file_downloaded: 'Arquivo baixado',
  row_exported: 'Linha exportada',
};

/** Upper bound of rows in one CSV download (the filters narrow a larger log). */
export const ACCESS_CSV_MAX_ROWS = 100_000;

/** The filtered log as CSV (pt-BR headers, `;`), page by page; needs `managePrivacy`. */
export async function accessLogCsv(
  db: Queryable,
  actor: Actor,
  q: Omit<AccessLogQuery, 'limit' | 'cursor'>,
): Promise<AsyncIterable<string>> {
  assertCan(actor, 'managePrivacy');
  if (q.personId && !(await repo.personExists(db, actor.workspaceId, q.personId))) throw notFound();
  return csvPages(db, actor, q);
}

async function* csvPages(db: Queryable, actor: Actor, q: Omit<AccessLogQuery, 'limit' | 'cursor'>) {
  yield `${CSV_BOM}${csvRow(['Data e hora', 'Usuário', 'Integração', 'Acesso', 'Pessoa', 'ID da pessoa', 'Exportação', 'Arquivo', 'Requisição', 'IP'])}`;
  let cursor: string | undefined;
  let written = 0;
  do {
    const result = await page(db, actor, { ...q, limit: 1000, cursor });
    let chunk = '';
    for (const e of result.items) {
      chunk += csvRow([
        new Date(e.occurredAt).toLocaleString('pt-BR', { timeZone: 'America/Sao_Paulo' }),
        e.user?.name ?? '',
        e.integrationId ?? '',
        KIND_LABELS[e.kind],
        e.person.name,
        e.person.id,
        e.exportId ?? '',
        e.fileId ?? '',
        e.requestId ?? '',
        e.ip ?? '',
      ]);
    }
    yield chunk;
    written += result.items.length;
    cursor = result.nextCursor ?? undefined;
  } while (cursor && written < ACCESS_CSV_MAX_ROWS);
}
