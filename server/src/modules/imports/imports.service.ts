import { randomUUID } from 'node:crypto';
import {
  customImportKey,
  DEDUP_POLICIES,
  type DedupPolicy,
  type DocumentKind,
  decodeText,
  dedupKeys,
  documentIssuer,
  documentKind,
  documentRuleErrors,
  type IdentityDocument,
  IMPORT_FIELDS_BY_KIND,
  type ImportCustomFields,
  type ImportedOpportunity,
  type ImportedPerson,
  type ImportKind,
  type ImportMapping,
  MAPPING_PRESETS,
  mergeCustomValues,
  normalizeHeader,
  parseCsv,
  type RowResult,
  roleSeesField,
  suggestCustomTargets,
  suggestMapping,
  toCsv,
  type UpdateImportRequest,
  validateOpportunityRow,
  validateOpportunityRowWithCustomFields,
  validateRowWithCustomFields,
} from '@funil/domain';
import ExcelJS from 'exceljs';
import { type Db, type Queryable, transaction } from '../../db/pool.ts';
import { canonicalJson } from '../../lib/canonical-json.ts';
import { DomainError, notFound, validationError } from '../../lib/errors.ts';
import { assertCan, can } from '../auth/access.policy.ts';
import type { Actor } from '../auth/actor.ts';
import { actorForUser } from '../auth/auth.service.ts';
import { assertActivePurpose, recordConsentsBySystem } from '../consents/consents.service.ts';
import { fieldsOf } from '../custom-fields/custom-fields.service.ts';
import {
  createImportedOpportunity,
  funnelsForImport,
  REQUIRED_LABELS,
  removeImportedOpportunities,
} from '../opportunities/opportunities.service.ts';
import { seesEveryPerson } from '../people/people.policy.ts';
import {
  findHeldIdentityDocuments,
  findUniqueHolders,
  type ImportPatch,
  patchPersonForImport,
  registerImportedPeople,
  removeImportedPeople,
} from '../people/people-bulk.service.ts';
import { listPersonTypes } from '../person-types/person-types.service.ts';
import { SUPPRESSED_IMPORT_REASON, suppressedFlags } from '../suppression/suppression.service.ts';
import { activeUserIdsByEmail } from '../users/users.service.ts';
import * as repo from './imports.repository.ts';

/** Rows past this are refused (the upload is also capped at 10 MB). */
export const MAX_IMPORT_ROWS = 200_000;
const MAX_COLUMNS = 200;
const MAX_CELL = 1000;
/** Rows per transaction of the job: the checkpoint moves once per batch. */
export const IMPORT_BATCH = 2000;

export type ImportView = ReturnType<typeof presentImport>;

export function presentImport(r: repo.ImportRow) {
  return {
    id: r.id,
    kind: r.kind,
    fileName: r.file_name,
    fileType: r.file_type,
    encoding: r.encoding,
    delimiter: r.delimiter,
    headers: r.headers,
    mapping: r.mapping ?? [],
    policy: r.policy,
    consentSetting:
      r.consent_purpose_id && r.consent_basis
        ? { purposeId: r.consent_purpose_id, legalBasis: r.consent_basis }
        : null,
    status: r.status,
    totalRows: r.total_rows,
    processedRows: r.processed_rows,
    created: r.created_count,
    updated: r.updated_count,
    skipped: r.skipped_count,
    rejected: r.rejected_count,
    undoKept: r.undo_kept,
    failure: r.failure,
    createdBy: r.created_by_name ? { id: r.created_by, name: r.created_by_name } : null,
    createdAt: r.created_at.toISOString(),
    startedAt: r.started_at?.toISOString() ?? null,
    finishedAt: r.finished_at?.toISOString() ?? null,
    undoneAt: r.undone_at?.toISOString() ?? null,
  };
}

// ——— Reading the file ———

type Table = {
  fileType: 'csv' | 'xlsx';
  encoding: string | null;
  delimiter: string | null;
  rows: string[][];
};

const unsupported = () =>
  new DomainError('unsupported-media-type', 415, { detail: 'Envie uma planilha CSV ou XLSX.' });

const pad2 = (n: number) => String(n).padStart(2, '0');

/** A cell as the person sees it: dates as dd/mm/aaaa, numbers without exponent, rich text and links as their text. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    return `${pad2(value.getUTCDate())}/${pad2(value.getUTCMonth() + 1)}/${value.getUTCFullYear()}`;
  }
  if (typeof value === 'number') {
    return Number.isInteger(value) ? value.toLocaleString('en-US', { useGrouping: false }) : String(value);
  }
  if (typeof value === 'string' || typeof value === 'boolean') return String(value);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((t) => t.text).join('');
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('error' in value) return '';
  }
  return '';
}

async function readXlsx(bytes: Buffer): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw validationError([
      { field: 'file', code: 'unreadable_xlsx', message: 'A planilha XLSX não pôde ser lida.' },
    ]);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cells[col - 1] = cellText(cell.value);
    });
    rows.push(Array.from(cells, (c) => c ?? ''));
  });
  return rows;
}

/** CSV (any delimiter, UTF-8 / Latin-1 / BOM) or XLSX, told by the content (a ZIP) and the name. */
export async function readTable(fileName: string, bytes: Buffer): Promise<Table> {
  const lower = fileName.toLowerCase();
  const zip = bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
  if (zip) {
    if (!lower.endsWith('.xlsx')) throw unsupported();
    return { fileType: 'xlsx', encoding: null, delimiter: null, rows: await readXlsx(bytes) };
  }
  if (!/\.(csv|txt|tsv)$/.test(lower)) throw unsupported();
  // Binary content (an old .xls renamed, an image) is no CSV; UTF-16 text is read through its BOM.
  const utf16 = bytes[0] === 0xff && bytes[1] === 0xfe;
  if (!utf16 && bytes.subarray(0, 4096).includes(0)) throw unsupported();
  const { text, encoding } = decodeText(bytes);
  const { delimiter, rows } = parseCsv(text);
  return { fileType: 'csv', encoding, delimiter, rows };
}

