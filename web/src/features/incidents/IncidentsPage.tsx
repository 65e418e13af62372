import { type Incident, type IncidentNoticeStatus, incidentNoticeStatus } from '@funil/domain';
import {
  Anchor,
  Badge,
  Box,
  Button,
  Center,
  Group,
  Modal,
  Skeleton,
  Stack,
  Table,
  Text,
} from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatDay, formatNumber } from '../../lib/format.ts';
import { problemMessage } from '../../lib/problems.ts';
import { EmptyMessage } from '../../ui/EmptyMessage.tsx';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { useToast } from '../../ui/Toast.tsx';
import { IncidentFormModal, todayLocal } from './IncidentFormModal.tsx';
import { useIncidentEvents, useIncidents } from './queries.ts';

const FIELD_LABELS = {
  title: 'incidents.form.title',
  description: 'incidents.form.description',
  occurredOn: 'incidents.form.occurredOn',
  learnedOn: 'incidents.form.learnedOn',
  dataCategories: 'incidents.form.categories',
  affectedCount: 'incidents.form.affectedCount',
  affectedPersonIds: 'incidents.form.affectedPeople',
  consequences: 'incidents.form.consequences',
  risk: 'incidents.form.risk',
  measuresTaken: 'incidents.form.measuresTaken',
  measuresPlanned: 'incidents.form.measuresPlanned',
  anpdNotifiedOn: 'incidents.form.anpdNotifiedOn',
  anpdProtocol: 'incidents.form.anpdProtocol',
  subjectsNotifiedOn: 'incidents.form.subjectsNotifiedOn',
  subjectsNotifiedHow: 'incidents.form.subjectsNotifiedHow',
} as const;

const RISK_COLORS = { low: 'gray', medium: 'yellow', high: 'red' } as const;

function NoticeBadge({ status, deadline }: { status: IncidentNoticeStatus; deadline: string }) {
  const { t, i18n } = useTranslation();
  const [color, label] =
    status.state === 'notified'
      ? ['green', t('incidents.status.notified')]
      : status.state === 'overdue'
        ? ['red', t('incidents.status.overdueBy', { count: status.businessDaysLate })]
        : status.businessDaysLeft === 0
          ? ['orange', t('incidents.status.dueToday')]
          : ['yellow', t('incidents.status.dueIn', { count: status.businessDaysLeft })];
  return (
    <Stack gap={2}>
      <Badge
        color={color}
        variant={status.state === 'overdue' ? 'filled' : 'light'}
        data-testid="incident-notice"
      >
        {label}
      </Badge>
      {status.state !== 'notified' && (
        <Text size="xs" c="dimmed">
          {t('incidents.status.until', { day: formatDay(deadline, i18n.language) })}
        </Text>
      )}
    </Stack>
  );
}

function fieldValue(value: unknown, none: string): string {
  if (value === null || value === undefined || value === '') return none;
  if (Array.isArray(value)) return value.length ? value.join(', ') : none;
  return String(value);
}

