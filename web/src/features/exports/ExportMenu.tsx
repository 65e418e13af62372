import type { ExportFormat, ExportList } from '@funil/domain';
import { Anchor, Button, Menu, Notification, Portal, Text } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { problemMessage } from '../../lib/problems.ts';
import { useCanExportPeople } from '../access/queries.ts';
import { exportFilters, useCreateExport } from './queries.ts';

type Props = {
  list: ExportList;
  /** The list's current filters, as its endpoint takes them. */
  filters: Record<string, unknown>;
};

const TOAST_MS = 8000;

/**
 * "Exportar" (CSV / XLSX) on a list: asks for an export of what the list shows with its current filters and tells
 * the user where to follow it. Shown only to roles with the export capability ("Exportar listas").
 */
export function ExportMenu({ list, filters }: Props) {
  const { t } = useTranslation();
  const canExport = useCanExportPeople();
  const create = useCreateExport();
  const [shown, setShown] = useState(false);

  useEffect(() => {
    if (!shown) return;
    const timer = setTimeout(() => setShown(false), TOAST_MS);
    return () => clearTimeout(timer);
  }, [shown]);

  if (!canExport) return null;
  const start = (format: ExportFormat) =>
    create.mutate({ list, format, filters: exportFilters(filters) }, { onSettled: () => setShown(true) });

  return (
    <>
      <Menu position="bottom-end">
        <Menu.Target>
          <Button
            variant="default"
            title={t('exports.menuHint')}
            loading={create.isPending}
            data-testid="export-menu"
          >
            {t('exports.menu')}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item onClick={() => start('csv')} data-testid="export-csv">
            {t('exports.csv')}
          </Menu.Item>
          <Menu.Item onClick={() => start('xlsx')} data-testid="export-xlsx">
            {t('exports.xlsx')}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      {shown && (create.isSuccess || create.isError) && (
        <Portal>
          <Notification
            role="status"
            color={create.isError ? 'red' : 'blue'}
            title={create.isError ? t('exports.failedToStart') : t('exports.started')}
            onClose={() => setShown(false)}
            closeButtonProps={{ 'aria-label': t('common.close') }}
            style={{ position: 'fixed', right: 16, bottom: 16, zIndex: 400, maxWidth: 360 }}
            data-testid="export-started"
          >
            {create.isError ? (
              <Text size="sm">{problemMessage(create.error, t)}</Text>
            ) : (
              <Text size="sm">
                {t('exports.startedHint')}{' '}
                <Anchor
                  renderRoot={(props) => <Link to="/exports" {...props} />}
                  data-testid="export-started-link"
                >
                  {t('exports.openExports')}
                </Anchor>
              </Text>
            )}
          </Notification>
        </Portal>
      )}
    </>
  );
}