const headersKey = (headers: string[]) => headers.map(normalizeHeader).join('|');

// ——— Use cases ———

/**
 * Reads an uploaded spreadsheet and stores its rows (the staging table the job works through): answers the import
 * with its headers, the first rows, the suggested mapping (a saved mapping for the same headers first, else an
 * export preset, else the header aliases) and the detected preset.
 */
export async function uploadImport(
  db: Db,
  actor: Actor,
  file: { fileName: string; bytes: Buffer },
  kind: ImportKind = 'people',
) {
  assertCan(actor, 'importPeople');
  const table = await readTable(file.fileName, file.bytes);
  const [rawHeaders, ...data] = table.rows;
  if (!rawHeaders || data.length === 0) {
    throw validationError([{ field: 'file', code: 'empty', message: 'A planilha não tem linhas de dados.' }]);
  }
  if (data.length > MAX_IMPORT_ROWS) {
    throw validationError([
      { field: 'file', code: 'too_many_rows', message: `A planilha passa de ${MAX_IMPORT_ROWS} linhas.` },
    ]);
  }
  const width = Math.min(
    MAX_COLUMNS,
    Math.max(rawHeaders.length, ...data.slice(0, 1000).map((r) => r.length)),
  );
  const headers = Array.from(
    { length: width },
    (_, i) => (rawHeaders[i] ?? '').trim().slice(0, 200) || `Coluna ${i + 1}`,
  );
  const rows = data.map((r) => Array.from({ length: width }, (_, i) => (r[i] ?? '').slice(0, MAX_CELL)));
  const allowed: readonly string[] = IMPORT_FIELDS_BY_KIND[kind];
  const saved = (await repo.mappingsFor(db, actor.workspaceId, headersKey(headers))).filter((m) =>
    m.mapping.every((f) => f === null || allowed.includes(f) || customImportKey(f)),
  );
  const custom = await importFields(db, actor, kind);
  const mapping =
    saved[0]?.mapping ??
    suggestCustomTargets(headers, suggestMapping(headers, undefined, kind), custom.fields, actor.role, kind);
  const id = randomUUID();
  await transaction(db, async (tx) => {
    await repo.insertImport(tx, {
      id,
      workspaceId: actor.workspaceId,
      createdBy: actor.userId,
      kind,
      fileName: file.fileName.slice(0, 255) || 'planilha',
      fileType: table.fileType,
      encoding: table.encoding,
      delimiter: table.delimiter,
      headers,
      mapping,
      totalRows: rows.length,
    });
    await repo.insertImportRows(tx, actor.workspaceId, id, rows);
  });
  return {
    ...(await getImport(db, actor, id)),
    sample: rows.slice(0, 5),
    savedMappings: saved,
    presets:
      kind === 'people' ? Object.entries(MAPPING_PRESETS).map(([key, p]) => ({ key, label: p.label })) : [],
  };
}

/**
 * Whose imports the actor reaches: everyone's for a role that sees every person, otherwise their own (an import's
 * rows and error report hold the file's personal data; its undo touches the people it wrote).
 */
const ownerFilter = (actor: Actor) => (seesEveryPerson(actor) ? null : actor.userId);

async function loadImport(db: Db, actor: Actor, id: string) {
  assertCan(actor, 'importPeople');
  const row = await repo.findImport(db, actor.workspaceId, id, false, ownerFilter(actor));
  if (!row) throw notFound();
  return row;
}

export async function getImport(db: Db, actor: Actor, id: string) {
  return presentImport(await loadImport(db, actor, id));
}

export async function listImports(db: Db, actor: Actor) {
  assertCan(actor, 'importPeople');
  return (await repo.listImports(db, actor.workspaceId, 100, ownerFilter(actor))).map(presentImport);
}

/** The imported entity's custom fields as the importer's role checks them (`cf:<key>` targets, required ones). */
async function importFields(db: Queryable, actor: Actor, kind: ImportKind): Promise<ImportCustomFields> {
  const entity = kind === 'people' ? 'person' : 'opportunity';
  return { fields: await fieldsOf(db, actor.workspaceId, entity), role: actor.role };
}

