import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { letPostgresReachBinaries, startEmbeddedPostgres } from '../src/db/embedded.ts';
import { migrate } from '../src/db/migrate.ts';
import { onFreePort } from '../src/lib/free-port.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    templateUrl: string;
  }
}

/**
 * One real PostgreSQL for the integration run (an external one when TEST_DATABASE_URL is set):
 * migrated once into a template database that every test file clones.
 */
export default async function setup(project: TestProject) {
  await letPostgresReachBinaries();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'funil-it-'));
  const external = process.env.TEST_DATABASE_URL;
  const embedded = external ? null : await onFreePort((port) => startEmbeddedPostgres({ dataDir, port }));
  const baseUrl = new URL(external ?? (embedded?.url as string));
  const admin = new pg.Client({ connectionString: baseUrl.toString() });
  await admin.connect();
  const template = `funil_template_${process.pid}`;
  await admin.query(`DROP DATABASE IF EXISTS ${template}`);
  await admin.query(`CREATE DATABASE ${template}`);
  const templateUrl = new URL(baseUrl);
  templateUrl.pathname = `/${template}`;
  await migrate(templateUrl.toString());
  project.provide('templateUrl', templateUrl.toString());
  return async () => {
    await admin.end();
    await embedded?.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}
