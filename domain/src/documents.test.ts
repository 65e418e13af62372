import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  documentKind,
  formatCnpj,
  formatCpf,
  formatDocument,
  generateCnpj,
  generateCpf,
  isValidCnpj,
  isValidCpf,
  maskDocumentInput,
  normalizeDocument,
} from './documents.ts';

/** A seeded PRNG in [0, 1) (mulberry32), so a failing case replays from its seed. */
const randomArb = fc.integer().map((seed) => {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
});
const cpfArb = randomArb.map((random) => generateCpf(random));
const cnpjArb = fc
  .tuple(randomArb, fc.boolean())
  .map(([random, alphanumeric]) => generateCnpj(random, { alphanumeric }));

/** Replaces the char at `index` by a different digit. */
function changeDigit(value: string, index: number, delta: number): string {
  const digit = (Number(value[index]) + delta) % 10;
  return value.slice(0, index) + digit + value.slice(index + 1);
}

describe('normalizeDocument', () => {
  it('strips masks and spaces and uppercases', () => {
    expect(normalizeDocument('529.982.247-25')).toBe('52998224725');
    expect(normalizeDocument(' 12.abc.345/01de-35 ')).toBe('12ABC34501DE35');
    expect(normalizeDocument('11.222.333/0001-81')).toBe('11222333000181');
    expect(normalizeDocument('')).toBe('');
  });
});

describe('isValidCpf', () => {
  it('accepts known valid CPFs', () => {
    expect(isValidCpf('52998224725')).toBe(true);
    expect(isValidCpf('11144477735')).toBe(true);
    expect(isValidCpf('12345678909')).toBe(true);
  });

  it('rejects wrong check digits, lengths, masks and repeated digits', () => {
    expect(isValidCpf('52998224724')).toBe(false);
    expect(isValidCpf('52998224715')).toBe(false);
    expect(isValidCpf('5299822472')).toBe(false);
    expect(isValidCpf('529982247250')).toBe(false);
    expect(isValidCpf('529.982.247-25')).toBe(false);
    expect(isValidCpf('5299822472A')).toBe(false);
    for (let d = 0; d <= 9; d++) expect(isValidCpf(String(d).repeat(11))).toBe(false);
  });

  it('accepts every generated CPF', () => {
    fc.assert(fc.property(cpfArb, (cpf) => isValidCpf(cpf) && documentKind(cpf) === 'cpf'));
  });

  it('rejects a generated CPF with any single check digit changed', () => {
    fc.assert(
      fc.property(cpfArb, fc.constantFrom(9, 10), fc.integer({ min: 1, max: 9 }), (cpf, index, delta) => {
        expect(isValidCpf(changeDigit(cpf, index, delta))).toBe(false);
      }),
    );
  });
});

describe('isValidCnpj', () => {
  it('accepts known valid numeric and alphanumeric CNPJs', () => {
    expect(isValidCnpj('11222333000181')).toBe(true);
    expect(isValidCnpj('11444777000161')).toBe(true);
    // Example from Receita Federal's alphanumeric CNPJ documentation.
    expect(isValidCnpj('12ABC34501DE35')).toBe(true);
  });

  it('rejects wrong check digits, lowercase, letters in the check digits and repeated chars', () => {
    expect(isValidCnpj('12ABC34501DE36')).toBe(false);
    expect(isValidCnpj('12ABC34501DE53')).toBe(false);
    expect(isValidCnpj('12abc34501de35')).toBe(false);
    expect(isValidCnpj('12ABC34501DE3A')).toBe(false);
    expect(isValidCnpj('11222333000182')).toBe(false);
    expect(isValidCnpj('1122233300018')).toBe(false);
    for (let d = 0; d <= 9; d++) expect(isValidCnpj(String(d).repeat(14))).toBe(false);
  });

  it('values letters as ASCII code − 48 (a letter is not its digit look-alike)', () => {
    // Same weights, but 'A' = 17 instead of 1: the check digits must differ from the numeric variant.
    expect(isValidCnpj('12ABC34501DE35'.replace('A', '1'))).toBe(false);
  });

  it('accepts every generated CNPJ, alphanumeric or not', () => {
    fc.assert(fc.property(cnpjArb, (cnpj) => isValidCnpj(cnpj) && documentKind(cnpj) === 'cnpj'));
  });

  it('generates letters only when asked', () => {
    fc.assert(
      fc.property(randomArb, (random) => {
        expect(generateCnpj(random)).toMatch(/^\d{14}$/);
        expect(generateCnpj(random, { alphanumeric: true })).toMatch(/[A-Z]/);
      }),
    );
  });

  it('rejects a generated CNPJ with any single check digit changed', () => {
    fc.assert(
      fc.property(cnpjArb, fc.constantFrom(12, 13), fc.integer({ min: 1, max: 9 }), (cnpj, index, delta) => {
        expect(isValidCnpj(changeDigit(cnpj, index, delta))).toBe(false);
      }),
    );
  });
});

