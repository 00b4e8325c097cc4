import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Capacity held for a ledger transaction between its reserve and its confirm or release:
 * one row per counter the hold sits on. The status moves RESERVED → CONFIRMED | RELEASED |
 * EXPIRED (and CONFIRMED → RELEASED when a posted transaction is reverted), each move at
 * most once, under the row lock.
 */
export class CreateUsageReservations1764400004000 implements MigrationInterface {
  name = 'CreateUsageReservations1764400004000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE usage_reservations (
        id uuid PRIMARY KEY,
        transaction_id uuid NOT NULL,
        limit_id uuid NOT NULL REFERENCES limits (id) ON DELETE CASCADE,
        scope_key text NOT NULL,
        period_key text NOT NULL,
        amount numeric NOT NULL CHECK (amount > 0),
        status text NOT NULL DEFAULT 'RESERVED'
          CHECK (status IN ('RESERVED', 'CONFIRMED', 'RELEASED', 'EXPIRED')),
        long_lived boolean NOT NULL DEFAULT false,
        reservation_expires_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        confirmed_at timestamptz,
        released_at timestamptz,
        UNIQUE (transaction_id, limit_id, scope_key, period_key)
      );
      CREATE INDEX usage_reservations_reaper_idx ON usage_reservations (reservation_expires_at)
        WHERE status = 'RESERVED';
    `);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE usage_reservations;');
  }
}
