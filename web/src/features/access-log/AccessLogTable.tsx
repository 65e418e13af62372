import type { AccessLogEntry } from '@funil/domain';
import { Anchor, Badge, Table, Text } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../lib/format.ts';

const KIND_COLORS: Record<AccessLogEntry['kind'], string> = {
  person_viewed: 'blue',
  phones_revealed: 'orange',
  file_downloaded: 'grape',
  row_exported: 'teal',
};

/** The log's rows: when, who, what, which person (a link to the person page), from where. */
export function AccessLogTable({
  items,
  showPerson = true,
}: {
  items: AccessLogEntry[];
  showPerson?: boolean;
}) {
  const { t, i18n } = useTranslation();
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table verticalSpacing="xs" data-testid="access-log-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('accessLog.columns.when')}</Table.Th>
            <Table.Th>{t('accessLog.columns.who')}</Table.Th>
            <Table.Th>{t('accessLog.columns.what')}</Table.Th>
            {showPerson && <Table.Th>{t('accessLog.columns.person')}</Table.Th>}
            <Table.Th>{t('accessLog.columns.origin')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((e) => (
            <Table.Tr key={e.id} data-testid="access-log-row" data-kind={e.kind}>
              <Table.Td>
                <Text size="sm">{formatDateTime(e.occurredAt, i18n.language)}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm" data-testid="access-log-user">
                  {e.user?.name ?? t('accessLog.removedUser')}
                </Text>
                {e.integrationId && (
                  <Text size="xs" c="dimmed">
                    {t('accessLog.integration')}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Badge variant="light" color={KIND_COLORS[e.kind]} data-testid="access-log-kind">
                  {t(`accessLog.kinds.${e.kind}`)}
                </Badge>
              </Table.Td>
              {showPerson && (
                <Table.Td>
                  <Anchor
                    size="sm"
                    renderRoot={(p) => <Link to="/people/$id" params={{ id: e.person.id }} {...p} />}
                    data-testid="access-log-person"
                  >
                    {e.person.name || t('accessLog.anonymous')}
                  </Anchor>
                </Table.Td>
              )}
              <Table.Td>
                <Text size="xs" c="dimmed">
                  {e.ip ?? '—'}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
