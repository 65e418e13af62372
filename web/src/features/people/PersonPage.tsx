import type { TimelineFilter } from '@funil/domain';
import { Box, Grid, Skeleton, Stack, Tabs } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../lib/api.ts';
import { problemMessage } from '../../lib/problems.ts';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { PersonActivitiesTab } from '../activities/PersonActivitiesTab.tsx';
import { AnonymizedBanner } from '../anonymization/AnonymizationSection.tsx';
import { AssetsTab } from '../assets/AssetsTab.tsx';
import { AttachmentsTab } from '../attachments/AttachmentsTab.tsx';
import { CustomFieldsView } from '../custom-fields/CustomFieldsView.tsx';
import { DocumentsTab } from '../documents/DocumentsTab.tsx';
import { PersonMerges } from '../merges/PersonMerges.tsx';
import { PersonOpportunities } from '../opportunities/PersonOpportunities.tsx';
import { usePersonStatus } from '../person-status/queries.ts';
import { ArchivedBanner, StatusPanel } from '../person-status/StatusPanel.tsx';
import { PersonPrivacyTab } from '../privacy/PersonPrivacyTab.tsx';
import { SummaryCards } from '../summary360/SummaryCards.tsx';
import { Timeline } from '../timeline/Timeline.tsx';
import { PersonNotFound } from './PersonNotFound.tsx';
import { PersonAddresses, PersonContacts, PersonHeader } from './PersonSummary.tsx';
import { PERSON_TABS, type PersonTab } from './person-tabs.ts';
import { usePerson } from './queries.ts';

export function PersonPage({
  id,
  tab,
  onTabChange,
}: {
  id: string;
  tab: PersonTab;
  onTabChange: (tab: PersonTab) => void;
}) {
  const { t } = useTranslation();
  const query = usePerson(id);
  const status = usePersonStatus(id);
  // The timeline's filter, back to "Tudo" on another person's page.
  const [filterOf, setFilterOf] = useState<{ id: string; filter: TimelineFilter }>({ id, filter: 'all' });
  const timelineFilter = filterOf.id === id ? filterOf.filter : 'all';
  const setTimelineFilter = (filter: TimelineFilter) => setFilterOf({ id, filter });
  const noteInput = useRef<HTMLTextAreaElement>(null);
  const timelineBox = useRef<HTMLDivElement>(null);
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
  // After the menu closes (it gives the focus back to its button first).
  const comment = () =>
    setTimeout(() => {
      noteInput.current?.scrollIntoView({ block: 'center', behavior: 'smooth' });
      noteInput.current?.focus({ preventScroll: true });
    }, 0);
  const viewChanges = () => {
    setTimelineFilter('changes');
    setTimeout(() => timelineBox.current?.scrollIntoView({ block: 'start', behavior: 'smooth' }), 0);
  };
  return (
    <Box maw={1200} mx="auto">
      <Stack gap="md">
        <AnonymizedBanner personId={person.id} />
        {status.data?.archived && <ArchivedBanner personId={person.id} status={status.data} />}
        <PersonHeader person={person} />
        <StatusPanel person={person} query={status} onComment={comment} onViewChanges={viewChanges} />
        <Tabs
          value={tab}
          onChange={(value) => onTabChange(PERSON_TABS.find((key) => key === value) ?? 'summary')}
          keepMounted={false}
        >
          <Tabs.List mb="md">
            {PERSON_TABS.map((key) => (
              <Tabs.Tab key={key} value={key} data-testid={`person-tab-${key}`}>
                {t(`person.tabs.${key}`)}
              </Tabs.Tab>
            ))}
          </Tabs.List>
          <Tabs.Panel value="summary">
            <Stack gap="md">
              <SummaryCards personId={person.id} />
              <Grid gap="md">
                <Grid.Col span={{ base: 12, md: 4 }}>
                  <Stack gap="md">
                    <PersonContacts person={person} doNotContact={status.data?.doNotContact === true} />
                    <PersonAddresses person={person} />
                    <CustomFieldsView entity="person" values={person.customFields} />
                    <PersonOpportunities personId={person.id} />
                    <PersonMerges personId={person.id} />
                  </Stack>
                </Grid.Col>
                <Grid.Col span={{ base: 12, md: 8 }} ref={timelineBox}>
                  <Timeline
                    key={person.id}
                    subject={{ type: 'person', id: person.id }}
                    filter={timelineFilter}
                    onFilterChange={setTimelineFilter}
                    noteInputRef={noteInput}
                    canNote={status.data?.allowedActions.includes('comment') ?? true}
                  />
                </Grid.Col>
              </Grid>
            </Stack>
          </Tabs.Panel>
          <Tabs.Panel value="activities">
            <PersonActivitiesTab personId={person.id} />
          </Tabs.Panel>
          <Tabs.Panel value="attachments">
            <AttachmentsTab personId={person.id} />
          </Tabs.Panel>
          <Tabs.Panel value="assets">
            <AssetsTab personId={person.id} />
          </Tabs.Panel>
          <Tabs.Panel value="documents">
            <DocumentsTab personId={person.id} />
          </Tabs.Panel>
          <Tabs.Panel value="lgpd">
            <PersonPrivacyTab personId={person.id} />
          </Tabs.Panel>
        </Tabs>
      </Stack>
    </Box>
  );
}
