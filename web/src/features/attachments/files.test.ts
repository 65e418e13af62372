import { describe, expect, it } from 'vitest';
import { formatBytes, precheckFile, readNoteAttachments, typeLabel } from './files.ts';

describe('attachment helpers', () => {
  it('formats sizes', () => {
    expect(formatBytes(850, 'pt-BR')).toBe('850 B');
    expect(formatBytes(12_800, 'pt-BR')).toBe('12,5 KB');
    expect(formatBytes(3.2 * 1024 * 1024, 'en')).toBe('3.2 MB');
  });

  it('prechecks size and name before uploading', () => {
    expect(precheckFile({ name: 'a.pdf', size: 10 * 1024 * 1024 })).toBeNull();
    expect(precheckFile({ name: 'a.pdf', size: 10 * 1024 * 1024 + 1 })).toBe('payload-too-large');
    expect(precheckFile({ name: 'setup.exe', size: 10 })).toBe('attachment-type-refused');
    expect(precheckFile({ name: 'LISTA.CSV', size: 10 })).toBeNull();
    expect(precheckFile({ name: 'semextensao', size: 10 })).toBe('attachment-type-refused');
  });

  it('labels types and reads a note’s attachments defensively', () => {
    expect(typeLabel('application/pdf', 'proposta.pdf')).toBe('PDF');
    expect(typeLabel('text/csv', 'x')).toBe('CSV');
    expect(
      readNoteAttachments({
        attachments: [{ id: '1', name: 'a.pdf', type: 'application/pdf', size: 3 }, { id: 2 }, null],
      }),
    ).toEqual([{ id: '1', name: 'a.pdf', type: 'application/pdf', size: 3 }]);
    expect(readNoteAttachments({ body: 'x' })).toEqual([]);
  });
});
