import type { CustomFieldOption, CustomFieldType } from './custom-fields.ts';
import { formatDocument } from './documents.ts';
import { formatPhone } from './phones.ts';

export type CustomValueTextOptions = {
  /** A user's name by id (a `user` field); without it, or for an unknown id, the id itself. */
  userName?: (id: string) => string | null | undefined;
  /** The locale of numbers, amounts and dates; pt-BR unless told. */
  locale?: string;
  /** The words of a yes/no field; "Sim"/"Não" unless told. */
  yesNo?: { yes: string; no: string };
};

const PT_BR_YES_NO = { yes: 'Sim', no: 'Não' };

/** The locale's formatters, made once (exports format every row). */
const formatters = new Map<
  string,
  { money: Intl.NumberFormat; number: Intl.NumberFormat; date: Intl.DateTimeFormat }
>();
function formattersOf(locale: string) {
  let f = formatters.get(locale);
  if (!f) {
    f = {
      money: new Intl.NumberFormat(locale, { style: 'currency', currency: 'BRL' }),
      number: new Intl.NumberFormat(locale, { maximumFractionDigits: 6 }),
      date: new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeZone: 'UTC' }),
    };
    formatters.set(locale, f);
  }
  return f;
}

/**
 * A custom value as people read it (the record page, the board card, list columns, the timeline, exports' text
 * cells): money in R$, dates dd/mm/aaaa, Sim/Não, option labels (an archived option keeps its label), phones and
 * CPF/CNPJ formatted, a user by name; pt-BR unless `locale`/`yesNo` say otherwise. Empty → null.
 */
export function customValueText(
  field: { type: CustomFieldType; options?: readonly CustomFieldOption[] | undefined },
  value: unknown,
  opts: CustomValueTextOptions = {},
): string | null {
  if (value === undefined || value === null || value === '') return null;
  const { money, number, date } = formattersOf(opts.locale ?? 'pt-BR');
  const label = (v: unknown) => field.options?.find((o) => o.value === v)?.label ?? String(v);
  switch (field.type) {
    case 'money':
      return typeof value === 'number' ? money.format(value / 100) : String(value);
    case 'number':
      return typeof value === 'number' ? number.format(value) : String(value);
    case 'date': {
      const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(value));
      return day ? date.format(Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3]))) : String(value);
    }
    case 'boolean': {
      const words = opts.yesNo ?? PT_BR_YES_NO;
      return value === true ? words.yes : words.no;
    }
    case 'choice':
      return label(value);
    case 'multi_choice':
      return Array.isArray(value) ? (value.length ? value.map(label).join(', ') : null) : String(value);
    case 'user':
      return opts.userName?.(String(value)) || String(value);
    case 'phone':
      return formatPhone(String(value));
    case 'document':
      return formatDocument(String(value));
    default:
      return String(value);
  }
}
