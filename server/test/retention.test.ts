import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runQueuedRetention } from '../src/modules/anonymization/retention.service.ts';
import { verifyAllChains } from '../src/modules/timeline/timeline.service.ts';
import { createTestContext, type TestContext } from './helpers.ts';
import { call, newOpportunity, opportunityWorld, personBody, type World } from './opportunity-fixtures.ts';

// Retention rules: the preview stores exactly who a run would anonymize; the run anonymizes exactly those that
// still match, reports the others, and touches nobody else.

let ctx: TestContext;
let w: World;

beforeAll(async () => {
  ctx = await createTestContext();
  w = await opportunityWorld(ctx);
});
afterAll(() => ctx.close());

async function person(name: string) {
  const res = await call(ctx, w.admin, 'POST', '/people', personBody({ name }));
  expect(res.status).toBe(201);
  return res.body.id as string;
}
const idle = (id: string, months: number) =>
  ctx.db.query(
    `UPDATE people SET last_activity_at = now() - make_interval(months => $2) WHERE workspace_id = $3 AND id = $1`,
    [id, months, w.workspaceId],
  );

describe('retention rules', () => {
  it('is for managePrivacy only', async () => {
    expect((await call(ctx, w.brokerA1, 'GET', '/privacy/retention/rules')).status).toBe(403);
    expect(
      (await call(ctx, w.manager, 'POST', '/privacy/retention/rules', { kind: 'inactive_leads', months: 12 }))
        .status,
    ).toBe(403);
    const bad = await call(ctx, w.admin, 'POST', '/privacy/retention/rules', {
      kind: 'inactive_leads',
      months: 0,
    });
    expect(bad.status).toBe(422);
  });

  it('previews, then runs on exactly the previewed people that still match', async () => {
    const oldLead = await person('Lead Antigo Um');
    const oldLead2 = await person('Lead Antigo Dois');
    const comesBack = await person('Lead Que Voltou');
    const recent = await person('Lead Recente');
    const { holderId: wonHolder, opportunity } = await newOpportunity(
      ctx,
      w,
      w.brokerA1,
      {},
      { name: 'Cliente Ganho' },
    );
    await ctx.db.query(
      `UPDATE opportunities SET status = 'won', closed_at = now() WHERE workspace_id = $2 AND id = $1`,
      [opportunity.id, w.workspaceId],
    );
    for (const id of [oldLead, oldLead2, comesBack, wonHolder]) await idle(id, 13);
    await idle(recent, 2);
    const rule = await call(ctx, w.admin, 'POST', '/privacy/retention/rules', {
      kind: 'inactive_leads',
      months: 12,
    });
    expect(rule.status).toBe(201);
    const preview = await call(ctx, w.admin, 'POST', `/privacy/retention/rules/${rule.body.id}/preview`);
    expect(preview.status).toBe(201);
    expect(preview.body).toMatchObject({ status: 'previewed', previewCount: 3 });
    const page = await call(ctx, w.admin, 'GET', `/privacy/retention/runs/${preview.body.id}?limit=2`);
    expect(page.body.people).toHaveLength(2);
    const all = await call(ctx, w.admin, 'GET', `/privacy/retention/runs/${preview.body.id}?limit=100`);
    const previewed = all.body.people.map((p: { id: string }) => p.id).sort();
    expect(previewed).toEqual([oldLead, oldLead2, comesBack].sort());

    // Between preview and run: one comes back, another becomes idle (not in the preview: untouched).
    await idle(comesBack, 0);
    const lateIdle = await person('Lead Ocioso Depois');
    await idle(lateIdle, 14);

    // Nothing runs before "Executar".
    expect(await runQueuedRetention(ctx.db, ctx.files)).toBe(0);
    const started = await call(ctx, w.admin, 'POST', `/privacy/retention/runs/${preview.body.id}/start`);
    expect(started.status).toBe(202);
    expect(started.body.status).toBe('queued');
    expect(
      (await call(ctx, w.admin, 'POST', `/privacy/retention/runs/${preview.body.id}/start`)).status,
    ).toBe(409);
    expect(await runQueuedRetention(ctx.db, ctx.files)).toBe(2);

    const run = (await call(ctx, w.admin, 'GET', `/privacy/retention/runs/${preview.body.id}`)).body.run;
    expect(run).toMatchObject({ status: 'done', previewCount: 3, doneCount: 3, anonymizedCount: 2 });
    expect(run.noLongerMatching).toEqual([comesBack]);
    const anonymized = await ctx.db.query(
      'SELECT id FROM people WHERE workspace_id = $1 AND anonymized_at IS NOT NULL ORDER BY id',
      [w.workspaceId],
    );
    expect(anonymized.rows.map((r) => r.id)).toEqual([oldLead, oldLead2].sort());
    const record = await call(ctx, w.admin, 'GET', `/people/${oldLead}/anonymization`);
    expect(record.body.anonymization).toMatchObject({ retentionRunId: preview.body.id, by: null });
    expect((await call(ctx, w.admin, 'GET', `/people/${oldLead}`)).body.phones).toEqual([]);
    expect((await verifyAllChains(ctx.db)).broken).toEqual([]);
    const runs = await call(ctx, w.admin, 'GET', '/privacy/retention/runs');
    expect(runs.body.items[0].id).toBe(preview.body.id);
  });

  it('archived people after N months', async () => {
    const archived = await person('Arquivado Antigo');
    await ctx.db.query(
      `UPDATE people SET archived_at = now() - interval '25 months' WHERE workspace_id = $2 AND id = $1`,
      [archived, w.workspaceId],
    );
    const rule = await call(ctx, w.admin, 'POST', '/privacy/retention/rules', {
      kind: 'archived_people',
      months: 24,
    });
    const preview = await call(ctx, w.admin, 'POST', `/privacy/retention/rules/${rule.body.id}/preview`);
    expect(preview.body.previewCount).toBe(1);
    const off = await call(ctx, w.admin, 'PATCH', `/privacy/retention/rules/${rule.body.id}`, {
      active: false,
    });
    expect(off.body.active).toBe(false);
  });
});
