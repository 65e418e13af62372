import type { TFunction } from 'i18next';
import { beforeAll, expect, it } from 'vitest';
import { createI18n } from '../../i18n/resources.ts';
import { describeErpSync } from './erp-event.ts';

let t: TFunction;
beforeAll(async () => {
  t = (await createI18n('pt-BR')).t;
});

it('describes what the ERP changed, with counts and the token', () => {
  const lines = describeErpSync(
    {
      data: {
        entity: 'receivables',
        created: 2,
        updated: 1,
        removed: 0,
        token: { name: 'ERP Protheus', prefix: 'fnl_abc123abc123' },
      },
    },
    t,
  );
  expect(lines).toEqual([
    { text: 'Títulos financeiros atualizados pelo ERP' },
    { text: '2 novos · 1 alterados · 0 removidos' },
    { text: 'Token: ERP Protheus (fnl_abc123abc123)', dimmed: true },
  ]);
});

it('survives an erased or unknown payload', () => {
  expect(describeErpSync({ data: {} }, t)).toEqual([
    { text: 'Integração ERP' },
    { text: '0 novos · 0 alterados · 0 removidos' },
  ]);
});
