import { PERSON_ACTIONS, type PersonAction, ROLES, type Role } from '@funil/domain';
import { Checkbox, Group, Paper, Skeleton, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { MatrixPage, MatrixRoleName } from '../access/MatrixPage.tsx';
import { isLockedRole } from '../access/matrix.ts';
import { changedRoles, setAction } from './action-matrix.ts';
import { isBuiltAction } from './actions.ts';
import { useActionMatrix, useSaveActionMatrix } from './queries.ts';

type RowProps = {
  role: Role;
  row: Record<PersonAction, boolean>;
  changed: boolean;
  onChange: (action: PersonAction, allowed: boolean) => void;
};

function ActionName({ action }: { action: PersonAction }) {
  const { t } = useTranslation();
  return (
    <>
      {t(`personStatus.actions.${action}`)}
      {!isBuiltAction(action) && (
        <Text span size="xs" c="dimmed" fw={400}>
          {' '}
          ({t('personStatus.matrix.soon')})
        </Text>
      )}
    </>
  );
}

function ActionToggle({
  role,
  row,
  onChange,
  action,
  withLabel,
}: RowProps & { action: PersonAction; withLabel: boolean }) {
  const { t } = useTranslation();
  return (
    <Checkbox
      label={withLabel ? <ActionName action={action} /> : undefined}
      aria-label={
        withLabel
          ? undefined
          : t('personStatus.matrix.toggleOf', {
              action: t(`personStatus.actions.${action}`),
              role: t(`roles.${role}`),
            })
      }
      checked={row[action]}
      onChange={(event) => onChange(action, event.currentTarget.checked)}
      disabled={isLockedRole(role)}
      data-testid="action-matrix-toggle"
      data-action={action}
    />
  );
}

function MatrixRow(props: RowProps) {
  return (
    <Table.Tr
      data-testid="action-matrix-row"
      data-role={props.role}
      data-changed={props.changed || undefined}
    >
      <Table.Th
        scope="row"
        style={{
          position: 'sticky',
          left: 0,
          background: 'var(--mantine-color-body)',
          zIndex: 1,
        }}
      >
        <MatrixRoleName role={props.role} changed={props.changed} messages="personStatus.matrix" />
      </Table.Th>
      {PERSON_ACTIONS.map((action) => (
        <Table.Td key={action} ta="center">
          <Group justify="center">
            <ActionToggle {...props} action={action} withLabel={false} />
          </Group>
        </Table.Td>
      ))}
    </Table.Tr>
  );
}

function MatrixCard(props: RowProps) {
  return (
    <Paper
      withBorder
      p="sm"
      data-testid="action-matrix-row"
      data-role={props.role}
      data-changed={props.changed || undefined}
    >
      <Stack gap="sm">
        <MatrixRoleName role={props.role} changed={props.changed} messages="personStatus.matrix" />
        {PERSON_ACTIONS.map((action) => (
          <ActionToggle key={action} {...props} action={action} withLabel />
        ))}
      </Stack>
    </Paper>
  );
}

function MatrixSkeleton() {
  return (
    <Stack gap="xs" aria-hidden>
      <Skeleton height={56} />
      {ROLES.map((role) => (
        <Skeleton key={role} height={44} />
      ))}
    </Stack>
  );
}

/** Per role: which actions of the person page's "Ações" menu its users may use (`/admin/actions`). */
export function ActionMatrixPage() {
  const { t } = useTranslation();
  return (
    <MatrixPage
      messages="personStatus.matrix"
      testId="action-matrix"
      maw={1400}
      query={useActionMatrix()}
      save={useSaveActionMatrix()}
      changedRoles={changedRoles}
      skeleton={<MatrixSkeleton />}
    >
      {({ current, changed, edit, isPhone }) => {
        const editAction = (role: Role, action: PersonAction, allowed: boolean) =>
          edit((matrix) => setAction(matrix, role, action, allowed));
        return isPhone ? (
          <Stack gap="sm" data-testid="action-matrix">
            {ROLES.map((role) => (
              <MatrixCard
                key={role}
                role={role}
                row={current[role]}
                changed={changed.includes(role)}
                onChange={(action, allowed) => editAction(role, action, allowed)}
              />
            ))}
          </Stack>
        ) : (
          <Table.ScrollContainer minWidth={1000}>
            <Table verticalSpacing="sm" horizontalSpacing="xs" withColumnBorders data-testid="action-matrix">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={170}>{t('personStatus.matrix.role')}</Table.Th>
                  {PERSON_ACTIONS.map((action) => (
                    <Table.Th
                      key={action}
                      ta="center"
                      fz="xs"
                      lang="pt-BR"
                      style={{ verticalAlign: 'bottom', hyphens: 'auto', overflowWrap: 'break-word' }}
                    >
                      <ActionName action={action} />
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {ROLES.map((role) => (
                  <MatrixRow
                    key={role}
                    role={role}
                    row={current[role]}
                    changed={changed.includes(role)}
                    onChange={(action, allowed) => editAction(role, action, allowed)}
                  />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        );
      }}
    </MatrixPage>
  );
}
