import {
  type Announcements,
  type CollisionDetection,
  closestCenter,
  DndContext,
  type DragEndEvent,
  type DragOverEvent,
  DragOverlay,
  type DragStartEvent,
  type KeyboardCoordinateGetter,
  KeyboardSensor,
  MeasuringStrategy,
  PointerSensor,
  type PointerSensorOptions,
  TouchSensor,
  useSensor,
  useSensors,
} from '@dnd-kit/core';
import type { Board, OpportunityCard } from '@funil/domain';
import { Box } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import type { PointerEvent as ReactPointerEvent } from 'react';
import { type RefObject, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BoardColumnView } from './BoardColumnView.tsx';
import { type CardActions, CardActionsContext } from './card-actions.ts';
import {
  type ColumnItems,
  columnItemsOf,
  dropTarget,
  findColumn,
  keyboardStep,
  OUTCOMES,
  type Outcome,
  outcomeDroppableId,
  outcomeOf,
} from './drag.ts';
import { CardOverlay } from './OpportunityCardView.tsx';
import { OutcomeBar } from './OutcomeBar.tsx';
import type { MoveInput } from './queries.ts';

/** Mouse and pen drags; fingers go through the touch sensor (long press) so a swipe still scrolls. */
class MouseOrPenSensor extends PointerSensor {
  static override activators = [
    {
      eventName: 'onPointerDown' as const,
      handler: (event: ReactPointerEvent, options: PointerSensorOptions) => {
        const native = event.nativeEvent;
        if (native.pointerType === 'touch' || !native.isPrimary || native.button !== 0) return false;
        options.onActivation?.({ event: native });
        return true;
      },
    },
  ];
}

const ARROWS = ['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight'] as const;
type Arrow = (typeof ARROWS)[number];
const isArrow = (code: string): code is Arrow => (ARROWS as readonly string[]).includes(code);

/** Where the dragged card is: its column and index among the other cards of that column. */
type Place = { stageId: string; index: number };
type DragState = { activeId: string; origin: Place; current: Place; dropped: boolean };

type Props = {
  board: Board;
  /** False while the board shown is a placeholder (new filters loading): drops are ignored. */
  interactive: boolean;
  pages: {
    loading: ReadonlySet<string>;
    failed: ReadonlySet<string>;
    loadMore: (stageId: string) => void;
  };
  onMove: (input: MoveInput) => void;
  /** A card dropped on the outcome bar (shown while an open card is dragged, when this is given). */
  onOutcome?: (input: { cardId: string; status: Outcome }) => void;
  /** Set while a card is dragged (reloads wait until it is dropped). */
  draggingRef: RefObject<boolean>;
  onDragStart?: () => void;
};

/** The board's card ids per column with the dragged card placed where the drag has taken it. */
function arrange(board: Board, drag: DragState | null): ColumnItems {
  const items = columnItemsOf(board);
  if (!drag) return items;
  const result: ColumnItems = {};
  for (const [stageId, ids] of Object.entries(items)) {
    const others = ids.filter((id) => id !== drag.activeId);
    if (stageId === drag.current.stageId) {
      others.splice(Math.max(0, Math.min(drag.current.index, others.length)), 0, drag.activeId);
    }
    result[stageId] = others;
  }
  return result;
}

type Rect = { left: number; top: number; width: number; height: number };

const center = (rect: Rect) => ({
  x: rect.left + rect.width / 2,
  y: rect.top + rect.height / 2,
});

const contains = (rect: Rect | undefined, point: { x: number; y: number }) =>
  rect !== undefined &&
  point.x >= rect.left &&
  point.x <= rect.left + rect.width &&
  point.y >= rect.top &&
  point.y <= rect.top + rect.height;

const OUTCOME_ZONES = OUTCOMES.map(outcomeDroppableId);

