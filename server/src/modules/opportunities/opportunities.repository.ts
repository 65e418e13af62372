import type { CustomFieldValues } from '@funil/domain';
import type { Queryable } from '../../db/pool.ts';
import { prepared, SqlParams } from '../../lib/sql.ts';

/** `o` is an open card that has stayed in its stage (`s`) longer than the stage allows. */
export const ROTTING_SQL = `(o.status = 'open' AND s.rotting_days IS NOT NULL
  AND o.stage_entered_at < now() - s.rotting_days * interval '1 day')`;

/** The stored row of an opportunity with the names the API shows. */
export type OpportunityRow = {
  id: string;
  workspace_id: string;
  pipeline_id: string;
  stage_id: string;
  rank: string;
  title: string;
  description: string | null;
  value_cents: number | null;
  expected_close_date: string | null;
  business_plan_id: string | null;
  city: string | null;
  owner_id: string | null;
  owner_name: string | null;
  team_id: string | null;
  team_name: string | null;
  manager_id: string | null;
  manager_name: string | null;
  branch_id: string | null;
  branch_name: string | null;
  qualification_id: string | null;
  source_media: string | null;
  source_channel: string | null;
  tags: string[];
  status: 'open' | 'won' | 'lost' | 'discarded';
  status_reason_id: string | null;
  status_note: string | null;
  closed_at: Date | null;
  stage_entered_at: Date;
  rotting: boolean;
  origin: 'manual' | 'integration' | 'import';
  origin_integration: string | null;
  origin_payload: unknown;
  created_by: string | null;
  created_by_name: string | null;
  /** As stored (archived fields' values included): the presenter narrows it to the reader's role. */
  custom_fields: CustomFieldValues;
  version: number;
  created_at: Date;
  updated_at: Date;
};

/**
 * Locks one opportunity the predicate lets through until the transaction ends; false if there is none.
 * A plain row lock: a concurrent writer's new version is re-checked against the predicate alone (with a
 * join, the re-check would compare the new stage with the old joined stage row and miss the card).
 */
export async function lockOpportunity(
  db: Queryable,
  workspaceId: string,
  id: string,
  visible: (params: SqlParams) => string,
) {
  const params = new SqlParams();
  const idParam = params.add(id);
  const workspace = params.add(workspaceId);
  const { rowCount } = await db.query(
    `SELECT 1 FROM opportunities o WHERE o.id = ${idParam} AND o.workspace_id = ${workspace} AND ${visible(params)}
     FOR UPDATE`,
    params.values,
  );
  return rowCount === 1;
}

