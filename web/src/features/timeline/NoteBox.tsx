import { Button, Group, Stack, Text, Textarea } from '@mantine/core';
import { getHotkeyHandler } from '@mantine/hooks';
import { type Ref, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { problemMessage } from '../../lib/problems.ts';
import { useSession } from '../auth/queries.ts';
import { useAddNote } from './queries.ts';
import type { TimelineSubject } from './types.ts';

const MAX_NOTE = 5000;

/** Writes an immutable note on a person's or an opportunity's timeline; Ctrl+Enter sends it. */
export function NoteBox({
  subject,
  inputRef,
}: {
  subject: TimelineSubject;
  inputRef?: Ref<HTMLTextAreaElement> | undefined;
}) {
  const { t } = useTranslation();
  const { user } = useSession();
  const addNote = useAddNote(subject, { id: user.id, name: user.name });
  const [body, setBody] = useState('');
  const tooLong = body.length > MAX_NOTE;

  const submit = () => {
    const text = body.trim();
    if (!text || tooLong || addNote.isPending) return;
    addNote.mutate(text, { onSuccess: () => setBody('') });
  };

  return (
    <Stack gap={6}>
      <Textarea
        label={t('timeline.noteLabel')}
        placeholder={t('timeline.notePlaceholder')}
        value={body}
        onChange={(e) => setBody(e.currentTarget.value)}
        onKeyDown={getHotkeyHandler([
          ['mod+Enter', submit],
          ['ctrl+Enter', submit],
        ])}
        autosize
        minRows={2}
        maxRows={10}
        error={
          tooLong ? t('timeline.noteTooLong') : addNote.isError ? problemMessage(addNote.error, t) : undefined
        }
        data-testid="note-input"
        ref={inputRef}
      />
      <Group justify="space-between" gap="xs" wrap="wrap">
        <Text size="xs" c="dimmed">
          {t('timeline.notesImmutable')}
        </Text>
        <Button onClick={submit} loading={addNote.isPending} disabled={!body.trim() || tooLong} size="sm">
          {t('timeline.addNote')}
        </Button>
      </Group>
    </Stack>
  );
}
