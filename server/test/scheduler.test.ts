import { afterAll, beforeAll, expect, it } from 'vitest';
import { createAppPool, type Db } from '../src/db/pool.ts';
import { startScheduler } from '../src/jobs/scheduler.ts';
import { createTestContext, type TestContext } from './helpers.ts';

let ctx: TestContext;
let pools: Db[] = [];

beforeAll(async () => {
  ctx = await createTestContext();
  // Two "instances": pools of their own on one database, as two app processes would have.
  pools = [createAppPool(ctx.ownerUrl, 2), createAppPool(ctx.ownerUrl, 2)];
});
afterAll(async () => {
  await Promise.all(pools.map((p) => p.end()));
  await ctx.close();
});

/** Runs one job named `name` on both instances for `ms`; answers each run's instance and slot. */
async function runOnBoth(name: string, oncePerPeriod: boolean, everyMs: number, ms: number) {
  const runs: { instance: number; slot: string; at: number }[] = [];
  const stops = pools.map((pool, instance) => {
    return startScheduler(
      pool,
      {
        error: () => undefined,
        // The scheduler's record of a once-per-period run names its slot.
        debug: (obj) => {
          const run = runs.findLast((r) => r.instance === instance && r.slot === '');
          if (run) run.slot = (obj as { slot: string }).slot;
        },
      },
      [
        {
          name,
          everyMs,
          oncePerPeriod,
          run: async (db) => {
            await db.query('SELECT pg_sleep(0.01)');
            runs.push({ instance, slot: '', at: Date.now() });
          },
        },
      ],
      // Instances start at different moments, as real ones do.
      instance * (everyMs / 2),
    );
  });
  await new Promise((resolve) => setTimeout(resolve, ms));
  for (const stop of stops) stop();
  // A run in progress finishes (and is counted) before the answer.
  await new Promise((resolve) => setTimeout(resolve, everyMs));
  return runs;
}

it('a once-per-period job runs once per period across two instances', async () => {
  const everyMs = 400;
  const runs = await runOnBoth('scheduler-test-once', true, everyMs, 4000);
  // ~10 periods: no slot ran twice, and (a slot lost under load being the exception) most ran.
  const slots = runs.map((r) => Date.parse(r.slot)).sort((a, b) => a - b);
  expect(slots.every(Number.isFinite)).toBe(true);
  expect(new Set(slots).size).toBe(runs.length);
  expect(runs.length).toBeGreaterThanOrEqual(6);
  expect(runs.length).toBeLessThanOrEqual(11);
  // Slots are whole periods apart, whichever instance ran them.
  for (let i = 1; i < slots.length; i++) {
    expect(((slots[i] as number) - (slots[i - 1] as number)) % everyMs).toBe(0);
  }
});

it('without it each instance ticks on its own: about twice per period (what oncePerPeriod prevents)', async () => {
  const everyMs = 400;
  const runs = await runOnBoth('scheduler-test-each', false, everyMs, 4000);
  expect(new Set(runs.map((r) => r.instance)).size).toBe(2);
  expect(runs.length).toBeGreaterThan(14);
});
