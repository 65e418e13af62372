import { describe, expect, it } from 'vitest';
import { formatCents } from './money.ts';

describe('formatCents', () => {
  it('formats cents as reais', () => {
    expect(formatCents(123456, 'pt-BR').replace(/\s/g, ' ')).toBe('R$ 1.234,56');
    expect(formatCents(0, 'pt-BR').replace(/\s/g, ' ')).toBe('R$ 0,00');
    expect(formatCents(250_000_00, 'en')).toBe('R$250,000.00');
  });
});
