import { describe, expect, it } from 'vitest';
import {
  appendColumnPage,
  applyMoveResult,
  boardShowsVersion,
  findCard,
  locateCard,
  moveCardInBoard,
  removeCardFromBoard,
  restoreCardInBoard,
  setCardStatusInBoard,
} from './board-cache.ts';
import { board, card, idsOf } from './test-factories.ts';

describe('moveCardInBoard', () => {
  it('moves a card to another column and carries its count and value', () => {
    const before = board({ a: ['1', '2'], b: ['3'] });
    const after = moveCardInBoard(before, '1', 'b', 1);
    expect(idsOf(after)).toEqual({ a: ['2'], b: ['3', '1'] });
    expect(after.columns.map((c) => [c.count, c.valueCents])).toEqual([
      [1, 1000],
      [2, 2000],
    ]);
    expect(after.columns[1]?.cards[1]?.stageId).toBe('b');
  });

  it('reorders inside a column without touching the totals', () => {
    const after = moveCardInBoard(board({ a: ['1', '2', '3'] }), '1', 'a', 2);
    expect(idsOf(after)).toEqual({ a: ['2', '3', '1'] });
    expect(after.columns[0]?.count).toBe(3);
  });

  it('is undone by moving the card back to where it was', () => {
    const before = board({ a: ['1', '2', '3'], b: ['4'] });
    const from = locateCard(before, '2');
    const moved = moveCardInBoard(before, '2', 'b', 0);
    expect(from).toEqual({ stageId: 'a', index: 1 });
    const undone = moveCardInBoard(moved, '2', from?.stageId ?? '', from?.index ?? 0);
    expect(undone).toEqual(before);
  });

  it('counts a card without value as zero and ignores unknown cards or stages', () => {
    const before = board({ a: ['1'], b: [] });
    const noValue = {
      ...before,
      columns: before.columns.map((c) => ({ ...c, cards: c.cards.map((x) => ({ ...x, valueCents: null })) })),
    };
    expect(moveCardInBoard(noValue, '1', 'b', 0).columns[1]?.valueCents).toBe(0);
    expect(moveCardInBoard(before, 'nope', 'b', 0)).toBe(before);
    expect(moveCardInBoard(before, '1', 'nope', 0)).toBe(before);
  });
});

describe('applyMoveResult', () => {
  it('takes the rank, version and stage entry from the server, and is no longer stalled', () => {
    const before = board({ a: ['1'] });
    const stalled = {
      ...before,
      columns: before.columns.map((c) => ({
        ...c,
        stage: { ...c.stage, rottingDays: 3 },
        cards: [card('1', 'a', { rotting: true, daysInStage: 9 })],
      })),
    };
    const now = Date.parse('2026-03-10T12:00:00Z');
    const after = applyMoveResult(
      stalled,
      { id: '1', stageId: 'a', rank: 'a0V', version: 7, stageEnteredAt: '2026-03-10T11:00:00Z' },
      now,
    );
    expect(after.columns[0]?.cards[0]).toMatchObject({
      rank: 'a0V',
      version: 7,
      daysInStage: 0,
      rotting: false,
    });
    expect(boardShowsVersion(after, '1', 7)).toBe(true);
    expect(boardShowsVersion(after, '1', 8)).toBe(false);
    expect(boardShowsVersion(after, '2', 1)).toBe(false);
  });
});

describe('appendColumnPage', () => {
  it('appends the next page of a column once, without repeating cards', () => {
    const before = board({ a: ['1', '2'], b: ['3'] }, { a: 'c1' });
    const page = { items: [card('2', 'a'), card('4', 'a')], nextCursor: 'c2' };
    const after = appendColumnPage(before, 'a', 'c1', page);
    expect(idsOf(after).a).toEqual(['1', '2', '4']);
    expect(after.columns[0]?.nextCursor).toBe('c2');
    // The same page again (the column no longer ends at c1) changes nothing.
    expect(appendColumnPage(after, 'a', 'c1', page)).toBe(after);
  });
});

describe('removeCardFromBoard', () => {
  it('takes the card off its column with its count and value', () => {
    const before = board({ a: ['1', '2'], b: ['3'] });
    const after = removeCardFromBoard(before, '1');
    expect(idsOf(after)).toEqual({ a: ['2'], b: ['3'] });
    expect(after.columns.map((c) => [c.count, c.valueCents])).toEqual([
      [1, 1000],
      [1, 1000],
    ]);
    expect(after.columns[1]).toBe(before.columns[1]);
    expect(removeCardFromBoard(before, 'nope')).toBe(before);
  });

  it('is undone by restoring the card where it was', () => {
    const before = board({ a: ['1', '2', '3'], b: ['4'] });
    const card = findCard(before, '2');
    const from = locateCard(before, '2');
    if (!card || !from) throw new Error('card 2 is on the board');
    const removed = removeCardFromBoard(before, '2');
    expect(restoreCardInBoard(removed, card, from.stageId, from.index)).toEqual(before);
    // Already back (a reload brought it) or its column gone: nothing to do.
    expect(restoreCardInBoard(before, card, 'a', 0)).toBe(before);
    expect(restoreCardInBoard(removed, card, 'nope', 0)).toBe(removed);
  });
});

describe('setCardStatusInBoard', () => {
  it('changes the status in place, keeps the totals, and a closed card no longer rots', () => {
    const before = board({ a: ['1', '2'] });
    const rotting = {
      ...before,
      columns: before.columns.map((c) => ({ ...c, cards: c.cards.map((x) => ({ ...x, rotting: true })) })),
    };
    const after = setCardStatusInBoard(rotting, '1', 'won');
    expect(after.columns[0]?.cards[0]).toMatchObject({ status: 'won', rotting: false });
    expect(after.columns[0]?.cards[1]).toBe(rotting.columns[0]?.cards[1]);
    expect(after.columns[0]?.count).toBe(2);
    expect(setCardStatusInBoard(after, '1', 'open', true)).toEqual(rotting);
    expect(setCardStatusInBoard(before, 'nope', 'won')).toBe(before);
  });
});
