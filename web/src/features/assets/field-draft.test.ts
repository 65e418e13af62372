import { fieldKeyFromLabel } from '@funil/domain';
import { describe, expect, it } from 'vitest';
import { draftsToFields, moveItem, newFieldDraft } from './field-draft.ts';

describe('draftsToFields', () => {
  it('keeps saved keys and derives unique keys for new fields from their labels', () => {
    const fields = draftsToFields([
      { ...newFieldDraft(), key: 'numero_de_serie', label: 'Nº de série (novo rótulo)' },
      { ...newFieldDraft(), label: ' Número de série ' },
      { ...newFieldDraft(), label: 'Plano', type: 'select', options: ['100 Mb'] },
      { ...newFieldDraft(), label: 'Cor', options: ['ignorada'] },
    ]);
    expect(fields.map((f) => f.key)).toEqual(['numero_de_serie', 'numero_de_serie_2', 'plano', 'cor']);
    expect(fields[1]?.label).toBe('Número de série');
    expect(fields[2]?.options).toEqual(['100 Mb']);
    expect(fields[3]?.options).toEqual([]);
  });

  it('makes keys the API accepts from any label', () => {
    expect(fieldKeyFromLabel('Data de instalação')).toBe('data_de_instalacao');
    expect(fieldKeyFromLabel('2º Endereço')).toBe('endereco');
    expect(fieldKeyFromLabel('!!!')).toBe('campo');
  });
});

describe('moveItem', () => {
  it('moves one place and stays inside the list', () => {
    expect(moveItem(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(moveItem(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
  });
});
