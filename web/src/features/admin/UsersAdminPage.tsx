import { ROLES, type Role } from '@funil/domain';
import { PasswordInput, Select, Table, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
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
import { AdminTablePage } from './AdminTablePage.tsx';
import { AdminFormModal, type EditModalProps, nameErrors, useModalErrors } from './shared.tsx';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function UserModal({ record: user, ...modal }: EditModalProps<User>) {
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

  const validate = () => {
    const found = nameErrors(name);
    if (!EMAIL.test(email.trim())) found.email = email.trim() ? 'invalid_email' : 'required';
    if (!user && !password) found.password = 'required';
    else if (password && password.length < 8) found.password = 'too_short';
    return found;
  };
  const save = () =>
    user
      ? update.mutateAsync({
          id: user.id,
          version: user.version,
          name: name.trim(),
          email: email.trim(),
          role,
          branchId,
          ...(password ? { password } : {}),
        })
      : create.mutateAsync({ name: name.trim(), email: email.trim(), role, branchId, password });

  return (
    <AdminFormModal
      {...modal}
      section="admin.users"
      editing={user !== null}
      errors={errors}
      saving={create.isPending || update.isPending}
      validate={validate}
      save={save}
    >
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
    </AdminFormModal>
  );
}

/** Admin list of the users: create, edit (role, branch, password), deactivate / reactivate others. */
export function UsersAdminPage() {
  const { t } = useTranslation();
  const { user: me } = useSession();
  const query = useUsers();
  const { branchName } = useDirectory();
  const update = useUpdateUser();
  return (
    <AdminTablePage
      section="admin.users"
      query={query}
      maw={1200}
      minWidth={760}
      columns={[
        t('admin.users.name'),
        t('admin.users.email'),
        t('admin.users.role'),
        t('admin.users.branch'),
      ]}
      rowTestId="user-row"
      renderCells={(u) => (
        <>
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
        </>
      )}
      onToggle={(u, active) => update.mutateAsync({ id: u.id, version: u.version, active })}
      toggleDisabled={(u) => u.id === me.id}
      modal={UserModal}
    />
  );
}
