import type pg from 'pg';

/**
 * The rules a schema must follow so that Citus can distribute it by workspace (docs/SCALING.md), read from
 * the PostgreSQL catalog of a migrated database. Every table of the app schema is one of:
 * - distributed by `workspace_id` (the default: every row carries it), co-located with the others;
 * - `workspaces` itself, distributed by `id` (its id is every other row's workspace_id);
 * - a reference table (small, global, copied to every node) or a local table (stays on the coordinator),
 *   each on the short lists below with the reason.
 */
export const REFERENCE_TABLES: Record<string, string> = {
  lookup_cache: 'public CNPJ/CEP answers shared by every workspace (keyed by kind + number)',
};

export const LOCAL_TABLES: Record<string, string> = {
  schema_migrations: 'which migrations ran: the coordinator runs migrations, Citus propagates the DDL',
};

/**
 * Unique keys that must stay global, because a request finds its workspace through them (a login e-mail,
 * a token prefix, a public form key, a WhatsApp number). Citus cannot enforce them on a table distributed by
 * workspace: before distributing, each moves to a routing table (docs/SCALING.md, "What is left").
 */
export const GLOBAL_ROUTING_KEYS: Record<string, string> = {
  users_email_key: 'login by e-mail finds the user (and so the workspace) before any workspace is known',
  api_tokens_prefix_key: 'a Bearer token is found by its prefix before its workspace is known',
  intake_sources_form_key_key: 'a public lead form posts with its key only',
  whatsapp_accounts_phone_number_id_key: "Meta's webhook names the receiving number only",
  whatsapp_accounts_verify_token_key: "Meta's webhook verification sends the token only",
};

type Row = Record<string, unknown>;

const FIX_UNIQUE =
  'Fix: rebuild it in a new migration with workspace_id appended to its columns (append, so lookups by the ' +
  'leading columns keep using it), and add workspace_id to any ON CONFLICT target naming it — or, if ' +
  'uniqueness across workspaces is really the rule, add it to GLOBAL_ROUTING_KEYS with the reason.';
const FIX_FK =
  'Fix: make it composite in a new migration — (…, workspace_id) REFERENCES parent (…, workspace_id), the ' +
  "parent's primary key or unique key including workspace_id.";

