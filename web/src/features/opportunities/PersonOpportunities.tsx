import { Anchor, Button, Group, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { problemMessage } from '../../lib/problems.ts';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { formatBRL } from './money.ts';
import { usePersonOpportunities, usePipelines } from './queries.ts';
import { StatusBadge } from './StatusBadge.tsx';

/** The person page's "Oportunidades": every opportunity they are involved in, and a way to start one. */
export function PersonOpportunities({ personId }: { personId: string }) {
  const { t, i18n } = useTranslation();
  const query = usePersonOpportunities(personId);
  const pipelines = usePipelines().data;
  const stageName = (pipelineId: string, stageId: string) =>
    pipelines?.find((p) => p.id === pipelineId)?.stages.find((s) => s.id === stageId)?.name;

  return (
    <Paper
      withBorder
      p={{ base: 'sm', sm: 'md' }}
      component="section"
      aria-labelledby="person-opportunities-title"
      data-testid="person-opportunities"
    >
      <Group justify="space-between" gap="xs" mb="sm" wrap="wrap">
        <Title order={2} size="h4" id="person-opportunities-title">
          {t('opportunity.personSection.title')}
        </Title>
        <Button
          size="compact-sm"
          variant="light"
          data-testid="person-new-opportunity"
          renderRoot={(props) => <Link to="/opportunities/new" search={{ holderId: personId }} {...props} />}
        >
          {t('opportunity.personSection.new')}
        </Button>
      </Group>
      {query.isPending ? (
        <Stack gap="xs">
          <Skeleton height={40} />
          <Skeleton height={40} />
        </Stack>
      ) : query.isError ? (
        <ErrorState message={problemMessage(query.error, t)} onRetry={() => void query.refetch()} />
      ) : query.data.items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('opportunity.personSection.empty')}
        </Text>
      ) : (
        <Stack gap="sm" component="ul" p={0} m={0}>
          {query.data.items.map((o) => {
            const stage = stageName(o.pipelineId, o.stageId);
            const holder = o.holder?.id === personId;
            return (
              <Stack
                key={o.id}
                gap={2}
                component="li"
                style={{ listStyle: 'none' }}
                data-testid="person-opportunity"
                data-status={o.status}
              >
                <Group gap="xs" justify="space-between" wrap="nowrap" align="flex-start">
                  <Anchor
                    fw={600}
                    size="sm"
                    style={{ overflowWrap: 'anywhere' }}
                    renderRoot={(props) => <Link to="/opportunities/$id" params={{ id: o.id }} {...props} />}
                  >
                    {o.title}
                  </Anchor>
                  <StatusBadge status={o.status} size="sm" />
                </Group>
                <Text size="xs" c="dimmed">
                  {[
                    o.valueCents !== null ? formatBRL(o.valueCents, i18n.language) : null,
                    stage,
                    holder ? t('opportunity.roles.holder') : null,
                    o.owner?.name,
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </Text>
              </Stack>
            );
          })}
        </Stack>
      )}
      {query.data && query.data.total > query.data.items.length && (
        <Text size="xs" c="dimmed" mt="sm">
          {t('opportunity.personSection.more', {
            shown: query.data.items.length,
            total: query.data.total,
          })}
        </Text>
      )}
    </Paper>
  );
}
