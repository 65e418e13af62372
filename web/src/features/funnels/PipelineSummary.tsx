import type { Pipeline } from '@funil/domain';
import { Badge, Button, Group, Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

type Props = { pipeline: Pipeline; onEdit: () => void; editDisabled: boolean };

/** Title row of a funnel on the admin page: its saved name, card total and the action on the right. */
export function PipelineHeading({
  name,
  total,
  children,
}: {
  name: string;
  total: number | null;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Group justify="space-between" wrap="wrap" gap="xs" mb="sm">
      <Group gap="sm" wrap="wrap">
        <Text component="h2" fw={700} size="lg" m={0}>
          {name}
        </Text>
        {total !== null && (
          <Badge variant="light" color="gray" tt="none">
            {t('funnels.pipelines.totalCards', { count: total })}
          </Badge>
        )}
      </Group>
      {children}
    </Group>
  );
}

/** A saved funnel, read-only: its stages in order with their rules and card counts. */
export function PipelineSummary({ pipeline, onEdit, editDisabled }: Props) {
  const { t } = useTranslation();
  const stages = [...pipeline.stages].sort((a, b) => a.position - b.position);
  const total = stages.reduce((sum, s) => sum + (pipeline.cardCounts[s.id] ?? 0), 0);
  return (
    <>
      <PipelineHeading name={pipeline.name} total={total}>
        <Button variant="light" onClick={onEdit} disabled={editDisabled} data-testid="pipeline-edit">
          {t('funnels.pipelines.edit')}
        </Button>
      </PipelineHeading>
      <Table.ScrollContainer minWidth={640}>
        <Table verticalSpacing="xs" striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={40}>#</Table.Th>
              <Table.Th>{t('funnels.pipelines.stage')}</Table.Th>
              <Table.Th>{t('funnels.pipelines.probability')}</Table.Th>
              <Table.Th>{t('funnels.pipelines.rottingDays')}</Table.Th>
              <Table.Th>{t('funnels.pipelines.requiredFields')}</Table.Th>
              <Table.Th ta="right">{t('funnels.pipelines.cardCount')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {stages.map((stage, index) => (
              <Table.Tr key={stage.id} data-testid="stage-row" data-stage-name={stage.name}>
                <Table.Td c="dimmed">{index + 1}</Table.Td>
                <Table.Td fw={500}>{stage.name}</Table.Td>
                <Table.Td>{stage.probability} %</Table.Td>
                <Table.Td>
                  {stage.rottingDays === null
                    ? t('funnels.pipelines.rottingNever')
                    : t('funnels.pipelines.rottingValue', { count: stage.rottingDays })}
                </Table.Td>
                <Table.Td>
                  {stage.requiredFields.length === 0 ? (
                    <Text size="sm" c="dimmed">
                      {t('funnels.pipelines.requiredNone')}
                    </Text>
                  ) : (
                    <Group gap={4}>
                      {stage.requiredFields.map((field) => (
                        <Badge key={field} variant="outline" size="sm" tt="none">
                          {t(`funnels.requirableFields.${field}`)}
                        </Badge>
                      ))}
                    </Group>
                  )}
                </Table.Td>
                <Table.Td ta="right" data-testid="stage-card-count">
                  {pipeline.cardCounts[stage.id] ?? 0}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </>
  );
}
