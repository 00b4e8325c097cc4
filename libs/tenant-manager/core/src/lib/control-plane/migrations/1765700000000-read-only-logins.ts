import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Per-tenant read-only logins on another service's data (decision 0033): reporter reads a
 * tenant's ledger tables through one, so PostgreSQL itself keeps other tenants' rows out of its
 * reports. Removed with the tenant.
 */
export class ReadOnlyLogins1765700000000 implements MigrationInterface {
  name = 'ReadOnlyLogins1765700000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE tenant_read_only_logins (
        tenant_id text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        service text NOT NULL CHECK (service IN ('ledger')),
        isolation_mode text NOT NULL CHECK (isolation_mode IN ('DATABASE', 'SCHEMA')),
        host text NOT NULL,
        port integer NOT NULL,
        database text NOT NULL,
        schema text,
        username text NOT NULL,
        password text NOT NULL,
        provisioned_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, service)
      );
    `);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE tenant_read_only_logins;');
  }
}
