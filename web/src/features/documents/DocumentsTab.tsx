import type { DocumentSource, PersonDocument } from '@funil/domain';
import {
  Alert,
  Anchor,
  Button,
  Group,
  Paper,
  Select,
  Skeleton,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate, formatDateTime } from '../../lib/format.ts';
import { problemMessage } from '../../lib/problems.ts';
import { EmptyMessage } from '../../ui/EmptyMessage.tsx';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { formatBytes } from '../attachments/files.ts';
import { formatBRL } from '../opportunities/money.ts';
import { documentDownloadUrl, useDocumentSources, useDocuments, useGenerateDocument } from './queries.ts';
import { SendDocumentModal } from './SendDocumentModal.tsx';

/** Gerar proposta em PDF: pick one proposal of the person's opportunities and generate its document. */
function GenerateDocument({ personId }: { personId: string }) {
  const { t, i18n } = useTranslation();
  const sources = useDocumentSources(personId);
  const generate = useGenerateDocument(personId);
  const [proposalId, setProposalId] = useState<string | null>(null);
  const label = (s: DocumentSource) =>
    `${t('documents.proposalOption', {
      title: s.opportunity.title,
      value: formatBRL(s.valueCents, i18n.language),
      date: formatDate(s.createdAt, i18n.language),
    })} · ${t(`documents.statuses.${s.status}`)}`;
  const items = sources.data ?? [];
  const selected = proposalId ?? items[0]?.proposalId ?? null;

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="generate-document-title">
      <Stack gap="sm">
        <Title order={3} size="h5" id="generate-document-title">
          {t('documents.generateTitle')}
        </Title>
        {sources.isPending ? (
          <Skeleton height={36} />
        ) : sources.isError ? (
          <ErrorState message={problemMessage(sources.error, t)} onRetry={() => void sources.refetch()} />
        ) : items.length === 0 ? (
          <Text size="sm" c="dimmed" data-testid="documents-no-proposals">
            {t('documents.noProposals')}
          </Text>
        ) : (
          <Group align="flex-end" gap="sm" wrap="wrap">
            <Select
              label={t('documents.proposal')}
              placeholder={t('documents.proposalPlaceholder')}
              data={items.map((s) => ({ value: s.proposalId, label: label(s) }))}
              value={selected}
              onChange={setProposalId}
              allowDeselect={false}
              style={{ flex: '1 1 320px' }}
              data-testid="documents-proposal"
            />
            <Button
              onClick={() => selected && generate.mutate(selected)}
              disabled={!selected}
              loading={generate.isPending}
              data-testid="documents-generate"
            >
              {t('documents.generate')}
            </Button>
          </Group>
        )}
        {generate.isError && (
          <Alert color="red" variant="light" role="alert">
            {problemMessage(generate.error, t)}
          </Alert>
        )}
        {generate.isSuccess && (
          <Text size="sm" c="green" role="status">
            {t('documents.generated')}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}

/** Documentos: generate a proposal PDF, list the person's documents, download or e-mail each. */
export function DocumentsTab({ personId }: { personId: string }) {
  const { t, i18n } = useTranslation();
  const documents = useDocuments(personId);
  const [sending, setSending] = useState<PersonDocument | null>(null);

  return (
    <Stack gap="md" component="section" aria-labelledby="documents-title" data-testid="documents-tab">
      <Stack gap={2}>
        <Title order={2} size="h4" id="documents-title">
          {t('documents.title')}
        </Title>
        <Text size="xs" c="dimmed">
          {t('documents.intro')}
        </Text>
      </Stack>
      <GenerateDocument personId={personId} />
      {documents.isPending ? (
        <Stack gap="xs">
          <Skeleton height={36} />
          <Skeleton height={36} />
        </Stack>
      ) : documents.isError ? (
        <ErrorState message={problemMessage(documents.error, t)} onRetry={() => void documents.refetch()} />
      ) : documents.data.length === 0 ? (
        <EmptyMessage title={t('documents.empty')} />
      ) : (
        <Table.ScrollContainer minWidth={680}>
          <Table striped highlightOnHover data-testid="documents-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('documents.columns.name')}</Table.Th>
                <Table.Th>{t('documents.columns.opportunity')}</Table.Th>
                <Table.Th>{t('documents.columns.size')}</Table.Th>
                <Table.Th>{t('documents.columns.who')}</Table.Th>
                <Table.Th>{t('documents.columns.when')}</Table.Th>
                <Table.Th>{t('documents.columns.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {documents.data.map((d) => (
                <Table.Tr key={d.id} data-testid="document-row">
                  <Table.Td style={{ overflowWrap: 'anywhere' }}>{d.name}</Table.Td>
                  <Table.Td style={{ overflowWrap: 'anywhere' }}>{d.opportunity.title}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatBytes(d.size, i18n.language)}</Table.Td>
                  <Table.Td>{d.createdBy?.name ?? t('common.empty')}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    {formatDateTime(d.createdAt, i18n.language)}
                  </Table.Td>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Anchor
                        href={documentDownloadUrl(d.id)}
                        download={d.name}
                        size="sm"
                        aria-label={t('documents.downloadName', { name: d.name })}
                        data-testid="document-download"
                      >
                        {t('documents.download')}
                      </Anchor>
                      <Button
                        size="compact-sm"
                        variant="light"
                        onClick={() => setSending(d)}
                        data-testid="document-send"
                      >
                        {t('documents.send')}
                      </Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {sending && (
        <SendDocumentModal personId={personId} document={sending} onClose={() => setSending(null)} />
      )}
    </Stack>
  );
}
