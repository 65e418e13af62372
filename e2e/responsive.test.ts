import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { allSignedInRoutes, helpdeskPanelRoute, type RouteData, routeData } from './app-routes.ts';
import { settled } from './axe.ts';
import { launchChromium, signIn } from './browser.ts';

// Issue 16: every page works on a phone 390 px wide and at 200 % zoom without losing content. 200 % of a
// 1280×800 window is a 640×400 CSS viewport (deviceScaleFactor only sharpens pixels, it does not zoom). Each route
// is loaded once per size: the page must not scroll sideways (tables and the board scroll inside themselves, as
// focusable regions), and its main heading and primary action must be on screen once scrolled to.

const baseUrl = inject('baseUrl');
const stamp = Date.now().toString(36);
const SIZES = [
  { label: '390 px', viewport: { width: 390, height: 844 } },
  { label: '200 % zoom', viewport: { width: 640, height: 400 } },
];
let browser: Browser;

afterAll(async () => {
  await browser?.close();
});

/** What is wrong with the page as laid out now; empty when it fits. */
function misfits(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const width = window.innerWidth;
    const describe = (el: Element) => {
      const id = el.getAttribute('data-testid') ?? el.className.toString().split(' ')[0] ?? '';
      return `<${el.tagName.toLowerCase()}${id ? ` ${id}` : ''}> "${(el.textContent ?? '').trim().slice(0, 40)}"`;
    };
    const scrollWidth = document.scrollingElement?.scrollWidth ?? 0;
    if (scrollWidth > width + 1) {
      // The widest culprits: elements past the right edge that no scrolling ancestor contains, deepest first.
      const scrolls = (el: Element) => getComputedStyle(el).overflowX !== 'visible';
      const contained = (el: Element) => {
        for (let a = el.parentElement; a && a !== document.body; a = a.parentElement)
          if (scrolls(a)) return true;
        return false;
      };
      const out = Array.from(document.body.querySelectorAll('*')).filter(
        (el) => el.getBoundingClientRect().right > width + 1 && !contained(el),
      );
      const deepest = out.filter((el) => !out.some((o) => o !== el && el.contains(o)));
      problems.push(
        `scrolls sideways (${scrollWidth} > ${width}): ${deepest
          .slice(0, 4)
          .map((el) => `${describe(el)} right=${Math.round(el.getBoundingClientRect().right)}`)
          .join(', ')}`,
      );
    }
    const onScreen = (el: HTMLElement) => {
      el.scrollIntoView({ block: 'center', inline: 'nearest' });
      const r = el.getBoundingClientRect();
      if (!el.checkVisibility({ visibilityProperty: true }) || r.width < 1 || r.height < 1) return false;
      if (r.left < -1 || r.right > width + 1 || r.top < -1 || r.bottom > window.innerHeight + 1) return false;
      // Not covered (the header) nor cut off by an ancestor: the middle of it is itself.
      const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      return hit !== null && (el.contains(hit) || hit.contains(el));
    };
    const main = document.querySelector('main');
    const heading = main?.querySelector<HTMLElement>('h1');
    if (!heading) problems.push('no main heading (h1)');
    else if (!onScreen(heading)) problems.push(`main heading off screen: "${heading.textContent}"`);
    // The page's primary action: marked, or the first action of its title row (ui/PageHeader).
    const action =
      main?.querySelector<HTMLElement>('[data-primary-action]') ??
      main?.querySelector<HTMLElement>('[data-page-actions] :is(a[href], button)');
    if (action && !onScreen(action)) problems.push(`primary action off screen: ${describe(action)}`);
    window.scrollTo(0, 0);
    return problems;
  });
}

/** A page that polls may show a small loader now and then: the layout is there long before. */
const LOADER_TIMEOUT_MS = 3_000;

/**
 * Visits each path once in `page` and answers, per path, what does not fit (only the paths with problems); logs
 * the slowest loads.
 */
async function checkFit(page: Page, paths: string[]): Promise<string[]> {
  const failures: string[] = [];
  const times: [string, number][] = [];
  for (const path of paths) {
    const started = Date.now();
    // Not the load event (every image and chunk): the page's own content is awaited below.
    await page.goto(`${baseUrl}${path}`, { waitUntil: 'domcontentloaded' });
    await page.locator('main').first().waitFor();
    await settled(page, LOADER_TIMEOUT_MS);
    const problems = await misfits(page);
    if (problems.length) failures.push(`${path}\n    ${problems.join('\n    ')}`);
    times.push([path, Date.now() - started]);
  }
  const slowest = times.sort((x, y) => y[1] - x[1]).slice(0, 3);
  console.info(`fit: ${paths.length} pages, slowest ${slowest.map(([p, ms]) => `${p} ${ms} ms`).join(', ')}`);
  return failures;
}

let data: RouteData;

beforeAll(async () => {
  browser = await launchChromium();
  const admin = await signIn(browser, 'admin@funil.local');
  data = await routeData(admin, `responsivo ${stamp}`);
  await admin.context().close();
});

it.each(SIZES)(
  'every route fits $label without sideways scrolling, heading and primary action in sight',
  async ({ label, viewport }) => {
    const page = await signIn(browser, 'admin@funil.local', viewport);
    // A signed panel URL is good for five minutes: one per size.
    const panel = await helpdeskPanelRoute(page, 'admin@funil.local', `${label} ${stamp}`);
    const paths = [...allSignedInRoutes(data), panel];
    const failures = await checkFit(page, paths);
    await page.context().close();
    // The login page, signed out.
    const context = await browser.newContext({ viewport, locale: 'pt-BR' });
    failures.push(...(await checkFit(await context.newPage(), ['/login'])));
    await context.close();
    console.info(`responsive ${label}: ${paths.length + 1} routes, ${failures.length} misfit(s)`);
    expect(failures.join('\n')).toBe('');
  },
  360_000,
);
