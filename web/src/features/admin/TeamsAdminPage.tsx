import { Box, Button, Group, Modal, MultiSelect, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { problemMessage } from '../../lib/problems.ts';
import { EmptyMessage } from '../../ui/EmptyMessage.tsx';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { StaleVersionAlert } from '../../ui/StaleVersionAlert.tsx';
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
import {
  ActivationToggle,
  ActiveBadge,
  GeneralError,
  RowActions,
  useEditing,
  useModalErrors,
} from './shared.tsx';

const withRoles = (users: User[] | undefined, roles: User['role'][]) =>
  users?.filter((u) => roles.includes(u.role));

type ModalProps = { team: Team | null; onClose: () => void; onReload: () => void; reloading: boolean };

function TeamModal({ team, onClose, onReload, reloading }: ModalProps) {
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
  const saving = create.isPending || update.isPending;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (name.trim().length < 2) {
      errors.setClientErrors({ name: name.trim() ? 'too_short' : 'required' });
      return;
    }
    errors.reset();
    const body = { name: name.trim(), branchId, managerIds, memberIds };
    try {
      if (team) await update.mutateAsync({ id: team.id, version: team.version, ...body });
      else await create.mutateAsync(body);
      onClose();
    } catch (err) {
      errors.fromServer(err);
    }
  };

  return (
    <Modal opened onClose={onClose} title={team ? t('admin.teams.editTitle') : t('admin.teams.createTitle')}>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack>
          <GeneralError message={errors.general} />
          {errors.stale && <StaleVersionAlert onReload={onReload} reloading={reloading} />}
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

export function TeamsAdminPage() {
  const { t } = useTranslation();
  const query = useTeams();
  const { branchName, userName } = useDirectory();
  const update = useUpdateTeam();
  const modal = useEditing(query.refetch);
  const teams = [...(query.data ?? [])].sort((a, b) => a.name.localeCompare(b.name, 'pt-BR'));

  return (
    <Box maw={1200} mx="auto">
      <PageHeader title={t('admin.teams.title')}>
        <Button onClick={() => modal.open(null)}>{t('admin.teams.new')}</Button>
      </PageHeader>
      {query.isError ? (
        <ErrorState message={problemMessage(query.error, t)} onRetry={() => void query.refetch()} />
      ) : query.isPending ? (
        <Text c="dimmed">{t('common.loading')}</Text>
      ) : teams.length === 0 ? (
        <EmptyMessage title={t('admin.teams.empty')} />
      ) : (
        <Table.ScrollContainer minWidth={760}>
          <Table highlightOnHover verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('admin.teams.name')}</Table.Th>
                <Table.Th>{t('admin.teams.branch')}</Table.Th>
                <Table.Th>{t('admin.teams.managers')}</Table.Th>
                <Table.Th>{t('admin.teams.members')}</Table.Th>
                <Table.Th>{t('common.status')}</Table.Th>
                <Table.Th ta="right">{t('common.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {teams.map((team) => (
                <Table.Tr key={team.id} data-testid="team-row">
                  <Table.Td>{team.name}</Table.Td>
                  <Table.Td>{branchName(team.branchId) ?? t('common.empty')}</Table.Td>
                  <Table.Td>
                    {team.managerIds.map((id) => userName(id) ?? '?').join(', ') || t('common.empty')}
                  </Table.Td>
                  <Table.Td title={team.memberIds.map((id) => userName(id) ?? '?').join(', ')}>
                    {t('admin.teams.membersCount', { count: team.memberIds.length })}
                  </Table.Td>
                  <Table.Td>
                    <ActiveBadge active={team.active} />
                  </Table.Td>
                  <Table.Td>
                    <RowActions>
                      <Button size="compact-sm" variant="subtle" onClick={() => modal.open(team)}>
                        {t('common.edit')}
                      </Button>
                      <ActivationToggle
                        active={team.active}
                        labels={{
                          deactivate: t('admin.teams.deactivate'),
                          reactivate: t('admin.teams.reactivate'),
                          deactivateTitle: t('admin.teams.deactivateTitle'),
                          reactivateTitle: t('admin.teams.reactivateTitle'),
                          deactivateConfirm: t('admin.teams.deactivateConfirm'),
                          reactivateConfirm: t('admin.teams.reactivateConfirm'),
                        }}
                        onToggle={(active) =>
                          update.mutateAsync({ id: team.id, version: team.version, active })
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
        <TeamModal
          key={modal.editing.key}
          team={modal.editing.record}
          onClose={modal.close}
          onReload={() => void modal.reload()}
          reloading={modal.reloading}
        />
      )}
    </Box>
  );
}
