import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Explicit lifecycle states (decision 0040): a tenant is `provisioning` from its first row
 * until every object exists, `deleting` from the first object dropped until the last, and
 * `provisioning_failed` when a failed creation could not take back all it made. `spec` keeps
 * what was asked for, so an interrupted run can be resumed from the control plane alone.
 *
 * `deployment` names this control plane: its id marks the PostgreSQL roles it creates, so
 * two deployments sharing a server never take each other's objects for their own.
 */
export class TenantLifecycle1765300000000 implements MigrationInterface {
  name = 'TenantLifecycle1765300000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE tenants DROP CONSTRAINT tenants_status_check;
      ALTER TABLE tenants ADD CONSTRAINT tenants_status_check
        CHECK (status IN ('provisioning', 'provisioning_failed', 'active', 'suspended', 'deleting'));
      ALTER TABLE tenants
        ADD COLUMN spec jsonb,
        ADD COLUMN lifecycle_step text,
        ADD COLUMN lifecycle_error text;
      CREATE INDEX tenants_unsettled_idx ON tenants (status)
        WHERE status IN ('provisioning', 'provisioning_failed', 'deleting');

      CREATE TABLE deployment (
        id text PRIMARY KEY CHECK (id ~ '^[a-z0-9]{12}$'),
        singleton boolean NOT NULL DEFAULT true UNIQUE CHECK (singleton),
        created_at timestamptz NOT NULL DEFAULT now()
      );
      INSERT INTO deployment (id) VALUES (substr(md5(random()::text || clock_timestamp()::text), 1, 12));
    `);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`
      DROP TABLE deployment;
      DROP INDEX tenants_unsettled_idx;
      ALTER TABLE tenants DROP COLUMN spec, DROP COLUMN lifecycle_step, DROP COLUMN lifecycle_error;
      ALTER TABLE tenants DROP CONSTRAINT tenants_status_check;
      ALTER TABLE tenants ADD CONSTRAINT tenants_status_check CHECK (status IN ('active', 'suspended'));
    `);
  }
}
