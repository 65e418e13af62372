import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestContext,
  createUser,
  createWorkspace,
  type TestContext,
  type TestUser,
} from './helpers.ts';

// A word shared by more than 10,000 people: the total stops at the cap ("10.000+") and the page is found by walking
// the name index — or, when the matches sort far from the start (a first name), by gathering them — and either way
// it is the same page as sorting every match.

let ctx: TestContext;
let admin: TestUser;
let workspaceId: string;

beforeAll(async () => {
  ctx = await createTestContext();
  ({ workspaceId } = await createWorkspace(ctx.db, 'Busca densa'));
  admin = await createUser(ctx, workspaceId, 'admin');
  // 10,400 Silvas interleaved with as many Souzas; 10,200 Zuleicas sorting after all of them; 3 Ximenas.
  await ctx.db.query(
    `INSERT INTO people (workspace_id, kind, name, stage, origin)
     SELECT $1::uuid, 'individual', 'Pessoa ' || lpad(i::text, 5, '0') || CASE WHEN i % 2 = 0 THEN ' Silva' ELSE ' Souza' END,
       'lead', 'manual'
     FROM generate_series(1, 20800) i
     UNION ALL
     SELECT $1::uuid, 'individual', 'Zuleica ' || lpad(i::text, 5, '0') || ' Costa', 'lead', 'manual'
     FROM generate_series(1, 10200) i
     UNION ALL
     SELECT $1::uuid, 'individual', 'Ximena ' || i || ' Ramos', 'lead', 'manual' FROM generate_series(1, 3) i`,
    [workspaceId],
  );
  await ctx.db.query('ANALYZE people');
}, 120_000);
afterAll(() => ctx.close());

type Page = { total: number; totalCapped: boolean; items: { name: string }[]; nextCursor: string | null };

async function search(q: string, cursor?: string | null): Promise<Page> {
  const res = await ctx.app.inject({
    url: `/api/v1/people?limit=25&q=${encodeURIComponent(q)}${cursor ? `&cursor=${cursor}` : ''}`,
    headers: { cookie: admin.cookie },
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

/** The names a full sort of every match gives, `offset` onwards. */
async function sortedNames(like: string, offset: number, limit = 25): Promise<string[]> {
  const { rows } = await ctx.db.query(
    'SELECT name FROM people WHERE workspace_id = $1 AND name LIKE $2 ORDER BY name, id OFFSET $3 LIMIT $4',
    [workspaceId, like, offset, limit],
  );
  return rows.map((r) => r.name);
}

describe('a search matching more than 10,000 people', () => {
  it('answers the first pages in name order with the total capped', async () => {
    const first = await search('silva');
    expect(first.total).toBe(10_000);
    expect(first.totalCapped).toBe(true);
    expect(first.items.map((p) => p.name)).toEqual(await sortedNames('% Silva', 0));
    const second = await search('silva', first.nextCursor);
    expect(second.totalCapped).toBe(true);
    expect(second.items.map((p) => p.name)).toEqual(await sortedNames('% Silva', 25));
    // Remembered as past the cap: the same answer again.
    const again = await search('Silva');
    expect(again.items.map((p) => p.name)).toEqual(first.items.map((p) => p.name));
  });

  it('finds the page when every match sorts after thousands of other people', async () => {
    const page = await search('zuleica');
    expect(page.totalCapped).toBe(true);
    expect(page.items.map((p) => p.name)).toEqual(await sortedNames('Zuleica %', 0));
  });

  it('still counts a rare word exactly', async () => {
    const page = await search('ximena');
    expect(page).toMatchObject({ total: 3, totalCapped: false, nextCursor: null });
    expect(page.items.map((p) => p.name)).toEqual(['Ximena 1 Ramos', 'Ximena 2 Ramos', 'Ximena 3 Ramos']);
  });

  it('caps the total of the whole list too', async () => {
    const res = await ctx.app.inject({ url: '/api/v1/people?limit=25', headers: { cookie: admin.cookie } });
    expect(res.json()).toMatchObject({ total: 10_000, totalCapped: true });
  });
});
