import { CONSENT_ACTIONS, CONSENT_SOURCES, LEGAL_BASES } from '@funil/domain';
import { z } from 'zod';

const ZRef = z.object({ id: z.string(), name: z.string() });

export const ZConsentPurpose = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  text: z.string(),
  textVersion: z.number().int(),
  archived: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const ZConsentPurposeList = z.object({ items: z.array(ZConsentPurpose) });

export const ZConsentPurposeTexts = z.object({
  items: z.array(
    z.object({
      version: z.number().int(),
      text: z.string(),
      createdAt: z.string(),
      createdBy: ZRef.nullable(),
    }),
  ),
});

export const ZConsentRecord = z.object({
  id: z.string(),
  purpose: ZRef,
  legalBasis: z.enum(LEGAL_BASES),
  action: z.enum(CONSENT_ACTIONS),
  source: z.enum(CONSENT_SOURCES),
  textVersion: z.number().int(),
  evidence: z.string(),
  recordedBy: ZRef.nullable(),
  recordedAt: z.string(),
});

export const ZPersonConsents = z.object({
  current: z.array(ZConsentRecord.extend({ active: z.boolean() })),
  log: z.array(ZConsentRecord),
});

export const ZPurposesQuery = z.object({
  includeArchived: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
});
export const ZIdParams = z.object({ id: z.uuid() });
export const ZPersonPurposeParams = z.object({ id: z.uuid(), purposeId: z.uuid() });
