import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Role } from '@funil/domain';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { inject } from 'vitest';
import { type Env, loadEnv } from '../src/config/env.ts';
import { createAppPool, type Db } from '../src/db/pool.ts';
import { buildApp } from '../src/http/app.ts';
import { createTwilioProvider } from '../src/integrations/telephony/twilio.provider.ts';
import { type FileStore, LocalFileStore } from '../src/lib/file-store.ts';
import { SecretBox } from '../src/lib/secret-box.ts';
import { ActorCache } from '../src/modules/auth/actor-cache.ts';
import { hashPassword } from '../src/modules/auth/auth.service.ts';
import { CustomFieldCache } from '../src/modules/custom-fields/custom-fields.cache.ts';
import type { DialerRuntime } from '../src/modules/dialer/dialer.service.ts';
import { RealtimeHub } from '../src/modules/realtime/realtime.hub.ts';

export type TestContext = {
  app: FastifyInstance;
  db: Db;
  /** The settings the app was built with (the defaults plus the test's `env`). */
  env: Env;
  secrets: SecretBox;
  /** The app's kept session actors (forgotten by NOTIFY a moment after direct SQL changes who someone is). */
  actors: ActorCache;
  /** The app's kept custom field definitions (forgotten by NOTIFY a moment after direct SQL changes them). */
  customFields: CustomFieldCache;
  /** The app's file store (a temp folder). */
  files: FileStore;
  /** Superuser connection to this file's database (for tampering and checks as the owner). */
  ownerUrl: string;
  close: () => Promise<void>;
};

/** A fresh database cloned from the migrated template, and the app on top of it (no port opened). */
export async function createTestContext(
  opts: { logStream?: NodeJS.WritableStream; env?: Record<string, string>; dialer?: DialerRuntime } = {},
): Promise<TestContext> {
  const templateUrl = new URL(inject('templateUrl'));
  const name = `funil_t_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const admin = new pg.Client({ connectionString: templateUrl.toString().replace(/\/[^/]+$/, '/postgres') });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${templateUrl.pathname.slice(1)}`);
  await admin.end();
  const url = new URL(templateUrl);
  url.pathname = `/${name}`;
  const db = createAppPool(url.toString(), 5);
  const env = loadEnv({
    FUNIL_LOG_LEVEL: opts.logStream ? 'trace' : (process.env.TEST_LOG_LEVEL ?? 'silent'),
    FUNIL_WEB_DIST: '/nonexistent',
    FUNIL_SSE_HEARTBEAT_MS: '200',
    ...opts.env,
  });
  const filesDir = await mkdtemp(path.join(tmpdir(), 'funil-files-'));
  const files = new LocalFileStore(filesDir);
  const secrets = new SecretBox(randomBytes(32));
  const actors = new ActorCache(url.toString());
  const customFields = new CustomFieldCache(url.toString());
  const app = await buildApp(
    {
      db,
      env,
      files,
      secrets,
      realtime: new RealtimeHub(url.toString()),
      actors,
      customFields,
      dialer: opts.dialer ?? null,
    },
    opts,
  );
  await app.ready();
  return {
    app,
    db,
    env,
    secrets,
    actors,
    customFields,
    files,
    ownerUrl: url.toString(),
    close: async () => {
      await app.close();
      await db.end();
      await rm(filesDir, { recursive: true, force: true });
    },
  };
}

export type TestUser = { id: string; email: string; password: string; role: Role; cookie: string };

let counter = 0;
const PASSWORD = 'senha-de-teste-123';
let passwordHash: string | null = null;

/** Inserts a workspace with one branch; returns its ids. */
export async function createWorkspace(db: Db, name = 'Imobiliária Teste') {
  const ws = await db.query('INSERT INTO workspaces (name) VALUES ($1) RETURNING id', [name]);
  const workspaceId: string = ws.rows[0].id;
  const branch = await db.query(
    "INSERT INTO branches (workspace_id, name) VALUES ($1, 'Matriz') RETURNING id",
    [workspaceId],
  );
  return { workspaceId, branchId: branch.rows[0].id as string };
}

/** Inserts a user and signs them in through the API. */
export async function createUser(
  ctx: Pick<TestContext, 'db' | 'app'>,
  workspaceId: string,
  role: Role,
  opts: { branchId?: string | null; name?: string } = {},
): Promise<TestUser> {
  passwordHash ??= await hashPassword(PASSWORD);
  counter++;
  const email = `${role}${counter}.${randomUUID().slice(0, 8)}@teste.funil`;
  const { rows } = await ctx.db.query(
    `INSERT INTO users (workspace_id, name, email, password_hash, role, branch_id)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [workspaceId, opts.name ?? `${role} ${counter}`, email, passwordHash, role, opts.branchId ?? null],
  );
  const cookie = await login(ctx.app, email, PASSWORD);
  return { id: rows[0].id, email, password: PASSWORD, role, cookie };
}

/** Logs in and returns the Cookie header value. */
export async function login(app: FastifyInstance, email: string, password: string): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'funil_session');
  if (!cookie) throw new Error('no session cookie');
  return `funil_session=${cookie.value}`;
}

/** Adds a team with managers and members. */
export async function createTeam(db: Db, workspaceId: string, managers: string[], members: string[]) {
  const { rows } = await db.query('INSERT INTO teams (workspace_id, name) VALUES ($1, $2) RETURNING id', [
    workspaceId,
    `Equipe ${randomUUID().slice(0, 6)}`,
  ]);
  const teamId: string = rows[0].id;
  for (const id of managers) {
    await db.query(
      'INSERT INTO team_members (workspace_id, team_id, user_id, is_manager) VALUES ($1, $2, $3, true)',
      [workspaceId, teamId, id],
    );
  }
  for (const id of members) {
    await db.query(
      'INSERT INTO team_members (workspace_id, team_id, user_id, is_manager) VALUES ($1, $2, $3, false)',
      [workspaceId, teamId, id],
    );
  }
  return teamId;
}

/**
 * A dialer runtime that speaks Twilio to a telephony simulator (`startTelephonySimulator`); `publicUrl` is where the
 * simulator posts the status callbacks (the test app's address once it listens).
 */
export function simulatedDialer(
  sim: { url: string; accountSid: string; authToken: string },
  publicUrl = 'http://127.0.0.1:9',
): DialerRuntime {
  return {
    provider: createTwilioProvider({
      apiUrl: sim.url,
      accountSid: sim.accountSid,
      authToken: sim.authToken,
      callerId: '+551140004000',
      allowLoopback: true,
      timeoutMs: 3000,
    }),
    info: { name: 'twilio', simulator: true },
    twilioAuthToken: sim.authToken,
    publicUrl,
    ringTimeoutSeconds: 30,
    log: { error: () => undefined, warn: () => undefined },
  };
}
