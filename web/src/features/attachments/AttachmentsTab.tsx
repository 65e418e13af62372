import { Anchor, Badge, Group, Paper, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../lib/format.ts';
import { problemMessage } from '../../lib/problems.ts';
import { EmptyMessage } from '../../ui/EmptyMessage.tsx';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { FilePickerButton } from './FilePickerButton.tsx';
import { formatBytes, typeLabel } from './files.ts';
import { PendingFileList, usePendingFiles } from './PendingFiles.tsx';
import { attachmentDownloadUrl, useAttachments } from './queries.ts';

/**
 * Anexos: every file of the person (added here or with a comment), newest first, each a download; new files
 * are uploaded as soon as they are chosen.
 */
export function AttachmentsTab({ personId }: { personId: string }) {
  const { t, i18n } = useTranslation();
  const query = useAttachments(personId);
  const pending = usePendingFiles(personId, 'tab');
  // Sent files show in the table; only those still uploading or refused stay in the list above it.
  const shown = pending.files.filter((f) => f.status !== 'done');

  return (
    <Stack gap="md" component="section" aria-labelledby="attachments-title" data-testid="attachments-tab">
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Stack gap={2}>
          <Title order={2} size="h4" id="attachments-title">
            {t('attachments.title')}
          </Title>
          <Text size="xs" c="dimmed">
            {t('attachments.intro')}
          </Text>
        </Stack>
        <FilePickerButton
          label={t('attachments.add')}
          onFiles={pending.add}
          testId="attachments-add"
          variant="filled"
        />
      </Group>
      {shown.length > 0 && (
        <Paper withBorder p="sm">
          <PendingFileList files={shown} onRemove={pending.remove} />
        </Paper>
      )}
      {query.isPending ? (
        <Stack gap="xs">
          <Skeleton height={36} />
          <Skeleton height={36} />
          <Skeleton height={36} />
        </Stack>
      ) : query.isError ? (
        <ErrorState message={problemMessage(query.error, t)} onRetry={() => void query.refetch()} />
      ) : query.data.length === 0 ? (
        <EmptyMessage title={t('attachments.empty')} hint={t('attachments.emptyHint')} />
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table striped highlightOnHover data-testid="attachments-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('attachments.columns.name')}</Table.Th>
                <Table.Th>{t('attachments.columns.type')}</Table.Th>
                <Table.Th>{t('attachments.columns.size')}</Table.Th>
                <Table.Th>{t('attachments.columns.who')}</Table.Th>
                <Table.Th>{t('attachments.columns.when')}</Table.Th>
                <Table.Th>{t('attachments.columns.source')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {query.data.map((a) => (
                <Table.Tr key={a.id} data-testid="attachment-row" data-name={a.name}>
                  <Table.Td>
                    <Anchor
                      href={attachmentDownloadUrl(a.id)}
                      download={a.name}
                      size="sm"
                      aria-label={t('attachments.download', { name: a.name })}
                      style={{ overflowWrap: 'anywhere' }}
                    >
                      {a.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" color="gray" title={a.type}>
                      {typeLabel(a.type, a.name)}
                    </Badge>
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatBytes(a.size, i18n.language)}</Table.Td>
                  <Table.Td>{a.uploadedBy?.name ?? t('common.empty')}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    {formatDateTime(a.createdAt, i18n.language)}
                  </Table.Td>
                  <Table.Td>{t(`attachments.sources.${a.source}`)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
