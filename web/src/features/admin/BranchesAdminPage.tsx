import { Table, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useBranches, useCreateBranch, useUpdateBranch } from '../directory/queries.ts';
import type { Branch } from '../directory/types.ts';
import { AdminTablePage } from './AdminTablePage.tsx';
import { AdminFormModal, type EditModalProps, nameErrors, useModalErrors } from './shared.tsx';

function BranchModal({ record: branch, ...modal }: EditModalProps<Branch>) {
  const { t } = useTranslation();
  const create = useCreateBranch();
  const update = useUpdateBranch();
  const errors = useModalErrors();
  const [name, setName] = useState(branch?.name ?? '');

  const save = () =>
    branch
      ? update.mutateAsync({ id: branch.id, version: branch.version, name: name.trim() })
      : create.mutateAsync({ name: name.trim() });

  return (
    <AdminFormModal
      {...modal}
      section="admin.branches"
      editing={branch !== null}
      errors={errors}
      saving={create.isPending || update.isPending}
      validate={() => nameErrors(name)}
      save={save}
    >
      <TextInput
        label={t('admin.branches.name')}
        value={name}
        onChange={(e) => setName(e.currentTarget.value)}
        error={errors.error('name')}
        required
        data-autofocus
      />
    </AdminFormModal>
  );
}

/** Admin list of the branches: create, rename, deactivate / reactivate. */
export function BranchesAdminPage() {
  const { t } = useTranslation();
  const query = useBranches();
  const update = useUpdateBranch();
  return (
    <AdminTablePage
      section="admin.branches"
      query={query}
      maw={900}
      minWidth={420}
      columns={[t('admin.branches.name')]}
      rowTestId="branch-row"
      renderCells={(branch) => <Table.Td>{branch.name}</Table.Td>}
      onToggle={(branch, active) => update.mutateAsync({ id: branch.id, version: branch.version, active })}
      modal={BranchModal}
    />
  );
}
