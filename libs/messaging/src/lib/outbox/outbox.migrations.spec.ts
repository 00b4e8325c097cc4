import { newId } from '@finplat/platform';
import { createTestDatabase, type TestDatabase } from '@finplat/testing';
import { Pool } from 'pg';
import { migrateOutbox } from '../../../test/migrate-outbox';

/**
 * The outbox table as the ledger's own migrations left it, in the two shapes tenants may have:
 * before leases (`published_at`, published rows kept) and after (decision 0014). Written out
 * here because the ledger's migrations no longer create it.
 */
const LEDGER_OUTBOX_BEFORE_LEASES = `
  CREATE TABLE outbox (
    id uuid PRIMARY KEY,
    aggregate_id uuid NOT NULL,
    event_type text NOT NULL,
    payload jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    published_at timestamptz,
    attempts int NOT NULL DEFAULT 0,
    last_error text
  );
  CREATE INDEX outbox_unpublished_idx ON outbox (created_at, id) WHERE published_at IS NULL;
  CREATE INDEX outbox_aggregate_idx ON outbox (aggregate_id);`;
const LEDGER_LEASES = `
  DELETE FROM outbox WHERE published_at IS NOT NULL;
  DROP INDEX IF EXISTS outbox_unpublished_idx;
  ALTER TABLE outbox DROP COLUMN published_at, ADD COLUMN claimed_until timestamptz;
  CREATE INDEX outbox_due_idx ON outbox (created_at, id);`;

describe('OUTBOX_MIGRATIONS (real PostgreSQL)', () => {
  let database: TestDatabase | undefined;
  let pool: Pool;

  beforeAll(async () => {
    database = await createTestDatabase('messaging_outbox_migrations');
    pool = new Pool({ connectionString: database.url, max: 2 });
  });

  afterAll(async () => {
    await pool?.end();
    await database?.drop();
  });

  /** A fresh schema for one test; statements run with it as search_path. */
  async function schema(name: string, ...statements: string[]): Promise<string> {
    await pool.query(`CREATE SCHEMA ${name}`);
    for (const sql of statements) await pool.query(`SET search_path TO ${name}; ${sql}`);
    return `SET LOCAL search_path TO ${name}`;
  }

  const columns = async (name: string) =>
    (
      await pool.query<{ column_name: string; data_type: string; is_nullable: string }>(
        `SELECT column_name, data_type, is_nullable FROM information_schema.columns
          WHERE table_schema = $1 AND table_name = 'outbox' ORDER BY column_name`,
        [name],
      )
    ).rows;
  const indexes = async (name: string) =>
    (
      await pool.query<{ indexname: string }>(
        `SELECT indexname FROM pg_indexes WHERE schemaname = $1 AND tablename = 'outbox'
          ORDER BY indexname`,
        [name],
      )
    ).rows.map((r) => r.indexname);
  const insert = (id: string, extra = '') =>
    `INSERT INTO outbox (id, aggregate_id, event_type, payload${extra ? ', published_at' : ''})
     VALUES ('${id}', '${id}', 'thing.happened', '{"id":"${id}"}'${extra ? `, ${extra}` : ''})`;

  it('creates the table in a schema that has none, and a second run changes nothing', async () => {
    const session = await schema('fresh');
    await migrateOutbox(pool, session);
    const created = await columns('fresh');
    expect(created.map((c) => c.column_name)).toEqual([
      'aggregate_id',
      'attempts',
      'claimed_until',
      'created_at',
      'event_type',
      'id',
      'last_error',
      'payload',
    ]);
    expect(await indexes('fresh')).toEqual([
      'outbox_aggregate_idx',
      'outbox_due_idx',
      'outbox_pkey',
    ]);
    await migrateOutbox(pool, session);
    expect(await columns('fresh')).toEqual(created);
  });

  it("adopts a ledger tenant's table as it is, keeping every row", async () => {
    const ids = [newId(), newId()];
    const session = await schema(
      'ledger_today',
      LEDGER_OUTBOX_BEFORE_LEASES,
      LEDGER_LEASES,
      ...ids.map((id) => insert(id)),
    );
    await pool.query(`UPDATE ledger_today.outbox SET attempts = 3, last_error = 'nacked'`);
    const before = await columns('ledger_today');
    await schema('fresh_shape');
    await migrateOutbox(pool, 'SET LOCAL search_path TO fresh_shape');

    await migrateOutbox(pool, session);

    const after = await columns('ledger_today');
    expect(after).toEqual(before);
    expect(after).toEqual(await columns('fresh_shape'));
    expect(await indexes('ledger_today')).toEqual(await indexes('fresh_shape'));
    const rows = await pool.query(
      'SELECT id::text, attempts, last_error FROM ledger_today.outbox ORDER BY id',
    );
    expect(rows.rows).toEqual(
      [...ids].sort().map((id) => ({ id, attempts: 3, last_error: 'nacked' })),
    );
  });

  it('brings a table from before leases to today, keeping the rows still to send', async () => {
    const [sent, waiting] = [newId(), newId()];
    const session = await schema(
      'ledger_old',
      LEDGER_OUTBOX_BEFORE_LEASES,
      insert(sent, 'now()'),
      insert(waiting),
    );
    // A schema of today's shape in the same database is judged by its own table only.
    const nextDoor = await schema('today_next_door');
    await migrateOutbox(pool, nextDoor);
    await migrateOutbox(pool, nextDoor);

    await migrateOutbox(pool, session);

    expect((await columns('ledger_old')).map((c) => c.column_name)).not.toContain('published_at');
    expect(await columns('ledger_old')).toEqual(await columns('today_next_door'));
    expect(await indexes('ledger_old')).toEqual([
      'outbox_aggregate_idx',
      'outbox_due_idx',
      'outbox_pkey',
    ]);
    const rows = await pool.query('SELECT id::text FROM ledger_old.outbox');
    expect(rows.rows).toEqual([{ id: waiting }]);
  });
});
