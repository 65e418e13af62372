import { generateCpf } from '@funil/domain';
import type { Locator, Page } from 'playwright-core';
import { inject } from 'vitest';
import { startSmtp, type TestSmtp } from '../server/test/test-smtp.ts';

const baseUrl = () => inject('baseUrl');

let seed = (Date.now() % 1_000_000) + 7;
/** Deterministic within a run, different between runs (unique CPFs and phones). */
export const random = () => {
  seed = (seed * 16807) % 2147483647;
  return seed / 2147483647;
};

/** Calls the API with the page's session (same cookies as the browser). */
export async function apiCall<T>(
  page: Page,
  method: 'GET' | 'POST',
  path: string,
  data?: unknown,
): Promise<T> {
  const res = await page.request.fetch(`${baseUrl()}/api/v1${path}`, { method, ...(data ? { data } : {}) });
  if (!res.ok()) throw new Error(`${method} ${path}: ${res.status()} ${await res.text()}`);
  return (await res.json()) as T;
}

/**
 * A datetime-local value (browser time) for the minute now, so a return's alarm is due at once and rings on the next
 * poll: the server takes an alarm up to a minute in the past. Past second 45 it waits for the next minute first, so
 * the value is never more than a minute old when the form is saved.
 */
export async function currentMinuteLocal(): Promise<string> {
  const seconds = new Date().getSeconds();
  if (seconds >= 45) await new Promise((r) => setTimeout(r, (61 - seconds) * 1000));
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Any API call with the page's session, whatever its answer: status, parsed body and ETag. */
export async function apiRequest(
  page: Page,
  method: string,
  path: string,
  data?: unknown,
  headers?: Record<string, string>,
) {
  const res = await page.request.fetch(`${baseUrl()}/api/v1${path}`, {
    method,
    ...(data === undefined ? {} : { data }),
    ...(headers ? { headers } : {}),
  });
  const text = await res.text();
  return { status: res.status(), body: text ? JSON.parse(text) : null, etag: res.headers().etag ?? '' };
}

export const column = (page: Page, stage: string) =>
  page.locator(`[data-testid="board-column"][data-stage-name="${stage}"]`);
export const card = (scope: Page | Locator, id: string) =>
  scope.locator(`[data-testid="board-card"][data-opportunity-id="${id}"]`);

/**
 * A funnel of its own with one card in its first stage ("Entrada"), held by a new person; opens the board and
 * answers the card's locator once it shows.
 */
export async function boardWithOneCard(
  admin: Page,
  o: {
    funnel: string;
    person: string;
    title: string;
    stages?: { name: string; requiredFields?: string[] }[];
  },
) {
  const pipeline = await apiCall<{ id: string }>(admin, 'POST', '/pipelines', {
    name: o.funnel,
    stages: o.stages ?? [{ name: 'Entrada' }, { name: 'Visita' }],
  });
  const person = await apiCall<{ id: string }>(admin, 'POST', '/people', {
    kind: 'individual',
    name: o.person,
  });
  const opportunity = await apiCall<{ id: string }>(admin, 'POST', '/opportunities', {
    pipelineId: pipeline.id,
    title: o.title,
    holderId: person.id,
  });
  await admin.goto(`${baseUrl()}/pipelines/${pipeline.id}`);
  const target = card(column(admin, 'Entrada'), opportunity.id);
  await target.waitFor();
  return { pipeline, person, opportunity, card: target };
}

export const outcomeZone = (page: Page, status: 'won' | 'lost' | 'discarded') =>
  page.locator(`[data-testid="outcome-zone"][data-status="${status}"]`);

/** Drags a card with the mouse onto an outcome zone (the bar only shows once the drag has started). */
export async function dragToOutcome(page: Page, from: Locator, status: 'won' | 'lost' | 'discarded') {
  const a = await from.boundingBox();
  if (!a) throw new Error('card not visible');
  await page.mouse.move(a.x + a.width / 2, a.y + 12);
  await page.mouse.down();
  await page.mouse.move(a.x + a.width / 2 + 10, a.y + 20, { steps: 4 });
  const target = outcomeZone(page, status);
  await target.waitFor();
  const b = await target.boundingBox();
  if (!b) throw new Error('zone not visible');
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 15 });
  await page.locator(`[data-testid="outcome-zone"][data-status="${status}"][data-over="true"]`).waitFor();
  await page.mouse.up();
}

/** Presses keys one by one with a beat in between, as a person types (dnd-kit's keyboard sensor). */
export async function press(page: Page, keys: string[]) {
  for (const key of keys) {
    await page.keyboard.press(key);
    await page.waitForTimeout(250);
  }
}

/**
 * A funnel of its own (created by `admin`) and, registered by `broker`: a holder with CPF, phone and address,
 * a spouse with no CPF, an opportunity with both (`sale`) and one with the holder only (`other`).
 */
export async function saleScenario(
  admin: Page,
  broker: Page,
  o: { name: string; stages: string[]; saleTitle: string; otherTitle: string },
) {
  const pipeline = await apiCall<{ id: string; stages: { id: string; name: string }[] }>(
    admin,
    'POST',
    '/pipelines',
    {
      name: o.name,
      stages: o.stages.map((name) => ({ name })),
    },
  );
  const address = { cep: '01310-100', street: 'Av. Paulista', number: '900', city: 'São Paulo', state: 'SP' };
  const phone = () => `(11) 9${String(Math.floor(random() * 1e8)).padStart(8, '0')}`;
  const holder = await apiCall<{ id: string }>(broker, 'POST', '/people', {
    kind: 'individual',
    name: `Titular ${o.name}`,
    document: generateCpf(random),
    phones: [{ number: phone() }],
    addresses: [address],
  });
  const spouse = await apiCall<{ id: string }>(broker, 'POST', '/people', {
    kind: 'individual',
    name: `Cônjuge ${o.name}`,
    phones: [{ number: phone() }],
    addresses: [address],
  });
  const sale = await apiCall<{ id: string }>(broker, 'POST', '/opportunities', {
    pipelineId: pipeline.id,
    title: o.saleTitle,
    valueCents: 48_000_000,
    holderId: holder.id,
    people: [{ personId: spouse.id, role: 'spouse' }],
  });
  const other = await apiCall<{ id: string }>(broker, 'POST', '/opportunities', {
    pipelineId: pipeline.id,
    title: o.otherTitle,
    holderId: holder.id,
  });
  return { pipeline, holder, spouse, spouseName: `Cônjuge ${o.name}`, sale, other };
}

/** Starts a real SMTP server and points the workspace's SMTP settings at it, as the admin would. */
export async function useTestSmtp(admin: Page, from: string): Promise<TestSmtp> {
  const smtp = await startSmtp();
  const current = await admin.request.get(`${baseUrl()}/api/v1/workspace/smtp`);
  const configured = await admin.request.put(`${baseUrl()}/api/v1/workspace/smtp`, {
    headers: { 'if-match': current.headers().etag as string },
    data: { host: '127.0.0.1', port: smtp.port, secure: false, user: null, from },
  });
  if (!configured.ok()) throw new Error(`SMTP settings: ${configured.status()} ${await configured.text()}`);
  return smtp;
}
