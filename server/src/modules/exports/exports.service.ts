import type { Writable } from 'node:stream';
import {
  type CreateExportRequest,
  type CustomFieldEntity,
  customValueText,
  EXPORT_FILE_DAYS,
  type ExportFilters,
  type ExportFormat,
  type ExportList,
  type ExportPage,
  type ExportRecord,
  exportFileName,
  fieldsForRole,
  formatDocument,
  formatPhone,
  maskPhone,
} from '@funil/domain';
import type { z } from 'zod';
import type { Db, Queryable } from '../../db/pool.ts';
import { DomainError, notFound, validationError } from '../../lib/errors.ts';
import type { FileStore } from '../../lib/file-store.ts';
import { accessBy, recordAccess } from '../access-log/access-log.service.ts';
import { ZListActivitiesQuery } from '../activities/activities.schema.ts';
import { listActivities } from '../activities/activities.service.ts';
import { anonymizationGeneration, finishUnlessAnonymized } from '../anonymization/anonymization.service.ts';
import { assertCan } from '../auth/access.policy.ts';
import type { Actor } from '../auth/actor.ts';
import { actorForUser } from '../auth/auth.service.ts';
import { customFiltersOf } from '../custom-fields/custom-field-filters.ts';
import { fieldsOf } from '../custom-fields/custom-fields.service.ts';
import { ZListOpportunitiesQuery } from '../opportunities/opportunities.schema.ts';
import { exportOpportunities, listOpportunities } from '../opportunities/opportunities-board.service.ts';
import { mayUseAction } from '../people/people.policy.ts';
import { ZExportPeopleQuery } from '../people/people.schema.ts';
import { countMatchingPeople, type ExportedPerson, exportPeople } from '../people/people-search.service.ts';
import { listPipelines } from '../pipelines/pipelines.service.ts';
import { listUsers } from '../users/users.service.ts';
import type { Column } from './export-file.ts';
import { writeExport } from './export-file.ts';
import * as repo from './exports.repository.ts';

// Exports (issue 13 §3): a list as CSV or XLSX with the list's own filters, written by a job in pages through the
// list's own service (its visibility policy included), so an export holds exactly what the user sees. One capability,
// `exportPeople` ("Exportar listas"), gates every list. Each export is recorded in `exports` (the audit trail).

/** Each list's filters: its endpoint's own query schema, without paging. */
const FILTER_SCHEMAS = {
  people: ZExportPeopleQuery,
  opportunities: ZListOpportunitiesQuery.omit({ limit: true, cursor: true }),
  activities: ZListActivitiesQuery.omit({ limit: true, cursor: true }),
} satisfies Record<ExportList, z.ZodType>;

function parseFilters<L extends ExportList>(list: L, filters: ExportFilters) {
  // A filter the list does not know is refused, not dropped: the record says exactly what was exported.
  const known = FILTER_SCHEMAS[list].shape;
  const unknown = Object.keys(filters).filter((key) => !Object.hasOwn(known, key));
  if (unknown.length) {
    throw validationError(
      unknown.map((key) => ({ field: `filters.${key}`, code: 'unknown_field', message: '' })),
    );
  }
  const parsed = FILTER_SCHEMAS[list].safeParse(filters);
  if (!parsed.success) {
    throw validationError(
      parsed.error.issues.map((issue) => ({
        field: ['filters', ...issue.path.map(String)].join('.'),
        code: 'invalid_value',
        message: '',
      })),
    );
  }
  return parsed.data as z.infer<(typeof FILTER_SCHEMAS)[L]>;
}

export function presentExport(row: repo.ExportRow): ExportRecord {
  return {
    id: row.id,
    list: row.list,
    format: row.format,
    filters: row.filters,
    status: row.status,
    rowsTotal: row.rows_total,
    rowsDone: row.rows_done,
    fileSize: row.file_size === null ? null : Number(row.file_size),
    fileName: exportFileName(row.list, row.format, row.created_at),
    downloadable: row.status === 'done' && row.file_key !== null,
    error: row.error,
    createdAt: row.created_at.toISOString(),
    finishedAt: row.finished_at?.toISOString() ?? null,
    expiresAt: row.expires_at?.toISOString() ?? null,
    expiredAt: row.expired_at?.toISOString() ?? null,
    withdrawnAt: row.withdrawn_at?.toISOString() ?? null,
  };
}

