import { Logger } from '@nestjs/common';
import type { TenantConnections } from '@finplat/contracts';
import type { DataSource, MigrationInterface } from 'typeorm';
import { tenantSessionSql } from './sql';
import { TenantDataSources } from './tenant-data-sources';

export type MigrationClass = new () => MigrationInterface;

const MIGRATIONS_TABLE = 'schema_migrations';

/**
 * Applies an app's migrations to a tenant's database or schema the first time the tenant is
 * used by this process. An advisory lock makes concurrent first requests (across instances
 * too) apply each migration exactly once; later calls cost one map lookup.
 */
export class TenantMigrator {
  private readonly logger = new Logger(TenantMigrator.name);
  private readonly done = new Map<string, Promise<void>>();

  constructor(
    private readonly service: string,
    private readonly migrations: MigrationClass[],
  ) {}

  ensure(connections: TenantConnections, dataSource: DataSource): Promise<void> {
    const key = `${TenantDataSources.poolKey(connections)}|${connections.postgresql.schema ?? ''}`;
    let pending = this.done.get(key);
    if (!pending) {
      pending = this.apply(connections, dataSource);
      pending.catch(() => this.done.delete(key));
      this.done.set(key, pending);
    }
    return pending;
  }

  /** Forgets that a tenant was migrated (e.g. after its placement changed). */
  forget(connections: TenantConnections): void {
    this.done.delete(
      `${TenantDataSources.poolKey(connections)}|${connections.postgresql.schema ?? ''}`,
    );
  }

  private async apply(connections: TenantConnections, dataSource: DataSource): Promise<void> {
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      const session = tenantSessionSql(connections);
      if (session) await runner.query(session);
      const lockName = `migrations:${this.service}:${connections.postgresql.schema ?? 'public'}`;
      await runner.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [lockName]);
      await runner.query(
        `CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE} (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`,
      );
      const rows: { name: string }[] = await runner.query(`SELECT name FROM ${MIGRATIONS_TABLE}`);
      const applied = new Set(rows.map((row) => row.name));
      for (const Migration of this.migrations) {
        const migration = new Migration();
        const name = migration.name ?? Migration.name;
        if (applied.has(name)) continue;
        await migration.up(runner);
        await runner.query(`INSERT INTO ${MIGRATIONS_TABLE} (name) VALUES ($1)`, [name]);
        this.logger.log(`tenant ${connections.id}: applied ${this.service} migration ${name}`);
      }
      await runner.commitTransaction();
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      throw error;
    } finally {
      await runner.release();
    }
  }
}
