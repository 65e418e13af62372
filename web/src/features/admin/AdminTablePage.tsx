import { Box, Button, Table, Text } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ComponentType, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { problemMessage } from '../../lib/problems.ts';
import { EmptyMessage } from '../../ui/EmptyMessage.tsx';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import {
  ActivationToggle,
  ActiveBadge,
  type AdminSection,
  type EditModalProps,
  RowActions,
  useEditing,
} from './shared.tsx';

type AdminRecord = { id: string; name: string; version: number; active: boolean };

type Props<T extends AdminRecord> = {
  section: AdminSection;
  query: Pick<UseQueryResult<T[]>, 'data' | 'error' | 'isError' | 'isPending' | 'refetch'>;
  /** Max width of the page and min width of the table before it scrolls. */
  maw: number;
  minWidth: number;
  /** Headers of the page's own columns; the status and actions columns come after them. */
  columns: string[];
  rowTestId: string;
  /** The cells of the page's own columns for one record. */
  renderCells: (record: T) => ReactNode;
  onToggle: (record: T, active: boolean) => Promise<unknown>;
  toggleDisabled?: (record: T) => boolean;
  /** The create / edit modal, remounted (form reset) each time it opens. */
  modal: ComponentType<EditModalProps<T>>;
};

/** An admin list page: header with "new", loading / error / empty states, the table and its edit modal. */
export function AdminTablePage<T extends AdminRecord>({
  section,
  query,
  maw,
  minWidth,
  columns,
  rowTestId,
  renderCells,
  onToggle,
  toggleDisabled,
  modal: EditModal,
}: Props<T>) {
  const { t } = useTranslation();
  const modal = useEditing(query.refetch);
  const records = [...(query.data ?? [])].sort((a, b) => a.name.localeCompare(b.name, 'pt-BR'));

  return (
    <Box maw={maw} mx="auto">
      <PageHeader title={t(`${section}.title`)}>
        <Button onClick={() => modal.open(null)}>{t(`${section}.new`)}</Button>
      </PageHeader>
      {query.isError ? (
        <ErrorState message={problemMessage(query.error, t)} onRetry={() => void query.refetch()} />
      ) : query.isPending ? (
        <Text c="dimmed">{t('common.loading')}</Text>
      ) : records.length === 0 ? (
        <EmptyMessage title={t(`${section}.empty`)} />
      ) : (
        <Table.ScrollContainer minWidth={minWidth}>
          <Table highlightOnHover verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                {columns.map((label) => (
                  <Table.Th key={label}>{label}</Table.Th>
                ))}
                <Table.Th>{t('common.status')}</Table.Th>
                <Table.Th ta="right">{t('common.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {records.map((record) => (
                <Table.Tr key={record.id} data-testid={rowTestId}>
                  {renderCells(record)}
                  <Table.Td>
                    <ActiveBadge active={record.active} />
                  </Table.Td>
                  <Table.Td>
                    <RowActions>
                      <Button size="compact-sm" variant="subtle" onClick={() => modal.open(record)}>
                        {t('common.edit')}
                      </Button>
                      <ActivationToggle
                        active={record.active}
                        disabled={toggleDisabled?.(record)}
                        labels={{
                          deactivate: t(`${section}.deactivate`),
                          reactivate: t(`${section}.reactivate`),
                          deactivateTitle: t(`${section}.deactivateTitle`),
                          reactivateTitle: t(`${section}.reactivateTitle`),
                          deactivateConfirm: t(`${section}.deactivateConfirm`),
                          reactivateConfirm: t(`${section}.reactivateConfirm`),
                        }}
                        onToggle={(active) => onToggle(record, active)}
                        onReload={query.refetch}
                      />
                    </RowActions>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {modal.editing && (
        <EditModal
          key={modal.editing.key}
          record={modal.editing.record}
          onClose={modal.close}
          onReload={() => void modal.reload()}
          reloading={modal.reloading}
        />
      )}
    </Box>
  );
}
