-- Keys ready for distributing the database by workspace (Citus; docs/SCALING.md). Citus enforces a primary key,
-- unique index or foreign key inside one shard only, so each must include the distribution column:
--   * every primary key and unique index of a table with workspace_id gets workspace_id APPENDED to its columns
--     (appended, not prepended: every lookup by the leading columns — `WHERE id = $1` — keeps using the index);
--   * every foreign key between two such tables becomes composite: (…, workspace_id) REFERENCES parent (…,
--     workspace_id). Besides Citus, this makes a row pointing at another workspace's row impossible in the database
--     itself, not only in the repositories.
-- Unchanged: foreign keys to workspaces (workspace_id → workspaces.id already pairs the distribution columns), the
-- tables without workspace_id (workspaces, lookup_cache, schema_migrations) and the unique keys that must stay
-- global because a request finds its workspace through them (server/test/distribution-check.ts,
-- GLOBAL_ROUTING_KEYS). server/test/distribution-schema.test.ts keeps every later migration to these rules.
--
-- Generic on purpose (read from the catalog, not listed by hand): it rewrites what exists in the database it runs
-- on. Names are kept. Cost: each rebuilt key is one index build and each foreign key one validating join, all
-- under the migration's lock before the server takes traffic (measured in docs/SCALING.md).
DO $migration$
DECLARE
  routing_keys text[] := ARRAY['users_email_key', 'api_tokens_prefix_key', 'intake_sources_form_key_key',
                               'whatsapp_accounts_phone_number_id_key', 'whatsapp_accounts_verify_token_key'];
  r record;
  key_columns text;
BEGIN
  -- 1. The foreign keys to rewrite, remembered before they are dropped (a key cannot be rebuilt while one
  --    depends on it).
  CREATE TEMP TABLE distribution_fks ON COMMIT DROP AS
  SELECT c.conrelid::regclass AS child, c.confrelid::regclass AS parent, c.conname AS name,
         (SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY k.n)
            FROM unnest(c.conkey) WITH ORDINALITY k(attnum, n)
            JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum) AS child_columns,
         (SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY k.n)
            FROM unnest(c.confkey) WITH ORDINALITY k(attnum, n)
            JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum) AS parent_columns,
         CASE c.confdeltype WHEN 'c' THEN 'CASCADE' WHEN 'r' THEN 'RESTRICT' ELSE 'NO ACTION' END AS on_delete,
         CASE c.confupdtype WHEN 'c' THEN 'CASCADE' WHEN 'r' THEN 'RESTRICT' ELSE 'NO ACTION' END AS on_update
    FROM pg_constraint c
    JOIN pg_attribute cw ON cw.attrelid = c.conrelid AND cw.attname = 'workspace_id' AND NOT cw.attisdropped
    JOIN pg_attribute pw ON pw.attrelid = c.confrelid AND pw.attname = 'workspace_id' AND NOT pw.attisdropped
   WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace
     AND NOT (cw.attnum = ANY (c.conkey))
     -- SET NULL / SET DEFAULT would have to name its columns (ON DELETE SET NULL (x)); none exists today.
     AND c.confdeltype IN ('a', 'r', 'c') AND c.confupdtype IN ('a', 'r', 'c');
  FOR r IN SELECT * FROM distribution_fks LOOP
    EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', r.child, r.name);
  END LOOP;

  -- 2. Primary keys, unique constraints and unique indexes without workspace_id: workspace_id appended.
  FOR r IN
    SELECT t.oid::regclass AS tbl, i.relname AS name, x.indisprimary AS is_primary, con.contype,
           x.indnkeyatts, x.indexrelid, pg_get_expr(x.indpred, x.indrelid) AS predicate,
           (SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY k.n)
              FROM unnest((x.indkey::int2[])[x.indnkeyatts:]) WITH ORDINALITY k(attnum, n)
              JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum) AS include_columns
      FROM pg_index x
      JOIN pg_class t ON t.oid = x.indrelid
      JOIN pg_class i ON i.oid = x.indexrelid
      JOIN pg_attribute w ON w.attrelid = t.oid AND w.attname = 'workspace_id' AND NOT w.attisdropped
      LEFT JOIN pg_constraint con ON con.conindid = x.indexrelid AND con.contype IN ('p', 'u')
     WHERE t.relnamespace = 'public'::regnamespace AND t.relkind = 'r' AND x.indisunique
       AND NOT (w.attnum = ANY ((x.indkey::int2[])[0:x.indnkeyatts - 1]))
       AND i.relname <> ALL (routing_keys)
     ORDER BY 1, 2
  LOOP
    SELECT string_agg(pg_get_indexdef(r.indexrelid, k, true), ', ' ORDER BY k) INTO key_columns
      FROM generate_series(1, r.indnkeyatts) k;
    key_columns := key_columns || ', workspace_id';
    IF r.contype IS NOT NULL THEN
      EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', r.tbl, r.name);
      EXECUTE format('ALTER TABLE %s ADD CONSTRAINT %I %s (%s)%s', r.tbl, r.name,
                     CASE r.contype WHEN 'p' THEN 'PRIMARY KEY' ELSE 'UNIQUE' END, key_columns,
                     CASE WHEN r.include_columns IS NULL THEN '' ELSE format(' INCLUDE (%s)', r.include_columns) END);
    ELSE
      EXECUTE format('DROP INDEX %s', r.indexrelid::regclass);
      EXECUTE format('CREATE UNIQUE INDEX %I ON %s (%s)%s%s', r.name, r.tbl, key_columns,
                     CASE WHEN r.include_columns IS NULL THEN '' ELSE format(' INCLUDE (%s)', r.include_columns) END,
                     CASE WHEN r.predicate IS NULL THEN '' ELSE format(' WHERE %s', r.predicate) END);
    END IF;
  END LOOP;

  -- 3. The foreign keys again, composite. Validation fails (and names the constraint) if a row already points
  --    at another workspace's row: that is a tenancy bug to fix in the data before upgrading.
  FOR r IN SELECT * FROM distribution_fks LOOP
    EXECUTE format('ALTER TABLE %s ADD CONSTRAINT %I FOREIGN KEY (%s, workspace_id) REFERENCES %s (%s, workspace_id) '
                   'ON DELETE %s ON UPDATE %s', r.child, r.name, r.child_columns, r.parent, r.parent_columns,
                   r.on_delete, r.on_update);
  END LOOP;
END
$migration$;
