import { z } from 'zod';
import { API_SCOPES, type ApiScope, type ApiToken, isCidr } from './erp.ts';

/** What another system is to Funil; a helpdesk also gets the side panel and the two-way sync. */
export const INTEGRATION_KINDS = ['helpdesk', 'lead_source', 'erp', 'custom'] as const;
export type IntegrationKind = (typeof INTEGRATION_KINDS)[number];

/** Helpdesks Funil writes back to (contact attributes, private notes). */
export const HELPDESK_PROVIDERS = ['chatwoot'] as const;
export type HelpdeskProvider = (typeof HELPDESK_PROVIDERS)[number];

/** "Tempo máximo de resposta", in seconds, as the admin types it. */
export const INTEGRATION_TIMEOUT_SECONDS = { min: 1, max: 120, default: 10 } as const;

/** An origin a helpdesk page is served from (`https://suporte.exemplo.com.br`, a port allowed, no path). */
export function isWebOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value.replace(/\/$/, '');
  } catch {
    return false;
  }
}

const ZScopes = z
  .array(z.enum(API_SCOPES))
  .min(1, 'required')
  .max(API_SCOPES.length)
  .refine((s) => new Set(s).size === s.length, 'duplicate');

export const ZHelpdeskConnectionInput = z.object({
  provider: z.enum(HELPDESK_PROVIDERS),
  /** The helpdesk's address (Chatwoot: `https://app.chatwoot.com` or a self-hosted one). */
  baseUrl: z.url({ protocol: /^https?$/, error: 'invalid_value' }).max(300, 'too_long'),
  accountId: z.string().trim().min(1, 'required').max(40, 'too_long'),
  /** The helpdesk's API token Funil writes back with; omitted on edit: keep the stored one. */
  apiToken: z.string().trim().min(1, 'required').max(300, 'too_long').optional(),
  /**
   * The secret the helpdesk signs its webhooks with (Chatwoot shows it on the webhook it created); omitted on edit:
   * keep the stored one. Without one, the helpdesk's webhooks are refused.
   */
  webhookSecret: z.string().trim().min(8, 'too_short').max(300, 'too_long').optional(),
});

export const ZCreateIntegrationRequest = z.object({
  name: z.string().trim().min(1, 'required').max(80, 'too_long'),
  kind: z.enum(INTEGRATION_KINDS),
  scopes: ZScopes,
  allowedCidrs: z.array(z.string().trim().refine(isCidr, 'invalid_value')).max(20, 'too_long').default([]),
  timeoutSeconds: z
    .number()
    .int('invalid_value')
    .min(INTEGRATION_TIMEOUT_SECONDS.min, 'too_small')
    .max(INTEGRATION_TIMEOUT_SECONDS.max, 'too_big')
    .default(INTEGRATION_TIMEOUT_SECONDS.default),
  /** Teams whose members may link helpdesk contacts to people from the panel; empty: nobody. */
  linkingTeamIds: z.array(z.uuid('invalid_value')).max(200, 'too_long').default([]),
  /** Origins allowed to frame the panel; empty: nobody. */
  frameOrigins: z
    .array(z.string().trim().refine(isWebOrigin, 'invalid_value'))
    .max(10, 'too_long')
    .default([]),
  connection: ZHelpdeskConnectionInput.nullable().default(null),
});
export type CreateIntegrationRequest = z.input<typeof ZCreateIntegrationRequest>;

export type Integration = {
  id: string;
  name: string;
  kind: IntegrationKind;
  scopes: ApiScope[];
  allowedCidrs: string[];
  timeoutSeconds: number;
  linkingTeamIds: string[];
  frameOrigins: string[];
  connection: {
    provider: HelpdeskProvider;
    baseUrl: string;
    accountId: string;
    hasApiToken: boolean;
    hasWebhookSecret: boolean;
  } | null;
  /** Its tokens, newest first: the active one(s) and, during a rotation's overlap, the one on its way out. */
  tokens: ApiToken[];
  version: number;
  createdAt: string;
  createdBy: { id: string; name: string } | null;
};

/** Editing an integration: only what is sent changes. Scopes and networks apply to every live token of it. */
export const ZUpdateIntegrationRequest = z.object({
  name: z.string().trim().min(1, 'required').max(80, 'too_long').optional(),
  scopes: ZScopes.optional(),
  allowedCidrs: z.array(z.string().trim().refine(isCidr, 'invalid_value')).max(20, 'too_long').optional(),
  timeoutSeconds: z
    .number()
    .int('invalid_value')
    .min(INTEGRATION_TIMEOUT_SECONDS.min, 'too_small')
    .max(INTEGRATION_TIMEOUT_SECONDS.max, 'too_big')
    .optional(),
  linkingTeamIds: z.array(z.uuid('invalid_value')).max(200, 'too_long').optional(),
  frameOrigins: z
    .array(z.string().trim().refine(isWebOrigin, 'invalid_value'))
    .max(10, 'too_long')
    .optional(),
  /** null removes the connection; `apiToken` omitted keeps the stored one. */
  connection: ZHelpdeskConnectionInput.nullable().optional(),
});
export type UpdateIntegrationRequest = z.input<typeof ZUpdateIntegrationRequest>;

/** Longest a rotated-out token keeps working beside the new one (a week). */
export const MAX_ROTATION_OVERLAP_HOURS = 168;

/** Rotation: a new token now; the current one keeps working `overlapHours` more (0: stops at once). */
export const ZRotateIntegrationRequest = z.object({
  overlapHours: z
    .number()
    .int('invalid_value')
    .min(0, 'too_small')
    .max(MAX_ROTATION_OVERLAP_HOURS, 'too_big'),
});
export type RotateIntegrationRequest = z.input<typeof ZRotateIntegrationRequest>;

/** A helpdesk agent's id as the helpdesk names it (Chatwoot: a number). */
export const ZAgentId = z.string().trim().min(1, 'required').max(200, 'too_long');

/** Maps a helpdesk agent to a Funil user by hand (null: the agent may not act). */
export const ZMapAgentRequest = z.object({ userId: z.uuid('invalid_value').nullable() });
export type MapAgentRequest = z.input<typeof ZMapAgentRequest>;

export const AGENT_MATCHES = ['email', 'manual', 'none'] as const;
export type AgentMatch = (typeof AGENT_MATCHES)[number];

/** A helpdesk agent as an integration saw it and the user it acts as. */
export type IntegrationAgent = {
  agentId: string;
  name: string | null;
  email: string | null;
  user: { id: string; name: string } | null;
  matchedBy: AgentMatch;
  /** null: mapped by hand before the helpdesk ever sent it. */
  lastSeenAt: string | null;
};
