import { ROLES, type Role, VISIBILITY_SCOPES, type VisibilityScope } from '@funil/domain';
import {
  Alert,
  Badge,
  Box,
  Button,
  Group,
  Paper,
  Select,
  Skeleton,
  Stack,
  Switch,
  Table,
  Text,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { problemMessage } from '../../lib/problems.ts';
import { ConfirmModal } from '../../ui/ConfirmModal.tsx';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { StaleVersionAlert } from '../../ui/StaleVersionAlert.tsx';
import { changedRoles, isLockedRole, type RoleRule, setRoleRule } from './matrix.ts';
import { useRoleMatrix, useSaveRoleMatrix } from './queries.ts';
import { useMatrixDraft } from './use-matrix-draft.ts';

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

function RoleName({ role, changed }: { role: Role; changed: boolean }) {
  const { t } = useTranslation();
  return (
    <Group gap="xs" wrap="nowrap">
      <Text fw={600} size="sm">
        {t(`roles.${role}`)}
      </Text>
      {isLockedRole(role) && (
        <Badge color="gray" variant="light" size="sm">
          {t('admin.access.locked')}
        </Badge>
      )}
      {changed && (
        <Badge color="yellow" variant="dot" size="sm">
          {t('admin.access.changed')}
        </Badge>
      )}
    </Group>
  );
}

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
        <RoleName role={props.role} changed={props.changed} />
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
        <RoleName role={props.role} changed={props.changed} />
        <RuleControls {...props} withLabels />
      </Stack>
    </Paper>
  );
}

/** Per role: which people records its users see and whether they may export them (`/admin/access`). */
export function AccessAdminPage() {
  const { t } = useTranslation();
  const isPhone = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });
  const query = useRoleMatrix();
  const save = useSaveRoleMatrix();
  const {
    current,
    changed,
    confirming,
    confirmRoles,
    saved,
    reloading,
    stale,
    dismissSaved,
    discard,
    openConfirm,
    confirm,
    reload,
    closeConfirm,
    edit: editDraft,
  } = useMatrixDraft(query, save, changedRoles);
  const edit = (role: Role, patch: Partial<RoleRule>) =>
    editDraft((matrix) => setRoleRule(matrix, role, patch));

  return (
    <Box maw={960} mx="auto">
      <PageHeader title={t('admin.access.title')}>
        {changed.length > 0 && (
          <Button variant="default" onClick={discard} disabled={save.isPending}>
            {t('admin.access.discard')}
          </Button>
        )}
        <Button
          onClick={openConfirm}
          disabled={changed.length === 0}
          loading={save.isPending}
          data-testid="role-matrix-save"
        >
          {t('common.save')}
        </Button>
      </PageHeader>

      <Stack gap="md">
        <Stack gap={4}>
          <Text size="sm">{t('admin.access.intro')}</Text>
          <Text size="sm" c="dimmed">
            {t('admin.access.adminNote')}
          </Text>
        </Stack>

        {saved && (
          <Alert
            color="green"
            variant="light"
            role="status"
            withCloseButton
            closeButtonLabel={t('common.close')}
            onClose={dismissSaved}
            data-testid="role-matrix-saved"
          >
            {t('admin.access.saved')}
          </Alert>
        )}

        {query.isError ? (
          <ErrorState message={problemMessage(query.error, t)} onRetry={() => void query.refetch()} />
        ) : !current ? (
          <MatrixSkeleton />
        ) : (
          <>
            {isPhone ? (
              <Stack gap="sm" data-testid="role-matrix">
                {ROLES.map((role) => (
                  <MatrixCard
                    key={role}
                    role={role}
                    rule={current[role]}
                    changed={changed.includes(role)}
                    onChange={(patch) => edit(role, patch)}
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
                      onChange={(patch) => edit(role, patch)}
                    />
                  ))}
                </Table.Tbody>
              </Table>
            )}
            {changed.length > 0 && (
              <Text size="sm" c="yellow.9" aria-live="polite">
                {t('admin.access.unsaved', { count: changed.length })}
              </Text>
            )}
          </>
        )}
      </Stack>

      <ConfirmModal
        opened={confirming}
        title={t('admin.access.confirmTitle')}
        message={
          <Stack gap="xs" component="span">
            <span>{t('admin.access.confirmMessage')}</span>
            <Text size="sm" c="dimmed" component="span">
              {t('admin.access.confirmRoles', {
                roles: confirmRoles.map((role) => t(`roles.${role}`)).join(', '),
              })}
            </Text>
          </Stack>
        }
        confirmLabel={t('common.save')}
        color="blue"
        loading={save.isPending}
        error={save.isError ? problemMessage(save.error, t) : null}
        notice={stale ? <StaleVersionAlert onReload={() => void reload()} reloading={reloading} /> : null}
        onConfirm={() => void confirm()}
        onClose={closeConfirm}
      />
    </Box>
  );
}
