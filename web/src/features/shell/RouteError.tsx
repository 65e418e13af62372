import { Box } from '@mantine/core';
import { type ErrorComponentProps, useRouter } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { problemMessage } from '../../lib/problems.ts';
import { ErrorState } from '../../ui/ErrorState.tsx';

/** What a page shows when loading it failed (server down, unexpected error): the reason and a retry. */
export function RouteError({ error, reset }: ErrorComponentProps) {
  const { t } = useTranslation();
  const router = useRouter();
  return (
    <Box maw={640} mx="auto" p="md">
      <ErrorState
        message={problemMessage(error, t)}
        onRetry={() => {
          reset();
          void router.invalidate();
        }}
      />
    </Box>
  );
}
