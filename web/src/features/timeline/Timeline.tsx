import { TIMELINE_FILTERS, TIMELINE_KINDS, type TimelineFilter, type TimelineKind } from '@funil/domain';
import {
  Anchor,
  Button,
  Center,
  Group,
  Paper,
  SegmentedControl,
  Skeleton,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { problemMessage } from '../../lib/problems.ts';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { RelativeTime } from '../../ui/RelativeTime.tsx';
import { useDirectory } from '../directory/queries.ts';
import { type ChangeContext, describeChange, expandChange, readChanges } from './field-changes.ts';
import { NoteBox } from './NoteBox.tsx';
import { describeOpportunityEvent, isOpportunityEvent } from './opportunity-events.ts';
import { useTimeline } from './queries.ts';
import type { TimelineEvent, TimelineSubject } from './types.ts';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const refName = (v: unknown): string | null => (isRecord(v) && typeof v.name === 'string' ? v.name : null);

const isKnownKind = (kind: string): kind is TimelineKind =>
  (TIMELINE_KINDS as readonly string[]).includes(kind);

const COLORS: Record<string, string> = {
  created: 'green',
  field_changed: 'blue',
  owner_changed: 'grape',
  note: 'yellow',
  stage_changed: 'cyan',
  status_changed: 'orange',
  person_involved: 'indigo',
  person_removed: 'pink',
  proposal_created: 'teal',
  sale_created: 'lime',
};

/** The lines of an opportunity event (stage, status, people, proposal, sale, creation). */
function OpportunityEventBody({ event, ctx }: { event: TimelineEvent; ctx: ChangeContext }) {
  return (
    <Stack gap={2}>
      {describeOpportunityEvent(event, ctx.t, ctx.locale).map((line) => (
        <Text
          key={line.text}
          size="sm"
          c={line.dimmed ? 'dimmed' : undefined}
          style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}
        >
          {line.text}
        </Text>
      ))}
    </Stack>
  );
}

function EventBody({ event, ctx }: { event: TimelineEvent; ctx: ChangeContext }) {
  const { t } = ctx;
  if (event.erased) {
    return (
      <Text size="sm" fs="italic" c="dimmed">
        {t('timeline.erased')}
      </Text>
    );
  }
  const data = isRecord(event.data) ? event.data : {};
  if (isOpportunityEvent(event)) return <OpportunityEventBody event={event} ctx={ctx} />;
  switch (event.kind) {
    case 'created':
      return (
        <Text size="sm">
          {data.origin === 'integration' ? t('timeline.createdIntegration') : t('timeline.created')}
        </Text>
      );
    case 'owner_changed':
      return (
        <Text size="sm">
          {t('timeline.ownerChange', {
            from: refName(data.from) ?? t('timeline.noOwner'),
            to: refName(data.to) ?? t('timeline.noOwner'),
          })}
        </Text>
      );
    case 'note':
      return (
        <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
          {typeof data.body === 'string' ? data.body : ''}
        </Text>
      );
    case 'field_changed':
      return (
        <Stack gap={4}>
          {readChanges(event.data)
            .flatMap(expandChange)
            .map((change) => {
              const d = describeChange(change, ctx);
              return (
                <Text
                  key={change.field}
                  size="sm"
                  style={{ overflowWrap: 'anywhere' }}
                  data-field={change.field}
                >
                  {d.old === '' && d.new === '' ? (
                    d.text
                  ) : (
                    <>
                      <Text span fw={600} inherit>
                        {d.label}:
                      </Text>{' '}
                      <Text span c="dimmed" inherit>
                        {d.old}
                      </Text>
                      {' → '}
                      {d.new}
                    </>
                  )}
                </Text>
              );
            })}
        </Stack>
      );
    default:
      return <Text size="sm">{event.kind}</Text>;
  }
}

