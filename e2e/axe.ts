import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { inject } from 'vitest';

/** The rule sets issue 16 holds every page to: WCAG 2.0 and 2.1, levels A and AA. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] as const;

export type AxeViolation = {
  rule: string;
  impact: string;
  help: string;
  /** One line per offending element: its CSS target and axe's summary of what is wrong with it. */
  nodes: string[];
};

let axeSource: Promise<string> | undefined;
/** axe-core's browser bundle, read once from the pinned package (e2e devDependency). */
function axeScript(): Promise<string> {
  axeSource ??= readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  return axeSource;
}

/**
 * Waits until the page shows its content rather than a loader (Mantine's Loader, skeletons, the lazy page's
 * pending state), then a beat for transitions to end: axe measures colours as painted.
 */
export async function settled(page: Page, loaderTimeout = 10_000): Promise<void> {
  await page.waitForLoadState('domcontentloaded');
  await page
    .waitForFunction(
      () =>
        !document.querySelector(
          '.mantine-Loader-root, .mantine-Skeleton-root[data-visible], [aria-busy="true"]',
        ),
      undefined,
      { timeout: loaderTimeout },
    )
    .catch(() => undefined); // A page that polls may show a small loader now and then: check it as it is.
  await page.waitForTimeout(250);
}

/**
 * Runs axe-core in `page` with the WCAG 2.1 A/AA rules; answers what it found. The bundle is evaluated through
 * the DevTools protocol rather than added as a `<script>` tag: the app's CSP (`script-src 'self'`) rightly refuses
 * inline scripts, and the check must see the page under the policy it ships with.
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) {
    await page.evaluate(`${await axeScript()}\n;void 0`);
  }
  return page.evaluate(
    async (tags) => {
      type Result = {
        id: string;
        impact: string | null;
        help: string;
        nodes: { target: unknown[]; failureSummary?: string }[];
      };
      const axe = (
        window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<{ violations: Result[] }> } }
      ).axe;
      const { violations } = await axe.run(document, {
        runOnly: { type: 'tag', values: tags },
        resultTypes: ['violations'],
      });
      return violations.map((v) => ({
        rule: v.id,
        impact: v.impact ?? 'unknown',
        help: v.help,
        nodes: v.nodes.map(
          (n) =>
            `${n.target.map(String).join(' > ')} — ${(n.failureSummary ?? '').replace(/\s+/g, ' ').trim()}`,
        ),
      }));
    },
    [...WCAG_TAGS],
  );
}

/** Total offending elements, the figure the issue counts per page. */
export const violationCount = (violations: AxeViolation[]) =>
  violations.reduce((sum, v) => sum + v.nodes.length, 0);

/** A readable report: one block per rule (impact, help, each element's target and summary). */
export function describeViolations(where: string, violations: AxeViolation[]): string {
  if (violations.length === 0) return `${where}: no violations`;
  const lines = [`${where}: ${violationCount(violations)} violation(s)`];
  for (const v of violations) {
    lines.push(`  [${v.impact}] ${v.rule} — ${v.help} (${v.nodes.length})`);
    for (const node of v.nodes.slice(0, 8)) lines.push(`      ${node}`);
    if (v.nodes.length > 8) lines.push(`      … and ${v.nodes.length - 8} more`);
  }
  return lines.join('\n');
}

/**
 * Visits each path in `page` (signed in already), runs axe on it, and fails once at the end listing every path's
 * violations — not only the first one's. Logs the count per path (`axe <label>: /path=n …`), the figures the
 * issue tracks.
 */
export async function expectAccessible(page: Page, paths: string[], label: string): Promise<void> {
  const found: { path: string; violations: AxeViolation[] }[] = [];
  for (const path of paths) {
    await page.goto(`${inject('baseUrl')}${path}`);
    await page.locator('main').first().waitFor();
    await settled(page);
    found.push({ path, violations: await axeViolations(page) });
  }
  console.info(`axe ${label}: ${found.map((f) => `${f.path}=${violationCount(f.violations)}`).join(' ')}`);
  const report = found
    .filter((f) => f.violations.length > 0)
    .map((f) => describeViolations(`${label} ${f.path}`, f.violations))
    .join('\n\n');
  if (report) throw new Error(`axe-core found WCAG 2.1 AA violations:\n${report}`);
}
