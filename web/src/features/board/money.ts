const formatters = new Map<string, Intl.NumberFormat>();

/** `R$ 1.234,56` from integer cents (pt-BR; other languages keep the real's symbol and their separators). */
export function formatCents(cents: number, locale: string): string {
  let format = formatters.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: 'currency', currency: 'BRL' });
    formatters.set(locale, format);
  }
  return format.format(cents / 100);
}
