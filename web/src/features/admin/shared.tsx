import { Alert, Badge, Button, Group } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../lib/api.ts';
import { fieldErrorMessage, isVersionMismatch, problemMessage } from '../../lib/problems.ts';
import { ConfirmModal } from '../../ui/ConfirmModal.tsx';
import { StaleVersionAlert } from '../../ui/StaleVersionAlert.tsx';

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
        const next: Record<string, string> = {};
        for (const e of err.errors) if (!(e.field in next)) next[e.field] = e.code;
        setErrors(next);
        setGeneral(null);
      } else {
        setGeneral(problemMessage(err, t));
      }
    },
  };
}

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

export function RowActions({ children }: { children: React.ReactNode }) {
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
