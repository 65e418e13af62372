import {
  CAPABILITIES,
  type Capability,
  ROLES,
  type Role,
  VISIBILITY_SCOPES,
  type VisibilityScope,
} from '@funil/domain';
import { Checkbox, Group, Paper, Select, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { MatrixPage, MatrixRoleName } from './MatrixPage.tsx';
import { changedRoles, isLockedRole, type RoleRule, setCapability, setRoleRule } from './matrix.ts';
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
  onScope: (scope: VisibilityScope) => void;
  onCapability: (capability: Capability, granted: boolean) => void;
};

/** Which people records the role sees; labelled in the cards (phones), by aria-label in the table. */
function ScopeSelect({ role, rule, onScope, withLabel }: RuleProps & { withLabel: boolean }) {
  const { t } = useTranslation();
  return (
    <Select<VisibilityScope>
      label={withLabel ? t('admin.access.scope') : undefined}
      aria-label={withLabel ? undefined : t('admin.access.scopeOf', { role: t(`roles.${role}`) })}
      data={VISIBILITY_SCOPES.map((value) => ({ value, label: t(`admin.access.scopes.${value}`) }))}
      value={rule.peopleScope}
      onChange={(value) => value && onScope(value)}
      allowDeselect={false}
      disabled={isLockedRole(role)}
      miw={withLabel ? undefined : 260}
      data-testid="role-matrix-scope"
    />
  );
}

function CapabilityName({ capability }: { capability: Capability }) {
  const { t } = useTranslation();
  return (
    <Stack gap={0}>
      <Text size="sm" fw={500}>
        {t(`capabilities.${capability}.label`)}
      </Text>
      <Text size="xs" c="dimmed">
        {t(`capabilities.${capability}.hint`)}
      </Text>
    </Stack>
  );
}

function CapabilityToggle({
  role,
  rule,
  onCapability,
  capability,
  withLabel,
}: RuleProps & { capability: Capability; withLabel: boolean }) {
  const { t } = useTranslation();
  return (
    <Checkbox
      label={withLabel ? <CapabilityName capability={capability} /> : undefined}
      aria-label={
        withLabel
          ? undefined
          : t('capabilities.toggleOf', {
              role: t(`roles.${role}`),
              capability: t(`capabilities.${capability}.label`),
            })
      }
      checked={rule.capabilities[capability]}
      onChange={(event) => onCapability(capability, event.currentTarget.checked)}
      disabled={isLockedRole(role)}
      data-testid="role-matrix-capability"
      data-role={role}
      data-capability={capability}
    />
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
        <ScopeSelect {...props} withLabel />
        {CAPABILITIES.map((capability) => (
          <CapabilityToggle key={capability} {...props} capability={capability} withLabel />
        ))}
      </Stack>
    </Paper>
  );
}

/**
 * Per role: which people records its users see and what they may do (capabilities: the admin pages, export,
 * restoring people…) (`/admin/access`). The server checks the same grants in every use case.
 */
export function AccessAdminPage() {
  const { t } = useTranslation();
  return (
    <MatrixPage
      messages="admin.access"
      testId="role-matrix"
      maw={1100}
      query={useRoleMatrix()}
      save={useSaveRoleMatrix()}
      changedRoles={changedRoles}
      skeleton={<MatrixSkeleton />}
    >
      {({ current, changed, edit, isPhone }) => {
        const props = (role: Role): RuleProps => ({
          role,
          rule: current[role],
          changed: changed.includes(role),
          onScope: (peopleScope) => edit((matrix) => setRoleRule(matrix, role, { peopleScope })),
          onCapability: (capability, granted) =>
            edit((matrix) => setCapability(matrix, role, capability, granted)),
        });
        return isPhone ? (
          <Stack gap="sm" data-testid="role-matrix">
            {ROLES.map((role) => (
              <MatrixCard key={role} {...props(role)} />
            ))}
          </Stack>
        ) : (
          <Stack gap="lg">
            <Table verticalSpacing="sm" data-testid="role-matrix">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w="30%">{t('admin.access.role')}</Table.Th>
                  <Table.Th>{t('admin.access.scope')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {ROLES.map((role) => (
                  <Table.Tr
                    key={role}
                    data-testid="role-matrix-row"
                    data-role={role}
                    data-changed={changed.includes(role) || undefined}
                  >
                    <Table.Td>
                      <MatrixRoleName role={role} changed={changed.includes(role)} messages="admin.access" />
                    </Table.Td>
                    <Table.Td>
                      <ScopeSelect {...props(role)} withLabel={false} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            <Title order={3} size="h5">
              {t('capabilities.title')}
            </Title>
            <Table.ScrollContainer minWidth={720}>
              <Table verticalSpacing="xs" withColumnBorders data-testid="role-matrix-capabilities">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th />
                    {ROLES.map((role) => (
                      <Table.Th key={role} ta="center" w={130}>
                        <MatrixRoleName
                          role={role}
                          changed={changed.includes(role)}
                          messages="admin.access"
                        />
                      </Table.Th>
                    ))}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {CAPABILITIES.map((capability) => (
                    <Table.Tr key={capability}>
                      <Table.Th scope="row" fw={400}>
                        <CapabilityName capability={capability} />
                      </Table.Th>
                      {ROLES.map((role) => (
                        <Table.Td key={role}>
                          <Group justify="center">
                            <CapabilityToggle {...props(role)} capability={capability} withLabel={false} />
                          </Group>
                        </Table.Td>
                      ))}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Stack>
        );
      }}
    </MatrixPage>
  );
}
