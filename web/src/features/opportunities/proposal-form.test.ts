import { describe, expect, it } from 'vitest';
import { defaultValueText, emptyProposalForm, itemsSumCents, validateProposal } from './proposal-form.ts';

const item = (description: string, quantity: string, unit: string) => ({
  key: description,
  description,
  quantity,
  unit,
});

describe('proposal value', () => {
  it('follows the sum of the items until the user types one', () => {
    const values = {
      ...emptyProposalForm(),
      items: [item('Unidade 12', '1', '250.000,00'), item('Vaga', '2', '15.000')],
    };
    expect(itemsSumCents(values.items)).toBe(28_000_000);
    expect(defaultValueText(values)).toBe('280.000,00');
    expect(defaultValueText({ ...values, value: '270.000,00', valueTouched: true })).toBe('270.000,00');
  });

  it('ignores rows it cannot read yet', () => {
    expect(itemsSumCents([item('a', '', '10'), item('b', '2', 'x')])).toBe(0);
  });
});

describe('validateProposal', () => {
  it('sends cents, trimmed texts and the items', () => {
    const result = validateProposal({
      ...emptyProposalForm(),
      value: '250.000,00',
      valueTouched: true,
      conditions: ' 20% de entrada ',
      validUntil: '2026-12-31',
    });
    expect(result).toEqual({
      ok: true,
      data: { valueCents: 25_000_000, conditions: '20% de entrada', validUntil: '2026-12-31', items: [] },
    });
  });

  it('takes the sum of the items when no value was typed', () => {
    const result = validateProposal({ ...emptyProposalForm(), items: [item('Lote', '2', '100,00')] });
    expect(result.ok && result.data.valueCents).toBe(20_000);
  });

  it('points at the fields to fix', () => {
    expect(validateProposal(emptyProposalForm())).toEqual({ ok: false, errors: { valueCents: 'required' } });
    const result = validateProposal({
      ...emptyProposalForm(),
      value: '10',
      valueTouched: true,
      items: [item('', '0', '')],
    });
    expect(result).toEqual({
      ok: false,
      errors: {
        'items.0.quantity': 'invalid_value',
        'items.0.unitCents': 'required',
        'items.0.description': 'required',
      },
    });
  });
});
