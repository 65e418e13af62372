import { CONTACT_CHANNELS, CONTACT_DIRECTIONS, CONTACT_OUTCOMES, ZCallListFilter } from '@funil/domain';
import { z } from 'zod';

const ZRef = z.object({ id: z.uuid(), label: z.string() });

export const ZContactAttempt = z.object({
  id: z.uuid(),
  personId: z.uuid(),
  direction: z.enum(CONTACT_DIRECTIONS),
  channel: z.enum(CONTACT_CHANNELS),
  outcome: z.enum(CONTACT_OUTCOMES),
  durationSeconds: z.number().int().nullable(),
  summary: z.string(),
  interestLevel: ZRef.nullable(),
  leadType: ZRef.nullable(),
  publicity: ZRef.nullable(),
  nextAction: z.string(),
  alarmAt: z.string().nullable(),
  user: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  createdAt: z.string(),
});

export const ZContactAttemptPage = z.object({
  items: z.array(ZContactAttempt),
  nextCursor: z.string().nullable(),
});

export const ZCursorQuery = z.object({ cursor: z.string().max(2000).optional() });

export const ZCallListRequest = z.object({
  filter: ZCallListFilter.default({}),
  cursor: z.string().max(2000).nullable().optional(),
});

export const ZCallListPage = z.object({
  items: z.array(
    z.object({
      id: z.uuid(),
      name: z.string(),
      stage: z.string(),
      owner: z.object({ id: z.uuid(), name: z.string() }).nullable(),
      primaryPhone: z.string().nullable(),
      primaryEmail: z.string().nullable(),
      lastContactAt: z.string().nullable(),
      attempts: z.number().int(),
      interestLevel: z.string().nullable(),
      leadType: z.string().nullable(),
      publicity: z.string().nullable(),
    }),
  ),
  total: z
    .number()
    .int()
    .describe('Pessoas selecionadas; com totalCapped, o limite da contagem (há mais que isso)'),
  totalCapped: z
    .boolean()
    .describe('true quando há mais pessoas que o limite da contagem (10.000): mostre "10.000+"'),
  nextCursor: z.string().nullable(),
});

export const ZSavedFilterRequest = z.object({
  name: z.string().trim().min(1).max(120),
  filter: ZCallListFilter,
  shared: z.boolean().default(false),
});

export const ZSavedFilter = z.object({
  id: z.uuid(),
  name: z.string(),
  filter: ZCallListFilter,
  shared: z.boolean(),
  mine: z.boolean(),
  createdBy: z.object({ id: z.uuid(), name: z.string() }),
  createdAt: z.string(),
});

export const ZPreRegistrationRequest = z.object({ opportunityId: z.uuid() });

export const ZIdParams = z.object({ id: z.uuid() });
