import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestContext,
  createUser,
  createWorkspace,
  type TestContext,
  type TestUser,
} from './helpers.ts';

// A word shared by more than 10,000 people: the total stops at the cap ("10.000+") and the page is read in name
// order from the people of each name word starting with it (person_name_words) — or by walking the name index —
// and either way it is the same page as sorting every match.

let ctx: TestContext;
let admin: TestUser;
let workspaceId: string;

beforeAll(async () => {
  ctx = await createTestContext();
  ({ workspaceId } = await createWorkspace(ctx.db, 'Busca densa'));
  admin = await createUser(ctx, workspaceId, 'admin');
  // 10,400 Silvas interleaved with as many Souzas; 10,200 Zuleicas and Zuleides sorting after all of them, two
  // people with Zuleica as a middle name sorting first, and three whose every word starts with "zule"; 3 Ximenas.
  await ctx.db.query(
    `INSERT INTO people (workspace_id, kind, name, stage, origin)
     SELECT $1::uuid, 'individual', 'Pessoa ' || lpad(i::text, 5, '0') || CASE WHEN i % 2 = 0 THEN ' Silva' ELSE ' Souza' END,
       'lead', 'manual'
     FROM generate_series(1, 20800) i
     UNION ALL
     SELECT $1::uuid, 'individual', CASE WHEN i % 2 = 0 THEN 'Zuleica ' ELSE 'Zuleide ' END || lpad(i::text, 5, '0') || ' Costa',
       'lead', 'manual'
     FROM generate_series(1, 10200) i
     UNION ALL
     SELECT $1::uuid, 'individual', 'Ana Zuleica ' || i, 'lead', 'manual' FROM generate_series(1, 2) i
     UNION ALL
     SELECT $1::uuid, 'individual', 'Zulead Zuleica Zuleide ' || i, 'lead', 'manual' FROM generate_series(1, 3) i
     UNION ALL
     SELECT $1::uuid, 'individual', 'Ximena ' || i || ' Ramos', 'lead', 'manual' FROM generate_series(1, 3) i`,
    [workspaceId],
  );
  await ctx.db.query('ANALYZE people');
}, 120_000);
afterAll(() => ctx.close());

type Page = { total: number; totalCapped: boolean; items: { name: string }[]; nextCursor: string | null };

async function search(q: string, cursor?: string | null, sort = 'name'): Promise<Page> {
  const res = await ctx.app.inject({
    url: `/api/v1/people?limit=25&sort=${sort}&q=${encodeURIComponent(q)}${cursor ? `&cursor=${cursor}` : ''}`,
    headers: { cookie: admin.cookie },
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

/** The names a full sort of every match (`pattern`, a regular expression) gives, `offset` onwards. */
async function sortedNames(pattern: string, offset: number, dir: 'ASC' | 'DESC' = 'ASC'): Promise<string[]> {
  const { rows } = await ctx.db.query(
    `SELECT name FROM people WHERE workspace_id = $1 AND name ~ $2 ORDER BY name ${dir}, id ${dir} OFFSET $3 LIMIT 25`,
    [workspaceId, pattern, offset],
  );
  return rows.map((r) => r.name);
}

describe('a search matching more than 10,000 people', () => {
  it('answers the first pages in name order with the total capped', async () => {
    const first = await search('silva');
    expect(first.total).toBe(10_000);
    expect(first.totalCapped).toBe(true);
    expect(first.items.map((p) => p.name)).toEqual(await sortedNames(' Silva$', 0));
    const second = await search('silva', first.nextCursor);
    expect(second.totalCapped).toBe(true);
    expect(second.items.map((p) => p.name)).toEqual(await sortedNames(' Silva$', 25));
    // Remembered as past the cap: the same answer again.
    const again = await search('Silva');
    expect(again.items.map((p) => p.name)).toEqual(first.items.map((p) => p.name));
  });

  it('finds the pages when the matches sort after thousands of other people, each person once', async () => {
    const first = await search('zule');
    expect(first.totalCapped).toBe(true);
    const expected = await sortedNames('(^| )Zule', 0);
    expect(expected.slice(0, 5)).toEqual([
      'Ana Zuleica 1',
      'Ana Zuleica 2',
      'Zulead Zuleica Zuleide 1',
      'Zulead Zuleica Zuleide 2',
      'Zulead Zuleica Zuleide 3',
    ]);
    expect(first.items.map((p) => p.name)).toEqual(expected);
    const second = await search('zule', first.nextCursor);
    expect(second.items.map((p) => p.name)).toEqual(await sortedNames('(^| )Zule', 25));
    const last = await search('ZULÉ', null, '-name');
    expect(last.items.map((p) => p.name)).toEqual(await sortedNames('(^| )Zule', 0, 'DESC'));
    // Two words: the longer one leads, the other is a condition.
    const both = await search('costa zule');
    expect(both.totalCapped).toBe(true);
    expect(both.items.map((p) => p.name)).toEqual(await sortedNames('^Zule.* Costa$', 0));
  });

  it('keeps the words of a renamed person', async () => {
    const { rows } = await ctx.db.query(
      `UPDATE people SET name = 'Zuleide Renomeada' WHERE workspace_id = $1 AND name = 'Ana Zuleica 2' RETURNING id`,
      [workspaceId],
    );
    const words = await ctx.db.query(
      'SELECT word, name FROM person_name_words WHERE workspace_id = $1 AND person_id = $2 ORDER BY word',
      [workspaceId, rows[0].id],
    );
    expect(words.rows).toEqual([
      { word: 'renomeada', name: 'Zuleide Renomeada' },
      { word: 'zuleide', name: 'Zuleide Renomeada' },
    ]);
    expect((await search('zuleica ana')).items.map((p) => p.name)).toEqual(['Ana Zuleica 1']);
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
