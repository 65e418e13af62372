import type { Board, OpportunityCard, Stage } from '@funil/domain';

// Small builders for the board's unit tests.

export function stage(id: string, patch: Partial<Stage> = {}): Stage {
  return {
    id,
    name: `Etapa ${id}`,
    position: 0,
    probability: 10,
    rottingDays: null,
    requiredFields: [],
    ...patch,
  };
}

export function card(id: string, stageId: string, patch: Partial<OpportunityCard> = {}): OpportunityCard {
  return {
    id,
    pipelineId: 'p',
    stageId,
    title: `Oportunidade ${id}`,
    holder: null,
    valueCents: 1000,
    owner: null,
    team: null,
    status: 'open',
    expectedCloseDate: null,
    tags: [],
    stageEnteredAt: '2026-01-01T00:00:00.000Z',
    daysInStage: 3,
    rotting: false,
    rank: id,
    version: 1,
    createdAt: '2026-01-01T00:00:00.000Z',
    nextActivity: null,
    customFields: {},
    ...patch,
  };
}

/** A board from `{ stageId: [cardIds] }`; every card is worth R$ 10,00. */
export function board(columns: Record<string, string[]>, cursors: Record<string, string> = {}): Board {
  const stages = Object.keys(columns).map((id, position) => stage(id, { position }));
  return {
    pipeline: { id: 'p', name: 'Vendas', stages, version: 1 },
    columns: stages.map((s) => {
      const cards = (columns[s.id] ?? []).map((id) => card(id, s.id));
      return {
        stage: s,
        count: cards.length,
        valueCents: cards.length * 1000,
        cards,
        nextCursor: cursors[s.id] ?? null,
      };
    }),
  };
}

export const idsOf = (b: Board) =>
  Object.fromEntries(b.columns.map((c) => [c.stage.id, c.cards.map((x) => x.id)]));
