import { MultiSelect, Select, Table, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  toOptions,
  useBranches,
  useCreateTeam,
  useDirectory,
  useTeams,
  useUpdateTeam,
  useUsers,
} from '../directory/queries.ts';
import type { Team, User } from '../directory/types.ts';
import { AdminTablePage } from './AdminTablePage.tsx';
import { AdminFormModal, type EditModalProps, nameErrors, useModalErrors } from './shared.tsx';

const withRoles = (users: User[] | undefined, roles: User['role'][]) =>
  users?.filter((u) => roles.includes(u.role));

function TeamModal({ record: team, ...modal }: EditModalProps<Team>) {
  const { t } = useTranslation();
  const users = useUsers().data;
  const branches = useBranches().data;
  const create = useCreateTeam();
  const update = useUpdateTeam();
  const errors = useModalErrors();
  const [name, setName] = useState(team?.name ?? '');
  const [branchId, setBranchId] = useState<string | null>(team?.branchId ?? null);
  const [managerIds, setManagerIds] = useState<string[]>(team?.managerIds ?? []);
  const [memberIds, setMemberIds] = useState<string[]>(team?.memberIds ?? []);

  const save = () => {
    const body = { name: name.trim(), branchId, managerIds, memberIds };
    return team
      ? update.mutateAsync({ id: team.id, version: team.version, ...body })
      : create.mutateAsync(body);
  };

  return (
    <AdminFormModal
      {...modal}
      section="admin.teams"
      editing={team !== null}
      errors={errors}
      saving={create.isPending || update.isPending}
      validate={() => nameErrors(name)}
      save={save}
    >
      <TextInput
        label={t('admin.teams.name')}
        value={name}
        onChange={(e) => setName(e.currentTarget.value)}
        error={errors.error('name')}
        required
        data-autofocus
      />
      <Select
        label={t('admin.teams.branch')}
        placeholder={t('form.branchPlaceholder')}
        data={toOptions(branches, [branchId])}
        value={branchId}
        onChange={setBranchId}
        error={errors.error('branchId')}
        clearable
      />
      <MultiSelect
        label={t('admin.teams.managers')}
        data={toOptions(withRoles(users, ['manager']), managerIds)}
        value={managerIds}
        onChange={setManagerIds}
        error={errors.error('managerIds')}
        searchable
        clearable
      />
      <MultiSelect
        label={t('admin.teams.members')}
        data={toOptions(withRoles(users, ['broker', 'attendant']), memberIds)}
        value={memberIds}
        onChange={setMemberIds}
        error={errors.error('memberIds')}
        searchable
        clearable
      />
    </AdminFormModal>
  );
}

/** Admin list of the teams: create, edit branch / managers / members, deactivate / reactivate. */
export function TeamsAdminPage() {
  const { t } = useTranslation();
  const { branchName, userName } = useDirectory();
  const query = useTeams();
  const update = useUpdateTeam();
  return (
    <AdminTablePage
      section="admin.teams"
      query={query}
      maw={1200}
      minWidth={760}
      columns={[
        t('admin.teams.name'),
        t('admin.teams.branch'),
        t('admin.teams.managers'),
        t('admin.teams.members'),
      ]}
      rowTestId="team-row"
      renderCells={(team) => (
        <>
          <Table.Td>{team.name}</Table.Td>
          <Table.Td>{branchName(team.branchId) ?? t('common.empty')}</Table.Td>
          <Table.Td>
            {team.managerIds.map((id) => userName(id) ?? '?').join(', ') || t('common.empty')}
          </Table.Td>
          <Table.Td title={team.memberIds.map((id) => userName(id) ?? '?').join(', ')}>
            {t('admin.teams.membersCount', { count: team.memberIds.length })}
          </Table.Td>
        </>
      )}
      onToggle={(team, active) => update.mutateAsync({ id: team.id, version: team.version, active })}
      modal={TeamModal}
    />
  );
}
