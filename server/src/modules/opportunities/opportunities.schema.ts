import {
  ACTIVITY_KINDS,
  CUSTOM_FIELD_FILTER_DOC,
  INVOLVED_ROLES,
  OPPORTUNITY_SORTS,
  OPPORTUNITY_STATUSES,
  SALE_REQUIREMENTS,
  ZCustomFieldValuesInput,
} from '@funil/domain';
import { z } from 'zod';
import { ZPipeline, ZStage } from '../pipelines/pipelines.schema.ts';

// Response schemas of the opportunities API (request schemas live in domain/src/opportunities.ts).

const ZRef = z.object({ id: z.string(), name: z.string() }).nullable();
const ZOption = z
  .object({ id: z.string(), label: z.string(), position: z.number(), archived: z.boolean() })
  .nullable();
const ZDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'invalid_date');

export const ZIdParams = z.object({ id: z.uuid() });

export const ZInvolvedPerson = z.object({
  personId: z.string(),
  role: z.enum(INVOLVED_ROLES),
  name: z.string(),
  kind: z.enum(['individual', 'company']),
  visible: z.boolean(),
  missing: z.array(z.enum(SALE_REQUIREMENTS)),
});

export const ZOpportunity = z.object({
  id: z.string(),
  pipelineId: z.string(),
  stageId: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  valueCents: z.number().nullable(),
  expectedCloseDate: z.string().nullable(),
  businessPlan: ZOption,
  city: z.string().nullable(),
  owner: ZRef,
  team: ZRef,
  manager: ZRef,
  branch: ZRef,
  qualification: ZOption,
  source: z.object({ media: z.string().nullable(), channel: z.string().nullable() }),
  tags: z.array(z.string()),
  status: z.enum(OPPORTUNITY_STATUSES),
  statusReason: z.object({ id: z.string(), label: z.string() }).nullable(),
  statusNote: z.string().nullable(),
  closedAt: z.string().nullable(),
  stageEnteredAt: z.string(),
  rotting: z.boolean(),
  origin: z.enum(['manual', 'integration', 'import']),
  originIntegration: z.string().nullable(),
  originPayload: z.unknown(),
  createdBy: ZRef,
  people: z.array(ZInvolvedPerson),
  salesOrder: z
    .object({ id: z.string(), number: z.number(), valueCents: z.number(), createdAt: z.string() })
    .nullable(),
  customFields: ZCustomFieldValuesInput,
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const ZOpportunityCard = z.object({
  id: z.string(),
  pipelineId: z.string(),
  stageId: z.string(),
  title: z.string(),
  holder: ZRef,
  valueCents: z.number().nullable(),
  owner: ZRef,
  team: ZRef,
  status: z.enum(OPPORTUNITY_STATUSES),
  expectedCloseDate: z.string().nullable(),
  tags: z.array(z.string()),
  stageEnteredAt: z.string(),
  daysInStage: z.number(),
  rotting: z.boolean(),
  rank: z.string(),
  version: z.number(),
  createdAt: z.string(),
  nextActivity: z
    .object({ id: z.string(), kind: z.enum(ACTIVITY_KINDS), title: z.string(), dueAt: z.string() })
    .nullable(),
  customFields: z
    .record(z.string(), z.unknown())
    .describe('Valores dos campos personalizados que o papel vê (GET /custom-fields?entity=opportunity)'),
});

export const ZOpportunityPage = z.object({
  items: z.array(ZOpportunityCard),
  total: z.number(),
  nextCursor: z.string().nullable(),
});

export const ZBoard = z.object({
  pipeline: ZPipeline.omit({ cardCounts: true }),
  columns: z.array(
    z.object({
      stage: ZStage,
      count: z.number(),
      valueCents: z.number(),
      cards: z.array(ZOpportunityCard),
      nextCursor: z.string().nullable(),
    }),
  ),
});

const statusList = z
  .string()
  .regex(/^(open|won|lost|discarded)(,(open|won|lost|discarded))*$/, 'invalid_value')
  .optional();

export const ZOpportunityFilters = z.object({
  ownerId: z.uuid().optional(),
  teamId: z.uuid().optional(),
  branchId: z.uuid().optional(),
  status: statusList,
  tag: z.string().max(40).optional(),
  rotting: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true'),
  q: z.string().max(200).optional(),
  cf: z.string().max(4000).optional().describe(CUSTOM_FIELD_FILTER_DOC),
});

export const ZListOpportunitiesQuery = ZOpportunityFilters.extend({
  pipelineId: z.uuid().optional(),
  stageId: z.uuid().optional(),
  personId: z.uuid().optional(),
  sort: z.enum(OPPORTUNITY_SORTS).default('rank'),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(500).optional(),
});

export const ZBoardQuery = ZOpportunityFilters.extend({
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const ZReportQuery = z.object({ from: ZDay.optional(), to: ZDay.optional() });

export const ZFunnelReport = z.object({
  from: z.string(),
  to: z.string(),
  stages: z.array(
    z.object({
      stageId: z.string(),
      name: z.string(),
      openCards: z.number(),
      openValueCents: z.number(),
      reached: z.number(),
      conversionToNext: z.number().nullable(),
      avgDays: z.number().nullable(),
    }),
  ),
  outcomes: z.array(
    z.object({
      status: z.enum(OPPORTUNITY_STATUSES),
      reason: z.string().nullable(),
      count: z.number(),
      valueCents: z.number(),
    }),
  ),
  byOwner: z.array(
    z.object({ owner: ZRef, open: z.number(), won: z.number(), lost: z.number(), wonValueCents: z.number() }),
  ),
  bySource: z.array(
    z.object({
      media: z.string().nullable(),
      open: z.number(),
      won: z.number(),
      lost: z.number(),
      wonValueCents: z.number(),
    }),
  ),
});

export const ZMoveResult = z.object({
  id: z.string(),
  stageId: z.string(),
  rank: z.string(),
  version: z.number(),
  stageEnteredAt: z.string(),
});

export const ZProposal = z.object({
  id: z.string(),
  valueCents: z.number(),
  conditions: z.string().nullable(),
  validUntil: z.string().nullable(),
  items: z.array(z.object({ description: z.string(), quantity: z.number(), unitCents: z.number() })),
  status: z.enum(['open', 'accepted', 'superseded']),
  createdBy: ZRef,
  createdAt: z.string(),
  acceptedAt: z.string().nullable(),
});

export const ZBulkRequest = z.discriminatedUnion('action', [
  z.object({ action: z.literal('move'), ids: z.array(z.uuid()).min(1).max(500), stageId: z.uuid() }),
  z.object({ action: z.literal('owner'), ids: z.array(z.uuid()).min(1).max(500), ownerId: z.uuid() }),
  z.object({
    action: z.literal('lose'),
    ids: z.array(z.uuid()).min(1).max(500),
    reasonId: z.uuid(),
    note: z.string().trim().max(2000).nullish(),
  }),
]);

export const ZBulkResult = z.object({
  done: z.array(z.string()),
  failed: z.array(z.object({ id: z.string(), code: z.string(), detail: z.string().nullable() })),
});
