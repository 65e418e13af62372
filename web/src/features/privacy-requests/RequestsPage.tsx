import {
  BUSINESS_TIME_ZONE,
  PRIVACY_REQUEST_KINDS,
  PRIVACY_REQUEST_STATUSES,
  type PrivacyRequest,
  type PrivacyRequestKind,
  type PrivacyRequestStatus,
} from '@funil/domain';
import {
  Anchor,
  Badge,
  Button,
  Checkbox,
  Group,
  Pagination,
  Select,
  Skeleton,
  Stack,
  Table,
  Text,
} from '@mantine/core';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../lib/format.ts';
import { EmptyMessage } from '../../ui/EmptyMessage.tsx';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { useUsers } from '../directory/queries.ts';
import { PAGE_SIZE, type RequestFilters, usePrivacyRequests } from './queries.ts';
import { RegisterRequestModal } from './RegisterRequestModal.tsx';

export const STATUS_COLORS: Record<PrivacyRequestStatus, string> = {
  open: 'blue',
  in_progress: 'yellow',
  answered: 'teal',
  refused: 'gray',
};

/** The status of a request, and "Atrasada" when it is still pending past its deadline. */
export function RequestStatusBadges({ request }: { request: PrivacyRequest }) {
  const { t } = useTranslation();
  return (
    <Group gap={4} wrap="nowrap">
      <Badge color={STATUS_COLORS[request.status]} variant="light" data-testid="privacy-request-status">
        {t(`privacyRequests.statuses.${request.status}`)}
      </Badge>
      {request.overdue && (
        <Badge color="red" data-testid="privacy-request-overdue">
          {t('privacyRequests.overdue')}
        </Badge>
      )}
    </Group>
  );
}

type Props = { filters: RequestFilters; onFiltersChange: (next: RequestFilters) => void };

/** Administração › Solicitações dos titulares: the register, soonest deadline first, filters in the URL. */
export function RequestsPage({ filters, onFiltersChange }: Props) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const users = useUsers();
  const query = usePrivacyRequests(filters);
  const [registering, setRegistering] = useState(false);
  const change = (next: Partial<RequestFilters>) => onFiltersChange({ ...filters, ...next, page: undefined });
  const date = (iso: string) => formatDate(iso, i18n.language, BUSINESS_TIME_ZONE);

  return (
    <Stack gap="md">
      <PageHeader title={t('privacyRequests.title')} subtitle={t('privacyRequests.intro')}>
        <Button onClick={() => setRegistering(true)} data-testid="privacy-request-register">
          {t('privacyRequests.register')}
        </Button>
      </PageHeader>
      {query.data && (
        <Group gap="xs" data-testid="privacy-request-counts">
          <Badge
            color="red"
            variant={query.data.counts.overdue ? 'filled' : 'light'}
            data-testid="privacy-count-overdue"
          >
            {t('privacyRequests.counts.overdue', { count: query.data.counts.overdue })}
          </Badge>
          <Badge color="orange" variant="light" data-testid="privacy-count-near-due">
            {t('privacyRequests.counts.nearDue', { count: query.data.counts.nearDue })}
          </Badge>
          <Badge color="blue" variant="light">
            {t('privacyRequests.counts.pending', { count: query.data.counts.pending })}
          </Badge>
        </Group>
      )}
      <Group align="flex-end" gap="sm">
        <Select
          label={t('privacyRequests.filters.status')}
          placeholder={t('privacyRequests.filters.all')}
          data={PRIVACY_REQUEST_STATUSES.map((s) => ({
            value: s,
            label: t(`privacyRequests.statuses.${s}`),
          }))}
          value={filters.status ?? null}
          onChange={(v) => change({ status: (v as PrivacyRequestStatus) ?? undefined })}
          clearable
          w={180}
          data-testid="privacy-filter-status"
        />
        <Select
          label={t('privacyRequests.filters.kind')}
          placeholder={t('privacyRequests.filters.all')}
          data={PRIVACY_REQUEST_KINDS.map((k) => ({ value: k, label: t(`privacyRequests.kinds.${k}`) }))}
          value={filters.kind ?? null}
          onChange={(v) => change({ kind: (v as PrivacyRequestKind) ?? undefined })}
          clearable
          w={260}
        />
        <Select
          label={t('privacyRequests.filters.assignee')}
          placeholder={t('privacyRequests.filters.all')}
          data={(users.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
          value={filters.assigneeId ?? null}
          onChange={(v) => change({ assigneeId: v ?? undefined })}
          clearable
          searchable
          w={220}
        />
        <Checkbox
          label={t('privacyRequests.filters.overdue')}
          checked={filters.overdue === true}
          onChange={(e) => change({ overdue: e.currentTarget.checked || undefined })}
          mb={8}
          data-testid="privacy-filter-overdue"
        />
      </Group>
      {query.isPending ? (
        <Skeleton height={160} />
      ) : query.isError ? (
        <ErrorState message={t('privacyRequests.loadError')} onRetry={() => query.refetch()} />
      ) : query.data.items.length === 0 ? (
        <EmptyMessage title={t('privacyRequests.empty')} hint={t('privacyRequests.emptyHint')} />
      ) : (
        <>
          {/* Seven columns: on a phone the table scrolls inside itself (a focusable region), not the page. */}
          <Table.ScrollContainer minWidth={760}>
            <Table highlightOnHover data-testid="privacy-requests-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('privacyRequests.columns.number')}</Table.Th>
                  <Table.Th>{t('privacyRequests.columns.kind')}</Table.Th>
                  <Table.Th>{t('privacyRequests.columns.subject')}</Table.Th>
                  <Table.Th>{t('privacyRequests.columns.receivedAt')}</Table.Th>
                  <Table.Th>{t('privacyRequests.columns.deadline')}</Table.Th>
                  <Table.Th>{t('privacyRequests.columns.assignee')}</Table.Th>
                  <Table.Th>{t('privacyRequests.columns.status')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {query.data.items.map((r) => (
                  <Table.Tr key={r.id} data-testid="privacy-request-row" data-id={r.id}>
                    <Table.Td>
                      <Anchor
                        renderRoot={(props) => (
                          <Link to="/admin/privacy/requests/$id" params={{ id: r.id }} {...props} />
                        )}
                      >
                        {r.number}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{t(`privacyRequests.kinds.${r.kind}`)}</Table.Td>
                    <Table.Td>{r.person?.name ?? r.requesterName}</Table.Td>
                    <Table.Td>{date(r.receivedAt)}</Table.Td>
                    <Table.Td>{date(r.deadlineAt)}</Table.Td>
                    <Table.Td>
                      {r.assignee?.name ?? (
                        <Text c="dimmed" size="sm">
                          {t('privacyRequests.nobody')}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <RequestStatusBadges request={r} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {query.data.total > PAGE_SIZE && (
            <Pagination
              total={Math.ceil(query.data.total / PAGE_SIZE)}
              value={filters.page ?? 1}
              onChange={(page) => onFiltersChange({ ...filters, page: page > 1 ? page : undefined })}
            />
          )}
        </>
      )}
      {registering && (
        <RegisterRequestModal
          opened
          onClose={() => setRegistering(false)}
          onRegistered={(created) =>
            navigate({ to: '/admin/privacy/requests/$id', params: { id: created.id } })
          }
        />
      )}
    </Stack>
  );
}
