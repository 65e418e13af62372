import type { PersonStatus } from '@funil/domain';
import type { TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { createI18n } from '../../i18n/resources.ts';
import type { Team } from '../directory/types.ts';
import { canOffer, canPick, offerTeams, walletLabel } from './wallet.ts';

let t: TFunction;
beforeAll(async () => {
  t = (await createI18n('pt-BR')).t;
});

const wallet = (w: Partial<PersonStatus['wallet']>): PersonStatus['wallet'] => ({
  status: 'active',
  since: null,
  offerTeam: null,
  lastActivityAt: '2026-03-01T12:00:00Z',
  ...w,
});
const team = (id: string, active = true): Team => ({
  id,
  name: id,
  branchId: null,
  active,
  managerIds: [],
  memberIds: [],
  version: 1,
});

describe('wallet', () => {
  it('labels each wallet status', () => {
    expect(walletLabel(wallet({}), 'Carla', t, 'pt-BR')).toBe('Na carteira de Carla');
    expect(walletLabel(wallet({ status: 'expired', since: '2026-03-01T12:00:00Z' }), null, t, 'pt-BR')).toBe(
      'Expirado (desde 01/03/2026)',
    );
    expect(
      walletLabel(
        wallet({ status: 'active_offer', offerTeam: { id: 't', name: 'Equipe Paulista' } }),
        null,
        t,
        'pt-BR',
      ),
    ).toBe('Oferta ativa — Equipe Paulista');
  });

  it('offers to every active team for admins, to the managed ones otherwise', () => {
    const teams = [team('a'), team('b'), team('c', false)];
    expect(
      offerTeams(teams, { capabilities: ['superviseAllTeams'], managedTeamIds: [] }).map((x) => x.id),
    ).toEqual(['a', 'b']);
    expect(offerTeams(teams, { capabilities: [], managedTeamIds: ['b'] }).map((x) => x.id)).toEqual(['b']);
    expect(canOffer({ capabilities: ['exportPeople'], managedTeamIds: [] })).toBe(false);
    expect(canOffer({ capabilities: [], managedTeamIds: ['b'] })).toBe(true);
  });

  it('lets the members of the offer team pick', () => {
    const offered = wallet({ status: 'active_offer', offerTeam: { id: 'a', name: 'A' } });
    expect(canPick(offered, { teamIds: ['a'] })).toBe(true);
    expect(canPick(offered, { teamIds: ['b'] })).toBe(false);
    expect(canPick(wallet({}), { teamIds: ['a'] })).toBe(false);
  });
});
