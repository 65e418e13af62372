import { BUSINESS_TIME_ZONE, INTAKE_LEAD_STATUSES, type IntakeLogEntry } from '@funil/domain';
import { Anchor, Badge, Box, Button, Code, Group, Select, Stack, Table, Text } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../lib/format.ts';
import { problemMessage } from '../../lib/problems.ts';
import { EmptyMessage } from '../../ui/EmptyMessage.tsx';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { useUsers } from '../directory/queries.ts';
import { type IntakeLogFilters, STATUS_COLORS } from './intake-model.ts';
import { useIntakeLeads, useIntakeSources } from './queries.ts';

const COLUMNS = 6;

const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** The roleta's outcome as the worker recorded it (`distributeLead`'s answer), or null. */
function distributionOf(
  value: unknown,
): { status: 'assigned' | 'queued' | 'no_rule'; ownerId?: string } | null {
  const status = (value as { status?: unknown } | null)?.status;
  if (status !== 'assigned' && status !== 'queued' && status !== 'no_rule') return null;
  return { status, ownerId: str((value as { ownerId?: unknown }).ownerId) };
}

/** What the row expands to: the raw body as received, the consent, the roleta's outcome. */
function LeadDetails({ entry }: { entry: IntakeLogEntry }) {
  const { t } = useTranslation();
  const users = useUsers();
  const outcome = distributionOf(entry.distribution);
  let raw = entry.rawBody;
  try {
    raw = JSON.stringify(JSON.parse(entry.rawBody), null, 2);
  } catch {
    // not JSON (a form post): shown as received
  }
  return (
    <Stack gap="xs" data-testid="intake-lead-details">
      {entry.consent && (
        <Text size="sm">
          {t('intake.log.consent')}: “{entry.consent.text}” (v{entry.consent.version})
        </Text>
      )}
      {outcome && (
        <Text size="sm" data-testid="intake-lead-distribution">
          {t('intake.log.distribution')}:{' '}
          {t(`intake.log.distributionOutcome.${outcome.status}`, {
            name: users.data?.find((u) => u.id === outcome.ownerId)?.name ?? '—',
          })}
        </Text>
      )}
      <Text size="xs" fw={600}>
        {t('intake.log.raw')} {entry.contentType ? `(${entry.contentType})` : ''}
      </Text>
      <Code block data-testid="intake-lead-raw" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
        {raw}
      </Code>
    </Stack>
  );
}

type Props = { filters: IntakeLogFilters; onFiltersChange: (next: IntakeLogFilters) => void };

/**
 * Admin page "Registro de captação": each lead received newest first, filtered by source and status (in the URL),
 * "Carregar mais" by cursor; what it became links to the person and the negotiation; a row opens to the raw payload.
 */
