import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { launchChromium, signIn } from './browser.ts';
import { apiCall, card, column } from './fixtures.ts';

const baseUrl = inject('baseUrl');
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const stamp = Date.now().toString(36);

async function put<T>(page: Page, path: string, data: unknown): Promise<T> {
  const res = await page.request.fetch(`${baseUrl}/api/v1${path}`, { method: 'PUT', data });
  if (!res.ok()) throw new Error(`PUT ${path}: ${res.status()} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Picks an option of a Mantine Select (the input found by test id, the option by its text). */
async function pick(page: Page, testId: string, index: number, option: string) {
  await page.getByTestId(testId).nth(index).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

it('an admin creates a rule in the browser; the broker on duty gets the lead live; past the SLA it moves to the next broker on duty and the manager’s bell rings; the off-duty broker gets none', {
  timeout: 150_000,
}, async () => {
  const admin = await signIn(browser, 'admin@funil.local');
  const funnelName = `Roleta e2e ${stamp}`;
  const pipeline = await apiCall<{ id: string; stages: { id: string }[] }>(admin, 'POST', '/pipelines', {
    name: funnelName,
    stages: [{ name: 'Entrada' }, { name: 'Visita' }],
  });

  // The rule, through the Roleta page: only brokers on duty, 1-minute SLA, Carla → Bruno → Juliana.
  await admin.goto(`${baseUrl}/distribution`);
  await admin.getByTestId('new-rule').click();
  await admin.getByTestId('rule-name').fill(`Plantão ${stamp}`);
  await pick(admin, 'rule-pipeline', 0, funnelName);
  await admin.getByLabel('Só quem está de plantão').check();
  await admin.getByTestId('rule-sla').fill('1');
  for (const [i, name] of ['Carla Mendes', 'Bruno Oliveira', 'Juliana Ferreira'].entries()) {
    await admin.getByTestId('rule-add-member').click();
    await pick(admin, 'rule-member', i, name);
  }
  await admin.getByTestId('rule-save').click();
  const row = admin.locator(`[data-testid="rule-row"][data-name="Plantão ${stamp}"]`);
  await row.waitFor();
  const rule = (
    await apiCall<{ items: { id: string; name: string }[] }>(admin, 'GET', '/distribution/rules')
  ).items.find((r) => r.name === `Plantão ${stamp}`);
  if (!rule) throw new Error('rule not saved');

  // Rules are tried in the order the manager sets: a later rule moved up with its arrow goes first.
  const later = await apiCall<{ id: string }>(admin, 'POST', '/distribution/rules', {
    name: `Reserva ${stamp}`,
    pipelineId: pipeline.id,
    active: false,
    members: [{ userId: (await apiCall<{ items: { id: string }[] }>(admin, 'GET', '/users')).items[0]?.id }],
  });
  await admin.reload();
  await admin.locator(`[data-testid="rule-row"][data-name="Reserva ${stamp}"]`).waitFor();
  await admin.getByRole('button', { name: `Subir a regra Reserva ${stamp}` }).click();
  await expect
    .poll(async () => {
      const ids = (await apiCall<{ items: { id: string }[] }>(admin, 'GET', '/distribution/rules')).items.map(
        (r) => r.id,
      );
      return ids.indexOf(later.id) < ids.indexOf(rule.id);
    })
    .toBe(true);

  // Carla checks in with the header switch; Bruno through the API; Juliana stays off duty.
  const carla = await signIn(browser, 'carla@funil.local');
  await carla.getByRole('switch', { name: 'Plantão' }).click();
  await carla.getByText('Em plantão').waitFor();
  const bruno = await signIn(browser, 'bruno@funil.local');
  await put(bruno, '/distribution/duty', { onDuty: true });
  const juliana = await signIn(browser, 'juliana@funil.local');
  await put(juliana, '/distribution/duty', { onDuty: false });

  const manager = await signIn(browser, 'gerente.sp@funil.local'); // manages Carla's team
  const unread = async () => (await apiCall<{ unread: number }>(manager, 'GET', '/notifications')).unread;
  const unreadBefore = await unread();

  // Carla's board is open before the lead exists.
  await carla.goto(`${baseUrl}/pipelines/${pipeline.id}`);
  await carla.locator('[data-testid="realtime-status"][data-state="open"]').waitFor();

  // A lead without owner, as intake registers it (the attendant), handed out with "distribuir agora".
  const attendant = await signIn(browser, 'atendimento@funil.local');
  const users = (await apiCall<{ items: { id: string; email: string }[] }>(admin, 'GET', '/users')).items;
  const idOf = (email: string) => users.find((u) => u.email === email)?.id;
  const person = await apiCall<{ id: string }>(attendant, 'POST', '/people', {
    kind: 'individual',
    name: `Lead Roleta ${stamp}`,
    ownerId: idOf('atendimento@funil.local'),
  });
  const opportunity = await apiCall<{ id: string }>(attendant, 'POST', '/opportunities', {
    pipelineId: pipeline.id,
    title: `Lead do site ${stamp}`,
    holderId: person.id,
  });
  const outcome = await apiCall<{ status: string; ownerId: string }>(
    admin,
    'POST',
    `/distribution/rules/${rule.id}/distribute`,
    { opportunityId: opportunity.id, personId: person.id },
  );
  expect(outcome).toMatchObject({ status: 'assigned', ownerId: idOf('carla@funil.local') });

  // Live on Carla's board, without a reload.
  await card(column(carla, 'Entrada'), opportunity.id).waitFor();

  // Nobody contacts it: after the 1-minute SLA it goes to Bruno (on duty), never to Juliana (off duty).
  await expect
    .poll(
      async () =>
        (await apiCall<{ owner: { id: string } | null }>(admin, 'GET', `/opportunities/${opportunity.id}`))
          .owner?.id,
      { timeout: 90_000, interval: 1000 },
    )
    .toBe(idOf('bruno@funil.local'));

  // The manager's bell rings, with a link to the negotiation.
  await expect.poll(unread, { timeout: 10_000 }).toBeGreaterThan(unreadBefore);
  await manager.getByTestId('notifications-bell').click();
  await manager
    .locator(`[data-testid="notification"][data-kind="lead_reclaimed"][data-opportunity="${opportunity.id}"]`)
    .waitFor();

  // The record settles it: both assignments on the negotiation's timeline, with the rule.
  await admin.goto(`${baseUrl}/opportunities/${opportunity.id}`);
  await admin.locator('[data-testid="lead-event"][data-kind="lead_assigned"]').waitFor();
  await admin.locator('[data-testid="lead-event"][data-kind="lead_reassigned"]').waitFor();
  expect(
    await admin.locator('[data-testid="lead-event"][data-kind="lead_reassigned"]').textContent(),
  ).toContain(`Plantão ${stamp}`);

  // Juliana, off duty, got nothing.
  const hers = await apiCall<{ recent: unknown[] }>(juliana, 'GET', '/distribution/overview');
  expect(hers.recent).toEqual([]);
});
