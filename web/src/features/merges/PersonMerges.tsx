import type { PersonMerge } from '@funil/domain';
import { Anchor, Button, Card, Stack, Text, Title } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate, formatDateTime } from '../../lib/format.ts';
import { problemMessage } from '../../lib/problems.ts';
import { ConfirmModal } from '../../ui/ConfirmModal.tsx';
import { usePersonMerges, useUndoMerge } from './queries.ts';

/** The person page's merges (as the record kept or the one merged), with Desfazer mesclagem while it may be undone. */
export function PersonMerges({ personId }: { personId: string }) {
  const { t, i18n } = useTranslation();
  const merges = usePersonMerges(personId);
  const undo = useUndoMerge();
  const [asking, setAsking] = useState<PersonMerge | null>(null);
  if (!merges.data || merges.data.length === 0) return null;
  const other = (m: PersonMerge) => (m.survivor.id === personId ? m.merged : m.survivor);
  return (
    <Card withBorder data-testid="person-merges">
      <Title order={2} size="h4" mb="xs">
        {t('merges.personMerges')}
      </Title>
      <Stack gap="sm">
        {merges.data.map((m) => (
          <Stack key={m.id} gap={2} data-testid="person-merge">
            <Text size="sm">
              {m.survivor.id === personId
                ? t('merges.mergedInto', { merged: m.merged.name })
                : t('merges.mergedIntoOther', { survivor: m.survivor.name })}
            </Text>
            <Anchor
              size="xs"
              renderRoot={(p) => <Link to="/people/$id" params={{ id: other(m).id }} {...p} />}
            >
              {other(m).name}
            </Anchor>
            <Text size="xs" c="dimmed">
              {t('merges.mergedAt', {
                date: formatDateTime(m.mergedAt, i18n.language),
                name: m.mergedBy?.name ?? '—',
              })}
            </Text>
            {m.undoneAt ? (
              <Text size="xs" c="dimmed">
                {t('merges.undoneAt', { date: formatDateTime(m.undoneAt, i18n.language) })}
              </Text>
            ) : (
              m.undoable && (
                <>
                  <Text size="xs" c="dimmed">
                    {t('merges.undoableUntil', { date: formatDate(m.undoableUntil, i18n.language) })}
                  </Text>
                  <Button
                    size="xs"
                    variant="default"
                    w="fit-content"
                    onClick={() => setAsking(m)}
                    data-testid="merge-undo"
                  >
                    {t('merges.undo')}
                  </Button>
                </>
              )
            )}
          </Stack>
        ))}
      </Stack>
      <ConfirmModal
        opened={asking !== null}
        title={t('merges.undoTitle')}
        message={
          asking
            ? t('merges.undoMessage', { merged: asking.merged.name, survivor: asking.survivor.name })
            : ''
        }
        confirmLabel={t('merges.undo')}
        color="orange"
        loading={undo.isPending}
        error={undo.error ? problemMessage(undo.error, t) : undefined}
        onClose={() => {
          setAsking(null);
          undo.reset();
        }}
        onConfirm={() => asking && undo.mutate(asking.id, { onSuccess: () => setAsking(null) })}
      />
    </Card>
  );
}
