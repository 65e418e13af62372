import { Box, Button, Group, Modal, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

type Props = {
  opened: boolean;
  title: ReactNode;
  message: ReactNode;
  confirmLabel: ReactNode;
  color?: string;
  loading?: boolean;
  error?: ReactNode;
  /** A block shown instead of `error` when the failure needs more than a sentence (an alert with an action). */
  notice?: ReactNode;
  onConfirm: () => void;
  onClose: () => void;
};

/** Asks before an action that is hard to undo (deactivations). */
export function ConfirmModal({
  opened,
  title,
  message,
  confirmLabel,
  color = 'red',
  loading,
  error,
  notice,
  onConfirm,
  onClose,
}: Props) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={title} centered>
      <Text size="sm">{message}</Text>
      {notice ? (
        <Box mt="sm">{notice}</Box>
      ) : (
        error && (
          <Text size="sm" c="red" mt="sm" role="alert">
            {error}
          </Text>
        )
      )}
      <Group justify="flex-end" mt="lg">
        <Button variant="default" onClick={onClose} disabled={loading}>
          {t('common.cancel')}
        </Button>
        <Button color={color} onClick={onConfirm} loading={loading}>
          {confirmLabel}
        </Button>
      </Group>
    </Modal>
  );
}
