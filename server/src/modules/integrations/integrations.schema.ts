import {
  AGENT_MATCHES,
  API_SCOPES,
  API_TOKEN_STATUSES,
  HELPDESK_PROVIDERS,
  INTEGRATION_KINDS,
} from '@funil/domain';
import { z } from 'zod';

export const ZApiToken = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(z.enum(API_SCOPES)),
  allowedCidrs: z.array(z.string()),
  status: z.enum(API_TOKEN_STATUSES),
  createdAt: z.string(),
  createdBy: z.object({ id: z.string(), name: z.string() }).nullable(),
  lastUsedAt: z.string().nullable(),
  lastUsedIp: z.string().nullable(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});

export const ZIntegration = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(INTEGRATION_KINDS),
  scopes: z.array(z.enum(API_SCOPES)),
  allowedCidrs: z.array(z.string()),
  timeoutSeconds: z.number().int(),
  linkingTeamIds: z.array(z.string()),
  frameOrigins: z.array(z.string()),
  connection: z
    .object({
      provider: z.enum(HELPDESK_PROVIDERS),
      baseUrl: z.string(),
      accountId: z.string(),
      hasApiToken: z.boolean(),
      hasWebhookSecret: z.boolean(),
    })
    .nullable(),
  tokens: z.array(ZApiToken),
  version: z.number().int(),
  createdAt: z.string(),
  createdBy: z.object({ id: z.string(), name: z.string() }).nullable(),
});

export const ZIntegrationAgent = z.object({
  agentId: z.string(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  user: z.object({ id: z.string(), name: z.string() }).nullable(),
  matchedBy: z.enum(AGENT_MATCHES),
  lastSeenAt: z.string().nullable(),
});

export const ZIntegrationParams = z.object({ id: z.uuid() });
export const ZIntegrationTokenParams = z.object({ id: z.uuid(), tokenId: z.uuid() });
export const ZIntegrationAgentParams = z.object({ id: z.uuid(), agentId: z.string().min(1).max(200) });
