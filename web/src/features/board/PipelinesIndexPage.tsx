import { Box, Button, Group, Skeleton, Stack } from '@mantine/core';
import { Link, Navigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { problemMessage } from '../../lib/problems.ts';
import { EmptyMessage } from '../../ui/EmptyMessage.tsx';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { can } from '../auth/can.ts';
import { useSession } from '../auth/queries.ts';
import { usePipelines } from './queries.ts';

/** `/pipelines`: opens the first funnel's board; without funnels, says so (and admins get a way to create one). */
export function PipelinesIndexPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const pipelines = usePipelines();
  const first = pipelines.data?.[0];

  if (first) return <Navigate to="/pipelines/$id" params={{ id: first.id }} replace />;

  return (
    <Box maw={1280} mx="auto">
      <PageHeader title={t('board.title')} />
      {pipelines.isPending ? (
        <Group gap={12} wrap="nowrap" aria-busy="true">
          {Array.from({ length: 4 }, (_, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: static placeholders
            <Stack key={i} gap="sm" w={288}>
              <Skeleton height={20} width="60%" />
              <Skeleton height={96} radius="md" />
              <Skeleton height={96} radius="md" />
            </Stack>
          ))}
        </Group>
      ) : pipelines.isError ? (
        <ErrorState message={problemMessage(pipelines.error, t)} onRetry={() => void pipelines.refetch()} />
      ) : (
        <EmptyMessage
          title={t('board.empty.title')}
          hint={can(user, 'manageFunnels') ? t('board.empty.adminHint') : t('board.empty.hint')}
          action={
            can(user, 'manageFunnels') && (
              <Button
                variant="light"
                renderRoot={(props) => <Link to="/admin/pipelines" {...props} />}
                data-testid="pipelines-empty-admin"
              >
                {t('board.empty.admin')}
              </Button>
            )
          }
        />
      )}
    </Box>
  );
}
