import { readFile } from 'node:fs/promises';
import { generateCpf } from '@funil/domain';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { launchChromium, signIn } from './browser.ts';
import { apiCall, random } from './fixtures.ts';

// The Painel (/dashboards): an admin sees the workspace's numbers, a broker only what they see; the filters change
// the figures; each table downloads as CSV; day fields are dd/mm/aaaa even in an English-language browser.

const baseUrl = inject('baseUrl');
const VIEWPORT = { width: 1400, height: 900 };
const stamp = Date.now().toString(36);
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

async function opportunity(broker: Page, pipelineId: string, title: string, valueCents: number) {
  const holder = await apiCall<{ id: string }>(broker, 'POST', '/people', {
    kind: 'individual',
    name: `Titular ${title}`,
    document: generateCpf(random),
    phones: [{ number: `(11) 9${String(Math.floor(random() * 1e8)).padStart(8, '0')}` }],
    addresses: [{ cep: '01310-100', street: 'Av. Paulista', number: '900', city: 'São Paulo', state: 'SP' }],
  });
  return apiCall<{ id: string }>(broker, 'POST', '/opportunities', {
    pipelineId,
    title,
    valueCents,
    holderId: holder.id,
    source: { media: 'Google', channel: 'Site' },
  });
}

const kpi = (page: Page, name: string) => page.getByTestId(`kpi-${name}`);

it('shows the workspace to the admin and only their own to a broker; filters and CSV follow', async () => {
  const admin = await signIn(browser, 'admin@funil.local', VIEWPORT);
  const carla = await signIn(browser, 'carla@funil.local', VIEWPORT); // broker, Equipe Paulista
  const juliana = await signIn(browser, 'juliana@funil.local', VIEWPORT); // broker, Equipe Campinas
  // A funnel of its own, so the figures below count only this test's cards.
  const pipeline = await apiCall<{ id: string }>(admin, 'POST', '/pipelines', {
    name: `Painel e2e ${stamp}`,
    stages: [{ name: 'Novo lead' }, { name: 'Proposta' }],
  });
  const won = await opportunity(carla, pipeline.id, `Casa ${stamp}`, 50_000_000);
  await opportunity(carla, pipeline.id, `Sala ${stamp}`, 20_000_000);
  await opportunity(juliana, pipeline.id, `Loja ${stamp}`, 30_000_000);
  await apiCall(carla, 'POST', `/opportunities/${won.id}/status`, { status: 'won' });

  await admin.goto(`${baseUrl}/dashboards?pipelineId=${pipeline.id}`);
  await expect.poll(() => kpi(admin, 'created').textContent()).toBe('3');
  expect(await kpi(admin, 'won').textContent()).toBe('1');
  expect(await kpi(admin, 'won-value').textContent()).toBe('R$\u00a0500.000,00');
  const owners = admin.getByTestId('dashboard-table-owners');
  await owners.getByText('Carla Mendes').waitFor();
  await owners.getByText('Juliana Ferreira').waitFor();
  await admin.locator('[data-testid="dashboard-chart-stages"] svg').waitFor();

  // The broker: her two cards, not Juliana's.
  await carla.goto(`${baseUrl}/dashboards?pipelineId=${pipeline.id}`);
  await expect.poll(() => kpi(carla, 'created').textContent()).toBe('2');
  await carla.getByTestId('dashboard-table-owners').getByText('Carla Mendes').waitFor();
  expect(await carla.getByTestId('dashboard-table-owners').getByText('Juliana Ferreira').count()).toBe(0);

  // A filter changes the figures: only Juliana's card.
  await admin.getByTestId('dashboard-filter-ownerId').click();
  await admin.getByRole('option', { name: 'Juliana Ferreira' }).click();
  await expect.poll(() => kpi(admin, 'created').textContent()).toBe('1');
  await admin.waitForURL(/ownerId=/);
  expect(await kpi(admin, 'won').textContent()).toBe('0');

  // CSV of the media table: BOM, ; between cells, the table's row.
  const [download] = await Promise.all([
    admin.waitForEvent('download'),
    admin.getByTestId('dashboard-csv-channels').click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^painel-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}-channels\.csv$/);
  const csv = await readFile((await download.path()) as string, 'utf8');
  expect(
    csv.startsWith('\uFEFFMídia;Canal;Criadas;Em andamento;Ganhas;Perdidas;Conversão;Valor ganho\r\n'),
  ).toBe(true);
  expect(csv).toContain('Google;Site;1;1;0;0;0,0;0,00\r\n');
}, 120_000);

it('types and shows days as dd/mm/aaaa in an English-language browser (dashboard and funnel report)', async () => {
  const admin = await signIn(browser, 'admin@funil.local', VIEWPORT, 'en-US');
  await admin.goto(`${baseUrl}/dashboards?from=2026-03-05&to=2026-04-10`);
  const from = admin.getByTestId('dashboard-from');
  await expect.poll(() => from.inputValue()).toBe('05/03/2026');
  expect(await admin.getByTestId('dashboard-to').inputValue()).toBe('10/04/2026');
  await from.fill('01/03/2026');
  await from.blur();
  await admin.waitForURL(/from=2026-03-01/);

  await admin.goto(`${baseUrl}/reports/funnel?from=2026-03-05&to=2026-04-10`);
  const reportFrom = admin.getByTestId('funnel-report-from');
  await expect.poll(() => reportFrom.inputValue()).toBe('05/03/2026');
  await reportFrom.fill('02/03/2026');
  await reportFrom.blur();
  await admin.waitForURL(/from=2026-03-02/);
  // Won outcomes read "Ganhas", never "Vencidas".
  expect(await admin.getByText('Vencidas').count()).toBe(0);
}, 60_000);

it("opens a manager's home on their team's dashboard", async () => {
  const manager = await signIn(browser, 'gerente.sp@funil.local', VIEWPORT);
  await manager.waitForURL(/\/dashboards\?teamId=/);
  await manager.getByRole('heading', { name: 'Painel da equipe' }).waitFor();
  await manager.getByTestId('kpi-created').waitFor();
}, 60_000);
