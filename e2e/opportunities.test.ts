import { generateCpf } from '@funil/domain';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { launchChromium, signIn } from './browser.ts';
import { apiCall, boardWithOneCard, card, column, press, random, saleScenario } from './fixtures.ts';

const baseUrl = inject('baseUrl');
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const stamp = Date.now().toString(36);
/** Wide enough for three columns side by side. */
const VIEWPORT = { width: 1400, height: 900 };

/** dnd-kit's keyboard sensor: pick up, one step right, drop — with a beat between keys, as a person types. */
async function moveRightWithKeyboard(page: Page, target: Locator) {
  await target.focus();
  await press(page, ['Space', 'ArrowRight', 'Space']);
}

/** Drags with the mouse in small steps, as a person would (dnd-kit starts after a few pixels). */
async function drag(page: Page, from: Locator, to: Locator) {
  const a = await from.boundingBox();
  const b = await to.boundingBox();
  if (!a || !b) throw new Error('not visible');
  await page.mouse.move(a.x + a.width / 2, a.y + 12);
  await page.mouse.down();
  await page.mouse.move(a.x + a.width / 2 + 10, a.y + 20, { steps: 4 });
  await page.mouse.move(b.x + b.width / 2, b.y + 80, { steps: 15 });
  await page.mouse.up();
}

