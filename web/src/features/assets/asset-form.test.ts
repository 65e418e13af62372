import type { AssetFieldDefinition } from '@funil/domain';
import { describe, expect, it } from 'vitest';
import { emptyAssetForm, parseNumber, validateAssetForm, valuesToBody } from './asset-form.ts';

const fields: AssetFieldDefinition[] = [
  { key: 'modelo', label: 'Modelo', type: 'text', required: true, options: [] },
  { key: 'valor', label: 'Valor mensal', type: 'number', required: false, options: [] },
  { key: 'plano', label: 'Plano', type: 'select', required: false, options: ['100 Mb', '500 Mb'] },
  { key: 'wifi', label: 'Wi-Fi', type: 'boolean', required: false, options: [] },
];

describe('parseNumber', () => {
  it('reads Brazilian and plain decimals, keeps anything else as text', () => {
    expect(parseNumber('1.234,56')).toBe(1234.56);
    expect(parseNumber('99,9')).toBe(99.9);
    expect(parseNumber('99.9')).toBe(99.9);
    expect(parseNumber('abc')).toBe('abc');
  });
});

describe('validateAssetForm', () => {
  it('builds the body with parsed values and only the type fields', () => {
    const v = {
      ...emptyAssetForm(),
      assetTypeId: 't1',
      identifier: ' SN-1 ',
      values: { modelo: ' AX73 ', valor: '149,90', plano: '', wifi: true, sobra: 'x' },
    };
    expect(valuesToBody(fields, v.values)).toEqual({ modelo: 'AX73', valor: 149.9, wifi: true });
    const result = validateAssetForm(v, fields, true);
    expect(result).toEqual({
      ok: true,
      body: {
        assetTypeId: 't1',
        identifier: 'SN-1',
        status: 'active',
        startDate: null,
        endDate: null,
        notes: null,
        values: { modelo: 'AX73', valor: 149.9, wifi: true },
      },
    });
  });

  it('reports each problem on its field, like the server', () => {
    const result = validateAssetForm(
      {
        ...emptyAssetForm(),
        startDate: '2025-05-01',
        endDate: '2025-04-01',
        values: { valor: 'caro', plano: '1 Gb' },
      },
      fields,
      true,
    );
    expect(result).toEqual({
      ok: false,
      errors: {
        assetTypeId: 'required',
        identifier: 'required',
        endDate: 'end_before_start',
        'values.modelo': 'required',
        'values.valor': 'invalid_number',
        'values.plano': 'unknown_option',
      },
    });
  });
});
