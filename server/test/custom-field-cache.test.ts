import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  createTestContext,
  createUser,
  createWorkspace,
  type TestContext,
  type TestUser,
} from './helpers.ts';
import { call, personBody } from './opportunity-fixtures.ts';

// The custom field definitions each instance keeps (custom-fields.cache.ts): a record write reads them from memory,
// and a change holds from the next request — this instance's own at once, anyone else's (SQL, another instance) by
// NOTIFY.

let ctx: TestContext;
let admin: TestUser;
let broker: TestUser;

beforeAll(async () => {
  ctx = await createTestContext();
  const { workspaceId } = await createWorkspace(ctx.db);
  admin = await createUser(ctx, workspaceId, 'admin');
  broker = await createUser(ctx, workspaceId, 'broker');
});
afterAll(() => ctx.close());

const createPerson = () => call(ctx, broker, 'POST', '/people', personBody());

it('keeps the definitions; a field added through the API is required from the very next write', async () => {
  // The first lookups open the LISTEN connection; definitions are kept once it is open.
  await expect.poll(async () => ((await createPerson()).status === 201 ? ctx.customFields.size : -1)).toBe(1);
  const field = await call(ctx, admin, 'POST', '/custom-fields', {
    entity: 'person',
    type: 'text',
    label: 'Corretor parceiro',
    required: true,
  });
  expect(field.status).toBe(201);
  const missing = await createPerson();
  expect(missing.status).toBe(422);
  expect(missing.body.errors).toEqual([expect.objectContaining({ field: 'customFields.corretor_parceiro' })]);
  expect(ctx.customFields.size).toBe(1);

  // Archived by someone else (another connection, as another instance would): forgotten once Postgres says so.
  const other = new pg.Client({ connectionString: ctx.ownerUrl });
  await other.connect();
  try {
    await other.query('UPDATE custom_fields SET archived_at = now() WHERE id = $1', [field.body.id]);
  } finally {
    await other.end();
  }
  await expect.poll(async () => (await createPerson()).status, { timeout: 2000, interval: 20 }).toBe(201);
});
