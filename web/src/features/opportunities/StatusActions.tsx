import type { MissingSaleData, Opportunity } from '@funil/domain';
import { Alert, Button, Group, Modal, Select, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../lib/api.ts';
import { problemMessage } from '../../lib/problems.ts';
import { opportunityFieldError } from './opportunity-form.ts';
import { useChangeStatus, useOpportunitySettings } from './queries.ts';
import { isSaleGateError } from './sale-gate.ts';

type Closing = 'lost' | 'discarded';

/** Loss or discard: the reason (from the workspace's list, required) and an optional note. */
function CloseModal({
  opportunityId,
  status,
  onClose,
}: {
  opportunityId: string;
  status: Closing;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const settings = useOpportunitySettings();
  const change = useChangeStatus(opportunityId);
  const [reasonId, setReasonId] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const lost = status === 'lost';
  const reasons = settings.data?.lists[lost ? 'loss_reason' : 'discard_reason'] ?? [];

  const confirm = () => {
    if (!reasonId) {
      setReasonError('required');
      return;
    }
    change.mutate(
      { status, reasonId, note: note.trim() || null },
      {
        onSuccess: onClose,
        onError: (err) => {
          const field = isApiError(err) ? err.errors.find((e) => e.field === 'reasonId') : undefined;
          if (field) setReasonError(field.code);
        },
      },
    );
  };

  return (
    <Modal
      opened
      onClose={onClose}
      title={lost ? t('opportunity.status.loseTitle') : t('opportunity.status.discardTitle')}
      centered
    >
      <Stack gap="sm">
        <Select
          label={t('opportunity.status.reason')}
          placeholder={t('opportunity.status.reasonPlaceholder')}
          data={reasons.map((r) => ({ value: r.id, label: r.label }))}
          value={reasonId}
          onChange={(v) => {
            setReasonId(v);
            setReasonError(null);
          }}
          error={opportunityFieldError(reasonError ?? undefined, t)}
          required
          withAsterisk={false}
          disabled={settings.isPending}
          comboboxProps={{ withinPortal: true }}
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
        {change.isError &&
          !(isApiError(change.error) && change.error.errors.some((e) => e.field === 'reasonId')) && (
            <Alert color="red" variant="light" role="alert">
              <Text size="sm">{problemMessage(change.error, t)}</Text>
            </Alert>
          )}
        <Group justify="flex-end" gap="sm" mt="xs">
          <Button variant="default" onClick={onClose} disabled={change.isPending}>
            {t('common.cancel')}
          </Button>
          <Button
            color={lost ? 'red' : 'gray'}
            onClick={confirm}
            loading={change.isPending}
            data-testid="status-confirm"
          >
            {lost ? t('opportunity.status.confirmLose') : t('opportunity.status.confirmDiscard')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

type Props = {
  opportunity: Opportunity;
  /** A refused win: who misses what (null clears it). */
  onSaleGate: (missing: MissingSaleData[] | null) => void;
};

/** Win (gated on the involved people's data), lose or discard with a reason, or reopen a closed one. */
export function StatusActions({ opportunity: o, onSaleGate }: Props) {
  const { t } = useTranslation();
  const change = useChangeStatus(o.id);
  const [closing, setClosing] = useState<Closing | null>(null);
  const error = change.isError && !isSaleGateError(change.error) ? problemMessage(change.error, t) : null;

  const win = () =>
    change.mutate(
      { status: 'won' },
      {
        onSuccess: () => onSaleGate(null),
        onError: (err) => onSaleGate(isSaleGateError(err) ? err.missing : null),
      },
    );

  return (
    <Stack gap={6} align="flex-end">
      <Group gap="xs" wrap="wrap" justify="flex-end">
        {o.status === 'open' ? (
          <>
            <Button color="green" onClick={win} loading={change.isPending} data-testid="win-button">
              {t('opportunity.actions.win')}
            </Button>
            <Button
              color="red"
              variant="light"
              onClick={() => setClosing('lost')}
              disabled={change.isPending}
              data-testid="lose-button"
            >
              {t('opportunity.actions.lose')}
            </Button>
            <Button
              color="gray"
              variant="light"
              onClick={() => setClosing('discarded')}
              disabled={change.isPending}
              data-testid="discard-button"
            >
              {t('opportunity.actions.discard')}
            </Button>
          </>
        ) : (
          // A sale already made cannot be undone by reopening (the server refuses it).
          !o.salesOrder && (
            <Button
              variant="light"
              onClick={() => change.mutate({ status: 'open' })}
              loading={change.isPending}
              data-testid="reopen-button"
            >
              {t('opportunity.actions.reopen')}
            </Button>
          )
        )}
      </Group>
      {error && (
        <Text size="sm" c="red" role="alert" data-testid="status-error">
          {error}
        </Text>
      )}
      {closing && <CloseModal opportunityId={o.id} status={closing} onClose={() => setClosing(null)} />}
    </Stack>
  );
}