/** Every object in `schema` that would keep Citus from distributing the database by workspace_id. */
export async function distributionViolations(client: pg.ClientBase, schema = 'public'): Promise<string[]> {
  const violations: string[] = [];
  const tables = (
    await client.query<{ name: string; oid: number; ws_type: string | null; id_type: string | null }>(
      `SELECT c.relname AS name, c.oid::int AS oid,
              format_type(ws.atttypid, ws.atttypmod) AS ws_type, format_type(id.atttypid, id.atttypmod) AS id_type
         FROM pg_class c
         LEFT JOIN pg_attribute ws ON ws.attrelid = c.oid AND ws.attname = 'workspace_id' AND NOT ws.attisdropped
         LEFT JOIN pg_attribute id ON id.attrelid = c.oid AND id.attname = 'id' AND NOT id.attisdropped
        WHERE c.relnamespace = $1::regnamespace AND c.relkind IN ('r', 'p') AND NOT c.relispartition
        ORDER BY c.relname`,
      [schema],
    )
  ).rows;
  const kind = new Map<string, 'distributed' | 'reference' | 'local'>();
  /** The distribution column of each distributed table. */
  const distColumn = new Map<string, string>();
  const workspaceIdType = tables.find((t) => t.name === 'workspaces')?.id_type ?? 'uuid';
  for (const t of tables) {
    if (t.name in REFERENCE_TABLES) kind.set(t.name, 'reference');
    else if (t.name in LOCAL_TABLES) kind.set(t.name, 'local');
    else if (t.name === 'workspaces') {
      kind.set(t.name, 'distributed');
      distColumn.set(t.name, 'id');
    } else if (t.ws_type) {
      kind.set(t.name, 'distributed');
      distColumn.set(t.name, 'workspace_id');
      if (t.ws_type !== workspaceIdType) {
        violations.push(
          `table ${t.name}: workspace_id is ${t.ws_type}, not ${workspaceIdType} like workspaces.id — co-located ` +
            'tables need one type. Fix: alter the column to that type in a new migration.',
        );
      }
    } else {
      violations.push(
        `table ${t.name} has no workspace_id column, so it cannot be distributed with the others. Fix: add ` +
          'workspace_id uuid NOT NULL REFERENCES workspaces (id) — or, for a small table shared by every ' +
          'workspace, add it to REFERENCE_TABLES (or LOCAL_TABLES) in server/test/distribution-check.ts with the reason.',
      );
    }
  }

  const indexes = (
    await client.query<{
      table: string;
      index: string;
      primary: boolean;
      exclusion: boolean;
      key_columns: (string | null)[];
      def: string;
    }>(
      `SELECT t.relname AS table, i.relname AS index, x.indisprimary AS primary, x.indisexclusion AS exclusion,
              ARRAY(SELECT a.attname FROM unnest((x.indkey::int2[])[0:x.indnkeyatts - 1]) k(attnum)
                      LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum) AS key_columns,
              pg_get_indexdef(x.indexrelid) AS def
         FROM pg_index x
         JOIN pg_class t ON t.oid = x.indrelid
         JOIN pg_class i ON i.oid = x.indexrelid
        WHERE t.relnamespace = $1::regnamespace AND (x.indisunique OR x.indisexclusion)
        ORDER BY t.relname, i.relname`,
      [schema],
    )
  ).rows;
  const seenRoutingKeys = new Set<string>();
  for (const ix of indexes) {
    const column = distColumn.get(ix.table);
    if (!column) continue;
    if (ix.key_columns.includes(column)) continue;
    if (ix.index in GLOBAL_ROUTING_KEYS) {
      seenRoutingKeys.add(ix.index);
      continue;
    }
    const what = ix.primary ? 'primary key' : ix.exclusion ? 'exclusion constraint' : 'unique index';
    violations.push(
      `${ix.table}: ${what} ${ix.index} does not include ${column} as a plain key column (${ix.def.replace(/^.* USING /, '')}), ` +
        `so Citus cannot enforce it on a table distributed by ${column}. ${FIX_UNIQUE}`,
    );
  }
  for (const name of Object.keys(GLOBAL_ROUTING_KEYS)) {
    if (!seenRoutingKeys.has(name)) {
      violations.push(
        `GLOBAL_ROUTING_KEYS lists ${name}, which is no longer a unique index without workspace_id: remove it from the list.`,
      );
    }
  }

  const foreignKeys = (
    await client.query<
      Row & { child: string; parent: string; name: string; pairs: [string, string][]; def: string }
    >(
      `SELECT c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent, c.conname AS name,
              ARRAY(SELECT ARRAY[ca.attname::text, pa.attname::text]
                      FROM unnest(c.conkey, c.confkey) k(ck, pk)
                      JOIN pg_attribute ca ON ca.attrelid = c.conrelid AND ca.attnum = k.ck
                      JOIN pg_attribute pa ON pa.attrelid = c.confrelid AND pa.attnum = k.pk) AS pairs,
              c.confdeltype::text AS del, c.confupdtype::text AS upd,
              ARRAY(SELECT a.attname::text FROM unnest(c.confdelsetcols) n(attnum)
                      JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = n.attnum) AS del_set_columns,
              pg_get_constraintdef(c.oid) AS def
         FROM pg_constraint c
        WHERE c.contype = 'f' AND c.connamespace = $1::regnamespace
        ORDER BY 1, 3`,
      [schema],
    )
  ).rows;
  for (const fk of foreignKeys) {
    const childKind = kind.get(fk.child);
    const parentKind = kind.get(fk.parent);
    if (!childKind || !parentKind) continue;
    const label = `${fk.child}: foreign key ${fk.name} → ${fk.parent} (${fk.def})`;
    if (parentKind === 'distributed' && childKind !== 'distributed') {
      violations.push(
        `${label} points from a ${childKind} table to a distributed one, which Citus refuses. Fix: drop it ` +
          '(check the reference in the application) or make the referencing table distributed.',
      );
      continue;
    }
    if (childKind !== 'distributed' || parentKind !== 'distributed') continue;
    const childColumn = distColumn.get(fk.child) as string;
    const parentColumn = distColumn.get(fk.parent) as string;
    if (!fk.pairs.some(([c, p]) => c === childColumn && p === parentColumn)) {
      violations.push(
        `${label} does not pair ${fk.child}.${childColumn} with ${fk.parent}.${parentColumn}, so Citus cannot ` +
          `check it inside one shard. ${FIX_FK}`,
      );
      continue;
    }
    const setsDistColumn = (action: unknown, setColumns: string[]) =>
      (action === 'n' || action === 'd') && (setColumns.length === 0 || setColumns.includes(childColumn));
    if (setsDistColumn(fk.del, fk.del_set_columns as string[]) || setsDistColumn(fk.upd, [])) {
      violations.push(
        `${label} would SET NULL/DEFAULT the distribution column ${childColumn}, which Citus refuses. Fix: name ` +
          'the columns to clear, ON DELETE SET NULL (owner_id), leaving workspace_id alone.',
      );
    }
  }
  return violations;
}
