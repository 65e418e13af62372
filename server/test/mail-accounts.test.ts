import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailHostRules } from '../src/modules/mail-accounts/mail-accounts.service.ts';
import { pollMailAccount } from '../src/modules/mail-replies/mail-replies.service.ts';
import {
  createTestContext,
  createUser,
  createWorkspace,
  type TestContext,
  type TestUser,
} from './helpers.ts';
import { call, personBody } from './opportunity-fixtures.ts';
import { startDovecot, type TestImap } from './test-dovecot.ts';
import { startSmtp, type TestSmtp } from './test-smtp.ts';

// Minha caixa de e-mail against real servers: Debian's Dovecot (IMAP, started by the test) and the test SMTP server.

let ctx: TestContext;
let imap: TestImap;
let smtp: TestSmtp;
let broker: TestUser;
let otherBroker: TestUser;
let workspaceId: string;

const MAILBOX = 'carla@corretora.test';
const PASSWORD = 's3nh4-da-caixa';

beforeAll(async () => {
  ctx = await createTestContext({ env: { FUNIL_OUTBOUND_ALLOW_LOOPBACK: 'true' } });
  [imap, smtp] = await Promise.all([
    startDovecot(),
    startSmtp({ login: { user: MAILBOX, password: PASSWORD } }),
  ]);
  await imap.addUser(MAILBOX, PASSWORD);
  ({ workspaceId } = await createWorkspace(ctx.db));
  broker = await createUser(ctx, workspaceId, 'broker', { name: 'Carla Corretora' });
  otherBroker = await createUser(ctx, workspaceId, 'broker', { name: 'Beto Corretor' });
});
afterAll(async () => {
  await ctx?.close();
  await imap?.close();
  await smtp?.close();
});

const mailbox = (overrides: Record<string, unknown> = {}) => ({
  address: MAILBOX,
  imapHost: '127.0.0.1',
  imapPort: imap.port,
  imapSecure: false,
  smtpHost: '127.0.0.1',
  smtpPort: smtp.port,
  smtpSecure: false,
  username: MAILBOX,
  password: PASSWORD,
  ...overrides,
});

