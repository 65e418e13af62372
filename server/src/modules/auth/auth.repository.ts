import { type Role, withDefaultActions, withDefaultRoles } from '@funil/domain';
import type { Queryable } from '../../db/pool.ts';
import type { Actor } from './actor.ts';

export type LoginUser = {
  id: string;
  workspaceId: string;
  passwordHash: string;
  active: boolean;
  lockedUntil: Date | null;
};

/** The account an e-mail signs in to: e-mails are unique across workspaces, and the login finds its workspace. */
export async function findLoginUser(db: Queryable, email: string): Promise<LoginUser | null> {
  const { rows } = await db.query(
    `/* tenancy: any workspace — the e-mail is what tells the workspace */
     SELECT id, workspace_id, password_hash, active, locked_until FROM users WHERE lower(email) = lower($1)`,
    [email],
  );
  const r = rows[0];
  return r
    ? {
        id: r.id,
        workspaceId: r.workspace_id,
        passwordHash: r.password_hash,
        active: r.active,
        lockedUntil: r.locked_until,
      }
    : null;
}

/** Counts a failed login and locks the account once `maxFailures` is reached. */
export async function recordFailedLogin(
  db: Queryable,
  workspaceId: string,
  userId: string,
  maxFailures: number,
  lockMinutes: number,
) {
  await db.query(
    `UPDATE users SET failed_logins = failed_logins + 1,
       locked_until = CASE WHEN failed_logins + 1 >= $2 THEN now() + make_interval(mins => $3) ELSE locked_until END
     WHERE workspace_id = $4 AND id = $1`,
    [userId, maxFailures, lockMinutes, workspaceId],
  );
}

export async function resetFailedLogins(db: Queryable, workspaceId: string, userId: string) {
  await db.query(
    'UPDATE users SET failed_logins = 0, locked_until = NULL WHERE workspace_id = $1 AND id = $2',
    [workspaceId, userId],
  );
}

export async function insertSession(
  db: Queryable,
  s: { tokenHash: string; workspaceId: string; userId: string; days: number },
) {
  await db.query(
    `INSERT INTO sessions (token_hash, workspace_id, user_id, expires_at)
     VALUES ($1, $2, $3, now() + make_interval(days => $4))`,
    [s.tokenHash, s.workspaceId, s.userId, s.days],
  );
}

/** A helpdesk panel session: bound to its integration and agent, expiring after `minutes`. */
export async function insertPanelSession(
  db: Queryable,
  s: {
    tokenHash: string;
    workspaceId: string;
    userId: string;
    integrationId: string;
    agentId: string;
    minutes: number;
  },
): Promise<Date> {
  const { rows } = await db.query(
    `INSERT INTO sessions (token_hash, workspace_id, user_id, integration_id, agent_id, expires_at)
     VALUES ($1, $2, $3, $4, $5, now() + make_interval(mins => $6)) RETURNING expires_at`,
    [s.tokenHash, s.workspaceId, s.userId, s.integrationId, s.agentId, s.minutes],
  );
  return rows[0].expires_at;
}

/** Ends the session of a token; whose it is is not known before (logout needs no valid session). */
export async function deleteSession(db: Queryable, tokenHash: string) {
  await db.query(
    '/* tenancy: any workspace — the token is what tells the workspace */ DELETE FROM sessions WHERE token_hash = $1',
    [tokenHash],
  );
}

export async function deleteUserSessions(db: Queryable, workspaceId: string, userId: string) {
  await db.query('DELETE FROM sessions WHERE workspace_id = $1 AND user_id = $2', [workspaceId, userId]);
}

/**
 * Resolves a session token to its active user, teams and the workspace's role matrix. `via` says how it came: a
 * cookie reaches only ordinary sessions, the panel header only panel sessions of an integration not deleted.
 */