async function assertMapping(
  db: Queryable,
  actor: Actor,
  mapping: ImportMapping,
  width: number,
  kind: ImportKind,
) {
  if (mapping.length !== width) {
    throw validationError([
      { field: 'mapping', code: 'columns', message: `Informe um campo para cada uma das ${width} colunas.` },
    ]);
  }
  const allowed: readonly string[] = IMPORT_FIELDS_BY_KIND[kind];
  // A custom field (of the imported entity) must be live and seen by the importer's role.
  const fields = mapping.some((f) => customImportKey(f)) ? (await importFields(db, actor, kind)).fields : [];
  const fillable = (key: string) =>
    fields.some((f) => f.key === key && f.archivedAt === null && roleSeesField(f, actor.role));
  const wrong = mapping.find((f) => {
    const key = customImportKey(f);
    return f !== null && (key === null ? !allowed.includes(f) : !fillable(key));
  });
  if (wrong) {
    throw validationError([
      { field: 'mapping', code: 'field', message: `O campo ${wrong} não se aplica a esta importação.` },
    ]);
  }
  if (kind === 'opportunities') {
    if (!mapping.includes('document') && !mapping.includes('email') && !mapping.includes('phone')) {
      throw validationError([
        {
          field: 'mapping',
          code: 'holder_required',
          message: 'Associe uma coluna ao CPF/CNPJ, e-mail ou telefone do titular.',
        },
      ]);
    }
    return;
  }
  if (!mapping.includes('name') && !mapping.includes('firstName')) {
    throw validationError([
      { field: 'mapping', code: 'name_required', message: 'Associe uma coluna ao nome.' },
    ]);
  }
}

/** The mapping and dedup policy (only before the import starts); optionally saved for files with the same headers. */
export async function updateImport(db: Db, actor: Actor, id: string, input: UpdateImportRequest) {
  const current = await loadImport(db, actor, id);
  if (current.status !== 'uploaded') {
    throw new DomainError('conflict', 409, { detail: 'A importação já começou.' });
  }
  await assertMapping(db, actor, input.mapping, current.headers.length, current.kind);
  const consent = input.consentSetting ?? null;
  if (consent)
    await assertActivePurpose(db, actor.workspaceId, consent.purposeId, 'consentSetting.purposeId');
  await repo.setMapping(db, actor.workspaceId, id, input.mapping, input.policy, consent);
  if (input.saveMappingAs) {
    await repo.saveMapping(db, {
      workspaceId: actor.workspaceId,
      name: input.saveMappingAs,
      headersKey: headersKey(current.headers),
      mapping: input.mapping,
      createdBy: actor.userId,
    });
  }
  return getImport(db, actor, id);
}

/**
 * The first rows through the current mapping: each row's errors (pt-BR) and, for valid rows, whether a person
 * already holds its CPF/CNPJ, phone or e-mail (what the dedup policy will apply to).
 */
export async function previewImport(db: Db, actor: Actor, id: string, limit = 20) {
  const current = await loadImport(db, actor, id);
  const mapping = current.mapping ?? [];
  const rows = await repo.rowsAfter(db, actor.workspaceId, id, 0, limit);
  const custom = await importFields(db, actor, current.kind);
  if (current.kind === 'opportunities') {
    const resolver = await opportunityResolver(db, actor, rows, mapping);
    const pending = new Map<string, string>();
    return {
      rows: rows.map((r) => {
        const v = validateOpportunityRowWithCustomFields(r.cells, mapping, custom);
        const resolved = v.opportunity ? resolver.resolve(v.opportunity, pending) : null;
        if (v.opportunity && resolved && !resolved.errors.length && !resolved.holder && !resolved.pendingId) {
          for (const k of v.opportunity.holderKeys) pending.set(k, String(r.row_no));
        }
        return { rowNo: r.row_no, cells: r.cells, errors: resolved?.errors ?? v.errors, duplicate: null };
      }),
    };
  }
  const results = (await validatePeopleRows(db, actor, rows, mapping)).map(({ row, ...v }) => ({
    rowNo: row.row_no,
    cells: row.cells,
    ...v,
  }));
  const people = results.flatMap((r) => (r.person ? [r.person] : []));
  const holders = await findUniqueHolders(db, actor, uniqueValues(people));
  const held = new Set(holders.map((h) => h.key));
  const seen = new Set<string>();
  return {
    rows: results.map((r) => {
      const keys = r.person ? dedupKeys(r.person) : [];
      const duplicate: 'registry' | 'file' | null = keys.some((k) => held.has(k))
        ? 'registry'
        : keys.some((k) => seen.has(k))
          ? 'file'
          : null;
      for (const k of keys) seen.add(k);
      return { rowNo: r.rowNo, cells: r.cells, errors: r.errors, duplicate };
    }),
  };
}

/** Queues the import for the job (from `uploaded`, or again after a failure: it resumes at its checkpoint). */
export async function startImport(db: Db, actor: Actor, id: string) {
  const current = await loadImport(db, actor, id);
  if (current.status !== 'uploaded' && current.status !== 'failed') {
    throw new DomainError('conflict', 409, { detail: 'A importação já foi iniciada.' });
  }
  await assertMapping(db, actor, current.mapping ?? [], current.headers.length, current.kind);
  if (!current.policy || !DEDUP_POLICIES.includes(current.policy)) {
    throw validationError([
      { field: 'policy', code: 'required', message: 'Escolha o que fazer com duplicados.' },
    ]);
  }
  await repo.setStatus(db, actor.workspaceId, id, 'queued');
  return getImport(db, actor, id);
}

