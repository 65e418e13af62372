import type { MissingSaleData, Opportunity, Proposal } from '@funil/domain';
import { Badge, Button, Group, Paper, Skeleton, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatDay } from '../../lib/format.ts';
import { problemMessage } from '../../lib/problems.ts';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { Card } from './InfoCards.tsx';
import { formatBRL } from './money.ts';
import { ProposalForm } from './ProposalForm.tsx';
import { useAcceptProposal, useProposals } from './queries.ts';
import { SaleGateAlert } from './SaleGateAlert.tsx';
import { isSaleGateError } from './sale-gate.ts';

const STATUS_COLORS: Record<Proposal['status'], string> = {
  open: 'blue',
  accepted: 'green',
  superseded: 'gray',
};

function ProposalItem({
  proposal: p,
  canAccept,
  accepting,
  onAccept,
}: {
  proposal: Proposal;
  canAccept: boolean;
  accepting: boolean;
  onAccept: () => void;
}) {
  const { t, i18n } = useTranslation();
  const money = (cents: number) => formatBRL(cents, i18n.language);
  return (
    <Paper
      withBorder
      p="sm"
      component="li"
      style={{ listStyle: 'none' }}
      data-testid="proposal"
      data-status={p.status}
    >
      <Group justify="space-between" gap="xs" wrap="wrap" align="flex-start">
        <Stack gap={2}>
          <Group gap="xs" wrap="wrap">
            <Text fw={700} data-testid="proposal-value-text">
              {money(p.valueCents)}
            </Text>
            <Badge color={STATUS_COLORS[p.status]} variant="light" size="sm">
              {t(`opportunity.proposalStatuses.${p.status}`)}
            </Badge>
          </Group>
          <Text size="xs" c="dimmed">
            {[
              p.validUntil
                ? t('opportunity.proposals.validity', { date: formatDay(p.validUntil, i18n.language) })
                : t('opportunity.proposals.noValidity'),
              t('opportunity.proposals.by', {
                name: p.createdBy?.name ?? t('timeline.system'),
                date: formatDateTime(p.createdAt, i18n.language),
              }),
            ].join(' · ')}
          </Text>
        </Stack>
        {p.status === 'open' && canAccept && (
          <Button
            color="green"
            size="xs"
            onClick={onAccept}
            loading={accepting}
            data-testid="proposal-accept"
          >
            {t('opportunity.proposals.accept')}
          </Button>
        )}
      </Group>
      {p.conditions && (
        <Text size="sm" mt="xs" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
          {p.conditions}
        </Text>
      )}
      {p.items.length > 0 && (
        <Table.ScrollContainer minWidth={420} mt="xs">
          <Table withTableBorder verticalSpacing={4} fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('opportunity.proposals.itemDescription')}</Table.Th>
                <Table.Th ta="right">{t('opportunity.proposals.itemQuantity')}</Table.Th>
                <Table.Th ta="right">{t('opportunity.proposals.itemUnit')}</Table.Th>
                <Table.Th ta="right">{t('opportunity.proposals.itemTotal')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {p.items.map((item, i) => (
                // Items have no id: their place in the proposal is what identifies them.
                // biome-ignore lint/suspicious/noArrayIndexKey: immutable list
                <Table.Tr key={i}>
                  <Table.Td>{item.description}</Table.Td>
                  <Table.Td ta="right">{item.quantity}</Table.Td>
                  <Table.Td ta="right">{money(item.unitCents)}</Table.Td>
                  <Table.Td ta="right">{money(item.quantity * item.unitCents)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}

/** Propostas: the list, the form to register one and "Aceitar e gerar venda" (gated on the people's data). */
export function Proposals({ opportunity: o }: { opportunity: Opportunity }) {
  const { t } = useTranslation();
  const query = useProposals(o.id);
  const accept = useAcceptProposal(o.id);
  const [adding, setAdding] = useState(false);
  const [gate, setGate] = useState<MissingSaleData[] | null>(null);
  const open = o.status === 'open';

  const acceptProposal = (id: string) =>
    accept.mutate(id, {
      onSuccess: () => setGate(null),
      onError: (err) => setGate(isSaleGateError(err) ? err.missing : null),
    });

  return (
    <Card
      title={t('opportunity.proposals.title')}
      id="proposals-title"
      testId="proposals"
      action={
        open &&
        !adding && (
          <Button
            size="compact-sm"
            variant="light"
            onClick={() => setAdding(true)}
            data-testid="proposal-new"
          >
            {t('opportunity.proposals.new')}
          </Button>
        )
      }
    >
      <Stack gap="sm">
        {gate && <SaleGateAlert missing={gate} people={o.people} onClose={() => setGate(null)} />}
        {accept.isError && !isSaleGateError(accept.error) && (
          <Text size="sm" c="red" role="alert">
            {problemMessage(accept.error, t)}
          </Text>
        )}
        {adding && open && <ProposalForm opportunityId={o.id} onDone={() => setAdding(false)} />}
        {!open && (
          <Text size="xs" c="dimmed">
            {t('opportunity.proposals.closedHint')}
          </Text>
        )}
        {query.isPending ? (
          <Skeleton height={72} />
        ) : query.isError ? (
          <ErrorState message={problemMessage(query.error, t)} onRetry={() => void query.refetch()} />
        ) : query.data.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('opportunity.proposals.empty')}
          </Text>
        ) : (
          <Stack gap="sm" component="ul" p={0} m={0}>
            {query.data.map((p) => (
              <ProposalItem
                key={p.id}
                proposal={p}
                canAccept={open}
                accepting={accept.isPending && accept.variables === p.id}
                onAccept={() => acceptProposal(p.id)}
              />
            ))}
          </Stack>
        )}
      </Stack>
    </Card>
  );
}
