import { OPTION_LISTS, SALE_REQUIREMENTS, STAGE_REQUIRABLE_FIELDS } from '@funil/domain';
import { z } from 'zod';

// Response schemas of the funnels API (request schemas live in domain/src/opportunities.ts).

export const ZIdParams = z.object({ id: z.uuid() });

export const ZStage = z.object({
  id: z.string(),
  name: z.string(),
  position: z.number(),
  probability: z.number(),
  rottingDays: z.number().nullable(),
  requiredFields: z.array(z.enum(STAGE_REQUIRABLE_FIELDS)),
});

export const ZPipeline = z.object({
  id: z.string(),
  name: z.string(),
  stages: z.array(ZStage),
  cardCounts: z.record(z.string(), z.number()),
  version: z.number(),
});

const ZOptionItem = z.object({
  id: z.string(),
  label: z.string(),
  position: z.number(),
  parentId: z.string().nullish(),
});

export const ZOpportunitySettings = z.object({
  lists: z.object(
    Object.fromEntries(OPTION_LISTS.map((l) => [l, z.array(ZOptionItem)])) as Record<
      (typeof OPTION_LISTS)[number],
      z.ZodArray<typeof ZOptionItem>
    >,
  ),
  saleRequirements: z.array(z.enum(SALE_REQUIREMENTS)),
  version: z.number(),
});
