import type { Queryable } from '../../db/pool.ts';
import { flagRottingAndNotify } from './opportunities.repository.ts';

/**
 * The rotting job: open cards past their stage's limit are flagged for the day and their owner gets one
 * notification per day listing them (a later run the same day adds newly rotten cards to it). Safe to run
 * often and from several instances: each card is flagged once per São Paulo day, rows being flagged by
 * another run are skipped.
 */
export async function notifyRottingOpportunities(db: Queryable, now = new Date()): Promise<number> {
  return flagRottingAndNotify(db, now);
}
