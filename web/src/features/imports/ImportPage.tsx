import { Alert, Badge, Box, Button, Group, Paper, Progress, SimpleGrid, Stack, Text } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatNumber } from '../../lib/format.ts';
import { problemMessage } from '../../lib/problems.ts';
import { ConfirmModal } from '../../ui/ConfirmModal.tsx';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { PagePending } from '../../ui/PagePending.tsx';
import {
  errorReportUrl,
  isActive,
  type PeopleImport,
  useImport,
  useStartImport,
  useUndoImport,
} from './queries.ts';

export const statusColor: Record<PeopleImport['status'], string> = {
  uploaded: 'gray',
  queued: 'blue',
  running: 'blue',
  done: 'teal',
  failed: 'red',
  undone: 'gray',
};

/** One import: its progress bar while the job runs (polled), then the counts, the error report and undo. */
export function ImportPage({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const query = useImport(id);
  const undo = useUndoImport(id);
  const retry = useStartImport(id);
  const [confirming, setConfirming] = useState(false);
  if (query.isPending) return <PagePending />;
  if (query.isError)
    return <ErrorState message={problemMessage(query.error, t)} onRetry={() => void query.refetch()} />;
  const imp = query.data;
  const fraction = imp.totalRows ? imp.processedRows / imp.totalRows : 0;
  const n = (v: number) => formatNumber(v, i18n.language);
  return (
    <Box maw={900} mx="auto">
      <PageHeader
        title={imp.fileName}
        subtitle={
          <Text size="sm" c="dimmed">
            {t(`imports.kinds.${imp.kind}`)} · {formatDateTime(imp.createdAt, i18n.language)}
            {imp.createdBy ? ` · ${imp.createdBy.name}` : ''}
          </Text>
        }
      >
        <Button variant="default" renderRoot={(props) => <Link to="/imports" {...props} />}>
          {t('imports.listTitle')}
        </Button>
      </PageHeader>
      <Stack>
        <Group>
          <Badge color={statusColor[imp.status]} data-testid="import-status" data-status={imp.status}>
            {t(`imports.statuses.${imp.status}`)}
          </Badge>
          <Text size="sm" data-testid="import-progress-text">
            {t('imports.progress', { done: n(imp.processedRows), total: n(imp.totalRows) })}
          </Text>
        </Group>
        <Progress
          value={Math.round(fraction * 100)}
          animated={isActive(imp.status)}
          size="lg"
          aria-label={t('imports.progress', { done: n(imp.processedRows), total: n(imp.totalRows) })}
          data-testid="import-progress"
        />
        <SimpleGrid cols={{ base: 2, sm: 4 }}>
          {(['created', 'updated', 'skipped', 'rejected'] as const).map((k) => (
            <Paper key={k} withBorder p="sm" data-testid={`import-count-${k}`}>
              <Text size="xs" c="dimmed">
                {t(`imports.counts.${k}`)}
              </Text>
              <Text fw={700} fz="xl" data-value={imp[k]}>
                {n(imp[k])}
              </Text>
            </Paper>
          ))}
        </SimpleGrid>
        {imp.failure && (
          <Alert color="red" role="alert">
            {imp.failure}
          </Alert>
        )}
        {imp.status === 'undone' && (
          <Alert color="gray" data-testid="import-undone">
            {t('imports.undone')}
            {imp.undoKept
              ? ` ${t(imp.kind === 'opportunities' ? 'imports.undoKeptOpportunities' : 'imports.undoKept', { count: imp.undoKept })}`
              : ''}
          </Alert>
        )}
        <Group>
          {(imp.rejected > 0 || imp.skipped > 0) && (
            <Button
              component="a"
              variant="default"
              href={errorReportUrl(imp.id)}
              download
              data-testid="import-errors"
            >
              {t('imports.downloadErrors')}
            </Button>
          )}
          {imp.status === 'failed' && (
            <Button variant="light" loading={retry.isPending} onClick={() => retry.mutate()}>
              {t('imports.retry')}
            </Button>
          )}
          {(imp.status === 'done' || imp.status === 'failed') && (
            <Button color="red" variant="light" onClick={() => setConfirming(true)} data-testid="import-undo">
              {t('imports.undo')}
            </Button>
          )}
          {imp.status === 'done' && imp.kind === 'people' && (
            <Button variant="subtle" renderRoot={(props) => <Link to="/people" {...props} />}>
              {t('imports.viewPeople')}
            </Button>
          )}
          {imp.status === 'done' && imp.kind === 'opportunities' && (
            <Button variant="subtle" renderRoot={(props) => <Link to="/opportunities" {...props} />}>
              {t('imports.viewOpportunities')}
            </Button>
          )}
        </Group>
      </Stack>
      <ConfirmModal
        opened={confirming}
        title={t('imports.undoTitle')}
        message={t(imp.kind === 'opportunities' ? 'imports.undoMessageOpportunities' : 'imports.undoMessage')}
        confirmLabel={t('imports.undo')}
        loading={undo.isPending}
        error={undo.isError ? problemMessage(undo.error, t) : null}
        onConfirm={() => undo.mutate(undefined, { onSuccess: () => setConfirming(false) })}
        onClose={() => setConfirming(false)}
      />
    </Box>
  );
}
