import {
  documentIssuer,
  EXTRA_DOCUMENT_KINDS,
  type ExtraDocumentKind,
  formatDocument,
  MERGE_FIELDS,
  type MergeField,
} from '@funil/domain';
import { Alert, Button, Group, Loader, Modal, Radio, Stack, Table, Text } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDay } from '../../lib/format.ts';
import { problemMessage } from '../../lib/problems.ts';
import { useCustomValueText } from '../custom-fields/CustomColumns.tsx';
import { useListFields } from '../custom-fields/list-fields.ts';
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

const same = (x: unknown, y: unknown) => JSON.stringify(x ?? null) === JSON.stringify(y ?? null);

/** A passport or IE as the person page shows it: number (country or UF). */
const documentText = (p: Person, kind: ExtraDocumentKind) => {
  const d = p.documents.find((x) => x.kind === kind);
  return d ? `${d.number} (${documentIssuer(d)})` : null;
};

/**
 * One row of the comparison: a built-in field, a custom field (`cf:<key>`) or a document both records hold
 * (`doc:<kind>`), with the side chosen when the user has not picked one.
 */
type Row = { id: string; label: string; text: Record<Side, string>; preferred?: Side };

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
  const [choices, setChoices] = useState<Record<string, Side>>({});
  const customFields = useListFields('person');
  const customText = useCustomValueText();
  const [confirming, setConfirming] = useState(false);
  const branchName = (id: string) => branches?.find((x) => x.id === id)?.name ?? id;

  /** The rows where the two records differ: built-in fields, custom fields, then passport / IE held by both. */
  const rows = (people: Record<Side, Person>): Row[] => {
    const empty = t('merges.empty_value');
    const builtIn = MERGE_FIELDS.filter((f) => !same(people.a[f], people.b[f])).map((f) => ({
      id: f,
      label: t(`merges.fields.${f}`),
      text: {
        a: display(people.a, f, t, i18n.language, branchName),
        b: display(people.b, f, t, i18n.language, branchName),
      },
    }));
    const custom = customFields
      .filter((f) => !same(people.a.customFields[f.key], people.b.customFields[f.key]))
      .map((f): Row => {
        const value = (side: Side) => customText(f, people[side].customFields[f.key]);
        // A value only one record has is kept unless the user picks the empty one (as the API does).
        const only = (['a', 'b'] as const).filter((side) => value(side) !== null);
        return {
          id: `cf:${f.key}`,
          label: f.label,
          text: { a: value('a') ?? empty, b: value('b') ?? empty },
          ...(only.length === 1 ? { preferred: only[0] } : {}),
        };
      });
    const documents = EXTRA_DOCUMENT_KINDS.flatMap((kind) => {
      const text = { a: documentText(people.a, kind), b: documentText(people.b, kind) };
      if (!text.a || !text.b || text.a === text.b) return [];
      return [{ id: `doc:${kind}`, label: t(`personTypes.kinds.${kind}`), text: { a: text.a, b: text.b } }];
    });
    return [...builtIn, ...custom, ...documents];
  };
  const chosen = (row: Row) => choices[row.id] ?? row.preferred ?? survivorSide;

  const body = () => {
    if (!a.data || !b.data) return null;
    const [survivor, merged] = survivorSide === 'a' ? [a.data, b.data] : [b.data, a.data];
    const sideOf = (row: Row) => (chosen(row) === survivorSide ? ('survivor' as const) : ('merged' as const));
    const all = rows({ a: a.data, b: b.data });
    const pick = (prefix: string) =>
      Object.fromEntries(
        all.filter((r) => r.id.startsWith(prefix)).map((r) => [r.id.slice(prefix.length), sideOf(r)]),
      );
    const fields = Object.fromEntries(
      all.filter((r) => !r.id.includes(':') && sideOf(r) === 'merged').map((r) => [r.id, 'merged' as const]),
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
        customFields: pick('cf:'),
        documents: pick('doc:'),
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
    const differing = rows(people);
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
              {differing.map((row) => (
                <Table.Tr key={row.id}>
                  <Table.Td>{row.label}</Table.Td>
                  {(['a', 'b'] as const).map((side) => (
                    <Table.Td key={side}>
                      <Radio
                        checked={chosen(row) === side}
                        onChange={() => setChoices((c) => ({ ...c, [row.id]: side }))}
                        label={row.text[side]}
                        aria-label={`${row.label}: ${t('merges.keepValue', { name: people[side].name })}`}
                        data-testid={`merge-field-${row.id.replace(':', '-')}-${side}`}
                      />
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
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
