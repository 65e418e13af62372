import { type CreateProposalRequest, ZCreateProposalRequest } from '@funil/domain';
import { issueToFieldError } from '../../lib/problems.ts';
import { centsToInput, parseMoney, sumItemsCents } from './money.ts';
import type { FormErrors } from './opportunity-form.ts';

export type ItemRow = { key: string; description: string; quantity: string; unit: string };

export type ProposalFormValues = {
  value: string;
  /** Once the user types a value it stops following the sum of the items. */
  valueTouched: boolean;
  conditions: string;
  validUntil: string;
  items: ItemRow[];
};

let itemCounter = 0;
export const itemRowKey = () => `item-${++itemCounter}`;

export const emptyProposalForm = (): ProposalFormValues => ({
  value: '',
  valueTouched: false,
  conditions: '',
  validUntil: '',
  items: [],
});

const quantityOf = (text: string): number | null => (/^\d{1,7}$/.test(text.trim()) ? Number(text) : null);

/** Quantity × unit of the rows that can be read (for the running sum while typing). */
export function itemsSumCents(items: readonly ItemRow[]): number {
  return sumItemsCents(
    items.flatMap((row) => {
      const quantity = quantityOf(row.quantity);
      const unit = parseMoney(row.unit);
      return quantity !== null && unit.ok && unit.cents !== null ? [{ quantity, unitCents: unit.cents }] : [];
    }),
  );
}

/** The value the input shows while the user has not typed one: the sum of the items, if any. */
export function defaultValueText(values: ProposalFormValues): string {
  if (values.valueTouched) return values.value;
  return values.items.length ? centsToInput(itemsSumCents(values.items)) : values.value;
}

type Validated = { ok: true; data: CreateProposalRequest } | { ok: false; errors: FormErrors };

/** Checks the proposal form with the domain schema; the value falls back to the sum of the items. */
export function validateProposal(values: ProposalFormValues): Validated {
  const errors: FormErrors = {};
  const items = values.items.map((row, i) => {
    const quantity = quantityOf(row.quantity);
    const unit = parseMoney(row.unit);
    if (quantity === null || quantity < 1)
      errors[`items.${i}.quantity`] = row.quantity.trim() ? 'invalid_value' : 'required';
    if (!unit.ok) errors[`items.${i}.unitCents`] = 'invalid_value';
    else if (unit.cents === null) errors[`items.${i}.unitCents`] = 'required';
    return {
      description: row.description.trim(),
      quantity: quantity ?? 0,
      unitCents: unit.ok ? (unit.cents ?? 0) : 0,
    };
  });
  const money = parseMoney(defaultValueText(values));
  let valueCents: number | null = null;
  if (!money.ok) errors.valueCents = 'invalid_value';
  else valueCents = money.cents ?? (items.length ? sumItemsCents(items) : null);
  if (money.ok && valueCents === null) errors.valueCents = 'required';
  const body = {
    valueCents: valueCents ?? 0,
    conditions: values.conditions.trim() || null,
    validUntil: values.validUntil || null,
    items,
  };
  const parsed = ZCreateProposalRequest.safeParse(body);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const { field, code } = issueToFieldError(issue);
      if (!(field in errors)) errors[field] = code;
    }
  }
  if (Object.keys(errors).length || !parsed.success) return { ok: false, errors };
  return { ok: true, data: parsed.data };
}
