import { Anchor, Button, Center, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { problemMessage } from '../../lib/problems.ts';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { can } from '../auth/can.ts';
import { useSession } from '../auth/queries.ts';
import { AccessLogTable } from './AccessLogTable.tsx';
import { usePersonAccessLog } from './queries.ts';

function Section({ personId }: { personId: string }) {
  const { t } = useTranslation();
  const query = usePersonAccessLog(personId);
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Paper withBorder p="md" data-testid="person-access-log">
      <Stack gap="xs">
        <Title order={4}>{t('accessLog.section.title')}</Title>
        <Text size="sm" c="dimmed">
          {t('accessLog.section.intro')}
        </Text>
        {query.isPending ? (
          <Skeleton height={80} />
        ) : query.isError && items.length === 0 ? (
          <ErrorState message={problemMessage(query.error, t)} onRetry={() => void query.refetch()} />
        ) : items.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('accessLog.section.empty')}
          </Text>
        ) : (
          <>
            <AccessLogTable items={items} showPerson={false} />
            {query.hasNextPage && (
              <Center>
                <Button
                  variant="default"
                  size="xs"
                  onClick={() => void query.fetchNextPage()}
                  loading={query.isFetchingNextPage}
                >
                  {t('accessLog.loadMore')}
                </Button>
              </Center>
            )}
          </>
        )}
        <Anchor
          size="sm"
          renderRoot={(p) => <Link to="/admin/privacy/access-log" search={{ personId }} {...p} />}
        >
          {t('accessLog.section.all')}
        </Anchor>
      </Stack>
    </Paper>
  );
}

/** The LGPD tab's "Registro de acessos": who accessed this person's data; only for `managePrivacy`. */
export function PersonAccessLogSection({ personId }: { personId: string }) {
  const { user } = useSession();
  if (!can(user, 'managePrivacy')) return null;
  return <Section personId={personId} />;
}
