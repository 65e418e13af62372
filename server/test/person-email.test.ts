import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestContext,
  createUser,
  createWorkspace,
  type TestContext,
  type TestUser,
} from './helpers.ts';
import { call, personBody } from './opportunity-fixtures.ts';
import { startSmtp, type TestSmtp } from './test-smtp.ts';

let ctx: TestContext;
let smtp: TestSmtp;
let admin: TestUser;
let broker: TestUser;
let workspaceId: string;

beforeAll(async () => {
  ctx = await createTestContext();
  smtp = await startSmtp({
    refuse: (address) => address.startsWith('bounce'),
    login: { user: 'vendas', password: 's3nh4-smtp' },
  });
  ({ workspaceId } = await createWorkspace(ctx.db));
  admin = await createUser(ctx, workspaceId, 'admin');
  broker = await createUser(ctx, workspaceId, 'broker', { name: 'Carla Corretora' });
});
afterAll(async () => {
  await ctx.close();
  await smtp.close();
});

async function configureSmtp(port: number) {
  const current = await call(ctx, admin, 'GET', '/workspace/smtp');
  return call(
    ctx,
    admin,
    'PUT',
    '/workspace/smtp',
    {
      host: '127.0.0.1',
      port,
      secure: false,
      user: 'vendas',
      password: 's3nh4-smtp',
      from: 'vendas@imobiliaria.test',
    },
    { 'if-match': current.headers.etag as string },
  );
}

describe('e-mail to a person', () => {
  it('goes out through the workspace’s SMTP and lands on the timeline; the password is never read back', async () => {
    const person = await call(ctx, broker, 'POST', '/people', personBody({ ownerId: broker.id }));
    const address = person.body.emails[0].address;
    const unconfigured = await call(ctx, broker, 'POST', `/people/${person.body.id}/emails`, {
      to: address,
      subject: 'Proposta',
      body: 'Olá',
    });
    expect(unconfigured.status).toBe(409);
    expect(unconfigured.body.code).toBe('email-not-configured');
    const saved = await configureSmtp(smtp.port);
    expect(saved.status).toBe(200);
    expect(saved.body.smtp).toMatchObject({ host: '127.0.0.1', passwordSet: true });
    expect(JSON.stringify(saved.body)).not.toContain('s3nh4-smtp');
    // Sealed at rest: the database holds no readable password (the test server below checks it on AUTH).
    const stored = await ctx.db.query(
      "SELECT settings -> 'smtp' ->> 'password' AS p FROM workspaces WHERE id = $1",
      [workspaceId],
    );
    expect(stored.rows[0].p).toMatch(/^v1:/);
    expect(stored.rows[0].p).not.toContain('s3nh4');
    expect((await call(ctx, broker, 'GET', '/workspace/smtp')).status).toBe(403);

    const sent = await call(ctx, broker, 'POST', `/people/${person.body.id}/emails`, {
      to: address,
      subject: 'Proposta do apartamento 52',
      body: 'Segue a proposta conforme conversamos.',
    });
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({
      kind: 'email_sent',
      data: { to: address, subject: 'Proposta do apartamento 52' },
    });
    const mail = smtp.received.at(-1);
    expect(mail?.to).toEqual([address]);
    expect(mail?.data).toContain('Subject: Proposta do apartamento 52');
    expect(mail?.data).toContain('Segue a proposta conforme conversamos.');
    expect(mail?.data).toContain('vendas@imobiliaria.test');

    const stranger = await call(ctx, broker, 'POST', `/people/${person.body.id}/emails`, {
      to: 'alguem@outro.test',
      subject: 'Oi',
      body: 'Oi',
    });
    expect(stranger.status).toBe(422);
    expect(stranger.body.errors[0]).toMatchObject({ field: 'to', code: 'unknown_email' });
  });

  it('is refused for a deny-listed person, and nothing is sent', async () => {
    const person = await call(ctx, broker, 'POST', '/people', personBody({ ownerId: broker.id }));
    await call(ctx, admin, 'PUT', `/people/${person.body.id}/do-not-contact`, { doNotContact: true });
    const before = smtp.received.length;
    const refused = await call(ctx, broker, 'POST', `/people/${person.body.id}/emails`, {
      to: person.body.emails[0].address,
      subject: 'Promoção',
      body: 'Aproveite',
    });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('do-not-contact');
    expect(smtp.received.length).toBe(before);
    const events = await call(ctx, broker, 'GET', `/people/${person.body.id}/timeline`);
    expect(events.body.items.map((e: { kind: string }) => e.kind)).not.toContain('email_sent');
  });

  it('answers 502 and records nothing when the server refuses or is not there', async () => {
    const person = await call(
      ctx,
      broker,
      'POST',
      '/people',
      personBody({ ownerId: broker.id, emails: [{ address: 'bounce@cliente.test' }] }),
    );
    const refused = await call(ctx, broker, 'POST', `/people/${person.body.id}/emails`, {
      to: 'bounce@cliente.test',
      subject: 'Oi',
      body: 'Oi',
    });
    expect(refused.status).toBe(502);
    expect(refused.body.code).toBe('email-failed');
    const closed = await startSmtp();
    await closed.close();
    await configureSmtp(closed.port);
    const down = await call(ctx, broker, 'POST', `/people/${person.body.id}/emails`, {
      to: 'bounce@cliente.test',
      subject: 'Oi',
      body: 'Oi',
    });
    expect(down.status).toBe(502);
    const events = await call(ctx, broker, 'GET', `/people/${person.body.id}/timeline`);
    expect(events.body.items.map((e: { kind: string }) => e.kind)).toEqual(['created']);
  });
});
