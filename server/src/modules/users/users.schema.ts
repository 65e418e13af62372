import { ROLES } from '@funil/domain';
import { z } from 'zod';

export const ZMe = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  role: z.enum(ROLES),
  branchId: z.string().nullable(),
  teamIds: z.array(z.string()),
  managedTeamIds: z.array(z.string()),
});
export type Me = z.infer<typeof ZMe>;

export const ZUser = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  role: z.enum(ROLES),
  branchId: z.string().nullable(),
  active: z.boolean(),
  teamIds: z.array(z.string()),
  createdAt: z.string(),
  /** Bumped by every edit; sent back in `If-Match`. */
  version: z.number().int(),
});
export type User = z.infer<typeof ZUser>;

const ZName = z.string().trim().min(2, 'too_short').max(120);

export const ZCreateUserRequest = z.object({
  name: ZName,
  email: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.email({ message: 'invalid_email' })),
  password: z.string().min(8, 'too_short').max(200),
  role: z.enum(ROLES),
  branchId: z.uuid().nullish(),
});
export type CreateUserRequest = z.infer<typeof ZCreateUserRequest>;

export const ZUpdateUserRequest = ZCreateUserRequest.partial().extend({ active: z.boolean().optional() });
export type UpdateUserRequest = z.infer<typeof ZUpdateUserRequest>;

export const ZTeam = z.object({
  id: z.string(),
  name: z.string(),
  branchId: z.string().nullable(),
  active: z.boolean(),
  managerIds: z.array(z.string()),
  memberIds: z.array(z.string()),
  version: z.number().int(),
});
export type Team = z.infer<typeof ZTeam>;

export const ZCreateTeamRequest = z.object({
  name: ZName,
  branchId: z.uuid().nullish(),
  managerIds: z.array(z.uuid()).max(50).default([]),
  memberIds: z.array(z.uuid()).max(500).default([]),
});
export type CreateTeamRequest = z.infer<typeof ZCreateTeamRequest>;

export const ZUpdateTeamRequest = z.object({
  name: ZName.optional(),
  branchId: z.uuid().nullish(),
  managerIds: z.array(z.uuid()).max(50).optional(),
  memberIds: z.array(z.uuid()).max(500).optional(),
  active: z.boolean().optional(),
});
export type UpdateTeamRequest = z.infer<typeof ZUpdateTeamRequest>;

export const ZBranch = z.object({
  id: z.string(),
  name: z.string(),
  active: z.boolean(),
  version: z.number().int(),
});
export type Branch = z.infer<typeof ZBranch>;
export const ZCreateBranchRequest = z.object({ name: ZName });
export const ZUpdateBranchRequest = z.object({ name: ZName.optional(), active: z.boolean().optional() });
export type UpdateBranchRequest = z.infer<typeof ZUpdateBranchRequest>;

export const ZIdParams = z.object({ id: z.uuid() });
