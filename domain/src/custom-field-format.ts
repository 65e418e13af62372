import type { CustomField } from './custom-fields.ts';
import { formatDocument } from './documents.ts';
import { formatPhone } from './phones.ts';

const money = new Intl.NumberFormat('pt-BR', { style: 'currency', currency: 'BRL' });
const number = new Intl.NumberFormat('pt-BR', { maximumFractionDigits: 6 });

/**
 * A custom value as people read it in pt-BR (the board card, list columns, exports' text cells): money in R$,
 * dates dd/mm/aaaa, Sim/Não, option labels (an archived option keeps its label), phones and CPF/CNPJ formatted,
 * a user by name. Empty → null.
 */
export function customValueText(
  field: Pick<CustomField, 'type' | 'options'>,
  value: unknown,
  userName: (id: string) => string | undefined = () => undefined,
): string | null {
  if (value === undefined || value === null || value === '') return null;
  const label = (v: unknown) => field.options.find((o) => o.value === v)?.label ?? String(v);
  switch (field.type) {
    case 'money':
      return typeof value === 'number' ? money.format(value / 100) : String(value);
    case 'number':
      return typeof value === 'number' ? number.format(value) : String(value);
    case 'date': {
      const [y, m, d] = String(value).split('-');
      return d && m && y ? `${d}/${m}/${y}` : String(value);
    }
    case 'boolean':
      return value === true ? 'Sim' : 'Não';
    case 'choice':
      return label(value);
    case 'multi_choice':
      return Array.isArray(value) && value.length ? value.map(label).join(', ') : null;
    case 'user':
      return userName(String(value)) ?? String(value);
    case 'phone':
      return formatPhone(String(value));
    case 'document':
      return formatDocument(String(value));
    default:
      return String(value);
  }
}
