import type { TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { createI18n } from '../../i18n/resources.ts';
import { describeOpportunityEvent, isOpportunityEvent } from './opportunity-events.ts';
import type { TimelineEvent } from './types.ts';

let t: TFunction;
beforeAll(async () => {
  t = (await createI18n('pt-BR')).t;
});

const subject = { type: 'opportunity', id: 'o1', title: 'Apartamento Moema' };
const event = (kind: string, data: unknown): TimelineEvent => ({
  id: 1,
  kind,
  subject,
  actor: null,
  occurredAt: '2026-11-23T10:00:00Z',
  data,
  erased: false,
});
const lines = (e: TimelineEvent) =>
  describeOpportunityEvent(e, t, 'pt-BR').map((l) => l.text.replace(/\u00a0/g, ' '));

describe('describeOpportunityEvent', () => {
  it('tells how the opportunity was created', () => {
    const data = {
      origin: 'manual',
      pipeline: { id: 'p', name: 'Vendas' },
      stage: { id: 's', name: 'Novo lead' },
    };
    expect(lines(event('created', data))).toEqual(['Oportunidade criada no funil Vendas, etapa Novo lead']);
    expect(lines(event('created', { ...data, origin: 'integration', integration: 'Portal ZAP' }))).toEqual([
      'Oportunidade recebida pela integração Portal ZAP no funil Vendas, etapa Novo lead',
    ]);
  });

  it('shows stage and status changes with the reason and the note', () => {
    expect(
      lines(
        event('stage_changed', { from: { id: 'a', name: 'Novo lead' }, to: { id: 'b', name: 'Proposta' } }),
      ),
    ).toEqual(['Etapa: Novo lead → Proposta']);
    expect(
      lines(
        event('stage_changed', {
          from: { id: 'a', name: 'Novo lead' },
          to: { id: 'c', name: 'Lead' },
          fromPipeline: { id: 'p', name: 'Vendas' },
          toPipeline: { id: 'q', name: 'Locação' },
        }),
      ),
    ).toEqual(['Etapa: Novo lead → Lead', 'Mudou de funil: Vendas → Locação']);
    expect(
      lines(
        event('status_changed', {
          from: 'open',
          to: 'lost',
          reason: { id: 'r', label: 'Preço acima do orçamento' },
          note: 'Voltar a falar em março',
        }),
      ),
    ).toEqual([
      'Status: Em andamento → Perdida',
      'Motivo: Preço acima do orçamento',
      'Observação: Voltar a falar em março',
    ]);
  });

  it('names the people and their roles', () => {
    expect(
      lines(
        event('person_involved', { person: { id: 'p', name: 'Ana' }, role: 'spouse', previousRole: null }),
      ),
    ).toEqual(['Ana incluído(a) como Cônjuge']);
    expect(
      lines(
        event('person_involved', { person: { id: 'p', name: 'Ana' }, role: 'holder', previousRole: 'other' }),
      ),
    ).toEqual(['Ana: Outro → Titular']);
    expect(lines(event('person_removed', { person: { id: 'p', name: 'Ana' }, role: 'guarantor' }))).toEqual([
      'Ana (Fiador(a)) retirado(a) da oportunidade',
    ]);
  });

  it('shows money as BRL from cents', () => {
    expect(lines(event('proposal_created', { proposalId: 'x', valueCents: 25_000_000 }))).toEqual([
      'Proposta registrada: R$ 250.000,00',
    ]);
    expect(lines(event('sale_created', { salesOrder: { id: 's', number: 7 }, valueCents: 123_456 }))).toEqual(
      ['Venda gerada: pedido nº 7 · R$ 1.234,56'],
    );
  });

  it('tolerates missing data', () => {
    expect(lines(event('stage_changed', null))).toEqual(['Etapa: desconhecido → desconhecido']);
    expect(lines(event('sale_created', {}))).toEqual(['Venda gerada: pedido nº desconhecido · (vazio)']);
  });
});

describe('isOpportunityEvent', () => {
  it('includes an opportunity creation but not a person creation', () => {
    expect(isOpportunityEvent({ kind: 'created', subject })).toBe(true);
    expect(isOpportunityEvent({ kind: 'created', subject: { type: 'person', id: 'x', title: null } })).toBe(
      false,
    );
    expect(isOpportunityEvent({ kind: 'sale_created' })).toBe(true);
    expect(isOpportunityEvent({ kind: 'note', subject })).toBe(false);
  });
});
