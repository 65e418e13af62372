import type { FunnelReport } from '@funil/domain';
import {
  Box,
  Group,
  Loader,
  Paper,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  useMantineTheme,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { lazy, Suspense, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { problemMessage } from '../../lib/problems.ts';
import { DayInput } from '../../ui/DayInput.tsx';
import { EmptyMessage } from '../../ui/EmptyMessage.tsx';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { useFunnelReport, usePipelines } from './queries.ts';
import { Breakdowns, OutcomesTable, OutcomeTotals, ReportSection, StagesTable } from './ReportTables.tsx';
import { closedOutcomes, isEmptyReport, outcomeTotals, type ReportSearch, reportRange } from './report.ts';
import { outcomesChartHeight, outcomesChartOption, stageChartOption } from './report-charts.ts';

// ECharts is loaded with the report, not with the rest of the app.
const EChart = lazy(() => import('./EChart.tsx').then((m) => ({ default: m.EChart })));

/** A chart, with a placeholder of its size while ECharts loads. */
function Chart(props: Parameters<typeof EChart>[0]) {
  return (
    <Suspense fallback={<Skeleton height={props.height} radius="md" />}>
      <EChart {...props} />
    </Suspense>
  );
}

type Props = { search: ReportSearch; onSearchChange: (next: ReportSearch) => void };

function ReportSkeleton() {
  return (
    <Stack gap="md" aria-hidden data-testid="funnel-report-loading">
      <Skeleton height={320} radius="md" />
      <Skeleton height={260} radius="md" />
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <Skeleton height={200} radius="md" />
        <Skeleton height={200} radius="md" />
      </SimpleGrid>
    </Stack>
  );
}

/** Phones and narrow windows get charts with smaller labels. */
const useCompactCharts = () => useMediaQuery('(max-width: 48em)') ?? false;

function StageChart({ stages }: { stages: FunnelReport['stages'] }) {
  const { t, i18n } = useTranslation();
  const theme = useMantineTheme();
  const compact = useCompactCharts();
  const option = useMemo(
    () =>
      stageChartOption(
        stages,
        { reached: t('funnels.report.reachedSeries'), conversion: t('funnels.report.conversionSeries') },
        i18n.language,
        { bar: theme.colors.blue[6] ?? '#228be6', line: theme.colors.orange[7] ?? '#f76707' },
        compact,
      ),
    [stages, t, i18n.language, theme, compact],
  );
  return (
    <Chart
      option={option}
      height={340}
      label={t('funnels.report.funnelChart')}
      testId="funnel-report-chart"
    />
  );
}

function OutcomesChart({ outcomes }: { outcomes: FunnelReport['outcomes'] }) {
  const { t } = useTranslation();
  const theme = useMantineTheme();
  const compact = useCompactCharts();
  const option = useMemo(
    () =>
      outcomesChartOption(
        outcomes,
        (o) => `${t(`funnels.report.statuses.${o.status}`)} — ${o.reason ?? t('funnels.report.noReason')}`,
        {
          won: theme.colors.green[6] ?? '#40c057',
          lost: theme.colors.red[6] ?? '#fa5252',
          discarded: theme.colors.gray[6] ?? '#868e96',
        },
        compact,
      ),
    [outcomes, t, theme, compact],
  );
  return (
    <Chart
      option={option}
      height={outcomesChartHeight(outcomes.length)}
      label={t('funnels.report.outcomesChart')}
      testId="funnel-report-outcomes-chart"
    />
  );
}

function ReportBody({ report }: { report: FunnelReport }) {
  const { t } = useTranslation();
  const closed = closedOutcomes(report.outcomes);
  return (
    <Stack gap="md" data-testid="funnel-report">
      <OutcomeTotals totals={outcomeTotals(report.outcomes)} />
      <ReportSection title={t('funnels.report.funnelTitle')}>
        <StageChart stages={report.stages} />
      </ReportSection>
      <ReportSection title={t('funnels.report.stagesTitle')}>
        <StagesTable stages={report.stages} />
      </ReportSection>
      <ReportSection title={t('funnels.report.outcomesTitle')} testId="funnel-report-outcomes">
        {closed.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('funnels.report.noOutcomes')}
          </Text>
        ) : (
          <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
            <OutcomesChart outcomes={closed} />
            <OutcomesTable outcomes={closed} />
          </SimpleGrid>
        )}
      </ReportSection>
      <Breakdowns report={report} />
    </Stack>
  );
}

