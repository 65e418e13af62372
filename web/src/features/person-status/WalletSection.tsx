import type { PersonStatus } from '@funil/domain';
import { Alert, Badge, Button, Group, Modal, Select, Stack, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../lib/api.ts';
import { formatDate } from '../../lib/format.ts';
import { problemMessage } from '../../lib/problems.ts';
import { useSession } from '../auth/queries.ts';
import { useTeams } from '../directory/queries.ts';
import { peopleKeys } from '../people/queries.ts';
import type { Person } from '../people/types.ts';
import { personStatusKey, usePersonAction } from './queries.ts';
import { canOffer, canPick, offerTeams, WALLET_COLORS, walletLabel } from './wallet.ts';

function OfferModal({
  personId,
  onClose,
  onDone,
}: {
  personId: string;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { user } = useSession();
  const teams = useTeams();
  const offer = usePersonAction(personId);
  const [teamId, setTeamId] = useState<string | null>(null);
  const data = offerTeams(teams.data, user).map((team) => ({ value: team.id, label: team.name }));
  return (
    <Modal
      opened
      onClose={() => !offer.isPending && onClose()}
      title={t('personStatus.wallet.offerTitle')}
      centered
      data-testid="offer-modal"
    >
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {t('personStatus.wallet.offerHint')}
        </Text>
        <Select
          label={t('personStatus.wallet.team')}
          placeholder={t('personStatus.wallet.teamPlaceholder')}
          data={data}
          value={teamId}
          onChange={setTeamId}
          nothingFoundMessage={t('personStatus.wallet.noTeams')}
          disabled={teams.isPending}
          searchable
          comboboxProps={{ withinPortal: true }}
          data-testid="offer-team"
        />
        {teams.isSuccess && data.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('personStatus.wallet.noTeams')}
          </Text>
        )}
        {offer.isError && (
          <Alert color="red" variant="light" role="alert" data-testid="offer-error">
            <Text size="sm">{problemMessage(offer.error, t)}</Text>
          </Alert>
        )}
        <Group justify="flex-end" gap="sm" mt="xs">
          <Button variant="default" onClick={onClose} disabled={offer.isPending}>
            {t('common.cancel')}
          </Button>
          <Button
            color="orange"
            disabled={!teamId}
            loading={offer.isPending}
            onClick={() => teamId && offer.mutate({ type: 'offer', teamId }, { onSuccess: onDone })}
            data-testid="offer-confirm"
          >
            {t('personStatus.wallet.offerConfirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/**
 * Carteira: in whose wallet the person is, expired or on active offer, the last activity; "Colocar em oferta
 * ativa" for managers and admins, and "Pegar para minha carteira" for the brokers of the offer's team.
 */
export function WalletSection({ person, status }: { person: Person; status: PersonStatus }) {
  const { t, i18n } = useTranslation();
  const { user } = useSession();
  const queryClient = useQueryClient();
  const pick = usePersonAction(person.id);
  const [offering, setOffering] = useState(false);
  const [notice, setNotice] = useState<'offered' | 'picked' | null>(null);
  const { wallet } = status;
  const lostRace = pick.isError && isApiError(pick.error) && pick.error.status === 409;
  const doPick = () => {
    setNotice(null);
    pick.mutate(
      { type: 'pick' },
      {
        onSuccess: () => setNotice('picked'),
        onError: async (error) => {
          if (!isApiError(error) || (error.status !== 409 && error.status !== 404)) return;
          // Someone else picked it: read the status again, and the person only while still visible (a
          // broker who lost the race may no longer see it; the page would turn into "not found" and hide
          // the message).
          await queryClient.refetchQueries({ queryKey: personStatusKey(person.id), exact: true });
          if (queryClient.getQueryState(personStatusKey(person.id))?.status === 'success') {
            void queryClient.invalidateQueries({ queryKey: peopleKeys.detail(person.id) });
          }
        },
      },
    );
  };
  return (
    <Stack gap={6} mt="sm" data-testid="wallet-section">
      <Group gap="xs" wrap="wrap" align="center">
        <Text size="xs" c="dimmed">
          {t('personStatus.wallet.label')}
        </Text>
        <Badge
          color={WALLET_COLORS[wallet.status] ?? 'gray'}
          variant="light"
          tt="none"
          data-testid="wallet-status"
          data-status={wallet.status}
        >
          {walletLabel(wallet, person.owner?.name, t, i18n.language)}
        </Badge>
        <Text size="xs" c="dimmed" data-testid="wallet-last-activity">
          {t('personStatus.wallet.lastActivity', { date: formatDate(wallet.lastActivityAt, i18n.language) })}
        </Text>
        {canOffer(user) && (
          <Button
            size="compact-xs"
            variant="light"
            color="orange"
            onClick={() => {
              setNotice(null);
              setOffering(true);
            }}
            data-testid="action-offer"
          >
            {t('personStatus.wallet.offer')}
          </Button>
        )}
      </Group>
      {canPick(wallet, user) && !lostRace && (
        <Group>
          <Button color="orange" onClick={doPick} loading={pick.isPending} data-testid="pick-person">
            {t('personStatus.wallet.pick')}
          </Button>
        </Group>
      )}
      {pick.isError && (
        <Alert color={lostRace ? 'yellow' : 'red'} variant="light" role="alert" data-testid="pick-error">
          <Text size="sm">
            {lostRace ? t('personStatus.wallet.pickedByOther') : problemMessage(pick.error, t)}
          </Text>
        </Alert>
      )}
      {notice && (
        <Alert
          color="green"
          variant="light"
          role="status"
          withCloseButton
          closeButtonLabel={t('common.close')}
          onClose={() => setNotice(null)}
          data-testid="wallet-notice"
        >
          {t(`personStatus.wallet.${notice}`)}
        </Alert>
      )}
      {offering && (
        <OfferModal
          personId={person.id}
          onClose={() => setOffering(false)}
          onDone={() => {
            setOffering(false);
            setNotice('offered');
          }}
        />
      )}
    </Stack>
  );
}
