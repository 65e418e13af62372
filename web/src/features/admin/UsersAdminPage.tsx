import { ROLES, type Role } from '@funil/domain';
import {
  Box,
  Button,
  Group,
  Modal,
  PasswordInput,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { problemMessage } from '../../lib/problems.ts';
import { EmptyMessage } from '../../ui/EmptyMessage.tsx';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { StaleVersionAlert } from '../../ui/StaleVersionAlert.tsx';
import { useSession } from '../auth/queries.ts';
import {
  toOptions,
  useBranches,
  useCreateUser,
  useDirectory,
  useUpdateUser,
  useUsers,
} from '../directory/queries.ts';
import type { User } from '../directory/types.ts';
import {
  ActivationToggle,
  ActiveBadge,
  GeneralError,
  RowActions,
  useEditing,
  useModalErrors,
} from './shared.tsx';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

type ModalProps = {
  user: User | null;
  opened: boolean;
  onClose: () => void;
  onReload: () => void;
  reloading: boolean;
};

function UserModal({ user, opened, onClose, onReload, reloading }: ModalProps) {
  const { t } = useTranslation();
  const branches = useBranches().data;
  const create = useCreateUser();
  const update = useUpdateUser();
  const errors = useModalErrors();
  const [name, setName] = useState(user?.name ?? '');
  const [email, setEmail] = useState(user?.email ?? '');
  const [role, setRole] = useState<Role>(user?.role ?? 'broker');
  const [branchId, setBranchId] = useState<string | null>(user?.branchId ?? null);
  const [password, setPassword] = useState('');
  const saving = create.isPending || update.isPending;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (name.trim().length < 2) found.name = name.trim() ? 'too_short' : 'required';
    if (!EMAIL.test(email.trim())) found.email = email.trim() ? 'invalid_email' : 'required';
    if (!user && !password) found.password = 'required';
    else if (password && password.length < 8) found.password = 'too_short';
    errors.setClientErrors(found);
    if (Object.keys(found).length) return;
    try {
      if (user) {
        await update.mutateAsync({
          id: user.id,
          version: user.version,
          name: name.trim(),
          email: email.trim(),
          role,
          branchId,
          ...(password ? { password } : {}),
        });
      } else {
        await create.mutateAsync({ name: name.trim(), email: email.trim(), role, branchId, password });
      }
      onClose();
    } catch (err) {
      errors.fromServer(err);
    }
  };

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={user ? t('admin.users.editTitle') : t('admin.users.createTitle')}
    >
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack>
          <GeneralError message={errors.general} />
          {errors.stale && <StaleVersionAlert onReload={onReload} reloading={reloading} />}
          <TextInput
            label={t('admin.users.name')}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={errors.error('name')}
            required
            data-autofocus
          />
          <TextInput
            label={t('admin.users.email')}
            type="email"
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
            error={errors.error('email')}
            required
          />
          <Select<Role>
            label={t('admin.users.role')}
            data={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
            value={role}
            onChange={(v) => v && setRole(v)}
            allowDeselect={false}
            error={errors.error('role')}
          />
          <Select
            label={t('admin.users.branch')}
            placeholder={t('form.branchPlaceholder')}
            data={toOptions(branches, [branchId])}
            value={branchId}
            onChange={setBranchId}
            error={errors.error('branchId')}
            clearable
          />
          <PasswordInput
            label={user ? t('admin.users.newPassword') : t('admin.users.password')}
            description={user ? t('admin.users.newPasswordHint') : t('admin.users.passwordHint')}
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            error={errors.error('password')}
            required={!user}
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

export function UsersAdminPage() {
  const { t } = useTranslation();
  const { user: me } = useSession();
  const query = useUsers();
  const { branchName } = useDirectory();
  const update = useUpdateUser();
  const modal = useEditing(query.refetch);
  const users = [...(query.data ?? [])].sort((a, b) => a.name.localeCompare(b.name, 'pt-BR'));

  return (
    <Box maw={1200} mx="auto">
      <PageHeader title={t('admin.users.title')}>
        <Button onClick={() => modal.open(null)}>{t('admin.users.new')}</Button>
      </PageHeader>
      {query.isError ? (
        <ErrorState message={problemMessage(query.error, t)} onRetry={() => void query.refetch()} />
      ) : query.isPending ? (
        <Text c="dimmed">{t('common.loading')}</Text>
      ) : users.length === 0 ? (
        <EmptyMessage title={t('admin.users.empty')} />
      ) : (
        <Table.ScrollContainer minWidth={760}>
          <Table highlightOnHover verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('admin.users.name')}</Table.Th>
                <Table.Th>{t('admin.users.email')}</Table.Th>
                <Table.Th>{t('admin.users.role')}</Table.Th>
                <Table.Th>{t('admin.users.branch')}</Table.Th>
                <Table.Th>{t('common.status')}</Table.Th>
                <Table.Th ta="right">{t('common.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {users.map((u) => (
                <Table.Tr key={u.id} data-testid="user-row">
                  <Table.Td>
                    {u.name}
                    {u.id === me.id && (
                      <Text span c="dimmed" size="xs">
                        {' '}
                        ({t('admin.users.you')})
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{u.email}</Table.Td>
                  <Table.Td>{t(`roles.${u.role}`)}</Table.Td>
                  <Table.Td>{branchName(u.branchId) ?? t('common.empty')}</Table.Td>
                  <Table.Td>
                    <ActiveBadge active={u.active} />
                  </Table.Td>
                  <Table.Td>
                    <RowActions>
                      <Button size="compact-sm" variant="subtle" onClick={() => modal.open(u)}>
                        {t('common.edit')}
                      </Button>
                      <ActivationToggle
                        active={u.active}
                        disabled={u.id === me.id}
                        labels={{
                          deactivate: t('admin.users.deactivate'),
                          reactivate: t('admin.users.reactivate'),
                          deactivateTitle: t('admin.users.deactivateTitle'),
                          reactivateTitle: t('admin.users.reactivateTitle'),
                          deactivateConfirm: t('admin.users.deactivateConfirm'),
                          reactivateConfirm: t('admin.users.reactivateConfirm'),
                        }}
                        onToggle={(active) => update.mutateAsync({ id: u.id, version: u.version, active })}
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
        <UserModal
          key={modal.editing.key}
          user={modal.editing.record}
          opened
          onClose={modal.close}
          onReload={() => void modal.reload()}
          reloading={modal.reloading}
        />
      )}
    </Box>
  );
}
