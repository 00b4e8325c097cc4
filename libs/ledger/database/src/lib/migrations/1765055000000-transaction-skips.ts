import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which request-level skips a transaction was granted (ledger settings `overrides`): fees not
 * applied, tracer not consulted. Persisted so that a replay, a read or an audit sees the
 * decision the posting made, not today's settings.
 */
export class TransactionSkips1765055000000 implements MigrationInterface {
  name = 'TransactionSkips1765055000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE "transaction"
        ADD COLUMN fees_skipped boolean NOT NULL DEFAULT false,
        ADD COLUMN tracer_skipped boolean NOT NULL DEFAULT false;
    `);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(
      `ALTER TABLE "transaction" DROP COLUMN fees_skipped, DROP COLUMN tracer_skipped;`,
    );
  }
}
