import { Box, Button, Group, Modal, Stack, Table, Text, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { problemMessage } from '../../lib/problems.ts';
import { EmptyMessage } from '../../ui/EmptyMessage.tsx';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { useBranches, useCreateBranch, useUpdateBranch } from '../directory/queries.ts';
import type { Branch } from '../directory/types.ts';
import { ActivationToggle, ActiveBadge, GeneralError, RowActions, useModalErrors } from './shared.tsx';

function BranchModal({ branch, onClose }: { branch: Branch | null; onClose: () => void }) {
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
      if (branch) await update.mutateAsync({ id: branch.id, name: name.trim() });
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
  const [editing, setEditing] = useState<{ branch: Branch | null; key: number } | null>(null);
  const branches = [...(query.data ?? [])].sort((a, b) => a.name.localeCompare(b.name, 'pt-BR'));

  return (
    <Box maw={900} mx="auto">
      <PageHeader title={t('admin.branches.title')}>
        <Button onClick={() => setEditing({ branch: null, key: Date.now() })}>
          {t('admin.branches.new')}
        </Button>
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
                      <Button
                        size="compact-sm"
                        variant="subtle"
                        onClick={() => setEditing({ branch, key: Date.now() })}
                      >
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
                        onToggle={(active) => update.mutateAsync({ id: branch.id, active })}
                      />
                    </RowActions>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {editing && <BranchModal key={editing.key} branch={editing.branch} onClose={() => setEditing(null)} />}
    </Box>
  );
}
