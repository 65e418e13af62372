import { darken, lighten, luminance } from '@mantine/core';

/** WCAG 2.1 contrast ratio of two colours (1 to 21). */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** WCAG 2.1 AA for normal text (1.4.3); a little above 4.5 so rounding in the browser never tips it under. */
export const AA_TEXT = 4.6;

/**
 * The first of `candidates` that reaches `min` against every one of `backgrounds`; when none does, the last one
 * darkened (or lightened, `direction`) step by step until it does. Used to pick each colour's text and fill shades.
 */
export function readableOn(
  candidates: readonly string[],
  backgrounds: readonly string[],
  direction: 'darker' | 'lighter' = 'darker',
  min = AA_TEXT,
): string {
  const passes = (color: string) => backgrounds.every((bg) => contrastRatio(color, bg) >= min);
  const found = candidates.find(passes);
  if (found) return found;
  const last = candidates[candidates.length - 1] ?? '#000';
  for (let amount = 0.05; amount < 1; amount += 0.05) {
    const shifted = direction === 'darker' ? darken(last, amount) : lighten(last, amount);
    if (passes(shifted)) return shifted;
  }
  return direction === 'darker' ? '#000000' : '#ffffff';
}
