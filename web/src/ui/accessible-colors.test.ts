import { DEFAULT_THEME, mergeMantineTheme } from '@mantine/core';
import { describe, expect, it } from 'vitest';
import { accessibleColors } from './accessible-colors.ts';
import { contrastRatio } from './contrast.ts';
import { appTheme } from './theme.ts';

const merged = mergeMantineTheme(DEFAULT_THEME, appTheme('Fechar'));
const vars = accessibleColors(merged);
const { white, colors } = merged;

describe('accessibleColors', () => {
  it('light: every colour reaches 4.5:1 as text on the page, under white text, and on its light tint', () => {
    for (const name of Object.keys(colors)) {
      const text = vars.light[`--mantine-color-${name}-text`] as string;
      const filled = vars.light[`--mantine-color-${name}-filled`] as string;
      const tintText = vars.light[`--mantine-color-${name}-light-color`] as string;
      expect(contrastRatio(text, white), name).toBeGreaterThanOrEqual(4.5);
      expect(contrastRatio(text, colors.gray[1]), name).toBeGreaterThanOrEqual(4.5);
      expect(contrastRatio(white, filled), name).toBeGreaterThanOrEqual(4.5);
      expect(contrastRatio(tintText, colors[name]?.[1] ?? ''), name).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('dark: text on the dark surfaces, white text on fills, and tinted badges reach 4.5:1', () => {
    for (const name of Object.keys(colors)) {
      expect(
        contrastRatio(vars.dark[`--mantine-color-${name}-text`] as string, colors.dark[7]),
        name,
      ).toBeGreaterThanOrEqual(4.5);
      expect(
        contrastRatio(white, vars.dark[`--mantine-color-${name}-filled`] as string),
        name,
      ).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('dimmed text and placeholders are readable in both schemes (gray.6 was 3.32:1)', () => {
    expect(contrastRatio(vars.light['--mantine-color-dimmed'] as string, white)).toBeGreaterThanOrEqual(4.5);
    expect(
      contrastRatio(vars.light['--mantine-color-placeholder'] as string, colors.gray[1]),
    ).toBeGreaterThanOrEqual(4.5);
    expect(
      contrastRatio(vars.dark['--mantine-color-dimmed'] as string, colors.dark[6]),
    ).toBeGreaterThanOrEqual(4.5);
    expect(vars.light['--mantine-color-dimmed']).not.toBe(colors.gray[6]);
  });
});
