import type { CampaignCounts } from '@funil/domain';
import { describe, expect, it } from 'vitest';
import { processed, progressSections } from './campaign-model.ts';
import { isLive } from './queries.ts';

const counts = (c: Partial<CampaignCounts>): CampaignCounts => ({
  queued: 0,
  skipped: 0,
  sending: 0,
  sent: 0,
  delivered: 0,
  read: 0,
  failed: 0,
  bounced: 0,
  ...c,
});

describe('campaign progress', () => {
  it('counts as processed everything past the queue', () => {
    expect(processed({ counts: counts({ queued: 5, sending: 1, sent: 2, read: 1, skipped: 1 }) })).toBe(4);
  });

  it('splits the bar by outcome, leaving the queue empty', () => {
    const sections = progressSections({ counts: counts({ queued: 2, read: 1, failed: 1 }), total: 4 });
    expect(sections.map((s) => [s.status, s.value])).toEqual([
      ['read', 25],
      ['failed', 25],
    ]);
    expect(progressSections({ counts: counts({}), total: 0 })).toEqual([]);
  });
});

describe('isLive', () => {
  const now = Date.parse('2026-12-06T12:00:00Z');
  it('polls while sending and for a while after it finished (late statuses), not a draft or cancelled', () => {
    expect(isLive({ status: 'running', finishedAt: null }, now)).toBe(true);
    expect(isLive({ status: 'completed', finishedAt: '2026-12-06T11:59:00Z' }, now)).toBe(true);
    expect(isLive({ status: 'completed', finishedAt: '2026-12-06T11:50:00Z' }, now)).toBe(false);
    expect(isLive({ status: 'cancelled', finishedAt: '2026-12-06T11:59:50Z' }, now)).toBe(false);
    expect(isLive({ status: 'draft', finishedAt: null }, now)).toBe(false);
    expect(isLive(undefined, now)).toBe(false);
  });
});
