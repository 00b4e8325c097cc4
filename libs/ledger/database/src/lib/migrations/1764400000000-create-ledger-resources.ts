import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Assets, portfolios, segments, accounts and account types of a ledger. Uniqueness rules hold
 * among live rows only (partial unique indexes), so a soft-deleted name or alias can be reused.
 */
export class CreateLedgerResources1764400000000 implements MigrationInterface {
  name = 'CreateLedgerResources1764400000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE asset (
        id uuid PRIMARY KEY,
        organization_id uuid NOT NULL REFERENCES organization (id),
        ledger_id uuid NOT NULL REFERENCES ledger (id),
        name text NOT NULL,
        type text NOT NULL,
        code text NOT NULL,
        status text NOT NULL DEFAULT 'ACTIVE',
        status_description text,
        metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz
      );
      CREATE UNIQUE INDEX asset_code_per_ledger_uq ON asset (ledger_id, code) WHERE deleted_at IS NULL;
      CREATE UNIQUE INDEX asset_name_per_ledger_uq
        ON asset (ledger_id, lower(name)) WHERE deleted_at IS NULL;
      CREATE INDEX asset_ledger_created_idx ON asset (ledger_id, created_at) WHERE deleted_at IS NULL;
      CREATE INDEX asset_metadata_idx ON asset USING gin (metadata);

      CREATE TABLE portfolio (
        id uuid PRIMARY KEY,
        organization_id uuid NOT NULL REFERENCES organization (id),
        ledger_id uuid NOT NULL REFERENCES ledger (id),
        name text NOT NULL,
        entity_id text,
        status text NOT NULL DEFAULT 'ACTIVE',
        status_description text,
        metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz
      );
      CREATE INDEX portfolio_ledger_created_idx
        ON portfolio (ledger_id, created_at) WHERE deleted_at IS NULL;
      CREATE INDEX portfolio_metadata_idx ON portfolio USING gin (metadata);

      CREATE TABLE segment (
        id uuid PRIMARY KEY,
        organization_id uuid NOT NULL REFERENCES organization (id),
        ledger_id uuid NOT NULL REFERENCES ledger (id),
        name text NOT NULL,
        status text NOT NULL DEFAULT 'ACTIVE',
        status_description text,
        metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz
      );
      CREATE UNIQUE INDEX segment_name_per_ledger_uq
        ON segment (ledger_id, lower(name)) WHERE deleted_at IS NULL;
      CREATE INDEX segment_ledger_created_idx
        ON segment (ledger_id, created_at) WHERE deleted_at IS NULL;
      CREATE INDEX segment_metadata_idx ON segment USING gin (metadata);

      CREATE TABLE account (
        id uuid PRIMARY KEY,
        organization_id uuid NOT NULL REFERENCES organization (id),
        ledger_id uuid NOT NULL REFERENCES ledger (id),
        name text NOT NULL,
        alias text NOT NULL,
        type text NOT NULL,
        asset_code text NOT NULL,
        parent_account_id uuid REFERENCES account (id),
        portfolio_id uuid REFERENCES portfolio (id),
        segment_id uuid REFERENCES segment (id),
        entity_id text,
        blocked boolean NOT NULL DEFAULT false,
        status text NOT NULL DEFAULT 'ACTIVE',
        status_description text,
        metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz
      );
      CREATE UNIQUE INDEX account_alias_per_ledger_uq
        ON account (ledger_id, alias) WHERE deleted_at IS NULL;
      CREATE INDEX account_ledger_created_idx
        ON account (ledger_id, created_at) WHERE deleted_at IS NULL;
      CREATE INDEX account_parent_idx ON account (parent_account_id) WHERE deleted_at IS NULL;
      CREATE INDEX account_portfolio_idx ON account (portfolio_id) WHERE deleted_at IS NULL;
      CREATE INDEX account_segment_idx ON account (segment_id) WHERE deleted_at IS NULL;
      CREATE INDEX account_metadata_idx ON account USING gin (metadata);

      CREATE TABLE account_type (
        id uuid PRIMARY KEY,
        organization_id uuid NOT NULL REFERENCES organization (id),
        ledger_id uuid NOT NULL REFERENCES ledger (id),
        name text NOT NULL,
        description text,
        key_value text NOT NULL,
        status text NOT NULL DEFAULT 'ACTIVE',
        status_description text,
        metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz
      );
      CREATE UNIQUE INDEX account_type_key_value_per_ledger_uq
        ON account_type (ledger_id, key_value) WHERE deleted_at IS NULL;
      CREATE INDEX account_type_ledger_created_idx
        ON account_type (ledger_id, created_at) WHERE deleted_at IS NULL;
      CREATE INDEX account_type_metadata_idx ON account_type USING gin (metadata);
    `);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(
      'DROP TABLE account_type; DROP TABLE account; DROP TABLE segment; DROP TABLE portfolio; DROP TABLE asset;',
    );
  }
}
