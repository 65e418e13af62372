import { useDroppable } from '@dnd-kit/core';
import { SortableContext, verticalListSortingStrategy } from '@dnd-kit/sortable';
import type { OpportunityCard, Stage } from '@funil/domain';
import { Badge, Box, Button, Center, Group, Loader, Paper, Stack, Text, Title, Tooltip } from '@mantine/core';
import { defaultRangeExtractor, type Range, useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../lib/format.ts';
import { columnDroppableId } from './drag.ts';
import { formatCents } from './money.ts';
import { SortableCard } from './OpportunityCardView.tsx';

type Props = {
  stage: Stage;
  count: number;
  valueCents: number;
  /** The cards shown, in order (during a drag, as the drag arranges them). */
  cards: OpportunityCard[];
  /** Id of the card being dragged when it is in this column, kept rendered while the list scrolls. */
  activeId: string | null;
  hasMore: boolean;
  loadingMore: boolean;
  loadFailed: boolean;
  onLoadMore: (stageId: string) => void;
  width: number | string;
};

/** Load the next page when the last rendered card is this close to the end of what is loaded. */
const PREFETCH_DISTANCE = 10;
const ESTIMATED_CARD_HEIGHT = 128;
const GAP = 8;

/** One stage of the board: its totals and a virtualized, sortable list of its cards. */
export const BoardColumnView = memo(function BoardColumnView({
  stage,
  count,
  valueCents,
  cards,
  activeId,
  hasMore,
  loadingMore,
  loadFailed,
  onLoadMore,
  width,
}: Props) {
  const { t, i18n } = useTranslation();
  const headingId = useId();
  const scrollRef = useRef<HTMLDivElement | null>(null);
  const { setNodeRef, isOver } = useDroppable({
    id: columnDroppableId(stage.id),
    data: { type: 'column', stageId: stage.id },
  });

  const activeIndex = activeId ? cards.findIndex((c) => c.id === activeId) : -1;
  const rangeExtractor = useCallback(
    (range: Range) => {
      const indexes = defaultRangeExtractor(range);
      // The dragged card stays mounted even when scrolled away: dnd-kit keeps measuring it.
      if (activeIndex >= 0 && !indexes.includes(activeIndex)) {
        indexes.push(activeIndex);
        indexes.sort((a, b) => a - b);
      }
      return indexes;
    },
    [activeIndex],
  );

  const virtualizer = useVirtualizer({
    count: cards.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ESTIMATED_CARD_HEIGHT,
    getItemKey: (index) => cards[index]?.id ?? index,
    overscan: 6,
    gap: GAP,
    rangeExtractor,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.length ? (items[items.length - 1]?.index ?? 0) : 0;

  useEffect(() => {
    if (hasMore && !loadingMore && !loadFailed && lastIndex >= cards.length - PREFETCH_DISTANCE) {
      onLoadMore(stage.id);
    }
  }, [hasMore, loadingMore, loadFailed, lastIndex, cards.length, onLoadMore, stage.id]);

  const ids = cards.map((c) => c.id);
  const countText = formatNumber(count, i18n.language);
  const valueText = formatCents(valueCents, i18n.language);

  return (
    <Paper
      ref={setNodeRef}
      component="section"
      role="region"
      aria-labelledby={headingId}
      data-testid="board-column"
      data-stage-id={stage.id}
      data-stage-name={stage.name}
      bg={isOver ? 'var(--funil-surface-drop)' : 'var(--funil-surface-muted)'}
      withBorder
      radius="md"
      w={width}
      h="100%"
      style={{ flex: '0 0 auto', display: 'flex', flexDirection: 'column', minHeight: 0 }}
    >
      <Box px="sm" pt="sm" pb={6}>
        <Group justify="space-between" wrap="nowrap" gap="xs">
          <Title order={2} size="h5" id={headingId} lh={1.3} style={{ overflowWrap: 'anywhere' }}>
            {stage.name}
          </Title>
          <Badge
            variant="light"
            color="gray"
            flex="none"
            data-testid="column-count"
            aria-label={t('board.column.count', { count })}
          >
            {countText}
          </Badge>
        </Group>
        <Group justify="space-between" wrap="nowrap" gap="xs" mt={2}>
          <Text size="sm" fw={600} data-testid="column-value" title={t('board.column.value')}>
            {valueText}
          </Text>
          <Tooltip label={t('board.column.probabilityHint')}>
            <Text size="xs" c="dimmed" data-testid="column-probability">
              {t('board.column.probability', { value: stage.probability })}
            </Text>
          </Tooltip>
        </Group>
      </Box>

      <SortableContext id={stage.id} items={ids} strategy={verticalListSortingStrategy}>
        <Box
          ref={scrollRef}
          px="sm"
          pb="sm"
          style={{ flex: '1 1 auto', minHeight: 0, overflowY: 'auto', overscrollBehavior: 'contain' }}
        >
          {cards.length === 0 ? (
            <Stack
              gap={2}
              align="center"
              justify="center"
              mih={120}
              style={{ border: '1px dashed var(--mantine-color-gray-4)', borderRadius: 8 }}
              data-testid="column-empty"
            >
              <Text size="sm" c="dimmed" ta="center">
                {t('board.column.empty')}
              </Text>
              <Text size="xs" c="dimmed" ta="center">
                {t('board.column.emptyHint')}
              </Text>
            </Stack>
          ) : (
            <ul
              style={{
                height: virtualizer.getTotalSize(),
                position: 'relative',
                listStyle: 'none',
                margin: 0,
                padding: 0,
              }}
            >
              {items.map((item) => {
                const card = cards[item.index];
                if (!card) return null;
                return (
                  <li
                    key={item.key}
                    aria-setsize={hasMore ? Math.max(count, cards.length) : cards.length}
                    aria-posinset={item.index + 1}
                    data-index={item.index}
                    ref={virtualizer.measureElement}
                    style={{ position: 'absolute', top: item.start, left: 0, right: 0 }}
                  >
                    <SortableCard card={card} stageName={stage.name} stageId={stage.id} />
                  </li>
                );
              })}
            </ul>
          )}
          {loadingMore && (
            <Center py="sm" aria-live="polite">
              <Loader size="sm" aria-label={t('board.column.loadingMore')} />
            </Center>
          )}
          {loadFailed && (
            <Stack gap={4} align="center" py="sm" role="alert">
              <Text size="xs" c="red">
                {t('board.column.loadMoreError')}
              </Text>
              <Button size="compact-xs" variant="light" color="red" onClick={() => onLoadMore(stage.id)}>
                {t('common.retry')}
              </Button>
            </Stack>
          )}
        </Box>
      </SortableContext>
    </Paper>
  );
});