export async function findActorBySession(
  db: Queryable,
  tokenHash: string,
  via: 'cookie' | 'panel' = 'cookie',
): Promise<Actor | null> {
  // Runs on every request: a named statement is planned once per connection. One statement per kind of session,
  // each with only the token as parameter: with the kind as a second parameter Postgres found the generic plan
  // dearer than a custom one and planned the query again on every request (1 ms of planning for 0.2 ms of work,
  // the largest part of an authenticated request's database time; measured with EXPLAIN ANALYZE EXECUTE).
  const { rows } = await db.query({
    name: `auth.actorBySession.v3.${via}`,
    text: `/* tenancy: any workspace — the token is what tells the workspace */
     SELECT u.id, u.workspace_id, u.role, u.name, u.email, u.branch_id, w.settings -> 'roleMatrix' AS matrix,
       s.integration_id, s.agent_id,
       w.settings -> 'actionMatrix' AS action_matrix,
       coalesce(array_agg(tm.team_id) FILTER (WHERE tm.team_id IS NOT NULL AND t.active), '{}') AS team_ids,
       coalesce(array_agg(tm.team_id) FILTER (WHERE tm.is_manager AND t.active), '{}') AS managed_team_ids
     FROM sessions s
     JOIN users u ON u.workspace_id = s.workspace_id AND u.id = s.user_id AND u.active
     JOIN workspaces w ON w.id = u.workspace_id
     LEFT JOIN team_members tm ON tm.workspace_id = u.workspace_id AND tm.user_id = u.id
     LEFT JOIN teams t ON t.workspace_id = tm.workspace_id AND t.id = tm.team_id
     LEFT JOIN integrations i ON i.workspace_id = s.workspace_id AND i.id = s.integration_id
     WHERE s.token_hash = $1 AND s.expires_at > now()
       AND ${via === 'panel' ? 's.integration_id IS NOT NULL AND i.id IS NOT NULL AND i.deleted_at IS NULL' : 's.integration_id IS NULL'}
     GROUP BY u.id, u.workspace_id, w.id, s.integration_id, s.agent_id`,
    values: [tokenHash],
  });
  return actorOfRow(rows[0]);
}

/** An active user of the workspace as an actor (a machine acting as the user who set it up). */
export async function findActorByUser(
  db: Queryable,
  workspaceId: string,
  userId: string,
): Promise<Actor | null> {
  const { rows } = await db.query(
    `SELECT u.id, u.workspace_id, u.role, u.name, u.email, u.branch_id, w.settings -> 'roleMatrix' AS matrix,
       w.settings -> 'actionMatrix' AS action_matrix,
       coalesce(array_agg(tm.team_id) FILTER (WHERE tm.team_id IS NOT NULL AND t.active), '{}') AS team_ids,
       coalesce(array_agg(tm.team_id) FILTER (WHERE tm.is_manager AND t.active), '{}') AS managed_team_ids
     FROM users u
     JOIN workspaces w ON w.id = u.workspace_id
     LEFT JOIN team_members tm ON tm.workspace_id = u.workspace_id AND tm.user_id = u.id
     LEFT JOIN teams t ON t.workspace_id = tm.workspace_id AND t.id = tm.team_id
     WHERE u.workspace_id = $1 AND u.id = $2 AND u.active
     GROUP BY u.id, u.workspace_id, w.id`,
    [workspaceId, userId],
  );
  return actorOfRow(rows[0]);
}

// biome-ignore lint/suspicious/noExplicitAny: a pg row
function actorOfRow(r: any): Actor | null {
  if (!r) return null;
  return {
    userId: r.id,
    workspaceId: r.workspace_id,
    role: r.role as Role,
    name: r.name,
    email: r.email,
    branchId: r.branch_id,
    teamIds: r.team_ids,
    managedTeamIds: r.managed_team_ids,
    matrix: withDefaultRoles(r.matrix),
    actionMatrix: withDefaultActions(r.action_matrix),
    ...(r.integration_id ? { panel: { integrationId: r.integration_id, agentId: r.agent_id } } : {}),
  };
}