export function IntakeLogPage({ filters, onFiltersChange }: Props) {
  const { t, i18n } = useTranslation();
  const query = useIntakeLeads(filters);
  const sources = useIntakeSources();
  const [open, setOpen] = useState<string | null>(null);
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Box maw={1400} mx="auto">
      <PageHeader
        title={t('intake.log.title')}
        subtitle={
          <Text size="sm" c="dimmed">
            {t('intake.log.subtitle')}
          </Text>
        }
      >
        <Button
          variant="default"
          loading={query.isRefetching && !query.isFetchingNextPage}
          onClick={() => void query.refetch()}
        >
          {t('intake.log.refresh')}
        </Button>
      </PageHeader>
      <Group mb="md" align="flex-end">
        <Select
          label={t('intake.log.status')}
          data={[
            { value: '', label: t('intake.log.anyStatus') },
            ...INTAKE_LEAD_STATUSES.map((s) => ({ value: s, label: t(`intake.statuses.${s}`) })),
          ]}
          value={filters.status ?? ''}
          onChange={(v) => onFiltersChange({ ...filters, status: INTAKE_LEAD_STATUSES.find((s) => s === v) })}
          allowDeselect={false}
          w={260}
          data-testid="intake-log-status"
        />
        <Select
          label={t('intake.log.source')}
          data={[
            { value: '', label: t('intake.log.anySource') },
            ...(sources.data ?? []).map((s) => ({ value: s.id, label: s.name })),
          ]}
          value={filters.sourceId ?? ''}
          onChange={(v) => onFiltersChange({ ...filters, sourceId: v || undefined })}
          allowDeselect={false}
          searchable
          w={300}
          data-testid="intake-log-source"
        />
      </Group>
      {query.isError ? (
        <ErrorState message={problemMessage(query.error, t)} onRetry={() => void query.refetch()} />
      ) : query.isPending ? (
        <Text c="dimmed">{t('common.loading')}</Text>
      ) : items.length === 0 ? (
        <EmptyMessage title={t('intake.log.empty')} hint={t('intake.log.emptyHint')} />
      ) : (
        <>
          <Table.ScrollContainer minWidth={900}>
            <Table verticalSpacing="xs" data-testid="intake-log">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('intake.log.received')}</Table.Th>
                  <Table.Th>{t('intake.log.source')}</Table.Th>
                  <Table.Th>{t('intake.log.lead')}</Table.Th>
                  <Table.Th>{t('intake.log.status')}</Table.Th>
                  <Table.Th>{t('intake.log.became')}</Table.Th>
                  <Table.Th ta="right">{t('common.actions')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((l) => {
                  const expanded = open === l.id;
                  return (
                    <Fragment key={l.id}>
                      <Table.Tr data-testid="intake-log-row" data-lead-id={l.id} data-status={l.status}>
                        <Table.Td>{formatDateTime(l.receivedAt, i18n.language, BUSINESS_TIME_ZONE)}</Table.Td>
                        <Table.Td>{l.source.name}</Table.Td>
                        <Table.Td>
                          <Text size="sm">{str(l.lead.name) || str(l.lead.email) || '—'}</Text>
                          {l.externalId && (
                            <Text size="xs" c="dimmed" style={{ wordBreak: 'break-all' }}>
                              {l.externalId}
                            </Text>
                          )}
                        </Table.Td>
                        <Table.Td>
                          <Badge
                            color={STATUS_COLORS[l.status]}
                            variant="light"
                            data-testid="intake-log-status-badge"
                          >
                            {t(`intake.statuses.${l.status}`)}
                          </Badge>
                          {l.reason && (
                            <Text size="xs" c="red" data-testid="intake-log-reason">
                              {t(`intake.reasons.${l.reason}` as 'intake.reasons.no_contact', {
                                defaultValue: l.reason,
                              })}
                            </Text>
                          )}
                        </Table.Td>
                        <Table.Td>
                          <Stack gap={2}>
                            {l.person && (
                              <Anchor
                                size="sm"
                                data-testid="intake-log-person"
                                renderRoot={(props) => (
                                  <Link to="/people/$id" params={{ id: l.person?.id ?? '' }} {...props} />
                                )}
                              >
                                {t('intake.log.person')}: {l.person.name}
                              </Anchor>
                            )}
                            {l.opportunity && (
                              <Anchor
                                size="sm"
                                data-testid="intake-log-opportunity"
                                renderRoot={(props) => (
                                  <Link
                                    to="/opportunities/$id"
                                    params={{ id: l.opportunity?.id ?? '' }}
                                    {...props}
                                  />
                                )}
                              >
                                {t('intake.log.opportunity')}: {l.opportunity.title}
                              </Anchor>
                            )}
                          </Stack>
                        </Table.Td>
                        <Table.Td ta="right">
                          <Button
                            size="compact-sm"
                            variant="subtle"
                            aria-expanded={expanded}
                            onClick={() => setOpen(expanded ? null : l.id)}
                            data-testid="intake-log-toggle"
                          >
                            {expanded ? t('intake.log.hide') : t('intake.log.show')}
                          </Button>
                        </Table.Td>
                      </Table.Tr>
                      {expanded && (
                        <Table.Tr>
                          <Table.Td colSpan={COLUMNS}>
                            <LeadDetails entry={l} />
                          </Table.Td>
                        </Table.Tr>
                      )}
                    </Fragment>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {query.hasNextPage && (
            <Group justify="center" mt="md">
              <Button
                variant="default"
                onClick={() => void query.fetchNextPage()}
                loading={query.isFetchingNextPage}
              >
                {t('intake.log.loadMore')}
              </Button>
            </Group>
          )}
        </>
      )}
    </Box>
  );
}
