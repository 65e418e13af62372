import { describe, expect, it } from 'vitest';
import { syncMessageOf } from './helpdesk-sync.messages.ts';

const facts = {
  id: 'o1',
  title: 'Plano 500 Mega',
  status: 'open' as const,
  stageName: 'Proposta',
  pipelineName: 'Vendas',
  valueCents: 1_234_56,
};

describe('syncMessageOf', () => {
  it('names the stage a negotiation moved to, from the event', () => {
    const m = syncMessageOf(
      {
        kind: 'stage_changed',
        summary: {},
        payload: { from: { name: 'Contato' }, to: { name: 'Proposta' } },
      },
      facts,
    );
    expect(m.eventType).toBe('opportunity.moved');
    expect(m.note).toBe('Funil: Negociação "Plano 500 Mega" movida para Proposta.');
    expect(m.attributes).toMatchObject({
      funil_stage: 'Proposta',
      funil_status: 'open',
      funil_value: 1234.56,
    });
  });

  it('says a negotiation was won, with its value, and sets the status attribute', () => {
    const m = syncMessageOf(
      { kind: 'status_changed', summary: { from: 'open', to: 'won' }, payload: null },
      { ...facts, status: 'won' },
    );
    expect(m.eventType).toBe('opportunity.won');
    expect(m.note).toMatch(/^Funil: Negociação "Plano 500 Mega" ganha \(R\$\s1\.234,56\)\.$/);
    expect(m.attributes.funil_status).toBe('won');
  });

  it('uses the stage the card is in when the event payload was erased', () => {
    const m = syncMessageOf(
      { kind: 'stage_changed', summary: {}, payload: null },
      { ...facts, valueCents: null },
    );
    expect(m.note).toBe('Funil: Negociação "Plano 500 Mega" movida para Proposta.');
    expect(m.attributes.funil_value).toBeNull();
  });
});
