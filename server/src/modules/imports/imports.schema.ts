import { DEDUP_POLICIES, IMPORT_KINDS, IMPORT_STATUSES, ZConsentSetting, ZImportTarget } from '@funil/domain';
import { z } from 'zod';

export const ZImport = z.object({
  id: z.string(),
  kind: z.enum(IMPORT_KINDS),
  fileName: z.string(),
  fileType: z.enum(['csv', 'xlsx']),
  encoding: z.string().nullable(),
  delimiter: z.string().nullable(),
  headers: z.array(z.string()),
  mapping: z.array(ZImportTarget.nullable()),
  policy: z.enum(DEDUP_POLICIES).nullable(),
  consentSetting: ZConsentSetting.nullable(),
  status: z.enum(IMPORT_STATUSES),
  totalRows: z.number().int(),
  processedRows: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  skipped: z.number().int(),
  rejected: z.number().int(),
  undoKept: z.number().int().nullable(),
  failure: z.string().nullable(),
  createdBy: z.object({ id: z.string(), name: z.string() }).nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  undoneAt: z.string().nullable(),
});

export const ZUploadedImport = ZImport.extend({
  sample: z.array(z.array(z.string())),
  savedMappings: z.array(z.object({ name: z.string(), mapping: z.array(ZImportTarget.nullable()) })),
  presets: z.array(z.object({ key: z.string(), label: z.string() })),
});

export const ZImportList = z.object({ items: z.array(ZImport) });

export const ZImportPreview = z.object({
  rows: z.array(
    z.object({
      rowNo: z.number().int(),
      cells: z.array(z.string()),
      errors: z.array(z.string()),
      duplicate: z.enum(['registry', 'file']).nullable(),
    }),
  ),
});

export const ZImportParams = z.object({ id: z.uuid() });

export const ZUploadQuery = z.object({
  /** What the file imports (default: people). */
  kind: z.enum(IMPORT_KINDS).default('people'),
});
