import { TIMELINE_FILTERS, type TimelineFilter } from '@funil/domain';
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
import type { TFunction } from 'i18next';
import { type Ref, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ptBR } from '../../i18n/pt-BR.ts';
import { problemMessage } from '../../lib/problems.ts';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { announce } from '../../ui/LiveRegion.tsx';
import { RelativeTime } from '../../ui/RelativeTime.tsx';
import { AssetChangedEvent } from '../assets/AssetChangedEvent.tsx';
import { AttachmentAddedEvent, NoteAttachments } from '../attachments/AttachmentLink.tsx';
import { useSession } from '../auth/queries.ts';
import { describeContactAttempt, describePreRegistered } from '../callcenter/contact-event.ts';
import { ConsentEvent } from '../consents/ConsentEvent.tsx';
import { useDirectory } from '../directory/queries.ts';
import { describeLeadEvent } from '../distribution/lead-events.ts';
import { DocumentEvent } from '../documents/DocumentEvent.tsx';
import { PhonesRevealedEvent } from '../people/PhonesRevealedEvent.tsx';
import { describeErpSync } from '../summary360/erp-event.ts';
import { describeActivityEvent, isActivityEvent } from './activity-events.ts';
import { describeCampaignMessage } from './campaign-event.ts';
import { type ChangeContext, describeChange, expandChange, readChanges } from './field-changes.ts';
import { describeHelpdeskActivity } from './helpdesk-event.ts';
import { describeLeadReceived } from './lead-event.ts';
import { NoteBox } from './NoteBox.tsx';
import { eventsAbove, newEventsSentence } from './new-events.ts';
import { describeOpportunityEvent, type EventLine, isOpportunityEvent } from './opportunity-events.ts';
import { describePersonFlag, readReceivedEmail, readSentEmail } from './person-flags.ts';
import { useTimeline } from './queries.ts';
import type { TimelineEvent, TimelineSubject } from './types.ts';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const refName = (v: unknown): string | null => (isRecord(v) && typeof v.name === 'string' ? v.name : null);

/**
 * Kinds with a label under `timeline.kinds`; a person's flags are labelled by the person-status messages,
 * and a kind added to the domain before its label shows its raw name.
 */
type LabelledKind = keyof typeof ptBR.timeline.kinds;
const isLabelledKind = (kind: string): kind is LabelledKind => Object.hasOwn(ptBR.timeline.kinds, kind);

/** The event's kind as the timeline labels it ("Etapa", "Atividade"). */
function eventKindLabel(event: TimelineEvent, t: TFunction): string {
  if (isLabelledKind(event.kind)) return t(`timeline.kinds.${event.kind}`);
  if (event.kind === 'person_flagged') return t('personStatus.timeline.kind');
  return isActivityEvent(event) ? t('activities.timeline.kind') : event.kind;
}

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
  person_flagged: 'red',
  email_sent: 'violet',
  email_received: 'violet',
  asset_changed: 'teal',
  phones_revealed: 'gray',
  erp_synced: 'teal',
  helpdesk_activity: 'grape',
  lead_assigned: 'teal',
  lead_reassigned: 'orange',
  lead_received: 'green',
  contact_attempt: 'blue',
  pre_registered: 'lime',
  campaign_message: 'violet',
  merged: 'orange',
  merge_undone: 'gray',
  consent_granted: 'green',
  consent_revoked: 'red',
  person_anonymized: 'dark',
};

