import type { Writable } from 'node:stream';
import { CSV_BOM, csvRow, type ExportFormat } from '@funil/domain';
import { type Column, csvValue, startXlsxSheet, xlsxWriter } from '../../lib/spreadsheet.ts';

// Writing an export's rows as CSV or XLSX. Pure formatting (lib/spreadsheet.ts): which rows come from the list's own
// service.

export type { Column, ColumnKind } from '../../lib/spreadsheet.ts';

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
    await write(CSV_BOM + csvRow(columns.map((c) => c.header)));
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
  const workbook = xlsxWriter(out);
  const sheet = startXlsxSheet(workbook, sheetName, columns);
  for await (const page of pages) {
    for (const row of page) {
      sheet.add(row);
    }
    done += page.length;
    await onPage(done);
  }
  sheet.end();
  await workbook.commit();
  return done;
}