/**
 * The funnel report (`/reports/funnel?pipelineId&from&to`): how the opportunities created in the range
 * moved through the funnel's stages and how they ended. The server counts only what the user may see.
 */
export function FunnelReportPage({ search, onSearchChange }: Props) {
  const { t } = useTranslation();
  const pipelines = usePipelines();
  // The range of a page opened without one is fixed when it opens, not on every render.
  const today = useMemo(() => new Date(), []);
  const { from, to } = reportRange(search, today);
  const rangeInvalid = from > to;
  const pipelineId =
    pipelines.data?.find((p) => p.id === search.pipelineId)?.id ?? pipelines.data?.[0]?.id ?? null;
  const report = useFunnelReport(rangeInvalid ? null : pipelineId, from, to);

  const setDay = (key: 'from' | 'to', value: string) =>
    onSearchChange({ ...search, from, to, [key]: value || undefined });

  const body = () => {
    if (pipelines.isError) {
      return (
        <ErrorState message={problemMessage(pipelines.error, t)} onRetry={() => void pipelines.refetch()} />
      );
    }
    if (pipelines.isPending) return <ReportSkeleton />;
    if (pipelineId === null) return <EmptyMessage title={t('funnels.report.noPipelines')} />;
    if (rangeInvalid) return null;
    if (report.isError) {
      return <ErrorState message={problemMessage(report.error, t)} onRetry={() => void report.refetch()} />;
    }
    if (!report.data) return <ReportSkeleton />;
    if (isEmptyReport(report.data)) {
      return (
        <Box data-testid="funnel-report-empty">
          <EmptyMessage title={t('funnels.report.empty')} hint={t('funnels.report.emptyHint')} />
        </Box>
      );
    }
    return <ReportBody report={report.data} />;
  };

  return (
    <Box maw={1280} mx="auto">
      <PageHeader title={t('funnels.report.title')} />
      <Paper withBorder p="md" mb="md">
        <Group align="flex-start" gap="md" wrap="wrap">
          <Select
            label={t('funnels.report.pipeline')}
            data={(pipelines.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
            value={pipelineId}
            onChange={(value) => value && onSearchChange({ ...search, pipelineId: value })}
            allowDeselect={false}
            disabled={!pipelines.data?.length}
            w={300}
            data-testid="funnel-report-pipeline"
          />
          <DayInput
            label={t('funnels.report.from')}
            value={from}
            max={to}
            onChange={(day) => setDay('from', day)}
            error={rangeInvalid ? t('funnels.report.rangeInvalid') : undefined}
            testId="funnel-report-from"
          />
          <DayInput
            label={t('funnels.report.to')}
            value={to}
            min={from}
            onChange={(day) => setDay('to', day)}
            testId="funnel-report-to"
          />
          <Stack gap={4} pt={{ base: 0, sm: 30 }}>
            <Group gap="xs">
              <Text size="sm" c="dimmed">
                {t('funnels.report.rangeHint')}
              </Text>
              {report.isFetching && report.data && (
                <Group gap={6} role="status">
                  <Loader size="xs" />
                  <Text size="sm" c="dimmed">
                    {t('funnels.report.updating')}
                  </Text>
                </Group>
              )}
            </Group>
          </Stack>
        </Group>
      </Paper>
      {body()}
    </Box>
  );
}
