import { type Dashboard, toCsv } from '@funil/domain';
import { describe, expect, it } from 'vitest';
import { dashboardTables } from './dashboard-tables.ts';

const tally = { created: 4, open: 1, won: 2, lost: 1, discarded: 0, wonValueCents: 123_456 };
const dashboard: Dashboard = {
  from: '2026-11-01',
  to: '2026-11-30',
  totals: tally,
  stages: [
    {
      pipelineId: 'p',
      pipelineName: 'Vendas',
      stageId: 's1',
      stageName: 'Novo',
      position: 0,
      openCards: 1,
      reached: 4,
      conversionToNext: 0.5,
      avgDays: 2.25,
    },
  ],
  byChannel: [{ media: null, channel: null, ...tally }],
  byOwner: [{ id: 'u', name: 'Ana', ...tally }],
  byTeam: [],
  byBranch: [],
  outcomes: [{ status: 'won', reason: null, count: 2, valueCents: 123_456 }],
  forecast: [{ month: '2026-12', count: 1, valueCents: 100_000, weightedCents: 40_000 }],
  activities: [],
  firstContact: [],
  callOutcomes: [{ outcome: 'no_answer', inbound: 0, outbound: 3, total: 3 }],
};
const t = (key: string) => key.split('.').at(-1) ?? key;

describe('dashboardTables', () => {
  const tables = dashboardTables(dashboard, t, 'pt-BR');
  const byKey = Object.fromEntries(tables.map((x) => [x.key, x]));

  it('shows money and percentages the Brazilian way, and keeps plain numbers for the CSV', () => {
    const owner = byKey.owners?.rows[0]?.map((c) => [c.text, c.csv]);
    expect(owner).toEqual([
      ['Ana', 'Ana'],
      ['4', '4'],
      ['1', '1'],
      ['2', '2'],
      ['1', '1'],
      ['50,0 %', '50,0'],
      ['R$\u00a01.234,56', '1234,56'],
    ]);
    expect(byKey.stages?.rows[0]?.map((c) => c.csv)).toEqual(['Vendas', 'Novo', '4', '50,0', '1', '2,3']);
    expect(byKey.forecast?.rows[0]?.[0]?.text).toBe('12/2026');
  });

  it('names what has no name and leaves empty sections without rows', () => {
    expect(byKey.channels?.rows[0]?.[0]?.text).toBe('noMedia');
    expect(byKey.teams?.rows).toEqual([]);
    expect(byKey.calls?.chart?.series.map((s) => s.data)).toEqual([[0], [3]]);
  });

  it('downloads a table as the CSV of its rows', () => {
    const calls = byKey.calls;
    if (!calls) throw new Error('no calls table');
    expect(toCsv([calls.headers, ...calls.rows.map((r) => r.map((c) => c.csv))])).toBe(
      '\uFEFFoutcome;inbound;outbound;total\r\nno_answer;0;3;3\r\n',
    );
  });
});
