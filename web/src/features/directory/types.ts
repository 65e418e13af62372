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
  /** Bumped by every edit; edits send the one they started from (If-Match). */
  version: number;
};
export type Team = {
  id: string;
  name: string;
  branchId: string | null;
  active: boolean;
  managerIds: string[];
  memberIds: string[];
  version: number;
};
export type Branch = { id: string; name: string; active: boolean; version: number };

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

/** An edit of a loaded record: its id and the version it was loaded at, plus the fields to change. */
export type EditOf<T> = T & { id: string; version: number };
