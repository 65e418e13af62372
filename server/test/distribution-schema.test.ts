import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { distributionViolations } from './distribution-check.ts';

/**
 * The schema stays distributable by workspace_id (Citus, docs/SCALING.md): read from the catalog of the migrated
 * template, so a migration adding a table, unique index or foreign key that would block distribution fails here.
 */
describe('schema distributable by workspace_id', () => {
  let client: pg.Client;

  beforeAll(async () => {
    client = new pg.Client({ connectionString: inject('templateUrl') });
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
  });

  it('every table, unique key and foreign key of the migrated schema follows the rules', async () => {
    const violations = await distributionViolations(client);
    expect(violations, `\n${violations.join('\n\n')}\n`).toEqual([]);
  });

  it('reports each kind of violation, naming the object (a probe schema, rolled back)', async () => {
    // DDL is transactional: the probe schema never outlives this transaction, and the template stays as migrated.
    const probe = client;
    await probe.query('BEGIN');
    try {
      await probe.query(`
        CREATE SCHEMA probe;
        SET LOCAL search_path = probe;
        CREATE TABLE workspaces (id uuid PRIMARY KEY);
        CREATE TABLE lookup_cache (kind text, key text, PRIMARY KEY (kind, key));
        CREATE TABLE good_parent (id uuid, workspace_id uuid NOT NULL REFERENCES workspaces (id),
                                  code text, PRIMARY KEY (id, workspace_id), UNIQUE (workspace_id, code));
        CREATE TABLE good_child (id uuid, workspace_id uuid NOT NULL REFERENCES workspaces (id), parent_id uuid,
                                 PRIMARY KEY (id, workspace_id),
                                 FOREIGN KEY (parent_id, workspace_id) REFERENCES good_parent (id, workspace_id)
                                   ON DELETE SET NULL (parent_id));
        CREATE TABLE orphan_table (id uuid PRIMARY KEY);
        CREATE TABLE bad_keys (id uuid PRIMARY KEY, workspace_id uuid NOT NULL, email text, parent_id uuid);
        CREATE UNIQUE INDEX bad_keys_email ON bad_keys (lower(email));
        CREATE UNIQUE INDEX bad_keys_covering ON bad_keys (email) INCLUDE (workspace_id);
        ALTER TABLE good_parent ADD UNIQUE (id);
        ALTER TABLE bad_keys ADD CONSTRAINT bad_keys_parent_fkey FOREIGN KEY (parent_id) REFERENCES good_parent (id);
        ALTER TABLE bad_keys ADD CONSTRAINT bad_keys_swapped_fkey
          FOREIGN KEY (workspace_id, parent_id) REFERENCES good_parent (id, workspace_id);
        ALTER TABLE bad_keys ADD CONSTRAINT bad_keys_nulling_fkey
          FOREIGN KEY (parent_id, workspace_id) REFERENCES good_parent (id, workspace_id) ON DELETE SET NULL;
        CREATE TABLE wrong_type (id uuid, workspace_id text NOT NULL, PRIMARY KEY (id, workspace_id));
        ALTER TABLE lookup_cache ADD COLUMN parent_id uuid, ADD COLUMN workspace_id uuid,
          ADD FOREIGN KEY (parent_id, workspace_id) REFERENCES good_parent (id, workspace_id);
      `);
      const found = await distributionViolations(probe, 'probe');
      const has = (...parts: string[]) => found.some((v) => parts.every((p) => v.includes(p)));
      expect(has('table orphan_table has no workspace_id', 'REFERENCE_TABLES')).toBe(true);
      expect(has('bad_keys: primary key bad_keys_pkey', 'workspace_id appended')).toBe(true);
      expect(has('bad_keys: unique index bad_keys_email')).toBe(true);
      expect(has('bad_keys: unique index bad_keys_covering')).toBe(true); // INCLUDE is no key column
      expect(has('good_parent: unique index good_parent_id_key')).toBe(true);
      expect(has('bad_keys: foreign key bad_keys_parent_fkey', 'make it composite')).toBe(true);
      expect(has('bad_keys: foreign key bad_keys_swapped_fkey', 'does not pair')).toBe(true);
      expect(has('bad_keys: foreign key bad_keys_nulling_fkey', 'SET NULL/DEFAULT')).toBe(true);
      expect(has('table wrong_type: workspace_id is text')).toBe(true);
      expect(has('lookup_cache: foreign key', 'from a reference table to a distributed one')).toBe(true);
      // The routing keys of the app's schema do not exist in the probe: stale list entries are reported.
      expect(has('GLOBAL_ROUTING_KEYS lists users_email_key')).toBe(true);
      // What follows the rules is not reported.
      expect(found.filter((v) => v.includes('good_child') || v.includes('good_parent_pkey'))).toEqual([]);
      expect(found.filter((v) => v.startsWith('workspaces') || v.includes('lookup_cache_pkey'))).toEqual([]);
    } finally {
      await probe.query('ROLLBACK');
    }
  });
});
