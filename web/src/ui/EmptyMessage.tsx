import { Paper, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';

type Props = { title: ReactNode; hint?: ReactNode; action?: ReactNode };

/** The "nothing here" panel of lists and searches. */
export function EmptyMessage({ title, hint, action }: Props) {
  return (
    <Paper withBorder radius="md" p="xl">
      <Stack align="center" gap="xs">
        <Text fw={600} ta="center">
          {title}
        </Text>
        {hint && (
          <Text size="sm" c="dimmed" ta="center">
            {hint}
          </Text>
        )}
        {action}
      </Stack>
    </Paper>
  );
}
