/** One CSV cell: quoted, with formula-looking text defused (CSV injection). */
export function csvCell(value: unknown): string {
  let text =
    value === null || value === undefined ? '' : Array.isArray(value) ? value.join(', ') : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replaceAll('"', '""')}"`;
}

export const csvRow = (values: unknown[]) => `${values.map(csvCell).join(';')}\r\n`;
