import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, inject, it } from 'vitest';
import { adminRoutes, helpdeskPanelRoute, menuRoutes, privacyRequestRoute, routeData } from './app-routes.ts';
import { expectAccessible } from './axe.ts';
import { launchChromium, signIn } from './browser.ts';
import { apiCall, boardWithOneCard } from './fixtures.ts';

// Issue 16: every other route of the app (axe.test.ts has the six the issue measured), as an admin and as a
// broker, with data and empty, has no WCAG 2.1 A/AA violation axe-core can find. The lists are app-routes.ts'.

const stamp = Date.now().toString(36);
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

it('an admin sees the pages of the menu, with data, without violations', async () => {
  const admin = await signIn(browser, 'admin@funil.local');
  const { pipeline, opportunity } = await boardWithOneCard(admin, {
    funnel: `Funil axe rotas ${stamp}`,
    person: `Pessoa Axe Rotas ${stamp}`,
    title: `Card axe rotas ${stamp}`,
  });
  const person = (await apiCall<{ items: { id: string }[] }>(admin, 'GET', '/people?limit=1')).items[0];
  await expectAccessible(
    admin,
    menuRoutes({ personId: person?.id ?? '', opportunityId: opportunity.id, pipelineId: pipeline.id }),
    'admin',
  );
  await admin.context().close();
}, 240_000);

it('the admin pages have no violation', async () => {
  const admin = await signIn(browser, 'admin@funil.local');
  await expectAccessible(admin, adminRoutes, 'admin');
  await admin.context().close();
}, 300_000);

it('a broker with data, and a new broker with nothing yet, see their pages without violations', async () => {
  const carla = await signIn(browser, 'carla@funil.local');
  const pipelines = await apiCall<{ items: { id: string }[] }>(carla, 'GET', '/pipelines');
  await expectAccessible(
    carla,
    ['/people', `/pipelines/${pipelines.items[0]?.id}`, '/activities', '/mail-account'],
    'broker',
  );
  await carla.context().close();

  // A broker of their own: no people, no cards, no activities — the empty states.
  const admin = await signIn(browser, 'admin@funil.local');
  const email = `axe-${stamp}@funil.test`;
  await apiCall(admin, 'POST', '/users', {
    name: `Corretor Axe ${stamp}`,
    email,
    password: inject('password'),
    role: 'broker',
  });
  const empty = await apiCall<{ id: string }>(admin, 'POST', '/pipelines', {
    name: `Funil vazio ${stamp}`,
    stages: [{ name: 'Entrada' }, { name: 'Visita' }],
  });
  await admin.context().close();
  const newcomer = await signIn(browser, email);
  await expectAccessible(
    newcomer,
    ['/people', '/pipelines', `/pipelines/${empty.id}`, '/activities'],
    'empty broker',
  );
  await newcomer.context().close();
}, 180_000);

it('a privacy request, and the helpdesk side panel opened by a signed URL, have no violation', async () => {
  const admin = await signIn(browser, 'admin@funil.local');
  const data = await routeData(admin, `axe pedido ${stamp}`);
  await expectAccessible(admin, [privacyRequestRoute(data)], 'admin');
  // The panel is a page of its own (no shell, no cookie): a signed URL opens it as the agent's user.
  await expectAccessible(
    admin,
    [await helpdeskPanelRoute(admin, 'admin@funil.local', `axe ${stamp}`)],
    'panel',
  );
  await admin.getByTestId('panel-acting-as').waitFor(); // the signed URL opened a session: the panel, not an error
  await admin.context().close();
}, 120_000);
