import type { ExportFormat, ExportList } from '@funil/domain';
import { Anchor, Button, Menu, Text } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { problemMessage } from '../../lib/problems.ts';
import { useToast } from '../../ui/Toast.tsx';
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
  const { show, toast } = useToast({ shownMs: TOAST_MS, testId: 'export-started' });

  if (!canExport) return null;
  const start = (format: ExportFormat) =>
    create.mutate(
      { list, format, filters: exportFilters(filters) },
      {
        onSuccess: () =>
          show(
            <Text size="sm">
              {t('exports.startedHint')}{' '}
              <Anchor
                renderRoot={(props) => <Link to="/exports" {...props} />}
                data-testid="export-started-link"
              >
                {t('exports.openExports')}
              </Anchor>
            </Text>,
            'blue',
            t('exports.started'),
          ),
        onError: (error) =>
          show(<Text size="sm">{problemMessage(error, t)}</Text>, 'red', t('exports.failedToStart')),
      },
    );

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
      {toast}
    </>
  );
}
