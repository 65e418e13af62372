import { ROLES, type Role, VISIBILITY_SCOPES, type VisibilityScope } from '@funil/domain';
import { Paper, Select, Skeleton, Stack, Switch, Table } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { MatrixPage, MatrixRoleName } from './MatrixPage.tsx';
import { changedRoles, isLockedRole, type RoleRule, setRoleRule } from './matrix.ts';
import { useRoleMatrix, useSaveRoleMatrix } from './queries.ts';

function MatrixSkeleton() {
  return (
    <Stack gap="xs" aria-hidden>
      <Skeleton height={36} />
      {ROLES.map((role) => (
        <Skeleton key={role} height={52} />
      ))}
    </Stack>
  );
}

type RuleProps = {
  role: Role;
  rule: RoleRule;
  changed: boolean;
  onChange: (patch: Partial<RoleRule>) => void;
};

/** The role's two controls; labelled in the cards (phones), by aria-label in the table. */
function RuleControls({ role, rule, onChange, withLabels }: RuleProps & { withLabels: boolean }) {
  const { t } = useTranslation();
  const locked = isLockedRole(role);
  const roleName = t(`roles.${role}`);
  const scope = (
    <Select<VisibilityScope>
      label={withLabels ? t('admin.access.scope') : undefined}
      aria-label={withLabels ? undefined : t('admin.access.scopeOf', { role: roleName })}
      data={VISIBILITY_SCOPES.map((value) => ({ value, label: t(`admin.access.scopes.${value}`) }))}
      value={rule.peopleScope}
      onChange={(value) => value && onChange({ peopleScope: value })}
      allowDeselect={false}
      disabled={locked}
      miw={withLabels ? undefined : 260}
      data-testid="role-matrix-scope"
    />
  );
  const exportSwitch = (
    <Switch
      label={withLabels ? t('admin.access.export') : undefined}
      aria-label={withLabels ? undefined : t('admin.access.exportOf', { role: roleName })}
      checked={rule.peopleExport}
      onChange={(event) => onChange({ peopleExport: event.currentTarget.checked })}
      disabled={locked}
      data-testid="role-matrix-export"
    />
  );
  return withLabels ? (
    <Stack gap="sm">
      {scope}
      {exportSwitch}
    </Stack>
  ) : (
    <>
      <Table.Td>{scope}</Table.Td>
      <Table.Td>{exportSwitch}</Table.Td>
    </>
  );
}

function MatrixRow(props: RuleProps) {
  return (
    <Table.Tr data-testid="role-matrix-row" data-role={props.role} data-changed={props.changed || undefined}>
      <Table.Td>
        <MatrixRoleName role={props.role} changed={props.changed} messages="admin.access" />
      </Table.Td>
      <RuleControls {...props} withLabels={false} />
    </Table.Tr>
  );
}

function MatrixCard(props: RuleProps) {
  return (
    <Paper
      withBorder
      p="sm"
      data-testid="role-matrix-row"
      data-role={props.role}
      data-changed={props.changed || undefined}
    >
      <Stack gap="sm">
        <MatrixRoleName role={props.role} changed={props.changed} messages="admin.access" />
        <RuleControls {...props} withLabels />
      </Stack>
    </Paper>
  );
}

/** Per role: which people records its users see and whether they may export them (`/admin/access`). */
export function AccessAdminPage() {
  const { t } = useTranslation();
  return (
    <MatrixPage
      messages="admin.access"
      testId="role-matrix"
      maw={960}
      query={useRoleMatrix()}
      save={useSaveRoleMatrix()}
      changedRoles={changedRoles}
      skeleton={<MatrixSkeleton />}
    >
      {({ current, changed, edit, isPhone }) => {
        const editRule = (role: Role, patch: Partial<RoleRule>) =>
          edit((matrix) => setRoleRule(matrix, role, patch));
        return isPhone ? (
          <Stack gap="sm" data-testid="role-matrix">
            {ROLES.map((role) => (
              <MatrixCard
                key={role}
                role={role}
                rule={current[role]}
                changed={changed.includes(role)}
                onChange={(patch) => editRule(role, patch)}
              />
            ))}
          </Stack>
        ) : (
          <Table verticalSpacing="sm" data-testid="role-matrix">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w="30%">{t('admin.access.role')}</Table.Th>
                <Table.Th>{t('admin.access.scope')}</Table.Th>
                <Table.Th w={140}>{t('admin.access.export')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {ROLES.map((role) => (
                <MatrixRow
                  key={role}
                  role={role}
                  rule={current[role]}
                  changed={changed.includes(role)}
                  onChange={(patch) => editRule(role, patch)}
                />
              ))}
            </Table.Tbody>
          </Table>
        );
      }}
    </MatrixPage>
  );
}
