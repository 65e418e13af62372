import { describe, expect, it } from 'vitest';
import {
  addItem,
  draftFromOptions,
  isListChanged,
  itemErrorsFromServer,
  moveItem,
  parentErrorKey,
  removedItems,
  removeItem,
  renameItem,
  restoreItem,
  setItemParent,
  toListRequest,
  validateItems,
} from './option-list-draft.ts';

const saved = [
  { id: 'b', label: 'Crédito reprovado', position: 1 },
  { id: 'a', label: 'Preço', position: 0 },
  { id: 'c', label: 'Desistiu', position: 2 },
];

describe('option list draft', () => {
  it('starts in the saved order, unchanged', () => {
    const items = draftFromOptions(saved);
    expect(items.map((i) => i.label)).toEqual(['Preço', 'Crédito reprovado', 'Desistiu']);
    expect(isListChanged(saved, items)).toBe(false);
  });

  it('sends kept items with their id, new ones without, in the order shown', () => {
    let items = draftFromOptions(saved);
    items = addItem(items, '  Sumiu  ');
    items = renameItem(items, 'b', 'Crédito negado ');
    items = moveItem(items, 'c', -2);
    items = removeItem(items, 'a');
    expect(toListRequest(items)).toEqual({
      items: [{ id: 'c', label: 'Desistiu' }, { id: 'b', label: 'Crédito negado' }, { label: 'Sumiu' }],
    });
    expect(removedItems(saved, items).map((o) => o.id)).toEqual(['a']);
    expect(isListChanged(saved, items)).toBe(true);
  });

  it('notices a reorder alone', () => {
    expect(isListChanged(saved, moveItem(draftFromOptions(saved), 'a', 1))).toBe(true);
  });

  it('puts a removed item back at its place', () => {
    const items = restoreItem(removeItem(draftFromOptions(saved), 'b'), saved[0] as (typeof saved)[0]);
    expect(items.map((i) => i.id)).toEqual(['a', 'b', 'c']);
    expect(isListChanged(saved, items)).toBe(false);
  });

  it('refuses empty and repeated labels (case and spaces ignored)', () => {
    const items = addItem(addItem(draftFromOptions(saved), 'preço '), '');
    const errors = validateItems(items);
    expect(Object.values(errors).sort()).toEqual(['duplicate', 'required']);
    expect(errors[items[3]?.key ?? '']).toBe('duplicate');
  });

  it('places server errors on the item at that index', () => {
    const items = draftFromOptions(saved);
    expect(itemErrorsFromServer(items, [{ field: 'items.2.label', code: 'duplicate' }])).toEqual({
      c: 'duplicate',
    });
  });
});

describe('sub-moments (items with a parent)', () => {
  const subMoments = [
    { id: 's1', label: 'Pesquisando', position: 0, parentId: 'm1' },
    { id: 's2', label: 'Visitando', position: 1, parentId: 'm1' },
  ];

  it('sends each item with its moment', () => {
    const items = addItem(draftFromOptions(subMoments), 'Pesquisando', 'm2');
    expect(toListRequest(items, true)).toEqual({
      items: [
        { id: 's1', label: 'Pesquisando', parentId: 'm1' },
        { id: 's2', label: 'Visitando', parentId: 'm1' },
        { label: 'Pesquisando', parentId: 'm2' },
      ],
    });
    // The same name under another moment is fine.
    expect(validateItems(items, true)).toEqual({});
  });

  it('notices a new moment and requires one', () => {
    const items = setItemParent(draftFromOptions(subMoments), 's2', 'm2');
    expect(isListChanged(subMoments, items)).toBe(true);
    const orphan = addItem(items, 'Negociando');
    const last = orphan[2]?.key ?? '';
    expect(validateItems(orphan, true)).toEqual({ [parentErrorKey(last)]: 'required' });
    expect(validateItems(orphan)).toEqual({});
  });

  it('refuses a repeated name within the same moment', () => {
    const items = addItem(draftFromOptions(subMoments), 'visitando', 'm1');
    expect(Object.values(validateItems(items, true))).toEqual(['duplicate']);
  });

  it('places server errors on the moment of the item', () => {
    const items = draftFromOptions(subMoments);
    expect(itemErrorsFromServer(items, [{ field: 'items.1.parentId', code: 'required' }])).toEqual({
      [parentErrorKey('s2')]: 'required',
    });
  });
});