const reply = (v: { from: string; messageId: string; inReplyTo?: string; subject: string; text: string }) =>
  [
    `From: Cliente <${v.from}>`,
    `To: ${MAILBOX}`,
    `Subject: ${v.subject}`,
    `Message-ID: ${v.messageId}`,
    ...(v.inReplyTo ? [`In-Reply-To: ${v.inReplyTo}`, `References: ${v.inReplyTo}`] : []),
    `Date: ${new Date().toUTCString()}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    v.text,
    '',
  ].join('\r\n');

async function receivedEvents(personId: string) {
  const { rows } = await ctx.db.query(
    `SELECT e.summary, p.payload FROM timeline_events e
     JOIN timeline_payloads p ON p.workspace_id = e.workspace_id AND p.event_id = e.id
     WHERE e.workspace_id = $1 AND e.subject_id = $2 AND e.kind = 'email_received' ORDER BY e.id`,
    [workspaceId, personId],
  );
  return rows;
}

describe('a user’s own mailbox', () => {
  it('is connected with a sealed password, never read back, and “Testar conexão” logs into both servers', async () => {
    const empty = await call(ctx, broker, 'GET', '/me/mail-account');
    expect(empty.status).toBe(200);
    expect(empty.body).toEqual({ account: null, version: 0, oauthProviders: [] });
    expect(empty.headers.etag).toBe('"0"');
    expect((await call(ctx, broker, 'POST', '/me/mail-account/test')).status).toBe(404);

    expect((await call(ctx, broker, 'PUT', '/me/mail-account', mailbox())).status).toBe(428);
    const noPassword = await call(ctx, broker, 'PUT', '/me/mail-account', mailbox({ password: undefined }), {
      'if-match': '"0"',
    });
    expect(noPassword.status).toBe(422);
    expect(noPassword.body.errors).toMatchObject([{ field: 'password', code: 'required' }]);
    // A host on an internal network is refused before anything is stored (loopback is allowed in tests only).
    const inside = await call(ctx, broker, 'PUT', '/me/mail-account', mailbox({ smtpHost: '10.1.2.3' }), {
      'if-match': '"0"',
    });
    expect(inside.status).toBe(422);
    expect(inside.body.errors).toMatchObject([{ field: 'smtpHost', code: 'host_not_allowed' }]);

    const saved = await call(ctx, broker, 'PUT', '/me/mail-account', mailbox(), { 'if-match': '"0"' });
    expect(saved.status).toBe(200);
    expect(saved.headers.etag).toBe('"1"');
    expect(saved.body.account).toMatchObject({ address: MAILBOX, passwordSet: true, version: 1 });
    expect(JSON.stringify(saved.body)).not.toContain(PASSWORD);
    const stored = await ctx.db.query('SELECT password_sealed FROM mail_accounts WHERE workspace_id = $1', [
      workspaceId,
    ]);
    expect(stored.rows[0].password_sealed).toMatch(/^v1:/);
    expect(stored.rows[0].password_sealed).not.toContain(PASSWORD);
    // A second first connection (a stale form) is refused.
    expect(
      (await call(ctx, broker, 'PUT', '/me/mail-account', mailbox(), { 'if-match': '"0"' })).status,
    ).toBe(412);

    const check = await call(ctx, broker, 'POST', '/me/mail-account/test');
    expect(check.status).toBe(200);
    expect(check.body).toMatchObject({ ok: true, imap: { code: 'ok' }, smtp: { code: 'ok' } });
    expect(check.body.imap.message).toContain('Conectado ao servidor IMAP');

    // A wrong password is named as such by both servers; without `password` the stored one stays.
    const wrong = await call(ctx, broker, 'PUT', '/me/mail-account', mailbox({ password: 'errada' }), {
      'if-match': '"1"',
    });
    expect(wrong.status).toBe(200);
    const refused = await call(ctx, broker, 'POST', '/me/mail-account/test');
    expect(refused.body).toMatchObject({
      ok: false,
      imap: { code: 'auth_failed' },
      smtp: { code: 'auth_failed' },
    });
    expect(refused.body.imap.message).toBe('O servidor IMAP recusou o usuário ou a senha.');
    await call(ctx, broker, 'PUT', '/me/mail-account', mailbox(), { 'if-match': '"2"' });
    await call(ctx, broker, 'PUT', '/me/mail-account', mailbox({ password: undefined }), {
      'if-match': '"3"',
    });
    expect((await call(ctx, broker, 'POST', '/me/mail-account/test')).body.ok).toBe(true);
    // Another user sees only their own (none).
    expect((await call(ctx, otherBroker, 'GET', '/me/mail-account')).body.account).toBeNull();
  });

  it('sends mail to a person from the user’s address, and the reply lands on the person’s timeline once', async () => {
    const person = await call(ctx, broker, 'POST', '/people', personBody({ ownerId: broker.id }));
    const address: string = person.body.emails[0].address;
    const sent = await call(ctx, broker, 'POST', `/people/${person.body.id}/emails`, {
      to: address,
      subject: 'Proposta do apartamento 52',
      body: 'Segue a proposta conforme conversamos.',
    });
    expect(sent.status).toBe(201);
    const delivered = smtp.received.at(-1);
    expect(delivered?.to).toEqual([address]);
    expect(delivered?.data).toMatch(new RegExp(`^From: ${MAILBOX}`, 'm'));
    const messageId = /^Message-ID: (<[^>]+>)/im.exec(delivered?.data ?? '')?.[1] as string;
    expect(messageId).toBeTruthy();
    const account = (await call(ctx, broker, 'GET', '/me/mail-account')).body.account;
    const sentEvent = await ctx.db.query(
      'SELECT summary FROM timeline_events WHERE workspace_id = $1 AND id = $2',
      [workspaceId, sent.body.id],
    );
    expect(sentEvent.rows[0].summary).toEqual({ messageId, accountId: account.id });

    // The person answers; a stranger writes too; a person Carla cannot see (Beto's) writes as well.
    const hidden = await call(ctx, otherBroker, 'POST', '/people', personBody({ ownerId: otherBroker.id }));
    await imap.append(
      MAILBOX,
      PASSWORD,
      reply({
        from: address,
        messageId: '<resposta-1@cliente.test>',
        inReplyTo: messageId,
        subject: 'Re: Proposta do apartamento 52',
        text: 'Gostei da proposta, podemos visitar s=C3=A1bado?\r\n\r\n> Segue a proposta conforme conversamos.',
      }),
    );
    await imap.append(
      MAILBOX,
      PASSWORD,
      reply({
        from: 'spam@desconhecido.test',
        messageId: '<spam@x.test>',
        subject: 'Oferta',
        text: 'Compre',
      }),
    );
    await imap.append(
      MAILBOX,
      PASSWORD,
      reply({
        from: hidden.body.emails[0].address,
        messageId: '<oculto@cliente.test>',
        subject: 'Olá',
        text: 'Oi',
      }),
    );

    const deps = { db: ctx.db, secrets: ctx.secrets, hosts: mailHostRules(ctx.env) };
    const first = await pollMailAccount(deps, workspaceId, account.id);
    expect(first).toEqual({ received: 1, ignored: 2, duplicates: 0, error: null });
    const events = await receivedEvents(person.body.id);
    expect(events).toHaveLength(1);
    expect(events[0].summary).toEqual({
      messageId: '<resposta-1@cliente.test>',
      accountId: account.id,
      inReplyTo: messageId,
      repliesTo: sent.body.id,
    });
    expect(events[0].payload).toMatchObject({
      from: address,
      subject: 'Re: Proposta do apartamento 52',
      excerpt: 'Gostei da proposta, podemos visitar sábado?',
      repliesTo: sent.body.id,
    });
    const timeline = await call(ctx, broker, 'GET', `/people/${person.body.id}/timeline`);
    expect(timeline.body.items[0]).toMatchObject({ kind: 'email_received', data: { from: address } });
    expect(await receivedEvents(hidden.body.id)).toHaveLength(0);

    // A second poll finds nothing new; a cursor put back (a crash before it moved) finds the same messages again and
    // records none of them twice.
    expect(await pollMailAccount(deps, workspaceId, account.id)).toEqual({
      received: 0,
      ignored: 0,
      duplicates: 0,
      error: null,
    });
    await ctx.db.query('UPDATE mail_accounts SET last_uid = 0 WHERE workspace_id = $1', [workspaceId]);
    const again = await pollMailAccount(deps, workspaceId, account.id);
    expect(again).toMatchObject({ received: 0, duplicates: 1 });
    expect(await receivedEvents(person.body.id)).toHaveLength(1);
    const shown = (await call(ctx, broker, 'GET', '/me/mail-account')).body.account;
    expect(shown).toMatchObject({ receivedCount: 1, pollError: null });
    expect(shown.polledAt).toBeTruthy();
  });

  it('a first read keeps a reply that arrived in the second the mailbox was connected, and nothing older', async () => {
    const person = await call(ctx, broker, 'POST', '/people', personBody({ ownerId: broker.id }));
    const address: string = person.body.emails[0].address;
    // IMAP internal dates have whole seconds: connected at 12:00:00.400, a reply stamped 12:00:00 came after it.
    const connectedAt = new Date('2026-03-02T12:00:00.400Z');
    for (const [id, at] of [
      ['<mesmo-segundo@cliente.test>', '2026-03-02T12:00:00Z'],
      ['<antes@cliente.test>', '2026-03-02T11:59:59Z'],
    ] as const) {
      await imap.append(
        MAILBOX,
        PASSWORD,
        reply({ from: address, messageId: id, subject: 'Oi', text: id }),
        new Date(at),
      );
    }
    const account = (await call(ctx, broker, 'GET', '/me/mail-account')).body.account;
    await ctx.db.query(
      'UPDATE mail_accounts SET uid_validity = NULL, last_uid = 0, read_since = $2 WHERE workspace_id = $1',
      [workspaceId, connectedAt],
    );
    const deps = { db: ctx.db, secrets: ctx.secrets, hosts: mailHostRules(ctx.env) };
    expect((await pollMailAccount(deps, workspaceId, account.id))?.error).toBeNull();
    const events = await receivedEvents(person.body.id);
    expect(events.map((e) => e.summary.messageId)).toEqual(['<mesmo-segundo@cliente.test>']);
  });

  it('records why a poll failed, and mail goes out through the workspace SMTP once the mailbox is disconnected', async () => {
    const current = (await call(ctx, broker, 'GET', '/me/mail-account')).body.account;
    await call(ctx, broker, 'PUT', '/me/mail-account', mailbox({ password: 'errada' }), {
      'if-match': `"${current.version}"`,
    });
    const deps = { db: ctx.db, secrets: ctx.secrets, hosts: mailHostRules(ctx.env) };
    const failed = await pollMailAccount(deps, workspaceId, current.id);
    expect(failed?.error).toBe('O servidor IMAP recusou o usuário ou a senha.');
    expect((await call(ctx, broker, 'GET', '/me/mail-account')).body.account.pollError).toBe(failed?.error);

    expect((await call(ctx, broker, 'DELETE', '/me/mail-account')).status).toBe(428);
    const gone = await call(ctx, broker, 'DELETE', '/me/mail-account', undefined, {
      'if-match': `"${current.version + 1}"`,
    });
    expect(gone.status).toBe(204);
    const person = await call(ctx, broker, 'POST', '/people', personBody({ ownerId: broker.id }));
    const unconfigured = await call(ctx, broker, 'POST', `/people/${person.body.id}/emails`, {
      to: person.body.emails[0].address,
      subject: 'Oi',
      body: 'Oi',
    });
    // No mailbox and no workspace SMTP: as before this feature.
    expect(unconfigured.status).toBe(409);
    expect(unconfigured.body.code).toBe('email-not-configured');
  });
});
