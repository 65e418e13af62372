import type { FunnelReport } from '@funil/domain';
import { describe, expect, it } from 'vitest';
import { outcomesChartHeight, outcomesChartOption, stageChartOption } from './report-charts.ts';

const stages: FunnelReport['stages'] = [
  {
    stageId: 'a',
    name: 'Novo',
    openCards: 2,
    openValueCents: 0,
    reached: 10,
    conversionToNext: 0.5,
    avgDays: 1,
  },
  {
    stageId: 'b',
    name: 'Proposta',
    openCards: 1,
    openValueCents: 0,
    reached: 5,
    conversionToNext: 0.2,
    avgDays: null,
  },
  {
    stageId: 'c',
    name: 'Contrato',
    openCards: 1,
    openValueCents: 0,
    reached: 1,
    conversionToNext: null,
    avgDays: 2,
  },
];

type Series = { data: unknown[] };

describe('stageChartOption', () => {
  const option = stageChartOption(stages, { reached: 'Chegaram', conversion: 'Conversão' }, 'pt-BR', {
    bar: '#00f',
    line: '#f80',
  });
  const [bars, line] = option.series as Series[];

  it('draws how many reached each stage, in stage order', () => {
    expect((option.xAxis as { data: string[] }).data).toEqual(['Novo', 'Proposta', 'Contrato']);
    expect(bars?.data).toEqual([10, 5, 1]);
  });

  it('draws the conversion to the next stage in %, none for the last', () => {
    expect(line?.data).toEqual([50, 20, null]);
    const axis = option.xAxis as { axisLabel: { formatter: (name: string, index: number) => string } };
    expect(axis.axisLabel.formatter('Novo', 0)).toBe('{name|Novo}\n{conversion|→ 50,0 %}');
    expect(axis.axisLabel.formatter('Contrato {x}', 2)).toBe('{name|Contrato  x }');
  });

  it('writes only the stage names on narrow screens', () => {
    const texts = { reached: '', conversion: '' };
    const compact = stageChartOption(stages, texts, 'pt-BR', { bar: '', line: '' }, true);
    expect((compact.xAxis as { axisLabel: { formatter?: unknown } }).axisLabel.formatter).toBeUndefined();
  });
});

describe('outcomesChartOption', () => {
  it('lists the outcomes top to bottom in the order given, coloured by status', () => {
    const option = outcomesChartOption(
      [
        { status: 'won', reason: null, count: 3, valueCents: 0 },
        { status: 'lost', reason: 'Preço', count: 2, valueCents: 0 },
      ],
      (o) => `${o.status}:${o.reason ?? '-'}`,
      { won: 'green', lost: 'red', discarded: 'gray' },
    );
    // A category axis draws its first item at the bottom.
    expect((option.yAxis as { data: string[] }).data).toEqual(['lost:Preço', 'won:-']);
    expect((option.series as Series[])[0]?.data).toEqual([
      { value: 2, itemStyle: { color: 'red' } },
      { value: 3, itemStyle: { color: 'green' } },
    ]);
    expect(outcomesChartHeight(2)).toBeGreaterThanOrEqual(120);
  });
});
