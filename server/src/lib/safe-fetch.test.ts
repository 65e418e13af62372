import { describe, expect, it } from 'vitest';
import { BlockedTargetError, blockedReason, resolveSafeTarget } from './safe-fetch.ts';

describe('safe-fetch address rules', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.8.9.10', 'loopback'],
    ['::1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.20.1.1', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'private'],
    ['100.64.0.1', 'private'],
    ['0.0.0.0', 'private'],
    ['fe80::1', 'private'],
    ['fd00::1', 'private'],
    ['::ffff:10.1.2.3', 'private'],
    ['8.8.8.8', null],
    ['2606:4700:4700::1111', null],
  ])('%s is %s', (address, reason) => {
    expect(blockedReason(address, false)).toBe(reason);
  });

  it('lets loopback through only when allowed, never private ranges', () => {
    expect(blockedReason('127.0.0.1', true)).toBeNull();
    expect(blockedReason('10.0.0.1', true)).toBe('private');
  });

  it('refuses a name that resolves to loopback and other schemes', async () => {
    await expect(resolveSafeTarget(new URL('http://localhost:9/x'), false)).rejects.toBeInstanceOf(
      BlockedTargetError,
    );
    await expect(resolveSafeTarget(new URL('http://[::1]/x'), false)).rejects.toBeInstanceOf(
      BlockedTargetError,
    );
    await expect(resolveSafeTarget(new URL('file:///etc/passwd'), true)).rejects.toBeInstanceOf(
      BlockedTargetError,
    );
  });
});
