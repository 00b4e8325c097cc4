import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Whether an account was opened with the ledger's holder requirement skipped (`skip.holder`). */
export class AccountHolderCheckSkipped1766200000000 implements MigrationInterface {
  name = 'AccountHolderCheckSkipped1766200000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      'ALTER TABLE account ADD COLUMN holder_check_skipped boolean NOT NULL DEFAULT false',
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE account DROP COLUMN holder_check_skipped');
  }
}
