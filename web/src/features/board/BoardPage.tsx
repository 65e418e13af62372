import type { Board } from '@funil/domain';
import {
  Alert,
  Box,
  Button,
  Group,
  Indicator,
  Paper,
  Select,
  Skeleton,
  Stack,
  Switch,
  Text,
} from '@mantine/core';
import { Link, useNavigate } from '@tanstack/react-router';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../lib/api.ts';
import { formatNumber } from '../../lib/format.ts';
import { problemMessage } from '../../lib/problems.ts';
import { DebouncedTextInput } from '../../ui/DebouncedTextInput.tsx';
import { EmptyMessage } from '../../ui/EmptyMessage.tsx';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { ExportMenu } from '../exports/ExportMenu.tsx';
import { CloseReasonModal } from '../opportunities/CloseReasonModal.tsx';
import { BoardErrorAlert, type ShownBoardError } from './BoardErrorAlert.tsx';
import { BoardFilters } from './BoardFilters.tsx';
import { findCard } from './board-cache.ts';
import type { Outcome } from './drag.ts';
import { KanbanBoard } from './KanbanBoard.tsx';
import { DEFAULT_LIST_SORT } from './list-sort.ts';
import { formatCents } from './money.ts';
import { describeMoveError, describeStatusError } from './move-error.ts';
import { OpportunityList } from './OpportunityList.tsx';
import {
  type MoveInput,
  type StatusChange,
  useBoard,
  useChangeCardStatus,
  useColumnPages,
  useMoveCard,
  usePipelines,
} from './queries.ts';
import { RealtimeStatus } from './RealtimeStatus.tsx';
import { RecentMoves } from './recent-moves.ts';
import {
  type BoardSearch,
  countActiveFilters,
  type BoardFilters as Filters,
  filtersOf,
  filtersToQuery,
} from './search.ts';
import { useBoardRealtime } from './useBoardRealtime.ts';

type Props = { id: string; search: BoardSearch; onSearchChange: (next: BoardSearch) => void };

/** How long the confirmation of a card won, lost or discarded from the board stays up. */
const OUTCOME_DONE_MS = 6000;

/** The board's grey column surface, following the colour scheme (ui/accessible-colors.ts). */
const MUTED = 'var(--funil-surface-muted)';

function BoardSkeleton() {
  return (
    <Group gap={12} wrap="nowrap" align="stretch" h="100%" style={{ overflow: 'hidden' }} aria-busy="true">
      {Array.from({ length: 5 }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: static placeholders
        <Paper key={i} withBorder radius="md" p="sm" w={288} bg={MUTED} style={{ flex: '0 0 auto' }}>
          <Skeleton height={16} width="60%" mb="xs" />
          <Skeleton height={12} width="40%" mb="md" />
          <Stack gap="sm">
            {Array.from({ length: 3 }, (_, j) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: static placeholders
              <Skeleton key={j} height={96} radius="md" />
            ))}
          </Stack>
        </Paper>
      ))}
    </Group>
  );
}

const totalsOf = (board: Board) =>
  board.columns.reduce((sum, c) => ({ count: sum.count + c.count, value: sum.value + c.valueCents }), {
    count: 0,
    value: 0,
  });

/** A card dropped on "Perdida" or "Descartada", waiting for its reason. */
type Closing = { cardId: string; title: string; status: 'lost' | 'discarded' };

