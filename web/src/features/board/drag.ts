import type { Board, OpportunityCard } from '@funil/domain';

// Pure steps of a drag on the board. While a card is dragged the page keeps its own copy of the columns'
// card ids (`ColumnItems`) so the card can visit other columns; the drop turns it into one move.

/** Stage id → ids of the cards shown in that column, in board order. */
export type ColumnItems = Record<string, string[]>;

/** Droppable id of a column (cards use their own id). */
export const columnDroppableId = (stageId: string) => `column:${stageId}`;

/** How a card can leave the board while dragged: the drop zones of the outcome bar, left to right. */
export const OUTCOMES = ['won', 'lost', 'discarded'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** Droppable id of an outcome zone. */
export const outcomeDroppableId = (outcome: Outcome) => `outcome:${outcome}`;

/** The outcome a droppable id names; null for cards and columns. */
export function outcomeOf(id: string | null | undefined): Outcome | null {
  return OUTCOMES.find((o) => outcomeDroppableId(o) === id) ?? null;
}

export function columnItemsOf(board: Board): ColumnItems {
  return Object.fromEntries(board.columns.map((c) => [c.stage.id, c.cards.map((card) => card.id)]));
}

export function findColumn(items: ColumnItems, id: string): string | undefined {
  return Object.keys(items).find((stageId) => items[stageId]?.includes(id));
}

/** The card taken out of its column and put at `index` of another one. */
export function moveToColumn(items: ColumnItems, id: string, toStageId: string, index: number): ColumnItems {
  const from = findColumn(items, id);
  if (!from || from === toStageId || !items[toStageId]) return items;
  const target = [...items[toStageId]];
  target.splice(Math.max(0, Math.min(index, target.length)), 0, id);
  return { ...items, [from]: (items[from] ?? []).filter((x) => x !== id), [toStageId]: target };
}

/** `list` with the item at `from` moved to `to` (the order a sortable list shows on drop). */
export function arrayMoveIds(list: readonly string[], from: number, to: number): string[] {
  const next = [...list];
  const [item] = next.splice(from, 1);
  if (item !== undefined) next.splice(to, 0, item);
  return next;
}

export type DropTarget = {
  stageId: string;
  /** Index among the cards shown in the column, the card itself left out. */
  position: number;
  /** The open card shown right above it (null: top of the column). */
  afterId: string | null;
};

/**
 * Where the dragged card lands: its column in `items` and, when dropped over another card of that
 * column, that card's place.
 */
export function dropTarget(
  items: ColumnItems,
  activeId: string,
  overId: string | null,
  cards: ReadonlyMap<string, Pick<OpportunityCard, 'status'>>,
): DropTarget | null {
  const stageId = findColumn(items, activeId);
  if (!stageId) return null;
  let ids = items[stageId] ?? [];
  const from = ids.indexOf(activeId);
  const over = overId ? ids.indexOf(overId) : -1;
  if (over >= 0 && over !== from) ids = arrayMoveIds(ids, from, over);
  const position = ids.indexOf(activeId);
  // The server places the card after a card it knows is open; a closed one above is skipped.
  let afterId: string | null = null;
  for (let i = position - 1; i >= 0; i--) {
    const id = ids[i];
    if (id && cards.get(id)?.status === 'open') {
      afterId = id;
      break;
    }
  }
  return { stageId, position, afterId };
}

type Rect = { top: number; left: number; width: number; height: number };

export type KeyboardStepInput = {
  key: 'ArrowUp' | 'ArrowDown' | 'ArrowLeft' | 'ArrowRight';
  /** Stage ids, in board order. */
  stages: readonly string[];
  items: ColumnItems;
  activeId: string;
  overId: string | null;
  /** The dragged card's rectangle as it is now. */
  current: Rect;
  /** Measured rectangles of the cards (those rendered), the columns and the outcome zones (by droppable id). */
  rects: { get(id: string): Rect | undefined };
  /** Droppable ids of the outcome zones shown (left to right); empty when the bar is hidden. */
  outcomes?: readonly string[];
};

/** The top-left corner that puts `current` in the middle of `rect`. */
const centeredOn = (rect: Rect, current: Rect) => ({
  x: rect.left + (rect.width - current.width) / 2,
  y: rect.top + (rect.height - current.height) / 2,
});

/**
 * Where a keyboard step takes the dragged card (top-left corner): up or down one card in its column, or
 * to the previous or next column, next to the card at the same height (the column's top when empty).
 * Down from the last card of a column reaches the outcome bar (its first zone); left and right go from
 * zone to zone there, and up goes back to the bottom of the column.
 */
export function keyboardStep(input: KeyboardStepInput): { x: number; y: number } | undefined {
  const { key, items, activeId, current, rects } = input;
  const outcomes = input.outcomes ?? [];
  const stageId = findColumn(items, activeId);
  if (!stageId) return undefined;
  const onOutcome = input.overId ? outcomes.indexOf(input.overId) : -1;
  if (onOutcome >= 0) {
    if (key === 'ArrowDown') return undefined;
    if (key === 'ArrowUp') {
      const ids = items[stageId] ?? [];
      const lastId = ids[ids.length - 1];
      const rect = lastId ? rects.get(lastId) : undefined;
      return rect ? { x: rect.left, y: rect.top } : undefined;
    }
    const zone = outcomes[onOutcome + (key === 'ArrowRight' ? 1 : -1)];
    const rect = zone ? rects.get(zone) : undefined;
    return rect ? centeredOn(rect, current) : undefined;
  }
  if (key === 'ArrowUp' || key === 'ArrowDown') {
    const ids = items[stageId] ?? [];
    const activeIndex = ids.indexOf(activeId);
    const overIndex = input.overId ? ids.indexOf(input.overId) : -1;
    const at = overIndex >= 0 ? overIndex : activeIndex;
    const targetIndex = at + (key === 'ArrowDown' ? 1 : -1);
    const targetId = ids[targetIndex];
    if (key === 'ArrowDown' && targetIndex >= ids.length) {
      const bar = outcomes[0] ? rects.get(outcomes[0]) : undefined;
      return bar ? centeredOn(bar, current) : undefined;
    }
    const rect = targetId ? rects.get(targetId) : undefined;
    if (!rect) return undefined;
    // Below the card's own place, bottoms line up; above it, tops do (as a sortable list shifts cards).
    const y = targetIndex > activeIndex ? rect.top + rect.height - current.height : rect.top;
    return { x: rect.left, y };
  }
  const column = input.stages.indexOf(stageId) + (key === 'ArrowRight' ? 1 : -1);
  const targetStage = input.stages[column];
  if (!targetStage) return undefined;
  const middle = current.top + current.height / 2;
  let best: Rect | undefined;
  for (const id of items[targetStage] ?? []) {
    const rect = rects.get(id);
    if (!rect) continue;
    const distance = Math.abs(rect.top + rect.height / 2 - middle);
    if (!best || distance < Math.abs(best.top + best.height / 2 - middle)) best = rect;
  }
  if (best) return { x: best.left, y: best.top };
  const columnRect = rects.get(columnDroppableId(targetStage));
  if (!columnRect) return undefined;
  return { x: columnRect.left + Math.max(0, (columnRect.width - current.width) / 2), y: columnRect.top + 56 };
}
