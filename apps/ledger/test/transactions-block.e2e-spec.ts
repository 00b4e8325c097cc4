import {
  newLedger,
  startLedger,
  type LedgerHarness,
  type LedgerPath,
} from './support/ledger-harness';

describe('ledger: block and unblock (single-tenant, real PostgreSQL)', () => {
  let h: LedgerHarness;
  let path: LedgerPath;

  beforeAll(async () => {
    h = await startLedger('ledger_block_e2e');
    path = await newLedger(h.http, 'Blocking');
    await h.http
      .post(`${path.base}/assets`)
      .send({ name: 'US Dollar', type: 'currency', code: 'USD' })
      .expect(201);
    for (const alias of ['@alice', '@bob']) {
      const account = await h.http
        .post(`${path.base}/accounts`)
        .send({ assetCode: 'USD', type: 'deposit', alias })
        .expect(201);
      // The balance blocked funds go to: it refuses sending, so only an unblock moves them.
      await h.http
        .post(`${path.base}/accounts/${account.body.id}/balances`)
        .send({ key: 'frozen', allowSending: false })
        .expect(201);
      await h.http
        .post(`${path.base}/transactions/inflow`)
        .send({
          send: {
            asset: 'USD',
            value: '100',
            distribute: { to: [{ accountAlias: alias, amount: { asset: 'USD', value: '100' } }] },
          },
        })
        .expect(201);
    }
  });

  afterAll(() => h?.close());

  const balance = async (alias: string, key: string) => {
    const [row] = await h.sql<{ available: string; on_hold: string }>(
      `SELECT available::text, on_hold::text FROM balance
        WHERE ledger_id = $1 AND alias = $2 AND key = $3 AND deleted_at IS NULL`,
      [path.ledgerId, alias, key],
    );
    return `${Number(row.available)}/${Number(row.on_hold)}`;
  };

  const move = (
    kind: 'block' | 'unblock',
    from: { alias: string; key: string },
    to: { alias: string; key: string },
    value: string,
  ) =>
    h.http.post(`${path.base}/transactions/${kind}`).send({
      description: `${kind} ${value}`,
      send: {
        asset: 'USD',
        value,
        source: {
          from: [
            { accountAlias: from.alias, balanceKey: from.key, amount: { asset: 'USD', value } },
          ],
        },
        distribute: {
          to: [{ accountAlias: to.alias, balanceKey: to.key, amount: { asset: 'USD', value } }],
        },
      },
    });

  const alice = { alias: '@alice', key: 'default' };
  const aliceFrozen = { alias: '@alice', key: 'frozen' };

  it('should block funds into the frozen balance with BLOCK operations, then unblock them', async () => {
    const blocked = await move('block', alice, aliceFrozen, '30.5').expect(201);
    expect(blocked.body.status.code).toBe('APPROVED');
    expect(
      blocked.body.operations.map((o: { type: string; direction: string; balanceKey: string }) =>
        [o.type, o.direction, o.balanceKey].join(' '),
      ),
    ).toEqual(['BLOCK debit default', 'BLOCK credit frozen']);
    expect(await balance('@alice', 'default')).toBe('69.5/0');
    expect(await balance('@alice', 'frozen')).toBe('30.5/0');

    // Blocked funds cannot be spent: the frozen balance refuses sending.
    const spend = await h.http.post(`${path.base}/transactions/json`).send({
      send: {
        asset: 'USD',
        value: '1',
        source: {
          from: [
            { accountAlias: '@alice', balanceKey: 'frozen', amount: { asset: 'USD', value: '1' } },
          ],
        },
        distribute: { to: [{ accountAlias: '@bob', amount: { asset: 'USD', value: '1' } }] },
      },
    });
    expect([spend.status, spend.body.code]).toEqual([422, '0024']);

    const unblocked = await move('unblock', aliceFrozen, alice, '10.5').expect(201);
    expect(unblocked.body.operations.map((o: { type: string }) => o.type)).toEqual([
      'UNBLOCK',
      'UNBLOCK',
    ]);
    expect(await balance('@alice', 'default')).toBe('80/0');
    expect(await balance('@alice', 'frozen')).toBe('20/0');
  });

  it('should refuse to block more than is available, or to unblock more than is blocked', async () => {
    const before = [await balance('@bob', 'default'), await balance('@bob', 'frozen')];
    const bob = { alias: '@bob', key: 'default' };
    const bobFrozen = { alias: '@bob', key: 'frozen' };
    expect((await move('block', bob, bobFrozen, '100.01')).body.code).toBe('0018');
    expect((await move('unblock', bobFrozen, bob, '0.01')).body.code).toBe('0018');
    expect([await balance('@bob', 'default'), await balance('@bob', 'frozen')]).toEqual(before);
  });

  it('should refuse a block that moves funds to another account', async () => {
    const toBob = await move('block', alice, { alias: '@bob', key: 'frozen' }, '1');
    expect([toBob.status, toBob.body.code]).toEqual([422, '0019']);
    const fromBob = await move('unblock', { alias: '@bob', key: 'frozen' }, alice, '1');
    expect([fromBob.status, fromBob.body.code]).toEqual([422, '0019']);
  });

  it('should not revert a block (unblock instead), nor accept pending', async () => {
    const blocked = await move('block', alice, aliceFrozen, '1').expect(201);
    const revert = await h.http.post(`${path.base}/transactions/${blocked.body.id}/revert`);
    expect([revert.status, revert.body.code]).toEqual([422, '0089']);
    const pending = await h.http.post(`${path.base}/transactions/block`).send({
      pending: true,
      send: {
        asset: 'USD',
        value: '1',
        source: { from: [{ accountAlias: '@alice', amount: { asset: 'USD', value: '1' } }] },
        distribute: {
          to: [
            { accountAlias: '@alice', balanceKey: 'frozen', amount: { asset: 'USD', value: '1' } },
          ],
        },
      },
    });
    expect([pending.status, pending.body.code]).toEqual([400, '0053']);
  });

  it('should replay an idempotent block once', async () => {
    const body = (value: string) => ({
      send: {
        asset: 'USD',
        value,
        source: { from: [{ accountAlias: '@bob', amount: { asset: 'USD', value } }] },
        distribute: {
          to: [{ accountAlias: '@bob', balanceKey: 'frozen', amount: { asset: 'USD', value } }],
        },
      },
    });
    const first = await h.http
      .post(`${path.base}/transactions/block`)
      .set('X-Idempotency', 'block-once')
      .send(body('5'))
      .expect(201);
    const again = await h.http
      .post(`${path.base}/transactions/block`)
      .set('X-Idempotency', 'block-once')
      .send(body('5'))
      .expect(201);
    expect(again.headers['x-idempotency-replayed']).toBe('true');
    expect(again.body.id).toBe(first.body.id);
    expect(await balance('@bob', 'frozen')).toBe('5/0');
  });
});
