import { Alert, Badge, Button, Group, Modal, Stack } from '@mantine/core';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../lib/api.ts';
import { fieldErrorMap, fieldErrorMessage, isVersionMismatch, problemMessage } from '../../lib/problems.ts';
import { ConfirmModal } from '../../ui/ConfirmModal.tsx';
import { StaleVersionAlert } from '../../ui/StaleVersionAlert.tsx';

/** Whether a record is active, as a badge. */
export function ActiveBadge({ active }: { active: boolean }) {
  const { t } = useTranslation();
  return (
    <Badge color={active ? 'green' : 'gray'} variant="light">
      {active ? t('common.active') : t('common.inactive')}
    </Badge>
  );
}

/**
 * Field errors of an admin modal: client checks first, then the server's 422 `errors`; `stale` when the
 * record was changed by someone else since it was loaded (412).
 */
export function useModalErrors() {
  const { t } = useTranslation();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [stale, setStale] = useState(false);
  return {
    error: (field: string) => (errors[field] ? fieldErrorMessage(errors[field], t) : undefined),
    general,
    stale,
    setClientErrors: (next: Record<string, string>) => {
      setErrors(next);
      setGeneral(null);
      setStale(false);
    },
    reset: () => {
      setErrors({});
      setGeneral(null);
      setStale(false);
    },
    fromServer: (err: unknown) => {
      setStale(false);
      if (isVersionMismatch(err)) {
        setErrors({});
        setGeneral(null);
        setStale(true);
      } else if (isApiError(err) && err.errors.length > 0) {
        setErrors(fieldErrorMap(err.errors));
        setGeneral(null);
      } else {
        setGeneral(problemMessage(err, t));
      }
    },
  };
}

/** An error of a modal's form that belongs to no field; nothing when there is none. */
export function GeneralError({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <Alert color="red" variant="light" role="alert">
      {message}
    </Alert>
  );
}

type ToggleProps = {
  active: boolean;
  labels: {
    deactivate: string;
    reactivate: string;
    deactivateTitle: string;
    reactivateTitle: string;
    deactivateConfirm: string;
    reactivateConfirm: string;
  };
  onToggle: (active: boolean) => Promise<unknown>;
  /** Loads the record again after someone else changed it (the toggle was refused with 412). */
  onReload: () => Promise<unknown>;
  disabled?: boolean;
};

/** Deactivate / reactivate, always behind a confirmation. */
export function ActivationToggle({ active, labels, onToggle, onReload, disabled }: ToggleProps) {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [stale, setStale] = useState(false);
  const [reloading, setReloading] = useState(false);
  const confirm = async () => {
    setPending(true);
    setError(null);
    setStale(false);
    try {
      await onToggle(!active);
      setOpened(false);
    } catch (err) {
      if (isVersionMismatch(err)) setStale(true);
      else setError(problemMessage(err, t));
    } finally {
      setPending(false);
    }
  };
  // The row shows the current state once reloaded; the admin decides again from there.
  const reload = async () => {
    setReloading(true);
    try {
      await onReload();
    } finally {
      setReloading(false);
      setStale(false);
      setOpened(false);
    }
  };
  return (
    <>
      <Button
        size="compact-sm"
        variant="subtle"
        color={active ? 'red' : 'green'}
        onClick={() => {
          setError(null);
          setStale(false);
          setOpened(true);
        }}
        disabled={disabled}
      >
        {active ? labels.deactivate : labels.reactivate}
      </Button>
      <ConfirmModal
        opened={opened}
        title={active ? labels.deactivateTitle : labels.reactivateTitle}
        message={active ? labels.deactivateConfirm : labels.reactivateConfirm}
        confirmLabel={active ? labels.deactivate : labels.reactivate}
        color={active ? 'red' : 'green'}
        loading={pending}
        error={error}
        notice={stale ? <StaleVersionAlert onReload={() => void reload()} reloading={reloading} /> : null}
        onConfirm={() => void confirm()}
        onClose={() => setOpened(false)}
      />
    </>
  );
}

/** The actions of a table row, aligned right. */
export function RowActions({ children }: { children: ReactNode }) {
  return (
    <Group gap={4} wrap="nowrap" justify="flex-end">
      {children}
    </Group>
  );
}

/**
 * The record open in an admin modal (null: creating one). `reload` fetches the list again and reopens the
 * modal on the current version of the record, its form reset, after someone else changed it (412).
 */
export function useEditing<T extends { id: string }>(refetch: () => Promise<{ data?: T[] | undefined }>) {
  const [editing, setEditing] = useState<{ record: T | null; key: number } | null>(null);
  const [reloading, setReloading] = useState(false);
  return {
    editing,
    reloading,
    open: (record: T | null) => setEditing({ record, key: Date.now() }),
    close: () => setEditing(null),
    reload: async () => {
      const id = editing?.record?.id;
      setReloading(true);
      try {
        const fresh = (await refetch()).data?.find((r) => r.id === id) ?? null;
        setEditing(fresh ? { record: fresh, key: Date.now() } : null);
      } finally {
        setReloading(false);
      }
    },
  };
}

/** What an admin page hands its create / edit modal (`record` null: creating one). */
export type EditModalProps<T> = {
  record: T | null;
  onClose: () => void;
  /** Reopens the modal on the current version of the record after a 412. */
  onReload: () => void;
  reloading: boolean;
};

/** The i18n prefix of an admin page: its titles, "new" button, empty message and (de)activation texts. */
export type AdminSection = 'admin.users' | 'admin.teams' | 'admin.branches';

/** Client check of an admin record's name, as field errors (none when it is fine). */
export const nameErrors = (name: string): Record<string, string> =>
  name.trim().length < 2 ? { name: name.trim() ? 'too_short' : 'required' } : {};

type FormModalProps = Omit<EditModalProps<unknown>, 'record'> & {
  section: AdminSection;
  editing: boolean;
  errors: ReturnType<typeof useModalErrors>;
  saving: boolean;
  /** Client checks: field → error code; saving goes ahead only when empty. */
  validate: () => Record<string, string>;
  save: () => Promise<unknown>;
  children: ReactNode;
};

/**
 * The form of an admin modal: general / stale-version errors above its fields, cancel and save below; closes
 * once saved, or shows the server's errors.
 */
export function AdminFormModal({
  section,
  editing,
  errors,
  saving,
  validate,
  save,
  onClose,
  onReload,
  reloading,
  children,
}: FormModalProps) {
  const { t } = useTranslation();
  const submit = async () => {
    const found = validate();
    errors.setClientErrors(found);
    if (Object.keys(found).length) return;
    try {
      await save();
      onClose();
    } catch (err) {
      errors.fromServer(err);
    }
  };
  return (
    <Modal opened onClose={onClose} title={editing ? t(`${section}.editTitle`) : t(`${section}.createTitle`)}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
        noValidate
      >
        <Stack>
          <GeneralError message={errors.general} />
          {errors.stale && <StaleVersionAlert onReload={onReload} reloading={reloading} />}
          {children}
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
