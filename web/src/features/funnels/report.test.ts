import type { FunnelReport } from '@funil/domain';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  closedOutcomes,
  formatCents,
  formatDays,
  formatPercent,
  isDay,
  isEmptyReport,
  outcomeTotals,
  parseReportSearch,
  reportRange,
} from './report.ts';

const PIPELINE = '65ce19b9-48d0-4d38-8fd9-d4828580ad58';

describe('parseReportSearch', () => {
  it('keeps a funnel id and real days', () => {
    expect(parseReportSearch({ pipelineId: PIPELINE, from: '2026-01-31', to: '2026-02-28' })).toEqual({
      pipelineId: PIPELINE,
      from: '2026-01-31',
      to: '2026-02-28',
    });
  });

  it('drops what the API would refuse', () => {
    expect(parseReportSearch({ pipelineId: 'abc', from: '2026-02-31', to: 20260101 })).toEqual({});
  });
});

describe('isDay', () => {
  it('accepts calendar days only', () => {
    expect(isDay('2024-02-29')).toBe(true);
    expect(isDay('2025-02-29')).toBe(false);
    expect(isDay('1899-12-31')).toBe(false);
    expect(isDay('2025-1-01')).toBe(false);
  });
});

describe('reportRange', () => {
  const today = new Date(2026, 10, 23, 15, 0);

  it('defaults to the last 90 days', () => {
    expect(reportRange({}, today)).toEqual({ from: '2026-08-25', to: '2026-11-23' });
  });

  it('keeps the URL range and fills a missing end', () => {
    expect(reportRange({ from: '2026-01-01', to: '2026-01-31' }, today)).toEqual({
      from: '2026-01-01',
      to: '2026-01-31',
    });
    expect(reportRange({ to: '2026-03-31' }, today).from).toBe('2025-12-31');
    expect(reportRange({ from: '2026-01-01' }, today).to).toBe('2026-04-01');
  });

  it('moves days across months and years', () => {
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
  });
});

describe('formatting', () => {
  it('shows conversion as a percentage with one decimal', () => {
    expect(formatPercent(0.5, 'pt-BR')).toBe('50,0 %');
    expect(formatPercent(0.8235294117647058, 'pt-BR')).toBe('82,4 %');
    expect(formatPercent(0.5, 'en')).toBe('50.0%');
    expect(formatPercent(null, 'pt-BR')).toBe('—');
  });

  it('shows cents as reais', () => {
    expect(formatCents(123456, 'pt-BR').replace(/\s/g, ' ')).toBe('R$ 1.234,56');
    expect(formatCents(0, 'pt-BR').replace(/\s/g, ' ')).toBe('R$ 0,00');
  });

  it('shows days with at most one decimal', () => {
    expect(formatDays(2.5, 'pt-BR')).toBe('2,5');
    expect(formatDays(3, 'pt-BR')).toBe('3');
    expect(formatDays(null, 'pt-BR')).toBe('—');
  });
});

const outcome = (
  status: FunnelReport['outcomes'][number]['status'],
  reason: string | null,
  count: number,
) => ({
  status,
  reason,
  count,
  valueCents: count * 100,
});

describe('outcomes', () => {
  const outcomes = [
    outcome('open', null, 10),
    outcome('lost', 'Preço', 1),
    outcome('discarded', 'Teste', 2),
    outcome('lost', 'Concorrência', 3),
    outcome('won', null, 4),
  ];

  it('lists won, lost and discarded, the most frequent reason first', () => {
    expect(closedOutcomes(outcomes).map((o) => `${o.status}:${o.reason ?? ''}`)).toEqual([
      'won:',
      'lost:Concorrência',
      'lost:Preço',
      'discarded:Teste',
    ]);
  });

  it('adds up each status', () => {
    expect(outcomeTotals(outcomes)).toEqual({ open: 10, won: 4, lost: 4, discarded: 2 });
  });

  it('is empty when nothing was created in the range', () => {
    const report: FunnelReport = { from: '', to: '', stages: [], outcomes: [], byOwner: [], bySource: [] };
    expect(isEmptyReport(report)).toBe(true);
    expect(isEmptyReport({ ...report, outcomes })).toBe(false);
  });
});
