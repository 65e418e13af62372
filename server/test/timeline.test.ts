import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { generateCpf } from '@funil/domain';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRandom } from '../src/db/seed/demo-data.ts';
import { verifyAllChains } from '../src/modules/timeline/timeline.service.ts';
import {
  createTestContext,
  createUser,
  createWorkspace,
  type TestContext,
  type TestUser,
} from './helpers.ts';

let ctx: TestContext;
let broker: TestUser;
let personId: string;

beforeAll(async () => {
  ctx = await createTestContext();
  const { workspaceId } = await createWorkspace(ctx.db);
  broker = await createUser(ctx, workspaceId, 'broker');
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/people',
    headers: { cookie: broker.cookie },
    payload: { kind: 'individual', name: 'Maria Histórico', document: generateCpf(createRandom(7)) },
  });
  personId = res.json().id;
  await ctx.app.inject({
    method: 'POST',
    url: `/api/v1/people/${personId}/notes`,
    headers: { cookie: broker.cookie },
    payload: { body: 'Nota que ninguém pode apagar' },
  });
});
afterAll(() => ctx.close());

describe('timeline immutability', () => {
  it.each([
    ['UPDATE', "UPDATE timeline_events SET kind = 'note'"],
    ['DELETE', 'DELETE FROM timeline_events'],
    ['TRUNCATE', 'TRUNCATE timeline_events CASCADE'],
    ['payload UPDATE', `UPDATE timeline_payloads SET payload = '{"body":"editada"}'`],
    ['payload DELETE', 'DELETE FROM timeline_payloads'],
  ])('refuses %s from the app role', async (_label, sql) => {
    await expect(ctx.db.query(sql)).rejects.toThrow(/permission denied|append-only|only be erased/);
  });

  it('refuses UPDATE and DELETE even from the table owner (triggers)', async () => {
    const owner = new pg.Client({ connectionString: ctx.ownerUrl });
    await owner.connect();
    try {
      await expect(owner.query("UPDATE timeline_events SET kind = 'x'")).rejects.toThrow(/append-only/);
      await expect(owner.query('DELETE FROM timeline_events')).rejects.toThrow(/append-only/);
      await expect(owner.query('TRUNCATE timeline_events CASCADE')).rejects.toThrow(/append-only/);
    } finally {
      await owner.end();
    }
  });

  it('verifies intact chains and reports the first tampered event', async () => {
    expect((await verifyAllChains(ctx.db)).broken).toEqual([]);
    const owner = new pg.Client({ connectionString: ctx.ownerUrl });
    await owner.connect();
    try {
      // A superuser can switch triggers off; the hash chain still gives the tampering away.
      await owner.query('SET session_replication_role = replica');
      const { rows } = await owner.query(
        `UPDATE timeline_payloads SET payload = '{"body":"texto trocado"}'
         WHERE event_id = (SELECT id FROM timeline_events WHERE subject_id = $1 AND kind = 'note') RETURNING event_id`,
        [personId],
      );
      const report = await verifyAllChains(owner);
      expect(report.broken).toEqual([
        expect.objectContaining({
          eventId: rows[0].event_id,
          subjectId: personId,
          reason: 'payload does not match its digest',
        }),
      ]);
      await owner.query(
        `UPDATE timeline_events SET occurred_at = occurred_at - interval '1 day' WHERE subject_id = $1 AND seq = 1`,
        [personId],
      );
      const again = await verifyAllChains(owner);
      expect(again.broken[0]).toMatchObject({ seq: 1, reason: 'hash does not match the event content' });

      const cli = await promisify(execFile)(
        process.execPath,
        ['--import', 'tsx', path.join(import.meta.dirname, '../src/cli/verify-history.ts')],
        { env: { ...process.env, DATABASE_URL: ctx.ownerUrl } },
      ).catch((error: { code: number; stdout: string }) => error);
      expect('code' in cli ? cli.code : 0).toBe(2);
      expect(cli.stdout).toContain(`seq 1): hash does not match the event content`);
    } finally {
      await owner.end();
    }
  });
});
