import { describe, expect, it } from 'vitest';
import { createI18n } from '../../i18n/resources.ts';
import { boardChangeSentence, type HeardChange } from './board-announcements.ts';
import { board, card } from './test-factories.ts';

const names = new Map([['u1', 'Maria Souza']]);
const userName = (id: string | null) => (id ? (names.get(id) ?? null) : null);
const moved = (id: string, stageId: string, actorId: string | null = 'u1'): HeardChange => ({
  type: 'opportunity.moved',
  opportunityId: id,
  stageId,
  actorId,
});

describe('boardChangeSentence', () => {
  it('names the card, the stage it went to and who moved it', async () => {
    const { t } = await createI18n('pt-BR');
    const shown = board({ a: ['1'], b: ['2'] });
    expect(boardChangeSentence([moved('2', 'b')], [shown], userName, t)).toBe(
      'Cartão “Oportunidade 2” movido para Etapa b por Maria Souza.',
    );
  });

  it('says a new card and where it is; without a known author, without a name', async () => {
    const { t } = await createI18n('pt-BR');
    const shown = board({ a: ['1'] });
    const created: HeardChange = {
      type: 'opportunity.created',
      opportunityId: '1',
      stageId: 'a',
      actorId: null,
    };
    expect(boardChangeSentence([created], [shown], userName, t)).toBe(
      'Cartão “Oportunidade 1” criado em Etapa a.',
    );
  });

  it('finds the card in any cached board (another set of filters) and speaks English too', async () => {
    const { t } = await createI18n('en');
    const other = board({ a: [], b: [] });
    const withCard = board({ a: [], b: ['9'] });
    withCard.columns[1]?.cards.splice(0, 1, card('9', 'b', { title: 'Apto 302' }));
    expect(boardChangeSentence([moved('9', 'b')], [other, withCard], userName, t)).toBe(
      'Card “Apto 302” moved to Etapa b by Maria Souza.',
    );
  });

  it('says nothing about cards the board does not show, and counts a bulk change instead of reading it', async () => {
    const { t } = await createI18n('pt-BR');
    const shown = board({ a: ['1', '2', '3', '4'] });
    expect(boardChangeSentence([moved('x', 'a')], [shown], userName, t)).toBeNull();
    const bulk = ['1', '2', '3', '4'].map((id) => moved(id, 'a'));
    expect(boardChangeSentence(bulk, [shown], userName, t)).toBe('4 cartões mudaram neste funil.');
    expect(boardChangeSentence(bulk.slice(0, 2), [shown], userName, t)).toBe(
      'Cartão “Oportunidade 1” movido para Etapa a por Maria Souza. Cartão “Oportunidade 2” movido para Etapa a por Maria Souza.',
    );
  });
});
