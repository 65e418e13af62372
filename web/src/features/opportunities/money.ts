/** Money in BRL, kept as integer cents everywhere (API, forms); typed and shown the Brazilian way. */

const MAX_CENTS = 1_000_000_000_000;

/** `R$ 250.000,00` (pt-BR) / `R$250,000.00` (en) for integer cents. */
export function formatBRL(cents: number, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency: 'BRL' }).format(cents / 100);
}

/** `250.000,00`: how a value in cents is shown inside a money input (always Brazilian separators). */
export function centsToInput(cents: number | null | undefined): string {
  if (cents === null || cents === undefined) return '';
  return new Intl.NumberFormat('pt-BR', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(
    cents / 100,
  );
}

/** Keeps what a money input may hold while typing: digits, dots and one comma with up to 2 decimals. */
export function sanitizeMoneyInput(text: string): string {
  const kept = text.replace(/[^\d.,]/g, '');
  const comma = kept.indexOf(',');
  if (comma < 0) return kept;
  const decimals = kept
    .slice(comma + 1)
    .replace(/[.,]/g, '')
    .slice(0, 2);
  return `${kept.slice(0, comma)},${decimals}`;
}

export type ParsedMoney = { ok: true; cents: number | null } | { ok: false };

/**
 * What the user typed, in cents: `250.000,00`, `250000`, `R$ 1.234,5` and `1234.56` are all understood
 * (a dot followed by exactly three digits groups thousands; otherwise it is the decimal point). Empty → null.
 */
export function parseMoney(text: string): ParsedMoney {
  const raw = text.replace(/R\$/gi, '').replace(/[\s\u00a0]/g, '');
  if (raw === '') return { ok: true, cents: null };
  let normalized: string;
  if (raw.includes(',')) {
    if (!/^\d{1,3}(\.\d{3})*(,\d{0,2})?$|^\d+(,\d{0,2})?$/.test(raw)) return { ok: false };
    normalized = raw.replaceAll('.', '').replace(',', '.');
  } else if (/^\d{1,3}(\.\d{3})+$/.test(raw)) {
    normalized = raw.replaceAll('.', '');
  } else if (/^\d+(\.\d{1,2})?$/.test(raw)) {
    normalized = raw;
  } else {
    return { ok: false };
  }
  const [whole = '0', fraction = ''] = normalized.split('.');
  const cents = Number(whole) * 100 + Number(fraction.padEnd(2, '0') || '0');
  if (!Number.isSafeInteger(cents) || cents > MAX_CENTS) return { ok: false };
  return { ok: true, cents };
}

/** The input's text tidied on blur (`250000` → `250.000,00`); left as typed when it cannot be read. */
export function formatMoneyInput(text: string): string {
  const parsed = parseMoney(text);
  return parsed.ok ? centsToInput(parsed.cents) : text;
}

/** Quantity × unit value of every item, in cents. */
export function sumItemsCents(items: readonly { quantity: number; unitCents: number }[]): number {
  return items.reduce((sum, item) => sum + item.quantity * item.unitCents, 0);
}
