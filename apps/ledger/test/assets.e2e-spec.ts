import {
  countOf,
  idsOf,
  newLedger,
  startLedger,
  UNKNOWN_ID,
  type LedgerHarness,
  type LedgerPath,
} from './support/ledger-harness';

describe('ledger: assets (single-tenant, real PostgreSQL)', () => {
  let h: LedgerHarness;
  let l: LedgerPath;

  beforeAll(async () => {
    h = await startLedger('ledger_assets_e2e');
    l = await newLedger(h.http, 'Assets');
  });

  afterAll(async () => {
    await h?.close();
  });

  const createAsset = (body: Record<string, unknown>, path: LedgerPath = l) =>
    h.http.post(`${path.base}/assets`).send(body);

  describe('create', () => {
    it('should create a currency asset and answer the Midaz Asset shape', async () => {
      const res = await createAsset({
        name: 'Brazilian Real',
        type: 'currency',
        code: 'BRL',
        metadata: { region: 'latam' },
      }).expect(201);
      expect(res.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        organizationId: l.organizationId,
        ledgerId: l.ledgerId,
        name: 'Brazilian Real',
        type: 'currency',
        code: 'BRL',
        status: { code: 'ACTIVE', description: null },
        metadata: { region: 'latam' },
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
        deletedAt: null,
      });
      const read = await h.http.get(`${l.base}/assets/${res.body.id}`).expect(200);
      expect(read.body).toEqual(res.body);
    });

    it('should open the external account @external/{CODE} with its default balance in the same step', async () => {
      await createAsset({ name: 'US Dollar', type: 'fiat', code: 'USD' }).expect(201);
      const external = await h.http.get(`${l.base}/accounts/external/USD`).expect(200);
      expect(external.body).toMatchObject({
        alias: '@external/USD',
        type: 'external',
        assetCode: 'USD',
        organizationId: l.organizationId,
        ledgerId: l.ledgerId,
        deletedAt: null,
      });
      const byAlias = await h.http
        .get(`${l.base}/accounts/alias/${encodeURIComponent('@external/USD')}`)
        .expect(200);
      expect(byAlias.body.id).toBe(external.body.id);

      const balances = await h.sql<Record<string, unknown>>(
        `SELECT alias, key, asset_code, available::text AS available, on_hold::text AS on_hold,
                version::text AS version, account_type, allow_sending, allow_receiving, ledger_id, organization_id
           FROM balance WHERE account_id = $1 AND deleted_at IS NULL`,
        [external.body.id],
      );
      expect(balances).toEqual([
        {
          alias: '@external/USD',
          key: 'default',
          asset_code: 'USD',
          available: '0',
          on_hold: '0',
          version: '1',
          account_type: 'external',
          allow_sending: true,
          allow_receiving: true,
          ledger_id: l.ledgerId,
          organization_id: l.organizationId,
        },
      ]);
    });

    it('should accept crypto, commodity and others codes outside ISO 4217', async () => {
      await createAsset({ name: 'Bitcoin', type: 'crypto', code: 'BTC' }).expect(201);
      await createAsset({ name: 'Gold', type: 'commodity', code: 'XGOLD' }).expect(201);
      await createAsset({ name: 'Air miles', type: 'others', code: 'MILES' }).expect(201);
    });

    it('should refuse an unknown type with 0040', async () => {
      const res = await createAsset({ name: 'Stock', type: 'stock', code: 'ACME' }).expect(400);
      expect(res.body).toMatchObject({ code: '0040', title: 'Invalid Type' });
    });

    it('should refuse a code that is not upper case with 0004, and non-letters with 0033', async () => {
      expect(
        (await createAsset({ name: 'x1', type: 'crypto', code: 'eth' }).expect(400)).body.code,
      ).toBe('0004');
      expect(
        (await createAsset({ name: 'x2', type: 'crypto', code: 'Eth' }).expect(400)).body.code,
      ).toBe('0004');
      expect(
        (await createAsset({ name: 'x3', type: 'crypto', code: 'ETH2' }).expect(400)).body.code,
      ).toBe('0033');
    });

    it('should refuse currency and fiat codes outside ISO 4217 with 0005', async () => {
      const currency = await createAsset({ name: 'Fake', type: 'currency', code: 'XYZ' }).expect(
        400,
      );
      expect(currency.body).toMatchObject({ code: '0005', fields: { code: expect.any(String) } });
      expect(
        (await createAsset({ name: 'Fake2', type: 'fiat', code: 'QQQ' }).expect(400)).body.code,
      ).toBe('0005');
    });

    it('should refuse a duplicate code or name in the ledger with 0003 (409) and leave no trace', async () => {
      const accountsBefore = await countOf(h.http, `${l.base}/accounts`);
      const sameCode = await createAsset({
        name: 'Real again',
        type: 'currency',
        code: 'BRL',
      }).expect(409);
      expect(sameCode.body).toMatchObject({ code: '0003', entityType: 'Asset' });
      const sameName = await createAsset({
        name: 'brazilian real',
        type: 'currency',
        code: 'EUR',
      }).expect(409);
      expect(sameName.body.code).toBe('0003');
      expect(await countOf(h.http, `${l.base}/accounts`)).toBe(accountsBefore);
      await h.http.get(`${l.base}/accounts/external/EUR`).expect(404);
    });

    it('should let the same code exist in another ledger', async () => {
      const other = await newLedger(h.http, 'Other assets');
      await createAsset({ name: 'Brazilian Real', type: 'currency', code: 'BRL' }, other).expect(
        201,
      );
      await h.http.get(`${other.base}/accounts/external/BRL`).expect(200);
    });

    it('should let exactly one of many concurrent creates of the same code win', async () => {
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          createAsset({ name: `Yen ${i}`, type: 'currency', code: 'JPY' }),
        ),
      );
      expect(results.filter((r) => r.status === 201)).toHaveLength(1);
      const losers = results.filter((r) => r.status !== 201);
      expect(losers.map((r) => [r.status, r.body.code])).toEqual(losers.map(() => [409, '0003']));
      const externals = await h.sql(
        `SELECT count(*)::int AS n FROM account WHERE ledger_id = $1 AND alias = '@external/JPY' AND deleted_at IS NULL`,
        [l.ledgerId],
      );
      expect(externals).toEqual([{ n: 1 }]);
    });

    it('should answer missing fields with 0009, unknown fields with 0053 and long names with 0047', async () => {
      const missing = await createAsset({ type: 'currency', code: 'CHF' }).expect(400);
      expect(missing.body).toMatchObject({ code: '0009', fields: { name: expect.any(String) } });
      expect(
        (await createAsset({ name: 'Franc', type: 'currency', code: 'CHF', x: 1 }).expect(400)).body
          .code,
      ).toBe('0053');
      const long = await createAsset({
        name: 'n'.repeat(257),
        type: 'currency',
        code: 'CHF',
      }).expect(400);
      expect(long.body).toMatchObject({ code: '0047', fields: { name: expect.any(String) } });
      const longCode = await createAsset({
        name: 'Long',
        type: 'others',
        code: 'A'.repeat(101),
      }).expect(400);
      expect(longCode.body.fields).toHaveProperty('code');
      expect(
        (
          await createAsset({
            name: 'Meta',
            type: 'others',
            code: 'META',
            metadata: { a: [1] },
          }).expect(400)
        ).body.code,
      ).toBe('0067');
    });
  });

  describe('list, filter, paginate, count', () => {
    let listLedger: LedgerPath;
    const created: { id: string; code: string }[] = [];

    beforeAll(async () => {
      listLedger = await newLedger(h.http, 'Asset lists');
      const specs = [
        { name: 'Euro', type: 'currency', code: 'EUR', metadata: { tier: 1, group: 'core' } },
        { name: 'Pound', type: 'currency', code: 'GBP', metadata: { tier: '2', group: 'core' } },
        { name: 'Ether', type: 'crypto', code: 'ETH', metadata: { tier: 2, vip: true } },
        { name: 'Silver', type: 'commodity', code: 'XAGS', metadata: { tier: '02' } },
      ];
      for (const spec of specs) {
        const res = await createAsset(spec, listLedger).expect(201);
        created.push({ id: res.body.id, code: spec.code });
      }
    });

    const list = (query: string) => h.http.get(`${listLedger.base}/assets?${query}`).expect(200);

    it('should page in creation order with the Midaz envelope', async () => {
      const page1 = await list('limit=3&page=1');
      expect(page1.body).toMatchObject({ page: 1, limit: 3 });
      expect(idsOf(page1)).toEqual(created.slice(0, 3).map((a) => a.id));
      const page2 = await list('limit=3&page=2');
      expect(idsOf(page2)).toEqual([created[3].id]);
      const desc = await list('sort_order=desc&limit=1');
      expect(idsOf(desc)).toEqual([created[3].id]);
    });

    it('should filter by type, asset_code, name prefix and status', async () => {
      expect(idsOf(await list('type=currency'))).toEqual([created[0].id, created[1].id]);
      expect(idsOf(await list('asset_code=ETH'))).toEqual([created[2].id]);
      expect(idsOf(await list('name=sil'))).toEqual([created[3].id]);
      expect(idsOf(await list('status=active'))).toHaveLength(4);
      expect(idsOf(await list('status=INACTIVE'))).toEqual([]);
    });

    it('should filter by metadata.<key>=<value>, matching the string and the number it spells', async () => {
      expect(idsOf(await list('metadata.group=core'))).toEqual([created[0].id, created[1].id]);
      // tier=2 matches the number 2 and the string "2", but not the string "02".
      expect(idsOf(await list('metadata.tier=2'))).toEqual([created[1].id, created[2].id]);
      expect(idsOf(await list('metadata.tier=02'))).toEqual([created[3].id]);
      expect(idsOf(await list('metadata.vip=true'))).toEqual([created[2].id]);
      expect(idsOf(await list('metadata.group=core&metadata.tier=1'))).toEqual([created[0].id]);
      expect(idsOf(await list('metadata.group=nothing'))).toEqual([]);
      // The metadata filter applies before the page is cut.
      expect(idsOf(await list('metadata.group=core&limit=1&page=2'))).toEqual([created[1].id]);
    });

    it('should refuse bad list parameters', async () => {
      const bad = (query: string) => h.http.get(`${listLedger.base}/assets?${query}`).expect(400);
      expect((await bad('limit=101')).body.fields).toHaveProperty('limit');
      expect((await bad('start_date=2024-01-01')).body.code).toBe('0083');
      expect((await bad('start_date=2024-02-01&end_date=2024-01-01')).body.code).toBe('0078');
      expect((await bad('metadata.=x')).body.code).toBe('0082');
    });

    it('should honour the creation-date window', async () => {
      const today = new Date().toISOString().slice(0, 10);
      expect(idsOf(await list(`start_date=${today}&end_date=${today}`))).toHaveLength(4);
      expect(idsOf(await list('start_date=2001-01-01&end_date=2001-12-31'))).toEqual([]);
    });

    it('should count live assets with HEAD metrics/count', async () => {
      expect(await countOf(h.http, `${listLedger.base}/assets`)).toBe(4);
    });
  });

  describe('update and delete', () => {
    it('should patch name, status and metadata and refuse immutable or duplicate values', async () => {
      const { body: asset } = await createAsset({
        name: 'Swiss Franc',
        type: 'currency',
        code: 'CHF',
        metadata: { a: 1, b: 2 },
      }).expect(201);
      const patched = await h.http
        .patch(`${l.base}/assets/${asset.id}`)
        .send({
          name: 'Franc',
          status: { code: 'INACTIVE', description: 'paused' },
          metadata: { b: null, c: 'x' },
        })
        .expect(200);
      expect(patched.body).toMatchObject({
        id: asset.id,
        name: 'Franc',
        code: 'CHF',
        status: { code: 'INACTIVE', description: 'paused' },
        metadata: { a: 1, c: 'x' },
      });
      expect(patched.body.metadata).not.toHaveProperty('b');
      expect((await h.http.get(`${l.base}/assets/${asset.id}`).expect(200)).body.name).toBe(
        'Franc',
      );

      expect(
        (await h.http.patch(`${l.base}/assets/${asset.id}`).send({ code: 'XCH' }).expect(400)).body
          .code,
      ).toBe('0053');
      expect(
        (await h.http.patch(`${l.base}/assets/${asset.id}`).send({ type: 'crypto' }).expect(400))
          .body.code,
      ).toBe('0053');
      const dup = await h.http
        .patch(`${l.base}/assets/${asset.id}`)
        .send({ name: 'US DOLLAR' })
        .expect(409);
      expect(dup.body.code).toBe('0003');
    });

    it('should soft delete the asset with its external account and balance, then answer 404', async () => {
      const { body: asset } = await createAsset({
        name: 'Krone',
        type: 'currency',
        code: 'NOK',
      }).expect(201);
      const { body: external } = await h.http.get(`${l.base}/accounts/external/NOK`).expect(200);
      const before = await countOf(h.http, `${l.base}/assets`);

      await h.http.delete(`${l.base}/assets/${asset.id}`).expect(204);
      const gone = await h.http.get(`${l.base}/assets/${asset.id}`).expect(404);
      expect(gone.body).toMatchObject({ code: '0007', entityType: 'Asset' });
      await h.http.delete(`${l.base}/assets/${asset.id}`).expect(404);
      expect(await countOf(h.http, `${l.base}/assets`)).toBe(before - 1);
      expect((await h.http.get(`${l.base}/accounts/external/NOK`).expect(404)).body.code).toBe(
        '0085',
      );

      const rows = await h.sql<{ asset: boolean; account: boolean; balance: boolean }>(
        `SELECT (SELECT deleted_at IS NOT NULL FROM asset WHERE id = $1) AS asset,
                (SELECT deleted_at IS NOT NULL FROM account WHERE id = $2) AS account,
                (SELECT bool_and(deleted_at IS NOT NULL) FROM balance WHERE account_id = $2) AS balance`,
        [asset.id, external.id],
      );
      expect(rows).toEqual([{ asset: true, account: true, balance: true }]);

      // A deleted code is free again, with a fresh external account.
      await createAsset({ name: 'Krone', type: 'currency', code: 'NOK' }).expect(201);
      const again = await h.http.get(`${l.base}/accounts/external/NOK`).expect(200);
      expect(again.body.id).not.toBe(external.id);
    });

    it('should refuse to delete an asset whose external account still holds funds (0093)', async () => {
      const { body: asset } = await createAsset({
        name: 'Rand',
        type: 'currency',
        code: 'ZAR',
      }).expect(201);
      const { body: external } = await h.http.get(`${l.base}/accounts/external/ZAR`).expect(200);
      await h.sql(`UPDATE balance SET available = -10 WHERE account_id = $1`, [external.id]);
      const refused = await h.http.delete(`${l.base}/assets/${asset.id}`).expect(422);
      expect(refused.body.code).toBe('0093');
      await h.http.get(`${l.base}/assets/${asset.id}`).expect(200);
      await h.http.get(`${l.base}/accounts/external/ZAR`).expect(200);
    });
  });

  describe('scoping', () => {
    it('should answer 404 naming the missing organization or ledger', async () => {
      const unknownOrg = await h.http
        .get(`/v1/organizations/${UNKNOWN_ID}/ledgers/${l.ledgerId}/assets`)
        .expect(404);
      expect(unknownOrg.body).toMatchObject({ code: '0007', entityType: 'Organization' });
      const unknownLedger = await h.http
        .post(`/v1/organizations/${l.organizationId}/ledgers/${UNKNOWN_ID}/assets`)
        .send({ name: 'Peso', type: 'currency', code: 'MXN' })
        .expect(404);
      expect(unknownLedger.body).toMatchObject({ code: '0007', entityType: 'Ledger' });
      await h.http
        .head(`/v1/organizations/${l.organizationId}/ledgers/${UNKNOWN_ID}/assets/metrics/count`)
        .expect(404);
    });

    it("should not reach a ledger through another organization's path", async () => {
      const other = await newLedger(h.http, 'Foreign');
      const { body: asset } = await createAsset({
        name: 'Peso',
        type: 'currency',
        code: 'MXN',
      }).expect(201);
      const crossed = `/v1/organizations/${other.organizationId}/ledgers/${l.ledgerId}`;
      expect((await h.http.get(`${crossed}/assets/${asset.id}`).expect(404)).body.entityType).toBe(
        'Ledger',
      );
      expect((await h.http.get(`${crossed}/assets`).expect(404)).body.entityType).toBe('Ledger');
      // …nor an asset through another ledger of the right organization.
      expect(
        (await h.http.get(`${other.base}/assets/${asset.id}`).expect(404)).body.entityType,
      ).toBe('Asset');
    });

    it('should answer a malformed id with 0065', async () => {
      expect((await h.http.get(`${l.base}/assets/not-a-uuid`).expect(400)).body.code).toBe('0065');
      expect(
        (await h.http.get(`/v1/organizations/x/ledgers/${l.ledgerId}/assets`).expect(400)).body
          .code,
      ).toBe('0065');
    });
  });
});
