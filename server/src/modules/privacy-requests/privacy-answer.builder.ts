import type { Writable } from 'node:stream';
import type { LegalBasis, Person, PrivacySettings } from '@funil/domain';
import { formatDocument } from '@funil/domain';
import type { Queryable } from '../../db/pool.ts';
import type { FileStore } from '../../lib/file-store.ts';
import { listActivities } from '../activities/activities.service.ts';
import { listPersonAttachments } from '../attachments/attachments.service.ts';
import type { Actor } from '../auth/actor.ts';
import { listPersonContacts } from '../callcenter/callcenter.service.ts';
import { consentLog } from '../consents/consents.service.ts';
import { renderTextPdf } from '../documents/pdf.ts';
import { ZListOpportunitiesQuery } from '../opportunities/opportunities.schema.ts';
import { listOpportunities } from '../opportunities/opportunities-board.service.ts';
import { getPerson, getPersonTimeline } from '../people/people.service.ts';
import { listPipelines } from '../pipelines/pipelines.service.ts';

// The access / portability answer (LGPD art. 18 II and V, art. 19): everything held about one person, as a JSON
// document (structured, machine-readable: portability) and a PDF summary signed by the controller and its Encarregado.
// Every read goes through the owning module's service, so the acting admin's people visibility applies. Lists are
// read page by page and written as they come (the JSON is streamed into the file store): a long timeline never sits
// whole in memory. The PDF lists at most PDF_TIMELINE_LIMIT events and says how many more the JSON holds.

/** The legal bases as the person reads them (LGPD art. 7). */
const LEGAL_BASIS_LABELS: Record<LegalBasis, string> = {
  consent: 'Consentimento',
  legitimate_interest: 'Legítimo interesse',
  contract: 'Execução de contrato',
  legal_obligation: 'Obrigação legal',
  judicial_process: 'Exercício regular de direitos em processo judicial',
  credit_protection: 'Proteção do crédito',
};

export const PDF_TIMELINE_LIMIT = 300;

const STATUS_LABELS: Record<string, string> = {
  open: 'Em andamento',
  won: 'Ganha',
  lost: 'Perdida',
  discarded: 'Descartada',
};

type Section = { title: string; lines: string[] };

const dateTime = (iso: string) =>
  new Intl.DateTimeFormat('pt-BR', {
    timeZone: 'America/Sao_Paulo',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso));

const money = (cents: number | null | undefined) =>
  cents === null || cents === undefined
    ? '—'
    : new Intl.NumberFormat('pt-BR', { style: 'currency', currency: 'BRL' }).format(cents / 100);

/** Writes `value` as JSON to `out`, waiting when the stream asks to. */
async function write(out: Writable, chunk: string): Promise<void> {
  if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', resolve));
}

/** Pages through `next` (cursor → page) and hands every item to `each`. */
async function eachPage<T>(
  next: (cursor: string | null) => Promise<{ items: T[]; nextCursor: string | null }>,
  each: (item: T) => Promise<void>,
): Promise<number> {
  let cursor: string | null = null;
  let count = 0;
  do {
    const page: { items: T[]; nextCursor: string | null } = await next(cursor);
    for (const item of page.items) {
      await each(item);
      count++;
    }
    cursor = page.nextCursor;
  } while (cursor);
  return count;
}

/** A JSON array of `key` written item by item. */
async function writeArray<T>(
  out: Writable,
  key: string,
  next: (cursor: string | null) => Promise<{ items: T[]; nextCursor: string | null }>,
  onItem: (item: T) => void = () => {},
): Promise<number> {
  await write(out, `,\n  ${JSON.stringify(key)}: [`);
  let first = true;
  const count = await eachPage(next, async (item) => {
    onItem(item);
    await write(out, `${first ? '\n    ' : ',\n    '}${JSON.stringify(item)}`);
    first = false;
  });
  await write(out, first ? ']' : '\n  ]');
  return count;
}

