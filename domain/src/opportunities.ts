import { z } from 'zod';
import type { ActivityKind } from './activities.ts';
import { type CustomFieldValues, ZCustomFieldValuesInput } from './custom-fields.ts';

/** Outcome of an opportunity (GLOSSARY: Em andamento / Ganha / Perdida / Descartada). */
export const OPPORTUNITY_STATUSES = ['open', 'won', 'lost', 'discarded'] as const;
export type OpportunityStatus = (typeof OPPORTUNITY_STATUSES)[number];

/** Roles of the people involved in an opportunity (Clientes envolvidos); exactly one holder. */
export const INVOLVED_ROLES = ['holder', 'spouse', 'partner', 'guarantor', 'other'] as const;
export type InvolvedRole = (typeof INVOLVED_ROLES)[number];

/** Fields a stage may require before a card enters it. */
export const STAGE_REQUIRABLE_FIELDS = [
  'description',
  'valueCents',
  'expectedCloseDate',
  'businessPlanId',
  'city',
  'qualificationId',
] as const;
export type StageRequirableField = (typeof STAGE_REQUIRABLE_FIELDS)[number];

/** What every involved person may be required to have before an opportunity is won. */
export const SALE_REQUIREMENTS = ['document', 'address', 'phone', 'email', 'birthDate'] as const;
export type SaleRequirement = (typeof SALE_REQUIREMENTS)[number];
export const DEFAULT_SALE_REQUIREMENTS: SaleRequirement[] = ['document', 'address', 'phone'];

/**
 * The workspace's configurable lists: those an opportunity refers to, and a person's status panel
 * (objective, moment and its sub-moments, reasons for lack of interest). Business plans double as the
 * products a person may be interested in.
 */
export const OPTION_LISTS = [
  'loss_reason',
  'discard_reason',
  'business_plan',
  'qualification',
  'objective',
  'moment',
  'sub_moment',
  'disinterest_reason',
  // The call center desk (Tipos de lead, Níveis de interesse, Publicidade).
  'lead_type',
  'interest_level',
  'publicity',
] as const;
export type OptionListName = (typeof OPTION_LISTS)[number];

export const OPPORTUNITY_SORTS = [
  'rank',
  'title',
  '-title',
  'valueCents',
  '-valueCents',
  'expectedCloseDate',
  '-expectedCloseDate',
  'createdAt',
  '-createdAt',
  'stageEnteredAt',
  '-stageEnteredAt',
] as const;
export type OpportunitySort = (typeof OPPORTUNITY_SORTS)[number];

/** Opportunity fields whose edits are recorded as `field_changed` on its timeline. */
export const TRACKED_OPPORTUNITY_FIELDS = [
  'title',
  'description',
  'valueCents',
  'expectedCloseDate',
  'businessPlanId',
  'city',
  'ownerId',
  'teamId',
  'managerId',
  'branchId',
  'qualificationId',
  'source',
  'tags',
] as const;
export type TrackedOpportunityField = (typeof TRACKED_OPPORTUNITY_FIELDS)[number];

const text = (max: number) => z.string().trim().max(max, 'too_long');
const optionalText = (max: number) =>
  text(max)
    .nullish()
    .transform((v) => (v ? v : null));

/** A real calendar day (no 2026-02-31). */
const ZCalendarDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'invalid_date')
  .refine((v) => {
    const day = new Date(`${v}T00:00:00Z`);
    return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === v && v >= '1900-01-01';
  }, 'invalid_date');

/** Money in BRL as integer cents (R$ 1.234,56 = 123456); up to R$ 10 bilhões. */
export const ZCents = z
  .number({ message: 'invalid_value' })
  .int('invalid_value')
  .min(0, 'invalid_value')
  .max(1_000_000_000_000, 'invalid_value');

// ---------- Pipelines ----------

export const ZStageInput = z.object({
  /** Absent for a new stage. */
  id: z.uuid().optional(),
  name: text(60).min(1, 'required'),
  probability: z.number().int().min(0, 'invalid_value').max(100, 'invalid_value').default(0),
  /** Days a card may stay in the stage before it rots; null: never. */
  rottingDays: z.number().int().min(1, 'invalid_value').max(3650, 'invalid_value').nullish().default(null),
  requiredFields: z.array(z.enum(STAGE_REQUIRABLE_FIELDS)).max(STAGE_REQUIRABLE_FIELDS.length).default([]),
});
export type StageInput = z.input<typeof ZStageInput>;

const stagesField = z
  .array(ZStageInput)
  .min(1, 'required')
  .max(30, 'too_long')
  .superRefine((stages, ctx) => {
    const names = new Set<string>();
    stages.forEach((s, i) => {
      const key = s.name.toLocaleLowerCase('pt-BR');
      if (names.has(key)) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: 'duplicate' });
      names.add(key);
    });
  });

export const ZCreatePipelineRequest = z.object({
  name: text(80).min(1, 'required'),
  stages: stagesField,
});
export type CreatePipelineRequest = z.output<typeof ZCreatePipelineRequest>;

