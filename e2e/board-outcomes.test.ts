import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { launchChromium, signIn } from './browser.ts';
import { apiCall, boardWithOneCard, card, column, dragToOutcome, press, saleScenario } from './fixtures.ts';

const baseUrl = inject('baseUrl');
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const stamp = Date.now().toString(36);
const VIEWPORT = { width: 1400, height: 900 };

type OpportunityState = { status: string; statusReason: { id: string; label: string } | null };

/** Picks the first reason of the modal's list; answers its label. */
async function pickFirstReason(page: Page): Promise<string> {
  await page.getByTestId('status-reason').click();
  const option = page.locator('[role="option"]:visible').first();
  const label = (await option.textContent())?.trim() ?? '';
  await option.click();
  return label;
}

it('wins and loses cards by dropping them on the outcome bar; a sale missing the spouse’s CPF is refused with a link to fix it', async () => {
  const admin = await signIn(browser, 'admin@funil.local', VIEWPORT);
  const carla = await signIn(browser, 'carla@funil.local', VIEWPORT); // broker, Equipe Paulista

  const { pipeline, spouse, spouseName, sale, other } = await saleScenario(admin, carla, {
    name: `Funil resultados ${stamp}`,
    stages: ['Novo lead', 'Proposta'],
    saleTitle: `Casa Resultado ${stamp}`,
    otherTitle: `Terreno Resultado ${stamp}`,
  });

  await carla.goto(`${baseUrl}/pipelines/${pipeline.id}`);
  const first = column(carla, 'Novo lead');
  await card(first, sale.id).waitFor();
  await card(first, other.id).waitFor();
  expect(await first.getByTestId('column-count').textContent()).toBe('2');
  // No bar until a card is dragged.
  expect(await carla.getByTestId('outcome-zone').count()).toBe(0);

  // "Ganha": refused, the card comes back and the board names the spouse, with a link to her record.
  await dragToOutcome(carla, card(carla, sale.id), 'won');
  const error = carla.getByTestId('board-error');
  await error.waitFor();
  expect(await carla.getByTestId('outcome-zone').count()).toBe(0);
  const people = error.getByTestId('board-error-person');
  expect(await people.count()).toBe(1);
  expect(await people.first().textContent()).toContain(`${spouseName}: falta CPF/CNPJ`);
  expect(await error.textContent()).not.toContain(`Titular Funil resultados ${stamp}`);
  const fix = error.getByTestId('board-error-fix');
  expect(await fix.getAttribute('href')).toBe(`/people/${spouse.id}/edit`);
  await card(first, sale.id).waitFor();
  expect(await first.getByTestId('column-count').textContent()).toBe('2');
  expect((await apiCall<OpportunityState>(carla, 'GET', `/opportunities/${sale.id}`)).status).toBe('open');

  // "Perdida": the reason first, then the card leaves the board and the column counts one less.
  await dragToOutcome(carla, card(carla, other.id), 'lost');
  expect(await error.count()).toBe(0);
  const reason = await pickFirstReason(carla);
  expect(reason).toBeTruthy();
  await carla.getByTestId('status-confirm').click();
  await card(carla, other.id).waitFor({ state: 'detached' });
  await carla.locator('[data-testid="board-outcome-done"][data-status="lost"]').waitFor();
  expect(await carla.getByTestId('board-outcome-done').textContent()).toContain(
    `“Terreno Resultado ${stamp}” marcada como perdida`,
  );
  expect(await first.getByTestId('column-count').textContent()).toBe('1');
  const lost = await apiCall<OpportunityState>(carla, 'GET', `/opportunities/${other.id}`);
  expect(lost.status).toBe('lost');
  expect(lost.statusReason?.label).toBe(reason);
  // The refused one is still there after the realtime refresh.
  await card(first, sale.id).waitFor();

  for (const page of [admin, carla]) await page.context().close();
});

