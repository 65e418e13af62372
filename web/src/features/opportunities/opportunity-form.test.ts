import type { Opportunity, Stage } from '@funil/domain';
import type { TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { createI18n } from '../../i18n/resources.ts';
import {
  emptyOpportunityForm,
  opportunityFieldError,
  opportunityToForm,
  serverErrors,
  stageRequirementErrors,
  validateCreate,
  validateEdit,
} from './opportunity-form.ts';

const PIPELINE = '2643bc14-5f0a-4f1a-b677-a4b08a7c6f6a';
const STAGE = '63fd401c-cedc-4d0d-8508-b126db7ea06d';
const HOLDER = '4f48a873-629c-43f2-8ea1-0537261ab052';
const SPOUSE = '0ddbde0c-994f-47d5-9a0c-3ed7a6eaf310';

const stage = (requiredFields: Stage['requiredFields'] = []): Stage => ({
  id: STAGE,
  name: 'Proposta',
  position: 0,
  probability: 50,
  rottingDays: null,
  requiredFields,
});

const filled = () =>
  emptyOpportunityForm({
    title: 'Apartamento — Moema',
    pipelineId: PIPELINE,
    stageId: STAGE,
    value: '250.000,00',
    holderId: HOLDER,
    tags: [' vip ', ''],
    media: 'Google',
  });

function opportunity(): Opportunity {
  return {
    id: 'o1',
    pipelineId: PIPELINE,
    stageId: STAGE,
    title: 'Apartamento — Moema',
    description: null,
    valueCents: 25_000_000,
    expectedCloseDate: '2027-01-31',
    businessPlan: null,
    city: 'São Paulo',
    owner: { id: 'u1', name: 'Carla' },
    team: null,
    manager: null,
    branch: null,
    qualification: null,
    source: { media: 'Google', channel: null },
    tags: ['vip'],
    status: 'open',
    statusReason: null,
    statusNote: null,
    closedAt: null,
    stageEnteredAt: '2026-11-01T00:00:00Z',
    rotting: false,
    origin: 'manual',
    originIntegration: null,
    originPayload: null,
    createdBy: null,
    people: [
      { personId: HOLDER, role: 'holder', name: 'Ana', kind: 'individual', visible: true, missing: [] },
    ],
    salesOrder: null,
    version: 3,
    createdAt: '2026-11-01T00:00:00Z',
    updatedAt: '2026-11-01T00:00:00Z',
    customFields: {},
  };
}

describe('validateCreate', () => {
  it('builds the request body with money in cents and trimmed texts', () => {
    const result = validateCreate(
      { ...filled(), people: [{ key: 'a', personId: SPOUSE, role: 'spouse' }] },
      stage(),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.data).toMatchObject({
      title: 'Apartamento — Moema',
      pipelineId: PIPELINE,
      stageId: STAGE,
      valueCents: 25_000_000,
      holderId: HOLDER,
      tags: ['vip'],
      source: { media: 'Google', channel: null },
      city: null,
      people: [{ personId: SPOUSE, role: 'spouse' }],
    });
  });

  it('asks for the title, the funnel and the holder', () => {
    const result = validateCreate(emptyOpportunityForm(), undefined);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toMatchObject({ title: 'required', pipelineId: 'required', holderId: 'required' });
  });

  it('flags unreadable money, empty and repeated people', () => {
    const result = validateCreate(
      {
        ...filled(),
        value: '12,345',
        people: [
          { key: 'a', personId: null, role: 'spouse' },
          { key: 'b', personId: HOLDER, role: 'other' },
        ],
      },
      stage(),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual({
      valueCents: 'invalid_value',
      'people.0.personId': 'required',
      'people.1.personId': 'duplicate',
    });
  });

  it('marks what the chosen stage requires', () => {
    const result = validateCreate({ ...filled(), value: '' }, stage(['valueCents', 'expectedCloseDate']));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual({
      valueCents: 'required_for_stage',
      expectedCloseDate: 'required_for_stage',
    });
  });
});

describe('validateEdit', () => {
  it('sends only what changed', () => {
    const base = opportunity();
    const form = { ...opportunityToForm(base), city: 'Santos', value: '260.000,00' };
    expect(validateEdit(form, base, stage())).toEqual({
      ok: true,
      data: { city: 'Santos', valueCents: 26_000_000 },
    });
    expect(validateEdit(opportunityToForm(base), base, stage())).toEqual({ ok: true, data: {} });
  });

  it('refuses to empty a field the stage requires while open', () => {
    const base = opportunity();
    const form = { ...opportunityToForm(base), value: '' };
    expect(validateEdit(form, base, stage(['valueCents']))).toEqual({
      ok: false,
      errors: { valueCents: 'required_for_stage' },
    });
    expect(validateEdit(form, { ...base, status: 'lost' }, stage(['valueCents'])).ok).toBe(true);
  });
});

describe('stageRequirementErrors', () => {
  it('lists empty required fields', () => {
    expect(stageRequirementErrors(stage(['city', 'description']), { city: '', description: 'x' })).toEqual({
      city: 'required_for_stage',
    });
    expect(stageRequirementErrors(undefined, {})).toEqual({});
  });
});

describe('messages', () => {
  let t: TFunction;
  beforeAll(async () => {
    t = (await createI18n('pt-BR')).t;
  });

  it('says which errors come from the stage', () => {
    expect(opportunityFieldError('required_for_stage', t)).toBe('Obrigatório nesta etapa');
    expect(opportunityFieldError('required', t)).toBe('Campo obrigatório');
    expect(opportunityFieldError('unknown_option', t)).toBe('Opção não encontrada ou arquivada');
    expect(opportunityFieldError(undefined, t)).toBeUndefined();
  });

  it('keeps the first server error of each field', () => {
    expect(
      serverErrors([
        { field: 'valueCents', code: 'required_for_stage' },
        { field: 'valueCents', code: 'invalid_value' },
        { field: 'holderId', code: 'unknown_person' },
      ]),
    ).toEqual({ valueCents: 'required_for_stage', holderId: 'unknown_person' });
  });
});
