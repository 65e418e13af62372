import { runExport } from '../src/modules/exports/exports.service.ts';
import type { TestContext, TestUser } from './helpers.ts';

/**
 * An export as a user asks for it and then downloads it: `POST /exports`, the `export-file` job run here, then
 * the file. Answers the refusal's status when the export is not accepted.
 */
export async function exportAs(
  ctx: TestContext,
  user: TestUser,
  body: {
    list: 'people' | 'opportunities' | 'activities';
    format?: 'csv' | 'xlsx';
    filters?: Record<string, string>;
  },
): Promise<{ status: number; body: string; rawPayload: Buffer }> {
  const asked = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/exports',
    headers: { cookie: user.cookie },
    payload: { format: 'csv', filters: {}, ...body },
  });
  if (asked.statusCode !== 202)
    return { status: asked.statusCode, body: asked.body, rawPayload: asked.rawPayload };
  const id: string = asked.json().id;
  const { rows } = await ctx.db.query('SELECT workspace_id FROM exports WHERE id = $1', [id]);
  await runExport({ db: ctx.db, files: ctx.files }, { workspaceId: rows[0].workspace_id, exportId: id });
  const file = await ctx.app.inject({ url: `/api/v1/exports/${id}/file`, headers: { cookie: user.cookie } });
  return { status: file.statusCode, body: file.body, rawPayload: file.rawPayload };
}
