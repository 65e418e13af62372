import { describe, expect, it } from 'vitest';
import { exportFilters, isRunning, progressPercent } from './queries.ts';

describe('exportFilters', () => {
  it('keeps the set values as text and drops the empty ones', () => {
    expect(
      exportFilters({
        q: 'ana',
        tag: '',
        ownerId: undefined,
        rotting: true,
        archived: false,
        limit: 5,
        x: null,
      }),
    ).toEqual({ q: 'ana', rotting: 'true', limit: '5' });
  });
});

describe('progress', () => {
  it('is the share of rows written, 100 when done, 0 before the total is known', () => {
    expect(progressPercent({ status: 'running', rowsDone: 250, rowsTotal: 1000 })).toBe(25);
    expect(progressPercent({ status: 'queued', rowsDone: 0, rowsTotal: null })).toBe(0);
    expect(progressPercent({ status: 'done', rowsDone: 0, rowsTotal: 0 })).toBe(100);
    expect(progressPercent({ status: 'running', rowsDone: 12, rowsTotal: 10 })).toBe(100);
  });

  it('runs while queued or being written', () => {
    expect(isRunning({ status: 'queued' })).toBe(true);
    expect(isRunning({ status: 'running' })).toBe(true);
    expect(isRunning({ status: 'done' })).toBe(false);
    expect(isRunning({ status: 'failed' })).toBe(false);
  });
});
