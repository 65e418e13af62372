import { describe, expect, it } from 'vitest';
import {
  centsToInput,
  formatBRL,
  formatMoneyInput,
  parseMoney,
  sanitizeMoneyInput,
  sumItemsCents,
} from './money.ts';

const plain = (s: string) => s.replace(/\u00a0/g, ' ');

describe('formatBRL', () => {
  it('shows cents as reais', () => {
    expect(plain(formatBRL(25_000_000, 'pt-BR'))).toBe('R$ 250.000,00');
    expect(plain(formatBRL(0, 'pt-BR'))).toBe('R$ 0,00');
    expect(plain(formatBRL(123_456, 'en'))).toBe('R$1,234.56');
  });
});

describe('parseMoney', () => {
  it('reads Brazilian notation', () => {
    expect(parseMoney('250.000,00')).toEqual({ ok: true, cents: 25_000_000 });
    expect(parseMoney('R$ 1.234,5')).toEqual({ ok: true, cents: 123_450 });
    expect(parseMoney('1234,56')).toEqual({ ok: true, cents: 123_456 });
    expect(parseMoney('250.000')).toEqual({ ok: true, cents: 25_000_000 });
    expect(parseMoney('250000')).toEqual({ ok: true, cents: 25_000_000 });
    expect(parseMoney('10,')).toEqual({ ok: true, cents: 1000 });
  });

  it('accepts a decimal point when it cannot be a thousands separator', () => {
    expect(parseMoney('1234.56')).toEqual({ ok: true, cents: 123_456 });
    expect(parseMoney('0.5')).toEqual({ ok: true, cents: 50 });
  });

  it('treats empty as no value and refuses garbage', () => {
    expect(parseMoney('  ')).toEqual({ ok: true, cents: null });
    expect(parseMoney('12,345')).toEqual({ ok: false });
    expect(parseMoney('1.23.4')).toEqual({ ok: false });
    expect(parseMoney('abc')).toEqual({ ok: false });
    expect(parseMoney('99999999999999')).toEqual({ ok: false });
  });
});

describe('money input', () => {
  it('keeps digits, dots and one comma with two decimals', () => {
    expect(sanitizeMoneyInput('R$ 1.234,567')).toBe('1.234,56');
    expect(sanitizeMoneyInput('12,3,4')).toBe('12,34');
    expect(sanitizeMoneyInput('abc')).toBe('');
  });

  it('tidies the text on blur', () => {
    expect(formatMoneyInput('250000')).toBe('250.000,00');
    expect(formatMoneyInput('1,5')).toBe('1,50');
    expect(formatMoneyInput('')).toBe('');
    expect(formatMoneyInput('12,345')).toBe('12,345');
    expect(centsToInput(null)).toBe('');
    expect(centsToInput(99)).toBe('0,99');
  });
});

describe('sumItemsCents', () => {
  it('adds quantity × unit value', () => {
    expect(
      sumItemsCents([
        { quantity: 2, unitCents: 1050 },
        { quantity: 1, unitCents: 100 },
      ]),
    ).toBe(2200);
    expect(sumItemsCents([])).toBe(0);
  });
});
