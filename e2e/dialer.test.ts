import { generateCpf } from '@funil/domain';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { launchChromium, signIn } from './browser.ts';
import { apiCall, apiRequest, currentMinuteLocal, random } from './fixtures.ts';

// The auto-dialer in Chromium against the telephony simulator (Twilio's protocol, scripted outcomes per number).

const baseUrl = inject('baseUrl');
const simUrl = inject('telephonySimUrl');
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const stamp = Date.now().toString(36);
const ALWAYS = { from: '00:00', to: '24:00' };
const OPEN = { weekdays: ALWAYS, saturday: ALWAYS, sunday: ALWAYS, holidays: ALWAYS };
const CLOSED = { weekdays: null, saturday: null, sunday: null, holidays: null };

async function dialerHours(page: Page, hours: typeof OPEN | typeof CLOSED) {
  const current = await apiRequest(page, 'GET', '/dialer/settings');
  const res = await apiRequest(
    page,
    'PUT',
    '/dialer/settings',
    {
      callingRules: { default: hours, byUf: {}, extraHolidays: [] },
      maxAttemptsPerDay: 3,
      shortCallWarningPercent: 30,
    },
    { 'if-match': current.etag },
  );
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

async function script(to: string, outcomes: string[]) {
  const res = await fetch(`${simUrl}/__sim/script`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ to, outcomes }),
  });
  expect(res.status).toBeLessThan(300);
}