describe('documentKind', () => {
  it('tells CPF from CNPJ and rejects the rest', () => {
    expect(documentKind('52998224725')).toBe('cpf');
    expect(documentKind('12ABC34501DE35')).toBe('cnpj');
    expect(documentKind('11222333000181')).toBe('cnpj');
    expect(documentKind('52998224726')).toBeNull();
    expect(documentKind('')).toBeNull();
    expect(documentKind('123')).toBeNull();
  });
});

describe('formatting', () => {
  it('masks CPF and CNPJ', () => {
    expect(formatCpf('52998224725')).toBe('529.982.247-25');
    expect(formatCnpj('12ABC34501DE35')).toBe('12.ABC.345/01DE-35');
    expect(formatCnpj('11222333000181')).toBe('11.222.333/0001-81');
  });

  it('formatDocument masks by kind and leaves invalid input alone', () => {
    expect(formatDocument('52998224725')).toBe('529.982.247-25');
    expect(formatDocument('529.982.247-25')).toBe('529.982.247-25');
    expect(formatDocument('12abc34501de35')).toBe('12.ABC.345/01DE-35');
    expect(formatDocument('52998224726')).toBe('52998224726');
    expect(formatDocument('abc')).toBe('abc');
    expect(formatDocument(null)).toBe('');
    expect(formatDocument(undefined)).toBe('');
    expect(formatDocument('')).toBe('');
  });

  it('normalize(format(x)) === x for every valid document', () => {
    fc.assert(
      fc.property(fc.oneof(cpfArb, cnpjArb), (doc) => {
        expect(normalizeDocument(formatDocument(doc))).toBe(doc);
      }),
    );
  });
});

describe('maskDocumentInput', () => {
  it('masks a CPF progressively', () => {
    const typed = '52998224725';
    const steps = [...typed].map((_, i) => maskDocumentInput(typed.slice(0, i + 1), 'individual'));
    expect(steps).toEqual([
      '5',
      '52',
      '529',
      '529.9',
      '529.98',
      '529.982',
      '529.982.2',
      '529.982.24',
      '529.982.247',
      '529.982.247-2',
      '529.982.247-25',
    ]);
  });

  it('masks an alphanumeric CNPJ progressively', () => {
    expect(maskDocumentInput('12', 'company')).toBe('12');
    expect(maskDocumentInput('12a', 'company')).toBe('12.A');
    expect(maskDocumentInput('12abc3', 'company')).toBe('12.ABC.3');
    expect(maskDocumentInput('12abc3450', 'company')).toBe('12.ABC.345/0');
    expect(maskDocumentInput('12abc34501de3', 'company')).toBe('12.ABC.345/01DE-3');
    expect(maskDocumentInput('12abc34501de35', 'company')).toBe('12.ABC.345/01DE-35');
  });

  it('drops invalid chars and caps the length', () => {
    expect(maskDocumentInput('529a982b247-25999', 'individual')).toBe('529.982.247-25');
    expect(maskDocumentInput('12.ABC.345/01DE-35-77', 'company')).toBe('12.ABC.345/01DE-35');
    // Check digits are numeric: letters typed there are ignored.
    expect(maskDocumentInput('12ABC34501DEX3Y5', 'company')).toBe('12.ABC.345/01DE-35');
    expect(maskDocumentInput('', 'company')).toBe('');
  });

  it('is idempotent and round-trips with normalizeDocument', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), fc.constantFrom('individual', 'company'), (raw, kind) => {
        const masked = maskDocumentInput(raw, kind);
        expect(maskDocumentInput(masked, kind)).toBe(masked);
        expect(normalizeDocument(masked).length).toBeLessThanOrEqual(kind === 'individual' ? 11 : 14);
      }),
    );
    fc.assert(
      fc.property(cpfArb, (cpf) => {
        expect(maskDocumentInput(cpf, 'individual')).toBe(formatCpf(cpf));
      }),
    );
    fc.assert(
      fc.property(cnpjArb, (cnpj) => {
        expect(maskDocumentInput(cnpj, 'company')).toBe(formatCnpj(cnpj));
      }),
    );
  });
});
