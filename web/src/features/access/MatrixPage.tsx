import type { Role } from '@funil/domain';
import { Alert, Badge, Box, Button, Group, Stack, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import type { UseMutationResult, UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { problemMessage } from '../../lib/problems.ts';
import { ConfirmModal } from '../../ui/ConfirmModal.tsx';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { StaleVersionAlert } from '../../ui/StaleVersionAlert.tsx';
import { isLockedRole } from './matrix.ts';
import { useMatrixDraft, type Versioned } from './use-matrix-draft.ts';

type Messages = 'admin.access' | 'personStatus.matrix';

/** A role's name in a matrix, with "fixed" for the administrator and "changed" for an unsaved edit. */
export function MatrixRoleName({
  role,
  changed,
  messages,
}: {
  role: Role;
  changed: boolean;
  messages: Messages;
}) {
  const { t } = useTranslation();
  return (
    <Group gap={6} wrap="wrap">
      <Text fw={600} size="sm">
        {t(`roles.${role}`)}
      </Text>
      {isLockedRole(role) && (
        <Badge color="gray" variant="light" size="sm">
          {t(`${messages}.locked`)}
        </Badge>
      )}
      {changed && (
        <Badge color="yellow" variant="dot" size="sm">
          {t(`${messages}.changed`)}
        </Badge>
      )}
    </Group>
  );
}

/** What the page's body needs: the matrix shown (draft or saved), the changed roles, an edit, the layout. */
export type MatrixBody<M> = {
  current: M;
  changed: Role[];
  edit: (change: (matrix: M) => M) => void;
  isPhone: boolean;
};

type Props<M> = {
  /** The message group with the page's texts (title, intro, saved, unsaved, confirmation…). */
  messages: Messages;
  /** Prefix of the page's test ids (`-save`, `-saved`). */
  testId: string;
  maw: number;
  query: UseQueryResult<Versioned<M>>;
  save: UseMutationResult<unknown, Error, Versioned<M>>;
  changedRoles: (before: M, after: M) => Role[];
  skeleton: ReactNode;
  children: (body: MatrixBody<M>) => ReactNode;
};

/**
 * A per-role matrix admin page (Permissões de acesso, Ações por perfil): header with discard / save, intro,
 * the saved notice, loading and error states, the unsaved count and the confirmation listing the changed roles
 * (with the reload when another admin saved first). The matrix itself is the page's `children`.
 */
export function MatrixPage<M>({
  messages,
  testId,
  maw,
  query,
  save,
  changedRoles,
  skeleton,
  children,
}: Props<M>) {
  const { t } = useTranslation();
  const isPhone = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });
  const draft = useMatrixDraft(query, save, changedRoles);
  const { current, changed, stale } = draft;

  return (
    <Box maw={maw} mx="auto">
      <PageHeader title={t(`${messages}.title`)}>
        {changed.length > 0 && (
          <Button variant="default" onClick={draft.discard} disabled={save.isPending}>
            {t(`${messages}.discard`)}
          </Button>
        )}
        <Button
          onClick={draft.openConfirm}
          disabled={changed.length === 0}
          loading={save.isPending}
          data-testid={`${testId}-save`}
        >
          {t('common.save')}
        </Button>
      </PageHeader>

      <Stack gap="md">
        <Stack gap={4}>
          <Text size="sm">{t(`${messages}.intro`)}</Text>
          <Text size="sm" c="dimmed">
            {t(`${messages}.adminNote`)}
          </Text>
        </Stack>

        {draft.saved && (
          <Alert
            color="green"
            variant="light"
            role="status"
            withCloseButton
            closeButtonLabel={t('common.close')}
            onClose={draft.dismissSaved}
            data-testid={`${testId}-saved`}
          >
            {t(`${messages}.saved`)}
          </Alert>
        )}

        {query.isError ? (
          <ErrorState message={problemMessage(query.error, t)} onRetry={() => void query.refetch()} />
        ) : current === undefined ? (
          skeleton
        ) : (
          <>
            {children({ current, changed, edit: draft.edit, isPhone })}
            {changed.length > 0 && (
              <Text size="sm" c="yellow" aria-live="polite">
                {t(`${messages}.unsaved`, { count: changed.length })}
              </Text>
            )}
          </>
        )}
      </Stack>

      <ConfirmModal
        opened={draft.confirming}
        title={t(`${messages}.confirmTitle`)}
        message={
          <Stack gap="xs" component="span">
            <span>{t(`${messages}.confirmMessage`)}</span>
            <Text size="sm" c="dimmed" component="span">
              {t(`${messages}.confirmRoles`, {
                roles: draft.confirmRoles.map((role) => t(`roles.${role}`)).join(', '),
              })}
            </Text>
          </Stack>
        }
        confirmLabel={t('common.save')}
        color="blue"
        loading={save.isPending}
        error={save.isError ? problemMessage(save.error, t) : null}
        notice={
          stale ? (
            <StaleVersionAlert onReload={() => void draft.reload()} reloading={draft.reloading} />
          ) : null
        }
        onConfirm={() => void draft.confirm()}
        onClose={draft.closeConfirm}
      />
    </Box>
  );
}
