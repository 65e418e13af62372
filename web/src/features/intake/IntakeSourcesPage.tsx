import type { IntakeSource } from '@funil/domain';
import { Badge, Box, Button, Code, CopyButton, Group, Paper, Stack, Table, Text } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { problemMessage } from '../../lib/problems.ts';
import { EmptyMessage } from '../../ui/EmptyMessage.tsx';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { SecretShownOnce } from '../../ui/SecretShownOnce.tsx';
import { usePipelines } from '../funnels/queries.ts';
import { siteFormSnippet } from './intake-model.ts';
import { useIntakeSources } from './queries.ts';
import { SourceFormModal } from './SourceFormModal.tsx';

function CopyField({ label, value, testId }: { label: string; value: string; testId: string }) {
  const { t } = useTranslation();
  return (
    <Stack gap={4}>
      <Text size="xs" fw={600}>
        {label}
      </Text>
      <Group gap="xs" wrap="nowrap" align="flex-start">
        <Code block data-testid={testId} style={{ flex: 1, wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}>
          {value}
        </Code>
        <CopyButton value={value}>
          {({ copied, copy }) => (
            <Button
              size="xs"
              variant="light"
              color={copied ? 'teal' : 'blue'}
              onClick={copy}
              data-testid={`${testId}-copy`}
            >
              {copied ? t('common.copied') : t('common.copy')}
            </Button>
          )}
        </CopyButton>
      </Group>
    </Stack>
  );
}

/** What the admin copies into the source: the endpoint (with the token for URL-only senders), keys, the form snippet. */
function SourceDetails({ source }: { source: IntakeSource }) {
  const { t } = useTranslation();
  const origin = window.location.origin;
  return (
    <Paper withBorder p="md" data-testid="intake-source-details">
      <Stack>
        {source.preset === 'site_form' ? (
          <>
            <Text size="sm" c="dimmed">
              {t('intake.snippetHint')}
            </Text>
            <CopyField
              label={t('intake.snippet')}
              testId="intake-snippet"
              value={siteFormSnippet(`${origin}${source.formPath}`, source.consentText, {
                name: t('intake.form.name'),
                email: t('intake.form.email'),
                phone: t('intake.form.phone'),
                cep: t('intake.form.cep'),
                message: t('intake.form.message'),
                submit: t('intake.form.submit'),
                honeypot: t('intake.form.honeypot'),
              })}
            />
          </>
        ) : (
          <>
            <CopyField
              label={t('intake.endpoint')}
              testId="intake-endpoint"
              value={`${origin}${source.endpointPath}`}
            />
            <CopyField
              label={t('intake.endpointWithToken')}
              testId="intake-endpoint-token"
              value={`${origin}${source.endpointPath}?token=<token>`}
            />
          </>
        )}
        {source.preset === 'google_ads' && source.googleKey && (
          <CopyField label={t('intake.googleKey')} testId="intake-google-key" value={source.googleKey} />
        )}
      </Stack>
    </Paper>
  );
}

/** Admin page "Captação de leads": the lead sources, what to copy into each, create and edit. */
export function IntakeSourcesPage() {
  const { t } = useTranslation();
  const query = useIntakeSources();
  const pipelines = usePipelines();
  const [editing, setEditing] = useState<IntakeSource | 'new' | null>(null);
  const [token, setToken] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const funnelName = (id: string) => pipelines.data?.find((p) => p.id === id)?.name ?? '';
  const items = query.data ?? [];
  const current = items.find((s) => s.id === selected) ?? null;

  return (
    <Box maw={1200} mx="auto">
      <PageHeader
        title={t('intake.title')}
        subtitle={
          <Text size="sm" c="dimmed">
            {t('intake.subtitle')}
          </Text>
        }
      >
        <Button variant="default" component={Link} to="/admin/intake-log">
          {t('intake.log.title')}
        </Button>
        <Button onClick={() => setEditing('new')} data-testid="intake-new">
          {t('intake.newSource')}
        </Button>
      </PageHeader>
      {query.isError ? (
        <ErrorState message={problemMessage(query.error, t)} onRetry={() => void query.refetch()} />
      ) : query.isPending ? (
        <Text c="dimmed">{t('common.loading')}</Text>
      ) : items.length === 0 ? (
        <EmptyMessage title={t('intake.empty')} hint={t('intake.emptyHint')} />
      ) : (
        <Stack>
          <Table.ScrollContainer minWidth={640}>
            <Table verticalSpacing="xs" highlightOnHover data-testid="intake-sources">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('intake.name')}</Table.Th>
                  <Table.Th>{t('intake.preset')}</Table.Th>
                  <Table.Th>{t('intake.funnel')}</Table.Th>
                  <Table.Th>{t('intake.media')}</Table.Th>
                  <Table.Th ta="right">{t('common.actions')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((s) => (
                  <Table.Tr key={s.id} data-testid="intake-source-row" data-source-id={s.id}>
                    <Table.Td>
                      <Button
                        variant="subtle"
                        size="compact-sm"
                        onClick={() => setSelected(s.id)}
                        data-testid="intake-source-open"
                      >
                        {s.name}
                      </Button>
                    </Table.Td>
                    <Table.Td>
                      <Badge variant="light" tt="none">
                        {t(`intake.presets.${s.preset}`)}
                      </Badge>
                    </Table.Td>
                    <Table.Td>{funnelName(s.pipelineId)}</Table.Td>
                    <Table.Td>{[s.media, s.channel].filter(Boolean).join(' / ')}</Table.Td>
                    <Table.Td ta="right">
                      <Button size="compact-sm" variant="light" onClick={() => setEditing(s)}>
                        {t('intake.edit')}
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {current && <SourceDetails source={current} />}
        </Stack>
      )}
      {editing && (
        <SourceFormModal
          source={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onCreated={(created) => {
            setEditing(null);
            setSelected(created.source.id);
            setToken(created.token);
          }}
        />
      )}
      {token && (
        <SecretShownOnce
          title={t('intake.tokenTitle')}
          warning={t('intake.tokenWarning')}
          secret={token}
          testId="intake-token"
          onClose={() => setToken(null)}
        />
      )}
    </Box>
  );
}
