import type { MissingSaleData } from '@funil/domain';
import { Box, Grid, Skeleton, Stack } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../lib/api.ts';
import { problemMessage } from '../../lib/problems.ts';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { OpportunityActivities } from '../activities/OpportunityActivities.tsx';
import { CustomFieldsView } from '../custom-fields/CustomFieldsView.tsx';
import { Timeline } from '../timeline/Timeline.tsx';
import { EditOpportunityModal } from './EditOpportunityModal.tsx';
import { ConversionCard, DetailsCard, LeadInfoCard } from './InfoCards.tsx';
import { InvolvedPeople } from './InvolvedPeople.tsx';
import { OpportunityHeader } from './OpportunityHeader.tsx';
import { OpportunityNotFound } from './OpportunityNotFound.tsx';
import type { FormErrors } from './opportunity-form.ts';
import { Proposals } from './Proposals.tsx';
import { useOpportunity, usePipeline } from './queries.ts';
import { SaleGateAlert } from './SaleGateAlert.tsx';

function PageSkeleton() {
  return (
    <Stack maw={1280} mx="auto" data-testid="opportunity-loading">
      <Skeleton height={180} />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack gap="md">
            <Skeleton height={120} />
            <Skeleton height={120} />
            <Skeleton height={200} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack gap="sm">
            <Skeleton height={90} />
            <Skeleton height={64} />
            <Skeleton height={64} />
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

/** `/opportunities/$id`: the OPV — header and actions, cards on the left, the history on the right. */
export function OpportunityPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const query = useOpportunity(id);
  const pipeline = usePipeline(query.data?.pipelineId);
  const [editing, setEditing] = useState<{ errors?: FormErrors } | null>(null);
  const [winGate, setWinGate] = useState<MissingSaleData[] | null>(null);
  useDocumentTitle(`${query.data?.title ?? t('opportunity.title')} · Funil`);

  if (query.isPending) return <PageSkeleton />;
  if (query.isError) {
    if (isApiError(query.error) && query.error.status === 404) return <OpportunityNotFound />;
    return <ErrorState message={problemMessage(query.error, t)} onRetry={() => void query.refetch()} />;
  }
  const o = query.data;
  const stage = pipeline.data?.stages.find((s) => s.id === o.stageId);

  return (
    <Box maw={1280} mx="auto">
      <Stack gap="md">
        <OpportunityHeader
          opportunity={o}
          pipeline={pipeline.data}
          onEdit={(errors) => setEditing({ errors })}
          onSaleGate={setWinGate}
        />
        {pipeline.isError && (
          <ErrorState message={problemMessage(pipeline.error, t)} onRetry={() => void pipeline.refetch()} />
        )}
        {winGate && <SaleGateAlert missing={winGate} people={o.people} onClose={() => setWinGate(null)} />}
        <Grid gap="md">
          <Grid.Col span={{ base: 12, md: 7 }}>
            <Stack gap="md">
              <LeadInfoCard opportunity={o} />
              <ConversionCard opportunity={o} />
              <DetailsCard opportunity={o} onEdit={() => setEditing({})} />
              <CustomFieldsView entity="opportunity" values={o.customFields} />
              <InvolvedPeople opportunity={o} />
              <Proposals opportunity={o} />
              <OpportunityActivities
                opportunityId={o.id}
                holder={
                  o.people
                    .filter((p) => p.role === 'holder' && p.visible)
                    .map((p) => ({ id: p.personId, name: p.name }))[0]
                }
              />
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 5 }}>
            <Timeline subject={{ type: 'opportunity', id: o.id }} />
          </Grid.Col>
        </Grid>
      </Stack>
      {editing && (
        <EditOpportunityModal
          opportunity={o}
          stage={stage}
          initialErrors={editing.errors}
          reload={() => query.refetch().then((r) => r.data)}
          onClose={() => setEditing(null)}
        />
      )}
    </Box>
  );
}
