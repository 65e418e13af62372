import { describe, expect, it } from 'vitest';
import { currentDeadline, Deadline, runWithDeadline } from './deadline.ts';

describe('Deadline', () => {
  it('refuses a commit once expired, and a timeout once a commit or an answer is under way', () => {
    const expired = new Deadline(1000);
    expect(expired.expire()).toBe(true);
    expect(expired.beginCommit()).toBe(false);

    const committing = new Deadline(1000);
    expect(committing.beginCommit()).toBe(true);
    expect(committing.expire()).toBe(false);
    committing.committed();
    expect(committing.expire()).toBe(true);

    const answered = new Deadline(1000);
    answered.settle();
    expect(answered.expire()).toBe(false);
    expect(answered.expired).toBe(false);
  });

  it('is the current deadline inside runWithDeadline only, across awaits', async () => {
    const deadline = new Deadline(5000);
    expect(currentDeadline()).toBeNull();
    const seen = await runWithDeadline(deadline, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return currentDeadline();
    });
    expect(seen).toBe(deadline);
    expect(deadline.remainingMs()).toBeGreaterThan(0);
    expect(deadline.remainingMs()).toBeLessThanOrEqual(5000);
  });
});
