import type { Role } from '@funil/domain';
import type { Queryable } from '../../db/pool.ts';
import type { Branch, Me, Team, User } from './users.schema.ts';

const USER_COLUMNS = `u.id, u.name, u.email, u.role, u.branch_id, u.active, u.created_at, u.version,
  coalesce((SELECT array_agg(tm.team_id) FROM team_members tm WHERE tm.user_id = u.id), '{}') AS team_ids,
  coalesce((SELECT array_agg(tm.team_id) FROM team_members tm WHERE tm.user_id = u.id AND tm.is_manager), '{}')
    AS managed_team_ids`;

type UserRow = {
  id: string;
  name: string;
  email: string;
  role: Role;
  branch_id: string | null;
  active: boolean;
  created_at: Date;
  version: number;
  team_ids: string[];
  managed_team_ids: string[];
};

const toUser = (r: UserRow): User => ({
  id: r.id,
  name: r.name,
  email: r.email,
  role: r.role,
  branchId: r.branch_id,
  active: r.active,
  teamIds: r.team_ids,
  createdAt: r.created_at.toISOString(),
  version: r.version,
});

export async function listUsers(db: Queryable, workspaceId: string): Promise<User[]> {
  const { rows } = await db.query<UserRow>(
    `SELECT ${USER_COLUMNS} FROM users u WHERE u.workspace_id = $1 ORDER BY u.name`,
    [workspaceId],
  );
  return rows.map(toUser);
}

export async function findUser(db: Queryable, workspaceId: string, id: string): Promise<User | null> {
  const { rows } = await db.query<UserRow>(
    `SELECT ${USER_COLUMNS} FROM users u WHERE u.workspace_id = $1 AND u.id = $2`,
    [workspaceId, id],
  );
  return rows[0] ? toUser(rows[0]) : null;
}

export async function findMe(db: Queryable, workspaceId: string, id: string): Promise<Me | null> {
  const { rows } = await db.query<UserRow>(
    `SELECT ${USER_COLUMNS} FROM users u WHERE u.workspace_id = $1 AND u.id = $2`,
    [workspaceId, id],
  );
  const r = rows[0];
  return r
    ? {
        id: r.id,
        name: r.name,
        email: r.email,
        role: r.role,
        branchId: r.branch_id,
        teamIds: r.team_ids,
        managedTeamIds: r.managed_team_ids,
      }
    : null;
}

export async function findWorkspace(db: Queryable, id: string): Promise<{ id: string; name: string } | null> {
  const { rows } = await db.query('SELECT id, name FROM workspaces WHERE id = $1', [id]);
  return rows[0] ?? null;
}

/** Rows an admin edits, each with a `version` bumped by every edit. */
export type VersionedTable = 'users' | 'teams' | 'branches';

/**
 * Locks one row of the workspace until the transaction ends and returns its version (null when absent),
 * so an edit can compare it with the client's If-Match before writing.
 */
export async function lockVersion(
  db: Queryable,
  table: VersionedTable,
  workspaceId: string,
  id: string,
): Promise<number | null> {
  const { rows } = await db.query<{ version: number }>(
    `SELECT version FROM ${table} WHERE workspace_id = $1 AND id = $2 FOR UPDATE`,
    [workspaceId, id],
  );
  return rows[0]?.version ?? null;
}