it('moves a card on the board live, gates the sale on the spouse’s CPF, wins through a proposal, loses another; other teams see nothing', async () => {
  const admin = await signIn(browser, 'admin@funil.local', VIEWPORT);
  const carla = await signIn(browser, 'carla@funil.local', VIEWPORT); // broker, Equipe Paulista
  const manager = await signIn(browser, 'gerente.sp@funil.local', VIEWPORT); // manages Equipe Paulista
  const juliana = await signIn(browser, 'juliana@funil.local', VIEWPORT); // broker, Equipe Campinas

  // A funnel of its own, so the report below counts only this test's cards.
  const { pipeline, spouse, spouseName, sale, other } = await saleScenario(admin, carla, {
    name: `Funil e2e ${stamp}`,
    stages: ['Novo lead', 'Contato feito', 'Proposta'],
    saleTitle: `Apartamento E2E ${stamp}`,
    otherTitle: `Sala E2E ${stamp}`,
  });

  // Both boards open; Carla drags the card to the next stage; the manager's board follows without a reload.
  await manager.goto(`${baseUrl}/pipelines/${pipeline.id}`);
  await card(column(manager, 'Novo lead'), sale.id).waitFor();
  await manager.locator('[data-testid="realtime-status"][data-state="open"]').waitFor();
  await carla.goto(`${baseUrl}/pipelines/${pipeline.id}`);
  await card(column(carla, 'Novo lead'), sale.id).waitFor();
  await drag(carla, card(carla, sale.id), column(carla, 'Contato feito'));
  await card(column(carla, 'Contato feito'), sale.id).waitFor();
  // How fast it arrives depends on the machine; bench/ measures the move → SSE delivery (RESULTS.md, Kanban board).
  await card(column(manager, 'Contato feito'), sale.id).waitFor();
  await expect
    .poll(async () => (await apiCall<{ stageId: string }>(carla, 'GET', `/opportunities/${sale.id}`)).stageId)
    .toBe(pipeline.stages[1]?.id);
  expect(await column(manager, 'Contato feito').getByTestId('column-count').textContent()).toContain('1');

  // The sale: a proposal, refused while the spouse has no CPF, with a link to fix it.
  // The card in its column, never the drag overlay (a copy of the card that @dnd-kit may still show after the drop).
  await card(column(carla, 'Contato feito'), sale.id).getByTestId('board-card-title').click();
  await carla.waitForURL(new RegExp(`/opportunities/${sale.id}$`));
  await carla.getByTestId('proposal-new').click();
  await carla.getByTestId('proposal-value').fill('480000');
  await carla.getByTestId('proposal-submit').click();
  await carla.getByTestId('proposal-accept').click();
  const gate = carla.getByTestId('sale-gate-alert');
  await gate.waitFor();
  expect(await gate.getByTestId('sale-gate-person').count()).toBe(1);
  expect(await gate.textContent()).toContain(spouseName);
  expect(await gate.textContent()).toContain('CPF');
  await gate.getByTestId('sale-gate-fix').click();
  await carla.waitForURL(new RegExp(`/people/${spouse.id}/edit$`));
  await carla.getByLabel('CPF', { exact: true }).fill(generateCpf(random));
  await carla.getByRole('button', { name: 'Salvar alterações' }).click();
  await carla.waitForURL(new RegExp(`/people/${spouse.id}$`));

  await carla.goto(`${baseUrl}/opportunities/${sale.id}`);
  await carla.getByTestId('proposal-accept').click();
  await carla.locator('[data-testid="opportunity-status"][data-status="won"]').waitFor();
  await carla.getByTestId('sales-order').waitFor();
  const won = await apiCall<{ status: string; salesOrder: { valueCents: number } }>(
    carla,
    'GET',
    `/opportunities/${sale.id}`,
  );
  expect(won.status).toBe('won');
  expect(won.salesOrder.valueCents).toBe(48_000_000);

  // The other card is lost, with a reason.
  await carla.goto(`${baseUrl}/opportunities/${other.id}`);
  await carla.getByTestId('lose-button').click();
  await carla.getByTestId('status-reason').click();
  await carla.locator('[role="option"]:visible').first().click();
  await carla.getByTestId('status-confirm').click();
  await carla.locator('[data-testid="opportunity-status"][data-status="lost"]').waitFor();
  const lost = await apiCall<{ status: string; statusReason: { label: string } | null }>(
    carla,
    'GET',
    `/opportunities/${other.id}`,
  );
  expect(lost.statusReason?.label).toBeTruthy();

  // The history of the sale: the move, the proposal, the sale and the status, newest first.
  await carla.goto(`${baseUrl}/opportunities/${sale.id}`);
  await carla.locator('[data-testid="timeline-event"][data-kind="sale_created"]').waitFor();
  const kinds = await carla
    .getByTestId('timeline-event')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')));
  expect(kinds).toEqual(
    expect.arrayContaining([
      'status_changed',
      'sale_created',
      'proposal_created',
      'stage_changed',
      'created',
    ]),
  );

  // A broker of another team opens neither card.
  for (const id of [sale.id, other.id]) {
    await juliana.goto(`${baseUrl}/opportunities/${id}`);
    await juliana.getByText('Oportunidade não encontrada ou sem permissão de acesso').waitFor();
    expect(await juliana.getByTestId('opportunity-title').count()).toBe(0);
  }

  // The funnel report shows the conversion from those moves: 2 cards reached "Novo lead", 1 went on.
  await carla.goto(`${baseUrl}/reports/funnel?pipelineId=${pipeline.id}`);
  const first = carla.locator('[data-testid="funnel-report-stage"][data-stage-name="Novo lead"]');
  await first.waitFor();
  expect(await first.getByTestId('stage-reached').textContent()).toBe('2');
  expect(await first.getByTestId('stage-conversion').textContent()).toBe('50,0 %');
  const second = carla.locator('[data-testid="funnel-report-stage"][data-stage-name="Contato feito"]');
  expect(await second.getByTestId('stage-conversion').textContent()).toBe('0,0 %');
  await carla.locator('[data-testid="funnel-report-total"][data-status="won"]').waitFor();

  for (const page of [admin, carla, manager, juliana]) await page.context().close();
  // Four browsers through a whole sale: ~40 s on an idle machine, so the project's 60 s leaves no room under load.
}, 180_000);

it('moves a card with the keyboard, and puts it back with a message when the stage requires a value', async () => {
  const admin = await signIn(browser, 'admin@funil.local', VIEWPORT);
  const { opportunity, card: target } = await boardWithOneCard(admin, {
    funnel: `Funil teclado ${stamp}`,
    person: `Pessoa Teclado ${stamp}`,
    title: `Card teclado ${stamp}`,
    stages: [
      { name: 'Entrada' },
      { name: 'Qualificado' },
      { name: 'Proposta', requiredFields: ['valueCents'] },
    ],
  });
  // Space picks it up, ArrowRight goes to the next column, Space drops it.
  await moveRightWithKeyboard(admin, target);
  await card(column(admin, 'Qualificado'), opportunity.id).waitFor();
  // "Proposta" requires a value: the move is refused, the card goes back and the board says why.
  await moveRightWithKeyboard(admin, card(admin, opportunity.id));
  const error = admin.getByTestId('board-error');
  await error.waitFor();
  expect(await error.textContent()).toContain('Valor');
  await card(column(admin, 'Qualificado'), opportunity.id).waitFor();
  expect(await card(column(admin, 'Proposta'), opportunity.id).count()).toBe(0);
  await admin.context().close();
});
