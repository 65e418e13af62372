import type { ListOption, OptionListName, Stage, StageRequirableField } from '@funil/domain';
import type { Queryable } from '../../db/pool.ts';

type StageRow = {
  id: string;
  pipeline_id: string;
  name: string;
  position: number;
  probability: number;
  rotting_days: number | null;
  required_fields: StageRequirableField[];
};

const toStage = (r: StageRow): Stage => ({
  id: r.id,
  name: r.name,
  position: r.position,
  probability: r.probability,
  rottingDays: r.rotting_days,
  requiredFields: r.required_fields,
});

export type PipelineRow = { id: string; name: string; version: number; stages: Stage[] };

/** Live pipelines of the workspace with their live stages in order. */
export async function listPipelines(db: Queryable, workspaceId: string, id?: string): Promise<PipelineRow[]> {
  const { rows } = await db.query<{ id: string; name: string; version: number }>(
    `SELECT id, name, version FROM pipelines
     WHERE workspace_id = $1 AND archived_at IS NULL AND ($2::uuid IS NULL OR id = $2)
     ORDER BY created_at, name`,
    [workspaceId, id ?? null],
  );
  if (rows.length === 0) return [];
  const stages = await db.query<StageRow>(
    `SELECT id, pipeline_id, name, position, probability, rotting_days, required_fields
     FROM pipeline_stages WHERE workspace_id = $1 AND pipeline_id = ANY($2::uuid[]) AND archived_at IS NULL
     ORDER BY position`,
    [workspaceId, rows.map((r) => r.id)],
  );
  return rows.map((p) => ({
    ...p,
    stages: stages.rows.filter((s) => s.pipeline_id === p.id).map(toStage),
  }));
}

export async function findPipeline(
  db: Queryable,
  workspaceId: string,
  id: string,
): Promise<PipelineRow | null> {
  return (await listPipelines(db, workspaceId, id))[0] ?? null;
}

/** A live stage with its pipeline (for moves and creations). */
export async function findStage(
  db: Queryable,
  workspaceId: string,
  id: string,
): Promise<(Stage & { pipelineId: string }) | null> {
  const { rows } = await db.query<StageRow>(
    `SELECT id, pipeline_id, name, position, probability, rotting_days, required_fields
     FROM pipeline_stages WHERE workspace_id = $1 AND id = $2 AND archived_at IS NULL`,
    [workspaceId, id],
  );
  return rows[0] ? { ...toStage(rows[0]), pipelineId: rows[0].pipeline_id } : null;
}

/** A stage's name, archived or not (what the timeline records). */
export async function findStageName(db: Queryable, workspaceId: string, id: string): Promise<string> {
  const { rows } = await db.query('SELECT name FROM pipeline_stages WHERE workspace_id = $1 AND id = $2', [
    workspaceId,
    id,
  ]);
  return rows[0]?.name ?? '';
}

/** A pipeline's name, archived or not (what the timeline records). */
export async function findPipelineName(db: Queryable, workspaceId: string, id: string): Promise<string> {
  const { rows } = await db.query('SELECT name FROM pipelines WHERE workspace_id = $1 AND id = $2', [
    workspaceId,
    id,
  ]);
  return rows[0]?.name ?? '';
}

/** Opportunities (any status) per stage of the pipeline. */
export async function cardCounts(
  db: Queryable,
  workspaceId: string,
  pipelineId: string,
): Promise<Record<string, number>> {
  const { rows } = await db.query<{ stage_id: string; n: number }>(
    `SELECT stage_id, count(*)::int AS n FROM opportunities WHERE workspace_id = $1 AND pipeline_id = $2
     GROUP BY stage_id`,
    [workspaceId, pipelineId],
  );
  return Object.fromEntries(rows.map((r) => [r.stage_id, r.n]));
}

export async function insertPipeline(db: Queryable, workspaceId: string, name: string): Promise<string> {
  const { rows } = await db.query(`INSERT INTO pipelines (workspace_id, name) VALUES ($1, $2) RETURNING id`, [
    workspaceId,
    name,
  ]);
  return rows[0].id;
}

