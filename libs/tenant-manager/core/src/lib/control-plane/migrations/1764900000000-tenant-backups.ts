import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Per-tenant logical backups: one row per backup (its manifest), one row per table with the
 * table's rows in COPY text format. Kept in the control plane, which is already the most
 * protected database (it holds every tenant's credentials).
 */
export class TenantBackups1764900000000 implements MigrationInterface {
  name = 'TenantBackups1764900000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE tenant_backups (
        id uuid PRIMARY KEY,
        tenant_id text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        service text NOT NULL CHECK (service IN ('ledger', 'tracer', 'reporter')),
        created_at timestamptz NOT NULL DEFAULT now(),
        manifest jsonb NOT NULL
      );
      CREATE INDEX tenant_backups_tenant_idx ON tenant_backups (tenant_id, service, created_at);

      CREATE TABLE tenant_backup_tables (
        backup_id uuid NOT NULL REFERENCES tenant_backups (id) ON DELETE CASCADE,
        table_name text NOT NULL,
        position integer NOT NULL,
        columns text[] NOT NULL,
        row_count bigint NOT NULL,
        data bytea NOT NULL,
        PRIMARY KEY (backup_id, table_name)
      );
    `);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE tenant_backup_tables; DROP TABLE tenant_backups;');
  }
}
