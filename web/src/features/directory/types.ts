import type { Role } from '@funil/domain';

export type User = {
  id: string;
  name: string;
  email: string;
  role: Role;
  branchId: string | null;
  active: boolean;
  teamIds: string[];
  createdAt: string;
};
export type Team = {
  id: string;
  name: string;
  branchId: string | null;
  active: boolean;
  managerIds: string[];
  memberIds: string[];
};
export type Branch = { id: string; name: string; active: boolean };

export type CreateUserRequest = {
  name: string;
  email: string;
  password: string;
  role: Role;
  branchId: string | null;
};
export type UpdateUserRequest = Partial<CreateUserRequest> & { active?: boolean };
export type TeamRequest = {
  name: string;
  branchId: string | null;
  managerIds: string[];
  memberIds: string[];
};
export type UpdateTeamRequest = Partial<TeamRequest> & { active?: boolean };
export type UpdateBranchRequest = { name?: string; active?: boolean };
