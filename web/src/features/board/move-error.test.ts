import { describe, expect, it } from 'vitest';
import { createI18n } from '../../i18n/resources.ts';
import { ApiError } from '../../lib/api.ts';
import { describeMoveError, describeStatusError, missingPeopleLines } from './move-error.ts';

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

describe('describeStatusError', () => {
  const saleGate = (missing: unknown) =>
    new ApiError({
      status: 422,
      code: 'sale-requirements',
      title: 'Dados incompletos para a venda',
      missing: missing as ConstructorParameters<typeof ApiError>[0]['missing'],
    });

  it('lists, one line per person, what each lacks before the sale', async () => {
    const { t } = await createI18n('pt-BR');
    const info = describeStatusError(
      saleGate([
        { personId: 'p1', name: 'Maria Souza', missing: ['document', 'address'] },
        { personId: 'p2', name: 'João Souza', missing: ['birthDate'] },
      ]),
      { cardTitle: 'Cobertura — Campinas', status: 'won' },
      t,
    );
    expect(info.title).toBe('“Cobertura — Campinas” não foi marcada como ganha');
    expect(info.message).toContain('complete o cadastro');
    expect(info.people).toEqual([
      { personId: 'p1', name: 'Maria Souza', text: 'Maria Souza: falta CPF/CNPJ, endereço' },
      { personId: 'p2', name: 'João Souza', text: 'João Souza: falta data de nascimento' },
    ]);
    expect(info.missing).toEqual([]);
  });

  it('speaks English too, and skips entries it cannot name', async () => {
    const { t } = await createI18n('en');
    expect(
      missingPeopleLines(
        [
          { personId: 'p1', name: 'Maria Souza', missing: ['phone', 'email'] },
          { personId: 'p2', name: 'Nobody', missing: [] },
          { personId: 'p3', name: 'Odd', missing: ['shoeSize'] },
        ] as Parameters<typeof missingPeopleLines>[0],
        t,
      ),
    ).toEqual([{ personId: 'p1', name: 'Maria Souza', text: 'Maria Souza: missing phone, email' }]);
    // A sale gate without anyone to name falls back to the problem's own message.
    const bare = describeStatusError(saleGate([]), { cardTitle: 'Sala', status: 'won' }, t);
    expect(bare.people).toEqual([]);
    expect(bare.message).toBeTruthy();
  });

  it('names the outcome in the title and explains refusals', async () => {
    const { t } = await createI18n('pt-BR');
    const forbidden = describeStatusError(
      new ApiError({ status: 404, code: 'not-found', title: 'x' }),
      { cardTitle: 'Sala', status: 'lost' },
      t,
    );
    expect(forbidden.title).toBe('“Sala” não foi marcada como perdida');
    expect(forbidden.message).toBe('Você não tem permissão para alterar este card.');
    const offline = describeStatusError(new Error('boom'), { cardTitle: null, status: 'discarded' }, t);
    expect(offline.title).toBe('A situação da oportunidade não foi alterada');
    expect(offline.people).toEqual([]);
  });
});
