import { describe, expect, it } from 'vitest';
import { formatDay, formatNumber, formatRelative, initials, safeExternalUrl } from './format.ts';

describe('safeExternalUrl', () => {
  it('accepts http(s) links and adds https:// to bare hosts', () => {
    expect(safeExternalUrl('https://instagram.com/joao')).toBe('https://instagram.com/joao');
    expect(safeExternalUrl('instagram.com/joao')).toBe('https://instagram.com/joao');
    expect(safeExternalUrl('  www.funil.dev ')).toBe('https://www.funil.dev/');
  });

  it('refuses script and data URLs, and text that is not a link', () => {
    expect(safeExternalUrl('javascript:alert(1)')).toBeNull();
    expect(safeExternalUrl('JaVaScRiPt:alert(1)')).toBeNull();
    expect(safeExternalUrl('data:text/html,<script>alert(1)</script>')).toBeNull();
    expect(safeExternalUrl('@joao')).toBeNull();
    expect(safeExternalUrl('')).toBeNull();
    expect(safeExternalUrl(null)).toBeNull();
  });
});

describe('formatRelative', () => {
  const now = new Date('2026-03-10T12:00:00Z');
  it('says how long ago, in pt-BR', () => {
    expect(formatRelative('2026-03-10T11:55:00Z', now, 'pt-BR')).toBe('há 5 minutos');
    expect(formatRelative('2026-03-10T09:00:00Z', now, 'pt-BR')).toBe('há 3 horas');
    expect(formatRelative('2026-03-09T12:00:00Z', now, 'pt-BR')).toBe('ontem');
  });
  it('returns null under a minute (the caller says "agora mesmo")', () => {
    expect(formatRelative('2026-03-10T11:59:40Z', now, 'pt-BR')).toBeNull();
  });
});

describe('formatting', () => {
  it('formats numbers and calendar days the Brazilian way', () => {
    expect(formatNumber(1234, 'pt-BR')).toBe('1.234');
    expect(formatDay('1990-04-01', 'pt-BR')).toBe('01/04/1990');
  });

  it('makes avatar initials', () => {
    expect(initials('João da Silva')).toBe('JS');
    expect(initials('ACME Indústria Ltda')).toBe('AL');
    expect(initials('Ana')).toBe('A');
  });
});
