import type { Writable } from 'node:stream';
import { type ExportFormat, saoPauloWallClock } from '@funil/domain';
import ExcelJS from 'exceljs';
import { csvCell } from '../../lib/csv.ts';

// Writing an export's rows as CSV or XLSX. Pure formatting: which rows come from the list's own service.

/** How a column's values are written: text, a plain number, money (a number in reais), a day, or a day and time. */
export type ColumnKind = 'text' | 'number' | 'money' | 'date' | 'datetime';

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
    case 'money':
      return Number(value).toFixed(2).replace('.', ',');
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
    case 'money':
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
  money: '"R$" #,##0.00',
  date: 'dd/mm/yyyy',
  datetime: 'dd/mm/yyyy hh:mm',
};

/** Writes pages of rows as they come; `onPage` hears the running count after each page. */
export async function writeExport<T>(
  out: Writable,
  format: ExportFormat,
  sheetName: string,
  columns: Column<T>[],
  pages: AsyncIterable<T[]>,
  onPage: (rowsDone: number) => Promise<void>,
): Promise<number> {
  let done = 0;
  if (format === 'csv') {
    const write = (text: string) =>
      new Promise<void>((resolve, reject) => out.write(text, (error) => (error ? reject(error) : resolve())));
    await write(`\uFEFF${columns.map((c) => csvCell(c.header)).join(';')}\r\n`);
    for await (const page of pages) {
      let chunk = '';
      for (const row of page) {
        chunk += `${columns.map((c) => csvValue(c.kind, c.value(row))).join(';')}\r\n`;
      }
      await write(chunk);
      done += page.length;
      await onPage(done);
    }
    out.end();
    return done;
  }
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true });
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
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
  for await (const page of pages) {
    for (const row of page) {
      sheet.addRow(columns.map((c) => xlsxValue(c.kind, c.value(row)))).commit();
    }
    done += page.length;
    await onPage(done);
  }
  sheet.commit();
  await workbook.commit();
  return done;
}