/** The rejected and skipped rows as CSV: the file's columns, then the line and the reason. */
export async function errorReport(db: Db, actor: Actor, id: string) {
  const current = await loadImport(db, actor, id);
  const rows = await repo.problemRows(db, actor.workspaceId, id);
  const csv = toCsv([
    [...current.headers, 'Linha', 'Situação', 'Motivo'],
    ...rows.map((r) => [
      ...r.cells,
      String(r.row_no),
      r.status === 'rejected' ? 'Recusada' : 'Ignorada',
      r.reason,
    ]),
  ]);
  return { fileName: `erros-${current.file_name.replace(/\.[^.]+$/, '')}.csv`, csv };
}

// ——— Person types and documents (people) ———

const DOCUMENT_LABELS: Record<DocumentKind, string> = {
  cpf: 'CPF',
  cnpj: 'CNPJ',
  passport: 'passaporte',
  state_registration: 'inscrição estadual',
  none: 'documento',
};

/** A passport / IE as the registry's unique index keys it. */
const identityKey = (d: IdentityDocument) => `${d.kind}:${documentIssuer(d)}:${d.number}`;

/**
 * The row's person type by name (accents and case ignored; no name: the built-in type of its kind) and its
 * document rules checked as the person form checks them (`documentRuleErrors`): the person with its type, or the
 * pt-BR reasons ("O tipo Estrangeiro exige passaporte").
 */
async function personTypeResolver(db: Queryable, actor: Actor) {
  const types = await listPersonTypes(db, actor);
  return (person: ImportedPerson): RowResult => {
    const wanted = person.typeName;
    const type = wanted
      ? types.find((t) => normalizeHeader(t.name) === normalizeHeader(wanted))
      : types.find((t) => t.builtin === person.kind);
    if (!type) return { person: null, errors: [`Tipo de pessoa não encontrado: ${wanted ?? person.kind}`] };
    const required = type.documents.find((r) => r.required && (r.kind === 'cpf' || r.kind === 'cnpj'));
    const errors = documentRuleErrors(type.documents, person).map((e) => {
      const index = /^documents\.(\d+)$/.exec(e.field)?.[1];
      const kind: DocumentKind =
        e.field === 'document'
          ? e.code === 'required'
            ? (required?.kind ?? 'cpf')
            : (documentKind(person.document ?? '') ?? 'cpf')
          : index !== undefined
            ? (person.documents[Number(index)]?.kind ?? 'none')
            : (e.field.slice('documents.'.length) as DocumentKind);
      return e.code === 'required'
        ? `O tipo ${type.name} exige ${DOCUMENT_LABELS[kind]}`
        : `O tipo ${type.name} não aceita ${DOCUMENT_LABELS[kind]}`;
    });
    if (errors.length) return { person: null, errors };
    return { person: { ...person, kind: type.baseKind, typeId: type.id }, errors: [] };
  };
}

/** People rows validated with their custom fields, then their person type and documents. */
async function validatePeopleRows<R extends { cells: string[] }>(
  db: Queryable,
  actor: Actor,
  rows: R[],
  mapping: ImportMapping,
) {
  const custom = await importFields(db, actor, 'people');
  const withType = await personTypeResolver(db, actor);
  return rows.map((row) => {
    const v = validateRowWithCustomFields(row.cells, mapping, custom);
    return { row, ...(v.person ? withType(v.person) : v) };
  });
}

// ——— The job ———

function uniqueValues(people: ImportedPerson[]) {
  return {
    documents: people.flatMap((p) => (p.document ? [p.document] : [])),
    phones: people.flatMap((p) => p.phones),
    emails: people.flatMap((p) => p.emails),
  };
}

type Outcome = repo.RowOutcome;

/** What an update writes: the import's values over the person's, lists merged (new values that nobody holds). */
function mergeForUpdate(
  current: ImportPatch,
  p: ImportedPerson,
  free: (key: string) => boolean,
): ImportPatch {
  const phones = [...current.phones];
  for (const number of p.phones) {
    if (!phones.some((x) => x.number === number) && free(`p:${number}`)) {
      phones.push({ number, type: 'mobile', primary: phones.length === 0 });
    }
  }
  const emails = [...current.emails];
  for (const address of p.emails) {
    if (!emails.some((x) => x.address === address) && free(`e:${address}`)) {
      emails.push({ address, type: 'personal', primary: emails.length === 0 });
    }
  }
  return {
    name: p.name,
    tradeName: p.tradeName ?? current.tradeName,
    rg: p.rg ?? current.rg,
    birthDate: p.birthDate ?? current.birthDate,
    document: current.document ?? (p.document && free(`d:${p.document}`) ? p.document : null),
    tags: [...new Set([...current.tags, ...p.tags])],
    phones,
    emails,
    customFields: mergeCustomValues(current.customFields ?? {}, p.customFields ?? {}),
  };
}

/**
 * What undo writes over a person an import updated: each field (each custom value) the import changed and nobody
 * changed since goes back to its value before the import; the rest stays as it is now.
 */
