import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Fraud rules. The table sits directly under the tenant (Tracer has no organization or
 * ledger layer). Names are unique, case-insensitively, among rules that are not DELETED;
 * a deleted rule keeps its row (soft delete) and frees its name.
 */
export class CreateRules1764400000000 implements MigrationInterface {
  name = 'CreateRules1764400000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE rules (
        id uuid PRIMARY KEY,
        name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 255),
        description text CHECK (char_length(description) <= 1000),
        expression text NOT NULL CHECK (char_length(expression) BETWEEN 1 AND 5000),
        action text NOT NULL CHECK (action IN ('ALLOW', 'DENY', 'REVIEW')),
        scopes jsonb NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(scopes) = 'array'),
        status text NOT NULL DEFAULT 'DRAFT'
          CHECK (status IN ('DRAFT', 'ACTIVE', 'INACTIVE', 'DELETED')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        activated_at timestamptz,
        deactivated_at timestamptz,
        deleted_at timestamptz,
        CONSTRAINT rules_deleted_at_matches_status
          CHECK ((status = 'DELETED') = (deleted_at IS NOT NULL))
      );
      CREATE UNIQUE INDEX rules_name_uq ON rules (lower(name)) WHERE status <> 'DELETED';
      CREATE INDEX rules_scopes_idx ON rules USING gin (scopes jsonb_path_ops)
        WHERE status <> 'DELETED';
      CREATE INDEX rules_created_at_idx ON rules (created_at, id) WHERE status <> 'DELETED';
      CREATE INDEX rules_active_idx ON rules (id) WHERE status = 'ACTIVE';
    `);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE rules;');
  }
}
