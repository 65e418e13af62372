import { Box, Button, Group, Modal, Stack, Table, Text, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { problemMessage } from '../../lib/problems.ts';
import { EmptyMessage } from '../../ui/EmptyMessage.tsx';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { StaleVersionAlert } from '../../ui/StaleVersionAlert.tsx';
import { useBranches, useCreateBranch, useUpdateBranch } from '../directory/queries.ts';
import type { Branch } from '../directory/types.ts';
import {
  ActivationToggle,
  ActiveBadge,
  GeneralError,
  RowActions,
  useEditing,
  useModalErrors,
} from './shared.tsx';

type ModalProps = { branch: Branch | null; onClose: () => void; onReload: () => void; reloading: boolean };

function BranchModal({ branch, onClose, onReload, reloading }: ModalProps) {
  const { t } = useTranslation();
  const create = useCreateBranch();
  const update = useUpdateBranch();
  const errors = useModalErrors();
  const [name, setName] = useState(branch?.name ?? '');
  const saving = create.isPending || update.isPending;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (name.trim().length < 2) {
      errors.setClientErrors({ name: name.trim() ? 'too_short' : 'required' });
      return;
    }
    errors.reset();
    try {
      if (branch) await update.mutateAsync({ id: branch.id, version: branch.version, name: name.trim() });
      else await create.mutateAsync({ name: name.trim() });
      onClose();
    } catch (err) {
      errors.fromServer(err);
    }
  };

  return (
    <Modal
      opened
      onClose={onClose}
      title={branch ? t('admin.branches.editTitle') : t('admin.branches.createTitle')}
    >
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack>
          <GeneralError message={errors.general} />
          {errors.stale && <StaleVersionAlert onReload={onReload} reloading={reloading} />}
          <TextInput
            label={t('admin.branches.name')}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={errors.error('name')}
            required
            data-autofocus
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} disabled={saving}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={saving}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export function BranchesAdminPage() {
  const { t } = useTranslation();
  const query = useBranches();
  const update = useUpdateBranch();
  const modal = useEditing(query.refetch);
  const branches = [...(query.data ?? [])].sort((a, b) => a.name.localeCompare(b.name, 'pt-BR'));

  return (
    <Box maw={900} mx="auto">
      <PageHeader title={t('admin.branches.title')}>
        <Button onClick={() => modal.open(null)}>{t('admin.branches.new')}</Button>
      </PageHeader>
      {query.isError ? (
        <ErrorState message={problemMessage(query.error, t)} onRetry={() => void query.refetch()} />
      ) : query.isPending ? (
        <Text c="dimmed">{t('common.loading')}</Text>
      ) : branches.length === 0 ? (
        <EmptyMessage title={t('admin.branches.empty')} />
      ) : (
        <Table.ScrollContainer minWidth={420}>
          <Table highlightOnHover verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('admin.branches.name')}</Table.Th>
                <Table.Th>{t('common.status')}</Table.Th>
                <Table.Th ta="right">{t('common.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {branches.map((branch) => (
                <Table.Tr key={branch.id} data-testid="branch-row">
                  <Table.Td>{branch.name}</Table.Td>
                  <Table.Td>
                    <ActiveBadge active={branch.active} />
                  </Table.Td>
                  <Table.Td>
                    <RowActions>
                      <Button size="compact-sm" variant="subtle" onClick={() => modal.open(branch)}>
                        {t('common.edit')}
                      </Button>
                      <ActivationToggle
                        active={branch.active}
                        labels={{
                          deactivate: t('admin.branches.deactivate'),
                          reactivate: t('admin.branches.reactivate'),
                          deactivateTitle: t('admin.branches.deactivateTitle'),
                          reactivateTitle: t('admin.branches.reactivateTitle'),
                          deactivateConfirm: t('admin.branches.deactivateConfirm'),
                          reactivateConfirm: t('admin.branches.reactivateConfirm'),
                        }}
                        onToggle={(active) =>
                          update.mutateAsync({ id: branch.id, version: branch.version, active })
                        }
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
        <BranchModal
          key={modal.editing.key}
          branch={modal.editing.record}
          onClose={modal.close}
          onReload={() => void modal.reload()}
          reloading={modal.reloading}
        />
      )}
    </Box>
  );
}
