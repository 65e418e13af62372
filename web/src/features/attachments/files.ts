import { isAllowedAttachmentName, MAX_ATTACHMENT_BYTES } from '@funil/domain';

/** `850 B`, `12,5 KB`, `3,2 MB` in the interface's language. */
export function formatBytes(bytes: number, locale: string): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 ? 0 : 1;
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(value)} ${units[unit]}`;
}

/**
 * What the browser can already tell about a chosen file before sending it (the server decides by content):
 * too large, or a name outside the whitelist. Null: worth sending.
 */
export function precheckFile(file: {
  name: string;
  size: number;
}): 'payload-too-large' | 'attachment-type-refused' | null {
  if (file.size > MAX_ATTACHMENT_BYTES) return 'payload-too-large';
  if (!isAllowedAttachmentName(file.name)) return 'attachment-type-refused';
  return null;
}

/** A short label for a content type: `PDF`, `PNG`, `DOCX`, `CSV`… */
export function typeLabel(contentType: string, name: string): string {
  const ext = /\.([a-z0-9]{1,5})$/i.exec(name)?.[1];
  if (ext) return ext.toUpperCase();
  return contentType.split('/').pop()?.toUpperCase() ?? contentType;
}

/** The attachments a note event carries (`data.attachments`), ignoring anything malformed. */
export function readNoteAttachments(
  data: unknown,
): { id: string; name: string; type: string; size: number }[] {
  if (typeof data !== 'object' || data === null) return [];
  const list = (data as { attachments?: unknown }).attachments;
  if (!Array.isArray(list)) return [];
  return list.flatMap((a) =>
    typeof a === 'object' &&
    a !== null &&
    typeof a.id === 'string' &&
    typeof a.name === 'string' &&
    typeof a.type === 'string' &&
    typeof a.size === 'number'
      ? [{ id: a.id, name: a.name, type: a.type, size: a.size }]
      : [],
  );
}
