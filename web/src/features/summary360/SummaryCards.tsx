import type { PersonSummary } from '@funil/domain';
import { Group, Paper, SimpleGrid, Skeleton, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { problemMessage } from '../../lib/problems.ts';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { ActivityCountsCard } from '../activities/ActivityCountsCard.tsx';
import { formatBRL } from '../opportunities/money.ts';
import { type SummaryList, usePersonSummary } from './queries.ts';
import { SummaryDrawer } from './SummaryDrawer.tsx';

type CardProps = {
  title: string;
  testId: string;
  loading: boolean;
  /** Opens the card's list (drawer); the whole card is then a button. */
  onOpen?: (() => void) | undefined;
  openLabel?: string;
  children: ReactNode;
};

/** One card of the grid: a title and its lines; skeleton lines while loading. */
function SummaryCard({ title, testId, loading, onOpen, openLabel, children }: CardProps) {
  const body = (
    <Paper withBorder radius="md" p="md" h="100%" data-testid={testId}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap">
          <Title order={3} size="h5">
            {title}
          </Title>
          {onOpen && !loading && (
            <Text size="xs" c="blue">
              {openLabel}
            </Text>
          )}
        </Group>
        {loading ? (
          <Stack gap={6}>
            <Skeleton height={14} />
            <Skeleton height={14} />
            <Skeleton height={14} width="70%" />
          </Stack>
        ) : (
          children
        )}
      </Stack>
    </Paper>
  );
  if (!onOpen || loading) return body;
  return (
    <UnstyledButton onClick={onOpen} aria-label={`${title}: ${openLabel}`} h="100%" w="100%">
      {body}
    </UnstyledButton>
  );
}

type LineProps = {
  label: string;
  value: string;
  detail?: string;
  color?: string | undefined;
  testId: string;
};

/** `Vencidos · 2 títulos ........ R$ 475,00` */
function Line({ label, value, detail, color, testId }: LineProps) {
  return (
    <Group justify="space-between" gap="xs" wrap="nowrap" data-testid={testId}>
      <Text size="sm" c={color}>
        {label}
        {detail && (
          <Text span size="xs" c="dimmed">
            {' · '}
            {detail}
          </Text>
        )}
      </Text>
      <Text size="sm" fw={600} c={color} data-testid={`${testId}-value`} style={{ whiteSpace: 'nowrap' }}>
        {value}
      </Text>
    </Group>
  );
}

function Empty({ children }: { children: ReactNode }) {
  return (
    <Text size="sm" c="dimmed">
      {children}
    </Text>
  );
}

const OPPORTUNITY_ORDER = ['open', 'won', 'lost', 'discarded'] as const;
// Colour names, not shades: the theme (ui/accessible-colors.ts) picks each name's shade that is readable on the card.
const OPPORTUNITY_COLORS = { open: undefined, won: 'green', lost: 'red', discarded: 'gray' } as const;

/**
 * The Resumo 360° of a person: opportunities, sales orders, financial titles and credit limits (the ERP's
 * cards open their list in a drawer). Responsive grid: one column on phones, up to three on wide screens.
 */
export function SummaryCards({ personId }: { personId: string }) {
  const { t, i18n } = useTranslation();
  const query = usePersonSummary(personId);
  const [list, setList] = useState<SummaryList | null>(null);
  const brl = (cents: number) => formatBRL(cents, i18n.language);
  const loading = query.isPending;
  const s: PersonSummary | undefined = query.data;

  if (query.isError) {
    return (
      <ErrorState
        title={t('summary360.loadError')}
        message={problemMessage(query.error, t)}
        onRetry={() => void query.refetch()}
      />
    );
  }

  const opportunityCount = s ? OPPORTUNITY_ORDER.reduce((n, k) => n + s.opportunities[k].count, 0) : 0;
  const receivableCount = s
    ? s.receivables.overdue.count + s.receivables.due.count + s.receivables.paid.count
    : 0;
  const creditCount = s ? s.creditLimits.count + s.creditLimits.expired.count : 0;
  const open = (which: SummaryList) => () => setList(which);

  return (
    <section aria-label={t('summary360.title')}>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md" data-testid="summary-cards">
        <ActivityCountsCard personId={personId} />
        <SummaryCard
          title={t('summary360.opportunities.title')}
          testId="summary-opportunities"
          loading={loading}
        >
          {s && opportunityCount === 0 ? (
            <Empty>{t('summary360.opportunities.empty')}</Empty>
          ) : (
            s &&
            OPPORTUNITY_ORDER.map((status) => (
              <Line
                key={status}
                testId={`summary-opportunities-${status}`}
                label={t(`summary360.opportunities.${status}`)}
                detail={String(s.opportunities[status].count)}
                value={brl(s.opportunities[status].valueCents)}
                color={OPPORTUNITY_COLORS[status]}
              />
            ))
          )}
        </SummaryCard>

        <SummaryCard
          title={t('summary360.salesOrders.title')}
          testId="summary-sales-orders"
          loading={loading}
          onOpen={s && s.salesOrders.latest.length > 0 ? open('salesOrders') : undefined}
          openLabel={t('summary360.open')}
        >
          {s && s.salesOrders.latest.length === 0 ? (
            <Empty>{t('summary360.salesOrders.empty')}</Empty>
          ) : (
            s && (
              <>
                <Line
                  testId="summary-sales-orders-total"
                  label={t('summary360.salesOrders.total')}
                  detail={t('summary360.salesOrders.count', { count: s.salesOrders.count })}
                  value={brl(s.salesOrders.totalCents)}
                />
                {s.salesOrders.latest.slice(0, 3).map((o) => (
                  <Line
                    key={o.id}
                    testId="summary-sales-order"
                    label={`${o.number} · ${t(`summary360.orderStatuses.${o.status}`)}`}
                    value={brl(o.totalCents)}
                    color={o.status === 'cancelled' ? 'dimmed' : undefined}
                  />
                ))}
              </>
            )
          )}
        </SummaryCard>

        <SummaryCard
          title={t('summary360.receivables.title')}
          testId="summary-receivables"
          loading={loading}
          onOpen={s && receivableCount > 0 ? open('receivables') : undefined}
          openLabel={t('summary360.open')}
        >
          {s && receivableCount === 0 ? (
            <Empty>{t('summary360.receivables.empty')}</Empty>
          ) : (
            s &&
            (['overdue', 'due', 'paid'] as const).map((status) => (
              <Line
                key={status}
                testId={`summary-receivables-${status}`}
                label={t(`summary360.receivables.${status}`)}
                detail={t('summary360.receivables.titles', { count: s.receivables[status].count })}
                value={brl(s.receivables[status].totalCents)}
                color={status === 'overdue' && s.receivables.overdue.count > 0 ? 'red' : undefined}
              />
            ))
          )}
        </SummaryCard>

        <SummaryCard
          title={t('summary360.creditLimits.title')}
          testId="summary-credit-limits"
          loading={loading}
          onOpen={s && creditCount > 0 ? open('creditLimits') : undefined}
          openLabel={t('summary360.open')}
        >
          {s && creditCount === 0 ? (
            <Empty>{t('summary360.creditLimits.empty')}</Empty>
          ) : (
            s && (
              <>
                <Line
                  testId="summary-credit-granted"
                  label={t('summary360.creditLimits.granted')}
                  value={brl(s.creditLimits.grantedCents)}
                />
                <Line
                  testId="summary-credit-used"
                  label={t('summary360.creditLimits.used')}
                  value={brl(s.creditLimits.usedCents)}
                />
                <Line
                  testId="summary-credit-available"
                  label={t('summary360.creditLimits.available')}
                  value={brl(s.creditLimits.availableCents)}
                  color="green"
                />
                <Line
                  testId="summary-credit-expired"
                  label={t('summary360.creditLimits.expired')}
                  detail={String(s.creditLimits.expired.count)}
                  value={brl(s.creditLimits.expired.totalCents)}
                  color={s.creditLimits.expired.count > 0 ? 'orange' : 'dimmed'}
                />
              </>
            )
          )}
        </SummaryCard>
      </SimpleGrid>
      <SummaryDrawer personId={personId} list={list} asOf={s?.asOf ?? null} onClose={() => setList(null)} />
    </section>
  );
}