/** Asks for an export (202): checked now (capability, filters), written by the `export-file` job. */
export async function createExport(
  db: Queryable,
  actor: Actor,
  input: CreateExportRequest,
): Promise<ExportRecord> {
  assertCan(actor, 'exportPeople');
  parseFilters(input.list, input.filters);
  if (input.list !== 'activities' && input.filters.cf) {
    const entity = input.list === 'people' ? 'person' : 'opportunity';
    customFiltersOf(
      await fieldsOf(db, actor.workspaceId, entity),
      input.filters.cf,
      actor.role,
      'filters.cf',
    );
  }
  const row = await repo.insertExport(db, {
    workspaceId: actor.workspaceId,
    userId: actor.userId,
    list: input.list,
    format: input.format,
    filters: input.filters,
  });
  return presentExport(row);
}

const encodeCursor = (r: repo.ExportRow) => Buffer.from(`${r.created_at_key}|${r.id}`).toString('base64url');

function decodeCursor(cursor: string | undefined): { createdAt: string; id: string } | null {
  if (!cursor) return null;
  const [createdAt, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!createdAt || !id || !/^[0-9a-f-]{36}$/i.test(id) || Number.isNaN(Date.parse(createdAt))) {
    throw validationError([{ field: 'query.cursor', code: 'invalid_value', message: '' }]);
  }
  return { createdAt, id };
}

/** The signed-in user's exports, newest first. */
export async function listMyExports(
  db: Queryable,
  actor: Actor,
  q: { limit: number; cursor?: string | undefined },
): Promise<ExportPage> {
  const rows = await repo.listExports(db, actor.workspaceId, actor.userId, {
    limit: q.limit + 1,
    before: decodeCursor(q.cursor),
  });
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    items: page.map(presentExport),
    nextCursor: rows.length > q.limit && last ? encodeCursor(last) : null,
  };
}

/** One of the user's own exports (someone else's answers 404, as if it did not exist). */
export async function getMyExport(db: Queryable, actor: Actor, id: string): Promise<ExportRecord> {
  const row = await repo.findExport(db, actor.workspaceId, id, actor.userId);
  if (!row) throw notFound();
  return presentExport(row);
}

/** The file of one of the user's own finished exports; 409 `conflict` while running or once its days are over. */
export async function openExportFile(
  db: Queryable,
  files: FileStore,
  actor: Actor,
  id: string,
): Promise<{ record: ExportRecord; stream: NodeJS.ReadableStream }> {
  const row = await repo.findExport(db, actor.workspaceId, id, actor.userId);
  if (!row) throw notFound();
  if (row.status !== 'done') throw new DomainError('conflict', 409, { detail: 'export_not_ready' });
  if (!row.file_key) throw new DomainError('conflict', 409, { detail: 'export_expired' });
  return { record: presentExport(row), stream: await exportFiles(files).stream(row.file_key) };
}

/** Export files live in a section of their own of the file store (removing one never touches an attachment). */
export const exportFiles = (files: FileStore) => files.section('exports');

// ---------- The job ----------

const STAGES: Record<string, string> = {
  suspect: 'Suspect',
  prospect: 'Prospect',
  lead: 'Lead',
  client: 'Cliente',
};
const KINDS: Record<string, string> = { person: 'Pessoa física', company: 'Pessoa jurídica' };
const OPPORTUNITY_STATUSES: Record<string, string> = {
  open: 'Em andamento',
  won: 'Vencida',
  lost: 'Perdida',
  discarded: 'Descartada',
};
const ACTIVITY_KINDS: Record<string, string> = {
  task: 'Tarefa',
  call: 'Ligação',
  meeting: 'Reunião',
  visit: 'Visita',
  email: 'E-mail',
  whatsapp: 'WhatsApp',
};
const ACTIVITY_STATUSES: Record<string, string> = {
  open: 'Aberta',
  done: 'Concluída',
  cancelled: 'Cancelada',
};

