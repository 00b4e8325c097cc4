import { Client } from 'pg';
import { quoteIdent } from './sql';

/**
 * Creates the database of a postgres:// URL when it does not exist yet (single-tenant mode
 * and tenant-manager's own control plane; tenant databases are created by provisioning).
 */
export async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const database = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (!database || database === 'postgres') return;
  const maintenance = new URL(url);
  maintenance.pathname = '/postgres';
  const client = new Client({ connectionString: maintenance.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [
      database,
    ]);
    if (rowCount) return;
    await client
      .query(`CREATE DATABASE ${quoteIdent(database)}`)
      .catch((error: { code?: string }) => {
        // Another process created it between our check and our create.
        if (error.code !== '42P04' && error.code !== '23505') throw error;
      });
  } finally {
    await client.end();
  }
}