function restoreForUndo(cur: ImportPatch, before: ImportPatch, after: ImportPatch): ImportPatch {
  const restored = { ...cur };
  const same = (a: unknown, b: unknown) => canonicalJson(a ?? null) === canonicalJson(b ?? null);
  for (const f of Object.keys(before) as (keyof ImportPatch)[]) {
    if (f !== 'customFields' && same(cur[f], after[f])) Object.assign(restored, { [f]: before[f] });
  }
  if (before.customFields && after.customFields) {
    const values = { ...cur.customFields };
    for (const key of new Set([...Object.keys(before.customFields), ...Object.keys(after.customFields)])) {
      const old = before.customFields[key];
      if (same(old, after.customFields[key]) || !same(values[key], after.customFields[key])) continue;
      if (old === undefined) delete values[key];
      else values[key] = old;
    }
    restored.customFields = values;
  }
  return restored;
}

/**
 * One batch: the rows after the checkpoint, validated; duplicates found against the registry and inside the file
 * (a value held by a person this import already wrote is a repeat of an earlier line); new people inserted in one
 * statement; the outcomes and the checkpoint written in the same transaction — a crash loses the batch, never half
 * of it, and the next run starts after the last batch that committed. `ahead` is this batch read in advance (used
 * when it starts at the checkpoint, else read again); answers the read of the next one, or null when nothing was left.
 */
async function runBatch(
  db: Db,
  actor: Actor,
  importId: string,
  batchSize: number,
  ahead: Promise<StagedBatch | null> | null,
): Promise<{ next: Promise<StagedBatch | null> } | null> {
  return transaction(db, async (tx) => {
    const current = await repo.findImport(tx, actor.workspaceId, importId, true);
    if (current?.status !== 'running') return null;
    const mapping = current.mapping ?? [];
    const kind = current.kind;
    const read = await ahead;
    const staged =
      read?.after === current.processed_through
        ? read
        : await readBatch(tx, actor, importId, current.processed_through, batchSize, kind, mapping);
    const { rows } = staged;
    const last = rows.at(-1);
    if (!last) {
      await repo.setStatus(tx, actor.workspaceId, importId, 'done');
      return null;
    }
    // The next batch is read and validated while this one is written (Node and the server each have work).
    const next = readBatch(db, actor, importId, last.row_no, batchSize, kind, mapping).catch(() => null);
    if (kind === 'opportunities') {
      const outcomes = await opportunityOutcomes(tx, actor, current, rows);
      await repo.recordOutcomes(tx, actor.workspaceId, importId, outcomes);
      const count = (st: Outcome['status']) => outcomes.filter((o) => o.status === st).length;
      await repo.advance(tx, actor.workspaceId, importId, last.row_no, {
        rows: rows.length,
        created: count('created'),
        updated: 0,
        skipped: count('skipped'),
        rejected: count('rejected'),
      });
      return { next };
    }
    const policy: DedupPolicy = current.policy ?? 'skip';
    const validated = staged.validated ?? [];
    const valid = validated.flatMap((v) => (v.person ? [v.person] : []));
    const holders = await findUniqueHolders(tx, actor, uniqueValues(valid));
    const holderOf = new Map<string, { personId: string; visible: boolean }>();
    for (const h of holders) holderOf.set(h.key, { personId: h.person_id, visible: h.visible });
    // People this import already wrote (earlier batches): a value they hold is a repeat inside the file.
    const written = new Map(
      (
        await repo.rowsOfPeople(tx, actor.workspaceId, importId, [
          ...new Set(holders.map((h) => h.person_id)),
        ])
      ).map((r) => [r.person_id, r.row_no]),
    );
    const inBatch = new Map<string, number>();
    const outcomes: Outcome[] = [];
    const creates: (ImportedPerson & { id: string })[] = [];
    // LGPD: people anonymized at their request (suppression list) are not brought back by a spreadsheet.
    const suppressed = await suppressedFlags(
      tx,
      actor.workspaceId,
      validated.map((v) =>
        v.person ? { document: v.person.document, emails: v.person.emails, phones: v.person.phones } : {},
      ),
    );
    // Passports / IEs are unique too: a new person's that someone holds, or an earlier line gave, refuses the row.
    const heldDocuments = new Set(
      await findHeldIdentityDocuments(
        tx,
        actor,
        valid.flatMap((p) => p.documents.map(identityKey)),
      ),
    );
    const documentsInBatch = new Map<string, number>();
    for (const [i, v] of validated.entries()) {
      const rowNo = v.row.row_no;
      if (!v.person) {
        outcomes.push({ rowNo, status: 'rejected', reason: v.errors.join('; '), personId: null });
        continue;
      }
      /** Registers the row's new person unless its passport / IE is taken (then the row is refused, and false). */
      const createsWithDocuments = (person: ImportedPerson & { id: string }) => {
        const taken = person.documents.flatMap((d) => {
          const key = identityKey(d);
          const line = documentsInBatch.get(key);
          const label = `${DOCUMENT_LABELS[d.kind]} ${documentIssuer(d)} ${d.number}`;
          if (heldDocuments.has(key)) return [`Já cadastrado: ${label}`];
          return line === undefined ? [] : [`Repetido no arquivo: ${label} (linha ${line})`];
        });
        if (taken.length) {
          outcomes.push({ rowNo, status: 'rejected', reason: taken.join('; '), personId: null });
          return false;
        }
        for (const d of person.documents) {
          if (d.number !== 'ISENTO') documentsInBatch.set(identityKey(d), rowNo);
        }
        creates.push(person);
        return true;
      };
      if (suppressed[i]) {
        outcomes.push({ rowNo, status: 'skipped', reason: SUPPRESSED_IMPORT_REASON, personId: null });
        continue;
      }
      const person = v.person;
      const keys = dedupKeys(person);
      const repeatOf =
        keys.map((k) => inBatch.get(k)).find((n) => n !== undefined) ??
        keys
          .map((k) => holderOf.get(k))
          .map((h) => (h ? written.get(h.personId) : undefined))
          .find((n) => n !== undefined);
      if (repeatOf !== undefined) {
        outcomes.push({
          rowNo,
          status: 'skipped',
          reason: `Repetida no arquivo (mesmo CPF/CNPJ, telefone ou e-mail da linha ${repeatOf})`,
          personId: null,
        });
        continue;
      }
      const holderKey = keys.find((k) => holderOf.has(k));
      const holder = holderKey ? holderOf.get(holderKey) : undefined;
      if (!holder) {
        const id = randomUUID();
        if (!createsWithDocuments({ ...person, id })) continue;
        for (const k of keys) inBatch.set(k, rowNo);
        outcomes.push({ rowNo, status: 'created', reason: null, personId: id });
        continue;
      }
      const what = holderKey?.startsWith('d:')
        ? 'CPF/CNPJ'
        : holderKey?.startsWith('p:')
          ? 'telefone'
          : 'e-mail';
      if (policy === 'skip' || (policy === 'update' && !holder.visible)) {
        outcomes.push({
          rowNo,
          status: 'skipped',
          reason: holder.visible
            ? `Já cadastrada (mesmo ${what})`
            : `Já cadastrada (mesmo ${what}) fora da sua carteira`,
          personId: null,
        });
        continue;
      }
      for (const k of keys) inBatch.set(k, rowNo);
      if (policy === 'create') {
        // A new person without the values someone else already holds (the registry keeps them unique).
        const free = (k: string) => !holderOf.has(k);
        const id = randomUUID();
        const created = createsWithDocuments({
          ...person,
          id,
          document: person.document && free(`d:${person.document}`) ? person.document : null,
          phones: person.phones.filter((n) => free(`p:${n}`)),
          emails: person.emails.filter((e) => free(`e:${e}`)),
        });
        if (!created) continue;
        outcomes.push({
          rowNo,
          status: 'created',
          reason: `Criada sem o ${what} já cadastrado`,
          personId: id,
        });
        continue;
      }
      // update: the holder takes the row's values; values held by yet another person are left out.
      const free = (k: string) => {
        const h = holderOf.get(k);
        return !h || h.personId === holder.personId;
      };
      const result = await patchPersonForImport(tx, actor, holder.personId, importId, (cur) =>
        mergeForUpdate(cur, person, free),
      );
      if (!result) {
        outcomes.push({ rowNo, status: 'skipped', reason: `Já cadastrada (mesmo ${what})`, personId: null });
      } else if (!result.changed) {
        outcomes.push({ rowNo, status: 'skipped', reason: 'Já cadastrada, sem alterações', personId: null });
      } else {
        written.set(holder.personId, rowNo);
        outcomes.push({
          rowNo,
          status: 'updated',
          reason: null,
          personId: holder.personId,
          previous: { before: result.before, after: result.after },
        });
      }
    }
    await registerImportedPeople(tx, actor, { importId, fileName: current.file_name }, creates);
    // LGPD: the import's purpose + legal basis for every person it created or updated, in the batch's transaction.
    if (current.consent_purpose_id && current.consent_basis) {
      await recordConsentsBySystem(tx, {
        workspaceId: actor.workspaceId,
        personIds: outcomes.flatMap((o) =>
          (o.status === 'created' || o.status === 'updated') && o.personId ? [o.personId] : [],
        ),
        setting: { purposeId: current.consent_purpose_id, legalBasis: current.consent_basis },
        source: 'import',
        evidence: `Importação "${current.file_name}" (${importId})`,
        recordedBy: actor.userId,
      });
    }
    await repo.recordOutcomes(tx, actor.workspaceId, importId, outcomes);
    const count = (s: Outcome['status']) => outcomes.filter((o) => o.status === s).length;
    await repo.advance(tx, actor.workspaceId, importId, last.row_no, {
      rows: rows.length,
      created: count('created'),
      updated: count('updated'),
      skipped: count('skipped'),
      rejected: count('rejected'),
    });
    return { next };
  });
}

