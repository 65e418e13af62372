import { Button, Group, Stack, Text, Textarea } from '@mantine/core';
import { getHotkeyHandler } from '@mantine/hooks';
import { type Ref, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { problemMessage } from '../../lib/problems.ts';
import { FilePickerButton } from '../attachments/FilePickerButton.tsx';
import { PendingFileList, usePendingFiles } from '../attachments/PendingFiles.tsx';
import { useAddComment } from '../attachments/queries.ts';
import { useSession } from '../auth/queries.ts';
import { useAddNote } from './queries.ts';
import type { TimelineSubject } from './types.ts';

const MAX_NOTE = 5000;

/**
 * Writes an immutable note on a person's or an opportunity's timeline; Ctrl+Enter sends it. On a person, the
 * note is a comment that may carry files ("Anexar"): each is uploaded when chosen and goes with the note.
 */
export function NoteBox({
  subject,
  inputRef,
}: {
  subject: TimelineSubject;
  inputRef?: Ref<HTMLTextAreaElement> | undefined;
}) {
  const { t } = useTranslation();
  const { user } = useSession();
  const author = { id: user.id, name: user.name };
  const addNote = useAddNote(subject, author);
  const addComment = useAddComment(subject.id, author);
  const withFiles = subject.type === 'person';
  const pending = usePendingFiles(subject.id, 'comment');
  const [body, setBody] = useState('');
  const tooLong = body.length > MAX_NOTE;
  const sending = addNote.isPending || addComment.isPending;
  const failed = addComment.isError ? addComment.error : addNote.isError ? addNote.error : null;

  const submit = () => {
    const text = body.trim();
    if (!text || tooLong || sending || pending.uploading) return;
    const done = () => {
      setBody('');
      pending.clear();
    };
    if (withFiles && pending.attachmentIds.length) {
      addComment.mutate({ body: text, attachmentIds: pending.attachmentIds }, { onSuccess: done });
    } else {
      addNote.mutate(text, { onSuccess: done });
    }
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
        error={tooLong ? t('timeline.noteTooLong') : failed ? problemMessage(failed, t) : undefined}
        data-testid="note-input"
        ref={inputRef}
      />
      {withFiles && <PendingFileList files={pending.files} onRemove={pending.remove} />}
      <Group justify="space-between" gap="xs" wrap="wrap">
        <Text size="xs" c="dimmed">
          {pending.uploading ? t('attachments.pendingUploads') : t('timeline.notesImmutable')}
        </Text>
        <Group gap="xs">
          {withFiles && (
            <FilePickerButton
              label={t('attachments.attach')}
              title={t('attachments.attachHint')}
              onFiles={pending.add}
              testId="note-attach"
            />
          )}
          <Button
            onClick={submit}
            loading={sending}
            disabled={!body.trim() || tooLong || pending.uploading}
            size="sm"
            data-testid="note-submit"
          >
            {t('timeline.addNote')}
          </Button>
        </Group>
      </Group>
    </Stack>
  );
}
