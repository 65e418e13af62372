import pg from 'pg';

/** The role whose grants are everything the app may do (created by migration 0001; see db/pool.ts). */
export const APP_ROLE = 'funil_app';

/**
 * Lets the app role use a schema it does not own (the job queue's, created by pg-boss as the owner): rows only —
 * reading and writing jobs —, never its definitions. Run as the schema's owner after the schema is set up; new
 * tables of the schema (a queue's partition) need it again, so it runs at every start.
 */
export async function grantSchemaRowsToApp(ownerUrl: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: ownerUrl, application_name: 'funil-setup' });
  await client.connect();
  try {
    const name = pg.escapeIdentifier(schema);
    // Instances starting together would grant on the same catalog rows at once ("tuple concurrently updated").
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`funil-grant-${schema}`]);
    await client.query(`GRANT USAGE ON SCHEMA ${name} TO ${APP_ROLE}`);
    await client.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${name} TO ${APP_ROLE}`);
    await client.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${name} TO ${APP_ROLE}`);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}