/** The newest open negotiation of the funnel the person takes part in, whoever may see it (or null). */
export async function findOpenOpportunityOfPerson(
  db: Queryable,
  workspaceId: string,
  personId: string,
  pipelineId: string,
): Promise<string | null> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT o.id FROM opportunity_people op
       JOIN opportunities o ON o.id = op.opportunity_id AND o.workspace_id = op.workspace_id
     WHERE op.workspace_id = $1 AND op.person_id = $2 AND o.pipeline_id = $3 AND o.status = 'open'
     ORDER BY o.created_at DESC LIMIT 1`,
    [workspaceId, personId, pipelineId],
  );
  return rows[0]?.id ?? null;
}

/** One opportunity the predicate lets through, with the names the API shows. */
export async function findOpportunity(
  db: Queryable,
  workspaceId: string,
  id: string,
  visible: (params: SqlParams) => string,
): Promise<OpportunityRow | null> {
  const params = new SqlParams();
  const idParam = params.add(id);
  const workspace = params.add(workspaceId);
  const where = visible(params);
  const { rows } = await db.query<OpportunityRow>(
    `SELECT o.*, ${ROTTING_SQL} AS rotting, ow.name AS owner_name, t.name AS team_name, m.name AS manager_name,
       b.name AS branch_name, cb.name AS created_by_name
     FROM opportunities o
     JOIN pipeline_stages s ON s.id = o.stage_id AND s.workspace_id = o.workspace_id
     LEFT JOIN users ow ON ow.id = o.owner_id AND ow.workspace_id = o.workspace_id
     LEFT JOIN teams t ON t.id = o.team_id AND t.workspace_id = o.workspace_id
     LEFT JOIN users m ON m.id = o.manager_id AND m.workspace_id = o.workspace_id
     LEFT JOIN branches b ON b.id = o.branch_id AND b.workspace_id = o.workspace_id
     LEFT JOIN users cb ON cb.id = o.created_by AND cb.workspace_id = o.workspace_id
     WHERE o.id = ${idParam} AND o.workspace_id = ${workspace} AND ${where}`,
    params.values,
  );
  return rows[0] ?? null;
}

export type OpportunityValues = {
  title: string;
  description: string | null;
  valueCents: number | null;
  expectedCloseDate: string | null;
  businessPlanId: string | null;
  city: string | null;
  ownerId: string | null;
  teamId: string | null;
  managerId: string | null;
  branchId: string | null;
  qualificationId: string | null;
  source: { media: string | null; channel: string | null };
  tags: string[];
  customFields: CustomFieldValues;
};

const COLUMNS: Record<keyof OpportunityValues, (v: OpportunityValues) => [string, unknown][]> = {
  title: (v) => [['title', v.title]],
  description: (v) => [['description', v.description]],
  valueCents: (v) => [['value_cents', v.valueCents]],
  expectedCloseDate: (v) => [['expected_close_date', v.expectedCloseDate]],
  businessPlanId: (v) => [['business_plan_id', v.businessPlanId]],
  city: (v) => [['city', v.city]],
  ownerId: (v) => [['owner_id', v.ownerId]],
  teamId: (v) => [['team_id', v.teamId]],
  managerId: (v) => [['manager_id', v.managerId]],
  branchId: (v) => [['branch_id', v.branchId]],
  qualificationId: (v) => [['qualification_id', v.qualificationId]],
  source: (v) => [
    ['source_media', v.source.media],
    ['source_channel', v.source.channel],
  ],
  tags: (v) => [['tags', v.tags]],
  customFields: (v) => [['custom_fields', JSON.stringify(v.customFields)]],
};

export async function insertOpportunity(
  db: Queryable,
  o: OpportunityValues & {
    id: string;
    workspaceId: string;
    pipelineId: string;
    stageId: string;
    rank: string;
    origin: 'manual' | 'integration' | 'import';
    originIntegration: string | null;
    originPayload: unknown;
    createdBy: string;
  },
) {
  const columns = (Object.keys(COLUMNS) as (keyof OpportunityValues)[]).flatMap((k) => COLUMNS[k](o));
  const all: [string, unknown][] = [
    ['id', o.id],
    ['pipeline_id', o.pipelineId],
    ['stage_id', o.stageId],
    ['rank', o.rank],
    ['origin', o.origin],
    ['origin_integration', o.originIntegration],
    ['origin_payload', o.originPayload === undefined ? null : JSON.stringify(o.originPayload)],
    ['created_by', o.createdBy],
    ...columns,
  ];
  await db.query(
    `INSERT INTO opportunities (workspace_id, ${all.map(([c]) => c).join(', ')})
     VALUES ($1, ${all.map((_, i) => `$${i + 2}`).join(', ')})`,
    [o.workspaceId, ...all.map(([, v]) => v)],
  );
  await db.query(
    `INSERT INTO opportunity_stage_visits (workspace_id, opportunity_id, pipeline_id, stage_id, entered_at)
     VALUES ($1, $2, $3, $4, now())`,
    [o.workspaceId, o.id, o.pipelineId, o.stageId],
  );
}

/** Writes the changed fields and bumps the version. */
export async function updateOpportunityFields(
  db: Queryable,
  workspaceId: string,
  id: string,
  changed: Partial<OpportunityValues>,
  values: OpportunityValues,
): Promise<number> {
  const set = (Object.keys(changed) as (keyof OpportunityValues)[]).flatMap((k) => COLUMNS[k](values));
  const { rows } = await db.query(
    `UPDATE opportunities SET ${set.map(([c], i) => `${c} = $${i + 3}`).join(', ')},
       version = version + 1, updated_at = now()
     WHERE workspace_id = $1 AND id = $2 RETURNING version`,
    [workspaceId, id, ...set.map(([, v]) => v)],
  );
  return rows[0].version;
}

/**
 * Puts the card in `stageId` (of `pipelineId`: a card may change funnel) at `rank`. Entering another stage
 * closes the open stage visit and starts one, and resets the rotting clock.
 */
export async function moveOpportunityRow(
  db: Queryable,
  o: {
    id: string;
    workspaceId: string;
    pipelineId: string;
    fromStageId: string;
    stageId: string;
    rank: string;
  },
): Promise<{ version: number; stageEnteredAt: Date }> {
  const changesStage = o.fromStageId !== o.stageId;
  const { rows } = await db.query(
    prepared(
      `UPDATE opportunities SET pipeline_id = $5, stage_id = $2, rank = $3, version = version + 1, updated_at = now(),
         stage_entered_at = CASE WHEN $4 THEN now() ELSE stage_entered_at END,
         rotting_notified_on = CASE WHEN $4 THEN NULL ELSE rotting_notified_on END
       WHERE id = $1 AND workspace_id = $6 RETURNING version, stage_entered_at`,
      [o.id, o.stageId, o.rank, changesStage, o.pipelineId, o.workspaceId],
    ),
  );
  if (changesStage) {
    await db.query(
      prepared(
        `WITH closed AS (
           UPDATE opportunity_stage_visits SET left_at = now()
           WHERE workspace_id = $1 AND opportunity_id = $2 AND left_at IS NULL)
         INSERT INTO opportunity_stage_visits (workspace_id, opportunity_id, pipeline_id, stage_id, entered_at)
         VALUES ($1, $2, $3, $4, now())`,
        [o.workspaceId, o.id, o.pipelineId, o.stageId],
      ),
    );
  }
  return { version: rows[0].version, stageEnteredAt: rows[0].stage_entered_at };
}

/**
 * Serializes placing cards in one column until the transaction ends: two writers computing a rank between
 * the same neighbours would otherwise produce the same rank.
 */
export async function lockColumn(db: Queryable, stageId: string) {
  await db.query(prepared('SELECT pg_advisory_xact_lock(hashtextextended($1, 1))', [`column:${stageId}`]));
}

/** The ranks around a place in a column of open cards (the moved card itself left out). */
export async function neighbourRanks(
  db: Queryable,
  workspaceId: string,
  q: { stageId: string; excludeId: string; position: number | null; afterId: string | null | undefined },
): Promise<{ before: string | null; after: string | null }> {
  if (q.afterId !== undefined) {
    const { rows } = await db.query(
      `SELECT a.rank AS before,
         (SELECT o.rank FROM opportunities o WHERE o.stage_id = $1 AND o.status = 'open' AND o.id <> $2
            AND o.workspace_id = $4 AND o.rank > coalesce(a.rank, '') ORDER BY o.rank LIMIT 1) AS after
       FROM (SELECT (SELECT rank FROM opportunities
                     WHERE id = $3 AND stage_id = $1 AND status = 'open' AND workspace_id = $4) AS rank) a`,
      [q.stageId, q.excludeId, q.afterId, workspaceId],
    );
    return { before: rows[0].before ?? null, after: rows[0].after ?? null };
  }
  const position = q.position ?? 0;
  const { rows } = await db.query(
    prepared(
      `SELECT rank FROM opportunities WHERE stage_id = $1 AND status = 'open' AND id <> $2 AND workspace_id = $4
       ORDER BY rank OFFSET $3 LIMIT 2`,
      [q.stageId, q.excludeId, Math.max(0, position - 1), workspaceId],
    ),
  );
  if (position === 0) return { before: null, after: rows[0]?.rank ?? null };
  return { before: rows[0]?.rank ?? null, after: rows[1]?.rank ?? null };
}

/** The last rank of a column (any status), to append cards after it. */
export async function lastRank(db: Queryable, workspaceId: string, stageId: string): Promise<string | null> {
  const { rows } = await db.query(
    `SELECT rank FROM opportunities WHERE workspace_id = $1 AND stage_id = $2 ORDER BY rank DESC LIMIT 1`,
    [workspaceId, stageId],
  );
  return rows[0]?.rank ?? null;
}

/** The first rank of the open cards of a column, to put a card on top. */
export async function firstOpenRank(
  db: Queryable,
  workspaceId: string,
  stageId: string,
): Promise<string | null> {
  const { rows } = await db.query(
    prepared(
      `SELECT rank FROM opportunities WHERE stage_id = $1 AND status = 'open' AND workspace_id = $2
       ORDER BY rank LIMIT 1`,
      [stageId, workspaceId],
    ),
  );
  return rows[0]?.rank ?? null;
}

/** Every card of a stage (any status) in column order. */
export async function opportunityIdsInStage(
  db: Queryable,
  workspaceId: string,
  stageId: string,
): Promise<string[]> {
  const { rows } = await db.query(
    `SELECT id FROM opportunities WHERE workspace_id = $1 AND stage_id = $2 ORDER BY rank`,
    [workspaceId, stageId],
  );
  return rows.map((r) => r.id);
}

export async function setStatus(
  db: Queryable,
  workspaceId: string,
  id: string,
  s: { status: string; reasonId: string | null; note: string | null },
): Promise<number> {
  const { rows } = await db.query(
    `UPDATE opportunities SET status = $2, status_reason_id = $3, status_note = $4,
       closed_at = CASE WHEN $2 = 'open' THEN NULL ELSE now() END,
       version = version + 1, updated_at = now()
     WHERE id = $1 AND workspace_id = $5 RETURNING version`,
    [id, s.status, s.reasonId, s.note, workspaceId],
  );
  return rows[0].version;
}

export async function bumpVersion(db: Queryable, workspaceId: string, id: string): Promise<number> {
  const { rows } = await db.query(
    `UPDATE opportunities SET version = version + 1, updated_at = now()
     WHERE workspace_id = $1 AND id = $2 RETURNING version`,
    [workspaceId, id],
  );
  return rows[0].version;
}

// ---------- Conversion data and names ----------

/** The owner's first team (as a member) and that team's first manager, and the owner's branch. */
export async function defaultConversion(
  db: Queryable,
  workspaceId: string,
  ownerId: string,
): Promise<{ teamId: string | null; managerId: string | null; branchId: string | null }> {
  const { rows } = await db.query(
    `SELECT u.branch_id, tm.team_id,
       (SELECT m.user_id FROM team_members m
        WHERE m.workspace_id = u.workspace_id AND m.team_id = tm.team_id AND m.is_manager
        ORDER BY m.user_id LIMIT 1) AS manager_id
     FROM users u LEFT JOIN LATERAL (
       SELECT team_id FROM team_members
       WHERE workspace_id = u.workspace_id AND user_id = u.id AND NOT is_manager ORDER BY team_id LIMIT 1) tm ON true
     WHERE u.workspace_id = $1 AND u.id = $2`,
    [workspaceId, ownerId],
  );
  const r = rows[0];
  return { teamId: r?.team_id ?? null, managerId: r?.manager_id ?? null, branchId: r?.branch_id ?? null };
}

const NAMED = { user: 'users', team: 'teams', branch: 'branches' } as const;

/** The name of a user, team or branch of the workspace ('' when there is none: a stale or foreign id). */
export async function findReferenceName(
  db: Queryable,
  workspaceId: string,
  kind: keyof typeof NAMED,
  id: string,
): Promise<string> {
  const { rows } = await db.query(`SELECT name FROM ${NAMED[kind]} WHERE workspace_id = $1 AND id = $2`, [
    workspaceId,
    id,
  ]);
  return rows[0]?.name ?? '';
}

/** Where a card is and who may see it: what a realtime event about it needs. */
export async function findPlacement(
  db: Queryable,
  workspaceId: string,
  id: string,
): Promise<{
  pipelineId: string;
  stageId: string;
  ownerId: string | null;
  managerId: string | null;
  teamId: string | null;
  branchId: string | null;
} | null> {
  const { rows } = await db.query(
    `SELECT pipeline_id AS "pipelineId", stage_id AS "stageId", owner_id AS "ownerId",
       manager_id AS "managerId", team_id AS "teamId", branch_id AS "branchId"
     FROM opportunities WHERE id = $1 AND workspace_id = $2`,
    [id, workspaceId],
  );
  return rows[0] ?? null;
}

// ---------- Rotting ----------

/**
 * Flags the open cards past their stage's limit (once per São Paulo day, skipping rows another run holds)
 * and upserts one notification per owner per day listing them; returns how many notifications it wrote.
 * Runs across workspaces: each row keeps its own workspace_id.
 */
export async function flagRottingAndNotify(db: Queryable, now: Date): Promise<number> {
  const { rows } = await db.query(
    `/* tenancy: any workspace — the hourly sweep; each row keeps its own workspace_id */
     WITH today AS (SELECT ($1::timestamptz AT TIME ZONE 'America/Sao_Paulo')::date AS day),
     rotting AS (
       SELECT o.id, o.workspace_id, o.owner_id, o.title, o.pipeline_id
       FROM opportunities o JOIN pipeline_stages s ON s.id = o.stage_id AND s.workspace_id = o.workspace_id
       WHERE o.status = 'open' AND o.owner_id IS NOT NULL AND s.rotting_days IS NOT NULL
         AND o.stage_entered_at < $1::timestamptz - s.rotting_days * interval '1 day'
         AND (o.rotting_notified_on IS NULL OR o.rotting_notified_on < (SELECT day FROM today))
       FOR UPDATE OF o SKIP LOCKED),
     flagged AS (
       UPDATE opportunities o SET rotting_notified_on = (SELECT day FROM today)
       FROM rotting r WHERE o.id = r.id AND o.workspace_id = r.workspace_id RETURNING o.id),
     per_owner AS (
       SELECT workspace_id, owner_id, count(*)::int AS n,
         jsonb_agg(jsonb_build_object('id', id, 'title', title, 'pipelineId', pipeline_id) ORDER BY title) AS items
       FROM rotting GROUP BY workspace_id, owner_id)
     INSERT INTO notifications (workspace_id, user_id, kind, day, data)
     SELECT workspace_id, owner_id, 'rotting_opportunities', (SELECT day FROM today),
       jsonb_build_object('count', n, 'opportunities', items)
     FROM per_owner
     ON CONFLICT (user_id, kind, day, workspace_id) WHERE kind = 'rotting_opportunities' DO UPDATE SET
       data = jsonb_build_object(
         'count', (notifications.data ->> 'count')::int + (EXCLUDED.data ->> 'count')::int,
         'opportunities', (notifications.data -> 'opportunities') || (EXCLUDED.data -> 'opportunities')),
       read_at = NULL
     RETURNING (data ->> 'count')::int AS n`,
    [now],
  );
  return rows.length;
}

/**
 * Deletes the cards among `ids` nobody changed since they were created (version 1), with their involved people and
 * stage stays, when nothing else refers to them (activities, proposals…): all at once under a savepoint, else one
 * by one. Answers the ids deleted.
 */
export async function deleteUntouchedOpportunities(
  db: Queryable,
  workspaceId: string,
  ids: string[],
): Promise<string[]> {
  if (ids.length === 0) return [];
  const remove = async (list: string[]) => {
    const { rows } = await db.query<{ id: string }>(
      `WITH target AS (
         SELECT id FROM opportunities WHERE workspace_id = $1 AND id = ANY($2::uuid[]) AND version = 1
       ), people AS (
         DELETE FROM opportunity_people p USING target t WHERE p.workspace_id = $1 AND p.opportunity_id = t.id
       ), visits AS (
         DELETE FROM opportunity_stage_visits v USING target t WHERE v.workspace_id = $1 AND v.opportunity_id = t.id
       )
       DELETE FROM opportunities o USING target t WHERE o.workspace_id = $1 AND o.id = t.id RETURNING o.id`,
      [workspaceId, list],
    );
    return rows.map((r) => r.id);
  };
  await db.query('SAVEPOINT delete_opportunities');
  try {
    const deleted = await remove(ids);
    await db.query('RELEASE SAVEPOINT delete_opportunities');
    return deleted;
  } catch (error) {
    await db.query('ROLLBACK TO SAVEPOINT delete_opportunities');
    if ((error as { code?: string }).code !== '23503') throw error;
  }
  const deleted: string[] = [];
  for (const id of ids) {
    await db.query('SAVEPOINT delete_opportunity');
    try {
      deleted.push(...(await remove([id])));
      await db.query('RELEASE SAVEPOINT delete_opportunity');
    } catch (error) {
      await db.query('ROLLBACK TO SAVEPOINT delete_opportunity');
      if ((error as { code?: string }).code !== '23503') throw error;
    }
  }
  return deleted;
}