/** Staged rows after a checkpoint (they never change once staged), people rows validated. */
type StagedBatch = {
  after: number;
  rows: Awaited<ReturnType<typeof repo.rowsAfter>>;
  validated: ({ row: Awaited<ReturnType<typeof repo.rowsAfter>>[number] } & RowResult)[] | null;
};

async function readBatch(
  db: Queryable,
  actor: Actor,
  importId: string,
  after: number,
  batchSize: number,
  kind: ImportKind,
  mapping: ImportMapping,
): Promise<StagedBatch> {
  const rows = await repo.rowsAfter(db, actor.workspaceId, importId, after, batchSize);
  const validated = kind === 'people' ? await validatePeopleRows(db, actor, rows, mapping) : null;
  return { after, rows, validated };
}

// ——— Opportunities ———

const keyValues = (keys: string[]) => ({
  documents: keys.filter((k) => k.startsWith('d:')).map((k) => k.slice(2)),
  phones: keys.filter((k) => k.startsWith('p:')).map((k) => k.slice(2)),
  emails: keys.filter((k) => k.startsWith('e:')).map((k) => k.slice(2)),
});

/**
 * Funnel, stage, owner and holder of opportunity rows: names and e-mails become records, or pt-BR reasons. The
 * funnel by name (default: the oldest live one), the stage by name in it (default: its first), the owner by e-mail
 * among active users (default: the importer; another one needs `assignOwners`), the holder by the first of its
 * CPF/CNPJ, phones and e-mails a person holds (one the importer sees), else a new person when the row names one.
 */
