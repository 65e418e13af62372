import { type CustomField, formatDocument } from '@funil/domain';
import { Anchor, Avatar, Card, Group, Skeleton, Stack, Table, Text } from '@mantine/core';
import { Link, useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../lib/format.ts';
import { CustomColumnCells, CustomColumnHeaders } from '../custom-fields/CustomColumns.tsx';
import { StageBadge } from './StageBadge.tsx';
import type { PersonListItem } from './types.ts';

const location = (p: PersonListItem) => [p.city, p.state].filter(Boolean).join('/');

function PersonName({ person }: { person: PersonListItem }) {
  return (
    <Group gap="sm" wrap="nowrap">
      <Avatar src={person.photoUrl} name={person.name} color="initials" size="md" alt="" />
      <div style={{ minWidth: 0 }}>
        <Anchor
          renderRoot={(props) => <Link to="/people/$id" params={{ id: person.id }} {...props} />}
          fw={600}
          size="sm"
          onClick={(e) => e.stopPropagation()}
        >
          {person.name}
        </Anchor>
        {person.tradeName && (
          <Text size="xs" c="dimmed" truncate="end">
            {person.tradeName}
          </Text>
        )}
      </div>
    </Group>
  );
}

/** The people list as a table (desktop), with the custom fields the user chose as columns. */
export function PeopleTable({
  items,
  customColumns,
}: {
  items: PersonListItem[];
  customColumns: CustomField[];
}) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const open = (id: string) => navigate({ to: '/people/$id', params: { id } });
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table highlightOnHover verticalSpacing="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('people.columns.name')}</Table.Th>
            <Table.Th>{t('people.columns.document')}</Table.Th>
            <Table.Th>{t('people.columns.stage')}</Table.Th>
            <Table.Th>{t('people.columns.owner')}</Table.Th>
            <Table.Th>{t('people.columns.phone')}</Table.Th>
            <Table.Th>{t('people.columns.location')}</Table.Th>
            <Table.Th>{t('people.columns.createdAt')}</Table.Th>
            <CustomColumnHeaders fields={customColumns} />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((p) => (
            <Table.Tr
              key={p.id}
              data-testid="person-row"
              style={{ cursor: 'pointer' }}
              onClick={() => open(p.id)}
            >
              <Table.Td>
                <PersonName person={p} />
              </Table.Td>
              <Table.Td>
                <Text size="sm" ff="monospace" style={{ whiteSpace: 'nowrap' }}>
                  {p.document ? formatDocument(p.document) : t('common.empty')}
                </Text>
              </Table.Td>
              <Table.Td>
                <StageBadge stage={p.stage} />
              </Table.Td>
              <Table.Td>
                <Text size="sm">{p.owner?.name ?? t('common.empty')}</Text>
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <Text size="sm" ff="monospace">
                  {p.primaryPhone ?? t('common.empty')}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{location(p) || t('common.empty')}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{formatDate(p.createdAt, i18n.language)}</Text>
              </Table.Td>
              <CustomColumnCells fields={customColumns} values={p.customFields} />
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** The people list as cards (phones). */
export function PeopleCards({ items }: { items: PersonListItem[] }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  return (
    <Stack gap="sm">
      {items.map((p) => (
        <Card
          key={p.id}
          withBorder
          padding="sm"
          data-testid="person-row"
          style={{ cursor: 'pointer' }}
          onClick={() => navigate({ to: '/people/$id', params: { id: p.id } })}
        >
          <Group justify="space-between" align="flex-start" wrap="nowrap">
            <PersonName person={p} />
            <StageBadge stage={p.stage} />
          </Group>
          <Stack gap={2} mt="xs">
            {p.document && (
              <Text size="sm" ff="monospace">
                {formatDocument(p.document)}
              </Text>
            )}
            {p.primaryPhone && (
              <Text size="sm" ff="monospace">
                {p.primaryPhone}
              </Text>
            )}
            <Text size="xs" c="dimmed">
              {[p.owner?.name, location(p), formatDate(p.createdAt, i18n.language)]
                .filter(Boolean)
                .join(' · ') || t('common.empty')}
            </Text>
          </Stack>
        </Card>
      ))}
    </Stack>
  );
}

/** Placeholder rows while the first page loads. */
export function PeopleSkeleton({ rows = 6 }: { rows?: number }) {
  return (
    <Stack gap="sm" aria-busy="true">
      {Array.from({ length: rows }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: static placeholders
        <Group key={i} gap="sm" wrap="nowrap">
          <Skeleton circle height={38} />
          <Stack gap={6} flex={1}>
            <Skeleton height={12} width="40%" />
            <Skeleton height={10} width="70%" />
          </Stack>
        </Group>
      ))}
    </Stack>
  );
}
