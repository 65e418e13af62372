import { Alert, Button, Group, Modal, Select, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { problemMessage } from '../../lib/problems.ts';
import { opportunityFieldError } from './opportunity-form.ts';
import { useOpportunitySettings } from './queries.ts';

export type CloseAnswer = { reasonId: string; note: string | null };

type Props = {
  status: 'lost' | 'discarded';
  title: string;
  onCancel: () => void;
  onConfirm: (answer: CloseAnswer) => void;
  pending?: boolean;
  /** A field code from the server for the reason (e.g. `unknown_option`). */
  reasonError?: string | null;
  /** Any other failure of the change, shown above the buttons. */
  error?: unknown;
};

/**
 * Losing or discarding an opportunity (its page, or a card dropped on the board's bar): the reason, required,
 * from the workspace's list, and an optional note.
 */
export function CloseReasonModal({ status, title, onCancel, onConfirm, pending, reasonError, error }: Props) {
  const { t } = useTranslation();
  const settings = useOpportunitySettings();
  const [reasonId, setReasonId] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [missing, setMissing] = useState(false);
  const lost = status === 'lost';
  const reasons = settings.data?.lists[lost ? 'loss_reason' : 'discard_reason'] ?? [];

  const confirm = () => {
    if (!reasonId) return setMissing(true);
    onConfirm({ reasonId, note: note.trim() || null });
  };

  return (
    <Modal opened onClose={onCancel} title={title} centered data-testid="close-reason-modal">
      <Stack gap="sm">
        <Select
          label={t('opportunity.status.reason')}
          placeholder={t('opportunity.status.reasonPlaceholder')}
          data={reasons.map((r) => ({ value: r.id, label: r.label }))}
          value={reasonId}
          onChange={(v) => {
            setReasonId(v);
            setMissing(false);
          }}
          error={opportunityFieldError(missing ? 'reason_required' : (reasonError ?? undefined), t)}
          required
          withAsterisk={false}
          disabled={settings.isPending}
          comboboxProps={{ withinPortal: true }}
          data-autofocus
          data-testid="status-reason"
        />
        {settings.isSuccess && reasons.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('opportunity.status.noReasons')}
          </Text>
        )}
        {settings.isError && (
          <Text size="sm" c="red" role="alert">
            {problemMessage(settings.error, t)}
          </Text>
        )}
        <Textarea
          label={t('opportunity.status.note')}
          placeholder={t('opportunity.status.notePlaceholder')}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          autosize
          minRows={2}
          maxRows={8}
          maxLength={2000}
          data-testid="status-note"
        />
        {error !== undefined && error !== null && (
          <Alert color="red" variant="light" role="alert">
            <Text size="sm">{problemMessage(error, t)}</Text>
          </Alert>
        )}
        <Group justify="flex-end" gap="sm" mt="xs">
          <Button variant="default" onClick={onCancel} disabled={pending} data-testid="status-cancel">
            {t('common.cancel')}
          </Button>
          <Button
            color={lost ? 'red' : 'gray'}
            onClick={confirm}
            loading={pending}
            data-testid="status-confirm"
          >
            {lost ? t('opportunity.status.confirmLose') : t('opportunity.status.confirmDiscard')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
