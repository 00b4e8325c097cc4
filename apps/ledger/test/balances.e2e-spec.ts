import { randomUUID } from 'node:crypto';
import {
  idsOf,
  newLedger,
  startLedger,
  UNKNOWN_ID,
  type LedgerHarness,
  type LedgerPath,
} from './support/ledger-harness';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('ledger: balances (single-tenant, real PostgreSQL)', () => {
  let h: LedgerHarness;
  let l: LedgerPath;

  beforeAll(async () => {
    h = await startLedger('ledger_balances_e2e');
    l = await newLedger(h.http, 'Balances');
    for (const code of ['BRL', 'USD']) {
      await h.http
        .post(`${l.base}/assets`)
        .send({ name: code, type: 'currency', code })
        .expect(201);
    }
  });

  afterAll(async () => {
    await h?.close();
  });

  const openAccount = async (body: Record<string, unknown> = {}, path: LedgerPath = l) =>
    (
      await h.http
        .post(`${path.base}/accounts`)
        .send({ assetCode: 'BRL', type: 'deposit', ...body })
        .expect(201)
    ).body as { id: string; alias: string };

  const defaultBalanceOf = async (accountId: string, path: LedgerPath = l) => {
    const res = await h.http.get(`${path.base}/accounts/${accountId}/balances`).expect(200);
    return res.body.items.find((b: { key: string }) => b.key === 'default');
  };

  const addBalance = (accountId: string, body: Record<string, unknown>, path: LedgerPath = l) =>
    h.http.post(`${path.base}/accounts/${accountId}/balances`).send(body);

  /** Test setup: funds put straight into a balance row, as a posting would leave them. */
  const setFunds = (balanceId: string, available: string, onHold = '0') =>
    h.sql(`UPDATE balance SET available = $2::numeric, on_hold = $3::numeric WHERE id = $1`, [
      balanceId,
      available,
      onHold,
    ]);

  describe('reads', () => {
    it('should answer the default balance of a new account in Midaz shape', async () => {
      const account = await openAccount({ alias: '@shape' });
      const list = await h.http.get(`${l.base}/accounts/${account.id}/balances`).expect(200);
      expect(list.body).toEqual({
        items: [expect.any(Object)],
        limit: 10,
        next_cursor: undefined,
        prev_cursor: undefined,
      });
      const balance = list.body.items[0];
      expect(balance).toEqual({
        id: expect.stringMatching(UUID),
        organizationId: l.organizationId,
        ledgerId: l.ledgerId,
        accountId: account.id,
        alias: '@shape',
        key: 'default',
        assetCode: 'BRL',
        available: '0',
        onHold: '0',
        version: 1,
        accountType: 'deposit',
        allowSending: true,
        allowReceiving: true,
        overdraftUsed: '0',
        direction: 'credit',
        settings: {
          balanceScope: 'transactional',
          allowOverdraft: false,
          overdraftLimitEnabled: false,
        },
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
        deletedAt: null,
      });
      const one = await h.http.get(`${l.base}/balances/${balance.id}`).expect(200);
      expect(one.body).toEqual(balance);
    });

    it('should write amounts as canonical decimal strings of any size and version as a number', async () => {
      const account = await openAccount();
      const balance = await defaultBalanceOf(account.id);
      await setFunds(
        balance.id,
        '1234567890123456789012345678901234.5000',
        '0.000000000000000000000000000010',
      );
      await h.sql(`UPDATE balance SET version = 42 WHERE id = $1`, [balance.id]);
      const res = await h.http.get(`${l.base}/balances/${balance.id}`).expect(200);
      expect(res.body.available).toBe('1234567890123456789012345678901234.5');
      expect(res.body.onHold).toBe('0.00000000000000000000000000001');
      expect(res.body.version).toBe(42);
      expect(res.text).toContain('"version":42');
    });

    it('should answer 404 0007 for an unknown balance, org or ledger, and 400 0065 for a bad id', async () => {
      const missing = await h.http.get(`${l.base}/balances/${UNKNOWN_ID}`).expect(404);
      expect(missing.body).toMatchObject({ code: '0007', entityType: 'Balance' });
      const noLedger = await h.http
        .get(`/v1/organizations/${l.organizationId}/ledgers/${UNKNOWN_ID}/balances`)
        .expect(404);
      expect(noLedger.body).toMatchObject({ code: '0007', entityType: 'Ledger' });
      const noOrg = await h.http
        .get(`/v1/organizations/${UNKNOWN_ID}/ledgers/${l.ledgerId}/balances`)
        .expect(404);
      expect(noOrg.body).toMatchObject({ code: '0007', entityType: 'Organization' });
      const bad = await h.http.get(`${l.base}/balances/not-a-uuid`).expect(400);
      expect(bad.body).toMatchObject({ code: '0065', fields: { balance_id: expect.any(String) } });
    });

    it("should never show one organization's balances through another's path", async () => {
      const account = await openAccount();
      const balance = await defaultBalanceOf(account.id);
      const other = await newLedger(h.http, 'Elsewhere');
      const crossOrg = `/v1/organizations/${other.organizationId}/ledgers/${l.ledgerId}`;
      for (const path of [
        `${crossOrg}/balances/${balance.id}`,
        `${crossOrg}/balances`,
        `${crossOrg}/accounts/${account.id}/balances`,
        `${crossOrg}/balances/${balance.id}/history?date=2024-01-01%2000:00:00`,
      ]) {
        expect((await h.http.get(path).expect(404)).body.code).toBe('0007');
      }
      expect(
        (
          await h.http
            .patch(`${crossOrg}/balances/${balance.id}`)
            .send({ allowSending: false })
            .expect(404)
        ).body.code,
      ).toBe('0007');
      expect(
        (await h.http.delete(`${crossOrg}/balances/${balance.id}`).expect(404)).body.code,
      ).toBe('0007');
      const otherLedger = await h.http.get(`${other.base}/balances/${balance.id}`).expect(404);
      expect(otherLedger.body).toMatchObject({ code: '0007', entityType: 'Balance' });
      const otherAccount = await h.http
        .get(`${other.base}/accounts/${account.id}/balances`)
        .expect(404);
      expect(otherAccount.body).toMatchObject({ code: '0007', entityType: 'Account' });
      expect(idsOf(await h.http.get(`${other.base}/balances`).expect(200))).toEqual([]);
      const unchanged = await h.http.get(`${l.base}/balances/${balance.id}`).expect(200);
      expect(unchanged.body.allowSending).toBe(true);
    });

    it('should read the balances of an account by alias and of an asset by external code', async () => {
      const account = await openAccount({ alias: '@by-alias' });
      await addBalance(account.id, { key: 'frozen' }).expect(201);
      const byAlias = await h.http.get(`${l.base}/accounts/alias/@by-alias/balances`).expect(200);
      expect(byAlias.body.limit).toBe(10);
      expect(
        byAlias.body.items.map((b: { key: string; accountId: string }) => [b.key, b.accountId]),
      ).toEqual([
        ['default', account.id],
        ['frozen', account.id],
      ]);
      const external = await h.http.get(`${l.base}/accounts/external/USD/balances`).expect(200);
      expect(external.body.items).toEqual([
        expect.objectContaining({
          alias: '@external/USD',
          key: 'default',
          assetCode: 'USD',
          accountType: 'external',
          available: '0',
        }),
      ]);
      // As in Midaz: an alias no account has is an empty list, not a 404.
      const nobody = await h.http.get(`${l.base}/accounts/alias/@nobody/balances`).expect(200);
      expect(nobody.body).toEqual({ items: [], limit: 10 });
      expect(
        (await h.http.get(`${l.base}/accounts/external/EUR/balances`).expect(200)).body.items,
      ).toEqual([]);
      const noLedger = await h.http
        .get(
          `/v1/organizations/${l.organizationId}/ledgers/${UNKNOWN_ID}/accounts/alias/@by-alias/balances`,
        )
        .expect(404);
      expect(noLedger.body).toMatchObject({ code: '0007', entityType: 'Ledger' });
    });
  });

  it('should document every balance route in the OpenAPI document', async () => {
    const docs = await h.http.get('/docs-json').expect(200);
    const base = '/v1/organizations/{organization_id}/ledgers/{ledger_id}';
    const paths = Object.keys(docs.body.paths);
    for (const path of [
      '/balances',
      '/balances/{balance_id}',
      '/balances/{balance_id}/history',
      '/accounts/{account_id}/balances',
      '/accounts/{account_id}/balances/history',
      '/accounts/alias/{alias}/balances',
      '/accounts/external/{code}/balances',
    ]) {
      expect(paths).toContain(`${base}${path}`);
    }
    expect(Object.keys(docs.body.paths[`${base}/balances/{balance_id}`])).toEqual(
      expect.arrayContaining(['get', 'patch', 'delete']),
    );
  });

  describe('cursor pagination', () => {
    let p: LedgerPath;
    let all: string[];

    beforeAll(async () => {
      p = await newLedger(h.http, 'Paging');
      await h.http
        .post(`${p.base}/assets`)
        .send({ name: 'Real', type: 'currency', code: 'BRL' })
        .expect(201);
      for (let i = 0; i < 6; i += 1) await openAccount({ alias: `@page${i}` }, p);
      all = (
        await h.sql<{ id: string }>(
          `SELECT id FROM balance WHERE ledger_id = $1 AND deleted_at IS NULL ORDER BY id`,
          [p.ledgerId],
        )
      ).map((row) => row.id);
      expect(all).toHaveLength(7); // six accounts and @external/BRL
    });

    const list = (query: string) => h.http.get(`${p.base}/balances?${query}`);

    it('should walk every balance forward and back with the cursors it hands out', async () => {
      const first = await list('limit=3').expect(200);
      expect(idsOf(first)).toEqual(all.slice(0, 3));
      expect(first.body).toMatchObject({ limit: 3, next_cursor: expect.any(String) });
      expect(first.body).not.toHaveProperty('prev_cursor');
      const second = await list(
        `limit=3&cursor=${encodeURIComponent(first.body.next_cursor)}`,
      ).expect(200);
      expect(idsOf(second)).toEqual(all.slice(3, 6));
      const third = await list(
        `limit=3&cursor=${encodeURIComponent(second.body.next_cursor)}`,
      ).expect(200);
      expect(idsOf(third)).toEqual(all.slice(6));
      expect(third.body.next_cursor).toBeUndefined();
      const back = await list(
        `limit=3&cursor=${encodeURIComponent(third.body.prev_cursor)}`,
      ).expect(200);
      expect(idsOf(back)).toEqual(all.slice(3, 6));
      const start = await list(
        `limit=3&cursor=${encodeURIComponent(back.body.prev_cursor)}`,
      ).expect(200);
      expect(idsOf(start)).toEqual(all.slice(0, 3));
      expect(start.body.prev_cursor).toBeUndefined();
    });

    it('should page newest first with sort_order=desc', async () => {
      const first = await list('limit=4&sort_order=desc').expect(200);
      expect(idsOf(first)).toEqual([...all].reverse().slice(0, 4));
      const second = await list(
        `limit=4&sort_order=desc&cursor=${encodeURIComponent(first.body.next_cursor)}`,
      ).expect(200);
      expect(idsOf(second)).toEqual([...all].reverse().slice(4));
      expect(second.body.next_cursor).toBeUndefined();
    });

    it('should default to 10 per page and filter by creation date window', async () => {
      const page = await list('').expect(200);
      expect(page.body.limit).toBe(10);
      expect(idsOf(page)).toEqual(all);
      const today = new Date().toISOString().slice(0, 10);
      expect(idsOf(await list(`start_date=${today}&end_date=${today}`).expect(200))).toEqual(all);
      expect(idsOf(await list('start_date=2020-01-01&end_date=2020-12-31').expect(200))).toEqual(
        [],
      );
    });

    it('should refuse bad paging parameters, naming them', async () => {
      expect((await list('limit=101').expect(400)).body.fields).toHaveProperty('limit');
      expect((await list('limit=0').expect(400)).body.fields).toHaveProperty('limit');
      expect((await list('sort_order=sideways').expect(400)).body.fields).toHaveProperty(
        'sort_order',
      );
      const cursor = await list('cursor=bm90LWEtY3Vyc29y').expect(400);
      expect(cursor.body).toMatchObject({ code: '0082', fields: { cursor: expect.any(String) } });
      const unpaired = await list('start_date=2024-01-01').expect(400);
      expect(unpaired.body).toMatchObject({
        code: '0083',
        fields: { end_date: expect.any(String) },
      });
      expect((await list('start_date=2024-02-01&end_date=2024-01-01').expect(400)).body.code).toBe(
        '0078',
      );
      expect((await list('start_date=01-01-2024&end_date=2024-01-02').expect(400)).body.code).toBe(
        '0131',
      );
    });

    it("should page one account's balances by cursor too", async () => {
      const account = await openAccount({ alias: '@many' }, p);
      for (const key of ['a', 'b', 'c']) await addBalance(account.id, { key }, p).expect(201);
      const path = `${p.base}/accounts/${account.id}/balances`;
      const first = await h.http.get(`${path}?limit=2`).expect(200);
      expect(first.body.items.map((b: { key: string }) => b.key)).toEqual(['default', 'a']);
      const second = await h.http
        .get(`${path}?limit=2&cursor=${encodeURIComponent(first.body.next_cursor)}`)
        .expect(200);
      expect(second.body.items.map((b: { key: string }) => b.key)).toEqual(['b', 'c']);
      expect(second.body.next_cursor).toBeUndefined();
      const unknown = await h.http.get(`${p.base}/accounts/${UNKNOWN_ID}/balances`).expect(404);
      expect(unknown.body).toMatchObject({ code: '0007', entityType: 'Account' });
    });
  });

  describe('additional balances', () => {
    it('should open a balance under a lower-cased key, with flags, at zero', async () => {
      const account = await openAccount({ alias: '@extra' });
      const res = await addBalance(account.id, {
        key: 'Asset-Freeze',
        allowSending: false,
      }).expect(201);
      expect(res.body).toEqual({
        id: expect.stringMatching(UUID),
        organizationId: l.organizationId,
        ledgerId: l.ledgerId,
        accountId: account.id,
        alias: '@extra',
        key: 'asset-freeze',
        assetCode: 'BRL',
        available: '0',
        onHold: '0',
        version: 1,
        accountType: 'deposit',
        allowSending: false,
        allowReceiving: true,
        overdraftUsed: '0',
        direction: 'credit',
        settings: {
          balanceScope: 'transactional',
          allowOverdraft: false,
          overdraftLimitEnabled: false,
        },
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
        deletedAt: null,
      });
      expect((await h.http.get(`${l.base}/balances/${res.body.id}`).expect(200)).body).toEqual(
        res.body,
      );
      const [row] = await h.sql<{ key: string; alias: string }>(
        'SELECT key, alias FROM balance WHERE id = $1',
        [res.body.id],
      );
      expect(row).toEqual({ key: 'asset-freeze', alias: '@extra' });
    });

    it('should refuse a key the account already has, default included, with 409 0123', async () => {
      const account = await openAccount();
      await addBalance(account.id, { key: 'savings' }).expect(201);
      for (const key of ['savings', 'SAVINGS', 'default']) {
        const dup = await addBalance(account.id, { key }).expect(409);
        expect(dup.body).toMatchObject({ code: '0123', entityType: 'Balance' });
      }
      // Another account may use the same key.
      const other = await openAccount();
      await addBalance(other.id, { key: 'savings' }).expect(201);
    });

    it('should refuse additional balances on an external account with 422 0124', async () => {
      const external = await h.http.get(`${l.base}/accounts/external/BRL`).expect(200);
      const res = await addBalance(external.body.id, { key: 'extra' }).expect(422);
      expect(res.body).toMatchObject({ code: '0124', entityType: 'Balance' });
      const balances = await h.http
        .get(`${l.base}/accounts/${external.body.id}/balances`)
        .expect(200);
      expect(balances.body.items).toHaveLength(1);
    });

    it('should validate the body, naming the fields', async () => {
      const account = await openAccount();
      const missing = await addBalance(account.id, {}).expect(400);
      expect(missing.body).toMatchObject({ code: '0009', fields: { key: expect.any(String) } });
      const spaced = await addBalance(account.id, { key: 'has space' }).expect(400);
      expect(spaced.body).toMatchObject({
        code: '0047',
        fields: { key: expect.stringContaining('whitespace') },
      });
      const tab = await addBalance(account.id, { key: 'a\tb' }).expect(400);
      expect(tab.body.fields).toHaveProperty('key');
      const long = await addBalance(account.id, { key: 'k'.repeat(101) }).expect(400);
      expect(long.body.fields).toHaveProperty('key');
      await addBalance(account.id, { key: 'k'.repeat(100) }).expect(201);
      const flag = await addBalance(account.id, { key: 'x', allowSending: 'yes' }).expect(400);
      expect(flag.body.fields).toHaveProperty('allowSending');
      const unexpected = await addBalance(account.id, { key: 'y', available: '100' }).expect(400);
      expect(unexpected.body).toMatchObject({
        code: '0053',
        fields: { available: expect.any(String) },
      });
      const balances = await h.http.get(`${l.base}/accounts/${account.id}/balances`).expect(200);
      expect(balances.body.items.map((b: { key: string }) => b.key)).toEqual([
        'default',
        'k'.repeat(100),
      ]);
    });

    it('should answer 404 0007 for an unknown or deleted account', async () => {
      const unknown = await addBalance(UNKNOWN_ID, { key: 'x' }).expect(404);
      expect(unknown.body).toMatchObject({ code: '0007', entityType: 'Account' });
      const account = await openAccount();
      await h.http.delete(`${l.base}/accounts/${account.id}`).expect(204);
      expect((await addBalance(account.id, { key: 'x' }).expect(404)).body.entityType).toBe(
        'Account',
      );
    });
  });

  describe('flags', () => {
    it('should change allowSending / allowReceiving only', async () => {
      const account = await openAccount();
      const balance = await defaultBalanceOf(account.id);
      await setFunds(balance.id, '75.5');
      const res = await h.http
        .patch(`${l.base}/balances/${balance.id}`)
        .send({ allowSending: false })
        .expect(200);
      expect(res.body).toMatchObject({
        id: balance.id,
        allowSending: false,
        allowReceiving: true,
        available: '75.5',
        version: 1,
        createdAt: balance.createdAt,
      });
      expect(res.body.updatedAt >= balance.updatedAt).toBe(true);
      const both = await h.http
        .patch(`${l.base}/balances/${balance.id}`)
        .send({ allowSending: true, allowReceiving: false })
        .expect(200);
      expect(both.body).toMatchObject({ allowSending: true, allowReceiving: false });
      const read = await h.http.get(`${l.base}/balances/${balance.id}`).expect(200);
      expect(read.body).toMatchObject({
        allowSending: true,
        allowReceiving: false,
        available: '75.5',
      });
      const empty = await h.http.patch(`${l.base}/balances/${balance.id}`).send({}).expect(200);
      expect(empty.body).toMatchObject({ allowSending: true, allowReceiving: false });
    });

    it('should refuse any other field with 0053 and non-booleans with 0047', async () => {
      const account = await openAccount();
      const balance = await defaultBalanceOf(account.id);
      for (const field of ['available', 'onHold', 'version', 'key', 'assetCode']) {
        const res = await h.http
          .patch(`${l.base}/balances/${balance.id}`)
          .send({ [field]: '1' })
          .expect(400);
        expect(res.body).toMatchObject({ code: '0053', fields: { [field]: expect.any(String) } });
      }
      const notBool = await h.http
        .patch(`${l.base}/balances/${balance.id}`)
        .send({ allowReceiving: 'false' })
        .expect(400);
      expect(notBool.body).toMatchObject({
        code: '0047',
        fields: { allowReceiving: expect.any(String) },
      });
      expect((await h.http.get(`${l.base}/balances/${balance.id}`).expect(200)).body).toMatchObject(
        {
          available: '0',
          allowReceiving: true,
        },
      );
      const missing = await h.http
        .patch(`${l.base}/balances/${UNKNOWN_ID}`)
        .send({ allowSending: false })
        .expect(404);
      expect(missing.body).toMatchObject({ code: '0007', entityType: 'Balance' });
    });
  });

  describe('delete', () => {
    it('should soft-delete an empty additional balance and free its key', async () => {
      const account = await openAccount();
      const { body: extra } = await addBalance(account.id, { key: 'temp' }).expect(201);
      await h.http.delete(`${l.base}/balances/${extra.id}`).expect(204);
      expect((await h.http.get(`${l.base}/balances/${extra.id}`).expect(404)).body.code).toBe(
        '0007',
      );
      const [row] = await h.sql<{ deleted: boolean }>(
        'SELECT deleted_at IS NOT NULL AS deleted FROM balance WHERE id = $1',
        [extra.id],
      );
      expect(row.deleted).toBe(true);
      const keys = await h.http.get(`${l.base}/accounts/${account.id}/balances`).expect(200);
      expect(keys.body.items.map((b: { key: string }) => b.key)).toEqual(['default']);
      expect((await h.http.delete(`${l.base}/balances/${extra.id}`).expect(404)).body.code).toBe(
        '0007',
      );
      const again = await addBalance(account.id, { key: 'temp' }).expect(201);
      expect(again.body.id).not.toBe(extra.id);
    });

    it('should refuse a balance with funds available or on hold with 422 0093', async () => {
      const account = await openAccount();
      const { body: extra } = await addBalance(account.id, { key: 'funded' }).expect(201);
      await setFunds(extra.id, '0.01');
      const available = await h.http.delete(`${l.base}/balances/${extra.id}`).expect(422);
      expect(available.body).toMatchObject({ code: '0093', entityType: 'Balance' });
      await setFunds(extra.id, '0', '5');
      expect((await h.http.delete(`${l.base}/balances/${extra.id}`).expect(422)).body.code).toBe(
        '0093',
      );
      await setFunds(extra.id, '-3');
      expect((await h.http.delete(`${l.base}/balances/${extra.id}`).expect(422)).body.code).toBe(
        '0093',
      );
      expect((await h.http.get(`${l.base}/balances/${extra.id}`).expect(200)).body.available).toBe(
        '-3',
      );
      await setFunds(extra.id, '0.000', '0');
      await h.http.delete(`${l.base}/balances/${extra.id}`).expect(204);
    });

    it('should keep the default balance while the account lives (422 0008)', async () => {
      const account = await openAccount();
      const balance = await defaultBalanceOf(account.id);
      const res = await h.http.delete(`${l.base}/balances/${balance.id}`).expect(422);
      expect(res.body).toMatchObject({ code: '0008', entityType: 'Balance' });
      await h.http.get(`${l.base}/balances/${balance.id}`).expect(200);
      await h.http.delete(`${l.base}/accounts/${account.id}`).expect(204);
      expect((await h.http.get(`${l.base}/balances/${balance.id}`).expect(404)).body.code).toBe(
        '0007',
      );
    });
  });

  describe('history', () => {
    const T0 = '2024-01-01 00:00:00+00';

    /** Test setup: a minimal approved transaction, then one operation per given state. */
    async function recordOperations(
      balance: { id: string; accountId: string; alias: string; key: string },
      operations: {
        at: string;
        available: string;
        onHold?: string;
        version: number;
        affected?: boolean;
      }[],
    ) {
      const transactionId = randomUUID();
      await h.sql(
        `INSERT INTO "transaction" (id, organization_id, ledger_id, kind, status, amount, asset_code, body,
                                    transaction_date)
         VALUES ($1, $2, $3, 'json', 'APPROVED', 0, 'BRL', '{}'::jsonb, $4)`,
        [transactionId, l.organizationId, l.ledgerId, operations[0]?.at ?? T0],
      );
      for (const op of operations) {
        await h.sql(
          `INSERT INTO operation (id, transaction_id, organization_id, ledger_id, account_id, account_alias,
                                  balance_id, balance_key, type, direction, asset_code, amount,
                                  available_before, on_hold_before, version_before,
                                  available_after, on_hold_after, version_after, balance_affected,
                                  status, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'CREDIT', 'credit', 'BRL', 1,
                   0, 0, $9::bigint - 1, $10::numeric, $11::numeric, $9::bigint, $12, 'APPROVED',
                   $13::timestamptz, $13::timestamptz)`,
          [
            randomUUID(),
            transactionId,
            l.organizationId,
            l.ledgerId,
            balance.accountId,
            balance.alias,
            balance.id,
            balance.key,
            op.version,
            op.available,
            op.onHold ?? '0',
            op.affected ?? true,
            op.at,
          ],
        );
      }
    }

    const historyOf = (balanceId: string, date: string) =>
      h.http.get(`${l.base}/balances/${balanceId}/history`).query({ date });
    const accountHistory = (accountId: string, date: string) =>
      h.http.get(`${l.base}/accounts/${accountId}/balances/history`).query({ date });

    let account: { id: string; alias: string };
    let main: { id: string; accountId: string; alias: string; key: string; createdAt: string };
    let frozen: { id: string; accountId: string; alias: string; key: string };

    beforeAll(async () => {
      account = await openAccount({ alias: '@history' });
      main = await defaultBalanceOf(account.id);
      frozen = (await addBalance(account.id, { key: 'frozen' }).expect(201)).body;
      await h.sql(`UPDATE balance SET created_at = $2 WHERE id = $1`, [main.id, T0]);
      await h.sql(`UPDATE balance SET created_at = '2024-02-15 00:00:00+00' WHERE id = $1`, [
        frozen.id,
      ]);
      await recordOperations(main, [
        { at: '2024-02-01 10:00:00+00', available: '100.50', version: 2 },
        { at: '2024-03-01 10:00:00+00', available: '60.25', onHold: '40.25', version: 3 },
        // Same instant, later version: the later one is the state at that instant.
        { at: '2024-03-01 10:00:00+00', available: '60', onHold: '40.5', version: 4 },
        // An annotation leaves the balance as it was; its "after" must not be read.
        { at: '2024-03-10 00:00:00+00', available: '999', version: 4, affected: false },
      ]);
      await recordOperations(frozen, [
        { at: '2024-02-20 00:00:00+00', available: '7', version: 2 },
      ]);
      await setFunds(main.id, '60', '40.5');
      await h.sql(`UPDATE balance SET version = 4 WHERE id = $1`, [main.id]);
    });

    it('should answer 404 0141 before the balance existed', async () => {
      const res = await historyOf(main.id, '2023-12-31 23:59:59').expect(404);
      expect(res.body).toMatchObject({ code: '0141', title: 'No Balance Data at Date' });
    });

    it('should answer zeros at version 1 after opening and before any operation', async () => {
      const res = await historyOf(main.id, '2024-01-15 00:00:00').expect(200);
      expect(res.body).toEqual({
        id: main.id,
        organizationId: l.organizationId,
        ledgerId: l.ledgerId,
        accountId: account.id,
        alias: '@history',
        key: 'default',
        assetCode: 'BRL',
        available: '0',
        onHold: '0',
        version: 1,
        accountType: 'deposit',
        overdraftUsed: '0',
        direction: 'credit',
        createdAt: '2024-01-01T00:00:00.000Z',
        updatedAt: '2024-01-01T00:00:00.000Z',
      });
      expect((await historyOf(main.id, '2024-01-01 00:00:00').expect(200)).body.version).toBe(1);
    });

    it('should answer the state each operation left, from its instant on', async () => {
      const at = async (date: string) => {
        const { body } = await historyOf(main.id, date).expect(200);
        return [body.available, body.onHold, body.version, body.updatedAt];
      };
      expect(await at('2024-02-01 09:59:59')).toEqual(['0', '0', 1, '2024-01-01T00:00:00.000Z']);
      expect(await at('2024-02-01 10:00:00')).toEqual([
        '100.5',
        '0',
        2,
        '2024-02-01T10:00:00.000Z',
      ]);
      expect(await at('2024-02-15 12:00:00')).toEqual([
        '100.5',
        '0',
        2,
        '2024-02-01T10:00:00.000Z',
      ]);
      expect(await at('2024-03-01T09:59:59.999Z')).toEqual([
        '100.5',
        '0',
        2,
        '2024-02-01T10:00:00.000Z',
      ]);
      expect(await at('2024-03-01T07:00:00-03:00')).toEqual([
        '60',
        '40.5',
        4,
        '2024-03-01T10:00:00.000Z',
      ]);
      expect(await at('2024-03-10 00:00:01')).toEqual([
        '60',
        '40.5',
        4,
        '2024-03-01T10:00:00.000Z',
      ]);
      const now = new Date().toISOString();
      expect(await at(now)).toEqual(['60', '40.5', 4, '2024-03-01T10:00:00.000Z']);
      const current = await h.http.get(`${l.base}/balances/${main.id}`).expect(200);
      expect([current.body.available, current.body.onHold, current.body.version]).toEqual([
        '60',
        '40.5',
        4,
      ]);
    });

    it('should answer every balance the account had at the instant', async () => {
      const keysAt = async (date: string) =>
        (await accountHistory(account.id, date).expect(200)).body.map(
          (b: { key: string; available: string; onHold: string; version: number }) => [
            b.key,
            b.available,
            b.onHold,
            b.version,
          ],
        );
      expect(await keysAt('2024-01-20 00:00:00')).toEqual([['default', '0', '0', 1]]);
      expect(await keysAt('2024-02-16 00:00:00')).toEqual([
        ['default', '100.5', '0', 2],
        ['frozen', '0', '0', 1],
      ]);
      expect(await keysAt('2024-02-25T00:00:00Z')).toEqual([
        ['default', '100.5', '0', 2],
        ['frozen', '7', '0', 2],
      ]);
      expect(await keysAt('2024-04-01 00:00:00')).toEqual([
        ['default', '60', '40.5', 4],
        ['frozen', '7', '0', 2],
      ]);
      const full = await accountHistory(account.id, '2024-04-01 00:00:00').expect(200);
      expect(full.body[0]).toEqual({
        id: main.id,
        organizationId: l.organizationId,
        ledgerId: l.ledgerId,
        accountId: account.id,
        alias: '@history',
        key: 'default',
        assetCode: 'BRL',
        available: '60',
        onHold: '40.5',
        version: 4,
        accountType: 'deposit',
        overdraftUsed: '0',
        direction: 'credit',
        createdAt: '2024-01-01T00:00:00.000Z',
        updatedAt: '2024-03-01T10:00:00.000Z',
      });
      const before = await accountHistory(account.id, '2023-06-01 00:00:00').expect(404);
      expect(before.body.code).toBe('0141');
    });

    it('should keep a balance deleted later in the account history of earlier instants', async () => {
      const other = await openAccount({ alias: '@closing' });
      const base = await defaultBalanceOf(other.id);
      const { body: temp } = await addBalance(other.id, { key: 'temp' }).expect(201);
      await h.sql(`UPDATE balance SET created_at = $2 WHERE id = ANY($1::uuid[])`, [
        [base.id, temp.id],
        T0,
      ]);
      await h.http.delete(`${l.base}/balances/${temp.id}`).expect(204);
      const earlier = await accountHistory(other.id, '2024-06-01 00:00:00').expect(200);
      expect(earlier.body.map((b: { key: string }) => b.key)).toEqual(['default', 'temp']);
      const now = await accountHistory(other.id, new Date().toISOString()).expect(200);
      expect(now.body.map((b: { key: string }) => b.key)).toEqual(['default']);
      expect((await historyOf(temp.id, '2024-06-01 00:00:00').expect(404)).body.code).toBe('0007');
    });

    it('should validate the date: required 0142, format 0131, not in the future 0140', async () => {
      for (const path of [
        `${l.base}/balances/${main.id}/history`,
        `${l.base}/accounts/${account.id}/balances/history`,
      ]) {
        const missing = await h.http.get(path).expect(400);
        expect(missing.body).toMatchObject({ code: '0142', fields: { date: expect.any(String) } });
        expect((await h.http.get(`${path}?date=`).expect(400)).body.code).toBe('0142');
        for (const date of [
          '2024-01-15',
          '15/01/2024 10:00:00',
          '2024-02-30 00:00:00',
          'yesterday',
        ]) {
          const bad = await h.http.get(path).query({ date }).expect(400);
          expect(bad.body).toMatchObject({ code: '0131', fields: { date: expect.any(String) } });
        }
        const future = new Date(Date.now() + 60 * 60 * 1000).toISOString();
        const ahead = await h.http.get(path).query({ date: future }).expect(400);
        expect(ahead.body).toMatchObject({ code: '0140', fields: { date: expect.any(String) } });
      }
    });

    it('should answer 404 0007 for an unknown balance or account', async () => {
      const balance = await historyOf(UNKNOWN_ID, '2024-01-15 00:00:00').expect(404);
      expect(balance.body).toMatchObject({ code: '0007', entityType: 'Balance' });
      const acc = await accountHistory(UNKNOWN_ID, '2024-01-15 00:00:00').expect(404);
      expect(acc.body).toMatchObject({ code: '0007', entityType: 'Account' });
    });

    it('should follow balances moved by the posting API', async () => {
      const payee = await openAccount({ assetCode: 'USD', alias: '@payee' });
      const balance = await defaultBalanceOf(payee.id);
      await new Promise((resolve) => setTimeout(resolve, 20));
      const before = new Date().toISOString();
      await new Promise((resolve) => setTimeout(resolve, 20));
      await h.http
        .post(`${l.base}/transactions/inflow`)
        .send({
          send: {
            asset: 'USD',
            value: '250.75',
            distribute: {
              to: [{ accountAlias: '@payee', amount: { asset: 'USD', value: '250.75' } }],
            },
          },
        })
        .expect(201);
      await new Promise((resolve) => setTimeout(resolve, 20));
      const after = new Date().toISOString();
      const then = await historyOf(balance.id, before).expect(200);
      expect([then.body.available, then.body.version]).toEqual(['0', 1]);
      const now = await historyOf(balance.id, after).expect(200);
      const current = await h.http.get(`${l.base}/balances/${balance.id}`).expect(200);
      expect(current.body.available).toBe('250.75');
      expect([now.body.available, now.body.onHold, now.body.version]).toEqual([
        '250.75',
        '0',
        current.body.version,
      ]);
      const external = await h.http.get(`${l.base}/accounts/external/USD/balances`).expect(200);
      const externalNow = await historyOf(external.body.items[0].id, after).expect(200);
      expect(externalNow.body.available).toBe('-250.75');
    });
  });
});
