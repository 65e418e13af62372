import { type CSSVariablesResolver, darken, keys, type MantineTheme } from '@mantine/core';
import { readableOn } from './contrast.ts';

/**
 * Mantine's defaults paint text and fills with each colour's shade 6 (blue.6 under white text is 3.55:1, gray.6
 * "dimmed" text 3.32:1, a green light badge 3.8:1): below WCAG 2.1 AA. This resolver keeps the palettes and picks,
 * per colour and per scheme, the first shade that reaches 4.5:1 where it is painted — text on the page and its
 * grey surfaces, white text on a fill, a light badge's text on its tint — darkening (lightening, in dark mode) the
 * last shade when none does. Dimmed text and placeholders get the same treatment.
 */
export const accessibleColors: CSSVariablesResolver = (theme: MantineTheme) => {
  const { white, colors } = theme;
  const { gray, dark } = colors;
  const lightSurfaces = [white, gray[0], gray[1]];
  const darkSurfaces = [dark[7], dark[6], dark[8]];
  const light: Record<string, string> = {};
  const darkVars: Record<string, string> = {};

  for (const name of keys(colors)) {
    const c = colors[name];
    if (!Array.isArray(c) || c.length < 10) continue;
    // Light: one shade for text on the page and for fills under white text (both need it against white).
    const strong = readableOn([c[6], c[7], c[8], c[9]], [...lightSurfaces, white]);
    light[`--mantine-color-${name}-text`] = strong;
    light[`--mantine-color-${name}-filled`] = strong;
    light[`--mantine-color-${name}-filled-hover`] = darken(strong, 0.12);
    light[`--mantine-color-${name}-outline`] = strong;
    light[`--mantine-color-${name}-light-color`] = readableOn([c[9]], [c[1], c[2]]);

    // Dark: text lighter than the dark surfaces, fills dark enough for white text, tinted badges' text light.
    const readable = readableOn([c[4], c[3], c[2], c[1], c[0]], darkSurfaces, 'lighter');
    const fill = readableOn([c[8], c[9]], [white]);
    darkVars[`--mantine-color-${name}-text`] = readable;
    darkVars[`--mantine-color-${name}-filled`] = fill;
    darkVars[`--mantine-color-${name}-filled-hover`] = darken(fill, 0.12);
    darkVars[`--mantine-color-${name}-outline`] = readable;
    darkVars[`--mantine-color-${name}-light-color`] = readableOn(
      [c[0]],
      [darken(c[9], 0.5), darken(c[9], 0.3)],
      'lighter',
    );
  }

  const lightDimmed = readableOn([gray[6], gray[7], gray[8]], lightSurfaces);
  const darkDimmed = readableOn([dark[2], dark[1], dark[0]], darkSurfaces, 'lighter');
  const primary = theme.primaryColor;
  // Surfaces a page paints itself (board columns, the login backdrop): one name that follows the scheme.
  Object.assign(light, {
    '--funil-surface-muted': gray[0],
    '--funil-surface-drop': colors.blue[0],
    '--mantine-color-dimmed': lightDimmed,
    '--mantine-color-placeholder': lightDimmed,
    '--mantine-color-anchor': light[`--mantine-color-${primary}-text`],
    '--mantine-color-error': light['--mantine-color-red-text'],
  });
  Object.assign(darkVars, {
    '--funil-surface-muted': dark[6],
    '--funil-surface-drop': darken(colors.blue[9], 0.5),
    '--mantine-color-dimmed': darkDimmed,
    '--mantine-color-placeholder': darkDimmed,
    '--mantine-color-anchor': darkVars[`--mantine-color-${primary}-text`],
    '--mantine-color-error': darkVars['--mantine-color-red-text'],
  });
  return { variables: {}, light, dark: darkVars };
};
