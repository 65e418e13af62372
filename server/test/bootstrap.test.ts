import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { expect, inject, it } from 'vitest';
import { startFunil } from '../src/bootstrap.ts';
import { loadEnv } from '../src/config/env.ts';

it('starts on an external Postgres (DATABASE_URL), seeds the demo workspace once, and logs the admin in', async () => {
  const templateUrl = new URL(inject('templateUrl'));
  const name = `funil_boot_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const admin = new pg.Client({ connectionString: templateUrl.toString().replace(/\/[^/]+$/, '/postgres') });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(templateUrl);
  url.pathname = `/${name}`;
  const env = loadEnv({
    DATABASE_URL: url.toString(),
    PORT: '0',
    HOST: '127.0.0.1',
    FUNIL_ADMIN_EMAIL: 'chefe@imobiliaria.test',
    FUNIL_ADMIN_PASSWORD: 'senha-do-chefe-1',
    FUNIL_DEMO_PEOPLE: '12',
    FUNIL_LOG_LEVEL: 'silent',
    FUNIL_WEB_DIST: '/nonexistent',
  });

  const first = await startFunil(env);
  try {
    expect(first.demoLogins?.map((l) => l.role).sort()).toEqual(
      ['admin', 'attendant', 'broker', 'broker', 'broker', 'broker', 'manager', 'manager'].sort(),
    );
    expect((await fetch(`${first.url}/api/health`)).status).toBe(200);
    const login = await fetch(`${first.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'chefe@imobiliaria.test', password: 'senha-do-chefe-1' }),
    });
    expect(login.status).toBe(200);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const res = await fetch(`${first.url}/api/v1/people?limit=100`, { headers: { cookie } });
    const people = (await res.json()) as { total: number };
    expect(people.total).toBe(12);
  } finally {
    await first.stop();
  }

  const second = await startFunil(env);
  try {
    expect(second.demoLogins).toBeNull();
  } finally {
    await second.stop();
  }
});