/** The Kanban board: one column per stage; cards move by drag and drop, with the mouse, touch or keyboard. */
export function KanbanBoard({
  board,
  interactive,
  pages,
  onMove,
  onOutcome,
  draggingRef,
  onDragStart,
}: Props) {
  const { t } = useTranslation();
  const isPhone = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });
  const [drag, setDrag] = useState<DragState | null>(null);
  // A card dropped on the outcome bar does not fly back over the columns: it leaves, or is simply back.
  const [droppedOnOutcome, setDroppedOnOutcome] = useState(false);
  // The zone under the dragged card: the card turns see-through so the zone's highlight shows.
  const [overOutcome, setOverOutcome] = useState<Outcome | null>(null);

  const items = useMemo(() => arrange(board, drag), [board, drag]);
  const itemsRef = useRef(items);
  itemsRef.current = items;
  const stages = useMemo(() => board.columns.map((c) => c.stage.id), [board]);
  const stagesRef = useRef(stages);
  stagesRef.current = stages;
  const cardsById = useMemo(
    () => new Map(board.columns.flatMap((c) => c.cards.map((card) => [card.id, card] as const))),
    [board],
  );
  const stageNames = useMemo(() => new Map(board.columns.map((c) => [c.stage.id, c.stage.name])), [board]);

  const activeCard = drag && !drag.dropped ? (cardsById.get(drag.activeId) ?? null) : null;
  // Only open cards can be won, lost or discarded; a placeholder board takes no drop at all.
  const showOutcomes = Boolean(onOutcome) && interactive && activeCard?.status === 'open';
  const outcomeZonesRef = useRef<readonly string[]>([]);
  outcomeZonesRef.current = showOutcomes ? OUTCOME_ZONES : [];

  // A column's card list keeps its identity while its ids do not change, so other columns do not re-render.
  const listCache = useRef(new Map<string, { ids: string[]; cards: OpportunityCard[] }>());
  const cardsOf = (stageId: string): OpportunityCard[] => {
    const ids = items[stageId] ?? [];
    const cached = listCache.current.get(stageId);
    if (
      cached &&
      cached.ids.length === ids.length &&
      cached.ids.every((id, i) => id === ids[i] && cached.cards[i] === cardsById.get(id))
    ) {
      return cached.cards;
    }
    const cards = ids.map((id) => cardsById.get(id)).filter((c): c is OpportunityCard => c !== undefined);
    listCache.current.set(stageId, { ids, cards });
    return cards;
  };

  const coordinateGetter: KeyboardCoordinateGetter = useCallback((event, { context }) => {
    if (!isArrow(event.code)) return undefined;
    event.preventDefault();
    const { active, collisionRect, droppableRects, over } = context;
    if (!active || !collisionRect) return undefined;
    return keyboardStep({
      key: event.code,
      stages: stagesRef.current,
      items: itemsRef.current,
      activeId: String(active.id),
      overId: over ? String(over.id) : null,
      current: collisionRect,
      rects: { get: (id: string) => droppableRects.get(id) },
      outcomes: outcomeZonesRef.current,
    });
  }, []);

  const sensors = useSensors(
    useSensor(MouseOrPenSensor, { activationConstraint: { distance: 6 } }),
    useSensor(TouchSensor, { activationConstraint: { delay: 250, tolerance: 8 } }),
    // Space picks a card up; Enter is left to the card, which opens its opportunity (Enter or Space drops).
    useSensor(KeyboardSensor, {
      coordinateGetter,
      scrollBehavior: 'auto',
      keyboardCodes: { start: ['Space'], cancel: ['Escape'], end: ['Space', 'Enter'] },
    }),
  );

  // The outcome zone or else the column under the pointer (or, from the keyboard, under the card's middle),
  // then the column's nearest card. The outcome bar lies over the columns: it comes first.
  const collisionDetection: CollisionDetection = useCallback((args) => {
    const pointer = args.pointerCoordinates;
    const point = pointer ?? center(args.collisionRect);
    const zone = args.droppableContainers.find(
      (c) => c.data.current?.type === 'outcome' && contains(args.droppableRects.get(c.id), point),
    );
    if (zone) return [{ id: zone.id, data: { droppableContainer: zone, value: 0 } }];
    const column = args.droppableContainers.find((c) => {
      if (c.data.current?.type !== 'column') return false;
      const rect = args.droppableRects.get(c.id);
      if (!rect || point.x < rect.left || point.x > rect.right) return false;
      return !pointer || (point.y >= rect.top - 48 && point.y <= rect.bottom + 48);
    });
    if (!column) return [];
    const ids = new Set(itemsRef.current[String(column.data.current?.stageId)] ?? []);
    const cards = args.droppableContainers.filter((c) => ids.has(String(c.id)));
    if (!cards.length) return [{ id: column.id, data: { droppableContainer: column, value: 0 } }];
    return closestCenter({ ...args, droppableContainers: cards });
  }, []);

  const placeOf = (id: string, overId?: string | null): { stage: string; position: number } | null => {
    const stageId = findColumn(itemsRef.current, id);
    if (!stageId) return null;
    const ids = itemsRef.current[stageId] ?? [];
    const overIndex = overId ? ids.indexOf(overId) : -1;
    return {
      stage: stageNames.get(stageId) ?? '',
      position: (overIndex >= 0 ? overIndex : ids.indexOf(id)) + 1,
    };
  };
  const titleOf = (id: string) => cardsById.get(id)?.title ?? '';
  const outcomeName = (overId: string | null | undefined) => {
    const outcome = outcomeOf(overId);
    return outcome ? t(`board.outcome.${outcome}`) : null;
  };
  const announcements: Announcements = {
    onDragStart: ({ active }) => {
      const place = placeOf(String(active.id));
      return place ? t('board.dnd.picked', { title: titleOf(String(active.id)), ...place }) : undefined;
    },
    onDragOver: ({ active, over }) => {
      const outcome = outcomeName(over ? String(over.id) : null);
      if (outcome) return t('board.outcome.over', { title: titleOf(String(active.id)), outcome });
      const place = over ? placeOf(String(active.id), String(over.id)) : null;
      return place ? t('board.dnd.over', { title: titleOf(String(active.id)), ...place }) : undefined;
    },
    onDragEnd: ({ active, over }) => {
      const outcome = outcomeName(over ? String(over.id) : null);
      if (outcome) return t('board.outcome.dropped', { title: titleOf(String(active.id)), outcome });
      const place = placeOf(String(active.id), over ? String(over.id) : null);
      return place ? t('board.dnd.dropped', { title: titleOf(String(active.id)), ...place }) : undefined;
    },
    onDragCancel: ({ active }) => {
      const card = cardsById.get(String(active.id));
      return card
        ? t('board.dnd.cancelled', { title: card.title, stage: stageNames.get(card.stageId) ?? '' })
        : undefined;
    },
  };

  const handleDragStart = ({ active }: DragStartEvent) => {
    const id = String(active.id);
    const stageId = findColumn(itemsRef.current, id);
    if (!stageId) return;
    const index = (itemsRef.current[stageId] ?? []).indexOf(id);
    draggingRef.current = true;
    setDroppedOnOutcome(false);
    setOverOutcome(null);
    setDrag({ activeId: id, origin: { stageId, index }, current: { stageId, index }, dropped: false });
    onDragStart?.();
  };

  // Crossing into another column: the card joins it before (or after) the card it is over.
  const handleDragOver = ({ active, over }: DragOverEvent) => {
    setOverOutcome(outcomeOf(over ? String(over.id) : null));
    if (!over) return;
    const id = String(active.id);
    if (outcomeOf(String(over.id))) {
      // Over the outcome bar the card is about to leave: its column shows it where it came from.
      setDrag((d) => (d && d.activeId === id && d.current !== d.origin ? { ...d, current: d.origin } : d));
      return;
    }
    const from = findColumn(itemsRef.current, id);
    const overData = over.data.current;
    const to =
      overData?.type === 'column' ? String(overData.stageId) : findColumn(itemsRef.current, String(over.id));
    if (!from || !to || from === to) return;
    const targetIds = itemsRef.current[to] ?? [];
    let index = targetIds.length;
    if (overData?.type !== 'column') {
      const translated = active.rect.current.translated;
      const below = translated ? translated.top > over.rect.top + over.rect.height / 2 : false;
      index = targetIds.indexOf(String(over.id)) + (below ? 1 : 0);
    }
    setDrag((d) => (d && d.activeId === id ? { ...d, current: { stageId: to, index } } : d));
  };

  const handleDragEnd = ({ active, over }: DragEndEvent) => {
    const id = String(active.id);
    draggingRef.current = false;
    const current = drag;
    const outcome = outcomeOf(over ? String(over.id) : null);
    if (outcome) {
      // The card goes back to where it was; the page asks the server (and for a reason, when needed).
      setDroppedOnOutcome(true);
      setDrag(null);
      if (interactive && current && cardsById.get(id)?.status === 'open') {
        onOutcome?.({ cardId: id, status: outcome });
      }
      return;
    }
    const target = dropTarget(itemsRef.current, id, over ? String(over.id) : null, cardsById);
    if (
      !interactive ||
      !current ||
      !target ||
      (target.stageId === current.origin.stageId && target.position === current.origin.index)
    ) {
      setDrag(null);
      return;
    }
    onMove({ cardId: id, from: current.origin, to: target });
    // Keep showing the card where it was dropped until the board reflects the move.
    setDrag({ ...current, current: { stageId: target.stageId, index: target.position }, dropped: true });
  };

  const handleDragCancel = () => {
    draggingRef.current = false;
    setDrag(null);
  };

  // The moved board arrived (or the move did nothing): the drop's arrangement is no longer needed.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the board changes
  useEffect(() => {
    setDrag((d) => (d?.dropped ? null : d));
  }, [board]);
  useEffect(() => {
    if (!drag?.dropped) return;
    const timer = setTimeout(() => setDrag((d) => (d?.dropped ? null : d)), 500);
    return () => clearTimeout(timer);
  }, [drag]);

  const columnWidth = isPhone ? 'min(82vw, 300px)' : 288;

  // The cards' menus: a stage's neighbours, and a move to the top of another stage — the move a drop makes.
  const onMoveRef = useRef(onMove);
  onMoveRef.current = onMove;
  const interactiveRef = useRef(interactive);
  interactiveRef.current = interactive;
  const boardRef = useRef(board);
  boardRef.current = board;
  const cardActions = useMemo<CardActions>(
    () => ({
      neighbours: (stageId) => {
        const columns = boardRef.current.columns;
        const i = columns.findIndex((c) => c.stage.id === stageId);
        const ref = (c: (typeof columns)[number] | undefined) =>
          c ? { id: c.stage.id, name: c.stage.name } : null;
        return { previous: i > 0 ? ref(columns[i - 1]) : null, next: i >= 0 ? ref(columns[i + 1]) : null };
      },
      moveToStage: (cardId, toStageId) => {
        const from = findColumn(itemsRef.current, cardId);
        if (!interactiveRef.current || !from || from === toStageId) return;
        const index = (itemsRef.current[from] ?? []).indexOf(cardId);
        onMoveRef.current({
          cardId,
          from: { stageId: from, index },
          to: { stageId: toStageId, position: 0, afterId: null },
        });
        focusCardWhenShown(cardId, toStageId);
      },
    }),
    [],
  );

  return (
    <CardActionsContext.Provider value={cardActions}>
      <DndContext
        sensors={sensors}
        collisionDetection={collisionDetection}
        measuring={{ droppable: { strategy: MeasuringStrategy.Always } }}
        accessibility={{
          announcements,
          screenReaderInstructions: { draggable: t('board.dnd.instructions') },
        }}
        onDragStart={handleDragStart}
        onDragOver={handleDragOver}
        onDragEnd={handleDragEnd}
        onDragCancel={handleDragCancel}
      >
        {/* It scrolls sideways: focusable, so the keyboard can scroll it even with no card to reach (WCAG 2.1.1). */}
        <Box
          data-testid="board"
          role="region"
          aria-label={t('board.region')}
          tabIndex={0}
          className="mantine-focus-auto"
          style={{
            display: 'flex',
            gap: 12,
            height: '100%',
            overflowX: 'auto',
            overflowY: 'hidden',
            paddingBottom: 8,
            alignItems: 'stretch',
          }}
        >
          {board.columns.map((column) => (
            <BoardColumnView
              key={column.stage.id}
              stage={column.stage}
              count={column.count}
              valueCents={column.valueCents}
              cards={cardsOf(column.stage.id)}
              activeId={drag && drag.current.stageId === column.stage.id ? drag.activeId : null}
              hasMore={column.nextCursor !== null}
              loadingMore={pages.loading.has(column.stage.id)}
              loadFailed={pages.failed.has(column.stage.id)}
              onLoadMore={pages.loadMore}
              width={columnWidth}
            />
          ))}
        </Box>
        {showOutcomes && <OutcomeBar />}
        <DragOverlay dropAnimation={droppedOnOutcome ? null : undefined}>
          {activeCard ? (
            <Box style={{ opacity: overOutcome ? 0.55 : 1, transition: 'opacity 120ms' }}>
              <CardOverlay card={activeCard} stageName="" />
            </Box>
          ) : null}
        </DragOverlay>
      </DndContext>
    </CardActionsContext.Provider>
  );
}

/**
 * After a move from a card's menu, keyboard focus follows the card to its new column (the menu that had it is
 * gone with the card's old place); gives up after two seconds.
 */
function focusCardWhenShown(cardId: string, stageId: string) {
  const deadline = Date.now() + 2000;
  const tick = () => {
    const card = document.querySelector<HTMLElement>(
      `[data-testid="board-column"][data-stage-id="${stageId}"] [data-testid="board-card"][data-opportunity-id="${cardId}"]`,
    );
    if (card) card.focus();
    else if (Date.now() < deadline) setTimeout(tick, 50);
  };
  setTimeout(tick, 0);
}