/**
 * The pages of an export, each recorded in the access log as it is written: one `row_exported` entry per person
 * the page carries (the row's person, an opportunity's holder, an activity's person), in one statement per page.
 */
async function* loggedPages<T>(
  db: Queryable,
  actor: Actor,
  exportId: string,
  pages: AsyncIterable<T[]>,
  personOf: (row: T) => string | null | undefined,
): AsyncGenerator<T[]> {
  const who = accessBy(actor);
  for await (const page of pages) {
    const people = new Set<string>();
    for (const row of page) {
      const id = personOf(row);
      if (id) people.add(id);
    }
    await recordAccess(
      db,
      [...people].map((personId) => ({ ...who, personId, kind: 'row_exported' as const, exportId })),
    );
    yield page;
  }
}

/**
 * One column per live custom field the actor's role sees, in the fields' order: the label as header, money in reais,
 * numbers and dates typed, the rest as read on the page (option labels, Sim/Não, a user's name).
 */
async function customColumns<T extends { customFields: Record<string, unknown> }>(
  db: Queryable,
  actor: Actor,
  entity: CustomFieldEntity,
): Promise<Column<T>[]> {
  const fields = fieldsForRole(await fieldsOf(db, actor.workspaceId, entity), actor.role);
  const names = fields.some((f) => f.type === 'user')
    ? new Map((await listUsers(db, actor)).map((u) => [u.id, u.name]))
    : new Map<string, string>();
  return fields.map((f): Column<T> => {
    const value = (row: T) => row.customFields[f.key];
    if (f.type === 'money') {
      return {
        header: f.label,
        kind: 'money',
        value: (row) => (typeof value(row) === 'number' ? (value(row) as number) / 100 : null),
      };
    }
    if (f.type === 'number' || f.type === 'date') return { header: f.label, kind: f.type, value };
    return {
      header: f.label,
      kind: 'text',
      value: (row) => customValueText(f, value(row), { userName: (id) => names.get(id) }),
    };
  });
}

type Plan = { total: number; write: (out: Writable, onPage: OnPage) => Promise<number> };
type OnPage = (rowsDone: number) => Promise<void>;