/**
 * Replaces the pipeline's stage list in order: stages with an id are renamed/reordered, without one are
 * created, existing stages left out are archived. A left-out stage that still has cards needs a target in
 * `moveCardsTo` (stage id → stage id that stays); otherwise 409 `stage-not-empty`.
 */
export const ZUpdatePipelineRequest = z.object({
  name: text(80).min(1, 'required'),
  stages: stagesField,
  moveCardsTo: z.record(z.uuid(), z.uuid()).default({}),
  version: z.number().int().positive().optional(),
});
export type UpdatePipelineRequest = z.output<typeof ZUpdatePipelineRequest>;

export type Stage = {
  id: string;
  name: string;
  position: number;
  probability: number;
  rottingDays: number | null;
  requiredFields: StageRequirableField[];
};

export type Pipeline = {
  id: string;
  name: string;
  stages: Stage[];
  /** Opportunities (any status) per stage id, for the admin page. */
  cardCounts: Record<string, number>;
  version: number;
};

// ---------- Option lists and sale requirements ----------

/** An item of a workspace list; sub-moments name their moment (`parentId`). */
export type ListOption = { id: string; label: string; position: number; parentId?: string | null };
export type OptionLists = Record<OptionListName, ListOption[]>;

export const ZReplaceOptionListRequest = z.object({
  items: z
    .array(
      z.object({ id: z.uuid().optional(), label: text(80).min(1, 'required'), parentId: z.uuid().nullish() }),
    )
    .max(100, 'too_long'),
});

export const ZSaleRequirementsRequest = z.object({
  requirements: z.array(z.enum(SALE_REQUIREMENTS)).max(SALE_REQUIREMENTS.length),
});

// ---------- Opportunities ----------

const opportunityFields = {
  title: text(160).min(2, 'too_short'),
  description: optionalText(5000),
  valueCents: ZCents.nullish().transform((v) => v ?? null),
  expectedCloseDate: ZCalendarDay.nullish().transform((v) => v ?? null),
  businessPlanId: z
    .uuid()
    .nullish()
    .transform((v) => v ?? null),
  city: optionalText(100),
  ownerId: z
    .uuid()
    .nullish()
    .transform((v) => v ?? null),
  teamId: z
    .uuid()
    .nullish()
    .transform((v) => v ?? null),
  managerId: z
    .uuid()
    .nullish()
    .transform((v) => v ?? null),
  branchId: z
    .uuid()
    .nullish()
    .transform((v) => v ?? null),
  qualificationId: z
    .uuid()
    .nullish()
    .transform((v) => v ?? null),
  source: z.object({ media: optionalText(80), channel: optionalText(80) }),
  tags: z.array(text(40).min(1, 'required')).max(30, 'too_long'),
  customFields: ZCustomFieldValuesInput,
};

export const ZCreateOpportunityRequest = z.object({
  ...opportunityFields,
  pipelineId: z.uuid(),
  /** Defaults to the first stage. */
  stageId: z.uuid().optional(),
  source: opportunityFields.source.default({ media: null, channel: null }),
  tags: opportunityFields.tags.default([]),
  customFields: opportunityFields.customFields.default({}),
  /** The holder (titular) from the people registry. */
  holderId: z.uuid(),
  people: z
    .array(z.object({ personId: z.uuid(), role: z.enum(INVOLVED_ROLES).exclude(['holder']) }))
    .max(20, 'too_long')
    .default([]),
  /** Set by integrations: which one sent the lead, and what it sent, kept as received. */
  integration: z.object({ name: text(80).min(1, 'required'), payload: z.unknown() }).optional(),
});
export type CreateOpportunityRequest = z.output<typeof ZCreateOpportunityRequest>;
export type CreateOpportunityInput = z.input<typeof ZCreateOpportunityRequest>;

export const ZUpdateOpportunityRequest = z
  .object(opportunityFields)
  .partial()
  .extend({ version: z.number().int().positive().optional() });
export type UpdateOpportunityRequest = z.output<typeof ZUpdateOpportunityRequest>;

export const ZMoveOpportunityRequest = z.object({
  stageId: z.uuid(),
  /** 0-based place in the destination column (open cards, board order); absent: top of the column. */
  position: z.number().int().min(0).max(1_000_000).optional(),
  /** Alternative to `position`: the card to place it right after (null: top). */
  afterId: z.uuid().nullable().optional(),
});
export type MoveOpportunityRequest = z.output<typeof ZMoveOpportunityRequest>;

export const ZChangeStatusRequest = z
  .object({
    status: z.enum(OPPORTUNITY_STATUSES),
    /** A loss reason for `lost`, a discard reason for `discarded`. */
    reasonId: z.uuid().nullish(),
    note: optionalText(2000),
  })
  .superRefine((v, ctx) => {
    if ((v.status === 'lost' || v.status === 'discarded') && !v.reasonId) {
      ctx.addIssue({ code: 'custom', path: ['reasonId'], message: 'required' });
    }
  });
