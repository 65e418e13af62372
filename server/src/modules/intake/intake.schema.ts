import { INTAKE_LEAD_STATUSES, INTAKE_PRESETS, ZConsentSetting } from '@funil/domain';
import { z } from 'zod';

export const ZIntakeSource = z.object({
  id: z.string(),
  name: z.string(),
  preset: z.enum(INTAKE_PRESETS),
  pipelineId: z.string(),
  stageId: z.string().nullable(),
  media: z.string().nullable(),
  channel: z.string().nullable(),
  defaultOwnerId: z.string().nullable(),
  alwaysNewOpportunity: z.boolean(),
  mapping: z
    .record(z.string(), z.string())
    .describe('Campo → caminho no JSON recebido; um campo personalizado de pessoa como `cf.<chave>`'),
  endpointPath: z.string(),
  formPath: z.string(),
  consentText: z.string(),
  consentVersion: z.number(),
  consentSetting: ZConsentSetting.nullable(),
  allowedOrigins: z.array(z.string()),
  thankYouUrl: z.string().nullable(),
  googleKey: z.string().nullable(),
  metaVerifyToken: z.string().nullable(),
  hasMetaAppSecret: z.boolean(),
  version: z.number(),
});

export const ZIntakeReceipt = z.object({
  id: z.string(),
  status: z.enum(INTAKE_LEAD_STATUSES),
  leads: z.array(z.object({ id: z.string(), status: z.enum(INTAKE_LEAD_STATUSES), duplicate: z.boolean() })),
});

const ZRef = z.object({ id: z.string(), name: z.string() });

export const ZIntakeLogEntry = z.object({
  id: z.string(),
  source: ZRef,
  externalId: z.string().nullable(),
  status: z.enum(INTAKE_LEAD_STATUSES),
  reason: z.string().nullable(),
  lead: z.record(z.string(), z.unknown()),
  consent: z.object({ text: z.string(), version: z.number() }).nullable(),
  person: ZRef.nullable(),
  createdPerson: z.boolean().nullable(),
  opportunity: z.object({ id: z.string(), title: z.string() }).nullable(),
  distribution: z.unknown(),
  rawBody: z.string(),
  contentType: z.string().nullable(),
  receivedAt: z.string(),
  processedAt: z.string().nullable(),
});

export const ZIntakeLogQuery = z.object({
  sourceId: z.uuid().optional(),
  status: z.enum(INTAKE_LEAD_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(200).optional(),
});

export const ZIntakePreview = z.object({
  leads: z.array(
    z.object({
      parsed: z.record(z.string(), z.unknown()),
      normalized: z.record(z.string(), z.unknown()).nullable(),
      rejectReason: z.string().nullable(),
    }),
  ),
  errors: z.array(z.object({ field: z.string(), code: z.string() })),
});