/** What an export writes: its columns, its total (the list's own count) and its pages, all under the actor. */
async function planExport(
  db: Queryable,
  actor: Actor,
  row: { id: string; list: ExportList; format: ExportFormat; filters: ExportFilters },
): Promise<Plan> {
  const { list, format, filters } = row;
  if (list === 'people') {
    const f = parseFilters('people', filters);
    const total = await countMatchingPeople(db, actor, f);
    // Full numbers only for roles that may also see phones, masked otherwise (as on the list).
    const phone = mayUseAction(actor, 'viewPhones') ? formatPhone : maskPhone;
    type P = Parameters<typeof phone>[0];
    // The identity columns carry the headers the import reads back (domain imports.ts).
    const columns: Column<ExportedPerson>[] = [
      { header: 'Nome', kind: 'text', width: 32, value: (p) => p.name },
      { header: 'Tipo', kind: 'text', value: (p) => KINDS[p.kind] ?? p.kind },
      { header: 'Tipo cadastral', kind: 'text', value: (p) => p.identity?.typeName },
      { header: 'CPF/CNPJ', kind: 'text', width: 20, value: (p) => formatDocument(p.document) },
      { header: 'Passaporte', kind: 'text', value: (p) => p.identity?.passport?.number },
      { header: 'País do passaporte', kind: 'text', width: 8, value: (p) => p.identity?.passport?.country },
      { header: 'Inscrição estadual', kind: 'text', value: (p) => p.identity?.stateRegistration?.number },
      {
        header: 'UF da inscrição estadual',
        kind: 'text',
        width: 8,
        value: (p) => p.identity?.stateRegistration?.state,
      },
      { header: 'Etapa', kind: 'text', width: 12, value: (p) => STAGES[p.stage] ?? p.stage },
      { header: 'Responsável', kind: 'text', value: (p) => p.owner?.name },
      {
        header: 'Telefone',
        kind: 'text',
        width: 18,
        value: (p) => (p.primaryPhone ? phone(p.primaryPhone as P) : null),
      },
      { header: 'E-mail', kind: 'text', width: 28, value: (p) => p.primaryEmail },
      { header: 'Cidade', kind: 'text', value: (p) => p.city },
      { header: 'UF', kind: 'text', width: 6, value: (p) => p.state },
      { header: 'Tags', kind: 'text', value: (p) => p.tags },
      { header: 'Mídia', kind: 'text', value: (p) => p.source.media },
      { header: 'Canal', kind: 'text', value: (p) => p.source.channel },
      { header: 'Criado em', kind: 'date', value: (p) => p.createdAt },
      ...(await customColumns(db, actor, 'person')),
    ];
    return {
      total,
      write: (out, onPage) =>
        writeExport(
          out,
          format,
          'Pessoas',
          columns,
          loggedPages(db, actor, row.id, exportPeople(db, actor, f), (p) => p.id),
          onPage,
        ),
    };
  }
  if (list === 'opportunities') {
    const f = parseFilters('opportunities', filters);
    const { total } = await listOpportunities(db, actor, { ...f, limit: 1 });
    const stages = new Map<string, { pipeline: string; stage: string }>();
    for (const p of await listPipelines(db, actor)) {
      for (const s of p.stages) stages.set(s.id, { pipeline: p.name, stage: s.name });
    }
    const columns: Column<Awaited<ReturnType<typeof listOpportunities>>['items'][number]>[] = [
      { header: 'Título', kind: 'text', width: 32, value: (o) => o.title },
      { header: 'Titular', kind: 'text', width: 28, value: (o) => o.holder?.name },
      { header: 'Funil', kind: 'text', value: (o) => stages.get(o.stageId)?.pipeline },
      { header: 'Etapa', kind: 'text', value: (o) => stages.get(o.stageId)?.stage },
      { header: 'Situação', kind: 'text', value: (o) => OPPORTUNITY_STATUSES[o.status] ?? o.status },
      {
        header: 'Valor (R$)',
        kind: 'money',
        value: (o) => (o.valueCents === null ? null : o.valueCents / 100),
      },
      { header: 'Responsável', kind: 'text', value: (o) => o.owner?.name },
      { header: 'Equipe', kind: 'text', value: (o) => o.team?.name },
      { header: 'Previsão de fechamento', kind: 'date', value: (o) => o.expectedCloseDate },
      { header: 'Dias na etapa', kind: 'number', value: (o) => o.daysInStage },
      { header: 'Tags', kind: 'text', value: (o) => o.tags },
      { header: 'Criada em', kind: 'date', value: (o) => o.createdAt },
      ...(await customColumns(db, actor, 'opportunity')),
    ];
    return {
      total,
      write: (out, onPage) =>
        writeExport(
          out,
          format,
          'Oportunidades',
          columns,
          loggedPages(db, actor, row.id, exportOpportunities(db, actor, f), (o) => o.holder?.id),
          onPage,
        ),
    };
  }
  const f = parseFilters('activities', filters);
  const query = { ...f, mine: f.mine === 'true' };
  assertCan(actor, 'exportPeople');
  const { total } = await listActivities(db, actor, { ...query, limit: 1 });
  async function* pages() {
    let cursor: string | undefined;
    do {
      const page = await listActivities(db, actor, { ...query, limit: 500, cursor });
      yield page.items;
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }
  const columns: Column<Awaited<ReturnType<typeof listActivities>>['items'][number]>[] = [
    { header: 'Tipo', kind: 'text', width: 12, value: (a) => ACTIVITY_KINDS[a.kind] ?? a.kind },
    { header: 'Título', kind: 'text', width: 32, value: (a) => a.title },
    { header: 'Vencimento', kind: 'datetime', width: 18, value: (a) => a.dueAt },
    { header: 'Duração (min)', kind: 'number', value: (a) => a.durationMinutes },
    { header: 'Situação', kind: 'text', value: (a) => ACTIVITY_STATUSES[a.status] ?? a.status },
    { header: 'Responsável', kind: 'text', value: (a) => a.owner.name },
    { header: 'Pessoa', kind: 'text', value: (a) => a.person?.name },
    { header: 'Oportunidade', kind: 'text', value: (a) => a.opportunity?.title },
    { header: 'Resultado', kind: 'text', value: (a) => a.outcome },
    { header: 'Concluída em', kind: 'datetime', width: 18, value: (a) => a.completedAt },
  ];
  return {
    total,
    write: (out, onPage) =>
      writeExport(
        out,
        format,
        'Atividades',
        columns,
        loggedPages(db, actor, row.id, pages(), (a) => a.person?.id),
        onPage,
      ),
  };
}

const PROGRESS_EVERY_MS = 500;
/** Writes of one export's file before it gives up (anonymizations kept landing while it was written). */
const MAX_WRITES = 3;

/**
 * The `export-file` job: writes the export as the user who asked for it (their visibility and capability now), in
 * pages, recording progress; then the file and the row count. A retried job starts over (a finished one is skipped).
 * The filters or the capability refused → failed; anything else is retried, and failed on the last try.
 */
export async function runExport(
  deps: { db: Db; files: FileStore },
  job: { workspaceId: string; exportId: string },
  attempt?: { lastTry: boolean },
): Promise<void> {
  const { db } = deps;
  const row = await repo.findExport(db, job.workspaceId, job.exportId);
  if (!row || row.status === 'done' || row.status === 'failed') return;
  try {
    const actor = await actorForUser(db, row.workspace_id, row.user_id);
    if (!actor) throw new DomainError('forbidden', 403, { detail: 'user_inactive' });
    const plan = await planExport(db, actor, row);
    if (!(await repo.startRun(db, row.workspace_id, row.id, plan.total))) return;
    // LGPD: someone anonymized while the file was written may be in it; the file is then written again.
    for (let tries = 1; ; tries++) {
      const generation = await anonymizationGeneration(db, row.workspace_id);
      let lastReport = Date.now();
      let rowsDone = 0;
      const stored = await exportFiles(deps.files).putStream(async (out) => {
        rowsDone = await plan.write(out, async (done) => {
          if (Date.now() - lastReport < PROGRESS_EVERY_MS) return;
          lastReport = Date.now();
          await repo.recordProgress(db, row.workspace_id, row.id, done);
        });
      });
      const finished = await finishUnlessAnonymized(db, row.workspace_id, generation, async (tx) => {
        await repo.finishRun(tx, row.workspace_id, row.id, {
          rowsDone,
          fileKey: stored.key,
          fileSize: stored.size,
          keepDays: EXPORT_FILE_DAYS,
        });
      });
      if (finished) return;
      if (!(await repo.fileInUse(db, stored.key))) await exportFiles(deps.files).remove(stored.key);
      if (tries === MAX_WRITES)
        throw new DomainError('conflict', 409, { detail: 'anonymized_during_export' });
    }
  } catch (error) {
    if (error instanceof DomainError) {
      await repo.failRun(db, row.workspace_id, row.id, error.extra.detail ?? error.code);
      return;
    }
    if (attempt?.lastTry) await repo.failRun(db, row.workspace_id, row.id, 'processing_failed');
    throw error;
  }
}

/** Expires the finished exports past their days: the record stays, the file goes (unless another export shares it). */
export async function expireExports(
  deps: { db: Queryable; files: FileStore },
  now = new Date(),
): Promise<number> {
  const keys = await repo.expireDue(deps.db, now, 200);
  for (const key of new Set(keys)) {
    if (!(await repo.fileInUse(deps.db, key))) await exportFiles(deps.files).remove(key);
  }
  return keys.length;
}
