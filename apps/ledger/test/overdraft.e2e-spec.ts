import {
  newLedger,
  startLedger,
  type LedgerHarness,
  type LedgerPath,
} from './support/ledger-harness';

describe('ledger: overdraft and internal balances (single-tenant, real PostgreSQL)', () => {
  let h: LedgerHarness;
  let path: LedgerPath;
  const ids: Record<string, { account: string; balance: string }> = {};

  beforeAll(async () => {
    h = await startLedger('ledger_overdraft_e2e');
    path = await newLedger(h.http, 'Overdraft');
    await h.http
      .post(`${path.base}/assets`)
      .send({ name: 'US Dollar', type: 'currency', code: 'USD' })
      .expect(201);
    for (const alias of ['@od', '@shop', '@capped']) {
      const account = await h.http
        .post(`${path.base}/accounts`)
        .send({ assetCode: 'USD', type: 'deposit', alias })
        .expect(201);
      const balances = await h.http.get(`${path.base}/accounts/${account.body.id}/balances`);
      ids[alias] = { account: account.body.id, balance: balances.body.items[0].id };
    }
  });

  afterAll(() => h?.close());

  const post = (kind: string, body: object) =>
    h.http.post(`${path.base}/transactions/${kind}`).send(body);
  const inflow = (alias: string, value: string) =>
    post('inflow', {
      send: {
        asset: 'USD',
        value,
        distribute: { to: [{ accountAlias: alias, amount: { asset: 'USD', value } }] },
      },
    });
  const transfer = (from: string, to: string, value: string) =>
    post('json', {
      send: {
        asset: 'USD',
        value,
        source: { from: [{ accountAlias: from, amount: { asset: 'USD', value } }] },
        distribute: { to: [{ accountAlias: to, amount: { asset: 'USD', value } }] },
      },
    });
  const balanceOf = async (alias: string, key = 'default') =>
    (await h.http.get(`${path.base}/accounts/alias/${alias}/balances`)).body.items.find(
      (b: { key: string }) => b.key === key,
    );

  it('should enable overdraft on a balance, opening its internal overdraft balance', async () => {
    const res = await h.http
      .patch(`${path.base}/balances/${ids['@od'].balance}`)
      .send({ settings: { allowOverdraft: true } })
      .expect(200);
    expect(res.body.settings).toEqual({
      balanceScope: 'transactional',
      allowOverdraft: true,
      overdraftLimitEnabled: false,
    });
    const internal = await balanceOf('@od', 'overdraft');
    expect(internal).toMatchObject({
      direction: 'debit',
      settings: { balanceScope: 'internal' },
      available: '0',
    });
  });

  it('should floor available at zero, accrue overdraftUsed and record the OVERDRAFT companion', async () => {
    await inflow('@od', '10').expect(201);
    const spend = await transfer('@od', '@shop', '25.75').expect(201);
    expect(
      spend.body.operations.map(
        (o: {
          accountAlias: string;
          balanceKey: string;
          type: string;
          direction: string;
          amount: { value: string };
          balanceAfter: { available: string; overdraftUsed: string };
        }) =>
          `${o.accountAlias}#${o.balanceKey} ${o.type} ${o.direction} ${o.amount.value} ${o.balanceAfter.available}/${o.balanceAfter.overdraftUsed}`,
      ),
    ).toEqual([
      '@od#default DEBIT debit 25.75 0/15.75',
      '@od#overdraft OVERDRAFT debit 15.75 15.75/0',
      '@shop#default CREDIT credit 25.75 25.75/0',
    ]);
    const main = await balanceOf('@od');
    expect([main.available, main.overdraftUsed]).toEqual(['0', '15.75']);
    expect(main).not.toHaveProperty('position');
    expect((await balanceOf('@od', 'overdraft')).available).toBe('15.75');
  });

  it('should repay the overdraft first with incoming credits', async () => {
    const repay = await inflow('@od', '20').expect(201);
    expect(
      repay.body.operations.map(
        (o: { type: string; direction: string }) => `${o.type} ${o.direction}`,
      ),
    ).toEqual(['DEBIT debit', 'CREDIT credit', 'OVERDRAFT credit']);
    const main = await balanceOf('@od');
    expect([main.available, main.overdraftUsed]).toEqual(['4.25', '0']);
    expect((await balanceOf('@od', 'overdraft')).available).toBe('0');
  });

  it('should enforce the overdraft limit (0167) and refuse a limit below usage (0173)', async () => {
    const capped = ids['@capped'].balance;
    const bad = await h.http
      .patch(`${path.base}/balances/${capped}`)
      .send({ settings: { allowOverdraft: true, overdraftLimitEnabled: true } });
    expect([bad.status, bad.body.code]).toEqual([400, '0172']);
    const limited = await h.http
      .patch(`${path.base}/balances/${capped}`)
      .send({
        settings: { allowOverdraft: true, overdraftLimitEnabled: true, overdraftLimit: '100' },
      })
      .expect(200);
    expect(limited.body.settings.overdraftLimit).toBe('100');
    expect(limited.body.settings).toMatchObject({ overdraftLimitEnabled: true });
    await transfer('@capped', '@shop', '60').expect(201);
    const over = await transfer('@capped', '@shop', '40.01');
    expect([over.status, over.body.code]).toEqual([422, '0167']);
    expect((await balanceOf('@capped')).overdraftUsed).toBe('60');
    const below = await h.http
      .patch(`${path.base}/balances/${capped}`)
      .send({ settings: { overdraftLimit: '59.99' } });
    expect([below.status, below.body.code]).toEqual([422, '0173']);
    expect((await balanceOf('@capped')).settings.overdraftLimit).toBe('100');
  });

  it('should refuse without overdraft (0018) and never let a hold draw on it', async () => {
    const plain = await transfer('@shop', '@od', '1000');
    expect([plain.status, plain.body.code]).toEqual([422, '0018']);
    const hold = await post('json', {
      pending: true,
      send: {
        asset: 'USD',
        value: '5',
        source: { from: [{ accountAlias: '@od', amount: { asset: 'USD', value: '5' } }] },
        distribute: { to: [{ accountAlias: '@shop', amount: { asset: 'USD', value: '5' } }] },
      },
    });
    expect([hold.status, hold.body.code]).toEqual([422, '0018']);
  });

  it('should protect internal balances: no legs (0168), no PATCH (0175), no DELETE (0169), reserved key (0170)', async () => {
    const internal = await balanceOf('@od', 'overdraft');
    const leg = await post('json', {
      send: {
        asset: 'USD',
        value: '1',
        source: {
          from: [
            { accountAlias: '@od', balanceKey: 'overdraft', amount: { asset: 'USD', value: '1' } },
          ],
        },
        distribute: { to: [{ accountAlias: '@shop', amount: { asset: 'USD', value: '1' } }] },
      },
    });
    expect([leg.status, leg.body.code]).toEqual([422, '0168']);
    const patch = await h.http
      .patch(`${path.base}/balances/${internal.id}`)
      .send({ allowSending: false });
    expect([patch.status, patch.body.code]).toEqual([422, '0175']);
    const del = await h.http.delete(`${path.base}/balances/${internal.id}`);
    expect([del.status, del.body.code]).toEqual([422, '0169']);
    const reserved = await h.http
      .post(`${path.base}/accounts/${ids['@shop'].account}/balances`)
      .send({ key: 'Overdraft' });
    expect([reserved.status, reserved.body.code]).toEqual([400, '0170']);
    const scope = await h.http
      .patch(`${path.base}/balances/${ids['@shop'].balance}`)
      .send({ settings: { balanceScope: 'internal' } });
    expect([scope.status, scope.body.code]).toEqual([400, '0172']);
  });

  it('should keep operations replayable: a revert folds the overdraft back', async () => {
    const spend = await transfer('@od', '@shop', '14.25').expect(201);
    expect((await balanceOf('@od')).overdraftUsed).toBe('10');
    await h.http.post(`${path.base}/transactions/${spend.body.id}/revert`).expect(201);
    const main = await balanceOf('@od');
    expect([main.available, main.overdraftUsed]).toEqual(['4.25', '0']);
    const [sum] = await h.sql<{ total: string }>(
      `SELECT sum(CASE WHEN direction = 'debit' THEN -(available + on_hold) ELSE available + on_hold END)::text AS total
         FROM balance WHERE ledger_id = $1 AND deleted_at IS NULL`,
      [path.ledgerId],
    );
    expect(Number(sum.total)).toBe(0);
  });
});
