import { z } from 'zod';
import { ZCallListFilter } from './callcenter.ts';
import { CUSTOM_FIELD_FILTER_DOC } from './custom-field-filters.ts';

// Mass sends (envios comerciais): a campaign's request shapes, its template variables and how they render, the
// recipient statuses and the order they may move in, and the words of an opt-out reply.

export const CAMPAIGN_CHANNELS = ['email', 'whatsapp'] as const;
export type CampaignChannel = (typeof CAMPAIGN_CHANNELS)[number];

export const CAMPAIGN_STATUSES = ['draft', 'running', 'paused', 'cancelled', 'completed'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

export const RECIPIENT_STATUSES = [
  'queued',
  'skipped',
  'sending',
  'sent',
  'delivered',
  'read',
  'failed',
  'bounced',
] as const;
export type RecipientStatus = (typeof RECIPIENT_STATUSES)[number];

export const SKIP_REASONS = ['do_not_contact', 'no_email', 'no_phone'] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

/**
 * How far along a message is. A status report only ever moves a recipient forward: a late `delivered` after `read`
 * changes nothing (its time is still kept). `failed`/`bounced` end a message not yet delivered; once delivered, a
 * later failure report (another device of the person) does not undo it, and a `delivered` after `failed` wins.
 */
export const RECIPIENT_STATUS_RANK: Record<RecipientStatus, number> = {
  queued: 0,
  skipped: 0,
  sending: 1,
  sent: 2,
  failed: 2.5,
  bounced: 2.5,
  delivered: 3,
  read: 4,
};

/** Whether a report of `next` may replace `current` (statuses arrive late and out of order). */
export function advancesStatus(current: RecipientStatus, next: RecipientStatus): boolean {
  if (current === 'skipped') return false;
  return RECIPIENT_STATUS_RANK[next] > RECIPIENT_STATUS_RANK[current];
}

/** Variables a campaign's template may use: `{{nome}}`, `{{primeiro_nome}}`, `{{responsavel}}`, `{{empresa}}`. */
export const CAMPAIGN_VARIABLES = ['nome', 'primeiro_nome', 'responsavel', 'empresa'] as const;
export type CampaignVariable = (typeof CAMPAIGN_VARIABLES)[number];
export type CampaignValues = Record<CampaignVariable, string>;

const VARIABLE_PATTERN = /\{\{\s*([a-z_]+)\s*\}\}/g;

/** The `{{variables}}` of `text` that are not known (a typo would otherwise go out as is to every person). */
export function unknownCampaignVariables(text: string): string[] {
  const known = new Set<string>(CAMPAIGN_VARIABLES);
  return [...new Set([...text.matchAll(VARIABLE_PATTERN)].map((m) => m[1] ?? ''))].filter(
    (v) => !known.has(v),
  );
}

/** Fills a template's `{{variables}}` with one person's values (unknown ones are refused before, at creation). */
export function renderCampaignText(text: string, values: CampaignValues): string {
  return text.replace(VARIABLE_PATTERN, (whole, name: string) =>
    name in values ? values[name as CampaignVariable] : whole,
  );
}

/** One person's values for the template. */
export function campaignValues(p: {
  name: string;
  ownerName: string | null;
  workspaceName: string;
}): CampaignValues {
  const name = p.name.trim();
  return {
    nome: name,
    primeiro_nome: name.split(/\s+/)[0] ?? name,
    responsavel: p.ownerName ?? '',
    empresa: p.workspaceName,
  };
}

/** Replies that mean "stop messaging me": the word first (any case, accents, punctuation), in at most three words. */
const OPT_OUT_WORDS = new Set(['sair', 'pare', 'parar', 'stop', 'cancelar', 'descadastrar', 'unsubscribe']);

/** Whether an inbound message asks to stop receiving messages ("SAIR", "Pare!", "stop"). */
export function isOptOutReply(text: string): boolean {
  const plain = text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\s]/gu, ' ')
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  return plain.length >= 1 && plain.length <= 3 && OPT_OUT_WORDS.has(plain[0] ?? '');
}

const noUnknownVariables = (text: string | undefined | null) =>
  !text || unknownCampaignVariables(text).length === 0;

/** The people list's filters a campaign takes its recipients from (the same as the list's query). */
export const ZCampaignFilter = z
  .object({
    q: z.string().max(200).optional(),
    stage: z
      .string()
      .regex(/^(suspect|prospect|lead|client)(,(suspect|prospect|lead|client))*$/, 'invalid_value')
      .optional(),
    ownerId: z.uuid().optional(),
    teamId: z.uuid().optional(),
    branchId: z.uuid().optional(),
    tag: z.string().max(40).optional(),
    media: z.string().max(80).optional(),
    channel: z.string().max(80).optional(),
    createdFrom: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'invalid_date')
      .optional(),
    createdTo: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'invalid_date')
      .optional(),
    /** The people list's custom field filter (`cf`), checked as the list checks it. */
    cf: z.string().max(4000).optional().describe(CUSTOM_FIELD_FILTER_DOC),
    /** The call center's Filtros (a call list filter): only the interested people it selects. */
    callList: ZCallListFilter.optional(),
  })
  .strict();
export type CampaignFilter = z.output<typeof ZCampaignFilter>;

export const ZCreateCampaignRequest = z
  .object({
    name: z.string().trim().min(1, 'required').max(120, 'too_long'),
    channel: z.enum(CAMPAIGN_CHANNELS),
    subject: z
      .string()
      .trim()
      .max(200, 'too_long')
      .refine(noUnknownVariables, 'unknown_variable')
      .nullable()
      .optional(),
    body: z
      .string()
      .trim()
      .min(1, 'required')
      .max(4000, 'too_long')
      .refine(noUnknownVariables, 'unknown_variable'),
    /** WhatsApp: the approved template sent outside the 24-hour window, and the variables of its body parameters. */
    template: z
      .object({
        name: z
          .string()
          .trim()
          .regex(/^[a-z0-9_]{1,512}$/, 'invalid_value'),
        language: z
          .string()
          .trim()
          .regex(/^[a-z]{2,3}(_[A-Z]{2})?$/, 'invalid_value'),
        params: z.array(z.enum(CAMPAIGN_VARIABLES)).max(10).default([]),
      })
      .nullable()
      .optional(),
    filter: ZCampaignFilter.default({}),
    throttlePerMinute: z.number().int().min(1).max(6000).default(60),
  })
  .superRefine((c, ctx) => {
    if (c.channel === 'email' && !c.subject)
      ctx.addIssue({ code: 'custom', path: ['subject'], message: 'required' });
    if (c.channel === 'whatsapp' && !c.template) {
      ctx.addIssue({ code: 'custom', path: ['template'], message: 'required' });
    }
  });
export type CreateCampaignRequest = z.output<typeof ZCreateCampaignRequest>;

export type CampaignCounts = Record<RecipientStatus, number>;

export type Campaign = {
  id: string;
  name: string;
  channel: CampaignChannel;
  status: CampaignStatus;
  subject: string | null;
  body: string;
  template: { name: string; language: string; params: CampaignVariable[] } | null;
  filter: CampaignFilter;
  throttlePerMinute: number;
  createdBy: { id: string; name: string } | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  version: number;
  counts: CampaignCounts;
  total: number;
};

export type CampaignRecipient = {
  id: string;
  personId: string;
  personName: string;
  status: RecipientStatus;
  skipReason: SkipReason | null;
  error: string | null;
  sentAt: string | null;
  deliveredAt: string | null;
  readAt: string | null;
};
