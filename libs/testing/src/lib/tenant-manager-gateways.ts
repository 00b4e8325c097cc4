import { Client } from 'pg';
import { TEST_PG_ADMIN_URL } from './test-database';

/** Tenant-manager's per-server lock around role DDL (libs/tenant-manager: postgres-admin.ts). */
const CATALOG_LOCK = 'finplat:tenant-manager:catalog-ddl';
/** Only deployment-namespaced gateways (decision 0042) are a suite's own to drop. */
const DEPLOYMENT_GATEWAY = /^(ledger|tracer|reporter)_gateway_[a-z0-9]{12}$/;

/**
 * Drops the SCHEMA-mode gateway logins that the tenant-manager deployment of `controlDatabase`
 * created on the test server, before that control plane is dropped: each deployment has its
 * own, so nothing else uses them. Call it after the deployment's tenants are deleted.
 */
export async function dropDeploymentGateways(controlDatabase: string): Promise<void> {
  const admin = new Client({ connectionString: TEST_PG_ADMIN_URL });
  await admin.connect();
  try {
    const server = new URL(TEST_PG_ADMIN_URL);
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [
      controlDatabase,
    ]);
    if (!exists.rowCount) return;
    const gateways = await query<{ username: string; database: string }>(
      controlDatabase,
      `SELECT username, database FROM schema_gateways WHERE port = $1
        AND to_regclass('schema_gateways') IS NOT NULL`,
      [Number(server.port || 5432)],
    ).catch(() => []);
    const ours = gateways.filter((g) => DEPLOYMENT_GATEWAY.test(g.username));
    if (!ours.length) return;
    await admin.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [CATALOG_LOCK]);
    try {
      for (const { username, database } of ours) {
        const role = `"${username}"`;
        if ((await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [username])).rowCount) {
          if (
            (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database])).rowCount
          )
            await query(database, `DROP OWNED BY ${role}`);
          await admin.query(`DROP OWNED BY ${role}`);
          await admin.query(`DROP ROLE IF EXISTS ${role}`);
        }
      }
    } finally {
      await admin.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [CATALOG_LOCK]);
    }
  } finally {
    await admin.end();
  }
}

async function query<T>(database: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const url = new URL(TEST_PG_ADMIN_URL);
  url.pathname = `/${database}`;
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}
