import type { TenantConnections } from '@finplat/contracts';
import { adminQuery, createTestDatabase, type TestDatabase } from '@finplat/testing';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { postgresSettingsFromUrl } from './static-tenant.source';
import { TenantDataSources } from './tenant-data-sources';
import { TenantMigrator } from './tenant-migrator';

// Counts how often `up` really ran, across every simulated instance.
let applied = 0;

class CreateWidgets1700000000000 implements MigrationInterface {
  name = 'CreateWidgets1700000000000';
  async up(runner: QueryRunner): Promise<void> {
    applied += 1;
    await runner.query('CREATE TABLE widget (id int PRIMARY KEY)');
  }
  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE widget');
  }
}

class AddWidgetName1700000000001 implements MigrationInterface {
  name = 'AddWidgetName1700000000001';
  async up(runner: QueryRunner): Promise<void> {
    applied += 1;
    await runner.query('ALTER TABLE widget ADD COLUMN name text');
  }
  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE widget DROP COLUMN name');
  }
}

/** Integration: real PostgreSQL, several "instances" racing to migrate one fresh tenant. */
describe('TenantMigrator (real PostgreSQL)', () => {
  let database: TestDatabase;
  const pools: TenantDataSources[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('tenancy_migrator');
  });

  afterAll(async () => {
    await Promise.all(pools.map((p) => p.closeAll()));
    await database?.drop();
  });

  const tenant = (): TenantConnections => ({
    id: 'default',
    status: 'active',
    service: 'ledger',
    isolationMode: 'DATABASE',
    postgresql: postgresSettingsFromUrl(database.url),
  });

  it('should apply each migration exactly once when many instances start together', async () => {
    const instances = Array.from({ length: 6 }, () => {
      const dataSources = new TenantDataSources({
        entities: [],
        maxPools: 5,
        idleTimeoutSec: 60,
        applicationName: 'migrator-spec',
      });
      pools.push(dataSources);
      return {
        dataSources,
        migrator: new TenantMigrator('ledger', [
          CreateWidgets1700000000000,
          AddWidgetName1700000000001,
        ]),
      };
    });
    // Each instance also fires several first requests at once.
    await Promise.all(
      instances.flatMap(({ dataSources, migrator }) =>
        Array.from({ length: 3 }, () =>
          dataSources.use(tenant(), (ds) => migrator.ensure(tenant(), ds)),
        ),
      ),
    );
    expect(applied).toBe(2);
    const rows = await adminQuery<{ name: string }>(
      'SELECT name FROM schema_migrations ORDER BY name',
      [],
      database.name,
    );
    expect(rows.map((r) => r.name)).toEqual([
      'AddWidgetName1700000000001',
      'CreateWidgets1700000000000',
    ]);
    const columns = await adminQuery<{ column_name: string }>(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'widget' ORDER BY column_name`,
      [],
      database.name,
    );
    expect(columns.map((c) => c.column_name)).toEqual(['id', 'name']);
  });
});