function personLines(p: Person): string[] {
  const lines = [
    `Nome: ${p.name}`,
    ...(p.tradeName ? [`Nome fantasia: ${p.tradeName}`] : []),
    `Tipo: ${p.kind === 'company' ? 'Pessoa jurídica' : 'Pessoa física'}`,
    `Documento: ${p.document ? formatDocument(p.document) : '—'}`,
    ...(p.rg ? [`RG: ${p.rg}`] : []),
    ...(p.birthDate ? [`Nascimento: ${p.birthDate.split('-').reverse().join('/')}`] : []),
    `Cadastrado em: ${dateTime(p.createdAt)}`,
    `Origem: ${[p.source.media, p.source.channel].filter(Boolean).join(' / ') || p.origin}`,
  ];
  for (const phone of p.phones) lines.push(`Telefone: ${phone.number}`);
  for (const email of p.emails) lines.push(`E-mail: ${email.address}`);
  for (const a of p.addresses) {
    lines.push(
      `Endereço: ${[a.street, a.number, a.complement, a.district, a.city, a.state, a.cep].filter(Boolean).join(', ')}`,
    );
  }
  return lines;
}

function eventLine(e: { kind: string; occurredAt: string; actor: { name: string } | null; data: unknown }) {
  const data = e.data && typeof e.data === 'object' ? (e.data as Record<string, unknown>) : {};
  const body = typeof data.body === 'string' ? `: ${data.body.replace(/\s+/g, ' ').slice(0, 200)}` : '';
  return `${dateTime(e.occurredAt)} — ${e.kind}${e.actor ? ` (${e.actor.name})` : ''}${body}`;
}

export type AnswerFiles = { json: { key: string; size: number }; pdf: { key: string; size: number } };

/**
 * Builds and stores the JSON and PDF answer about `personId` under `actor`'s visibility (404 when the actor may not
 * see the person); answers the stored files' keys and sizes.
 */
