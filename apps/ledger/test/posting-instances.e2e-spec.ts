import {
  newLedger,
  startLedger,
  type LedgerHarness,
  type LedgerPath,
} from './support/ledger-harness';

/**
 * Two ledger instances on one database. Each group-commits its own postings and never has two
 * batches in flight on one balance, but nothing coordinates the two: their optimistic writes
 * race on the same balances, and the loser must retry with locks — money stays exact.
 */
describe('ledger: two instances posting on the same balances (real PostgreSQL)', () => {
  let first: LedgerHarness;
  let second: LedgerHarness;
  let path: LedgerPath;
  const aliases = ['@p1', '@p2', '@p3', '@p4'];

  beforeAll(async () => {
    first = await startLedger('ledger_two_instances');
    second = await startLedger('ledger_two_instances', first.database);
    path = await newLedger(first.http, 'Shared');
    await first.http
      .post(`${path.base}/assets`)
      .send({ name: 'US Dollar', type: 'currency', code: 'USD' })
      .expect(201);
    for (const alias of aliases) {
      await first.http
        .post(`${path.base}/accounts`)
        .send({ assetCode: 'USD', type: 'deposit', alias })
        .expect(201);
      await first.http
        .post(`${path.base}/transactions/inflow`)
        .send({
          send: {
            asset: 'USD',
            value: '1000',
            distribute: { to: [{ accountAlias: alias, amount: { asset: 'USD', value: '1000' } }] },
          },
        })
        .expect(201);
    }
  });

  afterAll(async () => {
    await second?.close();
    await first?.close();
  });

  it('should keep every balance exact and every version chain whole', async () => {
    const before = await first.sql<{ alias: string; available: string; version: string }>(
      `SELECT alias, available::text, version::text FROM balance WHERE ledger_id = $1 AND alias LIKE '@p%'`,
      [path.ledgerId],
    );
    const transfers = Array.from({ length: 160 }, (_, i) => {
      const from = aliases[i % 4];
      const to = aliases[(i + 1 + (i % 3)) % 4];
      const value = `${(i % 19) + 1}.${String(i % 100).padStart(2, '0')}`;
      return { from, to, value, via: i % 2 === 0 ? first : second };
    });
    const results = await Promise.all(
      transfers.map((t) =>
        t.via.http.post(`${path.base}/transactions/json`).send({
          description: `race ${t.from} ${t.to} ${t.value}`,
          send: {
            asset: 'USD',
            value: t.value,
            source: { from: [{ accountAlias: t.from, amount: { asset: 'USD', value: t.value } }] },
            distribute: { to: [{ accountAlias: t.to, amount: { asset: 'USD', value: t.value } }] },
          },
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(transfers.map(() => 201));

    // Expected balances in cents, from the answered transfers.
    const cents = (v: string) => BigInt(v.replace('.', '')); // every value has two decimals
    const expected = new Map(before.map((b) => [b.alias, BigInt(b.available) * 100n]));
    for (const t of transfers) {
      expected.set(t.from, (expected.get(t.from) ?? 0n) - cents(t.value));
      expected.set(t.to, (expected.get(t.to) ?? 0n) + cents(t.value));
    }
    const after = await first.sql<{ alias: string; cents: string; version: string; id: string }>(
      `SELECT id, alias, (available * 100)::bigint::text AS cents, version::text FROM balance
        WHERE ledger_id = $1 AND alias LIKE '@p%'`,
      [path.ledgerId],
    );
    for (const b of after)
      expect([b.alias, BigInt(b.cents)]).toEqual([b.alias, expected.get(b.alias)]);

    // Each balance's operations form one chain: versions +1 each, every "after" the next "before".
    for (const b of after) {
      const ops = await first.sql<{ vb: string; va: string; ab: string; aa: string }>(
        `SELECT version_before::text AS vb, version_after::text AS va,
                available_before::text AS ab, available_after::text AS aa
           FROM operation WHERE balance_id = $1 ORDER BY version_after`,
        [b.id],
      );
      ops.forEach((op, i) => {
        expect(BigInt(op.va)).toBe(BigInt(op.vb) + 1n);
        if (i > 0) {
          expect(op.vb).toBe(ops[i - 1].va);
          expect(op.ab).toBe(ops[i - 1].aa);
        }
      });
      expect(ops[ops.length - 1].va).toBe(b.version);
    }
  });
});