export async function insertUser(
  db: Queryable,
  workspaceId: string,
  u: { name: string; email: string; passwordHash: string; role: Role; branchId: string | null },
): Promise<string> {
  const { rows } = await db.query(
    `INSERT INTO users (workspace_id, name, email, password_hash, role, branch_id)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [workspaceId, u.name, u.email, u.passwordHash, u.role, u.branchId],
  );
  return rows[0].id;
}

export async function updateUser(
  db: Queryable,
  workspaceId: string,
  id: string,
  u: Partial<{
    name: string;
    email: string;
    passwordHash: string;
    role: Role;
    branchId: string | null;
    active: boolean;
  }>,
): Promise<boolean> {
  const columns: Record<string, unknown> = {
    name: u.name,
    email: u.email,
    password_hash: u.passwordHash,
    role: u.role,
    branch_id: u.branchId,
    active: u.active,
  };
  const sets: string[] = ['updated_at = now()', 'version = version + 1'];
  const values: unknown[] = [workspaceId, id];
  for (const [column, value] of Object.entries(columns)) {
    if (value === undefined) continue;
    values.push(value);
    sets.push(`${column} = $${values.length}`);
  }
  if (u.passwordHash) sets.push('failed_logins = 0', 'locked_until = NULL');
  const result = await db.query(
    `UPDATE users SET ${sets.join(', ')} WHERE workspace_id = $1 AND id = $2`,
    values,
  );
  return result.rowCount === 1;
}

/** Ids among `ids` that are users of the workspace. */
export async function existingUserIds(
  db: Queryable,
  workspaceId: string,
  ids: string[],
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const { rows } = await db.query('SELECT id FROM users WHERE workspace_id = $1 AND id = ANY($2)', [
    workspaceId,
    ids,
  ]);
  return new Set(rows.map((r) => r.id));
}

/** Active users of the workspace by e-mail (lower case): e-mail → id. */
export async function activeUserIdsByEmail(
  db: Queryable,
  workspaceId: string,
  emails: string[],
): Promise<Map<string, string>> {
  if (emails.length === 0) return new Map();
  const { rows } = await db.query<{ id: string; email: string }>(
    'SELECT id, lower(email) AS email FROM users WHERE workspace_id = $1 AND lower(email) = ANY($2::text[]) AND active',
    [workspaceId, emails],
  );
  return new Map(rows.map((r) => [r.email, r.id]));
}

type TeamRow = {
  id: string;
  name: string;
  branch_id: string | null;
  active: boolean;
  version: number;
  manager_ids: string[];
  member_ids: string[];
};

const TEAM_COLUMNS = `t.id, t.name, t.branch_id, t.active, t.version,
  coalesce((SELECT array_agg(user_id) FROM team_members WHERE team_id = t.id AND is_manager), '{}') AS manager_ids,
  coalesce((SELECT array_agg(user_id) FROM team_members WHERE team_id = t.id AND NOT is_manager), '{}') AS member_ids`;

const toTeam = (r: TeamRow): Team => ({
  id: r.id,
  name: r.name,
  branchId: r.branch_id,
  active: r.active,
  managerIds: r.manager_ids,
  memberIds: r.member_ids,
  version: r.version,
});

export async function listTeams(db: Queryable, workspaceId: string): Promise<Team[]> {
  const { rows } = await db.query<TeamRow>(
    `SELECT ${TEAM_COLUMNS} FROM teams t WHERE t.workspace_id = $1 ORDER BY t.name`,
    [workspaceId],
  );
  return rows.map(toTeam);
}

export async function findTeam(db: Queryable, workspaceId: string, id: string): Promise<Team | null> {
  const { rows } = await db.query<TeamRow>(
    `SELECT ${TEAM_COLUMNS} FROM teams t WHERE t.workspace_id = $1 AND t.id = $2`,
    [workspaceId, id],
  );
  return rows[0] ? toTeam(rows[0]) : null;
}

export async function existingTeamIds(
  db: Queryable,
  workspaceId: string,
  ids: string[],
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const { rows } = await db.query('SELECT id FROM teams WHERE workspace_id = $1 AND id = ANY($2)', [
    workspaceId,
    ids,
  ]);
  return new Set(rows.map((r) => r.id));
}

export async function insertTeam(
  db: Queryable,
  workspaceId: string,
  t: { name: string; branchId: string | null },
): Promise<string> {
  const { rows } = await db.query(
    'INSERT INTO teams (workspace_id, name, branch_id) VALUES ($1, $2, $3) RETURNING id',
    [workspaceId, t.name, t.branchId],
  );
  return rows[0].id;
}

export async function updateTeam(
  db: Queryable,
  workspaceId: string,
  id: string,
  t: { name?: string | undefined; branchId?: string | null | undefined; active?: boolean | undefined },
): Promise<boolean> {
  const result = await db.query(
    `UPDATE teams SET name = coalesce($3, name),
       branch_id = CASE WHEN $4::boolean THEN $5::uuid ELSE branch_id END,
       active = coalesce($6, active),
       version = version + 1
     WHERE workspace_id = $1 AND id = $2`,
    [workspaceId, id, t.name ?? null, t.branchId !== undefined, t.branchId ?? null, t.active ?? null],
  );
  return result.rowCount === 1;
}

/** Replaces the managers or the members of a team (an id listed twice is one row: DISTINCT). */
export async function setTeamMembers(
  db: Queryable,
  workspaceId: string,
  teamId: string,
  userIds: string[],
  managers: boolean,
) {
  await db.query('DELETE FROM team_members WHERE workspace_id = $1 AND team_id = $2 AND is_manager = $3', [
    workspaceId,
    teamId,
    managers,
  ]);
  if (userIds.length === 0) return;
  await db.query(
    `INSERT INTO team_members (workspace_id, team_id, user_id, is_manager)
     SELECT DISTINCT $1::uuid, $2::uuid, unnest($3::uuid[]), $4::boolean
     ON CONFLICT (team_id, user_id, workspace_id) DO UPDATE SET is_manager = EXCLUDED.is_manager`,
    [workspaceId, teamId, userIds, managers],
  );
}

export async function listBranches(db: Queryable, workspaceId: string): Promise<Branch[]> {
  const { rows } = await db.query(
    'SELECT id, name, active, version FROM branches WHERE workspace_id = $1 ORDER BY name',
    [workspaceId],
  );
  return rows;
}

export async function findBranch(db: Queryable, workspaceId: string, id: string): Promise<Branch | null> {
  const { rows } = await db.query(
    'SELECT id, name, active, version FROM branches WHERE workspace_id = $1 AND id = $2',
    [workspaceId, id],
  );
  return rows[0] ?? null;
}

export async function insertBranch(db: Queryable, workspaceId: string, name: string): Promise<string> {
  const { rows } = await db.query('INSERT INTO branches (workspace_id, name) VALUES ($1, $2) RETURNING id', [
    workspaceId,
    name,
  ]);
  return rows[0].id;
}

export async function updateBranch(
  db: Queryable,
  workspaceId: string,
  id: string,
  b: { name?: string | undefined; active?: boolean | undefined },
): Promise<boolean> {
  const result = await db.query(
    `UPDATE branches SET name = coalesce($3, name), active = coalesce($4, active), version = version + 1
     WHERE workspace_id = $1 AND id = $2`,
    [workspaceId, id, b.name ?? null, b.active ?? null],
  );
  return result.rowCount === 1;
}

/** The names of the given users of the workspace, by id (unknown ids are left out). */
export async function userNames(
  db: Queryable,
  workspaceId: string,
  ids: (string | null)[],
): Promise<Map<string, string>> {
  const wanted = ids.filter((id): id is string => !!id);
  if (wanted.length === 0) return new Map();
  const { rows } = await db.query('SELECT id, name FROM users WHERE workspace_id = $1 AND id = ANY($2)', [
    workspaceId,
    wanted,
  ]);
  return new Map(rows.map((r) => [r.id, r.name]));
}
