import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { startDovecot, type TestImap } from '../server/test/test-dovecot.ts';
import { startSmtp, type TestSmtp } from '../server/test/test-smtp.ts';
import { launchChromium, watchCsp } from './browser.ts';
import { apiCall } from './fixtures.ts';

// Minha caixa de e-mail in Chromium, against Debian's Dovecot (IMAP) and the test SMTP server: a broker connects their
// mailbox on the page, "Testar conexão" succeeds, and a client's reply to an e-mail sent from Funil shows on the
// client's timeline (the server polls mailboxes every second in the e2e setup).

const baseUrl = inject('baseUrl');
let browser: Browser;
let imap: TestImap;
let smtp: TestSmtp;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await imap?.close();
  await smtp?.close();
});

it('a broker connects their mailbox, tests it, and a reply to their e-mail lands on the client’s timeline', async () => {
  // A broker of their own: no other test sends mail as them while their mailbox is connected.
  const stamp = Date.now().toString(36);
  const email = `caixa-${stamp}@funil.test`;
  const mailboxPassword = `s3nh4-${stamp}`;
  [imap, smtp] = await Promise.all([
    startDovecot(),
    startSmtp({ login: { user: email, password: mailboxPassword } }),
  ]);
  await imap.addUser(email, mailboxPassword);
  // Signed in through the API (no page needed for the admin; the broker's page opens on the mailbox page).
  const session = async (user: string) => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'pt-BR' });
    const login = await context.request.post(`${baseUrl}/api/v1/auth/login`, {
      data: { email: user, password: inject('password') },
    });
    expect(login.status()).toBe(200);
    return context;
  };
  const admin = await session('admin@funil.local');
  const created = await admin.request.post(`${baseUrl}/api/v1/users`, {
    data: { name: `Corretora ${stamp}`, email, password: inject('password'), role: 'broker' },
  });
  expect(created.status()).toBe(201);
  await admin.close();
  const broker = await (await session(email)).newPage();
  watchCsp(broker);
  await broker.goto(`${baseUrl}/mail-account`);
  await broker.getByTestId('mail-not-connected').waitFor();
  await broker.getByTestId('user-menu').click();
  await broker.getByTestId('nav-mail-account').waitFor();
  await broker.keyboard.press('Escape');
  await broker.getByTestId('mail-address').fill(email);
  await broker.getByTestId('mail-password').fill(mailboxPassword);
  const incoming = broker.getByRole('group', { name: 'Recebimento (IMAP)' });
  await incoming.getByTestId('mail-imap-host').fill('127.0.0.1');
  await incoming.getByTestId('mail-imap-port').fill(String(imap.port));
  await incoming.getByLabel('TLS desde a conexão').uncheck();
  await broker.getByTestId('mail-smtp-host').fill('127.0.0.1');
  await broker.getByTestId('mail-smtp-port').fill(String(smtp.port));
  await broker.getByTestId('mail-save').click();
  await broker.getByTestId('mail-account-saved').waitFor();
  await broker.getByTestId('mail-test').click();
  const result = broker.getByTestId('mail-test-result');
  await result.waitFor();
  expect(await result.getAttribute('data-ok')).toBe('true');
  expect(await result.textContent()).toContain('Conectado ao servidor IMAP: acesso aceito.');
  expect(await result.textContent()).toContain('Conectado ao servidor SMTP: acesso aceito.');

  // An e-mail to a client leaves from the broker's own address; the client's answer is appended to the INBOX.
  const person = await apiCall<{ id: string; emails: { address: string }[] }>(broker, 'POST', '/people', {
    kind: 'individual',
    name: `Cliente Caixa ${stamp}`,
    emails: [{ address: `cliente-${stamp}@exemplo.test`, type: 'personal' }],
  });
  const client = person.emails[0]?.address as string;
  await apiCall(broker, 'POST', `/people/${person.id}/emails`, {
    to: client,
    subject: 'Proposta da casa',
    body: 'Segue a proposta.',
  });
  const sent = smtp.received.at(-1)?.data ?? '';
  expect(sent).toMatch(new RegExp(`^From: ${email}`, 'm'));
  const messageId = /^Message-ID: (<[^>]+>)/im.exec(sent)?.[1];
  await imap.append(
    email,
    mailboxPassword,
    [
      `From: Cliente <${client}>`,
      `To: ${email}`,
      'Subject: Re: Proposta da casa',
      `Message-ID: <resposta-${stamp}@exemplo.test>`,
      `In-Reply-To: ${messageId}`,
      `Date: ${new Date().toUTCString()}`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Aceito a proposta, vamos assinar.',
      '',
    ].join('\r\n'),
  );
  const kinds = async () =>
    (await apiCall<{ items: { kind: string }[] }>(broker, 'GET', `/people/${person.id}/timeline`)).items.map(
      (e) => e.kind,
    );
  // The poll runs every second; a loaded machine may take a while. A miss says what the last poll saw.
  const deadline = Date.now() + 45_000;
  while (!(await kinds()).includes('email_received')) {
    if (Date.now() > deadline) {
      const account = await apiCall(broker, 'GET', '/me/mail-account');
      throw new Error(
        `no reply on the timeline; the mailbox as the server last polled it: ${JSON.stringify(account)}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  await broker.goto(`${baseUrl}/people/${person.id}`);
  const reply = broker.locator('[data-testid="timeline-event"][data-kind="email_received"]');
  await reply.waitFor();
  expect(await reply.count()).toBe(1);
  expect(await reply.textContent()).toContain('Aceito a proposta, vamos assinar.');
  expect(await reply.textContent()).toContain('Resposta ao e-mail enviado pelo Funil');
  await broker.context().close();
});

it('a broker connects their Google mailbox with OAuth and disconnects it', async () => {
  const stamp = Date.now().toString(36);
  const email = `oauth-${stamp}@funil.test`;
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'pt-BR' });
  const admin = await browser.newContext();
  expect(
    (
      await admin.request.post(`${baseUrl}/api/v1/auth/login`, {
        data: { email: 'admin@funil.local', password: inject('password') },
      })
    ).status(),
  ).toBe(200);
  const created = await admin.request.post(`${baseUrl}/api/v1/users`, {
    data: { name: `Corretora OAuth ${stamp}`, email, password: inject('password'), role: 'broker' },
  });
  expect(created.status()).toBe(201);
  await admin.close();
  expect(
    (
      await context.request.post(`${baseUrl}/api/v1/auth/login`, {
        data: { email, password: inject('password') },
      })
    ).status(),
  ).toBe(200);
  const page = await context.newPage();
  watchCsp(page);
  await page.goto(`${baseUrl}/mail-account`);
  await page.getByTestId('mail-not-connected').waitFor();
  // Only Google is configured in the e2e setup.
  expect(await page.getByTestId('mail-oauth-microsoft').count()).toBe(0);
  // Funil → the provider (the simulator approves its user at once) → Funil's callback → back on the page.
  await page.getByRole('link', { name: 'Conectar com Google' }).click();
  await page.waitForURL(/\/mail-account\?oauth=connected/);
  const outcome = page.getByTestId('mail-oauth-outcome');
  await outcome.waitFor();
  expect(await outcome.textContent()).toContain('Caixa conectada com Google.');
  const connected = page.getByTestId('mail-oauth-connected');
  expect(await connected.textContent()).toContain(`Conectada com Google: ${inject('oauthSimEmail')}`);
  expect(await page.getByTestId('mail-password').count()).toBe(0);

  await page.getByTestId('mail-disconnect').click();
  await page.getByTestId('mail-not-connected').waitFor();
  await page.getByTestId('mail-oauth-google').waitFor();
  await context.close();
});
