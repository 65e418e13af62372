import { describe, expect, it } from 'vitest';
import {
  decodeCustomFieldFilters,
  encodeCustomFieldFilters,
  parseCustomFieldFilters,
} from './custom-field-filters.ts';
import { customValueText } from './custom-field-format.ts';
import {
  customValueFromText,
  suggestCustomTargets,
  validateOpportunityRowWithCustomFields,
  validateRowWithCustomFields,
} from './custom-field-import.ts';
import type { CustomFieldRule } from './custom-fields.ts';

const rule = (r: Partial<CustomFieldRule> & Pick<CustomFieldRule, 'key' | 'type'>): CustomFieldRule => ({
  label: r.key,
  options: [],
  required: false,
  visibleRoles: null,
  archivedAt: null,
  ...r,
});

const fields: CustomFieldRule[] = [
  rule({
    key: 'segmento',
    label: 'Segmento',
    type: 'choice',
    options: [
      { value: 'varejo', label: 'Varejo' },
      { value: 'industria', label: 'Indústria' },
    ],
  }),
  rule({
    key: 'tags',
    type: 'multi_choice',
    options: [
      { value: 'a', label: 'A' },
      { value: 'b', label: 'B' },
    ],
  }),
  rule({ key: 'vip', type: 'boolean' }),
  rule({ key: 'renda', label: 'Renda', type: 'money' }),
  rule({ key: 'fundacao', label: 'Fundação', type: 'date' }),
  rule({ key: 'obs', type: 'text' }),
  rule({ key: 'secreto', type: 'text', visibleRoles: ['admin'] }),
  rule({ key: 'velho', type: 'text', archivedAt: '2026-01-01T00:00:00Z' }),
];

describe('parseCustomFieldFilters', () => {
  it('reads each kind by the field type', () => {
    const cf = JSON.stringify({
      segmento: ['varejo'],
      tags: 'a',
      vip: false,
      renda: { min: 100 },
      fundacao: { from: '2026-01-01', to: '2026-12-31' },
      obs: '  texto ',
    });
    expect(parseCustomFieldFilters(fields, cf, 'broker')).toEqual({
      filters: [
        { key: 'segmento', kind: 'any_of', multiple: false, values: ['varejo'] },
        { key: 'tags', kind: 'any_of', multiple: true, values: ['a'] },
        { key: 'vip', kind: 'boolean', value: false },
        { key: 'renda', kind: 'range', min: 100, max: null },
        { key: 'fundacao', kind: 'date_range', from: '2026-01-01', to: '2026-12-31' },
        { key: 'obs', kind: 'contains', text: 'texto' },
      ],
    });
    expect(parseCustomFieldFilters(fields, undefined, 'broker')).toEqual({ filters: [] });
  });

  it('refuses unknown, archived, hidden fields and wrong shapes, per key', () => {
    const cf = JSON.stringify({
      nada: 1,
      velho: 'x',
      secreto: 'x',
      segmento: ['atacado'],
      vip: 'sim',
      renda: {},
      fundacao: { from: '2026-02-30' },
    });
    expect(parseCustomFieldFilters(fields, cf, 'broker')).toEqual({
      errors: {
        nada: 'unknown_field',
        velho: 'unknown_field',
        secreto: 'forbidden_field',
        segmento: 'unknown_option',
        vip: 'invalid_value',
        renda: 'invalid_value',
        fundacao: 'invalid_value',
      },
    });
    expect(parseCustomFieldFilters(fields, JSON.stringify({ secreto: 'x' }), 'admin')).toEqual({
      filters: [{ key: 'secreto', kind: 'contains', text: 'x' }],
    });
    expect(parseCustomFieldFilters(fields, '{oops', 'admin')).toEqual({ errors: { '': 'invalid_value' } });
    expect(parseCustomFieldFilters(fields, '[]', 'admin')).toEqual({ errors: { '': 'invalid_value' } });
  });

  it('encodes only the filled values and decodes them back', () => {
    const cf = encodeCustomFieldFilters({
      segmento: ['varejo'],
      tags: [],
      obs: '',
      renda: { min: undefined },
      vip: false,
    });
    expect(cf).toBe('{"segmento":["varejo"],"vip":false}');
    expect(decodeCustomFieldFilters(cf)).toEqual({ segmento: ['varejo'], vip: false });
    expect(encodeCustomFieldFilters({ obs: '' })).toBeUndefined();
    expect(decodeCustomFieldFilters('not json')).toEqual({});
  });
});

