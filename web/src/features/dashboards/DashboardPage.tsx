import { toCsv } from '@funil/domain';
import {
  Box,
  Button,
  Group,
  Loader,
  Paper,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  Text,
  useMantineTheme,
} from '@mantine/core';
import { lazy, Suspense, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { downloadText } from '../../lib/download.ts';
import { formatNumber } from '../../lib/format.ts';
import { problemMessage } from '../../lib/problems.ts';
import { DayInput } from '../../ui/DayInput.tsx';
import { EmptyMessage } from '../../ui/EmptyMessage.tsx';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { useBranches, useTeams, useUsers } from '../directory/queries.ts';
import type { ChartOption } from '../funnels/EChart.tsx';
import { usePipelines } from '../funnels/queries.ts';
import { formatCents, formatPercent } from '../funnels/report.ts';
import { type ChartSpec, conversion, dashboardTables, type TableSpec } from './dashboard-tables.ts';
import { dashboardXlsxUrl, useDashboard } from './queries.ts';
import { type DashboardSearch, dashboardRange } from './search.ts';

// ECharts is loaded with the dashboard, not with the rest of the app.
const EChart = lazy(() => import('../funnels/EChart.tsx').then((m) => ({ default: m.EChart })));

type Props = {
  search: DashboardSearch;
  onSearchChange: (next: DashboardSearch) => void;
  /** The manager's home: the title says it is the team's. */
  teamHome?: boolean;
};

const PALETTE = ['blue', 'green', 'orange', 'grape'] as const;

function barOption(chart: ChartSpec, colors: string[]): ChartOption {
  return {
    aria: { enabled: true },
    animationDuration: 300,
    color: colors,
    grid: { left: 8, right: 8, top: chart.series.length > 1 ? 36 : 12, bottom: 8, containLabel: true },
    legend: chart.series.length > 1 ? { top: 0 } : { show: false },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: {
      type: 'category',
      data: chart.categories,
      axisLabel: {
        interval: 0,
        rotate: chart.categories.length > 4 ? 30 : 0,
        width: 120,
        overflow: 'truncate',
      },
    },
    yAxis: { type: 'value', minInterval: 1 },
    series: chart.series.map((s) => ({ type: 'bar', name: s.name, data: s.data, barMaxWidth: 40 })),
  };
}

function SectionChart({ spec }: { spec: TableSpec }) {
  const { t } = useTranslation();
  const theme = useMantineTheme();
  const chart = spec.chart;
  const option = useMemo(
    () =>
      chart
        ? barOption(
            chart,
            PALETTE.map((c) => theme.colors[c]?.[6] ?? '#228be6'),
          )
        : null,
    [chart, theme],
  );
  if (!option || !chart || chart.categories.length === 0) return null;
  return (
    <Suspense fallback={<Skeleton height={240} radius="md" />}>
      <EChart
        option={option}
        height={240}
        label={t('dashboards.chart', { title: spec.title })}
        testId={`dashboard-chart-${spec.key}`}
      />
    </Suspense>
  );
}

function Section({ spec, fileName }: { spec: TableSpec; fileName: string }) {
  const { t } = useTranslation();
  const download = () =>
    downloadText(
      `${fileName}-${spec.key}.csv`,
      toCsv([spec.headers, ...spec.rows.map((row) => row.map((cell) => cell.csv))]),
    );
  return (
    <Paper
      withBorder
      p="md"
      component="section"
      aria-label={spec.title}
      data-testid={`dashboard-section-${spec.key}`}
    >
      <Group justify="space-between" align="flex-start" mb="sm" wrap="nowrap">
        <Box>
          <Text component="h2" fw={700} size="lg" m={0}>
            {spec.title}
          </Text>
          {spec.hint && (
            <Text size="sm" c="dimmed">
              {spec.hint}
            </Text>
          )}
        </Box>
        <Button
          variant="default"
          size="xs"
          onClick={download}
          disabled={spec.rows.length === 0}
          data-testid={`dashboard-csv-${spec.key}`}
        >
          {t('dashboards.csv')}
        </Button>
      </Group>
      {spec.rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('dashboards.none')}
        </Text>
      ) : (
        <Stack gap="sm">
          <SectionChart spec={spec} />
          <Table.ScrollContainer minWidth={560}>
            <Table verticalSpacing={4} striped highlightOnHover data-testid={`dashboard-table-${spec.key}`}>
              <Table.Thead>
                <Table.Tr>
                  {spec.headers.map((header, i) => (
                    <Table.Th key={header} ta={i === 0 || !spec.rows[0]?.[i]?.numeric ? undefined : 'right'}>
                      {header}
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {spec.rows.map((row, r) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: rows have no id of their own and never reorder in place
                  <Table.Tr key={r}>
                    {row.map((cell, i) => (
                      <Table.Td key={spec.headers[i]} ta={cell.numeric ? 'right' : undefined}>
                        {cell.text}
                      </Table.Td>
                    ))}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Stack>
      )}
    </Paper>
  );
}

function Kpi({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <Paper withBorder p="sm">
      <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
        {label}
      </Text>
      <Text size="xl" fw={700} data-testid={testId}>
        {value}
      </Text>
    </Paper>
  );
}

function DashboardSkeleton() {
  return (
    <Stack gap="md" aria-hidden data-testid="dashboard-loading">
      <Skeleton height={72} radius="md" />
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <Skeleton height={320} radius="md" />
        <Skeleton height={320} radius="md" />
      </SimpleGrid>
    </Stack>
  );
}

/**
 * The dashboard (Painel, `/dashboards`): funnel conversion, breakdowns, outcomes, forecast, activities, time to
 * first contact and call center outcomes for the range and filters; every table downloads as CSV, the whole page as
 * one XLSX workbook (made by the server). The server
 * counts only what the user may see.
 */
export function DashboardPage({ search, onSearchChange, teamHome = false }: Props) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const today = useMemo(() => new Date(), []);
  const { from, to } = dashboardRange(search, today);
  const rangeInvalid = from > to;
  const pipelines = usePipelines();
  const teams = useTeams();
  const branches = useBranches();
  const users = useUsers();
  const filters = {
    from,
    to,
    pipelineId: search.pipelineId,
    teamId: search.teamId,
    branchId: search.branchId,
    ownerId: search.ownerId,
  };
  const dashboard = useDashboard(rangeInvalid ? null : filters);
  const tables = useMemo(
    () =>
      dashboard.data
        ? dashboardTables(dashboard.data, (key, options) => String(t(key as never, options as never)), locale)
        : [],
    [dashboard.data, t, locale],
  );
  const set = (patch: Partial<DashboardSearch>) => {
    const next: DashboardSearch = { ...search, from, to, ...patch };
    for (const key of Object.keys(next) as (keyof DashboardSearch)[]) if (!next[key]) delete next[key];
    onSearchChange(next);
  };
  const options = (items: { id: string; name: string }[] | undefined) => [
    { value: '', label: t('dashboards.all') },
    ...(items ?? [])
      .map((i) => ({ value: i.id, label: i.name }))
      .sort((a, b) => a.label.localeCompare(b.label, 'pt-BR')),
  ];
  const select = (
    key: 'pipelineId' | 'teamId' | 'branchId' | 'ownerId',
    label: string,
    items: { id: string; name: string }[] | undefined,
  ) => (
    <Select
      label={label}
      data={options(items)}
      value={search[key] ?? ''}
      onChange={(value) => set({ [key]: value || undefined })}
      allowDeselect={false}
      searchable
      w={200}
      data-testid={`dashboard-filter-${key}`}
    />
  );

  const body = () => {
    if (rangeInvalid) return null;
    if (dashboard.isError) {
      return (
        <ErrorState message={problemMessage(dashboard.error, t)} onRetry={() => void dashboard.refetch()} />
      );
    }
    const d = dashboard.data;
    if (!d) return <DashboardSkeleton />;
    const totals = d.totals;
    const nothing =
      totals.created === 0 &&
      d.forecast.length === 0 &&
      d.activities.length === 0 &&
      d.callOutcomes.length === 0;
    if (nothing) {
      return (
        <Box data-testid="dashboard-empty">
          <EmptyMessage title={t('dashboards.empty')} hint={t('dashboards.emptyHint')} />
        </Box>
      );
    }
    const fileName = `painel-${d.from}-${d.to}`;
    return (
      <Stack gap="md" data-testid="dashboard">
        <Group justify="flex-end">
          <Button
            component="a"
            href={dashboardXlsxUrl(filters)}
            download={`${fileName}.xlsx`}
            variant="light"
            size="sm"
            title={t('dashboards.xlsxHint')}
            data-testid="dashboard-xlsx"
          >
            {t('dashboards.xlsx')}
          </Button>
        </Group>
        <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }}>
          <Kpi
            label={t('dashboards.kpi.created')}
            value={formatNumber(totals.created, locale)}
            testId="kpi-created"
          />
          <Kpi label={t('dashboards.kpi.open')} value={formatNumber(totals.open, locale)} testId="kpi-open" />
          <Kpi label={t('dashboards.kpi.won')} value={formatNumber(totals.won, locale)} testId="kpi-won" />
          <Kpi label={t('dashboards.kpi.lost')} value={formatNumber(totals.lost, locale)} testId="kpi-lost" />
          <Kpi
            label={t('dashboards.kpi.conversion')}
            value={formatPercent(conversion(totals), locale)}
            testId="kpi-conversion"
          />
          <Kpi
            label={t('dashboards.kpi.wonValue')}
            value={formatCents(totals.wonValueCents, locale)}
            testId="kpi-won-value"
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
          {tables.map((spec) => (
            <Section key={spec.key} spec={spec} fileName={fileName} />
          ))}
        </SimpleGrid>
      </Stack>
    );
  };

  return (
    <Box maw={1400} mx="auto">
      <PageHeader title={teamHome ? t('dashboards.teamTitle') : t('dashboards.title')} />
      <Text size="sm" c="dimmed" mb="sm">
        {t('dashboards.intro')}
      </Text>
      <Paper withBorder p="md" mb="md">
        <Group align="flex-start" gap="md" wrap="wrap">
          <DayInput
            label={t('dashboards.from')}
            value={from}
            max={to}
            onChange={(day) => set({ from: day || undefined })}
            error={rangeInvalid ? t('dashboards.rangeInvalid') : undefined}
            testId="dashboard-from"
          />
          <DayInput
            label={t('dashboards.to')}
            value={to}
            min={from}
            onChange={(day) => set({ to: day || undefined })}
            testId="dashboard-to"
          />
          {select('pipelineId', t('dashboards.pipeline'), pipelines.data)}
          {select('teamId', t('dashboards.team'), teams.data)}
          {select('branchId', t('dashboards.branch'), branches.data)}
          {select('ownerId', t('dashboards.owner'), users.data)}
          {dashboard.isFetching && dashboard.data && (
            <Group gap={6} role="status" pt={30}>
              <Loader size="xs" />
              <Text size="sm" c="dimmed">
                {t('dashboards.updating')}
              </Text>
            </Group>
          )}
        </Group>
      </Paper>
      {body()}
    </Box>
  );
}
