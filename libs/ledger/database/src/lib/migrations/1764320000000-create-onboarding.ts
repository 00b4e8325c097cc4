import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateOnboarding1764320000000 implements MigrationInterface {
  name = 'CreateOnboarding1764320000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE organization (
        id uuid PRIMARY KEY,
        parent_organization_id uuid REFERENCES organization (id),
        legal_name text NOT NULL,
        doing_business_as text,
        legal_document text NOT NULL,
        address jsonb NOT NULL DEFAULT '{}'::jsonb,
        status text NOT NULL DEFAULT 'ACTIVE',
        status_description text,
        metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz
      );
      CREATE INDEX organization_created_at_idx ON organization (created_at) WHERE deleted_at IS NULL;
      CREATE INDEX organization_metadata_idx ON organization USING gin (metadata);

      CREATE TABLE ledger (
        id uuid PRIMARY KEY,
        organization_id uuid NOT NULL REFERENCES organization (id),
        name text NOT NULL,
        status text NOT NULL DEFAULT 'ACTIVE',
        status_description text,
        settings jsonb NOT NULL DEFAULT '{}'::jsonb,
        metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz
      );
      CREATE UNIQUE INDEX ledger_name_per_organization_uq
        ON ledger (organization_id, lower(name)) WHERE deleted_at IS NULL;
      CREATE INDEX ledger_metadata_idx ON ledger USING gin (metadata);
    `);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE ledger; DROP TABLE organization;');
  }
}
