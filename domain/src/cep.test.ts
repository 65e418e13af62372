import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCep, isValidCep, maskCepInput, normalizeCep, UFS } from './cep.ts';

const cepArb = fc.stringMatching(/^\d{8}$/).filter((cep) => cep !== '00000000');

describe('UFS', () => {
  it('lists the 27 federative units once each', () => {
    expect(UFS).toHaveLength(27);
    expect(new Set(UFS).size).toBe(27);
    expect(UFS).toContain('SP');
    expect(UFS).toContain('DF');
    expect(UFS).toContain('TO');
  });
});

describe('CEP', () => {
  it('normalizes, validates and formats', () => {
    expect(normalizeCep('01310-100')).toBe('01310100');
    expect(normalizeCep(' 01.310-100 ')).toBe('01310100');
    expect(isValidCep('01310100')).toBe(true);
    expect(isValidCep('00000000')).toBe(false);
    expect(isValidCep('0131010')).toBe(false);
    expect(isValidCep('013101000')).toBe(false);
    expect(isValidCep('01310-100')).toBe(false);
    expect(formatCep('01310100')).toBe('01310-100');
    expect(formatCep('01310-100')).toBe('01310-100');
    expect(formatCep('123')).toBe('123');
  });

  it('normalize(format(x)) === x', () => {
    fc.assert(
      fc.property(cepArb, (cep) => {
        expect(isValidCep(cep)).toBe(true);
        expect(normalizeCep(formatCep(cep))).toBe(cep);
      }),
    );
  });

  it('masks progressively and caps at 8 digits', () => {
    expect(maskCepInput('')).toBe('');
    expect(maskCepInput('01310')).toBe('01310');
    expect(maskCepInput('013101')).toBe('01310-1');
    expect(maskCepInput('01310100')).toBe('01310-100');
    expect(maskCepInput('01310-1009999')).toBe('01310-100');
    expect(maskCepInput('ab013')).toBe('013');
    fc.assert(
      fc.property(fc.string({ maxLength: 15 }), (raw) => {
        const masked = maskCepInput(raw);
        expect(maskCepInput(masked)).toBe(masked);
      }),
    );
  });
});
