import type { Db } from '../../db/pool.ts';
import type { JobQueue } from '../../jobs/queue.ts';
import { startScheduler } from '../../jobs/scheduler.ts';
import type { FileStore } from '../../lib/file-store.ts';
import * as repo from './exports.repository.ts';
import { expireExports, runExport } from './exports.service.ts';

export type ExportJobDeps = { db: Db; queue: JobQueue; files: FileStore };

const BATCH = 50;
/** Exports written at once per instance (each holds one pool connection at a time). */
const EXPORT_WORKERS = 2;
const EXPIRY_EVERY_MS = 10 * 60_000;

/** Queues every asked-for export not yet queued; the job id is the export id, so queueing one again adds nothing. */
export async function relayExports(deps: ExportJobDeps): Promise<number> {
  const claimed = await repo.claimUnqueued(deps.db, BATCH);
  for (const row of claimed) {
    try {
      await deps.queue.send(
        'export-file',
        { workspaceId: row.workspace_id, exportId: row.id },
        { id: row.id },
      );
    } catch (error) {
      await repo.unqueue(deps.db, row.workspace_id, row.id);
      throw error;
    }
  }
  return claimed.length;
}

/** Starts this instance's export workers, relay and expiry sweep; answers the function that stops them. */
export async function startExports(
  deps: ExportJobDeps,
  log: { error: (obj: object, msg: string) => void },
  relayEveryMs: number,
): Promise<() => void> {
  for (let i = 0; i < EXPORT_WORKERS; i++) {
    await deps.queue.work('export-file', (job, attempt) => runExport(deps, job, attempt));
  }
  return startScheduler(
    deps.db,
    log,
    [
      { name: 'exports-relay', everyMs: relayEveryMs, run: () => relayExports(deps) },
      { name: 'exports-expiry', everyMs: EXPIRY_EVERY_MS, run: () => expireExports(deps) },
    ],
    relayEveryMs,
  );
}
