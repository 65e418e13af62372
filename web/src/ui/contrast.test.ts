import { DEFAULT_THEME } from '@mantine/core';
import { describe, expect, it } from 'vitest';
import { AA_TEXT, contrastRatio, readableOn } from './contrast.ts';

describe('contrastRatio', () => {
  it('is 21 for black on white and 1 for a colour on itself', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#ffffff', '#000000')).toBeCloseTo(21, 5);
    expect(contrastRatio('#228be6', '#228be6')).toBeCloseTo(1, 5);
  });

  it("agrees with axe-core's figures for Mantine's defaults (gray.6 3.32, blue.6 3.55 on white)", () => {
    expect(contrastRatio(DEFAULT_THEME.colors.gray[6], '#ffffff')).toBeCloseTo(3.32, 2);
    expect(contrastRatio('#ffffff', DEFAULT_THEME.colors.blue[6])).toBeCloseTo(3.55, 1);
  });
});

describe('readableOn', () => {
  it('answers the first candidate that reaches 4.5:1 on every background', () => {
    const gray = DEFAULT_THEME.colors.gray;
    expect(readableOn([gray[5], gray[6], gray[7]], ['#ffffff', gray[1]])).toBe(gray[7]);
  });

  it('darkens the last candidate when none reaches it (yellow under white text)', () => {
    const yellow = DEFAULT_THEME.colors.yellow;
    const chosen = readableOn([yellow[6], yellow[9]], ['#ffffff']);
    expect(contrastRatio(chosen, '#ffffff')).toBeGreaterThanOrEqual(AA_TEXT);
    expect([yellow[6], yellow[9]]).not.toContain(chosen);
  });

  it('lightens for a dark background', () => {
    const chosen = readableOn(['#555555'], ['#242424'], 'lighter');
    expect(contrastRatio(chosen, '#242424')).toBeGreaterThanOrEqual(AA_TEXT);
  });
});