export async function buildAccessAnswer(
  db: Queryable,
  store: FileStore,
  actor: Actor,
  a: {
    personId: string;
    request: { number: number; kind: string; receivedAt: string };
    controller: PrivacySettings;
    now: Date;
  },
): Promise<AnswerFiles> {
  const person = await getPerson(db, actor, a.personId);
  const sections: Section[] = [];
  const timelineLines: string[] = [];
  const fileLines: string[] = [];
  const consentLines: string[] = [];
  const opportunityLines: string[] = [];
  let activityCount = 0;
  let contactCount = 0;
  const counts = { timeline: 0 };
  const stages = new Map<string, { pipeline: string; stage: string }>();
  for (const p of await listPipelines(db, actor)) {
    for (const s of p.stages) stages.set(s.id, { pipeline: p.name, stage: s.name });
  }

  const json = await store.putStream(async (out) => {
    const header = {
      format: 'funil.lgpd.access/1',
      generatedAt: a.now.toISOString(),
      request: a.request,
      controller: {
        name: a.controller.controllerName,
        dpo: { name: a.controller.dpoName, email: a.controller.dpoEmail, phone: a.controller.dpoPhone },
      },
      person,
    };
    await write(out, JSON.stringify(header, null, 2).replace(/\n}$/, ''));

    await writeArray(
      out,
      'opportunities',
      async (cursor) => {
        const q = ZListOpportunitiesQuery.parse({ personId: a.personId, sort: 'rank', limit: 100 });
        const page = await listOpportunities(db, actor, { ...q, cursor: cursor ?? undefined });
        // The stage's name travels with each card: the subject reads names, not ids.
        return {
          items: page.items.map((o) => ({ ...o, stage: stages.get(o.stageId) ?? null })),
          nextCursor: page.nextCursor,
        };
      },
      (o) => {
        const where = stages.get(o.stageId);
        opportunityLines.push(
          `${o.title} — ${where ? `${where.pipeline} › ${where.stage}` : ''} — ${STATUS_LABELS[o.status] ?? o.status} — ${money(o.valueCents)}`,
        );
      },
    );
    activityCount = await writeArray(out, 'activities', (cursor) =>
      listActivities(db, actor, {
        personId: a.personId,
        sort: 'dueAt',
        limit: 200,
        cursor: cursor ?? undefined,
      }),
    );
    counts.timeline = await writeArray(
      out,
      'timeline',
      (cursor) => getPersonTimeline(db, actor, a.personId, 'all', cursor),
      (e) => {
        if (timelineLines.length < PDF_TIMELINE_LIMIT) timelineLines.push(eventLine(e));
      },
    );
    const attachments = await listPersonAttachments(db, actor, a.personId);
    await write(
      out,
      `,\n  "files": ${JSON.stringify(
        attachments.map((f) => ({
          id: f.id,
          name: f.name,
          type: f.type,
          size: f.size,
          createdAt: f.createdAt,
          download: `/api/v1/attachments/${f.id}/download`,
        })),
      )}`,
    );
    for (const f of attachments) {
      fileLines.push(`${f.name} — ${f.type} — ${f.size} bytes — ${dateTime(f.createdAt)}`);
    }
    contactCount = await writeArray(out, 'contacts', (cursor) =>
      listPersonContacts(db, actor, a.personId, cursor),
    );
    const consents = await consentLog(db, actor, a.personId);
    await write(out, `,\n  "consents": ${JSON.stringify(consents)}\n}\n`);
    for (const c of consents.log) {
      consentLines.push(
        `${dateTime(c.recordedAt)} — ${c.purpose.name} — ${LEGAL_BASIS_LABELS[c.legalBasis]} — ${c.action === 'granted' ? 'registrada' : 'revogada'} (texto v${c.textVersion})`,
      );
    }
  });

  sections.push({ title: 'Dados cadastrais', lines: personLines(person) });
  sections.push({
    title: `Negociações (${opportunityLines.length})`,
    lines: opportunityLines.length ? opportunityLines : ['Nenhuma.'],
  });
  sections.push({
    title: 'Atividades e contatos',
    lines: [`Atividades: ${activityCount}`, `Contatos da central: ${contactCount}`],
  });
  sections.push({
    title: `Histórico (${counts.timeline} eventos)`,
    lines: [
      ...(timelineLines.length ? timelineLines : ['Nenhum evento.']),
      ...(counts.timeline > timelineLines.length
        ? [`… e mais ${counts.timeline - timelineLines.length} eventos, no arquivo JSON.`]
        : []),
    ],
  });
  sections.push({
    title: `Bases legais e consentimentos (${consentLines.length})`,
    lines: consentLines.length ? consentLines : ['Nenhum registro.'],
  });
  sections.push({
    title: `Arquivos (${fileLines.length})`,
    lines: fileLines.length ? fileLines : ['Nenhum.'],
  });

  const c = a.controller;
  const text = [
    '# Relatório de dados pessoais (LGPD art. 18 e 19)',
    `Solicitação nº ${a.request.number}, recebida em ${dateTime(a.request.receivedAt)}. Gerado em ${dateTime(a.now.toISOString())}.`,
    '',
    '## Controlador e Encarregado',
    `Controlador: ${c.controllerName || '—'}`,
    `Encarregado: ${c.dpoName || '—'}${c.dpoEmail ? ` — ${c.dpoEmail}` : ''}${c.dpoPhone ? ` — ${c.dpoPhone}` : ''}`,
    ...sections.flatMap((s) => ['', `## ${s.title}`, ...s.lines]),
    '',
    'O arquivo JSON que acompanha este resumo contém todos os dados acima em formato estruturado (portabilidade).',
  ].join('\n');
  const pdfBytes = await renderTextPdf({
    title: `Dados pessoais — ${person.name}`,
    author: c.controllerName || 'Funil',
    text,
  });
  const pdfKey = await store.put(Buffer.from(pdfBytes));
  return { json, pdf: { key: pdfKey, size: pdfBytes.byteLength } };
}
