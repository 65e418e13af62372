import { useSortable } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import type { OpportunityCard } from '@funil/domain';
import { Anchor, Badge, Group, Paper, Stack, Text } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import type { TFunction } from 'i18next';
import { type CSSProperties, memo } from 'react';
import { useTranslation } from 'react-i18next';
import { formatCents } from './money.ts';
import { NextActivityLine, nextActivityLabel } from './NextActivityLine.tsx';

type ViewProps = {
  card: OpportunityCard;
  stageName: string;
  /** The copy that follows the pointer while dragging. */
  overlay?: boolean;
};

/**
 * A card's content: title (link), holder, value, owner, days in the stage, next activity, tags; red when
 * stalled.
 */
function CardContent({ card }: { card: OpportunityCard }) {
  const { t, i18n } = useTranslation();
  return (
    <Stack gap={4}>
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
        <Anchor
          renderRoot={(props) => <Link to="/opportunities/$id" params={{ id: card.id }} {...props} />}
          fw={600}
          size="sm"
          lh={1.3}
          style={{ overflowWrap: 'anywhere' }}
          data-testid="board-card-title"
        >
          {card.title}
        </Anchor>
        {card.rotting && (
          <Badge color="red" variant="filled" size="xs" flex="none" title={t('board.card.rottingHint')}>
            {t('board.card.rotting')}
          </Badge>
        )}
      </Group>
      {card.holder && (
        <Text size="sm" truncate="end">
          {card.holder.name}
        </Text>
      )}
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Text
          size="sm"
          fw={600}
          c={card.valueCents === null ? 'dimmed' : undefined}
          style={{ whiteSpace: 'nowrap' }}
        >
          {card.valueCents === null ? t('board.card.noValue') : formatCents(card.valueCents, i18n.language)}
        </Text>
        <Text size="xs" c="dimmed" truncate="end">
          {card.owner?.name ?? t('board.card.noOwner')}
        </Text>
      </Group>
      <Text size="xs" c={card.rotting ? 'red.8' : 'dimmed'}>
        {t('board.card.daysInStage', { count: card.daysInStage })}
      </Text>
      <NextActivityLine card={card} />
      {card.tags.length > 0 && (
        <Group gap={4} aria-label={t('board.card.tags')}>
          {card.tags.map((tag) => (
            <Badge key={tag} variant="light" color="gray" size="xs" tt="none">
              {tag}
            </Badge>
          ))}
        </Group>
      )}
    </Stack>
  );
}

function cardLabel(card: OpportunityCard, stageName: string, t: TFunction, locale: string) {
  const values = {
    title: card.title,
    stage: stageName,
    value: card.valueCents === null ? t('board.card.noValue') : formatCents(card.valueCents, locale),
    days: t('board.card.daysInStage', { count: card.daysInStage }),
  };
  const label = card.rotting ? t('board.card.labelRotting', values) : t('board.card.label', values);
  const activity = nextActivityLabel(card, t, locale);
  return activity ? `${label}, ${activity}` : label;
}

const frameStyle = (card: OpportunityCard): CSSProperties => ({
  borderColor: card.rotting ? 'var(--mantine-color-red-6)' : undefined,
  borderWidth: card.rotting ? 2 : undefined,
  touchAction: 'manipulation',
});

/** The floating copy of the dragged card. */
export function CardOverlay({ card }: ViewProps) {
  return (
    <Paper withBorder shadow="lg" radius="md" p="sm" style={{ ...frameStyle(card), cursor: 'grabbing' }}>
      <CardContent card={card} />
    </Paper>
  );
}

/** A card of the board that can be dragged with the mouse, a finger (long press) or the keyboard. */
export const SortableCard = memo(function SortableCard({ card, stageName }: ViewProps) {
  const { t, i18n } = useTranslation();
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } =
    useSortable({ id: card.id, data: { type: 'card' } });
  return (
    <Paper
      ref={(node: HTMLDivElement | null) => {
        setNodeRef(node);
        setActivatorNodeRef(node);
      }}
      withBorder
      radius="md"
      p="sm"
      data-testid="board-card"
      // Paper drops the outline; Mantine's ring (primary blue, ≥ 3:1 on the white card and gray column) shows keyboard focus.
      className="mantine-focus-auto"
      data-opportunity-id={card.id}
      data-title={card.title}
      data-rotting={card.rotting ? 'true' : 'false'}
      {...attributes}
      {...listeners}
      aria-roledescription={t('board.card.roleDescription')}
      aria-label={cardLabel(card, stageName, t, i18n.language)}
      style={{
        ...frameStyle(card),
        transform: CSS.Translate.toString(transform),
        transition,
        opacity: isDragging ? 0.4 : 1,
        cursor: isDragging ? 'grabbing' : 'grab',
        outlineOffset: 2,
      }}
    >
      <CardContent card={card} />
    </Paper>
  );
});
