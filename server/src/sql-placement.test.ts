import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fileViolations, sqlStatements, workspaceTables } from './sql-placement.ts';

const SRC = path.dirname(fileURLToPath(import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

function migrationTables() {
  const dir = path.join(SRC, 'db/migrations');
  const sql = readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((f) => readFileSync(path.join(dir, f), 'utf8'))
    .join('\n');
  return workspaceTables(sql);
}

describe('SQL placement in the source tree', () => {
  const tables = migrationTables();
  const violations = sourceFiles(SRC).flatMap((file) =>
    fileViolations(path.relative(SRC, file).split(path.sep).join('/'), readFileSync(file, 'utf8'), tables),
  );

  it('reads the workspace tables from the migrations', () => {
    for (const t of ['people', 'timeline_events', 'activities', 'sales_orders', 'idempotency_keys']) {
      expect(tables.has(t), t).toBe(true);
    }
    expect(tables.has('workspaces')).toBe(false);
  });

  it('runs queries only in repositories and db/, and every repository statement names workspace_id', () => {
    expect(violations.map((v) => `${v.file}:${v.line} ${v.rule}: ${v.detail}`)).toEqual([]);
  });
});

describe('the SQL placement checker', () => {
  const tables = workspaceTables(`
    CREATE TABLE workspaces (
      id uuid PRIMARY KEY
    );
    CREATE TABLE widgets (
      id uuid PRIMARY KEY,
      workspace_id uuid NOT NULL
    );
    -- a comment mentioning workspace_id does not make a table scoped
    CREATE TABLE gadgets (
      id uuid PRIMARY KEY
    );
    ALTER TABLE gadgets ADD COLUMN workspace_id uuid;
    ALTER TABLE workspaces ADD COLUMN settings jsonb;
  `);

  it('finds workspace tables from CREATE TABLE and ALTER TABLE … ADD COLUMN', () => {
    expect([...tables].sort()).toEqual(['gadgets', 'widgets']);
  });

  it('flags a query run from a service, a route or a job, but not from a repository or db/', () => {
    const source = `export async function f(db) { await db.query('SELECT 1'); await tx.query({ text: 'x' }); }`;
    expect(fileViolations('modules/w/w.service.ts', source, tables).map((v) => [v.rule, v.line])).toEqual([
      ['query-outside-repository', 1],
      ['query-outside-repository', 1],
    ]);
    expect(fileViolations('modules/w/w.routes.ts', source, tables)).toHaveLength(2);
    expect(fileViolations('http/idempotency.ts', source, tables)).toHaveLength(2);
    expect(fileViolations('modules/w/w.repository.ts', source, tables)).toEqual([]);
    expect(fileViolations('db/pool.ts', source, tables)).toEqual([]);
  });

  it('does not take a property named query (request.query) for a call', () => {
    expect(fileViolations('modules/w/w.routes.ts', 'const q = request.query.cursor;', tables)).toEqual([]);
  });

  it('flags a repository statement over a workspace table that does not name workspace_id', () => {
    const source = [
      `await db.query('SELECT name FROM widgets WHERE id = $1', [id]);`,
      'await db.query(`UPDATE gadgets SET name = $2 WHERE id = $1`, [id, name]);',
      // Selecting the column is not naming the workspace: the statement still spans every workspace.
      `await db.query('SELECT id, workspace_id FROM widgets WHERE token = $1', [t]);`,
    ].join('\n');
    expect(fileViolations('modules/w/w.repository.ts', source, tables).map((v) => [v.rule, v.line])).toEqual([
      ['tenancy', 1],
      ['tenancy', 2],
      ['tenancy', 3],
    ]);
  });

  it('accepts statements that filter, join or insert on workspace_id, or that say they span workspaces', () => {
    const source = [
      `await db.query('SELECT name FROM widgets WHERE workspace_id = $1 AND id = $2', [ws, id]);`,
      `await db.query('SELECT w.id FROM widgets w JOIN gadgets g ON g.workspace_id = w.workspace_id', []);`,
      `await db.query('INSERT INTO widgets AS w (id, workspace_id) VALUES ($1, $2)', [id, ws]);`,
      `await db.query('/* tenancy: any workspace — a sweep */ SELECT id FROM widgets', []);`,
      `await db.query('SELECT id, settings FROM workspaces WHERE id = $1', [ws]);`,
    ].join('\n');
    expect(fileViolations('modules/w/w.repository.ts', source, tables)).toEqual([]);
  });

  it("reads a template's shared constant, and does not trust a spliced fragment it cannot see", () => {
    const splice = (name: string) => `$\{${name}}`;
    const source = [
      'const SELECT = `SELECT w.* FROM widgets w`;',
      `const a = \`${splice('SELECT')} WHERE w.workspace_id = $1\`;`,
      `const b = \`${splice('SELECT')} WHERE ${splice('where')}\`;`,
    ].join('\n');
    const statements = sqlStatements('w.repository.ts', source);
    expect(statements.map((s) => s.text)).toEqual([
      'SELECT w.* FROM widgets w',
      'SELECT w.* FROM widgets w WHERE w.workspace_id = $1',
      'SELECT w.* FROM widgets w WHERE …',
    ]);
    expect(fileViolations('modules/w/w.repository.ts', source, tables).map((v) => v.line)).toEqual([1, 3]);
  });
});