describe('customValueText', () => {
  it('formats values as people read them in pt-BR', () => {
    const f = (key: string) => fields.find((x) => x.key === key) as CustomFieldRule;
    expect(customValueText(f('renda'), 123_456)).toBe('R$\u00a01.234,56');
    expect(customValueText(f('fundacao'), '2026-03-05')).toBe('05/03/2026');
    expect(customValueText(f('segmento'), 'industria')).toBe('Indústria');
    expect(customValueText(f('tags'), ['a', 'b'])).toBe('A, B');
    expect(customValueText(f('vip'), false)).toBe('Não');
    expect(customValueText(rule({ key: 'u', type: 'user' }), 'id-1', { userName: () => 'Maria' })).toBe(
      'Maria',
    );
    expect(customValueText(rule({ key: 'u', type: 'user' }), 'id-2', { userName: () => null })).toBe('id-2');
    expect(customValueText(rule({ key: 'u', type: 'user' }), 'id-3')).toBe('id-3');
    expect(customValueText(f('obs'), null)).toBeNull();
    expect(customValueText(f('tags'), [])).toBeNull();
  });

  it('takes another locale and its yes/no words (the web in English)', () => {
    const f = (key: string) => fields.find((x) => x.key === key) as CustomFieldRule;
    const en = { locale: 'en', yesNo: { yes: 'Yes', no: 'No' } };
    expect(customValueText(f('renda'), 123_456, en)).toBe('R$1,234.56');
    expect(customValueText(f('fundacao'), '2026-03-05', en)).toBe('3/5/26');
    expect(customValueText(f('vip'), true, en)).toBe('Yes');
    expect(customValueText(f('fundacao'), 'not a day', en)).toBe('not a day');
  });
});

describe('custom fields in the people import', () => {
  it('reads spreadsheet text by type', () => {
    const f = (key: string) => fields.find((x) => x.key === key) as CustomFieldRule;
    expect(customValueFromText(f('renda'), 'R$ 1.500,00')).toBe(150_000);
    expect(customValueFromText(f('fundacao'), '05/06/2019')).toBe('2019-06-05');
    expect(customValueFromText(f('vip'), 'Sim')).toBe(true);
    expect(customValueFromText(f('vip'), 'não')).toBe(false);
    expect(customValueFromText(f('segmento'), 'INDÚSTRIA')).toBe('industria');
    expect(customValueFromText(f('tags'), 'A; b')).toEqual(['a', 'b']);
    expect(customValueFromText(rule({ key: 'n', type: 'number' }), '1.234,5')).toBe(1234.5);
  });

  it('joins the custom errors to the row, in pt-BR', () => {
    const mapping = ['name', 'cf:segmento', 'cf:renda'] as const;
    const ok = validateRowWithCustomFields(['Ana', 'Varejo', '10'], [...mapping], { fields, role: 'admin' });
    expect(ok).toEqual({
      person: expect.objectContaining({ name: 'Ana', customFields: { segmento: 'varejo', renda: 1000 } }),
      errors: [],
    });
    const bad = validateRowWithCustomFields(['', 'Governo', 'x'], [...mapping], { fields, role: 'admin' });
    expect(bad).toEqual({
      person: null,
      errors: ['Nome obrigatório', 'Segmento: opção inexistente', 'Renda: valor inválido (use R$ 1.234,56)'],
    });
    const required = [
      ...fields,
      rule({ key: 'cpf_socio', label: 'CPF do sócio', type: 'document', required: true }),
    ];
    expect(
      validateRowWithCustomFields(['Ana'], ['name'], { fields: required, role: 'admin' }).errors,
    ).toEqual(['CPF do sócio: obrigatório']);
  });
});

describe('custom fields in the mapping suggestion and the opportunities import', () => {
  it('suggests a custom field for a header equal to its label, unless the header is word for word an alias', () => {
    const withSecret = [
      ...fields,
      rule({ key: 'nota', label: 'Nota interna', type: 'text', visibleRoles: ['admin'] }),
    ];
    const headers = ['Nome', 'Segmento', 'RENDA', 'Nota interna', 'Tags', 'Outra'];
    const suggested = suggestCustomTargets(
      headers,
      ['name', null, null, null, 'tags', null],
      withSecret,
      'broker',
      'people',
    );
    // "Tags" is the built-in field's own alias; a field the role does not see is never suggested.
    expect(suggested).toEqual(['name', 'cf:segmento', 'cf:renda', null, 'tags', null]);
  });

  it('reads and checks the card values of an opportunity row', () => {
    const mapping = ['document', 'cf:segmento'] as const;
    const ok = validateOpportunityRowWithCustomFields(['529.982.247-25', 'Varejo'], [...mapping], {
      fields,
      role: 'admin',
    });
    expect(ok.opportunity?.customFields).toEqual({ segmento: 'varejo' });
    const bad = validateOpportunityRowWithCustomFields(['529.982.247-25', 'Governo'], [...mapping], {
      fields,
      role: 'admin',
    });
    expect(bad).toEqual({ opportunity: null, errors: ['Segmento: opção inexistente'] });
  });
});
