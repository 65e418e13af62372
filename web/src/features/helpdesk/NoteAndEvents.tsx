import { Button, Group, Stack, Text, Textarea } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TimelineEvent } from '../timeline/types.ts';
import { PanelError } from './PanelError.tsx';
import { type ConversationRef, useAddNote } from './queries.ts';

/** Adicionar anotação: an immutable note on the person's timeline. */
export function NoteSection({ conversation, personId }: { conversation: ConversationRef; personId: string }) {
  const { t } = useTranslation();
  const [body, setBody] = useState('');
  const add = useAddNote(conversation);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!body.trim()) return;
    add.mutate({ personId, body }, { onSuccess: () => setBody('') });
  };
  return (
    <form onSubmit={submit} data-testid="panel-note-form">
      <Stack gap={6}>
        <Textarea
          size="xs"
          autosize
          minRows={2}
          maxLength={5000}
          label={t('helpdesk.note.label')}
          description={t('helpdesk.note.hint')}
          value={body}
          onChange={(e) => setBody(e.currentTarget.value)}
          data-testid="panel-note-body"
        />
        {add.error && <PanelError error={add.error} />}
        {add.isSuccess && !body && (
          <Text size="xs" c="green" role="status">
            {t('helpdesk.note.saved')}
          </Text>
        )}
        <Group justify="flex-end">
          <Button
            size="xs"
            type="submit"
            loading={add.isPending}
            disabled={!body.trim()}
            data-testid="panel-note-save"
          >
            {t('helpdesk.note.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The person's last events: kind, who and when (the full history is on the person's page). */
export function EventsSection({ events }: { events: TimelineEvent[] }) {
  const { t, i18n } = useTranslation();
  if (events.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t('helpdesk.events.none')}
      </Text>
    );
  }
  const format = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'short', timeStyle: 'short' });
  return (
    <Stack gap={2} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
      {events.map((e) => (
        <Text key={e.id} size="xs" component="li" data-testid="panel-event" data-kind={e.kind}>
          <b>{t(`timeline.kinds.${e.kind}`, { defaultValue: e.kind })}</b> ·{' '}
          {format.format(new Date(e.occurredAt))}
          {e.actor ? ` · ${e.actor.name}` : ''}
          {e.kind === 'note' && typeof (e.data as { body?: unknown })?.body === 'string'
            ? `: ${(e.data as { body: string }).body}`
            : ''}
        </Text>
      ))}
    </Stack>
  );
}
