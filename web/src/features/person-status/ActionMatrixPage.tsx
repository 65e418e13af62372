import { PERSON_ACTIONS, type PersonAction, ROLES, type Role } from '@funil/domain';
import {
  Alert,
  Badge,
  Box,
  Button,
  Checkbox,
  Group,
  Paper,
  Skeleton,
  Stack,
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
import { useMatrixDraft } from '../access/use-matrix-draft.ts';
import { changedRoles, isLockedRole, setAction } from './action-matrix.ts';
import { isBuiltAction } from './actions.ts';
import { useActionMatrix, useSaveActionMatrix } from './queries.ts';

type RowProps = {
  role: Role;
  row: Record<PersonAction, boolean>;
  changed: boolean;
  onChange: (action: PersonAction, allowed: boolean) => void;
};

function RoleName({ role, changed }: { role: Role; changed: boolean }) {
  const { t } = useTranslation();
  return (
    <Group gap={6} wrap="wrap">
      <Text fw={600} size="sm">
        {t(`roles.${role}`)}
      </Text>
      {isLockedRole(role) && (
        <Badge color="gray" variant="light" size="sm">
          {t('personStatus.matrix.locked')}
        </Badge>
      )}
      {changed && (
        <Badge color="yellow" variant="dot" size="sm">
          {t('personStatus.matrix.changed')}
        </Badge>
      )}
    </Group>
  );
}

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
        <RoleName role={props.role} changed={props.changed} />
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
        <RoleName role={props.role} changed={props.changed} />
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
  const isPhone = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });
  const query = useActionMatrix();
  const save = useSaveActionMatrix();
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
  const edit = (role: Role, action: PersonAction, allowed: boolean) =>
    editDraft((matrix) => setAction(matrix, role, action, allowed));

  return (
    <Box maw={1400} mx="auto">
      <PageHeader title={t('personStatus.matrix.title')}>
        {changed.length > 0 && (
          <Button variant="default" onClick={discard} disabled={save.isPending}>
            {t('personStatus.matrix.discard')}
          </Button>
        )}
        <Button
          onClick={openConfirm}
          disabled={changed.length === 0}
          loading={save.isPending}
          data-testid="action-matrix-save"
        >
          {t('common.save')}
        </Button>
      </PageHeader>

      <Stack gap="md">
        <Stack gap={4}>
          <Text size="sm">{t('personStatus.matrix.intro')}</Text>
          <Text size="sm" c="dimmed">
            {t('personStatus.matrix.adminNote')}
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
            data-testid="action-matrix-saved"
          >
            {t('personStatus.matrix.saved')}
          </Alert>
        )}

        {query.isError ? (
          <ErrorState message={problemMessage(query.error, t)} onRetry={() => void query.refetch()} />
        ) : !current ? (
          <MatrixSkeleton />
        ) : (
          <>
            {isPhone ? (
              <Stack gap="sm" data-testid="action-matrix">
                {ROLES.map((role) => (
                  <MatrixCard
                    key={role}
                    role={role}
                    row={current[role]}
                    changed={changed.includes(role)}
                    onChange={(action, allowed) => edit(role, action, allowed)}
                  />
                ))}
              </Stack>
            ) : (
              <Table.ScrollContainer minWidth={1000}>
                <Table
                  verticalSpacing="sm"
                  horizontalSpacing="xs"
                  withColumnBorders
                  data-testid="action-matrix"
                >
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
                        onChange={(action, allowed) => edit(role, action, allowed)}
                      />
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}
            {changed.length > 0 && (
              <Text size="sm" c="yellow.9" aria-live="polite">
                {t('personStatus.matrix.unsaved', { count: changed.length })}
              </Text>
            )}
          </>
        )}
      </Stack>

      <ConfirmModal
        opened={confirming}
        title={t('personStatus.matrix.confirmTitle')}
        message={
          <Stack gap="xs" component="span">
            <span>{t('personStatus.matrix.confirmMessage')}</span>
            <Text size="sm" c="dimmed" component="span">
              {t('personStatus.matrix.confirmRoles', {
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