/** Lines of text, secondary ones dimmed. */
function EventLines({ lines }: { lines: EventLine[] }) {
  return (
    <Stack gap={2}>
      {lines.map((line) => (
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
  if (isOpportunityEvent(event)) return <EventLines lines={describeOpportunityEvent(event, t, ctx.locale)} />;
  if (isActivityEvent(event)) return <EventLines lines={describeActivityEvent(event, t, ctx.locale)} />;
  switch (event.kind) {
    case 'person_flagged':
      return <EventLines lines={describePersonFlag(event, t)} />;
    case 'erp_synced':
      return <EventLines lines={describeErpSync(event, t)} />;
    case 'helpdesk_activity':
      return <EventLines lines={describeHelpdeskActivity(event, t)} />;
    case 'lead_assigned':
    case 'lead_reassigned':
      return (
        <Text size="sm" data-testid="lead-event" data-kind={event.kind}>
          {describeLeadEvent(event, t)}
        </Text>
      );
    case 'lead_received':
      return <EventLines lines={describeLeadReceived(event, t)} />;
    case 'contact_attempt':
      return <EventLines lines={describeContactAttempt(event, t, ctx.locale)} />;
    case 'pre_registered':
      return <EventLines lines={describePreRegistered(event, t)} />;
    case 'campaign_message':
      return <EventLines lines={describeCampaignMessage(event, t)} />;
    case 'merged':
    case 'merge_undone': {
      const name = typeof data.otherName === 'string' ? data.otherName : t('timeline.unknownRef');
      const key =
        event.kind === 'merge_undone'
          ? 'merges.timeline.undone'
          : data.role === 'merged'
            ? 'merges.timeline.merged'
            : 'merges.timeline.survivor';
      return (
        <Text size="sm" data-testid="merge-event">
          {t(key, { name })}
        </Text>
      );
    }
    case 'email_sent': {
      const mail = readSentEmail(event);
      return (
        <Stack gap={2} data-testid="email-sent">
          <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
            {t('personStatus.timeline.emailTo', { to: mail.to })}
          </Text>
          {mail.subject && (
            <Text size="sm" fw={700} style={{ overflowWrap: 'anywhere' }}>
              {mail.subject}
            </Text>
          )}
          <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
            {mail.body}
          </Text>
        </Stack>
      );
    }
    case 'email_received': {
      const mail = readReceivedEmail(event);
      return (
        <Stack gap={2} data-testid="email-received">
          <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
            {t('personStatus.timeline.emailFrom', { from: mail.from })}
            {mail.isReply && ` · ${t('personStatus.timeline.emailReply')}`}
          </Text>
          {mail.subject && (
            <Text size="sm" fw={700} style={{ overflowWrap: 'anywhere' }}>
              {mail.subject}
            </Text>
          )}
          <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
            {mail.excerpt}
          </Text>
        </Stack>
      );
    }
    case 'asset_changed':
      return <AssetChangedEvent event={event} />;
    case 'phones_revealed':
      return <PhonesRevealedEvent event={event} />;
    case 'consent_granted':
    case 'consent_revoked':
      return <ConsentEvent kind={event.kind} data={data} />;
    case 'created':
      return (
        <Text size="sm">
          {data.origin === 'integration'
            ? t('timeline.createdIntegration')
            : data.origin === 'import'
              ? t('timeline.createdImport', { fileName: String(data.fileName ?? '') })
              : t('timeline.created')}
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
        <>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
            {typeof data.body === 'string' ? data.body : ''}
          </Text>
          <NoteAttachments data={data} />
        </>
      );
    case 'attachment_added':
      return <AttachmentAddedEvent data={data} />;
    case 'document_generated':
    case 'document_sent':
      return <DocumentEvent event={event} />;
    case 'field_changed':
      return (
        <Stack gap={4}>
          {data.action === 'revertTemperature' && (
            <Text size="sm" fw={600} data-testid="temperature-reverted">
              {t('personStatus.timeline.temperatureReverted')}
            </Text>
          )}
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
  const kindLabel = eventKindLabel(event, t);
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

type TimelineProps = {
  subject: TimelineSubject;
  /** The filter, when the page drives it (the person's "Visualizar alterações"); kept inside otherwise. */
  filter?: TimelineFilter | undefined;
  onFilterChange?: ((filter: TimelineFilter) => void) | undefined;
  /** The note box's text area (the person's "Comentar" focuses it). */
  noteInputRef?: Ref<HTMLTextAreaElement> | undefined;
  /** False hides the note box (a role without the person's "Comentar" action). */
  canNote?: boolean | undefined;
};

/**
 * The history of a person or an opportunity, newest first, with the note box on top. A person's history
 * also lists the events of the opportunities they are involved in, each naming its opportunity.
 */
export function Timeline({
  subject,
  filter: controlled,
  onFilterChange,
  noteInputRef,
  canNote = true,
}: TimelineProps) {
  const { t, i18n } = useTranslation();
  const [own, setOwn] = useState<TimelineFilter>('all');
  const filter = controlled ?? own;
  const setFilter = (next: TimelineFilter) => {
    setOwn(next);
    onFilterChange?.(next);
  };
  const query = useTimeline(subject, filter);
  const names = useDirectory();
  const ctx: ChangeContext = { t, locale: i18n.language, names };
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];
  useAnnounceNewEvents(subject, filter, query.data ? items : null, t);

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
      {canNote && <NoteBox subject={subject} inputRef={noteInputRef} />}
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

/**
 * Says in the shell's live region what a reload added on top of the timeline (someone else's change, heard when
 * the page refetches): a screen reader user does not see the list grow. Starts over when the subject or the filter
 * changes, so switching them says nothing.
 */
function useAnnounceNewEvents(
  subject: TimelineSubject,
  filter: TimelineFilter,
  /** Null while loading. */
  items: TimelineEvent[] | null,
  t: TFunction,
) {
  const viewerId = useSession().user.id;
  const shown = useRef<{ key: string; ids: TimelineEvent['id'][] } | null>(null);
  const key = `${subject.type}:${subject.id}:${filter}`;
  const idsKey = items?.map((e) => e.id).join(',') ?? null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the ids shown change
  useEffect(() => {
    if (!items) return;
    const previous = shown.current?.key === key ? shown.current.ids : null;
    shown.current = { key, ids: items.map((e) => e.id) };
    const sentence = newEventsSentence(
      eventsAbove(previous, items),
      viewerId,
      (e) => eventKindLabel(e, t),
      t,
    );
    if (sentence) announce(sentence);
  }, [key, idsKey]);
}
