import { Anchor, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatBytes, readNoteAttachments } from './files.ts';
import { attachmentDownloadUrl } from './queries.ts';

type FileRef = { id: string; name: string; size: number };

/** A file's name as its download link (served as an attachment, never opened as a page), with its size. */
export function AttachmentLink({ file }: { file: FileRef }) {
  const { t, i18n } = useTranslation();
  return (
    <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
      <Anchor
        href={attachmentDownloadUrl(file.id)}
        download={file.name}
        size="sm"
        aria-label={t('attachments.download', { name: file.name })}
        data-testid="attachment-link"
        style={{ overflowWrap: 'anywhere' }}
      >
        {file.name}
      </Anchor>
      <Text span size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
        {formatBytes(file.size, i18n.language)}
      </Text>
    </Group>
  );
}

/** The files a timeline note (comment) carries, from its `data.attachments`. */
export function NoteAttachments({ data }: { data: unknown }) {
  const { t } = useTranslation();
  const files = readNoteAttachments(data);
  if (files.length === 0) return null;
  return (
    <Stack gap={2} mt={6} component="ul" p={0} m={0} aria-label={t('attachments.timeline.files')}>
      {files.map((file) => (
        <li key={file.id} style={{ listStyle: 'none' }}>
          <AttachmentLink file={file} />
        </li>
      ))}
    </Stack>
  );
}

/** `attachment_added`: a file added on the Anexos tab. */
export function AttachmentAddedEvent({ data }: { data: unknown }) {
  const { t } = useTranslation();
  const file = readNoteAttachments({
    attachments: [
      typeof data === 'object' && data !== null ? (data as { attachment?: unknown }).attachment : null,
    ],
  })[0];
  return (
    <Group gap={6} wrap="wrap">
      <Text size="sm">{t('attachments.timeline.added')}</Text>
      {file && <AttachmentLink file={file} />}
    </Group>
  );
}