it('reaches the outcome bar with the keyboard: cancel keeps the card, confirming discards it', async () => {
  const admin = await signIn(browser, 'admin@funil.local', VIEWPORT);
  const { opportunity, card: target } = await boardWithOneCard(admin, {
    funnel: `Funil resultados teclado ${stamp}`,
    person: `Pessoa Descarte ${stamp}`,
    title: `Card descarte ${stamp}`,
  });

  // Space picks it up, ArrowDown (it is the column's last card) reaches "Ganha", ArrowRight "Perdida".
  await target.focus();
  await press(admin, ['Space', 'ArrowDown']);
  await admin.locator('[data-testid="outcome-zone"][data-status="won"][data-over="true"]').waitFor();
  await press(admin, ['ArrowRight']);
  await admin.locator('[data-testid="outcome-zone"][data-status="lost"][data-over="true"]').waitFor();
  await press(admin, ['Space']);
  await admin.getByTestId('status-reason').waitFor();
  await admin.getByTestId('status-cancel').click();
  await admin.getByTestId('status-reason').waitFor({ state: 'detached' });
  await target.waitFor();
  expect((await apiCall<OpportunityState>(admin, 'GET', `/opportunities/${opportunity.id}`)).status).toBe(
    'open',
  );

  // Again, two steps right to "Descartada"; the reason is required before confirming.
  await target.focus();
  await press(admin, ['Space', 'ArrowDown', 'ArrowRight', 'ArrowRight']);
  await admin.locator('[data-testid="outcome-zone"][data-status="discarded"][data-over="true"]').waitFor();
  await press(admin, ['Space']);
  await admin.getByTestId('status-confirm').click();
  await admin.getByText('Escolha um motivo.').waitFor();
  const reason = await pickFirstReason(admin);
  await admin.getByTestId('status-confirm').click();
  await target.waitFor({ state: 'detached' });
  await admin.locator('[data-testid="board-outcome-done"][data-status="discarded"]').waitFor();
  const discarded = await apiCall<OpportunityState>(admin, 'GET', `/opportunities/${opportunity.id}`);
  expect(discarded.status).toBe('discarded');
  expect(discarded.statusReason?.label).toBe(reason);
  await admin.context().close();
});

it('shows each card’s next activity, red when overdue, and follows a new one live', async () => {
  const admin = await signIn(browser, 'admin@funil.local', VIEWPORT);
  const carla = await signIn(browser, 'carla@funil.local', VIEWPORT);
  const { pipeline, sale, other } = await saleScenario(admin, carla, {
    name: `Funil agenda ${stamp}`,
    stages: ['Novo lead'],
    saleTitle: `Casa Agenda ${stamp}`,
    otherTitle: `Terreno Agenda ${stamp}`,
  });
  const hoursFromNow = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();
  await apiCall(carla, 'POST', '/activities', {
    kind: 'meeting',
    title: 'Reunião atrasada com o casal',
    dueAt: hoursFromNow(-2),
    opportunityId: sale.id,
  });

  await carla.goto(`${baseUrl}/pipelines/${pipeline.id}`);
  const late = card(carla, sale.id).getByTestId('card-next-activity');
  await late.waitFor();
  expect(await late.getAttribute('data-kind')).toBe('meeting');
  expect(await late.getAttribute('data-overdue')).toBe('true');
  expect(await late.textContent()).toContain('Reunião atrasada com o casal');
  expect(await late.textContent()).toContain('Reunião');
  const due = late.getByTestId('card-next-activity-due');
  // Red (the theme's red that reaches 4.5:1 on white: red dominant, green and blue low).
  const [r = 0, g = 255, b = 255] =
    (await due.evaluate((el) => getComputedStyle(el).color)).match(/\d+/g)?.map(Number) ?? [];
  expect(r > 150 && g < 80 && b < 80).toBe(true);
  expect(await card(carla, other.id).getByTestId('card-no-activity').textContent()).toBe(
    'Sem próxima atividade',
  );

  // Scheduled elsewhere (here through the API): the open board shows it without a reload.
  await carla.locator('[data-testid="realtime-status"][data-state="open"]').waitFor();
  await apiCall(carla, 'POST', '/activities', {
    kind: 'call',
    title: 'Ligar sobre o terreno',
    dueAt: hoursFromNow(30),
    opportunityId: other.id,
  });
  const upcoming = card(carla, other.id).getByTestId('card-next-activity');
  await upcoming.waitFor();
  expect(await upcoming.getAttribute('data-overdue')).toBe('false');
  expect(await upcoming.textContent()).toContain('Ligar sobre o terreno');
  // The card is named by its content, which says the activity is late in words, not only in red.
  expect(await card(carla, sale.id).textContent()).toContain(
    'Atividade atrasada: ReuniãoReunião atrasada com o casal',
  );
  await carla.context().close();
  await admin.context().close();
});
