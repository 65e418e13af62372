import { ROLES, type Role, type RoleMatrix, VISIBILITY_SCOPES, type VisibilityScope } from '@funil/domain';
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
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isVersionMismatch, problemMessage } from '../../lib/problems.ts';
import { ConfirmModal } from '../../ui/ConfirmModal.tsx';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { StaleVersionAlert } from '../../ui/StaleVersionAlert.tsx';
import { changedRoles, isLockedRole, type RoleRule, setRoleRule } from './matrix.ts';
import { useRoleMatrix, useSaveRoleMatrix, type VersionedRoleMatrix } from './queries.ts';

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
  // The edited matrix and the saved one it started from (its version goes in If-Match); null until the
  // admin changes something (and again after saving, discarding or reloading).
  const [draft, setDraft] = useState<{ base: VersionedRoleMatrix; matrix: RoleMatrix } | null>(null);
  const [confirming, setConfirming] = useState(false);
  // The roles listed in the confirmation, kept while it fades out after saving.
  const [confirmRoles, setConfirmRoles] = useState<Role[]>([]);
  const [saved, setSaved] = useState(false);
  const [reloading, setReloading] = useState(false);

  const current = draft?.matrix ?? query.data?.matrix;
  const changed = draft ? changedRoles(draft.base.matrix, draft.matrix) : [];
  // Another admin saved the matrix after this one was loaded: nothing was changed by this save.
  const stale = isVersionMismatch(save.error);

  const edit = (role: Role, patch: Partial<RoleRule>) => {
    const base = draft?.base ?? query.data;
    if (!base || !current) return;
    setDraft({ base, matrix: setRoleRule(current, role, patch) });
    setSaved(false);
  };

  const confirm = async () => {
    if (!draft) return;
    try {
      await save.mutateAsync({ matrix: draft.matrix, version: draft.base.version });
      setDraft(null);
      setConfirming(false);
      setSaved(true);
    } catch {
      // Shown in the confirmation (save.error); the edits stay so the admin can try again.
    }
  };

  // Shows the matrix as it is now; the admin's unsaved edits are dropped (they were based on an old one).
  const reload = async () => {
    setReloading(true);
    try {
      await query.refetch();
    } finally {
      setReloading(false);
    }
    setDraft(null);
    setConfirming(false);
    save.reset();
  };

  const closeConfirm = () => {
    if (save.isPending) return;
    setConfirming(false);
    save.reset();
  };

  return (
    <Box maw={960} mx="auto">
      <PageHeader title={t('admin.access.title')}>
        {changed.length > 0 && (
          <Button variant="default" onClick={() => setDraft(null)} disabled={save.isPending}>
            {t('admin.access.discard')}
          </Button>
        )}
        <Button
          onClick={() => {
            setConfirmRoles(changed);
            setConfirming(true);
          }}
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
            onClose={() => setSaved(false)}
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
