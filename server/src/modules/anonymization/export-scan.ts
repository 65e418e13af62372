import { formatCpf, formatDocument, formatPhone } from '@funil/domain';
import ExcelJS from 'exceljs';
import type { FileStore } from '../../lib/file-store.ts';

/**
 * Whether an export file (CSV or XLSX, as exports/export-file.ts writes it) mentions any of a person's values, in
 * the forms the file writes them (name, formatted CPF/CNPJ, e-mail, formatted phone). A file that cannot be read is
 * taken as mentioning them: withdrawing one too many is safe, keeping one is not.
 */
export async function exportMentions(
  files: FileStore,
  key: string,
  format: string,
  values: { names: string[]; documents: string[]; emails: string[]; phones: string[] },
): Promise<boolean> {
  const needles = [
    ...values.names,
    ...values.documents.flatMap((d) => [d, formatDocument(d), formatCpf(d)]),
    ...values.emails,
    ...values.phones.flatMap((p) => [p, formatPhone(p)]),
  ]
    .filter((n) => n.length >= 3)
    .map((n) => n.toLowerCase());
  if (needles.length === 0) return false;
  try {
    const bytes = await files.get(key);
    let text: string;
    if (format === 'xlsx') {
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(bytes as unknown as ArrayBuffer);
      const parts: string[] = [];
      book.eachSheet((sheet) =>
        sheet.eachRow((row) => {
          row.eachCell((cell) => {
            parts.push(String(cell.text ?? ''));
          });
        }),
      );
      text = parts.join('\n');
    } else {
      text = bytes.toString('utf8');
    }
    const lower = text.toLowerCase();
    return needles.some((n) => lower.includes(n));
  } catch {
    return true;
  }
}
