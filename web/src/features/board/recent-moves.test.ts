import type { RealtimeEvent } from '@funil/domain';
import { describe, expect, it } from 'vitest';
import { RecentMoves } from './recent-moves.ts';

const event = (
  opportunityId: string | null,
  version: number | null,
  type: RealtimeEvent['type'] = 'opportunity.moved',
): RealtimeEvent => ({
  type,
  pipelineId: 'p',
  opportunityId,
  stageId: 's',
  version,
  actorId: 'u',
  at: '2026-01-01T00:00:00Z',
});

describe('RecentMoves', () => {
  it('ignores the echo of its own move, before or after the answer', () => {
    const moves = new RecentMoves();
    moves.start('1');
    expect(moves.busy).toBe(true);
    expect(moves.covers(event('1', 5))).toBe(true);
    expect(moves.finish('1', 5)).toBe(false);
    expect(moves.busy).toBe(false);
    expect(moves.covers(event('1', 5))).toBe(true);
  });

  it('lets through what others did', () => {
    const moves = new RecentMoves();
    moves.start('1');
    moves.finish('1', 5);
    expect(moves.covers(event('1', 6))).toBe(false);
    expect(moves.covers(event('2', 1))).toBe(false);
    expect(moves.covers(event(null, null, 'pipeline.updated'))).toBe(false);
  });

  it('asks for a reload when someone else changed the card during the move', () => {
    const moves = new RecentMoves();
    moves.start('1');
    moves.covers(event('1', 6));
    expect(moves.finish('1', 5)).toBe(true);
  });

  it('asks for a reload when a refused move had set events aside', () => {
    const moves = new RecentMoves();
    moves.start('1');
    expect(moves.finish('1', null)).toBe(false);
    moves.start('1');
    moves.covers(event('1', 2, 'opportunity.updated'));
    expect(moves.finish('1', null)).toBe(true);
  });
});
