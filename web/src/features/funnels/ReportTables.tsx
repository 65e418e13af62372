import type { FunnelReport, OpportunityStatus } from '@funil/domain';
import { Paper, SimpleGrid, Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../lib/format.ts';
import { formatCents, formatDays, formatPercent, type Outcome } from './report.ts';

/** A titled block of the report. */
export function ReportSection({
  title,
  children,
  testId,
}: {
  title: string;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <Paper withBorder p="md" component="section" aria-label={title} data-testid={testId}>
      <Text component="h2" fw={700} size="lg" m={0} mb="sm">
        {title}
      </Text>
      {children}
    </Paper>
  );
}

const num = (value: number, locale: string) => formatNumber(value, locale);

/** Per stage: open cards and value, how many reached it, conversion to the next and average days in it. */
export function StagesTable({ stages }: { stages: FunnelReport['stages'] }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table verticalSpacing="xs" striped highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('funnels.report.stage')}</Table.Th>
            <Table.Th ta="right">{t('funnels.report.openCards')}</Table.Th>
            <Table.Th ta="right">{t('funnels.report.openValue')}</Table.Th>
            <Table.Th ta="right">{t('funnels.report.reached')}</Table.Th>
            <Table.Th ta="right">{t('funnels.report.conversion')}</Table.Th>
            <Table.Th ta="right">{t('funnels.report.avgDays')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {stages.map((stage) => (
            <Table.Tr key={stage.stageId} data-testid="funnel-report-stage" data-stage-name={stage.name}>
              <Table.Td fw={500}>{stage.name}</Table.Td>
              <Table.Td ta="right" data-testid="stage-open-cards">
                {num(stage.openCards, locale)}
              </Table.Td>
              <Table.Td ta="right" data-testid="stage-open-value">
                {formatCents(stage.openValueCents, locale)}
              </Table.Td>
              <Table.Td ta="right" data-testid="stage-reached">
                {num(stage.reached, locale)}
              </Table.Td>
              <Table.Td ta="right" data-testid="stage-conversion">
                {formatPercent(stage.conversionToNext, locale)}
              </Table.Td>
              <Table.Td ta="right" data-testid="stage-avg-days">
                {formatDays(stage.avgDays, locale)}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** How many opportunities of the range are open, won, lost and discarded. */
export function OutcomeTotals({ totals }: { totals: Record<OpportunityStatus, number> }) {
  const { t, i18n } = useTranslation();
  const statuses: OpportunityStatus[] = ['open', 'won', 'lost', 'discarded'];
  const colors: Record<OpportunityStatus, string> = {
    open: 'blue.7',
    won: 'green.8',
    lost: 'red.7',
    discarded: 'gray.7',
  };
  return (
    <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
      {statuses.map((status) => (
        <Paper key={status} withBorder p="sm" data-testid="funnel-report-total" data-status={status}>
          <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
            {t(`funnels.report.statuses.${status}`)}
          </Text>
          <Text fw={700} fz={28} c={colors[status]} lh={1.2}>
            {formatNumber(totals[status], i18n.language)}
          </Text>
        </Paper>
      ))}
    </SimpleGrid>
  );
}

/** Won / lost / discarded by reason. */
export function OutcomesTable({ outcomes }: { outcomes: Outcome[] }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  return (
    <Table.ScrollContainer minWidth={420}>
      <Table verticalSpacing="xs" striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('funnels.report.status')}</Table.Th>
            <Table.Th>{t('funnels.report.reason')}</Table.Th>
            <Table.Th ta="right">{t('funnels.report.count')}</Table.Th>
            <Table.Th ta="right">{t('funnels.report.value')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {outcomes.map((o) => (
            <Table.Tr
              key={`${o.status}-${o.reason ?? ''}`}
              data-testid="funnel-report-outcome"
              data-status={o.status}
            >
              <Table.Td>{t(`funnels.report.statuses.${o.status}`)}</Table.Td>
              <Table.Td>{o.reason ?? <Text c="dimmed">{t('funnels.report.noReason')}</Text>}</Table.Td>
              <Table.Td ta="right">{num(o.count, locale)}</Table.Td>
              <Table.Td ta="right">{formatCents(o.valueCents, locale)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

type BreakdownRow = {
  key: string;
  name: ReactNode;
  open: number;
  won: number;
  lost: number;
  wonValueCents: number;
};

/** Open, won and lost counts and the value sold, per owner or per source. */
export function BreakdownTable({
  heading,
  rows,
  testId,
}: {
  heading: string;
  rows: BreakdownRow[];
  testId: string;
}) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  return (
    <Table.ScrollContainer minWidth={480}>
      <Table verticalSpacing="xs" striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{heading}</Table.Th>
            <Table.Th ta="right">{t('funnels.report.open')}</Table.Th>
            <Table.Th ta="right">{t('funnels.report.won')}</Table.Th>
            <Table.Th ta="right">{t('funnels.report.lost')}</Table.Th>
            <Table.Th ta="right">{t('funnels.report.wonValue')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={row.key} data-testid={testId}>
              <Table.Td>{row.name}</Table.Td>
              <Table.Td ta="right">{num(row.open, locale)}</Table.Td>
              <Table.Td ta="right">{num(row.won, locale)}</Table.Td>
              <Table.Td ta="right">{num(row.lost, locale)}</Table.Td>
              <Table.Td ta="right">{formatCents(row.wonValueCents, locale)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** The by-owner and by-source tables side by side. */
export function Breakdowns({ report }: { report: FunnelReport }) {
  const { t } = useTranslation();
  const dimmed = (text: string) => <Text c="dimmed">{text}</Text>;
  return (
    <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
      <ReportSection title={t('funnels.report.byOwnerTitle')} testId="funnel-report-by-owner">
        <BreakdownTable
          heading={t('funnels.report.owner')}
          testId="funnel-report-owner"
          rows={report.byOwner.map((r) => ({
            ...r,
            key: r.owner?.id ?? 'none',
            name: r.owner?.name ?? dimmed(t('funnels.report.noOwner')),
          }))}
        />
      </ReportSection>
      <ReportSection title={t('funnels.report.bySourceTitle')} testId="funnel-report-by-source">
        <BreakdownTable
          heading={t('funnels.report.media')}
          testId="funnel-report-source"
          rows={report.bySource.map((r) => ({
            ...r,
            key: r.media ?? 'none',
            name: r.media ?? dimmed(t('funnels.report.noMedia')),
          }))}
        />
      </ReportSection>
    </SimpleGrid>
  );
}
