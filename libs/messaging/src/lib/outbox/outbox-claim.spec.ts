import { newId } from '@finplat/platform';
import { createTestDatabase, type TestDatabase } from '@finplat/testing';
import { Pool } from 'pg';
import { migrateOutbox } from '../../../test/migrate-outbox';
import { CLAIM_OUTBOX_SQL, MARK_FAILED_SQL, MARK_PUBLISHED_SQL } from './outbox-batch';

/** Integration: the relay's lease-based claim on a real PostgreSQL (decision 0014). */
describe('outbox claims (real PostgreSQL)', () => {
  let database: TestDatabase | undefined;
  // The relay's statements go straight to node-postgres (TenantDb.statements), so do these.
  let pool: Pool;
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  beforeAll(async () => {
    database = await createTestDatabase('messaging_outbox_claim');
    pool = new Pool({ connectionString: database.url, max: 8 });
    await migrateOutbox(pool);
  });

  afterAll(async () => {
    await pool?.end();
    await database?.drop();
  });

  beforeEach(() => pool.query('DELETE FROM outbox'));

  /** Adds `n` events, one millisecond apart, and returns their ids oldest first. */
  async function addEvents(n: number): Promise<string[]> {
    const ids = Array.from({ length: n }, () => newId());
    await pool.query(
      `INSERT INTO outbox (id, aggregate_id, event_type, payload, created_at)
       SELECT e.id, e.id, 'transaction.created', jsonb_build_object('id', e.id),
              now() - make_interval(secs => ($2::int - e.n) / 1000.0)
         FROM unnest($1::uuid[]) WITH ORDINALITY AS e(id, n)`,
      [ids, n],
    );
    return ids;
  }

  const claim = async (limit: number, leaseSec = 30) =>
    (await pool.query<{ id: string }>(CLAIM_OUTBOX_SQL, [limit, leaseSec])).rows
      .map((r) => r.id)
      .sort();

  it('should hand out the oldest rows, and not again while their lease runs', async () => {
    const ids = await addEvents(5);
    expect(await claim(3)).toEqual(ids.slice(0, 3).sort());
    expect(await claim(10)).toEqual(ids.slice(3).sort());
    expect(await claim(10)).toEqual([]);
  });

  it('should delete published rows and give released rows to the next claim', async () => {
    const [published, failed] = await addEvents(2);
    await claim(2);
    await pool.query(MARK_PUBLISHED_SQL, [[published]]);
    await pool.query(MARK_FAILED_SQL, [[failed], 'nacked']);
    expect(await claim(10)).toEqual([failed]);
    const rows = (await pool.query('SELECT id, attempts, last_error FROM outbox')).rows;
    expect(rows).toEqual([{ id: failed, attempts: 1, last_error: 'nacked' }]);
  });

  it('should give rows back when the lease of a round that never finished ends', async () => {
    const ids = await addEvents(2);
    expect(await claim(10, 0.3)).toEqual([...ids].sort());
    expect(await claim(10)).toEqual([]);
    await sleep(400);
    expect(await claim(10)).toEqual([...ids].sort());
  });

  it('should never give one row to two concurrent claims', async () => {
    const ids = await addEvents(200);
    const rounds = await Promise.all(Array.from({ length: 8 }, () => claim(40)));
    const all = rounds.flat();
    expect(new Set(all).size).toBe(all.length);
    expect(all.length).toBeLessThanOrEqual(ids.length);
    // Whatever a claim skipped because another held it is still there for the next ones.
    const rest = await claim(200);
    expect([...all, ...rest].sort()).toEqual([...ids].sort());
  });
});
