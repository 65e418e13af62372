import { Alert, Box, Button, Paper, Skeleton, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { problemMessage } from '../../lib/problems.ts';
import { EmptyMessage } from '../../ui/EmptyMessage.tsx';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { useEditing } from '../admin/shared.tsx';
import { PipelineEditor } from './PipelineEditor.tsx';
import { PipelineSummary } from './PipelineSummary.tsx';
import { usePipelines } from './queries.ts';

function PipelinesSkeleton() {
  return (
    <Stack gap="md" aria-hidden>
      {[0, 1].map((i) => (
        <Paper key={i} withBorder p="md">
          <Skeleton height={24} width="40%" mb="md" />
          <Stack gap={6}>
            {[0, 1, 2, 3].map((row) => (
              <Skeleton key={row} height={28} />
            ))}
          </Stack>
        </Paper>
      ))}
    </Stack>
  );
}

/** The funnels of the workspace and their stages (`/admin/pipelines`): create and edit in place, one at a time. */
export function PipelinesAdminPage() {
  const { t } = useTranslation();
  const query = usePipelines();
  const editing = useEditing(query.refetch);
  const [notice, setNotice] = useState<string | null>(null);
  const pipelines = query.data ?? [];
  const open = editing.editing;

  const editorProps = {
    onClose: editing.close,
    onSaved: (message: string) => {
      editing.close();
      setNotice(message);
    },
    onReload: () => void editing.reload(),
    reloading: editing.reloading,
  };

  return (
    <Box maw={1200} mx="auto">
      <PageHeader title={t('funnels.pipelines.title')}>
        <Button
          onClick={() => {
            setNotice(null);
            editing.open(null);
          }}
          disabled={open !== null}
          data-testid="pipeline-new"
        >
          {t('funnels.pipelines.new')}
        </Button>
      </PageHeader>
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          {t('funnels.pipelines.intro')}
        </Text>
        {notice && (
          <Alert
            color="green"
            variant="light"
            role="status"
            withCloseButton
            closeButtonLabel={t('common.close')}
            onClose={() => setNotice(null)}
            data-testid="pipeline-saved"
          >
            {notice}
          </Alert>
        )}
        {open && open.record === null && (
          <Paper withBorder p="md" shadow="xs" data-testid="pipeline-create">
            <PipelineEditor key={open.key} pipeline={null} {...editorProps} />
          </Paper>
        )}
        {query.isError ? (
          <ErrorState message={problemMessage(query.error, t)} onRetry={() => void query.refetch()} />
        ) : query.isPending ? (
          <PipelinesSkeleton />
        ) : pipelines.length === 0 ? (
          open === null && (
            <EmptyMessage
              title={t('funnels.pipelines.empty')}
              hint={t('funnels.pipelines.emptyHint')}
              action={<Button onClick={() => editing.open(null)}>{t('funnels.pipelines.new')}</Button>}
            />
          )
        ) : (
          pipelines.map((pipeline) => {
            const isOpen = open?.record?.id === pipeline.id;
            return (
              <Paper
                key={pipeline.id}
                withBorder
                p="md"
                shadow={isOpen ? 'sm' : undefined}
                data-testid="pipeline-admin-row"
                data-pipeline-name={pipeline.name}
                data-editing={isOpen || undefined}
              >
                {isOpen && open.record ? (
                  <PipelineEditor key={open.key} pipeline={open.record} {...editorProps} />
                ) : (
                  <PipelineSummary
                    pipeline={pipeline}
                    editDisabled={open !== null}
                    onEdit={() => {
                      setNotice(null);
                      editing.open(pipeline);
                    }}
                  />
                )}
              </Paper>
            );
          })
        )}
      </Stack>
    </Box>
  );
}
