import type { ContactOutcome, DialerDashboard } from '@funil/domain';
import {
  Alert,
  Badge,
  Box,
  Group,
  Paper,
  Progress,
  SegmentedControl,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { lazy, Suspense, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDay, formatNumber } from '../../lib/format.ts';
import { problemMessage } from '../../lib/problems.ts';
import { EmptyMessage } from '../../ui/EmptyMessage.tsx';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import {
  attendantsChartOption,
  chartHeight,
  connectionRate,
  type DayRange,
  formatMinSec,
  formatPercentValue,
  includesToday,
  PRESETS,
  type Preset,
  presetOf,
  presetRange,
  rangeInstants,
} from './dashboard.ts';
import { useDialerDashboard } from './queries.ts';

// ECharts is loaded with this page, not with the rest of the app.
const EChart = lazy(() => import('../funnels/EChart.tsx').then((m) => ({ default: m.EChart })));

function Stat({
  label,
  value,
  hint,
  testId,
}: {
  label: string;
  value: string;
  hint?: string;
  testId: string;
}) {
  const body = (
    <Paper withBorder p="sm" data-testid={testId}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text fz={26} fw={700} data-testid={`${testId}-value`}>
        {value}
      </Text>
    </Paper>
  );
  return hint ? <Tooltip label={hint}>{body}</Tooltip> : body;
}

function Totals({ totals }: { totals: DialerDashboard['totals'] }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  return (
    <SimpleGrid cols={{ base: 2, sm: 3, lg: 5 }} spacing="sm">
      <Stat label={t('dialer.dashboard.calls')} value={formatNumber(totals.calls, lng)} testId="dash-calls" />
      <Stat
        label={t('dialer.dashboard.connected')}
        value={formatNumber(totals.connected, lng)}
        testId="dash-connected"
      />
      <Stat
        label={t('dialer.dashboard.connectionRate')}
        value={formatPercentValue(connectionRate(totals), lng)}
        testId="dash-rate"
      />
      <Stat
        label={t('dialer.dashboard.aht')}
        hint={t('dialer.dashboard.ahtHint')}
        value={formatMinSec(totals.averageHandlingSeconds)}
        testId="dash-aht"
      />
      <Stat
        label={t('dialer.dashboard.shortCalls')}
        value={formatPercentValue(totals.shortCalls.connected ? totals.shortCalls.percent : null, lng)}
        testId="dash-short"
      />
    </SimpleGrid>
  );
}

function AttendantsChart({ attendants }: { attendants: DialerDashboard['attendants'] }) {
  const { t } = useTranslation();
  const option = useMemo(
    () =>
      attendantsChartOption(
        attendants,
        (o: ContactOutcome) => t(`callcenter.outcomes.${o}`),
        t('dialer.dashboard.pending'),
      ),
    [attendants, t],
  );
  const height = chartHeight(attendants.length);
  return (
    <Paper withBorder p="sm">
      <Text fw={600} mb="xs">
        {t('dialer.dashboard.chart')}
      </Text>
      <Suspense fallback={<Skeleton height={height} radius="md" />}>
        <EChart option={option} height={height} label={t('dialer.dashboard.chart')} testId="dash-chart" />
      </Suspense>
    </Paper>
  );
}

function AttendantsTable({ attendants }: { attendants: DialerDashboard['attendants'] }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table striped withTableBorder data-testid="dash-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('dialer.dashboard.attendant')}</Table.Th>
            <Table.Th>{t('dialer.dashboard.session')}</Table.Th>
            <Table.Th ta="right">{t('dialer.dashboard.calls')}</Table.Th>
            <Table.Th ta="right">{t('dialer.dashboard.connected')}</Table.Th>
            <Table.Th ta="right">{t('dialer.dashboard.aht')}</Table.Th>
            <Table.Th ta="right">{t('dialer.dashboard.short')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {attendants.map((a) => (
            <Table.Tr key={a.user.id} data-testid="dash-row" data-user={a.user.name}>
              <Table.Td>{a.user.name}</Table.Td>
              <Table.Td miw={200}>
                {a.session ? (
                  <Stack gap={4}>
                    <Group gap="xs">
                      <Badge
                        size="sm"
                        variant="light"
                        color={a.session.status === 'running' ? 'green' : 'gray'}
                      >
                        {t(`callcenter.dialer.status.${a.session.status}`)}
                      </Badge>
                      <Text size="xs" c="dimmed">
                        {t('dialer.dashboard.progress', {
                          called: formatNumber(a.session.called, lng),
                          total: formatNumber(a.session.total, lng),
                        })}
                      </Text>
                    </Group>
                    <Progress
                      size="sm"
                      value={a.session.total ? (a.session.called / a.session.total) * 100 : 0}
                      aria-label={t('callcenter.dialer.progressLabel')}
                    />
                  </Stack>
                ) : (
                  <Text size="sm" c="dimmed">
                    {t('dialer.dashboard.noSession')}
                  </Text>
                )}
              </Table.Td>
              <Table.Td ta="right">{formatNumber(a.calls, lng)}</Table.Td>
              <Table.Td ta="right">{formatNumber(a.connected, lng)}</Table.Td>
              <Table.Td ta="right">{formatMinSec(a.averageHandlingSeconds)}</Table.Td>
              <Table.Td ta="right" c={a.shortCalls.warn ? 'red' : undefined}>
                {formatPercentValue(a.shortCalls.connected ? a.shortCalls.percent : null, lng)}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function DashboardSkeleton() {
  return (
    <Stack gap="md" aria-hidden data-testid="dash-loading">
      <SimpleGrid cols={{ base: 2, sm: 3, lg: 5 }} spacing="sm">
        {['calls', 'connected', 'rate', 'aht', 'short'].map((k) => (
          <Skeleton key={k} height={76} radius="md" />
        ))}
      </SimpleGrid>
      <Skeleton height={240} radius="md" />
    </Stack>
  );
}

/** Painel do discador: calls per attendant over a period of São Paulo days, refreshed every 5 s. */
export function DialerDashboardPage() {
  const { t, i18n } = useTranslation();
  const [range, setRange] = useState<DayRange>(() => presetRange('today', new Date()));
  const instants = rangeInstants(range);
  const live = instants !== null && includesToday(range, new Date());
  const query = useDialerDashboard(instants, live);
  const preset = presetOf(range, new Date());
  const data = query.data;
  const lng = i18n.language;

  return (
    <Box maw={1200} mx="auto">
      <PageHeader
        title={t('dialer.dashboard.title')}
        subtitle={
          <Text size="sm" c="dimmed">
            {t('dialer.dashboard.intro')}
          </Text>
        }
      >
        {live ? (
          <Badge
            color="red"
            variant="dot"
            size="lg"
            data-testid="dash-live"
            title={query.dataUpdatedAt ? new Date(query.dataUpdatedAt).toLocaleTimeString(lng) : undefined}
          >
            {t('dialer.dashboard.live')}
          </Badge>
        ) : (
          <Badge color="gray" variant="dot" size="lg">
            {t('dialer.dashboard.paused')}
          </Badge>
        )}
      </PageHeader>
      <Stack gap="md">
        <Group align="flex-end" gap="sm" wrap="wrap">
          <SegmentedControl
            value={preset ?? ''}
            onChange={(v) => setRange(presetRange(v as Preset, new Date()))}
            data={PRESETS.map((p) => ({ value: p, label: t(`dialer.dashboard.${p}`) }))}
            data-testid="dash-presets"
          />
          <TextInput
            type="date"
            label={t('dialer.dashboard.from')}
            value={range.from}
            onChange={(e) => {
              const from = e.currentTarget.value;
              if (from) setRange((r) => ({ ...r, from }));
            }}
            w={170}
            data-testid="dash-from"
          />
          <TextInput
            type="date"
            label={t('dialer.dashboard.to')}
            value={range.to}
            onChange={(e) => {
              const to = e.currentTarget.value;
              if (to) setRange((r) => ({ ...r, to }));
            }}
            w={170}
            data-testid="dash-to"
          />
        </Group>
        <Text size="sm" c="dimmed" data-testid="dash-period">
          {t('dialer.dashboard.period', { from: formatDay(range.from, lng), to: formatDay(range.to, lng) })}
        </Text>
        {!instants && (
          <Alert color="red" variant="light" role="alert" data-testid="dash-bad-range">
            {t('dialer.dashboard.badRange')}
          </Alert>
        )}
        {instants && query.isPending && <DashboardSkeleton />}
        {query.isError && (
          <ErrorState message={problemMessage(query.error, t)} onRetry={() => void query.refetch()} />
        )}
        {instants && data && (
          <>
            {data.totals.shortCalls.warn && (
              <Alert color="red" variant="filled" role="alert" data-testid="dash-short-warn">
                {t('dialer.dashboard.shortWarn', {
                  percent: formatPercentValue(data.totals.shortCalls.percent, lng),
                })}
              </Alert>
            )}
            <Totals totals={data.totals} />
            {data.totals.calls === 0 ? (
              <Box data-testid="dash-empty">
                <EmptyMessage title={t('dialer.dashboard.empty')} hint={t('dialer.dashboard.emptyHint')} />
              </Box>
            ) : (
              <AttendantsChart attendants={data.attendants.filter((a) => a.calls > 0)} />
            )}
            {/* Attendants whose session is running show even before their first call of the period. */}
            {data.attendants.length > 0 && <AttendantsTable attendants={data.attendants} />}
          </>
        )}
      </Stack>
    </Box>
  );
}
