import { Anchor, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { TimelineEvent } from '../timeline/types.ts';
import { documentDownloadUrl } from './queries.ts';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** `document_generated` / `document_sent` on a person's timeline, the document linked for download. */
export function DocumentEvent({ event }: { event: TimelineEvent }) {
  const { t } = useTranslation();
  const data = isRecord(event.data) ? event.data : {};
  const document = isRecord(data.document) ? data.document : {};
  const id = typeof document.id === 'string' ? document.id : null;
  const name = typeof document.name === 'string' ? document.name : '';
  const sent = event.kind === 'document_sent';
  const to = typeof data.to === 'string' ? data.to : '';
  return (
    <Stack gap={2} data-testid={sent ? 'document-sent-event' : 'document-generated-event'}>
      <Group gap={6} wrap="wrap">
        <Text size="sm">
          {sent ? t('documents.timeline.sentTo', { to }) : t('documents.timeline.generated')}
        </Text>
        {id && (
          <Anchor
            href={documentDownloadUrl(id)}
            download={name}
            size="sm"
            style={{ overflowWrap: 'anywhere' }}
          >
            {name}
          </Anchor>
        )}
      </Group>
      {sent && typeof data.subject === 'string' && (
        <Text size="sm" fw={700} style={{ overflowWrap: 'anywhere' }}>
          {data.subject}
        </Text>
      )}
    </Stack>
  );
}
