import { Box, Group, Text, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { RealtimeState } from './useBoardRealtime.ts';

/** A dot and a word: whether other people's changes are arriving live. */
export function RealtimeStatus({ state }: { state: RealtimeState }) {
  const { t } = useTranslation();
  const open = state === 'open';
  return (
    <Tooltip label={open ? t('board.realtime.openHint') : t('board.realtime.connectingHint')}>
      <Group gap={6} wrap="nowrap" data-testid="realtime-status" data-state={state} role="status">
        <Box
          w={8}
          h={8}
          bg={open ? 'green.6' : 'yellow.6'}
          style={{ borderRadius: '50%', flex: 'none' }}
          aria-hidden
        />
        <Text size="xs" c="dimmed">
          {open ? t('board.realtime.open') : t('board.realtime.connecting')}
        </Text>
      </Group>
    </Tooltip>
  );
}
