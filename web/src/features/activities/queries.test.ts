import type { Activity, ActivityPage } from '@funil/domain';
import { describe, expect, it } from 'vitest';
import { fetchPages } from './queries.ts';

/** A server holding `total` activities, answering pages of `size` by cursor (the index as text). */
function server(total: number, size: number) {
  const asked: (string | null)[] = [];
  const page = async (cursor: string | null): Promise<ActivityPage> => {
    asked.push(cursor);
    const from = cursor ? Number(cursor) : 0;
    const to = Math.min(total, from + size);
    const items = Array.from({ length: to - from }, (_, i) => ({ id: String(from + i) }) as Activity);
    return { items, total, nextCursor: to < total ? String(to) : null };
  };
  return { page, asked };
}

describe('fetchPages', () => {
  it('follows the cursor to the last page', async () => {
    const s = server(450, 200);
    const all = await fetchPages(s.page, 1000);
    expect(all.items.map((a) => a.id)).toEqual(Array.from({ length: 450 }, (_, i) => String(i)));
    expect(all.total).toBe(450);
    expect(s.asked).toEqual([null, '200', '400']);
  });

  it('stops at the limit and still says how many there are', async () => {
    const s = server(5000, 200);
    const some = await fetchPages(s.page, 1000);
    expect(some.items).toHaveLength(1000);
    expect(some.total).toBe(5000);
    expect(s.asked).toHaveLength(5);
  });

  it('asks once when everything fits in one page', async () => {
    const s = server(3, 200);
    expect((await fetchPages(s.page, 1000)).items).toHaveLength(3);
    expect(s.asked).toEqual([null]);
  });
});
