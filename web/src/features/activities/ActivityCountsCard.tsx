import { Group, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useActivityCounts } from './queries.ts';

/** Card de Atividades (Resumo 360°): open / done / cancelled activities of a person. */
export function ActivityCountsCard({ personId }: { personId: string }) {
  return <CountsCard link={{ personId }} />;
}

export function CountsCard({ link }: { link: { personId: string } | { opportunityId: string } }) {
  const { t } = useTranslation();
  const counts = useActivityCounts(link);
  return (
    <Paper withBorder p="md" data-testid="activity-counts">
      <Stack gap="xs">
        <Title order={3} size="h5">
          {t('activities.counts.title')}
        </Title>
        {counts.isPending ? (
          <Skeleton height={40} />
        ) : counts.isError ? (
          <Text size="sm" c="red">
            {t('activities.error')}
          </Text>
        ) : (
          <Group gap="lg">
            {(['open', 'done', 'cancelled'] as const).map((key) => (
              <Stack key={key} gap={0} align="center">
                <Text fw={700} size="lg" data-testid={`activity-count-${key}`}>
                  {counts.data[key]}
                </Text>
                <Text size="xs" c="dimmed">
                  {t(`activities.counts.${key}`)}
                </Text>
              </Stack>
            ))}
            {counts.data.overdue > 0 && (
              <Text size="xs" c="red">
                {t('activities.counts.overdue', { count: counts.data.overdue })}
              </Text>
            )}
          </Group>
        )}
      </Stack>
    </Paper>
  );
}