async function opportunityResolver(
  db: Queryable,
  actor: Actor,
  rows: { cells: string[] }[],
  mapping: ImportMapping,
) {
  const funnels = await funnelsForImport(db, actor.workspaceId);
  const valid = rows.flatMap((r) => {
    const v = validateOpportunityRow(r.cells, mapping);
    return v.opportunity ? [v.opportunity] : [];
  });
  const owners = await activeUserIdsByEmail(db, actor.workspaceId, [
    ...new Set(valid.flatMap((o) => (o.ownerEmail ? [o.ownerEmail] : []))),
  ]);
  const holders = await findUniqueHolders(
    db,
    actor,
    keyValues([...new Set(valid.flatMap((o) => o.holderKeys))]),
  );
  const holderOf = new Map(holders.map((h) => [h.key, { personId: h.person_id, visible: h.visible }]));
  const same = (a: string, b: string) => normalizeHeader(a) === normalizeHeader(b);
  /** `pending`: holders registered by earlier rows of the file (key → person id), not yet in the registry. */
  const resolve = (o: ImportedOpportunity, pending: Map<string, string>) => {
    const errors: string[] = [];
    const pipeline = o.pipeline ? funnels.find((f) => same(f.name, o.pipeline ?? '')) : funnels[0];
    if (!pipeline)
      errors.push(o.pipeline ? `Funil não encontrado: ${o.pipeline}` : 'Nenhum funil cadastrado');
    const stage = pipeline
      ? o.stage
        ? pipeline.stages.find((st) => same(st.name, o.stage ?? ''))
        : pipeline.stages[0]
      : undefined;
    if (pipeline && !stage) {
      errors.push(
        o.stage
          ? `Etapa não encontrada no funil ${pipeline.name}: ${o.stage}`
          : `O funil ${pipeline.name} não tem etapas`,
      );
    }
    const lacking = (stage?.requiredFields ?? []).filter(
      (f) =>
        (f === 'valueCents' && o.valueCents === null) || (f === 'expectedCloseDate' && !o.expectedCloseDate),
    );
    if (stage && lacking.length) {
      errors.push(`A etapa ${stage.name} exige: ${lacking.map((f) => REQUIRED_LABELS[f] ?? f).join(', ')}`);
    }
    const ownerId = o.ownerEmail
      ? (owners.get(o.ownerEmail) ?? null)
      : actor.role === 'attendant'
        ? null
        : actor.userId;
    if (o.ownerEmail && !ownerId) errors.push(`Responsável não encontrado: ${o.ownerEmail}`);
    else if (ownerId !== actor.userId && !can(actor, 'assignOwners')) {
      errors.push('Seu perfil só pode cadastrar oportunidades em seu próprio nome');
    }
    const holderKey = o.holderKeys.find((k) => holderOf.has(k));
    const holder = holderKey ? holderOf.get(holderKey) : undefined;
    if (holder && !holder.visible) errors.push('Titular fora da sua carteira');
    const pendingId = holder
      ? undefined
      : o.holderKeys.map((k) => pending.get(k)).find((x) => x !== undefined);
    if (!holder && !pendingId && !o.person) {
      errors.push('Titular não encontrado (informe o nome para cadastrá-lo)');
    }
    return { errors, pipeline, stage, ownerId, holder, pendingId };
  };
  return { resolve };
}

/**
 * One batch of an opportunities import, inside its transaction: holders registered first (set-based, as the people
 * import does; a holder two rows name is registered once), then each card through the opportunities service.
 */
