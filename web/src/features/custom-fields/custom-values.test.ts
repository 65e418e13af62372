import { type CustomField, customValueText } from '@funil/domain';
import type { TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { createI18n } from '../../i18n/resources.ts';
import { describeChange, readChanges } from '../timeline/field-changes.ts';
import { bySection, checkDrafts, customValueTextOptions, valuesToDrafts } from './custom-values.ts';

const field = (key: string, type: CustomField['type'], extra: Partial<CustomField> = {}): CustomField => ({
  id: key,
  entity: 'opportunity',
  key,
  label: key,
  type,
  options: [],
  required: false,
  visibleRoles: null,
  section: null,
  position: 0,
  showOnCard: false,
  archivedAt: null,
  version: 1,
  createdAt: '',
  updatedAt: '',
  ...extra,
});

const plan = field('plano', 'choice', {
  required: true,
  options: [
    { value: 'a_vista', label: 'À vista' },
    { value: 'financiado', label: 'Financiado' },
  ],
});
const fields = [
  plan,
  field('entrada', 'money'),
  field('visita', 'date'),
  field('n', 'number'),
  field('ok', 'boolean'),
];

let t: TFunction;
beforeAll(async () => {
  t = (await createI18n('pt-BR')).t;
});

describe('custom values in the form', () => {
  it('fills the inputs from stored values and reads them back', () => {
    const drafts = valuesToDrafts(fields, {
      plano: 'financiado',
      entrada: 150000,
      visita: '2026-03-05',
      n: 2.5,
    });
    expect(drafts).toEqual({
      plano: 'financiado',
      entrada: '1.500,00',
      visita: '2026-03-05',
      n: '2.5',
      ok: false,
    });
    expect(
      checkDrafts(fields, { ...drafts, n: '1.234,5', ok: true }, { role: 'broker', partial: false }),
    ).toEqual({
      values: { plano: 'financiado', entrada: 150000, visita: '2026-03-05', n: 1234.5, ok: true },
      errors: {},
    });
  });

  it('names the errors at the fields with the server’s codes', () => {
    const result = checkDrafts(fields, { plano: '', entrada: 'abc' }, { role: 'broker', partial: false });
    expect(result.errors).toEqual({
      'customFields.plano': 'required',
      'customFields.entrada': 'invalid_money',
    });
  });
});

describe('custom values shown', () => {
  it('formats by type with the app language: money, dates, options, yes/no, users', () => {
    const opts = customValueTextOptions(t, 'pt-BR', (id) => (id === 'u1' ? 'Ana Lima' : null));
    expect(customValueText(field('e', 'money'), 150000, opts)).toBe('R$\u00a01.500,00');
    expect(customValueText(field('d', 'date'), '2026-03-05', opts)).toBe('05/03/2026');
    expect(customValueText(plan, 'a_vista', opts)).toBe('À vista');
    expect(customValueText(field('b', 'boolean'), true, opts)).toBe('Sim');
    expect(customValueText(field('r', 'user'), 'u1', opts)).toBe('Ana Lima');
  });

  it('reads a recorded change with its label and type on the timeline', () => {
    const names = {
      userName: () => null,
      teamName: () => null,
      branchName: () => null,
      personTypeName: () => null,
    };
    const [change] = readChanges({
      changes: [{ field: 'customFields.entrada', label: 'Entrada', type: 'money', old: null, new: 500000 }],
    });
    expect(change && describeChange(change, { t, locale: 'pt-BR', names }).text).toBe(
      'Entrada: (vazio) → R$\u00a05.000,00',
    );
  });
});

describe('form sections', () => {
  it('groups the fields under their sections in the fields’ order, the ones without one under the fallback', () => {
    const fields = [
      field('a', 'text', { section: 'Visita' }),
      field('b', 'text'),
      field('c', 'text', { section: 'Financeiro' }),
      field('d', 'text', { section: 'Visita' }),
      field('e', 'text'),
    ];
    const keys = ([title, list]: [string, CustomField[]]) => [title, list.map((f) => f.key)];
    expect(bySection(fields, 'Campos personalizados').map(keys)).toEqual([
      ['Visita', ['a', 'd']],
      ['Campos personalizados', ['b', 'e']],
      ['Financeiro', ['c']],
    ]);
  });
});