export async function lockPipeline(db: Queryable, workspaceId: string, id: string): Promise<number | null> {
  const { rows } = await db.query(
    `SELECT version FROM pipelines WHERE workspace_id = $1 AND id = $2 AND archived_at IS NULL FOR UPDATE`,
    [workspaceId, id],
  );
  return rows[0]?.version ?? null;
}

export async function renamePipeline(
  db: Queryable,
  workspaceId: string,
  id: string,
  name: string,
): Promise<number> {
  const { rows } = await db.query(
    `UPDATE pipelines SET name = $3, version = version + 1 WHERE workspace_id = $1 AND id = $2 RETURNING version`,
    [workspaceId, id, name],
  );
  return rows[0].version;
}

export type StageValues = Omit<Stage, 'id'> & { id?: string | undefined };

export async function upsertStage(db: Queryable, workspaceId: string, pipelineId: string, s: StageValues) {
  const values = [s.name, s.position, s.probability, s.rottingDays, s.requiredFields];
  if (s.id) {
    await db.query(
      `UPDATE pipeline_stages SET name = $4, position = $5, probability = $6, rotting_days = $7,
         required_fields = $8 WHERE workspace_id = $1 AND pipeline_id = $2 AND id = $3`,
      [workspaceId, pipelineId, s.id, ...values],
    );
  } else {
    await db.query(
      `INSERT INTO pipeline_stages (workspace_id, pipeline_id, name, position, probability, rotting_days,
         required_fields) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [workspaceId, pipelineId, ...values],
    );
  }
}

export async function archiveStages(db: Queryable, workspaceId: string, pipelineId: string, ids: string[]) {
  await db.query(
    `UPDATE pipeline_stages SET archived_at = now()
     WHERE workspace_id = $1 AND pipeline_id = $2 AND id = ANY($3::uuid[])`,
    [workspaceId, pipelineId, ids],
  );
}

// ---------- Workspace lists (versioned with the workspace settings) ----------

export async function listOptions(
  db: Queryable,
  workspaceId: string,
): Promise<(ListOption & { list: OptionListName })[]> {
  const { rows } = await db.query(
    `SELECT id, list, label, position, parent_id AS "parentId" FROM list_options
     WHERE workspace_id = $1 AND archived_at IS NULL ORDER BY list, position`,
    [workspaceId],
  );
  return rows;
}

/** Options (archived too) by id, to check references and show old values. */
export async function findOptions(
  db: Queryable,
  workspaceId: string,
  ids: string[],
): Promise<Map<string, { list: OptionListName; label: string; archived: boolean }>> {
  if (ids.length === 0) return new Map();
  const { rows } = await db.query(
    `SELECT id, list, label, archived_at IS NOT NULL AS archived FROM list_options
     WHERE workspace_id = $1 AND id = ANY($2::uuid[])`,
    [workspaceId, ids],
  );
  return new Map(rows.map((r) => [r.id, { list: r.list, label: r.label, archived: r.archived }]));
}

export async function replaceOptions(
  db: Queryable,
  workspaceId: string,
  list: OptionListName,
  items: { id?: string | undefined; label: string; parentId?: string | null | undefined }[],
) {
  const kept = items.flatMap((i) => (i.id ? [i.id] : []));
  await db.query(
    `UPDATE list_options SET archived_at = now()
     WHERE workspace_id = $1 AND list = $2 AND archived_at IS NULL AND NOT (id = ANY($3::uuid[]))`,
    [workspaceId, list, kept],
  );
  for (const [position, item] of items.entries()) {
    if (item.id) {
      await db.query(
        `UPDATE list_options SET label = $4, position = $5, parent_id = $6, archived_at = NULL
         WHERE workspace_id = $1 AND list = $2 AND id = $3`,
        [workspaceId, list, item.id, item.label, position, item.parentId ?? null],
      );
    } else {
      await db.query(
        `INSERT INTO list_options (workspace_id, list, label, position, parent_id) VALUES ($1, $2, $3, $4, $5)`,
        [workspaceId, list, item.label, position, item.parentId ?? null],
      );
    }
  }
}
