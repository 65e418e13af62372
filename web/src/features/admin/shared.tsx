import { Alert, Badge, Button, Group } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../lib/api.ts';
import { fieldErrorMessage, problemMessage } from '../../lib/problems.ts';
import { ConfirmModal } from '../../ui/ConfirmModal.tsx';

export function ActiveBadge({ active }: { active: boolean }) {
  const { t } = useTranslation();
  return (
    <Badge color={active ? 'green' : 'gray'} variant="light">
      {active ? t('common.active') : t('common.inactive')}
    </Badge>
  );
}

/** Field errors of an admin modal: client checks first, then the server's 422 `errors`. */
export function useModalErrors() {
  const { t } = useTranslation();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string | null>(null);
  return {
    error: (field: string) => (errors[field] ? fieldErrorMessage(errors[field], t) : undefined),
    general,
    setClientErrors: (next: Record<string, string>) => {
      setErrors(next);
      setGeneral(null);
    },
    reset: () => {
      setErrors({});
      setGeneral(null);
    },
    fromServer: (err: unknown) => {
      if (isApiError(err) && err.errors.length > 0) {
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
  disabled?: boolean;
};

/** Deactivate / reactivate, always behind a confirmation. */
export function ActivationToggle({ active, labels, onToggle, disabled }: ToggleProps) {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const confirm = async () => {
    setPending(true);
    setError(null);
    try {
      await onToggle(!active);
      setOpened(false);
    } catch (err) {
      setError(problemMessage(err, t));
    } finally {
      setPending(false);
    }
  };
  return (
    <>
      <Button
        size="compact-sm"
        variant="subtle"
        color={active ? 'red' : 'green'}
        onClick={() => setOpened(true)}
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
