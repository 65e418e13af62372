import type { Board, BoardColumn, OpportunityCard, OpportunityPage } from '@funil/domain';

// Pure edits of a cached board: what the page shows changes here first (optimistic moves, further pages of
// a column), the server confirms or the edit is undone.

/** What `POST /opportunities/{id}/move` answers. */
export type MoveResult = {
  id: string;
  stageId: string;
  rank: string;
  version: number;
  stageEnteredAt: string;
};

const DAY_MS = 86_400_000;

/** Where a card is on the board: its column and its index in the loaded cards. */
export function locateCard(board: Board, id: string): { stageId: string; index: number } | null {
  for (const column of board.columns) {
    const index = column.cards.findIndex((c) => c.id === id);
    if (index >= 0) return { stageId: column.stage.id, index };
  }
  return null;
}

export function findCard(board: Board, id: string): OpportunityCard | null {
  for (const column of board.columns) {
    const card = column.cards.find((c) => c.id === id);
    if (card) return card;
  }
  return null;
}

const clampIndex = (index: number, length: number) => Math.max(0, Math.min(index, length));

/**
 * The board with a card moved to `index` of the column `toStageId` (index among the cards shown, the card
 * itself left out). Counts and value sums follow when it changes column. The card keeps its other fields
 * (days in stage, rotting) until the server answers: undoing a refused move then restores it exactly.
 */
export function moveCardInBoard(board: Board, id: string, toStageId: string, index: number): Board {
  const from = locateCard(board, id);
  const card = findCard(board, id);
  if (!from || !card || !board.columns.some((c) => c.stage.id === toStageId)) return board;
  const moved = card.stageId === toStageId ? card : { ...card, stageId: toStageId };
  const value = card.valueCents ?? 0;
  const crosses = from.stageId !== toStageId;
  return {
    ...board,
    columns: board.columns.map((column): BoardColumn => {
      const stageId = column.stage.id;
      if (stageId !== from.stageId && stageId !== toStageId) return column;
      const cards = column.cards.filter((c) => c.id !== id);
      if (stageId === toStageId) cards.splice(clampIndex(index, cards.length), 0, moved);
      if (!crosses) return { ...column, cards };
      const sign = stageId === toStageId ? 1 : -1;
      return {
        ...column,
        cards,
        count: Math.max(0, column.count + sign),
        valueCents: Math.max(0, column.valueCents + sign * value),
      };
    }),
  };
}

/** The server's answer to a move: the card's new rank, version and time in the stage. */
export function applyMoveResult(board: Board, result: MoveResult, now = Date.now()): Board {
  const stage = board.columns.find((c) => c.stage.id === result.stageId)?.stage;
  const entered = new Date(result.stageEnteredAt).getTime();
  const elapsed = Number.isNaN(entered) ? 0 : Math.max(0, now - entered);
  return {
    ...board,
    columns: board.columns.map((column) => {
      if (!column.cards.some((c) => c.id === result.id)) return column;
      return {
        ...column,
        cards: column.cards.map((c) =>
          c.id === result.id
            ? {
                ...c,
                rank: result.rank,
                version: result.version,
                stageEnteredAt: result.stageEnteredAt,
                daysInStage: Math.floor(elapsed / DAY_MS),
                rotting:
                  c.status === 'open' && stage?.rottingDays != null && elapsed > stage.rottingDays * DAY_MS,
              }
            : c,
        ),
      };
    }),
  };
}

/**
 * A further page of a column appended to its cards. Ignored when the column no longer ends at `cursor`
 * (the board was reloaded meanwhile); cards already shown are not repeated.
 */
export function appendColumnPage(
  board: Board,
  stageId: string,
  cursor: string,
  page: Pick<OpportunityPage, 'items' | 'nextCursor'>,
): Board {
  const target = board.columns.find((c) => c.stage.id === stageId);
  if (!target || target.nextCursor !== cursor) return board;
  const shown = new Set(board.columns.flatMap((c) => c.cards.map((card) => card.id)));
  const fresh = page.items.filter((card) => !shown.has(card.id) && card.stageId === stageId);
  return {
    ...board,
    columns: board.columns.map((c) =>
      c === target ? { ...c, cards: [...c.cards, ...fresh], nextCursor: page.nextCursor } : c,
    ),
  };
}

/** Whether the board already shows `version` (or a newer one) of the card. */
export function boardShowsVersion(board: Board | undefined, id: string, version: number): boolean {
  const card = board ? findCard(board, id) : null;
  return card !== null && card.version >= version;
}

/**
 * The board without a card (closed from the board and no longer matching its filters): its column's count
 * and value sum drop with it. Unknown cards leave the board as it is.
 */
export function removeCardFromBoard(board: Board, id: string): Board {
  const from = locateCard(board, id);
  const card = findCard(board, id);
  if (!from || !card) return board;
  const value = card.valueCents ?? 0;
  return {
    ...board,
    columns: board.columns.map((column) =>
      column.stage.id === from.stageId
        ? {
            ...column,
            cards: column.cards.filter((c) => c.id !== id),
            count: Math.max(0, column.count - 1),
            valueCents: Math.max(0, column.valueCents - value),
          }
        : column,
    ),
  };
}

/**
 * A removed card put back at `index` of its column, with the count and value it took along: undoes
 * `removeCardFromBoard` when the server refuses. Nothing changes when the card is already shown (a reload
 * brought it back) or the column is gone.
 */
export function restoreCardInBoard(
  board: Board,
  card: OpportunityCard,
  stageId: string,
  index: number,
): Board {
  if (findCard(board, card.id) || !board.columns.some((c) => c.stage.id === stageId)) return board;
  const restored = card.stageId === stageId ? card : { ...card, stageId };
  return {
    ...board,
    columns: board.columns.map((column) => {
      if (column.stage.id !== stageId) return column;
      const cards = [...column.cards];
      cards.splice(clampIndex(index, cards.length), 0, restored);
      return {
        ...column,
        cards,
        count: column.count + 1,
        valueCents: column.valueCents + (restored.valueCents ?? 0),
      };
    }),
  };
}

/** The board with a card's status changed in place (its filters show that status too); closed cards do not rot. */
export function setCardStatusInBoard(
  board: Board,
  id: string,
  status: OpportunityCard['status'],
  rotting?: boolean,
): Board {
  if (!findCard(board, id)) return board;
  return {
    ...board,
    columns: board.columns.map((column) =>
      column.cards.some((c) => c.id === id)
        ? {
            ...column,
            cards: column.cards.map((c) =>
              c.id === id ? { ...c, status, rotting: rotting ?? (status === 'open' ? c.rotting : false) } : c,
            ),
          }
        : column,
    ),
  };
}
