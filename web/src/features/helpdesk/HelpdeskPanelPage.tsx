import type { PanelSession } from '@funil/domain';
import { Alert, Box, Button, Divider, Group, Loader, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { AddContact, HiddenContact } from './ContactSection.tsx';
import { EventsSection, NoteSection } from './NoteAndEvents.tsx';
import { OpportunitiesSection } from './OpportunitiesSection.tsx';
import { PanelError } from './PanelError.tsx';
import { PersonSection } from './PersonSection.tsx';
import { type ConversationRef, useConversation } from './queries.ts';
import { usePanelSession } from './use-panel-session.ts';

/**
 * The helpdesk side panel (`/embed/helpdesk`), shown in a 360–400 px iframe beside a conversation: the agent acts
 * as their mapped Funil user, with no login of its own.
 */
export function HelpdeskPanelPage({ search }: { search: string }) {
  const { t } = useTranslation();
  const { state, retry } = usePanelSession(search);
  let body: ReactNode;
  if (state.status === 'invalid') {
    body = <Alert color="red">{t('helpdesk.invalidLink')}</Alert>;
  } else if (state.status === 'waiting' || state.status === 'connecting') {
    body = (
      <Group gap="xs" role="status" data-testid="panel-loading">
        <Loader size="xs" />
        <Text size="sm">{t(state.status === 'waiting' ? 'helpdesk.waiting' : 'helpdesk.connecting')}</Text>
      </Group>
    );
  } else if (state.status === 'error') {
    body = (
      <Stack gap="xs">
        <PanelError error={state.error} />
        <Group>
          <Button size="xs" variant="default" onClick={retry}>
            {t('helpdesk.retry')}
          </Button>
        </Group>
      </Stack>
    );
  } else {
    body = <SessionPanel session={state.session} />;
  }
  return (
    <Box p="xs" maw={440} component="main" data-testid="helpdesk-panel">
      <Stack gap="xs">
        <Stack gap={0}>
          <Title order={1} size="h5">
            {t('helpdesk.title')}
          </Title>
          {state.status === 'ready' && (
            <Text size="xs" c="dimmed" data-testid="panel-acting-as">
              {t('helpdesk.actingAs', {
                name: state.session.user.name,
                integration: state.session.integration.name,
              })}
            </Text>
          )}
        </Stack>
        {body}
      </Stack>
    </Box>
  );
}

function SessionPanel({ session }: { session: PanelSession }) {
  const { t } = useTranslation();
  const conversationId = session.context.conversation?.id;
  if (!conversationId) return <Text size="sm">{t('helpdesk.noConversation')}</Text>;
  return (
    <ConversationPanel
      key={conversationId}
      session={session}
      conversation={{
        integrationId: session.integration.id,
        conversationId,
        contactId: session.context.contact?.id ?? null,
      }}
    />
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Stack gap={6} component="section" aria-label={title}>
      <Divider label={title} labelPosition="left" />
      {children}
    </Stack>
  );
}

function ConversationPanel({
  session,
  conversation,
}: {
  session: PanelSession;
  conversation: ConversationRef;
}) {
  const { t } = useTranslation();
  const state = useConversation(conversation);
  if (state.isPending) return <Loader size="sm" aria-label={t('helpdesk.connecting')} />;
  if (state.error) {
    return (
      <Stack gap="xs">
        <PanelError error={state.error} />
        <Group>
          <Button size="xs" variant="default" onClick={() => state.refetch()}>
            {t('helpdesk.retry')}
          </Button>
        </Group>
      </Stack>
    );
  }
  const data = state.data;
  return (
    <Stack gap="sm" data-testid="panel-conversation" data-linked={data.linked}>
      <Section title={t('helpdesk.contact.title')}>
        {data.linked === 'hidden' && <HiddenContact />}
        {data.linked === 'none' && (
          <>
            <Text size="sm" c="dimmed">
              {t('helpdesk.contact.none')}
            </Text>
            <AddContact
              conversation={conversation}
              context={session.context}
              userId={session.user.id}
              mayLink={data.mayLink}
            />
          </>
        )}
        {data.person && <PersonSection conversation={conversation} person={data.person} />}
      </Section>
      {data.person && (
        <>
          <Section title={t('helpdesk.opportunities.title')}>
            <OpportunitiesSection
              conversation={conversation}
              cards={data.opportunities}
              linkedId={data.opportunityId}
              userId={session.user.id}
            />
          </Section>
          <Section title={t('helpdesk.note.title')}>
            <NoteSection conversation={conversation} personId={data.person.id} />
          </Section>
          <Section title={t('helpdesk.events.title')}>
            <EventsSection events={data.events} />
          </Section>
        </>
      )}
    </Stack>
  );
}