function EventsModal({ incident, onClose }: { incident: Incident; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const query = useIncidentEvents(incident.id);
  return (
    <Modal opened onClose={onClose} size="lg" title={t('incidents.events.title')}>
      {query.isPending ? (
        <Skeleton height={80} />
      ) : query.isError ? (
        <ErrorState message={problemMessage(query.error, t)} onRetry={() => void query.refetch()} />
      ) : query.data.items.length === 0 ? (
        <Text size="sm">{t('incidents.events.empty')}</Text>
      ) : (
        <Stack gap="sm" data-testid="incident-events">
          {query.data.items.map((e) => (
            <Box key={e.id}>
              <Text size="sm" fw={600}>
                {t(`incidents.events.${e.kind}`, { name: e.actor.name })} ·{' '}
                {formatDateTime(e.occurredAt, i18n.language)}
              </Text>
              {e.kind === 'changed' &&
                e.changes.map((c) => (
                  <Text size="xs" key={c.field}>
                    {t(FIELD_LABELS[c.field as keyof typeof FIELD_LABELS] ?? 'incidents.form.description')}:{' '}
                    {fieldValue(c.old, t('incidents.events.none'))} →{' '}
                    {fieldValue(c.new, t('incidents.events.none'))}
                  </Text>
                ))}
            </Box>
          ))}
        </Stack>
      )}
    </Modal>
  );
}

/** Administração › Privacidade › Incidentes: the register, with each incident's notice deadline in business days. */
export function IncidentsPage() {
  const { t, i18n } = useTranslation();
  const query = useIncidents();
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];
  const [editing, setEditing] = useState<Incident | 'new' | null>(null);
  const [history, setHistory] = useState<Incident | null>(null);
  const { show, toast } = useToast();
  const today = todayLocal();
  return (
    <Box maw={1200} mx="auto">
      <PageHeader
        title={t('incidents.title')}
        subtitle={
          <Text size="sm" c="dimmed">
            {t('incidents.subtitle')}
          </Text>
        }
      >
        <Button onClick={() => setEditing('new')} data-testid="incident-new">
          {t('incidents.new')}
        </Button>
      </PageHeader>
      {query.isPending ? (
        <Stack gap="xs" aria-busy="true">
          {[0, 1, 2].map((i) => (
            <Skeleton key={i} height={48} />
          ))}
        </Stack>
      ) : query.isError && items.length === 0 ? (
        <ErrorState message={problemMessage(query.error, t)} onRetry={() => void query.refetch()} />
      ) : items.length === 0 ? (
        <EmptyMessage title={t('incidents.empty')} hint={t('incidents.emptyHint')} />
      ) : (
        <>
          <Table.ScrollContainer minWidth={860}>
            <Table verticalSpacing="sm" data-testid="incidents-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('incidents.columns.incident')}</Table.Th>
                  <Table.Th>{t('incidents.columns.learnedOn')}</Table.Th>
                  <Table.Th>{t('incidents.columns.risk')}</Table.Th>
                  <Table.Th>{t('incidents.columns.affected')}</Table.Th>
                  <Table.Th>{t('incidents.columns.deadline')}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((incident) => (
                  <Table.Tr key={incident.id} data-testid="incident-row" data-id={incident.id}>
                    <Table.Td maw={360}>
                      <Text size="sm" fw={600}>
                        {incident.title}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {incident.dataCategories.map((c) => t(`incidents.categories.${c}`)).join(' · ')}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{formatDay(incident.learnedOn, i18n.language)}</Text>
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      <Badge color={RISK_COLORS[incident.risk]} variant="light">
                        {t(`incidents.risks.${incident.risk}`)}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{formatNumber(incident.affectedCount, i18n.language)}</Text>
                      <Group gap={4}>
                        {incident.affectedPeople.map((p) => (
                          <Anchor
                            key={p.id}
                            size="xs"
                            renderRoot={(props) => <Link to="/people/$id" params={{ id: p.id }} {...props} />}
                            data-testid="incident-person-link"
                          >
                            {p.name}
                          </Anchor>
                        ))}
                      </Group>
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      <NoticeBadge
                        status={incidentNoticeStatus(incident, today)}
                        deadline={incident.noticeDeadline}
                      />
                    </Table.Td>
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap">
                        <Button size="xs" variant="default" onClick={() => setEditing(incident)}>
                          {t('incidents.edit')}
                        </Button>
                        <Button size="xs" variant="subtle" onClick={() => setHistory(incident)}>
                          {t('incidents.history')}
                        </Button>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {query.hasNextPage && (
            <Center mt="md">
              <Button
                variant="default"
                onClick={() => void query.fetchNextPage()}
                loading={query.isFetchingNextPage}
              >
                {t('incidents.loadMore')}
              </Button>
            </Center>
          )}
        </>
      )}
      {editing && (
        <IncidentFormModal
          key={editing === 'new' ? 'new' : `${editing.id}-${editing.version}`}
          incident={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            show(t('incidents.form.saved'));
          }}
          onReload={() => {
            setEditing(null);
            void query.refetch();
          }}
        />
      )}
      {history && <EventsModal incident={history} onClose={() => setHistory(null)} />}
      {toast}
    </Box>
  );
}
