import type { CreditLimitLine, ReceivableLine, ReceivableStatus, SalesOrderLine } from '@funil/domain';
import { Badge, Drawer, Skeleton, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDay } from '../../lib/format.ts';
import { problemMessage } from '../../lib/problems.ts';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { formatBRL } from '../opportunities/money.ts';
import { type SummaryList, useSummaryList } from './queries.ts';

const RECEIVABLE_COLORS: Record<ReceivableStatus, string> = {
  overdue: 'red',
  due: 'blue',
  paid: 'green',
  cancelled: 'gray',
};

const TITLES: Record<SummaryList, 'receivables' | 'salesOrders' | 'creditLimits'> = {
  receivables: 'receivables',
  salesOrders: 'salesOrders',
  creditLimits: 'creditLimits',
};

function ReceivablesTable({ items }: { items: ReceivableLine[] }) {
  const { t, i18n } = useTranslation();
  const brl = (cents: number) => formatBRL(cents, i18n.language);
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table striped verticalSpacing="xs" data-testid="receivables-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('summary360.receivables.number')}</Table.Th>
            <Table.Th>{t('summary360.receivables.dueOn')}</Table.Th>
            <Table.Th ta="right">{t('summary360.receivables.amount')}</Table.Th>
            <Table.Th ta="right">{t('summary360.receivables.paid_amount')}</Table.Th>
            <Table.Th>{t('summary360.receivables.status')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((r) => (
            <Table.Tr key={r.id} data-testid="receivable-row" data-status={r.status}>
              <Table.Td>
                <Text size="sm">{r.number ?? r.externalId}</Text>
                {r.description && (
                  <Text size="xs" c="dimmed">
                    {r.description}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>{formatDay(r.dueOn, i18n.language)}</Table.Td>
              <Table.Td ta="right">{brl(r.amountCents)}</Table.Td>
              <Table.Td ta="right">{r.paidCents > 0 ? brl(r.paidCents) : t('common.empty')}</Table.Td>
              <Table.Td>
                <Badge color={RECEIVABLE_COLORS[r.status]} variant="light">
                  {t(`summary360.receivables.${r.status}`)}
                </Badge>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function SalesOrdersTable({ items }: { items: SalesOrderLine[] }) {
  const { t, i18n } = useTranslation();
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table striped verticalSpacing="xs" data-testid="sales-orders-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('summary360.salesOrders.number')}</Table.Th>
            <Table.Th>{t('summary360.salesOrders.issuedOn')}</Table.Th>
            <Table.Th>{t('summary360.salesOrders.source')}</Table.Th>
            <Table.Th>{t('summary360.salesOrders.status')}</Table.Th>
            <Table.Th ta="right">{t('summary360.salesOrders.value')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((o) => (
            <Table.Tr key={o.id} data-testid="sales-order-row">
              <Table.Td>
                <Text size="sm">{o.number}</Text>
                <Text size="xs" c="dimmed">
                  {t('summary360.salesOrders.items', { count: o.itemCount })}
                </Text>
              </Table.Td>
              <Table.Td>{formatDay(o.issuedOn, i18n.language)}</Table.Td>
              <Table.Td>{t(`summary360.sources.${o.source}`)}</Table.Td>
              <Table.Td>
                <Badge color={o.status === 'cancelled' ? 'gray' : 'blue'} variant="light">
                  {t(`summary360.orderStatuses.${o.status}`)}
                </Badge>
              </Table.Td>
              <Table.Td ta="right">{formatBRL(o.totalCents, i18n.language)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function CreditLimitsTable({ items }: { items: CreditLimitLine[] }) {
  const { t, i18n } = useTranslation();
  const brl = (cents: number) => formatBRL(cents, i18n.language);
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table striped verticalSpacing="xs" data-testid="credit-limits-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('summary360.creditLimits.description')}</Table.Th>
            <Table.Th ta="right">{t('summary360.creditLimits.granted')}</Table.Th>
            <Table.Th ta="right">{t('summary360.creditLimits.used')}</Table.Th>
            <Table.Th ta="right">{t('summary360.creditLimits.available')}</Table.Th>
            <Table.Th>{t('summary360.creditLimits.validUntil')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((c) => (
            <Table.Tr key={c.id} data-testid="credit-limit-row" data-expired={c.expired}>
              <Table.Td>{c.description ?? c.externalId}</Table.Td>
              <Table.Td ta="right">{brl(c.grantedCents)}</Table.Td>
              <Table.Td ta="right">{brl(c.usedCents)}</Table.Td>
              <Table.Td ta="right">{brl(c.availableCents)}</Table.Td>
              <Table.Td>
                <Stack gap={2}>
                  <Text size="sm">
                    {c.validUntil
                      ? formatDay(c.validUntil, i18n.language)
                      : t('summary360.creditLimits.noEnd')}
                  </Text>
                  <Badge color={c.expired ? 'orange' : 'green'} variant="light" size="sm">
                    {c.expired ? t('summary360.creditLimits.expiredOne') : t('summary360.creditLimits.valid')}
                  </Badge>
                </Stack>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** The list behind a card (titles, orders or limits), in a drawer from the right. */
export function SummaryDrawer({
  personId,
  list,
  asOf,
  onClose,
}: {
  personId: string;
  list: SummaryList | null;
  asOf: string | null;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const query = useSummaryList(personId, list);
  const items = query.data?.items ?? [];
  return (
    <Drawer
      opened={list !== null}
      onClose={onClose}
      position="right"
      size="xl"
      title={list ? t(`summary360.${TITLES[list]}.title`) : ''}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <Stack gap="sm" data-testid="summary-drawer">
        {asOf && list !== 'salesOrders' && (
          <Text size="xs" c="dimmed">
            {t('summary360.drawer.asOf', { date: formatDay(asOf, i18n.language) })}
          </Text>
        )}
        {query.isError ? (
          <ErrorState message={problemMessage(query.error, t)} onRetry={() => void query.refetch()} />
        ) : query.isPending ? (
          <Stack gap="xs">
            <Skeleton height={20} />
            <Skeleton height={20} />
            <Skeleton height={20} />
          </Stack>
        ) : items.length === 0 ? (
          <Text c="dimmed">{t('summary360.drawer.empty')}</Text>
        ) : list === 'receivables' ? (
          <ReceivablesTable items={items as ReceivableLine[]} />
        ) : list === 'salesOrders' ? (
          <SalesOrdersTable items={items as SalesOrderLine[]} />
        ) : (
          <CreditLimitsTable items={items as CreditLimitLine[]} />
        )}
      </Stack>
    </Drawer>
  );
}
