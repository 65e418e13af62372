import { fileExtension } from '@funil/domain';

/** What `file-type` reads from the first bytes (undefined: no known signature). */
export type DetectedType = { ext: string; mime: string } | undefined;

/** An accepted file: the type served on download and the name it is stored under. */
export type AcceptedType = { contentType: string; name: string };

/** Signatures `file-type` recognizes that are on the whitelist, with the content type stored for each. */
const BY_SIGNATURE: Record<string, { mime: string; exts: string[] }> = {
  pdf: { mime: 'application/pdf', exts: ['pdf'] },
  png: { mime: 'image/png', exts: ['png'] },
  gif: { mime: 'image/gif', exts: ['gif'] },
  jpg: { mime: 'image/jpeg', exts: ['jpg', 'jpeg'] },
  docx: { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', exts: ['docx'] },
  xlsx: { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', exts: ['xlsx'] },
  pptx: { mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', exts: ['pptx'] },
  mp3: { mime: 'audio/mpeg', exts: ['mp3', 'mpga'] },
  mp2: { mime: 'audio/mpeg', exts: ['mpga', 'mp3'] },
  mp4: { mime: 'video/mp4', exts: ['mp4'] },
  mpg: { mime: 'video/mpeg', exts: ['mpeg'] },
  ogg: { mime: 'audio/ogg', exts: ['ogg'] },
  oga: { mime: 'audio/ogg', exts: ['ogg'] },
  opus: { mime: 'audio/ogg', exts: ['opus', 'ogg'] },
};

/** Old Office files and Outlook messages are all Compound File Binary containers: the name tells which. */
const CFB_BY_EXTENSION: Record<string, string> = {
  doc: 'application/msword',
  xls: 'application/vnd.ms-excel',
  ppt: 'application/vnd.ms-powerpoint',
  msg: 'application/vnd.ms-outlook',
};

/** Formats without a signature: accepted only under their own extension and when the bytes look like text. */
const TEXT_BY_EXTENSION: Record<string, string> = {
  csv: 'text/csv',
  txt: 'text/plain',
  eml: 'message/rfc822',
};

const UTF8 = new TextDecoder('utf-8', { fatal: true });
const LATIN1 = new TextDecoder('latin1');

/** Something a browser or a shell would run: markup or a script header, at the start or early on. */
const ACTIVE_CONTENT = /^(?:<(?:[!?a-z/])|#!)|<\s*(?:script|html|svg|iframe|object|embed)\b/i;

/** A message starts with its header fields ("From: …", "Received: …"). */
const MAIL_HEADER = /^[A-Za-z][A-Za-z0-9-]*:/;

/**
 * Whether bytes are plausible plain text: no NUL bytes, no other control characters but tab, line breaks and
 * form feed, valid UTF-8 (or else Latin-1), and not starting like HTML, XML or a script. A message (`mail`)
 * must start with a header field instead; its parts may hold HTML (it is only ever downloaded).
 */
export function isPlainText(bytes: Uint8Array, mail = false): boolean {
  for (const b of bytes) {
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) return false;
    if (b === 0x7f) return false;
  }
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    text = LATIN1.decode(bytes);
  }
  const head = text
    .replace(/^\uFEFF/, '')
    .trimStart()
    .slice(0, 4096);
  return mail ? MAIL_HEADER.test(head) : !ACTIVE_CONTENT.test(head);
}

/**
 * Decides whether an upload is one of the whitelisted formats, by its content: the detected signature wins over
 * the name (a PNG called "foto.pdf" is stored as "foto.pdf.png"); signature-less text formats and CFB containers
 * need the matching extension as well. Null: refused.
 */
export function decideAttachmentType(
  detected: DetectedType,
  fileName: string,
  bytes: Uint8Array,
): AcceptedType | null {
  const declared = fileExtension(fileName);
  if (detected) {
    if (detected.ext === 'cfb') {
      const mime = CFB_BY_EXTENSION[declared];
      return mime ? { contentType: mime, name: fileName } : null;
    }
    const known = BY_SIGNATURE[detected.ext];
    if (!known) return null;
    const first = known.exts[0] as string;
    const name = known.exts.includes(declared) ? fileName : `${fileName}.${first}`;
    return { contentType: known.mime, name };
  }
  const textMime = TEXT_BY_EXTENSION[declared];
  if (!textMime || !isPlainText(bytes, declared === 'eml')) return null;
  return { contentType: textMime, name: fileName };
}

/** A stored name: no path, no control characters, at most 255 characters (keeping the extension). */
export function cleanFileName(raw: string | undefined): string {
  const base = (raw ?? '').split(/[\\/]/).pop() ?? '';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
  const clean = base.replace(/[\u0000-\u001f\u007f"]/g, '').trim();
  if (!clean) return 'arquivo';
  if (clean.length <= 255) return clean;
  const ext = fileExtension(clean);
  return ext ? `${clean.slice(0, 254 - ext.length)}.${ext}` : clean.slice(0, 255);
}
