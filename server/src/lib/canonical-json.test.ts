import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json.ts';

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: undefined } })).toBe(
      '{"a":{"d":[{"y":2,"z":1}]},"b":1}',
    );
  });

  it('gives the same text for objects that differ only in key order', () => {
    expect(canonicalJson({ x: 1, y: 'ã' })).toBe(canonicalJson({ y: 'ã', x: 1 }));
  });
});

describe('canonicalJson is JSON.stringify with sorted keys', () => {
  // The timeline's hashes depend on this text: it must not change for any JSON value stored so far.
  const sorted = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(sorted);
    if (value && typeof value === 'object' && !(value instanceof Date)) {
      return Object.fromEntries(
        Object.entries(value as Record<string, unknown>)
          .filter(([, v]) => v !== undefined)
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([k, v]) => [k, sorted(v)]),
      );
    }
    return value;
  };

  it.each([
    ['primitives', [null, true, false, 0, -0, 1.5, 1e21, 'a"b\\c\n', 'ção 😀', '']],
    ['nested', { z: [1, { b: null, a: [[], {}] }], á: 'x', A: 1, _: { y: undefined, x: 2 } }],
    ['arrays with holes', [undefined, () => 1, Symbol('s'), 2]],
    [
      'functions and symbols dropped',
      { f: () => 1, s: Symbol('s'), n: Number.NaN, i: Number.POSITIVE_INFINITY },
    ],
    ['dates', { at: new Date('2026-12-06T12:00:00.123Z'), list: [new Date(0)] }],
    [
      'an event',
      ['ws', 'person', 'id', 1, 'created', null, '2026-12-06T12:00:00.000Z', { origin: 'import' }, 'd'],
    ],
  ])('%s', (_, value) => {
    expect(canonicalJson(value)).toBe(JSON.stringify(sorted(value)));
  });
});
