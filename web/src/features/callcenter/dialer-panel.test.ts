import type { DialerCall } from '@funil/domain';
import { describe, expect, it } from 'vitest';
import { callStateKey } from './DialerPanel.tsx';

const call = (over: Partial<DialerCall>): DialerCall => ({
  id: 'c',
  personId: 'p',
  personName: 'Ana',
  phone: '(11) 9••••-••00',
  status: 'ended',
  answeredBy: null,
  outcome: null,
  durationSeconds: null,
  createdAt: '2026-12-06T12:00:00Z',
  answeredAt: null,
  endedAt: null,
  wrappedUpAt: null,
  ...over,
});

describe('callStateKey', () => {
  it('says where a call is for the attendant', () => {
    expect(callStateKey(call({ status: 'placing' }))).toBe('placing');
    expect(callStateKey(call({ status: 'ringing' }))).toBe('ringing');
    expect(callStateKey(call({ status: 'answered', answeredBy: 'human' }))).toBe('talking');
    expect(callStateKey(call({ status: 'answered', wrappedUpAt: '2026-12-06T12:01:00Z' }))).toBe('ending');
    // Hung up before the return was saved: the dialer waits for it.
    expect(callStateKey(call({ outcome: 'answered', answeredBy: 'human' }))).toBe('waiting');
    expect(callStateKey(call({ outcome: 'answered', wrappedUpAt: '2026-12-06T12:01:00Z' }))).toBe('ended');
    expect(callStateKey(call({ outcome: 'voicemail' }))).toBe('ended');
  });
});
