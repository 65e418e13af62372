import type { MissingSaleData, Opportunity } from '@funil/domain';
import { Button, Group, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../lib/api.ts';
import { problemMessage } from '../../lib/problems.ts';
import { CloseReasonModal } from './CloseReasonModal.tsx';
import { useChangeStatus } from './queries.ts';
import { isSaleGateError } from './sale-gate.ts';

type Closing = 'lost' | 'discarded';

/** Loss or discard from the opportunity's page. */
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
  const change = useChangeStatus(opportunityId);
  const reasonError = isApiError(change.error)
    ? (change.error.errors.find((e) => e.field === 'reasonId')?.code ?? null)
    : null;
  return (
    <CloseReasonModal
      status={status}
      title={status === 'lost' ? t('opportunity.status.loseTitle') : t('opportunity.status.discardTitle')}
      onCancel={onClose}
      onConfirm={(answer) => change.mutate({ status, ...answer }, { onSuccess: onClose })}
      pending={change.isPending}
      reasonError={reasonError}
      error={change.isError && !reasonError ? change.error : null}
    />
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
