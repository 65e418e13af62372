import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { measuredRoutes } from './app-routes.ts';
import { axeViolations, describeViolations, expectAccessible, settled, violationCount } from './axe.ts';
import { launchChromium, signIn } from './browser.ts';
import { apiCall, boardWithOneCard } from './fixtures.ts';

// Issue 16: the pages the issue measured — login, people list, person page, Kanban board, my activities, admin
// users — have no WCAG 2.1 A/AA violation axe-core can find. Every other route is in axe-routes.test.ts.

const baseUrl = inject('baseUrl');
const stamp = Date.now().toString(36);
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

it('the login page has no WCAG 2.1 AA violation', async () => {
  const context = await browser.newContext({ locale: 'pt-BR', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('E-mail').waitFor();
  await settled(page);
  const violations = await axeViolations(page);
  console.info(`axe login: /login=${violationCount(violations)}`);
  if (violations.length > 0) throw new Error(describeViolations('/login', violations));
  await context.close();
});

it('the people list, a person, a board with a card, my activities and the users admin have no violation', async () => {
  const admin = await signIn(browser, 'admin@funil.local');
  const { pipeline } = await boardWithOneCard(admin, {
    funnel: `Funil axe ${stamp}`,
    person: `Pessoa Axe ${stamp}`,
    title: `Card axe ${stamp}`,
  });
  const person = (await apiCall<{ items: { id: string }[] }>(admin, 'GET', '/people?limit=1')).items[0];
  await expectAccessible(
    admin,
    measuredRoutes({ personId: person?.id ?? '', pipelineId: pipeline.id }),
    'admin',
  );
  await admin.context().close();
}, 120_000);

it('the dark theme, chosen in the header and remembered, passes the same check', async () => {
  const carla = await signIn(browser, 'carla@funil.local');
  const toggle = carla.getByTestId('color-scheme-toggle').first();
  const scheme = () => carla.evaluate(() => document.documentElement.dataset.mantineColorScheme);
  expect(await scheme()).toBe('light');
  expect(await toggle.getAttribute('aria-pressed')).toBe('false');
  await toggle.click();
  await expect.poll(scheme).toBe('dark');
  expect(await toggle.getAttribute('aria-pressed')).toBe('true');
  // The next page load is dark before the app's own code runs (no white flash): web/public/color-scheme.js, loaded
  // blocking in <head>, sets it — Mantine's inline script is refused by the CSP. Read when parsing ends, before the
  // deferred app module runs and before DOMContentLoaded.
  await carla.context().addInitScript(() => {
    document.addEventListener('readystatechange', () => {
      if (document.readyState !== 'interactive') return;
      (window as { schemeBeforeApp?: string }).schemeBeforeApp =
        document.documentElement.dataset.mantineColorScheme;
    });
  });
  await carla.reload();
  await carla.locator('main').first().waitFor();
  expect(await carla.evaluate(() => (window as { schemeBeforeApp?: string }).schemeBeforeApp)).toBe('dark');
  const pipelines = await apiCall<{ items: { id: string }[] }>(carla, 'GET', '/pipelines');
  // Every page load below starts dark: the choice is kept in this browser.
  await expectAccessible(
    carla,
    ['/people', `/pipelines/${pipelines.items[0]?.id}`, '/activities'],
    'dark broker',
  );
  expect(await scheme()).toBe('dark');
  await carla.context().close();
}, 120_000);
