import { describe, expect, it } from 'vitest';
import { nextSort, sortDirection } from './list-sort.ts';

describe('list sort', () => {
  it('sorts a new column ascending, then flips', () => {
    expect(nextSort('-createdAt', 'title')).toBe('title');
    expect(nextSort('title', 'title')).toBe('-title');
    expect(nextSort('-title', 'title')).toBe('title');
  });

  it('orders days in stage by the opposite of the entry date', () => {
    expect(nextSort('rank', 'daysInStage')).toBe('-stageEnteredAt');
    expect(sortDirection('stageEnteredAt', 'daysInStage')).toBe('descending');
  });

  it('says which way each header sorts', () => {
    expect(sortDirection('-valueCents', 'valueCents')).toBe('descending');
    expect(sortDirection('-valueCents', 'title')).toBe('none');
  });
});
