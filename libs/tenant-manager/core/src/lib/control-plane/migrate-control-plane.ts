import type { DataSource } from 'typeorm';

const MIGRATION_LOCK = 'tenant-manager:control-plane:migrations';

/**
 * Applies pending control-plane migrations. Several instances may start at once: a session
 * advisory lock, held on its own connection for the whole run, lets exactly one of them
 * migrate while the others wait and then find nothing left to do.
 */
export async function migrateControlPlane(dataSource: DataSource): Promise<string[]> {
  const lockRunner = dataSource.createQueryRunner();
  await lockRunner.connect();
  try {
    await lockRunner.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [MIGRATION_LOCK]);
    const applied = await dataSource.runMigrations({ transaction: 'all' });
    return applied.map((migration) => migration.name);
  } finally {
    try {
      await lockRunner.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [
        MIGRATION_LOCK,
      ]);
    } finally {
      await lockRunner.release();
    }
  }
}
