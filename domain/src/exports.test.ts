import { describe, expect, it } from 'vitest';
import { exportFileName, saoPauloWallClock } from './exports.ts';

describe('saoPauloWallClock', () => {
  it('reads an instant as São Paulo (UTC−3) reads it, across midnight', () => {
    expect(saoPauloWallClock(new Date('2026-12-07T02:15:00Z'))).toEqual({
      y: '2026',
      m: '12',
      d: '06',
      hh: '23',
      mm: '15',
    });
  });
});

describe('exportFileName', () => {
  it('names the file by the list in Portuguese and the São Paulo time it was asked for', () => {
    expect(exportFileName('people', 'xlsx', new Date('2026-12-06T23:05:00Z'))).toBe(
      'pessoas-2026-12-06-2005.xlsx',
    );
    expect(exportFileName('activities', 'csv', new Date('2026-01-01T02:59:00Z'))).toBe(
      'atividades-2025-12-31-2359.csv',
    );
  });
});
