import { Box, Grid, Skeleton, Stack } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../lib/api.ts';
import { problemMessage } from '../../lib/problems.ts';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { PersonOpportunities } from '../opportunities/PersonOpportunities.tsx';
import { Timeline } from '../timeline/Timeline.tsx';
import { PersonNotFound } from './PersonNotFound.tsx';
import { PersonAddresses, PersonContacts, PersonHeader } from './PersonSummary.tsx';
import { usePerson } from './queries.ts';

export function PersonPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const query = usePerson(id);
  useDocumentTitle(query.data ? `${query.data.name} · Funil` : 'Funil');

  if (query.isPending) {
    return (
      <Stack maw={1200} mx="auto">
        <Skeleton height={160} />
        <Skeleton height={220} />
      </Stack>
    );
  }
  if (query.isError) {
    if (isApiError(query.error) && query.error.status === 404) return <PersonNotFound />;
    return <ErrorState message={problemMessage(query.error, t)} onRetry={() => void query.refetch()} />;
  }
  const person = query.data;
  return (
    <Box maw={1200} mx="auto">
      <Stack gap="md">
        <PersonHeader person={person} />
        <Grid gap="md">
          <Grid.Col span={{ base: 12, md: 4 }}>
            <Stack gap="md">
              <PersonContacts person={person} />
              <PersonAddresses person={person} />
              <PersonOpportunities personId={person.id} />
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 8 }}>
            <Timeline key={person.id} subject={{ type: 'person', id: person.id }} />
          </Grid.Col>
        </Grid>
      </Stack>
    </Box>
  );
}
