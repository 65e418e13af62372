import { describe, expect, it } from 'vitest';
import { toCsv } from './csv.ts';

describe('toCsv', () => {
  it('writes a BOM, ; between cells and CRLF lines', () => {
    expect(
      toCsv(
        ['Nome', 'Ganhas'],
        [
          ['Ana', '2'],
          ['Bruno', '0'],
        ],
      ),
    ).toBe('\uFEFFNome;Ganhas\r\nAna;2\r\nBruno;0\r\n');
  });

  it('quotes cells with ; quotes or line breaks, and keeps formulas from running', () => {
    expect(toCsv(['a'], [['x;y'], ['diz "oi"'], ['=SOMA(A1)'], ['-12,5'], ['linha\nnova']])).toBe(
      '\uFEFFa\r\n"x;y"\r\n"diz ""oi"""\r\n\'=SOMA(A1)\r\n-12,5\r\n"linha\nnova"\r\n',
    );
  });
});