async function opportunityOutcomes(
  tx: Queryable,
  actor: Actor,
  current: repo.ImportRow,
  rows: { row_no: number; cells: string[] }[],
): Promise<Outcome[]> {
  const mapping = current.mapping ?? [];
  const resolver = await opportunityResolver(tx, actor, rows, mapping);
  const custom = await importFields(tx, actor, 'opportunities');
  const outcomes: Outcome[] = [];
  const creates: (ImportedPerson & { id: string })[] = [];
  const newHolder = new Map<string, string>();
  const cards: {
    rowNo: number;
    o: ImportedOpportunity;
    r: ReturnType<typeof resolver.resolve>;
    holderId: string;
    createdPerson: string | null;
  }[] = [];
  for (const row of rows) {
    const v = validateOpportunityRowWithCustomFields(row.cells, mapping, custom);
    const r = v.opportunity ? resolver.resolve(v.opportunity, newHolder) : null;
    if (!v.opportunity || !r || r.errors.length) {
      const reason = (r?.errors ?? v.errors).join('; ');
      outcomes.push({ rowNo: row.row_no, status: 'rejected', reason, personId: null });
      continue;
    }
    const o = v.opportunity;
    let holderId = r.holder?.personId ?? r.pendingId;
    let createdPerson: string | null = null;
    if (!holderId) {
      if (o.person) {
        holderId = randomUUID();
        createdPerson = holderId;
        creates.push({ ...o.person, id: holderId });
        for (const k of o.holderKeys) newHolder.set(k, holderId);
      }
    }
    if (!holderId) continue; // the resolver reported it
    cards.push({ rowNo: row.row_no, o, r, holderId, createdPerson });
  }
  await registerImportedPeople(tx, actor, { importId: current.id, fileName: current.file_name }, creates);
  for (const c of cards) {
    const { pipeline, stage } = c.r;
    if (!pipeline || !stage) continue;
    const id = randomUUID();
    const refused = await createImportedOpportunity(tx, actor, {
      id,
      pipeline,
      stage,
      holderId: c.holderId,
      ownerId: c.r.ownerId,
      title: c.o.title ?? c.o.person?.name ?? `Oportunidade da linha ${c.rowNo}`,
      description: c.o.description,
      valueCents: c.o.valueCents,
      expectedCloseDate: c.o.expectedCloseDate,
      source: { media: c.o.media, channel: c.o.channel },
      customFields: c.o.customFields ?? {},
      importId: current.id,
      fileName: current.file_name,
    });
    outcomes.push(
      refused
        ? { rowNo: c.rowNo, status: 'rejected', reason: refused, personId: c.createdPerson }
        : { rowNo: c.rowNo, status: 'created', reason: null, personId: c.createdPerson, opportunityId: id },
    );
  }
  return outcomes.sort((a, b) => a.rowNo - b.rowNo);
}

/**
 * Runs an import from its checkpoint to the end (or `maxBatches` batches: tests stop it midway as a crash would).
 * Idempotent: a second runner waits on the import's row lock and continues after the first one's last batch.
 */
export async function runImport(
  db: Db,
  workspaceId: string,
  importId: string,
  opts: { batchSize?: number; maxBatches?: number } = {},
): Promise<void> {
  const current = await repo.findImport(db, workspaceId, importId);
  if (!current || (current.status !== 'queued' && current.status !== 'running')) return;
  const actor = await actorForUser(db, workspaceId, current.created_by);
  if (!actor) {
    await repo.setStatus(db, workspaceId, importId, 'failed', {
      failure: 'Quem iniciou a importação não está mais ativo.',
    });
    return;
  }
  if (current.status === 'queued') await repo.setStatus(db, workspaceId, importId, 'running');
  let batches = 0;
  let ahead: Promise<StagedBatch | null> | null = null;
  try {
    while (opts.maxBatches === undefined || batches < opts.maxBatches) {
      const done = await runBatch(db, actor, importId, opts.batchSize ?? IMPORT_BATCH, ahead);
      if (!done) break;
      ahead = done.next;
      batches++;
    }
  } catch (error) {
    // A person registered meanwhile with the same value, a lost connection…: the batch rolled back; the import
    // stops at its checkpoint and "Tentar de novo" resumes it there.
    await repo.setStatus(db, workspaceId, importId, 'failed', {
      failure:
        (error as { code?: string }).code === '23505'
          ? 'Cadastro simultâneo com os mesmos dados.'
          : 'Erro ao gravar um lote.',
    });
    throw error;
  }
}

/** The periodic job: the oldest queued (or interrupted) import, to its end. */
export async function runPendingImports(db: Db): Promise<void> {
  for (;;) {
    const next = await repo.nextPendingImport(db);
    if (!next) return;
    await runImport(db, next.workspace_id, next.id);
  }
}

/**
 * Undoes a finished import: people it created are removed (deleted with their contacts when nothing else refers
 * to them — their CPF/CNPJ, phones and e-mails can be registered again —, their timeline payloads erased); people
 * it updated get back the values it replaced (a field changed since by someone else keeps that change), with a
 * `field_changed` event. One transaction.
 */
export async function undoImport(db: Db, actor: Actor, id: string) {
  await loadImport(db, actor, id);
  await transaction(db, async (tx) => {
    const current = await repo.findImport(tx, actor.workspaceId, id, true);
    if (!current) throw notFound();
    if (current.status !== 'done' && current.status !== 'failed') {
      throw new DomainError('conflict', 409, {
        detail:
          current.status === 'undone' ? 'A importação já foi desfeita.' : 'A importação ainda não terminou.',
      });
    }
    const updated = await repo.rowsWithOutcome(tx, actor.workspaceId, id, ['updated']);
    for (const r of updated.reverse()) {
      const { before, after } = r.previous as { before: ImportPatch; after: ImportPatch };
      await patchPersonForImport(tx, actor, r.person_id, id, (cur) => restoreForUndo(cur, before, after));
    }
    const cards =
      current.kind === 'opportunities' ? await repo.opportunitiesOf(tx, actor.workspaceId, id) : [];
    const removedCards = await removeImportedOpportunities(tx, actor, cards);
    const created = (await repo.rowsWithOutcome(tx, actor.workspaceId, id, ['created', 'rejected'])).map(
      (r) => r.person_id,
    );
    const removed = await removeImportedPeople(tx, actor, created);
    await repo.markUndone(
      tx,
      actor.workspaceId,
      id,
      actor.userId,
      cards.length - removedCards.length + created.length - removed.length,
    );
  });
  return getImport(db, actor, id);
}
