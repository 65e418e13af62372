import { describe, expect, it } from 'vitest';
import {
  arrayMoveIds,
  columnDroppableId,
  dropTarget,
  findColumn,
  keyboardStep,
  moveToColumn,
  OUTCOMES,
  outcomeDroppableId,
  outcomeOf,
} from './drag.ts';

const open = (ids: string[], closed: string[] = []) =>
  new Map(ids.map((id) => [id, { status: closed.includes(id) ? ('won' as const) : ('open' as const) }]));

describe('column items', () => {
  it('moves a card into another column at an index', () => {
    const items = { a: ['1', '2'], b: ['3'] };
    expect(moveToColumn(items, '1', 'b', 0)).toEqual({ a: ['2'], b: ['1', '3'] });
    expect(moveToColumn(items, '1', 'a', 0)).toBe(items);
    expect(findColumn(items, '3')).toBe('b');
    expect(arrayMoveIds(['1', '2', '3'], 0, 2)).toEqual(['2', '3', '1']);
  });
});

describe('dropTarget', () => {
  const cards = open(['1', '2', '3', '4']);

  it('places the card where the sortable list shows it', () => {
    const items = { a: ['1', '2', '3'], b: ['4'] };
    expect(dropTarget(items, '1', '3', cards)).toEqual({ stageId: 'a', position: 2, afterId: '3' });
    expect(dropTarget(items, '3', '1', cards)).toEqual({ stageId: 'a', position: 0, afterId: null });
    expect(dropTarget(items, '2', null, cards)).toEqual({ stageId: 'a', position: 1, afterId: '1' });
  });

  it('keeps the place the drag gave it in another column', () => {
    const items = { a: ['2', '3'], b: ['4', '1'] };
    expect(dropTarget(items, '1', columnDroppableId('b'), cards)).toEqual({
      stageId: 'b',
      position: 1,
      afterId: '4',
    });
  });

  it('anchors after the nearest open card above', () => {
    const items = { a: ['1', '2', '3'] };
    expect(dropTarget(items, '3', null, open(['1', '2', '3'], ['2']))).toEqual({
      stageId: 'a',
      position: 2,
      afterId: '1',
    });
  });
});

describe('keyboardStep', () => {
  const rect = (left: number, top: number, height = 100) => ({ left, top, width: 200, height });
  const rects = new Map([
    ['1', rect(0, 100)],
    ['2', rect(0, 210)],
    ['3', rect(0, 320, 140)],
    ['4', rect(300, 100)],
    ['5', rect(300, 210)],
    [columnDroppableId('a'), rect(0, 40, 600)],
    [columnDroppableId('b'), rect(300, 40, 600)],
    [columnDroppableId('c'), rect(600, 40, 600)],
  ]);
  const base = {
    stages: ['a', 'b', 'c'],
    items: { a: ['1', '2', '3'], b: ['4', '5'], c: [] },
    activeId: '1',
    overId: '1',
    current: rect(0, 100),
    rects,
  };

  it('steps down and up one card in the column', () => {
    expect(keyboardStep({ ...base, key: 'ArrowDown' })).toEqual({ x: 0, y: 210 });
    // From the second card's place, the third is next; bottoms line up below the card's own place.
    expect(keyboardStep({ ...base, key: 'ArrowDown', overId: '2' })).toEqual({ x: 0, y: 360 });
    expect(keyboardStep({ ...base, key: 'ArrowUp' })).toBeUndefined();
  });

  it('moves to the next column next to the card at the same height', () => {
    expect(keyboardStep({ ...base, key: 'ArrowRight', current: rect(0, 200) })).toEqual({ x: 300, y: 210 });
    expect(keyboardStep({ ...base, key: 'ArrowLeft' })).toBeUndefined();
  });

  it('reaches the outcome bar down from the last card, walks its zones and comes back up', () => {
    const zones = OUTCOMES.map(outcomeDroppableId);
    const withBar = new Map([
      ...rects,
      [zones[0] as string, rect(100, 800, 60)],
      [zones[1] as string, rect(320, 800, 60)],
      [zones[2] as string, rect(540, 800, 60)],
    ]);
    const last = { ...base, rects: withBar, outcomes: zones, overId: '3', current: rect(0, 320, 140) };
    // Centered on "won", the first zone.
    expect(keyboardStep({ ...last, key: 'ArrowDown' })).toEqual({ x: 100, y: 760 });
    // Without the bar, the last card stays put.
    expect(keyboardStep({ ...last, outcomes: [], key: 'ArrowDown' })).toBeUndefined();
    const onWon = { ...last, overId: zones[0] as string, current: rect(100, 760, 140) };
    expect(keyboardStep({ ...onWon, key: 'ArrowRight' })).toEqual({ x: 320, y: 760 });
    expect(keyboardStep({ ...onWon, key: 'ArrowLeft' })).toBeUndefined();
    expect(keyboardStep({ ...onWon, key: 'ArrowDown' })).toBeUndefined();
    expect(keyboardStep({ ...onWon, key: 'ArrowUp' })).toEqual({ x: 0, y: 320 });
    expect(outcomeOf(zones[1])).toBe('lost');
    expect(outcomeOf('column:a')).toBeNull();
  });

  it('moves into an empty column at its top', () => {
    const fromB = { ...base, activeId: '4', overId: '4' };
    expect(keyboardStep({ ...fromB, key: 'ArrowRight', current: rect(300, 100) })).toEqual({ x: 600, y: 96 });
  });
});
