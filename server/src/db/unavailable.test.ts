import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from './unavailable.ts';

const withCode = (code: string, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error('x'), { code, ...extra });

describe('isDatabaseUnavailable', () => {
  it('knows a server going away, starting up, or full', () => {
    for (const code of ['57P01', '57P02', '57P03', '53300', '08006', '08001', '08P01']) {
      expect(isDatabaseUnavailable(withCode(code)), code).toBe(true);
    }
  });

  it('knows dead sockets and the driver’s own words', () => {
    expect(isDatabaseUnavailable(withCode('ECONNREFUSED', { syscall: 'connect' }))).toBe(true);
    expect(isDatabaseUnavailable(withCode('ECONNRESET', { syscall: 'read' }))).toBe(true);
    expect(isDatabaseUnavailable(withCode('ENOENT', { syscall: 'connect' }))).toBe(true);
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseUnavailable(new Error('timeout exceeded when trying to connect'))).toBe(true);
    expect(
      isDatabaseUnavailable(new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')], '')),
    ).toBe(true);
    expect(isDatabaseUnavailable(new Error('wrapped', { cause: withCode('57P03') }))).toBe(true);
  });

  it('leaves statement failures, missing files and programming errors alone', () => {
    for (const code of ['23505', '22P02', '40001', '42P01', '42501', '3D000']) {
      expect(isDatabaseUnavailable(withCode(code)), code).toBe(false);
    }
    expect(isDatabaseUnavailable(withCode('ENOENT', { syscall: 'open' }))).toBe(false);
    expect(isDatabaseUnavailable(new TypeError('x is undefined'))).toBe(false);
    expect(isDatabaseUnavailable(new Error('Connection terminated by a typo elsewhere'))).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
    expect(isDatabaseUnavailable('ECONNREFUSED')).toBe(false);
  });
});
