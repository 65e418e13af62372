import { describe, expect, it } from 'vitest';
import {
  type CustomFieldRule,
  customFieldChanges,
  customFieldKey,
  customFieldsJsonSchema,
  mergeCustomValues,
  readableCustomValues,
  settleOptions,
  validateCustomValues,
  ZCreateCustomFieldRequest,
} from './custom-fields.ts';

const field = (
  key: string,
  type: CustomFieldRule['type'],
  extra: Partial<CustomFieldRule> = {},
): CustomFieldRule => ({
  key,
  label: key,
  type,
  options: [],
  required: false,
  visibleRoles: null,
  archivedAt: null,
  ...extra,
});

const plan = field('plano', 'choice', {
  options: [
    { value: 'basico', label: 'Básico' },
    { value: 'premium', label: 'Premium' },
    { value: 'antigo', label: 'Antigo', archived: true },
  ],
});
const extras = field('extras', 'multi_choice', { options: plan.options });

const create = (fields: CustomFieldRule[], values: Record<string, unknown>, role = 'broker' as const) =>
  validateCustomValues(fields, values, { role, partial: false });

describe('validateCustomValues', () => {
  it('normalizes a good value of every type', () => {
    const fields = [
      field('t', 'text'),
      field('lt', 'long_text'),
      field('n', 'number'),
      field('m', 'money'),
      field('d', 'date'),
      field('b', 'boolean'),
      plan,
      extras,
      field('u', 'user'),
      field('url', 'url'),
      field('e', 'email'),
      field('p', 'phone'),
      field('doc', 'document'),
    ];
    const result = create(fields, {
      t: '  oi  ',
      lt: 'linha 1\nlinha 2',
      n: 2.5,
      m: 150000,
      d: '2026-02-28',
      b: false,
      plano: 'premium',
      extras: ['premium', 'basico', 'premium'],
      u: '0B8C6A3E-1D2F-4A5B-9C8D-7E6F5A4B3C2D',
      url: 'https://exemplo.com.br/x',
      e: ' Ana@Exemplo.COM ',
      p: '(11) 98765-4321',
      doc: '529.982.247-25',
    });
    expect(result).toEqual({
      values: {
        t: 'oi',
        lt: 'linha 1\nlinha 2',
        n: 2.5,
        m: 150000,
        d: '2026-02-28',
        b: false,
        plano: 'premium',
        extras: ['basico', 'premium'],
        u: '0b8c6a3e-1d2f-4a5b-9c8d-7e6f5a4b3c2d',
        url: 'https://exemplo.com.br/x',
        e: 'ana@exemplo.com',
        p: '+5511987654321',
        doc: '52998224725',
      },
    });
  });

  it('names each bad value with its code', () => {
    const fields = [
      field('t', 'text'),
      field('n', 'number'),
      field('m', 'money'),
      field('d', 'date'),
      field('b', 'boolean'),
      plan,
      extras,
      field('u', 'user'),
      field('url', 'url'),
      field('e', 'email'),
      field('p', 'phone'),
      field('doc', 'document'),
    ];
    const result = create(fields, {
      t: 'x'.repeat(501),
      n: '12',
      m: 10.5,
      d: '2026-02-30',
      b: 'sim',
      plano: 'ouro',
      extras: 'basico',
      u: 'ana',
      url: 'javascript:alert(1)',
      e: 'ana@',
      p: '123',
      doc: '111.111.111-11',
      nope: 1,
    });
    expect(result).toEqual({
      errors: {
        t: 'too_long',
        n: 'invalid_number',
        m: 'invalid_money',
        d: 'invalid_date',
        b: 'invalid_type',
        plano: 'unknown_option',
        extras: 'invalid_type',
        u: 'invalid_user',
        url: 'invalid_url',
        e: 'invalid_email',
        p: 'invalid_phone',
        doc: 'invalid_document',
        nope: 'unknown_field',
      },
    });
  });

  it('requires the required fields the role sees on create, and only the sent keys on update', () => {
    const required = field('r', 'text', { required: true });
    const adminOnly = field('a', 'text', { required: true, visibleRoles: ['admin'] });
    expect(create([required, adminOnly], {})).toEqual({ errors: { r: 'required' } });
    expect(create([required, adminOnly], { r: '   ' })).toEqual({ errors: { r: 'required' } });
    expect(validateCustomValues([required], {}, { role: 'broker', partial: true })).toEqual({ values: {} });
    // A lead nobody filled a form for may lack it; what it sends is still checked.
    expect(
      validateCustomValues([required], {}, { role: 'broker', partial: false, unattended: true }),
    ).toEqual({
      values: {},
    });
    expect(
      validateCustomValues(
        [required, extras],
        { extras: 'x' },
        { role: 'broker', partial: false, unattended: true },
      ),
    ).toMatchObject({ errors: { extras: expect.any(String) } });
    expect(validateCustomValues([required], { r: null }, { role: 'broker', partial: true })).toEqual({
      errors: { r: 'required' },
    });
  });

  it('clears with null on update, drops empties on create', () => {
    const t = field('t', 'text');
    expect(
      validateCustomValues([t, extras], { t: null, extras: [] }, { role: 'broker', partial: true }),
    ).toEqual({
      values: { t: null, extras: null },
    });
    expect(create([t], { t: '' })).toEqual({ values: {} });
  });

  it('refuses fields the role does not see, and archived fields as unknown (their values are not required)', () => {
    const secret = field('s', 'text', { visibleRoles: ['admin', 'manager'] });
    const old = field('o', 'text', { required: true, archivedAt: '2026-01-01T00:00:00Z' });
    expect(create([secret, old], { s: 'x', o: 'y' })).toEqual({
      errors: { s: 'forbidden_field', o: 'unknown_field' },
    });
    expect(create([secret, old], { s: 'x' }, 'manager' as 'broker')).toEqual({ values: { s: 'x' } });
  });

  it('keeps an archived option a record already holds, refuses choosing it anew', () => {
    const opts = (current: Record<string, unknown>) => ({ role: 'broker' as const, partial: true, current });
    expect(validateCustomValues([plan], { plano: 'antigo' }, opts({}))).toEqual({
      errors: { plano: 'unknown_option' },
    });
    expect(validateCustomValues([plan], { plano: 'antigo' }, opts({ plano: 'antigo' }))).toEqual({
      values: { plano: 'antigo' },
    });
    expect(
      validateCustomValues([extras], { extras: ['antigo', 'basico'] }, opts({ extras: ['antigo'] })),
    ).toEqual({
      values: { extras: ['basico', 'antigo'] },
    });
  });
});

