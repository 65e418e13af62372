import { Anchor, Badge, Box, Button, Table, Text } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatNumber } from '../../lib/format.ts';
import { problemMessage } from '../../lib/problems.ts';
import { EmptyMessage } from '../../ui/EmptyMessage.tsx';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { PagePending } from '../../ui/PagePending.tsx';
import { statusColor } from './ImportPage.tsx';
import { useImports } from './queries.ts';

/** Importações: past imports of the workspace, newest first. */
export function ImportsPage() {
  const { t, i18n } = useTranslation();
  const query = useImports();
  const newButton = (
    <Button renderRoot={(props) => <Link to="/imports/new" {...props} />}>{t('imports.newImport')}</Button>
  );
  return (
    <Box maw={1100} mx="auto">
      <PageHeader
        title={t('imports.listTitle')}
        subtitle={
          <Text size="sm" c="dimmed">
            {t('imports.listSubtitle')}
          </Text>
        }
      >
        {newButton}
      </PageHeader>
      {query.isPending ? (
        <PagePending />
      ) : query.isError ? (
        <ErrorState message={problemMessage(query.error, t)} onRetry={() => void query.refetch()} />
      ) : query.data.items.length === 0 ? (
        <EmptyMessage title={t('imports.empty')} hint={t('imports.subtitle')} action={newButton} />
      ) : (
        <Table.ScrollContainer minWidth={720}>
          <Table striped withTableBorder data-testid="imports-list">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('imports.columns.file')}</Table.Th>
                <Table.Th>{t('imports.columns.kind')}</Table.Th>
                <Table.Th>{t('imports.columns.when')}</Table.Th>
                <Table.Th>{t('imports.columns.by')}</Table.Th>
                <Table.Th>{t('imports.columns.rows')}</Table.Th>
                <Table.Th>{t('imports.columns.status')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {query.data.items.map((imp) => (
                <Table.Tr key={imp.id}>
                  <Table.Td>
                    <Anchor
                      renderRoot={(props) => <Link to="/imports/$id" params={{ id: imp.id }} {...props} />}
                    >
                      {imp.fileName}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{t(`imports.kinds.${imp.kind}`)}</Table.Td>
                  <Table.Td>{formatDateTime(imp.createdAt, i18n.language)}</Table.Td>
                  <Table.Td>{imp.createdBy?.name ?? ''}</Table.Td>
                  <Table.Td>{formatNumber(imp.totalRows, i18n.language)}</Table.Td>
                  <Table.Td>
                    <Badge color={statusColor[imp.status]} variant="light">
                      {t(`imports.statuses.${imp.status}`)}
                    </Badge>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Box>
  );
}
