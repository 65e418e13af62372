import { decodePDFRawStream, PDFArray, PDFDocument, PDFRawStream, type PDFStream } from 'pdf-lib';

const WIN_ANSI = new TextDecoder('windows-1252');

/** The pages of a PDF and the text its standard-font `Tj` operators draw, one string per operator. */
export async function pdfText(bytes: Uint8Array): Promise<{ pages: number; lines: string[]; text: string }> {
  const pdf = await PDFDocument.load(bytes);
  const lines: string[] = [];
  for (const page of pdf.getPages()) {
    const contents = page.node.Contents();
    const streams =
      contents instanceof PDFArray
        ? contents.asArray().map((ref) => pdf.context.lookup(ref) as PDFStream)
        : contents
          ? [contents]
          : [];
    for (const stream of streams) {
      const data =
        stream instanceof PDFRawStream ? decodePDFRawStream(stream).decode() : stream.getContents();
      const ops = Buffer.from(data).toString('latin1');
      for (const m of ops.matchAll(/<([0-9A-Fa-f]*)> Tj/g)) {
        lines.push(WIN_ANSI.decode(Buffer.from(m[1] ?? '', 'hex')));
      }
    }
  }
  return { pages: pdf.getPageCount(), lines, text: lines.join('\n') };
}
