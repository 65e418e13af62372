import { describe, expect, it } from 'vitest';
import {
  isPrivacyRequestPending,
  privacyRequestDeadline,
  ZCreatePrivacyRequest,
} from './privacy-requests.ts';

describe('data-subject requests', () => {
  it('are due 15 days after they were received (art. 19 II), across month and year ends', () => {
    expect(privacyRequestDeadline(new Date('2026-12-20T10:30:00.000Z')).toISOString()).toBe(
      '2027-01-04T10:30:00.000Z',
    );
    expect(privacyRequestDeadline(new Date('2026-02-20T00:00:00.000Z')).toISOString()).toBe(
      '2026-03-07T00:00:00.000Z',
    );
  });

  it('are pending while open or in progress only', () => {
    expect(
      ['open', 'in_progress', 'answered', 'refused'].map((s) => isPrivacyRequestPending(s as never)),
    ).toEqual([true, true, false, false]);
  });

  it('name a person or the requester', () => {
    expect(ZCreatePrivacyRequest.safeParse({ kind: 'access', channel: 'email' }).success).toBe(false);
    expect(
      ZCreatePrivacyRequest.safeParse({ kind: 'access', channel: 'email', requesterName: 'Maria' }).success,
    ).toBe(true);
    expect(
      ZCreatePrivacyRequest.safeParse({
        kind: 'access',
        channel: 'email',
        personId: '00000000-0000-4000-8000-000000000000',
      }).success,
    ).toBe(true);
  });
});