/** On a person's timeline, the opportunity an event belongs to, linked. */
function SubjectLine({
  subject,
  ctx,
}: {
  subject: NonNullable<TimelineEvent['subject']>;
  ctx: ChangeContext;
}) {
  return (
    <Text size="xs" mb={4} data-testid="timeline-subject" style={{ overflowWrap: 'anywhere' }}>
      <Text span c="dimmed" inherit>
        {ctx.t('timeline.opportunityLabel')}:
      </Text>{' '}
      <Anchor
        inherit
        fw={600}
        renderRoot={(props) => <Link to="/opportunities/$id" params={{ id: subject.id }} {...props} />}
      >
        {subject.title ?? ctx.t('timeline.untitled')}
      </Anchor>
    </Text>
  );
}

function EventItem({
  event,
  ctx,
  viewer,
}: {
  event: TimelineEvent;
  ctx: ChangeContext;
  viewer: TimelineSubject;
}) {
  const { t } = ctx;
  const foreign =
    event.subject && event.subject.type === 'opportunity' && viewer.type !== 'opportunity'
      ? event.subject
      : null;
  const kindLabel = isKnownKind(event.kind) ? t(`timeline.kinds.${event.kind}`) : event.kind;
  return (
    <Paper
      withBorder
      p="sm"
      component="li"
      data-testid="timeline-event"
      data-kind={event.kind}
      data-subject={event.subject?.type}
      style={{
        borderLeft: `4px solid var(--mantine-color-${COLORS[event.kind] ?? 'gray'}-5)`,
        listStyle: 'none',
      }}
    >
      <Group justify="space-between" gap="xs" mb={4} wrap="wrap">
        <Text size="xs" fw={600} c="dimmed" tt="uppercase">
          {kindLabel}
        </Text>
        <Text size="xs" c="dimmed">
          {event.actor?.name ?? t('timeline.system')} · <RelativeTime iso={event.occurredAt} />
        </Text>
      </Group>
      {foreign && <SubjectLine subject={foreign} ctx={ctx} />}
      <EventBody event={event} ctx={ctx} />
    </Paper>
  );
}

/**
 * The history of a person or an opportunity, newest first, with the note box on top. A person's history
 * also lists the events of the opportunities they are involved in, each naming its opportunity.
 */
export function Timeline({ subject }: { subject: TimelineSubject }) {
  const { t, i18n } = useTranslation();
  const [filter, setFilter] = useState<TimelineFilter>('all');
  const query = useTimeline(subject, filter);
  const names = useDirectory();
  const ctx: ChangeContext = { t, locale: i18n.language, names };
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Stack gap="md" component="section" aria-labelledby="timeline-title">
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Title order={2} size="h4" id="timeline-title">
          {t('timeline.title')}
        </Title>
        <SegmentedControl
          aria-label={t('timeline.filterLabel')}
          value={filter}
          onChange={(v) => setFilter(v as TimelineFilter)}
          data={TIMELINE_FILTERS.map((f) => ({ value: f, label: t(`timeline.filters.${f}`) }))}
          size="xs"
        />
      </Group>
      <NoteBox subject={subject} />
      {query.isPending ? (
        <Stack gap="sm">
          <Skeleton height={64} />
          <Skeleton height={64} />
          <Skeleton height={64} />
        </Stack>
      ) : query.isError && items.length === 0 ? (
        <ErrorState message={problemMessage(query.error, t)} onRetry={() => void query.refetch()} />
      ) : items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('timeline.empty')}
        </Text>
      ) : (
        <Stack gap="sm" component="ol" p={0} m={0}>
          {items.map((event) => (
            <EventItem key={event.id} event={event} ctx={ctx} viewer={subject} />
          ))}
        </Stack>
      )}
      {query.hasNextPage && (
        <Center>
          <Button
            variant="default"
            onClick={() => void query.fetchNextPage()}
            loading={query.isFetchingNextPage}
          >
            {t('common.loadMore')}
          </Button>
        </Center>
      )}
    </Stack>
  );
}
