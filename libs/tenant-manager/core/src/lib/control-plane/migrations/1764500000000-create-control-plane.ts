import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Tenant-manager's control plane: tenants, their placements, machine clients, signing keys. */
export class CreateControlPlane1764500000000 implements MigrationInterface {
  name = 'CreateControlPlane1764500000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE tenants (
        id text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9-]{2,62}$'),
        name text NOT NULL,
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX tenants_created_at_idx ON tenants (created_at, id);

      CREATE TABLE tenant_services (
        tenant_id text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        service text NOT NULL CHECK (service IN ('ledger', 'tracer', 'reporter')),
        isolation_mode text NOT NULL CHECK (isolation_mode IN ('DATABASE', 'SCHEMA')),
        host text NOT NULL,
        port integer NOT NULL,
        database text NOT NULL,
        schema text,
        username text NOT NULL,
        password text NOT NULL,
        status text NOT NULL DEFAULT 'provisioned',
        provisioned_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, service),
        -- A schema exactly when the tenant shares the service's database.
        CHECK ((isolation_mode = 'SCHEMA') = (schema IS NOT NULL))
      );

      CREATE TABLE schema_gateways (
        service text NOT NULL,
        host text NOT NULL,
        port integer NOT NULL,
        database text NOT NULL,
        username text NOT NULL,
        password text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (service, host, port, database)
      );

      CREATE TABLE tenant_rabbitmq (
        tenant_id text PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
        vhost text NOT NULL,
        username text NOT NULL,
        password text,
        status text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE clients (
        client_id text PRIMARY KEY,
        tenant_id text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        name text NOT NULL,
        secret_hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX clients_tenant_id_idx ON clients (tenant_id);

      CREATE TABLE signing_keys (
        kid text PRIMARY KEY,
        private_jwk jsonb NOT NULL,
        public_jwk jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        active boolean NOT NULL DEFAULT true
      );
      -- At most one key signs at a time; rotation (later) flips it.
      CREATE UNIQUE INDEX signing_keys_single_active_uq ON signing_keys (active) WHERE active;
    `);
    // The control plane holds every tenant's credentials: no other role may even connect.
    // (A no-op with a warning when the migrating role does not own the database.)
    await runner.query(`
      DO $$ BEGIN
        EXECUTE format('REVOKE ALL ON DATABASE %I FROM PUBLIC', current_database());
      END $$;
    `);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`
      DROP TABLE signing_keys;
      DROP TABLE clients;
      DROP TABLE tenant_rabbitmq;
      DROP TABLE schema_gateways;
      DROP TABLE tenant_services;
      DROP TABLE tenants;
    `);
  }
}