describe('values and their changes', () => {
  it('merges a patch, null clearing a key', () => {
    expect(mergeCustomValues({ a: 1, b: 'x', old: true }, { a: 2, b: null, c: 'novo' })).toEqual({
      a: 2,
      old: true,
      c: 'novo',
    });
  });

  it('lists one change per changed key with its label, null for empty', () => {
    const fields = [
      { key: 'a', label: 'Valor', type: 'money' as const, options: [] },
      { key: 'b', label: 'Cor', type: 'text' as const, options: [] },
      {
        key: 'c',
        label: 'Itens',
        type: 'multi_choice' as const,
        options: [
          { value: 'p', label: 'P' },
          { value: 'q', label: 'Q' },
          { value: 'r', label: 'R' },
        ],
      },
    ];
    expect(customFieldChanges(fields, { a: 1, b: 'x', c: ['p'] }, { a: 1, c: ['p', 'q'] })).toEqual([
      { field: 'customFields.b', label: 'Cor', type: 'text', old: 'x', new: null },
      {
        field: 'customFields.c',
        label: 'Itens',
        type: 'multi_choice',
        old: ['p'],
        new: ['p', 'q'],
        options: [
          { value: 'p', label: 'P' },
          { value: 'q', label: 'Q' },
        ],
      },
    ]);
  });

  it('reads only the live fields the role sees', () => {
    const fields = [
      field('a', 'text'),
      field('s', 'text', { visibleRoles: ['admin'] }),
      field('o', 'text', { archivedAt: '2026-01-01T00:00:00Z' }),
    ];
    expect(readableCustomValues(fields, { a: 'x', s: 'y', o: 'z' }, 'broker')).toEqual({ a: 'x' });
    expect(readableCustomValues(fields, { a: 'x', s: 'y', o: 'z' }, 'admin')).toEqual({ a: 'x', s: 'y' });
  });
});

describe('definitions', () => {
  it('makes a key from the label, unique among the taken ones', () => {
    expect(customFieldKey('Data da visita', new Set())).toBe('data_da_visita');
    expect(customFieldKey('Data da visita', new Set(['data_da_visita', 'data_da_visita_2']))).toBe(
      'data_da_visita_3',
    );
    expect(customFieldKey('123', new Set())).toBe('campo');
  });

  it('gives new options values, keeps stored ones, refuses removing one', () => {
    expect(settleOptions([{ label: 'Sim, claro' }, { label: 'Sim claro' }])).toEqual({
      options: [
        { value: 'sim_claro', label: 'Sim, claro' },
        { value: 'sim_claro_2', label: 'Sim claro' },
      ],
    });
    const stored = [{ value: 'a', label: 'A' }];
    expect(settleOptions([{ value: 'a', label: 'A!', archived: true }], stored)).toEqual({
      options: [{ value: 'a', label: 'A!', archived: true }],
    });
    expect(settleOptions([{ label: 'B' }], stored)).toEqual({ error: 'option_removed' });
    expect(
      settleOptions([
        { value: 'b', label: 'B' },
        { value: 'b', label: 'C' },
      ]),
    ).toEqual({ error: 'duplicate' });
  });

  it('asks a choice field for at least one live option', () => {
    const parsed = ZCreateCustomFieldRequest.safeParse({ entity: 'person', type: 'choice', label: 'Plano' });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['options']);
    expect(
      ZCreateCustomFieldRequest.parse({ entity: 'person', type: 'date', label: 'Visita' }),
    ).toMatchObject({
      required: false,
      visibleRoles: null,
      section: null,
    });
  });
});

describe('customFieldsJsonSchema', () => {
  it('types the live fields the role sees and lists the required ones', () => {
    const schema = customFieldsJsonSchema(
      [
        field('valor', 'money', { required: true }),
        plan,
        field('s', 'text', { visibleRoles: ['admin'] }),
        field('o', 'date', { archivedAt: '2026-01-01T00:00:00Z' }),
      ],
      'broker',
    );
    expect(schema).toMatchObject({
      type: 'object',
      additionalProperties: false,
      properties: {
        valor: { type: 'integer', title: 'valor' },
        plano: { type: 'string', enum: ['basico', 'premium'] },
      },
      required: ['valor'],
    });
    expect(Object.keys(schema.properties as object)).toEqual(['valor', 'plano']);
  });
});
