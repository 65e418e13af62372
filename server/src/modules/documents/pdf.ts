import { PDFDocument, type PDFFont, rgb, StandardFonts } from 'pdf-lib';

const PAGE = { width: 595.28, height: 841.89 }; // A4
const MARGIN = 56;
const BODY = { size: 11, leading: 15 };
const HEADING = { 1: { size: 18, leading: 26 }, 2: { size: 13, leading: 20 } } as const;

/** Characters the standard fonts cannot encode (WinAnsi) become '?', instead of failing the whole document. */
function encodable(font: PDFFont): (text: string) => string {
  const supported = new Set(font.getCharacterSet());
  return (text) =>
    Array.from(text.replace(/\t/g, '    '), (ch) => (supported.has(ch.codePointAt(0) ?? 0) ? ch : '?')).join(
      '',
    );
}

/** Splits one paragraph into lines that fit `width`; a word longer than a line is cut. */
export function wrapLine(text: string, width: number, measure: (s: string) => number): string[] {
  if (text.trim() === '') return [''];
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/ +/)) {
    const candidate = current ? `${current} ${word}` : word;
    if (measure(candidate) <= width) {
      current = candidate;
      continue;
    }
    if (current) lines.push(current);
    let rest = word;
    while (measure(rest) > width && rest.length > 1) {
      let cut = rest.length - 1;
      while (cut > 1 && measure(rest.slice(0, cut)) > width) cut--;
      lines.push(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
    current = rest;
  }
  lines.push(current);
  return lines;
}

/**
 * A text document as an A4 PDF in Helvetica (WinAnsi covers Portuguese): lines starting with `# ` / `## ` are
 * headings, long lines wrap, and pages are added as the text needs.
 */
export async function renderTextPdf(doc: {
  title: string;
  author: string;
  text: string;
}): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(doc.title);
  pdf.setAuthor(doc.author);
  pdf.setCreator('Funil');
  pdf.setProducer('Funil');
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const clean = encodable(regular);
  const width = PAGE.width - 2 * MARGIN;
  let page = pdf.addPage([PAGE.width, PAGE.height]);
  let y = PAGE.height - MARGIN;
  const newPageIfFull = (leading: number) => {
    if (y - leading >= MARGIN) return;
    page = pdf.addPage([PAGE.width, PAGE.height]);
    y = PAGE.height - MARGIN;
  };
  for (const raw of doc.text.replace(/\r\n?/g, '\n').split('\n')) {
    const heading = /^(#{1,2}) (.*)$/.exec(raw);
    const level = heading ? (heading[1]?.length as 1 | 2) : null;
    const style = level ? HEADING[level] : BODY;
    const font = level ? bold : regular;
    const text = clean(heading ? (heading[2] ?? '') : raw);
    if (level) y -= style.leading / 3;
    for (const line of wrapLine(text, width, (s) => font.widthOfTextAtSize(s, style.size))) {
      newPageIfFull(style.leading);
      y -= style.leading;
      if (line) page.drawText(line, { x: MARGIN, y, size: style.size, font, color: rgb(0.1, 0.1, 0.12) });
    }
  }
  const pages = pdf.getPages();
  pages.forEach((p, index) => {
    const label = `${index + 1} / ${pages.length}`;
    p.drawText(label, {
      x: PAGE.width - MARGIN - regular.widthOfTextAtSize(label, 9),
      y: MARGIN / 2,
      size: 9,
      font: regular,
      color: rgb(0.45, 0.45, 0.5),
    });
  });
  return pdf.save();
}
