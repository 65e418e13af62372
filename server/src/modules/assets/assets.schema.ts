import { ASSET_FIELD_TYPES, ASSET_STATUSES } from '@funil/domain';
import { z } from 'zod';

// Response schemas of the assets API (validation, types and OpenAPI from the same place).

export const ZAssetTypeParams = z.object({ id: z.uuid() });
export const ZPersonAssetsParams = z.object({ id: z.uuid() });
export const ZPersonAssetParams = z.object({ id: z.uuid(), assetId: z.uuid() });
export const ZAssetTypesQuery = z.object({
  includeArchived: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true'),
});

const ZFieldDefinition = z.object({
  key: z.string(),
  label: z.string(),
  type: z.enum(ASSET_FIELD_TYPES),
  required: z.boolean(),
  options: z.array(z.string()),
});

export const ZAssetType = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  fields: z.array(ZFieldDefinition),
  archivedAt: z.string().nullable(),
  assetCount: z.number(),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const ZAsset = z.object({
  id: z.string(),
  personId: z.string(),
  assetType: z.object({
    id: z.string(),
    name: z.string(),
    fields: z.array(ZFieldDefinition),
    archived: z.boolean(),
  }),
  identifier: z.string(),
  status: z.enum(ASSET_STATUSES),
  startDate: z.string().nullable(),
  endDate: z.string().nullable(),
  values: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  notes: z.string().nullable(),
  createdBy: z.object({ id: z.string(), name: z.string() }).nullable(),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
