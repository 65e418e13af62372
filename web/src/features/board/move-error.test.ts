import { describe, expect, it } from 'vitest';
import { createI18n } from '../../i18n/resources.ts';
import { ApiError } from '../../lib/api.ts';
import { describeMoveError } from './move-error.ts';

const context = { cardTitle: 'Cobertura — Campinas', stageName: 'Proposta' };

describe('describeMoveError', () => {
  it('names the fields the stage requires', async () => {
    const { t } = await createI18n('pt-BR');
    const error = new ApiError({
      status: 422,
      code: 'stage-requirements',
      title: 'x',
      errors: [
        { field: 'valueCents', code: 'required_for_stage', message: '' },
        { field: 'expectedCloseDate', code: 'required_for_stage', message: '' },
      ],
    });
    const info = describeMoveError(error, context, t, 'pt-BR');
    expect(info.title).toBe('O card “Cobertura — Campinas” não foi movido');
    expect(info.missing).toEqual(['Valor', 'Previsão de fechamento']);
    expect(info.message).toContain('A etapa “Proposta” exige: Valor e Previsão de fechamento.');
  });

  it('says the user may not move a card it cannot see or change', async () => {
    const { t } = await createI18n('pt-BR');
    for (const [status, code] of [
      [403, 'forbidden'],
      [404, 'not-found'],
    ] as const) {
      const info = describeMoveError(new ApiError({ status, code, title: 'x' }), context, t, 'pt-BR');
      expect(info.message).toBe('Você não tem permissão para mover este card.');
    }
  });

  it('explains a closed opportunity and anything else with the problem message', async () => {
    const { t } = await createI18n('en');
    const closed = describeMoveError(
      new ApiError({ status: 409, code: 'opportunity-closed', title: 'x' }),
      context,
      t,
      'en',
    );
    expect(closed.message).toBe('The opportunity is closed: reopen it before changing it.');
    expect(describeMoveError(new Error('boom'), { cardTitle: null, stageName: null }, t, 'en').title).toBe(
      'The card was not moved',
    );
  });
});
