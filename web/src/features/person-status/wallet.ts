import type { PersonStatus } from '@funil/domain';
import type { TFunction } from 'i18next';
import { formatDate } from '../../lib/format.ts';
import { can } from '../auth/can.ts';
import type { Me } from '../auth/queries.ts';
import type { Team } from '../directory/types.ts';

/** Mantine colors of the wallet badge. */
export const WALLET_COLORS: Record<PersonStatus['wallet']['status'], string> = {
  active: 'teal',
  expired: 'gray',
  active_offer: 'orange',
};

/** "Na carteira de Carla", "Expirado (desde 01/03/2026)", "Oferta ativa — Equipe Paulista". */
export function walletLabel(
  wallet: PersonStatus['wallet'],
  ownerName: string | null | undefined,
  t: TFunction,
  locale: string,
): string {
  switch (wallet.status) {
    case 'active':
      return ownerName
        ? t('personStatus.wallet.active', { owner: ownerName })
        : t('personStatus.wallet.activeNoOwner');
    case 'expired':
      return wallet.since
        ? t('personStatus.wallet.expired', { date: formatDate(wallet.since, locale) })
        : t('personStatus.wallet.expiredNoDate');
    case 'active_offer':
      return wallet.offerTeam
        ? t('personStatus.wallet.activeOffer', { team: wallet.offerTeam.name })
        : t('personStatus.wallet.activeOfferNoTeam');
    default:
      return String(wallet.status);
  }
}

/** The teams a user may offer a person to: every active team with `superviseAllTeams`, the ones they manage otherwise. */
export function offerTeams(
  teams: readonly Team[] | undefined,
  user: Pick<Me, 'capabilities' | 'managedTeamIds'>,
): Team[] {
  const active = (teams ?? []).filter((team) => team.active);
  if (can(user, 'superviseAllTeams')) return active;
  return active.filter((team) => user.managedTeamIds.includes(team.id));
}

/** Whether the user may put people on active offer at all (the server still decides per team). */
export const canOffer = (user: Pick<Me, 'capabilities' | 'managedTeamIds'>): boolean =>
  can(user, 'superviseAllTeams') || user.managedTeamIds.length > 0;

/** Whether the user may pick a person on active offer: a member of the offer's team. */
export const canPick = (wallet: PersonStatus['wallet'], user: Pick<Me, 'teamIds'>): boolean =>
  wallet.status === 'active_offer' && !!wallet.offerTeam && user.teamIds.includes(wallet.offerTeam.id);
