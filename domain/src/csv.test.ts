import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from './csv.ts';

describe('toCsv', () => {
  it('writes a BOM, ; between cells and CRLF lines', () => {
    expect(
      toCsv([
        ['Nome', 'Ganhas'],
        ['Ana', '2'],
        ['Bruno', 0],
      ]),
    ).toBe('\uFEFFNome;Ganhas\r\nAna;2\r\nBruno;0\r\n');
  });

  it('quotes cells with ; quotes or line breaks', () => {
    expect(toCsv([['x;y'], ['diz "oi"'], ['linha\nnova']])).toBe(
      '\uFEFF"x;y"\r\n"diz ""oi"""\r\n"linha\nnova"\r\n',
    );
  });
});

describe('csvCell keeps formulas from running (CSV injection)', () => {
  it.each([
    ['=SOMA(A1)', "'=SOMA(A1)"],
    ['+5511999990000', "'+5511999990000"],
    ['-2+3+cmd|" /C calc"!A0', `"'-2+3+cmd|"" /C calc""!A0"`],
    ['@SUM(1)', "'@SUM(1)"],
    ['\t=1', "'\t=1"],
    ['=HYPERLINK("http://mal.example")', `"'=HYPERLINK(""http://mal.example"")"`],
  ])('%s', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it('leaves plain numbers, empty values and lists readable', () => {
    expect(csvCell('-12,5')).toBe('-12,5');
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell('1.234,56')).toBe('1.234,56');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(['vip', 'site'])).toBe('vip, site');
  });
});
