import { LEDGER_MIGRATIONS } from '@finplat/ledger-database';
import { createTestDatabase, type TestDatabase } from '@finplat/testing';
import { DataSource } from 'typeorm';

export interface LedgerTestDatabase {
  database: TestDatabase;
  dataSource: DataSource;
  /** Closes the data source, then removes the database. */
  drop(): Promise<void>;
}

/** A fresh database with the ledger's schema, for integration specs on a real PostgreSQL. */
export async function migratedLedgerDatabase(prefix: string): Promise<LedgerTestDatabase> {
  const database = await createTestDatabase(prefix);
  const dataSource = new DataSource({
    type: 'postgres',
    url: database.url,
    migrations: LEDGER_MIGRATIONS,
  });
  await dataSource.initialize();
  await dataSource.runMigrations();
  return {
    database,
    dataSource,
    drop: async () => {
      await dataSource.destroy();
      await database.drop();
    },
  };
}