export type ChangeStatusRequest = z.output<typeof ZChangeStatusRequest>;

export const ZInvolvePersonRequest = z.object({
  personId: z.uuid(),
  role: z.enum(INVOLVED_ROLES),
});

export const ZProposalItemInput = z.object({
  description: text(200).min(1, 'required'),
  quantity: z.number().int().min(1, 'invalid_value').max(1_000_000, 'invalid_value'),
  unitCents: ZCents,
});

export const ZCreateProposalRequest = z.object({
  valueCents: ZCents,
  conditions: optionalText(5000),
  validUntil: ZCalendarDay.nullish().transform((v) => v ?? null),
  items: z.array(ZProposalItemInput).max(100, 'too_long').default([]),
});
export type CreateProposalRequest = z.output<typeof ZCreateProposalRequest>;

// What the API answers, shared by the server's response schemas and the web.

type Ref = { id: string; name: string };

export type InvolvedPerson = {
  personId: string;
  role: InvolvedRole;
  name: string;
  kind: 'individual' | 'company';
  /** False when the viewer may not open the person's record (the name is still shown). */
  visible: boolean;
  /** Sale requirements this person does not meet yet. */
  missing: SaleRequirement[];
};

export type Opportunity = {
  id: string;
  pipelineId: string;
  stageId: string;
  title: string;
  description: string | null;
  valueCents: number | null;
  expectedCloseDate: string | null;
  businessPlan: (ListOption & { archived: boolean }) | null;
  city: string | null;
  owner: Ref | null;
  team: Ref | null;
  manager: Ref | null;
  branch: Ref | null;
  qualification: (ListOption & { archived: boolean }) | null;
  source: { media: string | null; channel: string | null };
  tags: string[];
  status: OpportunityStatus;
  statusReason: { id: string; label: string } | null;
  statusNote: string | null;
  closedAt: string | null;
  stageEnteredAt: string;
  rotting: boolean;
  origin: 'manual' | 'integration' | 'import';
  originIntegration: string | null;
  originPayload: unknown;
  createdBy: Ref | null;
  people: InvolvedPerson[];
  salesOrder: { id: string; number: number; valueCents: number; createdAt: string } | null;
  /** The values of the live custom fields the reader's role sees (`GET /custom-fields?entity=opportunity`). */
  customFields: CustomFieldValues;
  version: number;
  createdAt: string;
  updatedAt: string;
};

/** A card on the board and a row of the list view. */
export type OpportunityCard = {
  id: string;
  pipelineId: string;
  stageId: string;
  title: string;
  holder: { id: string; name: string } | null;
  valueCents: number | null;
  owner: Ref | null;
  team: Ref | null;
  status: OpportunityStatus;
  expectedCloseDate: string | null;
  tags: string[];
  stageEnteredAt: string;
  daysInStage: number;
  rotting: boolean;
  rank: string;
  version: number;
  createdAt: string;
  /** The soonest open activity linked to the card (null: none scheduled). */
  nextActivity: CardNextActivity | null;
  /** The values of the live custom fields the reader's role sees (the card shows those `showOnCard`). */
  customFields: Record<string, unknown>;
};

/** What a card shows of its next activity: kind, title and due time. */
export type CardNextActivity = { id: string; kind: ActivityKind; title: string; dueAt: string };

export type OpportunityPage = { items: OpportunityCard[]; total: number; nextCursor: string | null };

export type BoardColumn = {
  stage: Stage;
  count: number;
  valueCents: number;
  cards: OpportunityCard[];
  nextCursor: string | null;
};

export type Board = { pipeline: Omit<Pipeline, 'cardCounts'>; columns: BoardColumn[] };

export type Proposal = {
  id: string;
  valueCents: number;
  conditions: string | null;
  validUntil: string | null;
  items: { description: string; quantity: number; unitCents: number }[];
  status: 'open' | 'accepted' | 'superseded';
  createdBy: Ref | null;
  createdAt: string;
  acceptedAt: string | null;
};

/** What `GET /api/v1/events` sends (SSE `data:`); clients refetch what they show. */
export type RealtimeEvent = {
  type: 'opportunity.created' | 'opportunity.moved' | 'opportunity.updated' | 'pipeline.updated';
  pipelineId: string;
  opportunityId: string | null;
  stageId: string | null;
  version: number | null;
  actorId: string | null;
  at: string;
};

export type FunnelReport = {
  from: string;
  to: string;
  stages: {
    stageId: string;
    name: string;
    openCards: number;
    openValueCents: number;
    reached: number;
    /** Share of the cards that reached this stage and went on to the next one (null: last stage, or none reached it). */
    conversionToNext: number | null;
    avgDays: number | null;
  }[];
  outcomes: { status: OpportunityStatus; reason: string | null; count: number; valueCents: number }[];
  byOwner: { owner: Ref | null; open: number; won: number; lost: number; wonValueCents: number }[];
  bySource: { media: string | null; open: number; won: number; lost: number; wonValueCents: number }[];
};
