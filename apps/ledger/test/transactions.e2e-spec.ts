import {
  newLedger,
  startLedger,
  UNKNOWN_ID,
  type LedgerHarness,
  type LedgerPath,
} from './support/ledger-harness';

describe('ledger: transactions (single-tenant, real PostgreSQL)', () => {
  let h: LedgerHarness;
  let path: LedgerPath;

  beforeAll(async () => {
    h = await startLedger('ledger_tx_e2e');
    path = await newLedger(h.http, 'Payments');
    await h.http
      .post(`${path.base}/assets`)
      .send({ name: 'US Dollar', type: 'currency', code: 'USD' })
      .expect(201);
    await h.http
      .post(`${path.base}/assets`)
      .send({ name: 'Euro', type: 'currency', code: 'EUR' })
      .expect(201);
    for (const alias of ['@alice', '@bob', '@carol', '@dave']) {
      await h.http
        .post(`${path.base}/accounts`)
        .send({ assetCode: 'USD', type: 'deposit', alias })
        .expect(201);
    }
    await h.http
      .post(`${path.base}/accounts`)
      .send({ assetCode: 'EUR', type: 'deposit', alias: '@euro' })
      .expect(201);
  });

  afterAll(() => h?.close());

  const balanceOf = async (alias: string, key = 'default') => {
    const [row] = await h.sql<{ available: string; on_hold: string; version: string }>(
      `SELECT available::text, on_hold::text, version::text FROM balance
        WHERE ledger_id = $1 AND alias = $2 AND key = $3 AND deleted_at IS NULL`,
      [path.ledgerId, alias, key],
    );
    return row;
  };

  const inflow = (alias: string, value: string, headers: Record<string, string> = {}) =>
    h.http
      .post(`${path.base}/transactions/inflow`)
      .set(headers)
      .send({
        description: `fund ${alias}`,
        send: {
          asset: 'USD',
          value,
          distribute: { to: [{ accountAlias: alias, amount: { asset: 'USD', value } }] },
        },
      });

  const transfer = (from: string, to: string, value: string, extra: Record<string, unknown> = {}) =>
    h.http.post(`${path.base}/transactions/json`).send({
      ...extra,
      send: {
        asset: 'USD',
        value,
        source: { from: [{ accountAlias: from, amount: { asset: 'USD', value } }] },
        distribute: { to: [{ accountAlias: to, amount: { asset: 'USD', value } }] },
      },
    });

  it('should post an inflow, moving money from @external/USD', async () => {
    const res = await inflow('@alice', '1000.50').expect(201);
    expect(res.headers['x-idempotency-replayed']).toBe('false');
    expect(res.body).toMatchObject({
      status: { code: 'APPROVED' },
      amount: '1000.5',
      assetCode: 'USD',
      source: ['@external/USD'],
      destination: ['@alice'],
    });
    expect(res.body.operations).toHaveLength(2);
    const credit = res.body.operations.find((o: { type: string }) => o.type === 'CREDIT');
    expect(credit).toMatchObject({
      accountAlias: '@alice',
      amount: { value: '1000.5' },
      balance: { available: '0', onHold: '0', version: 1 },
      balanceAfter: { available: '1000.5', onHold: '0', version: 2 },
      balanceAffected: true,
    });
    expect(await balanceOf('@alice')).toEqual({ available: '1000.5', on_hold: '0', version: '2' });
    expect((await balanceOf('@external/USD')).available).toBe('-1000.5');
  });

  it('should post n sources to m destinations with amount, share and remaining legs', async () => {
    await inflow('@bob', '200').expect(201);
    const res = await h.http
      .post(`${path.base}/transactions/json`)
      .send({
        description: 'split',
        metadata: { invoice: 'INV-1' },
        send: {
          asset: 'USD',
          value: '100.00',
          source: {
            from: [
              { accountAlias: '@alice', amount: { asset: 'USD', value: '60.00' } },
              { accountAlias: '@bob', remaining: 'remaining' },
            ],
          },
          distribute: {
            to: [
              { accountAlias: '@carol', share: { percentage: 50, percentageOfPercentage: 50 } },
              { accountAlias: '@dave', remaining: 'remaining' },
            ],
          },
        },
      })
      .expect(201);
    expect(res.body.metadata).toEqual({ invoice: 'INV-1' });
    expect(await balanceOf('@alice')).toMatchObject({ available: '940.5' });
    expect(await balanceOf('@bob')).toMatchObject({ available: '160' });
    expect(await balanceOf('@carol')).toMatchObject({ available: '25' });
    expect(await balanceOf('@dave')).toMatchObject({ available: '75' });
  });

  it('should refuse what breaks a rule, changing nothing', async () => {
    const before = await h.sql(
      `SELECT id, available::text, on_hold::text, version::text FROM balance ORDER BY id`,
    );
    const txBefore = await h.sql(`SELECT count(*)::int AS n FROM "transaction"`);

    const insufficient = await transfer('@carol', '@dave', '25.01').expect(422);
    expect(insufficient.body.code).toBe('0018');
    expect((await transfer('@carol', '@carol', '1').expect(422)).body.code).toBe('0090');
    expect((await transfer('@carol', '@dave', '0').expect(400)).body.code).toBe('0125');
    expect((await transfer('@carol', '@dave', '-5').expect(400)).body.code).toBe('0125');
    expect((await transfer('@carol', '@nobody', '1').expect(404)).body.code).toBe('0085');
    expect((await transfer('@carol', '@euro', '1').expect(422)).body.code).toBe('0019');
    const mismatch = await h.http
      .post(`${path.base}/transactions/json`)
      .send({
        send: {
          asset: 'USD',
          value: '10',
          source: { from: [{ accountAlias: '@carol', amount: { asset: 'USD', value: '10' } }] },
          distribute: { to: [{ accountAlias: '@dave', amount: { asset: 'USD', value: '9.99' } }] },
        },
      })
      .expect(422);
    expect(mismatch.body.code).toBe('0073');
    const future = await transfer('@carol', '@dave', '1', {
      transactionDate: new Date(Date.now() + 3_600_000).toISOString(),
    }).expect(400);
    expect(future.body.code).toBe('0121');
    expect(
      (
        await transfer('@carol', '@dave', '1', {
          pending: true,
          transactionDate: '2024-01-01T00:00:00Z',
        }).expect(400)
      ).body.code,
    ).toBe('0122');
    const missingSend = await h.http
      .post(`${path.base}/transactions/json`)
      .send({ description: 'x' })
      .expect(400);
    expect(missingSend.body.code).toBe('0009');
    expect(missingSend.body.message).toContain('send');
    const float = await transfer('@carol', '@dave', 1.5 as unknown as string).expect(400);
    expect(float.body.fields).toHaveProperty(['send.value']);

    expect(
      await h.sql(
        `SELECT id, available::text, on_hold::text, version::text FROM balance ORDER BY id`,
      ),
    ).toEqual(before);
    expect(await h.sql(`SELECT count(*)::int AS n FROM "transaction"`)).toEqual(txBefore);
    expect(
      await h.sql(`SELECT count(*)::int AS n FROM idempotency_key WHERE response IS NULL`),
    ).toEqual([{ n: 0 }]);
  });

  it('should answer each posting of a concurrent burst on its own (group commit)', async () => {
    for (const alias of ['@burst-rich', '@burst-sink', '@burst-poor']) {
      await h.http
        .post(`${path.base}/accounts`)
        .send({ assetCode: 'USD', type: 'deposit', alias })
        .expect(201);
    }
    await inflow('@burst-rich', '100').expect(201);
    const txBefore = await h.sql<{ n: number }>(`SELECT count(*)::int AS n FROM "transaction"`);
    const batches = async () => {
      const text = (await h.http.get('/metrics').expect(200)).text;
      const read = (name: string) =>
        Number(new RegExp(`^${name}\\{[^}]*\\} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);
      return {
        count: read('ledger_posting_batch_size_count'),
        sum: read('ledger_posting_batch_size_sum'),
      };
    };
    const metricsBefore = await batches();

    const unknownLedger = `/v1/organizations/${path.organizationId}/ledgers/${UNKNOWN_ID}`;
    const requests = [
      ...Array.from({ length: 40 }, (_, i) => ({
        kind: 'ok',
        send: () => transfer('@burst-rich', '@burst-sink', '1', { description: `burst ${i}` }),
      })),
      ...Array.from({ length: 10 }, (_, i) => ({
        kind: 'poor',
        send: () => transfer('@burst-poor', '@burst-sink', '1000', { description: `poor ${i}` }),
      })),
      ...Array.from({ length: 5 }, (_, i) => ({
        kind: 'nobody',
        send: () => transfer('@burst-rich', '@nobody', '1', { description: `nobody ${i}` }),
      })),
      ...Array.from({ length: 5 }, (_, i) => ({
        kind: 'ledger',
        send: () =>
          h.http.post(`${unknownLedger}/transactions/inflow`).send({
            description: `lost ${i}`,
            send: {
              asset: 'USD',
              value: '1',
              distribute: {
                to: [{ accountAlias: '@burst-sink', amount: { asset: 'USD', value: '1' } }],
              },
            },
          }),
      })),
      ...Array.from({ length: 5 }, () => ({
        kind: 'duplicate',
        send: () => inflow('@burst-sink', '3', { 'X-Idempotency': 'burst-mixed' }),
      })),
    ].sort(() => Math.random() - 0.5);
    const results = await Promise.all(
      requests.map(async (r) => ({ kind: r.kind, res: await r.send() })),
    );

    const of = (kind: string) => results.filter((r) => r.kind === kind).map((r) => r.res);
    expect(of('ok').map((r) => r.status)).toEqual(Array(40).fill(201));
    expect(of('poor').map((r) => [r.status, r.body.code])).toEqual(Array(10).fill([422, '0018']));
    expect(of('nobody').map((r) => [r.status, r.body.code])).toEqual(Array(5).fill([404, '0085']));
    expect(of('ledger').map((r) => r.status)).toEqual(Array(5).fill(404));
    const duplicates = of('duplicate');
    expect(
      duplicates.every((r) => r.status === 201 || (r.status === 409 && r.body.code === '0084')),
    ).toBe(true);
    expect(new Set(duplicates.filter((r) => r.status === 201).map((r) => r.body.id)).size).toBe(1);

    const poor = await balanceOf('@burst-poor');
    expect(poor).toMatchObject({ available: '0', on_hold: '0' });
    const initial = Number(poor.version); // untouched: the version every balance starts at
    expect(await balanceOf('@burst-rich')).toEqual({
      available: '60',
      on_hold: '0',
      version: String(initial + 41),
    });
    expect(await balanceOf('@burst-sink')).toMatchObject({
      available: '43',
      version: String(initial + 41),
    });
    expect(await h.sql(`SELECT count(*)::int AS n FROM "transaction"`)).toEqual([
      { n: txBefore[0].n + 41 },
    ]);
    // Every operation of the rich account names the version it produced, each exactly once.
    const versions = await h.sql<{ version_before: string; version_after: string }>(
      `SELECT version_before::text, version_after::text FROM operation
        WHERE account_alias = '@burst-rich' ORDER BY operation.version_after`,
    );
    expect(versions.map((v) => Number(v.version_after))).toEqual(
      Array.from({ length: 41 }, (_, i) => initial + i + 1),
    );
    expect(versions.every((v) => Number(v.version_after) === Number(v.version_before) + 1)).toBe(
      true,
    );
    expect(
      await h.sql(`SELECT count(*)::int AS n FROM idempotency_key WHERE response IS NULL`),
    ).toEqual([{ n: 0 }]);

    // Fewer database transactions than postings: some batch carried more than one.
    const metricsAfter = await batches();
    expect(metricsAfter.sum - metricsBefore.sum).toBeGreaterThan(
      metricsAfter.count - metricsBefore.count,
    );
  });

  it('should let @external accounts go negative but no other balance', async () => {
    const res = await h.http
      .post(`${path.base}/transactions/outflow`)
      .send({
        send: {
          asset: 'USD',
          value: '5',
          source: { from: [{ accountAlias: '@dave', amount: { asset: 'USD', value: '5' } }] },
        },
      })
      .expect(201);
    expect(res.body.destination).toEqual(['@external/USD']);
    expect(await balanceOf('@dave')).toMatchObject({ available: '70' });
  });

  it('should accept a back-dated transaction', async () => {
    const res = await transfer('@alice', '@bob', '1', {
      transactionDate: '2024-01-02T03:04:05Z',
    }).expect(201);
    // The contract's Transaction carries no transactionDate: it is kept with the row.
    expect(res.body).not.toHaveProperty('transactionDate');
    const [row] = await h.sql<{ transaction_date: Date }>(
      'SELECT transaction_date FROM "transaction" WHERE id = $1',
      [res.body.id],
    );
    expect(row.transaction_date.toISOString()).toBe('2024-01-02T03:04:05.000Z');
  });

  it('should enforce blocked accounts and allowSending/allowReceiving', async () => {
    const blocked = await h.http
      .post(`${path.base}/accounts`)
      .send({ assetCode: 'USD', type: 'deposit', alias: '@frozen', blocked: true })
      .expect(201);
    expect((await inflow('@frozen', '1').expect(422)).body.code).toBe('0024');
    await h.http
      .patch(`${path.base}/accounts/${blocked.body.id}`)
      .send({ blocked: false })
      .expect(200);
    await inflow('@frozen', '10').expect(201);
    await h.sql(
      `UPDATE balance SET allow_sending = false WHERE alias = '@frozen' AND ledger_id = $1`,
      [path.ledgerId],
    );
    expect((await transfer('@frozen', '@bob', '1').expect(422)).body.code).toBe('0024');
    await h.sql(
      `UPDATE balance SET allow_sending = true, allow_receiving = false WHERE alias = '@frozen' AND ledger_id = $1`,
      [path.ledgerId],
    );
    expect((await transfer('@bob', '@frozen', '1').expect(422)).body.code).toBe('0024');
    await transfer('@frozen', '@bob', '1').expect(201);
  });

  it('should hold funds for a pending transaction, then commit exactly once', async () => {
    const before = await balanceOf('@alice');
    const pending = await transfer('@alice', '@carol', '40', { pending: true }).expect(201);
    expect(pending.body.status.code).toBe('PENDING');
    const held = await balanceOf('@alice');
    expect(Number(held.on_hold) - Number(before.on_hold)).toBe(40);
    expect((await balanceOf('@carol')).available).toBe('25');

    const commit = await h.http
      .post(`${path.base}/transactions/${pending.body.id}/commit`)
      .expect(201);
    expect(commit.body.status.code).toBe('APPROVED');
    expect(commit.body.operations.map((o: { type: string }) => o.type).sort()).toEqual([
      'CREDIT',
      'DEBIT',
      'ON_HOLD',
    ]);
    expect(await balanceOf('@alice')).toMatchObject({ on_hold: before.on_hold });
    expect((await balanceOf('@carol')).available).toBe('65');
    const again = await h.http
      .post(`${path.base}/transactions/${pending.body.id}/commit`)
      .expect(422);
    expect(again.body.code).toBe('0099');
    expect(
      (await h.http.post(`${path.base}/transactions/${pending.body.id}/cancel`).expect(422)).body
        .code,
    ).toBe('0099');
  });

  it('should release held funds on cancel', async () => {
    const before = await balanceOf('@bob');
    const pending = await transfer('@bob', '@carol', '10', { pending: true }).expect(201);
    await h.http.post(`${path.base}/transactions/${pending.body.id}/cancel`).expect(201);
    expect(await balanceOf('@bob')).toMatchObject({
      available: before.available,
      on_hold: before.on_hold,
    });
    const tx = await h.http.get(`${path.base}/transactions/${pending.body.id}`).expect(200);
    expect(tx.body.status.code).toBe('CANCELED');
  });

  it('should give exactly one winner to a concurrent commit/cancel pair', async () => {
    for (let round = 0; round < 5; round += 1) {
      // A distinct description per round: identical bodies would be deduplicated (idempotency).
      const pending = await transfer('@alice', '@dave', '1', {
        pending: true,
        description: `race ${round}`,
      }).expect(201);
      const [commit, cancel] = await Promise.all([
        h.http.post(`${path.base}/transactions/${pending.body.id}/commit`),
        h.http.post(`${path.base}/transactions/${pending.body.id}/cancel`),
      ]);
      const statuses = [commit.status, cancel.status].sort();
      expect(statuses[0]).toBe(201);
      expect([409, 422]).toContain(statuses[1]);
      const [row] = await h.sql<{ n: number }>(
        `SELECT count(*)::int AS n FROM operation WHERE transaction_id = $1 AND type IN ('DEBIT','RELEASE')`,
        [pending.body.id],
      );
      expect(row.n).toBe(1);
    }
  });

  it('should revert an approved transaction once, with its mirror', async () => {
    const original = await transfer('@alice', '@bob', '12.34').expect(201);
    const aliceBefore = await balanceOf('@alice');
    const revert = await h.http
      .post(`${path.base}/transactions/${original.body.id}/revert`)
      .expect(201);
    expect(revert.body).toMatchObject({
      parentTransactionId: original.body.id,
      source: ['@bob'],
      destination: ['@alice'],
      amount: '12.34',
      status: { code: 'APPROVED' },
    });
    expect(
      Number((await balanceOf('@alice')).available) - Number(aliceBefore.available),
    ).toBeCloseTo(12.34, 10);
    expect(
      (await h.http.post(`${path.base}/transactions/${original.body.id}/revert`).expect(422)).body
        .code,
    ).toBe('0087');
    expect(
      (await h.http.post(`${path.base}/transactions/${revert.body.id}/revert`).expect(422)).body
        .code,
    ).toBe('0088');
    const pending = await transfer('@alice', '@bob', '1', { pending: true }).expect(201);
    expect(
      (await h.http.post(`${path.base}/transactions/${pending.body.id}/revert`).expect(422)).body
        .code,
    ).toBe('0089');
  });

  it('should record an annotation without touching balances', async () => {
    const before = await balanceOf('@alice');
    const res = await h.http
      .post(`${path.base}/transactions/annotation`)
      .send({
        send: {
          asset: 'USD',
          value: '5000',
          source: { from: [{ accountAlias: '@alice', amount: { asset: 'USD', value: '5000' } }] },
          distribute: { to: [{ accountAlias: '@bob', amount: { asset: 'USD', value: '5000' } }] },
        },
      })
      .expect(201);
    expect(res.body.status.code).toBe('NOTED');
    expect(res.body.operations.every((o: { balanceAffected: boolean }) => !o.balanceAffected)).toBe(
      true,
    );
    expect(await balanceOf('@alice')).toEqual(before);
  });

  describe('idempotency', () => {
    it('should replay the first response for the same key', async () => {
      const first = await inflow('@carol', '3', { 'X-Idempotency': 'key-1' }).expect(201);
      const second = await inflow('@carol', '3', { 'X-Idempotency': 'key-1' }).expect(201);
      expect(second.headers['x-idempotency-replayed']).toBe('true');
      expect(second.body).toEqual(first.body);
      const [row] = await h.sql<{ n: number }>(
        `SELECT count(*)::int AS n FROM "transaction" WHERE id = $1`,
        [first.body.id],
      );
      expect(row.n).toBe(1);
    });

    it('should refuse a used key with another body (422 0502), writing nothing', async () => {
      const first = await inflow('@carol', '4', { 'X-Idempotency': 'key-reused' }).expect(201);
      const before = await balanceOf('@carol');
      const [{ n: txBefore }] = await h.sql<{ n: number }>(
        `SELECT count(*)::int AS n FROM "transaction"`,
      );
      const other = await inflow('@carol', '5', { 'X-Idempotency': 'key-reused' }).expect(422);
      expect(other.body).toEqual({
        code: '0502',
        title: 'Idempotency Key Reused With Another Request',
        message: 'Idempotency key key-reused was already used for a different request.',
        fields: { 'X-Idempotency': 'already used with another body' },
      });
      // Another kind with the same amount is another request too.
      await transfer('@carol', '@dave', '4').set('X-Idempotency', 'key-reused').expect(422);
      expect(await balanceOf('@carol')).toEqual(before);
      const [{ n: txAfter }] = await h.sql<{ n: number }>(
        `SELECT count(*)::int AS n FROM "transaction"`,
      );
      expect(txAfter).toBe(txBefore);
      // The request that took the key is still answered with its transaction.
      const again = await inflow('@carol', '4', { 'X-Idempotency': 'key-reused' }).expect(201);
      expect(again.headers['x-idempotency-replayed']).toBe('true');
      expect(again.body.id).toBe(first.body.id);
    });

    it('should let one of concurrent different bodies under one key win, refusing the rest', async () => {
      const before = Number((await balanceOf('@carol')).available);
      const values = Array.from({ length: 12 }, (_, i) => 1 + (i % 3));
      const results = await Promise.all(
        values.map(async (value) => ({
          value,
          res: await inflow('@carol', String(value), { 'X-Idempotency': 'key-raced' }),
        })),
      );
      const created = results.filter((r) => r.res.status === 201);
      expect(new Set(created.map((r) => r.res.body.id)).size).toBe(1);
      // Every 201 is the transaction its own body asked for: nobody gets another's answer.
      for (const { value, res } of created) expect(Number(res.body.amount)).toBe(value);
      const winner = created[0].value;
      for (const { value, res } of results.filter((r) => r.res.status !== 201)) {
        // 409 0084 only while the key's first request is in flight, as for identical bodies.
        if (res.status === 409) {
          expect(res.body.code).toBe('0084');
          continue;
        }
        expect([res.status, res.body.code]).toEqual([422, '0502']);
        expect(value).not.toBe(winner);
      }
      expect(Number((await balanceOf('@carol')).available) - before).toBe(winner);
    });

    it('should deduplicate identical bodies without a header', async () => {
      const body = {
        description: `hash-${Date.now()}`,
        send: {
          asset: 'USD',
          value: '2',
          distribute: { to: [{ accountAlias: '@dave', amount: { asset: 'USD', value: '2' } }] },
        },
      };
      const a = await h.http.post(`${path.base}/transactions/inflow`).send(body).expect(201);
      const b = await h.http.post(`${path.base}/transactions/inflow`).send(body).expect(201);
      expect(b.body.id).toBe(a.body.id);
      expect(b.headers['x-idempotency-replayed']).toBe('true');
    });

    it('should produce one transaction from 20 concurrent duplicates', async () => {
      const before = await balanceOf('@carol');
      const results = await Promise.all(
        Array.from({ length: 20 }, () => inflow('@carol', '7', { 'X-Idempotency': 'burst-1' })),
      );
      const ids = new Set(results.filter((r) => r.status === 201).map((r) => r.body.id));
      expect(
        results.every((r) => r.status === 201 || (r.status === 409 && r.body.code === '0084')),
      ).toBe(true);
      expect(ids.size).toBe(1);
      expect(Number((await balanceOf('@carol')).available) - Number(before.available)).toBe(7);
    });

    it('should leave no key behind when the request fails', async () => {
      await transfer('@carol', '@dave', '1000000').set('X-Idempotency', 'fails-once').expect(422);
      const rows = await h.sql(`SELECT key FROM idempotency_key WHERE key = 'fails-once'`);
      expect(rows).toHaveLength(0);
      await inflow('@carol', '1', { 'X-Idempotency': 'fails-once' }).expect(201);
    });

    it('should validate X-TTL', async () => {
      expect(
        (await inflow('@carol', '1', { 'X-TTL': 'soon' }).expect(400)).body.fields,
      ).toHaveProperty(['X-TTL']);
    });
  });

  describe('reads', () => {
    it('should get, list with cursors, count and patch transactions', async () => {
      const tx = await transfer('@alice', '@bob', '1').expect(201);
      const got = await h.http.get(`${path.base}/transactions/${tx.body.id}`).expect(200);
      expect(got.body).toEqual(tx.body);

      const first = await h.http.get(`${path.base}/transactions?limit=3`).expect(200);
      expect(first.body.items).toHaveLength(3);
      expect(first.body.next_cursor).toEqual(expect.any(String));
      const second = await h.http
        .get(`${path.base}/transactions?limit=3&cursor=${first.body.next_cursor}`)
        .expect(200);
      const firstIds = first.body.items.map((t: { id: string }) => t.id);
      expect(
        second.body.items
          .map((t: { id: string }) => t.id)
          .some((id: string) => firstIds.includes(id)),
      ).toBe(false);
      const back = await h.http
        .get(`${path.base}/transactions?limit=3&cursor=${second.body.prev_cursor}`)
        .expect(200);
      expect(back.body.items.map((t: { id: string }) => t.id)).toEqual(firstIds);

      const count = await h.http.head(`${path.base}/transactions/metrics/count`).expect(204);
      expect(Number(count.headers['x-total-count'])).toBeGreaterThan(5);

      const patched = await h.http
        .patch(`${path.base}/transactions/${tx.body.id}`)
        .send({ description: 'renamed', metadata: { k: 'v' } })
        .expect(200);
      expect(patched.body).toMatchObject({ description: 'renamed', metadata: { k: 'v' } });
      const filtered = await h.http
        .get(`${path.base}/transactions?metadata.k=v&limit=100`)
        .expect(200);
      expect(filtered.body.items.map((t: { id: string }) => t.id)).toEqual([tx.body.id]);
      expect(
        (
          await h.http
            .patch(`${path.base}/transactions/${tx.body.id}`)
            .send({ amount: '5' })
            .expect(400)
        ).body.code,
      ).toBe('0053');
      expect(
        (await h.http.get(`${path.base}/transactions/${UNKNOWN_ID}`).expect(404)).body.entityType,
      ).toBe('Transaction');
    });

    it('should list and patch operations of an account', async () => {
      const [alice] = await h.sql<{ id: string }>(
        `SELECT id FROM account WHERE alias = '@alice' AND ledger_id = $1`,
        [path.ledgerId],
      );
      const ops = await h.http
        .get(`${path.base}/accounts/${alice.id}/operations?limit=100&type=DEBIT`)
        .expect(200);
      expect(ops.body.items.length).toBeGreaterThan(0);
      expect(
        ops.body.items.every(
          (o: { type: string; accountAlias: string }) =>
            o.type === 'DEBIT' && o.accountAlias === '@alice',
        ),
      ).toBe(true);
      const op = ops.body.items[0];
      await h.http.get(`${path.base}/accounts/${alice.id}/operations/${op.id}`).expect(200);
      const patched = await h.http
        .patch(`${path.base}/transactions/${op.transactionId}/operations/${op.id}`)
        .send({ description: 'checked' })
        .expect(200);
      expect(patched.body.description).toBe('checked');
    });
  });

  it('should keep 30+ significant digits exact end to end', async () => {
    await h.http
      .post(`${path.base}/assets`)
      .send({ name: 'Big', type: 'crypto', code: 'BIG' })
      .expect(201);
    await h.http
      .post(`${path.base}/accounts`)
      .send({ assetCode: 'BIG', type: 'wallet', alias: '@whale' })
      .expect(201);
    const value = '123456789012345678901234567890.123456789012345678';
    const res = await h.http
      .post(`${path.base}/transactions/inflow`)
      .send({
        send: {
          asset: 'BIG',
          value,
          distribute: { to: [{ accountAlias: '@whale', amount: { asset: 'BIG', value } }] },
        },
      })
      .expect(201);
    expect(res.body.amount).toBe(value);
    expect((await balanceOf('@whale')).available).toBe(value);
  });
});
