import type { Queryable } from '../../db/pool.ts';

/**
 * The rotting job: open cards past their stage's limit are flagged for the day and their owner gets one
 * notification per day listing them (a later run the same day adds newly rotten cards to it). Safe to run
 * often and from several instances: each card is flagged once per São Paulo day, rows being flagged by
 * another run are skipped.
 */
export async function notifyRottingOpportunities(db: Queryable, now = new Date()): Promise<number> {
  const { rows } = await db.query(
    `WITH today AS (SELECT ($1::timestamptz AT TIME ZONE 'America/Sao_Paulo')::date AS day),
     rotting AS (
       SELECT o.id, o.workspace_id, o.owner_id, o.title, o.pipeline_id
       FROM opportunities o JOIN pipeline_stages s ON s.id = o.stage_id
       WHERE o.status = 'open' AND o.owner_id IS NOT NULL AND s.rotting_days IS NOT NULL
         AND o.stage_entered_at < $1::timestamptz - s.rotting_days * interval '1 day'
         AND (o.rotting_notified_on IS NULL OR o.rotting_notified_on < (SELECT day FROM today))
       FOR UPDATE OF o SKIP LOCKED),
     flagged AS (
       UPDATE opportunities o SET rotting_notified_on = (SELECT day FROM today)
       FROM rotting r WHERE o.id = r.id RETURNING o.id),
     per_owner AS (
       SELECT workspace_id, owner_id, count(*)::int AS n,
         jsonb_agg(jsonb_build_object('id', id, 'title', title, 'pipelineId', pipeline_id) ORDER BY title) AS items
       FROM rotting GROUP BY workspace_id, owner_id)
     INSERT INTO notifications (workspace_id, user_id, kind, day, data)
     SELECT workspace_id, owner_id, 'rotting_opportunities', (SELECT day FROM today),
       jsonb_build_object('count', n, 'opportunities', items)
     FROM per_owner
     ON CONFLICT (user_id, kind, day) WHERE kind = 'rotting_opportunities' DO UPDATE SET
       data = jsonb_build_object(
         'count', (notifications.data ->> 'count')::int + (EXCLUDED.data ->> 'count')::int,
         'opportunities', (notifications.data -> 'opportunities') || (EXCLUDED.data -> 'opportunities')),
       read_at = NULL
     RETURNING (data ->> 'count')::int AS n`,
    [now],
  );
  return rows.length;
}
