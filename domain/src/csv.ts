/**
 * CSV the way a spreadsheet in Brazil opens it: `;` between cells, CRLF lines, a BOM so the accents read right. One
 * writer for every CSV the app hands out (exports, the import's error report, the dashboard's tables), so each defuses
 * formulas the same way.
 */

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^-?\d+(?:[.,]\d+)*$/;

/**
 * One cell. Text a spreadsheet would run as a formula (starting with = + - @, a tab or a CR — CSV injection; names,
 * titles and imported cells come from users) gets a leading apostrophe, except a plain number such as "-12,5"; the
 * cell is quoted when it holds `;`, `"` or a line break. Lists are joined by ", "; null and undefined are empty.
 */
export function csvCell(value: unknown): string {
  const raw =
    value === null || value === undefined ? '' : Array.isArray(value) ? value.join(', ') : String(value);
  const text = FORMULA_START.test(raw) && !PLAIN_NUMBER.test(raw) ? `'${raw}` : raw;
  return /[";\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One line: the cells and its CRLF. */
export const csvRow = (values: readonly unknown[]): string => `${values.map(csvCell).join(';')}\r\n`;

/** The byte order mark a CSV file starts with. */
export const CSV_BOM = '\uFEFF';

/** A whole file: the BOM, then each row as a line. */
export const toCsv = (rows: readonly (readonly unknown[])[]): string => CSV_BOM + rows.map(csvRow).join('');
