import { PassThrough, type Writable } from 'node:stream';
import { csvCell, saoPauloWallClock } from '@funil/domain';
import ExcelJS from 'exceljs';

// Typed cells for CSV and XLSX files made for people (pt-BR): the exports' files and the dashboard's workbook.
// Pure formatting: which rows go in is the caller's business.

/**
 * How a column's values are written: text, a plain number, a number with one decimal, money (a number in reais),
 * a percentage (a ratio: 0.25 is 25%), a day, or a day and time.
 */
export type ColumnKind = 'text' | 'number' | 'decimal' | 'money' | 'percent' | 'date' | 'datetime';

export type Column<T> = { header: string; kind: ColumnKind; width?: number; value: (row: T) => unknown };

/** The wall-clock parts of an instant in São Paulo; a bare day (`2026-12-06`) is that day. */
function wallClock(value: unknown): { y: string; m: string; d: string; hh: string; mm: string } | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const [y, m, d] = value.split('-') as [string, string, string];
    return { y, m, d, hh: '00', mm: '00' };
  }
  const date = value instanceof Date ? value : new Date(String(value));
  if (Number.isNaN(date.getTime())) return null;
  return saoPauloWallClock(date);
}

/** A CSV cell for Excel pt-BR: dd/mm/aaaa dates, numbers with a decimal comma, text quoted and defused. */
export function csvValue(kind: ColumnKind, value: unknown): string {
  if (value === null || value === undefined || value === '') return '';
  switch (kind) {
    case 'number':
      return String(Number(value)).replace('.', ',');
    case 'decimal':
      return Number(value).toFixed(1).replace('.', ',');
    case 'money':
      return Number(value).toFixed(2).replace('.', ',');
    case 'percent':
      return (Number(value) * 100).toFixed(1).replace('.', ',');
    case 'date':
    case 'datetime': {
      const w = wallClock(value);
      if (!w) return '';
      return kind === 'date' ? `${w.d}/${w.m}/${w.y}` : `${w.d}/${w.m}/${w.y} ${w.hh}:${w.mm}`;
    }
    default:
      return csvCell(value);
  }
}

/** A typed XLSX value: numbers as numbers, days and times as Excel dates (São Paulo wall clock). */
function xlsxValue(kind: ColumnKind, value: unknown): ExcelJS.CellValue {
  if (value === null || value === undefined || value === '') return null;
  switch (kind) {
    case 'number':
    case 'decimal':
    case 'money':
    case 'percent':
      return Number(value);
    case 'date':
    case 'datetime': {
      const w = wallClock(value);
      if (!w) return null;
      const utc = Date.UTC(Number(w.y), Number(w.m) - 1, Number(w.d), Number(w.hh), Number(w.mm));
      return new Date(utc);
    }
    default:
      return Array.isArray(value) ? value.join(', ') : String(value);
  }
}

const NUMBER_FORMATS: Partial<Record<ColumnKind, string>> = {
  decimal: '#,##0.0',
  money: '"R$" #,##0.00',
  percent: '0.0%',
  date: 'dd/mm/yyyy',
  datetime: 'dd/mm/yyyy hh:mm',
};

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A streaming workbook writing into `out`. */
export const xlsxWriter = (out: Writable) =>
  new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true });

/**
 * Starts a sheet of `workbook`: typed columns, a bold frozen header with an autofilter. `add` writes (and commits)
 * one row; `end` commits the sheet.
 */
export function startXlsxSheet<T>(
  workbook: ExcelJS.stream.xlsx.WorkbookWriter,
  name: string,
  columns: Column<T>[],
): { add: (row: T) => void; end: () => void } {
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c, i) => {
    const numFmt = NUMBER_FORMATS[c.kind];
    return {
      key: String(i),
      header: c.header,
      width: c.width ?? (c.kind === 'text' ? 24 : 14),
      ...(numFmt ? { style: { numFmt } } : {}),
    };
  });
  sheet.getRow(1).font = { bold: true };
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  sheet.getRow(1).commit();
  return {
    add: (row) => sheet.addRow(columns.map((c) => xlsxValue(c.kind, c.value(row)))).commit(),
    end: () => sheet.commit(),
  };
}

/** One sheet of a workbook held in memory: its name (at most 31 characters), columns and rows. */
export type XlsxSheet = { name: string; columns: Column<unknown>[]; rows: readonly unknown[] };

/** A sheet of rows of one type. */
export const xlsxSheet = <T>(name: string, columns: Column<T>[], rows: readonly T[]): XlsxSheet => ({
  name,
  columns: columns as Column<unknown>[],
  rows,
});

/** A small workbook (a few sheets of summary rows) as bytes. */
export async function xlsxWorkbook(sheets: readonly XlsxSheet[]): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<void>((resolve, reject) => {
    out.on('end', resolve);
    out.on('error', reject);
  });
  const workbook = xlsxWriter(out);
  for (const s of sheets) {
    const sheet = startXlsxSheet(workbook, s.name, s.columns);
    for (const row of s.rows) sheet.add(row);
    sheet.end();
  }
  await workbook.commit();
  await finished;
  return Buffer.concat(chunks);
}
