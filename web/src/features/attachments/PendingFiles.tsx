import { ActionIcon, Group, Progress, Stack, Text } from '@mantine/core';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { problemMessage } from '../../lib/problems.ts';
import { formatBytes, precheckFile } from './files.ts';
import { useUploadAttachment } from './queries.ts';

/** A file chosen in the browser and what became of its upload. */
export type PendingFile = {
  key: number;
  name: string;
  size: number;
  progress: number;
  status: 'uploading' | 'done' | 'error';
  attachmentId: string | null;
  error: string | null;
};

/**
 * Files being sent to a person, each uploaded as soon as it is chosen (with its progress). `source` says
 * whether they wait for a comment or go straight to the Anexos tab.
 */
export function usePendingFiles(personId: string, source: 'comment' | 'tab') {
  const { t } = useTranslation();
  const upload = useUploadAttachment(personId, source);
  const [files, setFiles] = useState<PendingFile[]>([]);
  const nextKey = useRef(1);
  const patch = (key: number, change: Partial<PendingFile>) =>
    setFiles((list) => list.map((f) => (f.key === key ? { ...f, ...change } : f)));

  const add = (chosen: File[]) => {
    for (const file of chosen) {
      const key = nextKey.current++;
      const refused = precheckFile(file);
      setFiles((list) => [
        ...list,
        {
          key,
          name: file.name,
          size: file.size,
          progress: 0,
          status: refused ? 'error' : 'uploading',
          attachmentId: null,
          error: refused ? t(`problems.${refused}`) : null,
        },
      ]);
      if (refused) continue;
      // One promise per file: mutate-level callbacks would only fire for the last of several files.
      upload
        .mutateAsync({ file, onProgress: (fraction) => patch(key, { progress: Math.round(fraction * 100) }) })
        .then(
          (attachment) => patch(key, { status: 'done', progress: 100, attachmentId: attachment.id }),
          (error: unknown) => patch(key, { status: 'error', error: problemMessage(error, t) }),
        );
    }
  };
  return {
    files,
    add,
    remove: (key: number) => setFiles((list) => list.filter((f) => f.key !== key)),
    clear: () => setFiles([]),
    uploading: files.some((f) => f.status === 'uploading'),
    attachmentIds: files.flatMap((f) => (f.status === 'done' && f.attachmentId ? [f.attachmentId] : [])),
  };
}

/** The chosen files: name, size, progress or the reason it was refused, and a remove button. */
export function PendingFileList({
  files,
  onRemove,
}: {
  files: PendingFile[];
  onRemove?: ((key: number) => void) | undefined;
}) {
  const { t, i18n } = useTranslation();
  if (files.length === 0) return null;
  return (
    <Stack gap={6} component="ul" p={0} m={0} aria-live="polite">
      {files.map((f) => (
        <li key={f.key} style={{ listStyle: 'none' }} data-testid="pending-file" data-status={f.status}>
          <Group justify="space-between" gap="xs" wrap="nowrap">
            <Text size="sm" truncate="end" style={{ minWidth: 0 }}>
              {f.name}{' '}
              <Text span size="xs" c="dimmed">
                ({formatBytes(f.size, i18n.language)})
              </Text>
            </Text>
            {onRemove && (
              <ActionIcon
                variant="subtle"
                color="gray"
                size="sm"
                onClick={() => onRemove(f.key)}
                aria-label={t('attachments.removeFile', { name: f.name })}
                data-testid="pending-file-remove"
              >
                ×
              </ActionIcon>
            )}
          </Group>
          {f.status === 'uploading' && (
            <Progress
              value={f.progress}
              size="sm"
              animated
              aria-label={t('attachments.uploading', { name: f.name })}
            />
          )}
          {f.status === 'error' && (
            <Text size="xs" c="red" role="alert" data-testid="pending-file-error">
              {f.error}
            </Text>
          )}
        </li>
      ))}
    </Stack>
  );
}
