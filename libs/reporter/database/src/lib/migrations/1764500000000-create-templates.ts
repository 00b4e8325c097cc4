import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateTemplates1764500000000 implements MigrationInterface {
  name = 'CreateTemplates1764500000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE templates (
        id uuid PRIMARY KEY,
        output_format text NOT NULL,
        description text NOT NULL,
        filename text NOT NULL,
        content text NOT NULL,
        mapped_fields jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz,
        CONSTRAINT templates_output_format_ck
          CHECK (output_format IN ('HTML', 'CSV', 'XML', 'TXT', 'PDF'))
      );
      CREATE INDEX templates_created_at_idx ON templates (created_at, id) WHERE deleted_at IS NULL;
      CREATE INDEX templates_output_format_idx ON templates (output_format) WHERE deleted_at IS NULL;
    `);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE templates;');
  }
}
