import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { login as signIn } from './app-process.ts';

// What the backup/restore ops tests share: the app's settings, the CLIs run as `npm run` would, an API client.

export const ROOT = path.resolve(import.meta.dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
export const ADMIN = { email: 'dona@backup.test', password: 'senha-da-dona-1' };
const temps: string[] = [];

/** A temp folder removed by `removeTemps`. */
export async function temp(prefix: string) {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

/** The app's settings for a data folder (and its embedded server's port). */
export function settings(dataDir: string, pgPort: number): NodeJS.ProcessEnv {
  return {
    FUNIL_DATA_DIR: dataDir,
    FUNIL_PG_PORT: String(pgPort),
    FUNIL_PG_SHARED_BUFFERS: '32MB',
    PORT: '0',
    HOST: '127.0.0.1',
    FUNIL_ADMIN_EMAIL: ADMIN.email,
    FUNIL_ADMIN_PASSWORD: ADMIN.password,
    FUNIL_DEMO_PEOPLE: '40',
    FUNIL_LOG_LEVEL: 'silent',
    FUNIL_WEB_DIST: '/nonexistent',
  };
}

/** Runs one of the server's CLIs as `npm run <name>` would (tsx), with the app's settings in its environment. */
export function cli(script: string, args: string[], env: NodeJS.ProcessEnv) {
  return new Promise<{ code: number; out: string }>((resolve, reject) => {
    const child = spawn(TSX, [path.join(ROOT, 'server/src/cli', script), ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c) => {
      out += String(c);
    });
    child.stderr.on('data', (c) => {
      out += String(c);
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, out }));
  });
}

/** Signs in as the backup tests' admin. */
export const login = (url: string) => signIn(url, ADMIN);

export function api(url: string, cookie: string) {
  return async (method: string, route: string, body?: unknown) => {
    const res = await fetch(`${url}/api/v1${route}`, {
      method,
      headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json().catch(() => null)) as Record<string, never> };
  };
}

/** A small but real PDF with bytes of its own. */
export function pdf(n: number) {
  return Buffer.concat([
    Buffer.from(`%PDF-1.4\n% anexo ${n}\n`),
    randomBytes(2000),
    Buffer.from('\n%%EOF\n'),
  ]);
}

export async function upload(url: string, cookie: string, personId: string, name: string, bytes: Buffer) {
  const form = new FormData();
  form.append('file', new Blob([bytes], { type: 'application/pdf' }), name);
  const res = await fetch(`${url}/api/v1/people/${personId}/attachments`, {
    method: 'POST',
    headers: { cookie },
    body: form,
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

export async function removeTemps() {
  for (const dir of temps.splice(0)) await rm(dir, { recursive: true, force: true });
}
