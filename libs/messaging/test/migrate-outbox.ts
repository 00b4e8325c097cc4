import type { Pool } from 'pg';
import type { QueryRunner } from 'typeorm';
import { OUTBOX_MIGRATIONS } from '../src/lib/outbox/outbox.migrations';

/**
 * Applies OUTBOX_MIGRATIONS through `pool` (after `session`, e.g. a search_path), as the
 * tenant migrator would: each migration only ever calls `query`.
 */
export async function migrateOutbox(pool: Pool, session?: string): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    if (session) await client.query(session);
    const runner = { query: (sql: string) => client.query(sql) } as unknown as QueryRunner;
    for (const Migration of OUTBOX_MIGRATIONS) await new Migration().up(runner);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}
