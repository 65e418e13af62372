import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { launchChromium, signIn } from './browser.ts';
import { apiCall, boardWithOneCard, card, column } from './fixtures.ts';

// Issue 16: a screen reader hears what changes on screen by someone else's hand — the shell's one polite live
// region says another user's move and new card on the board, and a person's timeline growing — and toasts are read
// from live regions that were there before them (polite for news, assertive for failures).

const baseUrl = inject('baseUrl');
const stamp = Date.now().toString(36);
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const liveRegion = (page: Page) => page.getByTestId('live-region');
/** The sentence follows the reload that shows the change (and, the first time, the list of users' names). */
const SAID_MS = 10_000;

it('the board and a person page say what another user did; a toast is a status', async () => {
  const admin = await signIn(browser, 'admin@funil.local');
  const maria = `Maria Anúncio ${stamp}`;
  const email = `anuncio-${stamp}@funil.test`;
  await apiCall(admin, 'POST', '/users', { name: maria, email, password: inject('password'), role: 'admin' });
  const other = await signIn(browser, email);

  const title = `Card anúncio ${stamp}`;
  const { pipeline, person, opportunity } = await boardWithOneCard(admin, {
    funnel: `Funil anúncio ${stamp}`,
    person: `Pessoa Anúncio ${stamp}`,
    title,
    stages: [{ name: 'Entrada' }, { name: 'Proposta' }],
  });
  const region = liveRegion(admin);
  expect(await region.getAttribute('role')).toBe('status');
  expect(await region.getAttribute('aria-live')).toBe('polite');
  expect(await region.textContent()).toBe('');
  const { stages } = await apiCall<{ stages: { id: string; name: string }[] }>(
    admin,
    'GET',
    `/pipelines/${pipeline.id}`,
  );
  const proposta = stages.find((s) => s.name === 'Proposta')?.id;

  // Another user moves the card (through the API, as their browser would): the board shows it, then says it.
  await apiCall(other, 'POST', `/opportunities/${opportunity.id}/move`, { stageId: proposta });
  await card(column(admin, 'Proposta'), opportunity.id).waitFor();
  await expect
    .poll(() => region.textContent(), { timeout: SAID_MS })
    .toBe(`Cartão “${title}” movido para Proposta por ${maria}.`);

  // …and creates one.
  const created = await apiCall<{ id: string }>(other, 'POST', '/opportunities', {
    pipelineId: pipeline.id,
    title: `Outro card ${stamp}`,
    holderId: person.id,
  });
  await card(column(admin, 'Entrada'), created.id).waitFor();
  await expect
    .poll(() => region.textContent(), { timeout: SAID_MS })
    .toBe(`Cartão “Outro card ${stamp}” criado em Entrada por ${maria}.`);

  // The admin's own move is not announced to themselves (the board shows it where they put it).
  const before = await region.textContent();
  await apiCall(admin, 'POST', `/opportunities/${created.id}/move`, { stageId: proposta });
  await card(column(admin, 'Proposta'), created.id).waitFor();
  await admin.waitForTimeout(500);
  expect(await region.textContent()).toBe(before);

  // A person's page: the other user adds a note; back on the tab, the timeline reloads and says so.
  await admin.goto(`${baseUrl}/people/${person.id}`);
  await admin.getByTestId('timeline-event').first().waitFor();
  await apiCall(other, 'POST', `/people/${person.id}/notes`, { body: `Ligou de volta ${stamp}` });
  await admin.evaluate(() => document.dispatchEvent(new Event('visibilitychange', { bubbles: true })));
  await admin.getByText(`Ligou de volta ${stamp}`).waitFor();
  await expect
    .poll(() => liveRegion(admin).textContent(), { timeout: SAID_MS })
    .toBe(`Novo no histórico: Anotação, por ${maria}.`);

  // A toast (the duplicates scan's result) appears inside a polite status region that was there before it.
  await admin.goto(`${baseUrl}/duplicates`);
  const regions = admin.getByTestId('toast-region');
  await expect.poll(() => regions.count()).toBe(2);
  expect(
    await regions.evaluateAll((els) => els.map((e) => `${e.getAttribute('role')}/${e.ariaLive}`)),
  ).toEqual(['status/polite', 'alert/assertive']);
  await admin.getByTestId('duplicates-scan').click();
  const toast = admin.getByRole('status').getByTestId('toast');
  await toast.waitFor();
  expect(await toast.textContent()).toMatch(/encontrado/);

  await other.context().close();
  await admin.context().close();
}, 120_000);
