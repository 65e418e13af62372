import { describe, expect, it } from 'vitest';
import { nestsDeeperThan } from './nesting-limit.ts';

const nested = (depth: number): unknown => {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
};

describe('nestsDeeperThan', () => {
  it('counts objects and arrays, not scalars', () => {
    expect(nestsDeeperThan('text', 0)).toBe(false);
    expect(nestsDeeperThan(null, 0)).toBe(false);
    expect(nestsDeeperThan({}, 0)).toBe(true);
    expect(nestsDeeperThan({}, 1)).toBe(false);
    expect(nestsDeeperThan(nested(4), 4)).toBe(false);
    expect(nestsDeeperThan(nested(5), 4)).toBe(true);
  });

  it('finds the deep branch beside shallow ones', () => {
    expect(nestsDeeperThan({ a: 1, b: [1, 2], c: nested(10) }, 10)).toBe(true);
    expect(nestsDeeperThan({ a: 1, b: [1, 2], c: nested(9) }, 10)).toBe(false);
  });

  it('walks a body deeper than the call stack without overflowing it', () => {
    const deep = JSON.parse(`${'['.repeat(200_000)}${']'.repeat(200_000)}`);
    expect(nestsDeeperThan(deep, 32)).toBe(true);
  });
});
