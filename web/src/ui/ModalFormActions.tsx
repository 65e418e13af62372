import { Alert, Button, Group } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { StaleVersionAlert } from './StaleVersionAlert.tsx';

type Props = {
  /** The save was refused because someone else changed the record first (412). */
  stale: boolean;
  /** Loads the current version (the form then shows it). */
  onReload: () => Promise<void>;
  /** A refusal no field explains (pt-BR). */
  general: string | null;
  saving: boolean;
  onCancel: () => void;
  saveTestId: string;
};

/** The end of an editing modal's form: the stale-version notice with its reload, a general error, Cancelar / Salvar. */
export function ModalFormActions({ stale, onReload, general, saving, onCancel, saveTestId }: Props) {
  const { t } = useTranslation();
  const [reloading, setReloading] = useState(false);
  return (
    <>
      {stale && (
        <StaleVersionAlert
          reloading={reloading}
          onReload={() => {
            setReloading(true);
            void onReload().finally(() => setReloading(false));
          }}
        />
      )}
      {general && (
        <Alert color="red" variant="light" role="alert">
          {general}
        </Alert>
      )}
      <Group justify="flex-end" gap="sm">
        <Button variant="default" onClick={onCancel} disabled={saving}>
          {t('common.cancel')}
        </Button>
        <Button type="submit" loading={saving} data-testid={saveTestId}>
          {t('common.save')}
        </Button>
      </Group>
    </>
  );
}
