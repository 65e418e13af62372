import { formatDocument, MERGE_FIELDS, type MergeField } from '@funil/domain';
import { Alert, Button, Group, Loader, Modal, Radio, Stack, Table, Text } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDay } from '../../lib/format.ts';
import { problemMessage } from '../../lib/problems.ts';
import { useBranches } from '../directory/queries.ts';
import { usePerson } from '../people/queries.ts';
import type { Person } from '../people/types.ts';
import { useMergePeople } from './queries.ts';

type Side = 'a' | 'b';

/** A field's value as the user reads it (dates dd/mm/aaaa, CPF/CNPJ formatted, names for ids). */
function display(
  p: Person,
  field: MergeField,
  t: TFunction,
  locale: string,
  branchName: (id: string) => string,
): string {
  const empty = t('merges.empty_value');
  switch (field) {
    case 'document':
      return p.document ? formatDocument(p.document) : empty;
    case 'birthDate':
      return p.birthDate ? formatDay(p.birthDate, locale) : empty;
    case 'stage':
      return t(`stages.${p.stage}`);
    case 'ownerId':
      return p.owner?.name ?? empty;
    case 'branchId':
      return p.branchId ? branchName(p.branchId) : empty;
    case 'source':
      return [p.source.media, p.source.channel].filter(Boolean).join(' / ') || empty;
    default:
      return p[field] ?? empty;
  }
}

const same = (a: Person, b: Person, f: MergeField) => JSON.stringify(a[f]) === JSON.stringify(b[f]);

/**
 * Mesclar: both records side by side; the user picks the record that stays and, for each field that differs, which
 * record's value it keeps; a confirmation before the merge.
 */
export function MergeModal({
  pair,
  onClose,
  onMerged,
}: {
  pair: { a: string; b: string };
  onClose: () => void;
  onMerged: () => void;
}) {
  const { t, i18n } = useTranslation();
  const a = usePerson(pair.a);
  const b = usePerson(pair.b);
  const branches = useBranches().data;
  const merge = useMergePeople();
  const [survivorSide, setSurvivorSide] = useState<Side>('a');
  const [choices, setChoices] = useState<Partial<Record<MergeField, Side>>>({});
  const [confirming, setConfirming] = useState(false);
  const branchName = (id: string) => branches?.find((x) => x.id === id)?.name ?? id;

  const body = () => {
    if (!a.data || !b.data) return null;
    const [survivor, merged] = survivorSide === 'a' ? [a.data, b.data] : [b.data, a.data];
    const fields = Object.fromEntries(
      MERGE_FIELDS.flatMap((f) => {
        const side = choices[f] ?? survivorSide;
        return side === survivorSide ? [] : [[f, 'merged' as const]];
      }),
    );
    return {
      survivor,
      merged,
      request: {
        survivorId: survivor.id,
        mergedId: merged.id,
        survivorVersion: survivor.version,
        mergedVersion: merged.version,
        fields,
      },
    };
  };

  const content = () => {
    if (a.isPending || b.isPending) return <Loader size="sm" />;
    if (a.isError || b.isError) {
      return <Alert color="red">{problemMessage(a.error ?? b.error, t)}</Alert>;
    }
    const people = { a: a.data, b: b.data };
    if (people.a.kind !== people.b.kind) return <Alert color="yellow">{t('merges.kindMismatch')}</Alert>;
    const differing = MERGE_FIELDS.filter((f) => !same(people.a, people.b, f));
    return (
      <Stack gap="md">
        <Radio.Group
          label={t('merges.survivor')}
          description={t('merges.survivorHint')}
          value={survivorSide}
          onChange={(v) => setSurvivorSide(v === 'b' ? 'b' : 'a')}
        >
          <Group mt="xs">
            {(['a', 'b'] as const).map((side) => (
              <Radio
                key={side}
                value={side}
                label={people[side].name}
                data-testid={`merge-survivor-${side}`}
              />
            ))}
          </Group>
        </Radio.Group>
        {differing.length > 0 && (
          <Table withTableBorder data-testid="merge-fields">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('merges.field')}</Table.Th>
                <Table.Th>{people.a.name}</Table.Th>
                <Table.Th>{people.b.name}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {differing.map((f) => {
                const chosen = choices[f] ?? survivorSide;
                return (
                  <Table.Tr key={f}>
                    <Table.Td>{t(`merges.fields.${f}`)}</Table.Td>
                    {(['a', 'b'] as const).map((side) => (
                      <Table.Td key={side}>
                        <Radio
                          checked={chosen === side}
                          onChange={() => setChoices((c) => ({ ...c, [f]: side }))}
                          label={display(people[side], f, t, i18n.language, branchName)}
                          aria-label={`${t(`merges.fields.${f}`)}: ${t('merges.keepValue', { name: people[side].name })}`}
                          data-testid={`merge-field-${f}-${side}`}
                        />
                      </Table.Td>
                    ))}
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        )}
        <Text size="sm" c="dimmed">
          {t('merges.sameValues')}
        </Text>
        {merge.error && !confirming && (
          <Alert color="red" role="alert">
            {problemMessage(merge.error, t)}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button onClick={() => setConfirming(true)} data-testid="merge-review">
            {t('merges.merge')}
          </Button>
        </Group>
      </Stack>
    );
  };

  const prepared = confirming ? body() : null;
  return (
    <>
      <Modal opened={!confirming} onClose={onClose} title={t('merges.compareTitle')} size="xl" centered>
        {content()}
      </Modal>
      <Modal
        opened={confirming}
        onClose={() => setConfirming(false)}
        title={t('merges.confirmTitle')}
        centered
      >
        {prepared && (
          <Stack gap="md">
            <Text size="sm">
              {t('merges.confirmMessage', { merged: prepared.merged.name, survivor: prepared.survivor.name })}
            </Text>
            {merge.error && (
              <Text size="sm" c="red" role="alert">
                {problemMessage(merge.error, t)}
              </Text>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setConfirming(false)} disabled={merge.isPending}>
                {t('common.cancel')}
              </Button>
              <Button
                loading={merge.isPending}
                data-testid="merge-confirm"
                onClick={() => merge.mutate(prepared.request, { onSuccess: onMerged })}
              >
                {t('merges.confirm')}
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </>
  );
}
