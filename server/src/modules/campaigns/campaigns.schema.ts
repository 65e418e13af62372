import {
  CAMPAIGN_CHANNELS,
  CAMPAIGN_STATUSES,
  CAMPAIGN_VARIABLES,
  RECIPIENT_STATUSES,
  SKIP_REASONS,
  ZCampaignFilter,
} from '@funil/domain';
import { z } from 'zod';

export const ZCampaignParams = z.object({ id: z.uuid() });

export const ZCampaignCounts = z.object(
  Object.fromEntries(RECIPIENT_STATUSES.map((s) => [s, z.number().int()])) as Record<
    (typeof RECIPIENT_STATUSES)[number],
    z.ZodNumber
  >,
);

export const ZCampaign = z.object({
  id: z.string(),
  name: z.string(),
  channel: z.enum(CAMPAIGN_CHANNELS),
  status: z.enum(CAMPAIGN_STATUSES),
  subject: z.string().nullable(),
  body: z.string(),
  template: z
    .object({ name: z.string(), language: z.string(), params: z.array(z.enum(CAMPAIGN_VARIABLES)) })
    .nullable(),
  filter: ZCampaignFilter,
  throttlePerMinute: z.number().int(),
  createdBy: z.object({ id: z.string(), name: z.string() }).nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  version: z.number().int(),
  counts: ZCampaignCounts,
  total: z.number().int(),
});

export const ZCampaignPage = z.object({ items: z.array(ZCampaign), nextCursor: z.string().nullable() });

export const ZListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(500).optional(),
});

export const ZRecipientsQuery = z.object({
  status: z.enum(RECIPIENT_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.uuid().optional(),
});

export const ZCampaignRecipient = z.object({
  id: z.string(),
  personId: z.string(),
  personName: z.string(),
  status: z.enum(RECIPIENT_STATUSES),
  skipReason: z.enum(SKIP_REASONS).nullable(),
  error: z.string().nullable(),
  sentAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  readAt: z.string().nullable(),
});

export const ZRecipientPage = z.object({
  items: z.array(ZCampaignRecipient),
  nextCursor: z.string().nullable(),
});

export const ZCampaignPreview = z.object({
  /** People the filter matches under the actor's visibility. */
  total: z.number().int(),
  sample: z.array(
    z.object({
      personId: z.string(),
      name: z.string(),
      /** The e-mail, or the phone masked. */
      address: z.string().nullable(),
      skipReason: z.enum(SKIP_REASONS).nullable(),
      subject: z.string().nullable(),
      text: z.string(),
    }),
  ),
});

export const ZWhatsAppAccountRequest = z.object({
  apiUrl: z.url().max(300),
  apiVersion: z
    .string()
    .regex(/^v\d{1,3}\.\d{1,2}$/, 'invalid_value')
    .default('v21.0'),
  phoneNumberId: z.string().regex(/^\d{5,40}$/, 'invalid_value'),
  // Write-only: required the first time; afterwards an absent one keeps the stored value.
  accessToken: z.string().min(10).max(1000).optional(),
  appSecret: z.string().min(8).max(200).optional(),
  verifyToken: z.string().min(8).max(200).optional(),
});

export const ZWhatsAppAccount = z.object({
  configured: z.boolean(),
  apiUrl: z.string().nullable(),
  apiVersion: z.string().nullable(),
  phoneNumberId: z.string().nullable(),
  /** The URL to paste into Meta's webhook settings. */
  webhookPath: z.string(),
  updatedAt: z.string().nullable(),
  /** Bumped by every save (0 before the first); also the ETag, sent back as If-Match. */
  version: z.number().int(),
});
