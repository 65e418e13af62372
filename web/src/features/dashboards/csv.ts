/** A table as CSV for Excel in Brazil: `;` between cells, CRLF lines, a BOM so accents open right. */
export function toCsv(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const cell = (value: string) => {
    // A cell starting like a formula would run in a spreadsheet (names come from users): quote it as text.
    const safe = /^[=+@\t\r-]/.test(value) && !/^-?\d/.test(value) ? `'${value}` : value;
    return /[";\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
  };
  return `\uFEFF${[headers, ...rows].map((row) => row.map(cell).join(';')).join('\r\n')}\r\n`;
}

/** Makes the browser save `content` as `filename`. */
export function downloadText(filename: string, content: string, type = 'text/csv;charset=utf-8') {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
