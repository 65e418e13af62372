import { describe, expect, it } from 'vitest';
import { en } from './en.ts';
import { ptBR } from './pt-BR.ts';
import { createI18n } from './resources.ts';

const keys = (value: object, prefix = ''): string[] =>
  Object.entries(value).flatMap(([k, v]) =>
    typeof v === 'string' ? [`${prefix}${k}`] : keys(v, `${prefix}${k}.`),
  );

describe('messages', () => {
  it('has the same keys in every language', () => {
    expect(keys(en).sort()).toEqual(keys(ptBR).sort());
  });

  it('pluralizes the people total in pt-BR', async () => {
    const { t } = await createI18n('pt-BR');
    expect(t('people.total', { count: 0, formatted: '0' })).toBe('Nenhuma pessoa');
    expect(t('people.total', { count: 1, formatted: '1' })).toBe('1 pessoa');
    expect(t('people.total', { count: 1234, formatted: '1.234' })).toBe('1.234 pessoas');
  });

  it('shows a capped people total with a plus sign', async () => {
    expect((await createI18n('pt-BR')).t('people.totalCapped', { formatted: '10.000' })).toBe(
      '10.000+ pessoas',
    );
    expect((await createI18n('en')).t('people.totalCapped', { formatted: '10,000' })).toBe('10,000+ people');
  });
});
