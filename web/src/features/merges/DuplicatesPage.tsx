import { Anchor, Badge, Button, Card, Group, Loader, Stack, Table, Text } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { problemMessage } from '../../lib/problems.ts';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { useToast } from '../../ui/Toast.tsx';
import { MergeModal } from './MergeModal.tsx';
import { type PairPerson, useDismissDuplicate, useDuplicates, useScanDuplicates } from './queries.ts';

function PersonCell({ person }: { person: PairPerson }) {
  const { t } = useTranslation();
  return (
    <Stack gap={0}>
      <Anchor size="sm" renderRoot={(p) => <Link to="/people/$id" params={{ id: person.id }} {...p} />}>
        {person.name}
      </Anchor>
      <Text size="xs" c="dimmed">
        {[t(`kinds.${person.kind === 'company' ? 'company' : 'individual'}`), person.city, person.state]
          .filter(Boolean)
          .join(' · ')}
      </Text>
    </Stack>
  );
}

/** Duplicados: the review queue (reason, similarity, both records), a new search, Mesclar and Ignorar. */
export function DuplicatesPage() {
  const { t } = useTranslation();
  const queue = useDuplicates();
  const scan = useScanDuplicates();
  const dismiss = useDismissDuplicate();
  const { show, toast } = useToast();
  const [merging, setMerging] = useState<{ a: string; b: string } | null>(null);
  const items = queue.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Stack maw={1200} mx="auto" gap="md">
      <PageHeader
        title={t('merges.title')}
        subtitle={
          <Text size="sm" c="dimmed">
            {t('merges.subtitle')}
          </Text>
        }
      >
        <Button
          loading={scan.isPending}
          data-testid="duplicates-scan"
          onClick={() =>
            scan.mutate(undefined, {
              onSuccess: (r) => show(t('merges.scanned', { count: r.pairs })),
              onError: (e) => show(problemMessage(e, t), 'red'),
            })
          }
        >
          {t('merges.scan')}
        </Button>
      </PageHeader>
      {queue.isPending ? (
        <Loader size="sm" />
      ) : queue.isError ? (
        <ErrorState message={t('merges.loadError')} onRetry={() => void queue.refetch()} />
      ) : items.length === 0 ? (
        <Card withBorder>
          <Text size="sm" c="dimmed" data-testid="duplicates-empty">
            {t('merges.empty')}
          </Text>
        </Card>
      ) : (
        <Card withBorder p={0}>
          <Table.ScrollContainer minWidth={720}>
            <Table verticalSpacing="sm" data-testid="duplicates-queue">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('merges.people')}</Table.Th>
                  <Table.Th />
                  <Table.Th>{t('merges.reason')}</Table.Th>
                  <Table.Th>{t('merges.score')}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((pair) => (
                  <Table.Tr key={pair.id} data-testid="duplicate-pair">
                    <Table.Td>
                      <PersonCell person={pair.a} />
                    </Table.Td>
                    <Table.Td>
                      <PersonCell person={pair.b} />
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        {pair.reasons.map((r) => (
                          <Badge key={r} variant="light" size="sm" tt="none">
                            {t(`merges.reasons.${r}`)}
                          </Badge>
                        ))}
                      </Group>
                    </Table.Td>
                    <Table.Td>{Math.floor(pair.score * 100)}%</Table.Td>
                    <Table.Td>
                      <Group gap="xs" justify="flex-end" wrap="nowrap">
                        <Button
                          size="xs"
                          onClick={() => setMerging({ a: pair.a.id, b: pair.b.id })}
                          data-testid="duplicate-merge"
                        >
                          {t('merges.merge')}
                        </Button>
                        <Button
                          size="xs"
                          variant="default"
                          loading={dismiss.isPending && dismiss.variables === pair.id}
                          onClick={() =>
                            dismiss.mutate(pair.id, {
                              onSuccess: () => show(t('merges.dismissed')),
                              onError: (e) => show(problemMessage(e, t), 'red'),
                            })
                          }
                          data-testid="duplicate-dismiss"
                        >
                          {t('merges.dismiss')}
                        </Button>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      )}
      {queue.hasNextPage && (
        <Button
          variant="default"
          onClick={() => void queue.fetchNextPage()}
          loading={queue.isFetchingNextPage}
        >
          {t('merges.more')}
        </Button>
      )}
      {merging && (
        <MergeModal
          pair={merging}
          onClose={() => setMerging(null)}
          onMerged={() => {
            setMerging(null);
            show(t('merges.merged'));
          }}
        />
      )}
      {toast}
    </Stack>
  );
}
