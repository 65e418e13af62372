import { Button, Group, Modal, Select, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { problemMessage } from '../../lib/problems.ts';
import { useOpportunitySettings } from './queries.ts';

export type Closing = { cardId: string; title: string; status: 'lost' | 'discarded' };

type Props = {
  closing: Closing;
  onCancel: () => void;
  onConfirm: (answer: { reasonId: string; note: string | null }) => void;
};

/** A card dropped on "Perdida" or "Descartada": the reason (required, from the workspace's list) and a note. */
export function OutcomeReasonModal({ closing, onCancel, onConfirm }: Props) {
  const { t } = useTranslation();
  const settings = useOpportunitySettings();
  const [reasonId, setReasonId] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [missingReason, setMissingReason] = useState(false);
  const { status } = closing;
  const reasons = settings.data?.lists[status === 'lost' ? 'loss_reason' : 'discard_reason'] ?? [];

  const confirm = () => {
    if (!reasonId) {
      setMissingReason(true);
      return;
    }
    onConfirm({ reasonId, note: note.trim() || null });
  };

  return (
    <Modal
      opened
      onClose={onCancel}
      title={t(`board.outcome.modalTitle.${status}`, { title: closing.title })}
      centered
      data-testid="outcome-modal"
    >
      <Stack gap="sm">
        <Select
          label={t(`board.outcome.reason.${status}`)}
          placeholder={t('board.outcome.reasonPlaceholder')}
          data={reasons.map((r) => ({ value: r.id, label: r.label }))}
          value={reasonId}
          onChange={(value) => {
            setReasonId(value);
            setMissingReason(false);
          }}
          error={missingReason ? t('board.outcome.reasonRequired') : undefined}
          required
          disabled={settings.isPending}
          comboboxProps={{ withinPortal: true }}
          data-autofocus
          data-testid="outcome-reason"
        />
        {settings.isSuccess && reasons.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('board.outcome.noReasons')}
          </Text>
        )}
        {settings.isError && (
          <Text size="sm" c="red" role="alert">
            {problemMessage(settings.error, t)}
          </Text>
        )}
        <Textarea
          label={t('board.outcome.note')}
          placeholder={t('board.outcome.notePlaceholder')}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          autosize
          minRows={2}
          maxRows={6}
          maxLength={2000}
          data-testid="outcome-note"
        />
        <Group justify="flex-end" gap="sm" mt="xs">
          <Button variant="default" onClick={onCancel} data-testid="outcome-cancel">
            {t('common.cancel')}
          </Button>
          <Button color={status === 'lost' ? 'red' : 'gray'} onClick={confirm} data-testid="outcome-confirm">
            {t(`board.outcome.confirm.${status}`)}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