it('an attendant dials a filtered list: voicemail and no answer logged by themselves, the third call answered with a return and a live alarm, the deny list and the do-not-call list skipped, a pré-cadastro, and a mass send to the same list', {
  timeout: 240_000,
}, async () => {
  const admin = await signIn(browser, 'admin@funil.local');
  await dialerHours(admin, OPEN);
  const portal = `Portal ${stamp}`;
  const settings = await apiRequest(admin, 'GET', '/opportunity-settings');
  const lists = await apiRequest(
    admin,
    'PUT',
    '/opportunity-settings/lists/publicity',
    { items: [...settings.body.lists.publicity, { label: portal }] },
    { 'if-match': settings.etag },
  );
  const portalId = (lists.body.lists.publicity as { id: string; label: string }[]).find(
    (o) => o.label === portal,
  )?.id;

  // Five people who heard of us through the portal, called in name order.
  const names = ['A Caixa', 'B Ninguém', 'C Atende', 'D Bloqueada', 'E Não Ligue'].map(
    (n) => `Discador ${stamp} ${n}`,
  );
  const people: { id: string; phone: string; name: string }[] = [];
  for (const name of names) {
    const digits = Math.floor(random() * 1e8)
      .toString()
      .padStart(8, '0');
    const phone = `+55119${digits}`;
    const person = await apiCall<{ id: string }>(admin, 'POST', '/people', {
      kind: 'individual',
      name,
      document: generateCpf(random),
      phones: [{ number: phone, type: 'mobile' }],
      addresses: [
        { cep: '01310-100', street: 'Av. Paulista', number: '1000', city: 'São Paulo', state: 'SP' },
      ],
    });
    await apiCall(admin, 'POST', '/call-center/attempts', {
      personId: person.id,
      direction: 'inbound',
      outcome: 'answered',
      publicityId: portalId,
    });
    people.push({ id: person.id, phone, name });
  }
  const [voicemail, noAnswer, answered, denied, doNotCall] = people as [
    (typeof people)[0],
    (typeof people)[0],
    (typeof people)[0],
    (typeof people)[0],
    (typeof people)[0],
  ];
  await script(voicemail.phone, ['voicemail']);
  await script(noAnswer.phone, ['no_answer']);
  await script(answered.phone, ['answered']);
  const deny = await apiRequest(admin, 'PUT', `/people/${denied.id}/do-not-contact`, { doNotContact: true });
  expect(deny.status, JSON.stringify(deny.body)).toBe(200);
  const upload = await admin.request.fetch(`${baseUrl}/api/v1/dialer/do-not-call`, {
    method: 'POST',
    multipart: {
      file: {
        name: 'nao-me-perturbe.txt',
        mimeType: 'text/plain',
        buffer: Buffer.from(`${doNotCall.phone.slice(3)}\n`),
      },
    },
  });
  expect(upload.status()).toBe(200);

  // Filtros: by publicity, then the dialer.
  await admin.goto(`${baseUrl}/call-center`);
  await admin.getByTestId('tab-filters').click();
  await admin.getByTestId('filters-publicity').click({ force: true });
  await admin.getByRole('option', { name: portal, exact: true }).click();
  await admin.keyboard.press('Escape');
  await admin.getByTestId('filters-apply').click();
  await admin.getByTestId('filters-total').filter({ hasText: '5 interessados' }).waitFor();
  await admin.getByTestId('filters-start-dialer').click();

  // Voicemail and no answer go by; the third call is answered and the desk opens her with the return form.
  await admin.getByTestId('desk-dialer-call').filter({ hasText: answered.name }).waitFor({ timeout: 30_000 });
  await admin.getByTestId('desk-selected').filter({ hasText: answered.name }).waitFor();
  await admin.getByTestId('desk-summary').fill('Quer visitar o decorado');
  await admin.getByTestId('desk-next-action').fill('Confirmar a visita');
  await admin.getByTestId('desk-alarm').fill(await currentMinuteLocal());
  await admin.getByTestId('desk-register').click();

  // Back on the dialer: the list is done, two people skipped, the frustrated calls logged with their outcome.
  await admin
    .getByTestId('dialer-status')
    .filter({ hasText: 'Lista concluída' })
    .waitFor({ timeout: 30_000 });
  const skips = admin.getByTestId('dialer-skips');
  await skips.filter({ hasText: '1 na deny list' }).waitFor();
  await skips.filter({ hasText: '1 na lista Não Ligue' }).waitFor();
  const recent = admin.getByTestId('dialer-recent-row');
  await expect.poll(() => recent.count()).toBe(3);
  const rows = await recent.allTextContents();
  expect(rows.find((r) => r.includes(voicemail.name))).toContain('Caixa postal');
  expect(rows.find((r) => r.includes(noAnswer.name))).toContain('Não atende');
  expect(rows.find((r) => r.includes(answered.name))).toContain('Atendeu');
  const { calls } = (await (await fetch(`${simUrl}/__sim/calls`)).json()) as { calls: { to: string }[] };
  expect(calls.filter((c) => c.to === denied.phone || c.to === doNotCall.phone)).toEqual([]);
  const history = await apiRequest(admin, 'GET', `/call-center/people/${voicemail.id}/attempts`);
  expect(history.body.items[0]).toMatchObject({ outcome: 'voicemail', direction: 'outbound' });

  // The return's alarm rings live in the bell.
  const alarm = admin
    .locator('[data-testid="notification"][data-kind="contact_alarm"]')
    .filter({ hasText: answered.name });
  await expect
    .poll(
      async () => {
        await admin.getByTestId('notifications-bell').click();
        const seen = await alarm.count();
        await admin.keyboard.press('Escape');
        return seen;
      },
      { timeout: 100_000, interval: 2_000 },
    )
    .toBe(1);

  // The sale is won: Pré-cadastro turns her into a client from the desk.
  const pipeline = await apiCall<{ id: string }>(admin, 'POST', '/pipelines', {
    name: `Vendas discador ${stamp}`,
    stages: [{ name: 'Entrada' }],
  });
  const sale = await apiCall<{ id: string }>(admin, 'POST', '/opportunities', {
    pipelineId: pipeline.id,
    title: `Decorado ${stamp}`,
    holderId: answered.id,
  });
  expect(
    (await apiRequest(admin, 'POST', `/opportunities/${sale.id}/status`, { status: 'won' })).status,
  ).toBe(200);
  await admin.getByTestId('tab-main').click();
  await admin.getByTestId('desk-selected').filter({ hasText: answered.name }).waitFor();
  await admin.keyboard.press('Alt+P');
  await admin.getByTestId('pre-opportunity').waitFor();
  await admin.getByTestId('pre-confirm').click();
  await admin.getByTestId('pre-done').waitFor();
  expect((await apiRequest(admin, 'GET', `/people/${answered.id}`)).body.stage).toBe('client');
  await admin.keyboard.press('Escape');
  await admin.getByTestId('pre-done').waitFor({ state: 'detached' });

  // Outside the calling hours the dialer refuses to start, saying when it opens.
  await dialerHours(admin, CLOSED);
  try {
    await admin.getByTestId('tab-filters').click();
    await admin.getByTestId('filters-publicity').click({ force: true });
    await admin.getByRole('option', { name: portal, exact: true }).click();
    await admin.keyboard.press('Escape');
    await admin.getByTestId('filters-apply').click();
    await admin.getByTestId('filters-start-dialer').click();
    await admin.getByTestId('dialer-start-error').filter({ hasText: 'Fora do horário permitido' }).waitFor();
  } finally {
    await dialerHours(admin, OPEN);
  }

  // The same Filtros list feeds a mass send: the new campaign opens for it and previews its five people.
  await admin.getByTestId('tab-filters').click();
  await admin.getByTestId('filters-publicity').click({ force: true });
  await admin.getByRole('option', { name: portal, exact: true }).click();
  await admin.keyboard.press('Escape');
  await admin.getByTestId('filters-apply').click();
  await admin.getByTestId('filters-mass-send').click();
  await admin.getByTestId('campaign-call-list').waitFor();
  await admin.getByTestId('campaign-name').fill(`Lista do portal ${stamp}`);
  await admin.getByTestId('campaign-channel').getByText('E-mail').click();
  await admin.getByRole('textbox', { name: 'Assunto' }).fill('Novidades do portal');
  await admin.getByTestId('campaign-body').fill('Olá {{primeiro_nome}}, temos novidades.');
  await admin.getByTestId('campaign-preview-button').click();
  await admin.getByTestId('campaign-preview-total').filter({ hasText: 'Prévia: 5 pessoas' }).waitFor();
});
