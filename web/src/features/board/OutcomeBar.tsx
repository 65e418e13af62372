import { useDroppable } from '@dnd-kit/core';
import { Box, Group, Paper, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { OUTCOMES, type Outcome, outcomeDroppableId } from './drag.ts';

const COLORS: Record<Outcome, string> = { won: 'green', lost: 'red', discarded: 'gray' };

/** One drop zone: "Ganha", "Perdida" or "Descartada"; filled with its color while a card is over it. */
function OutcomeZone({ outcome }: { outcome: Outcome }) {
  const { t } = useTranslation();
  const { setNodeRef, isOver } = useDroppable({
    id: outcomeDroppableId(outcome),
    data: { type: 'outcome', outcome },
  });
  const color = COLORS[outcome];
  return (
    <Box
      ref={setNodeRef}
      data-testid="outcome-zone"
      data-status={outcome}
      data-over={isOver ? 'true' : 'false'}
      style={{
        flex: '1 1 0',
        minWidth: 0,
        minHeight: 64,
        display: 'flex',
        flexDirection: 'column',
        alignItems: 'center',
        justifyContent: 'center',
        gap: 2,
        borderRadius: 'var(--mantine-radius-md)',
        border: `2px dashed var(--mantine-color-${color}-6)`,
        background: isOver ? `var(--mantine-color-${color}-filled)` : `var(--mantine-color-${color}-light)`,
        color: isOver ? 'var(--mantine-color-white)' : `var(--mantine-color-${color}-light-color)`,
        transition: 'background 120ms, color 120ms',
      }}
    >
      <Text fw={700} size="sm" c="inherit">
        {t(`board.outcome.${outcome}`)}
      </Text>
      <Text size="xs" c="inherit" visibleFrom="xs">
        {t('board.outcome.hint')}
      </Text>
    </Box>
  );
}

/**
 * The bar shown at the bottom of the screen while an open card is dragged: dropping it on a zone wins,
 * loses or discards the opportunity (the board asks for the reason when one is needed).
 */
export function OutcomeBar() {
  const { t } = useTranslation();
  return (
    <Paper
      role="group"
      aria-label={t('board.outcome.bar')}
      data-testid="outcome-bar"
      withBorder
      shadow="lg"
      radius="lg"
      p="xs"
      style={{
        position: 'fixed',
        left: 0,
        right: 0,
        bottom: 16,
        marginInline: 'auto',
        width: 'min(720px, calc(100vw - 32px))',
        zIndex: 190,
      }}
    >
      <Group gap="xs" wrap="nowrap" align="stretch">
        {OUTCOMES.map((outcome) => (
          <OutcomeZone key={outcome} outcome={outcome} />
        ))}
      </Group>
    </Paper>
  );
}
