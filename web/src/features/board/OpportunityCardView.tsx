import { useSortable } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import type { OpportunityCard } from '@funil/domain';
import { ActionIcon, Badge, Box, Group, Menu, Paper, Stack, Text, VisuallyHidden } from '@mantine/core';
import { Link, useNavigate } from '@tanstack/react-router';
import { type CSSProperties, type KeyboardEvent, memo, useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useCustomValueText } from '../custom-fields/CustomColumns.tsx';
import { useListFields } from '../custom-fields/list-fields.ts';
import { useCardActions } from './card-actions.ts';
import { formatCents } from './money.ts';
import { NextActivityLine } from './NextActivityLine.tsx';

type ViewProps = {
  card: OpportunityCard;
  stageName: string;
  stageId?: string;
  /** The copy that follows the pointer while dragging. */
  overlay?: boolean;
};

/**
 * A card's content: title, holder, value, owner, days in the stage, next activity, tags; red when stalled. No
 * link or button inside: the card itself is the one control (WCAG: no nested interactive elements), its menu
 * sits beside it.
 */
function CardContent({ card }: { card: OpportunityCard }) {
  const { t, i18n } = useTranslation();
  return (
    <Stack gap={4}>
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
        <Text
          fw={600}
          size="sm"
          lh={1.3}
          c="var(--mantine-color-anchor)"
          style={{ overflowWrap: 'anywhere', paddingRight: 28 }}
          data-testid="board-card-title"
        >
          {card.title}
        </Text>
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
      <Text size="xs" c={card.rotting ? 'red' : 'dimmed'}>
        {t('board.card.daysInStage', { count: card.daysInStage })}
      </Text>
      <NextActivityLine card={card} />
      <CardCustomFields card={card} />
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

/** The fields an admin chose to show on the card (`showOnCard`) that this card has a value for. */
function CardCustomFields({ card }: { card: OpportunityCard }) {
  const fields = useListFields('opportunity');
  const text = useCustomValueText();
  const shown = fields.flatMap((f) => {
    const value = f.showOnCard ? text(f, card.customFields[f.key]) : null;
    return value ? [{ field: f, value }] : [];
  });
  if (shown.length === 0) return null;
  return (
    <Stack gap={0}>
      {shown.map(({ field, value }) => (
        <Text key={field.id} size="xs" truncate="end" data-testid={`board-card-cf-${field.key}`}>
          <Text span c="dimmed" size="xs">
            {field.label}:
          </Text>{' '}
          {value}
        </Text>
      ))}
    </Stack>
  );
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

/**
 * A card's menu, beside it (not inside: the card is a control of its own): open the opportunity, move it to the
 * next or previous stage — the keyboard's way to do what a drag does, one step at a time.
 */
function CardMenu({ card, stageId }: { card: OpportunityCard; stageId: string | undefined }) {
  const { t } = useTranslation();
  const actions = useCardActions();
  const around = stageId && actions ? actions.neighbours(stageId) : { previous: null, next: null };
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <ActionIcon
          variant="subtle"
          color="gray"
          size="sm"
          aria-label={t('board.card.actions', { title: card.title })}
          data-testid="board-card-menu"
          style={{ position: 'absolute', top: 6, right: 6 }}
        >
          <span aria-hidden="true">⋯</span>
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item
          renderRoot={(props) => <Link to="/opportunities/$id" params={{ id: card.id }} {...props} />}
        >
          {t('board.card.open')}
        </Menu.Item>
        {around.next && (
          <Menu.Item
            data-testid="board-card-move-next"
            onClick={() => around.next && actions?.moveToStage(card.id, around.next.id)}
          >
            {t('board.card.moveNext', { stage: around.next.name })}
          </Menu.Item>
        )}
        {around.previous && (
          <Menu.Item
            data-testid="board-card-move-previous"
            onClick={() => around.previous && actions?.moveToStage(card.id, around.previous.id)}
          >
            {t('board.card.movePrevious', { stage: around.previous.name })}
          </Menu.Item>
        )}
      </Menu.Dropdown>
    </Menu>
  );
}

/**
 * A card of the board: one focusable control, named by what it shows (title, holder, value, owner, days in the
 * stage, next activity) and described by its stage. Click or Enter opens the opportunity; it can be dragged with
 * the mouse, a finger (long press) or the keyboard (Space); its menu (the next tab stop) moves it a stage.
 */
export const SortableCard = memo(function SortableCard({ card, stageName, stageId }: ViewProps) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const descriptionId = useId();
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } =
    useSortable({ id: card.id, data: { type: 'card' } });
  const open = () => void navigate({ to: '/opportunities/$id', params: { id: card.id } });
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    listeners?.onKeyDown?.(event);
    if (
      event.key === 'Enter' &&
      !isDragging &&
      !event.defaultPrevented &&
      event.target === event.currentTarget
    ) {
      event.preventDefault();
      open();
    }
  };
  return (
    <Box pos="relative">
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
        onKeyDown={onKeyDown}
        onClick={() => {
          if (!isDragging) open();
        }}
        aria-roledescription={t('board.card.roleDescription')}
        aria-describedby={[attributes['aria-describedby'], descriptionId].filter(Boolean).join(' ')}
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
      <VisuallyHidden id={descriptionId}>{t('board.card.description', { stage: stageName })}</VisuallyHidden>
      <CardMenu card={card} stageId={stageId} />
    </Box>
  );
});
