import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Operations no longer carry a foreign key to their transaction (decision 0011). Both are
 * only ever written together, by the same statement, and transactions are never deleted; the
 * key's per-row check, though, runs a plan PostgreSQL caches per connection — planned while
 * the table is small it is a sequential scan, which it then repeats for every operation of
 * every posting as the table grows, until statistics are next refreshed.
 */
export class DropOperationTransactionFk1764700000000 implements MigrationInterface {
  name = 'DropOperationTransactionFk1764700000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      'ALTER TABLE operation DROP CONSTRAINT IF EXISTS operation_transaction_id_fkey;',
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE operation
        ADD CONSTRAINT operation_transaction_id_fkey FOREIGN KEY (transaction_id) REFERENCES "transaction" (id);
    `);
  }
}