/** A funnel's opportunities as a Kanban board or a list, with the filters in the URL and live updates. */
export function BoardPage({ id, search, onSearchChange }: Props) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const view = search.view ?? 'board';
  const filtersKey = JSON.stringify(filtersOf(search));
  // biome-ignore lint/correctness/useExhaustiveDependencies: the same filters keep the same object
  const filters = useMemo(() => filtersOf(search), [filtersKey]);
  const activeFilters = countActiveFilters(filters);
  const [filtersOpen, setFiltersOpen] = useState(activeFilters > 0);
  const [moveError, setMoveError] = useState<ShownBoardError | null>(null);
  const [closing, setClosing] = useState<Closing | null>(null);
  const [outcomeDone, setOutcomeDone] = useState<{ title: string; status: Outcome } | null>(null);

  const pipelines = usePipelines();
  const board = useBoard(id, filters, view === 'board');
  const pages = useColumnPages(id, filters);
  const boardRef = useRef(board.data);
  boardRef.current = board.data;

  // biome-ignore lint/correctness/useExhaustiveDependencies: one registry per funnel
  const recentMoves = useMemo(() => new RecentMoves(), [id]);
  const draggingRef = useRef(false);
  const realtime = useBoardRealtime(id, recentMoves, () => draggingRef.current);

  const onRefused = useCallback(
    (error: unknown, input: MoveInput) => {
      const current = boardRef.current;
      const card = current ? findCard(current, input.cardId) : null;
      const stage = current?.columns.find((c) => c.stage.id === input.to.stageId)?.stage;
      setMoveError({
        cardId: input.cardId,
        ...describeMoveError(
          error,
          { cardTitle: card?.title ?? null, stageName: stage?.name ?? null },
          t,
          i18n.language,
        ),
      });
    },
    [t, i18n.language],
  );
  const move = useMoveCard(id, filters, recentMoves, { onRefused, onStale: realtime.refresh });

  const changeStatus = useChangeCardStatus(id, filters, recentMoves, {
    onChanged: (change: StatusChange) => setOutcomeDone({ title: change.title ?? '', status: change.status }),
    onRefused: (error: unknown, change: StatusChange) => {
      setOutcomeDone(null);
      setMoveError({
        cardId: change.cardId,
        ...describeStatusError(error, { cardTitle: change.title, status: change.status }, t),
      });
    },
    onStale: realtime.refresh,
  });
  // A win goes straight to the server; a loss or a discard first asks for the reason.
  const onOutcome = ({ cardId, status }: { cardId: string; status: Outcome }) => {
    if (status === 'won') {
      changeStatus({ cardId, status });
      return;
    }
    const card = boardRef.current ? findCard(boardRef.current, cardId) : null;
    setClosing({ cardId, status, title: card?.title ?? '' });
  };
  useEffect(() => {
    if (!outcomeDone) return;
    const timer = setTimeout(() => setOutcomeDone(null), OUTCOME_DONE_MS);
    return () => clearTimeout(timer);
  }, [outcomeDone]);

  const update = useCallback(
    (patch: Partial<BoardSearch>) => onSearchChange({ ...search, ...patch }),
    [search, onSearchChange],
  );
  const setQ = useCallback((q: string) => update({ q: q.trim() ? q : undefined }), [update]);

  const pipeline = pipelines.data?.find((p) => p.id === id);
  const title = pipeline?.name ?? board.data?.pipeline.name ?? t('board.title');
  const stages = pipeline?.stages ?? board.data?.pipeline.stages ?? [];
  const notFound =
    (board.isError && isApiError(board.error) && [404, 422].includes(board.error.status)) ||
    (pipelines.isSuccess && !pipeline && !board.data);

  const newOpportunity = (
    <Button
      renderRoot={(props) => <Link to="/opportunities/new" search={{ pipelineId: id }} {...props} />}
      data-testid="board-new-opportunity"
    >
      {t('board.newOpportunity')}
    </Button>
  );

  if (notFound) {
    return (
      <Box maw={720} mx="auto" mt="xl">
        <EmptyMessage
          title={t('board.notFound.title')}
          hint={t('board.notFound.hint')}
          action={
            <Button variant="light" renderRoot={(props) => <Link to="/pipelines" {...props} />}>
              {t('board.notFound.back')}
            </Button>
          }
        />
      </Box>
    );
  }

  const totals = board.data ? totalsOf(board.data) : null;

  return (
    <Box
      style={
        view === 'board'
          ? { display: 'flex', flexDirection: 'column', height: 'calc(100dvh - 88px)', minHeight: 0 }
          : undefined
      }
    >
      <Box style={{ flex: 'none' }}>
        <PageHeader
          title={title}
          subtitle={
            <Group gap="sm" mt={2}>
              {view === 'board' && (
                <Text size="sm" c="dimmed" aria-live="polite" data-testid="board-summary">
                  {totals
                    ? t('board.summary', {
                        count: totals.count,
                        formatted: formatNumber(totals.count, i18n.language),
                        value: formatCents(totals.value, i18n.language),
                      })
                    : '\u00a0'}
                </Text>
              )}
              <RealtimeStatus state={realtime.state} />
            </Group>
          }
        >
          <Select
            aria-label={t('board.pipeline')}
            data={(pipelines.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
            value={id}
            onChange={(next) => {
              if (next && next !== id) void navigate({ to: '/pipelines/$id', params: { id: next }, search });
            }}
            allowDeselect={false}
            w={{ base: '100%', xs: 240 }}
            data-testid="board-pipeline-select"
          />
          <Button.Group aria-label={t('board.view.label')}>
            <Button
              variant={view === 'board' ? 'filled' : 'default'}
              aria-pressed={view === 'board'}
              onClick={() => update({ view: undefined })}
              data-testid="board-view-board"
            >
              {t('board.view.board')}
            </Button>
            <Button
              variant={view === 'list' ? 'filled' : 'default'}
              aria-pressed={view === 'list'}
              onClick={() => update({ view: 'list' })}
              data-testid="board-view-list"
            >
              {t('board.view.list')}
            </Button>
          </Button.Group>
          <ExportMenu
            list="opportunities"
            filters={{
              ...filtersToQuery(filters),
              pipelineId: id,
              ...(view === 'list' ? { sort: search.sort ?? DEFAULT_LIST_SORT } : {}),
            }}
          />
          {newOpportunity}
        </PageHeader>

        <Group align="flex-end" gap="sm" mb="sm" wrap="wrap">
          <DebouncedTextInput
            aria-label={t('board.search.label')}
            placeholder={t('board.search.placeholder')}
            value={search.q ?? ''}
            onChange={setQ}
            clearOnEscape
            type="search"
            flex={{ base: '1 1 100%', sm: '0 1 360px' }}
            data-testid="board-search"
          />
          <Switch
            label={t('board.filters.rotting')}
            checked={filters.rotting === true}
            onChange={(e) => update({ rotting: e.currentTarget.checked ? true : undefined })}
            mb={8}
            data-testid="board-filter-rotting"
          />
          <Indicator label={activeFilters} size={16} disabled={activeFilters === 0}>
            <Button
              variant={filtersOpen ? 'light' : 'default'}
              onClick={() => setFiltersOpen((o) => !o)}
              aria-expanded={filtersOpen}
              data-testid="board-filters-toggle"
            >
              {t('board.filters.show')}
            </Button>
          </Indicator>
        </Group>

        <BoardFilters
          filters={filters}
          opened={filtersOpen}
          onChange={(patch: Partial<Filters>) => update(patch)}
          onClear={() => onSearchChange({ q: search.q, view: search.view, sort: search.sort })}
        />

        {moveError && <BoardErrorAlert error={moveError} onClose={() => setMoveError(null)} />}
        {outcomeDone && (
          <Alert
            color={outcomeDone.status === 'won' ? 'green' : 'gray'}
            variant="light"
            withCloseButton
            closeButtonLabel={t('common.close')}
            onClose={() => setOutcomeDone(null)}
            mb="sm"
            role="status"
            data-testid="board-outcome-done"
            data-status={outcomeDone.status}
          >
            <Text size="sm">
              {t(`board.outcome.done.${outcomeDone.status}`, { title: outcomeDone.title })}
            </Text>
          </Alert>
        )}
      </Box>

      {view === 'list' ? (
        <OpportunityList
          pipelineId={id}
          stages={stages}
          filters={filters}
          sort={search.sort ?? DEFAULT_LIST_SORT}
          onSortChange={(sort) => update({ sort: sort === DEFAULT_LIST_SORT ? undefined : sort })}
          newOpportunity={newOpportunity}
        />
      ) : (
        <Box style={{ flex: '1 1 auto', minHeight: 420, position: 'relative' }}>
          {board.isPending ? (
            <BoardSkeleton />
          ) : board.isError && !board.data ? (
            <ErrorState message={problemMessage(board.error, t)} onRetry={() => void board.refetch()} />
          ) : board.data ? (
            <Box h="100%" style={{ opacity: board.isPlaceholderData ? 0.6 : 1, transition: 'opacity 150ms' }}>
              <KanbanBoard
                board={board.data}
                interactive={!board.isPlaceholderData}
                pages={pages}
                onMove={move}
                onOutcome={onOutcome}
                draggingRef={draggingRef}
                onDragStart={() => {
                  setMoveError(null);
                  setOutcomeDone(null);
                }}
              />
            </Box>
          ) : null}
        </Box>
      )}
      {closing && (
        <CloseReasonModal
          status={closing.status}
          title={t(`board.outcome.modalTitle.${closing.status}`, { title: closing.title })}
          onCancel={() => setClosing(null)}
          onConfirm={({ reasonId, note }) => {
            changeStatus({ cardId: closing.cardId, status: closing.status, reasonId, note });
            setClosing(null);
          }}
        />
      )}
    </Box>
  );
}
