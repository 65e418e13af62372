import type { Dashboard, DashboardTally } from '@funil/domain';
import { type Column, type XlsxSheet, xlsxSheet } from '../../lib/spreadsheet.ts';

// The dashboard (Painel) as a workbook for people: one sheet per table of the page, pt-BR headers and labels as the
// page shows them, typed cells (counts, money in reais, percentages, decimals, days).

const STATUSES = { won: 'Ganhas', lost: 'Perdidas', discarded: 'Descartadas' } as const;
const CALL_OUTCOMES: Record<string, string> = {
  answered: 'Atendeu',
  voicemail: 'Caixa postal',
  no_answer: 'Não atende',
  invalid_number: 'Não existe',
  busy: 'Ocupado',
  failed: 'Falhou',
};

const conversion = (t: DashboardTally) => (t.created ? t.won / t.created : null);
const reais = (cents: number) => cents / 100;
const text = <T>(header: string, value: (row: T) => unknown, width = 28): Column<T> => ({
  header,
  kind: 'text',
  width,
  value,
});
const num = <T>(header: string, value: (row: T) => unknown): Column<T> => ({ header, kind: 'number', value });

/** Created, open, won, lost, discarded, conversion and won value of a breakdown row. */
function tallyColumns<T extends DashboardTally>(): Column<T>[] {
  return [
    num('Criadas', (r) => r.created),
    num('Em andamento', (r) => r.open),
    num('Ganhas', (r) => r.won),
    num('Perdidas', (r) => r.lost),
    num('Descartadas', (r) => r.discarded),
    { header: 'Conversão', kind: 'percent', value: (r) => conversion(r) },
    { header: 'Valor ganho', kind: 'money', width: 18, value: (r) => reais(r.wonValueCents) },
  ];
}

type Stage = Dashboard['stages'][number];
type Channel = Dashboard['byChannel'][number];
type Outcome = Dashboard['outcomes'][number];
type Forecast = Dashboard['forecast'][number];
type Activity = Dashboard['activities'][number];
type FirstContact = Dashboard['firstContact'][number];
type CallOutcome = Dashboard['callOutcomes'][number];
type Named = DashboardTally & { id: string | null; name: string | null };
const named = (title: string, rows: Named[], none: string): XlsxSheet =>
  xlsxSheet(
    title,
    [text<Named>('Nome', (r) => (r.id === null ? none : (r.name ?? '(sem nome)'))), ...tallyColumns<Named>()],
    rows,
  );

const person = (r: { id: string | null; name: string | null }) =>
  r.id === null ? 'Total' : (r.name ?? 'Sem responsável');

/** Every table of the dashboard, in the page's order, after a summary sheet (the period and the totals). */
export function dashboardSheets(d: Dashboard): XlsxSheet[] {
  type Summary = DashboardTally & { from: string; to: string };
  return [
    xlsxSheet<Summary>(
      'Resumo',
      [
        { header: 'De', kind: 'date', value: (r) => r.from },
        { header: 'Até', kind: 'date', value: (r) => r.to },
        ...tallyColumns<Summary>(),
      ],
      [{ ...d.totals, from: d.from, to: d.to }],
    ),
    xlsxSheet<Stage>(
      'Conversão por etapa',
      [
        text('Funil', (s) => s.pipelineName),
        text('Etapa', (s) => s.stageName),
        num('Chegaram', (s) => s.reached),
        { header: 'Para a próxima', kind: 'percent', value: (s) => s.conversionToNext },
        num('Em aberto', (s) => s.openCards),
        { header: 'Média de dias', kind: 'decimal', value: (s) => s.avgDays },
      ],
      d.stages,
    ),
    xlsxSheet<Channel>(
      'Por mídia e canal',
      [
        text('Mídia', (r) => r.media ?? 'Sem mídia informada'),
        text('Canal', (r) => r.channel ?? ''),
        ...tallyColumns<Channel>(),
      ],
      d.byChannel,
    ),
    named('Por responsável', d.byOwner, 'Sem responsável'),
    named('Por equipe', d.byTeam, 'Sem equipe'),
    named('Por filial', d.byBranch, 'Sem filial'),
    xlsxSheet<Outcome>(
      'Ganhas e perdidas por motivo',
      [
        text('Resultado', (o) => STATUSES[o.status], 16),
        text('Motivo', (o) => o.reason ?? 'Sem motivo'),
        num('Quantidade', (o) => o.count),
        { header: 'Valor', kind: 'money', width: 18, value: (o) => reais(o.valueCents) },
      ],
      d.outcomes,
    ),
    xlsxSheet<Forecast>(
      'Previsão de fechamento por mês',
      [
        text('Mês', (f) => `${f.month.slice(5, 7)}/${f.month.slice(0, 4)}`, 10),
        num('Oportunidades', (f) => f.count),
        { header: 'Valor', kind: 'money', width: 18, value: (f) => reais(f.valueCents) },
        { header: 'Valor × probabilidade', kind: 'money', width: 22, value: (f) => reais(f.weightedCents) },
      ],
      d.forecast,
    ),
    xlsxSheet<Activity>(
      'Atividades por usuário',
      [
        text('Nome', person),
        num('Total', (r) => r.total),
        num('Feitas', (r) => r.done),
        num('Abertas', (r) => r.open),
        num('Canceladas', (r) => r.cancelled),
        num('Ligações', (r) => r.calls),
        num('Reuniões', (r) => r.meetings),
        num('Visitas', (r) => r.visits),
      ],
      d.activities,
    ),
    xlsxSheet<FirstContact>(
      'Tempo até o primeiro contato',
      [
        text('Nome', person),
        num('Leads', (r) => r.leads),
        num('Contatados', (r) => r.contacted),
        { header: 'Média (horas)', kind: 'decimal', value: (r) => r.avgHours },
        { header: 'Mediana (horas)', kind: 'decimal', value: (r) => r.medianHours },
      ],
      d.firstContact,
    ),
    xlsxSheet<CallOutcome>(
      'Resultados do call center',
      [
        text('Resultado', (r) => CALL_OUTCOMES[r.outcome] ?? r.outcome, 18),
        num('Receptivos', (r) => r.inbound),
        num('Ativos', (r) => r.outbound),
        num('Total', (r) => r.total),
      ],
      d.callOutcomes,
    ),
  ];
}

/** `painel-2026-11-07-2026-12-06.xlsx`: the period's first and last days. */
export const dashboardFileName = (d: Pick<Dashboard, 'from' | 'to'>) => `painel-${d.from}-${d.to}.xlsx`;
