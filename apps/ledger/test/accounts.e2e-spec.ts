import { selfHolderIdOf } from '@finplat/ledger-domain';
import {
  countOf,
  idsOf,
  newLedger,
  startLedger,
  UNKNOWN_ID,
  type LedgerHarness,
  type LedgerPath,
} from './support/ledger-harness';

describe('ledger: accounts (single-tenant, real PostgreSQL)', () => {
  let h: LedgerHarness;
  let l: LedgerPath;
  let portfolioId: string;
  let segmentId: string;

  beforeAll(async () => {
    h = await startLedger('ledger_accounts_e2e');
    l = await newLedger(h.http, 'Accounts');
    await h.http
      .post(`${l.base}/assets`)
      .send({ name: 'Real', type: 'currency', code: 'BRL' })
      .expect(201);
    await h.http
      .post(`${l.base}/assets`)
      .send({ name: 'Dollar', type: 'currency', code: 'USD' })
      .expect(201);
    portfolioId = (
      await h.http
        .post(`${l.base}/portfolios`)
        .send({ name: 'Retail', entityId: 'CUST-1' })
        .expect(201)
    ).body.id;
    segmentId = (await h.http.post(`${l.base}/segments`).send({ name: 'South' }).expect(201)).body
      .id;
  });

  afterAll(async () => {
    await h?.close();
  });

  const createAccount = (body: Record<string, unknown>, path: LedgerPath = l) =>
    h.http.post(`${path.base}/accounts`).send(body);

  const balancesOf = (accountId: string) =>
    h.sql<Record<string, unknown>>(
      `SELECT alias, key, asset_code, available::text AS available, on_hold::text AS on_hold,
              version::text AS version, account_type, allow_sending, allow_receiving, deleted_at IS NOT NULL AS deleted
         FROM balance WHERE account_id = $1 ORDER BY created_at`,
      [accountId],
    );

  describe('create', () => {
    it('should create an account with Midaz defaults: alias = id, generated name, default balance', async () => {
      const res = await createAccount({ assetCode: 'BRL', type: 'deposit' }).expect(201);
      expect(res.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        organizationId: l.organizationId,
        ledgerId: l.ledgerId,
        name: 'BRL deposit account',
        alias: res.body.id,
        type: 'deposit',
        assetCode: 'BRL',
        parentAccountId: null,
        portfolioId: null,
        segmentId: null,
        entityId: null,
        holderId: selfHolderIdOf(l.organizationId),
        holderCheckSkipped: false,
        blocked: false,
        status: { code: 'ACTIVE', description: null },
        metadata: {},
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
        deletedAt: null,
      });
      expect(await balancesOf(res.body.id)).toEqual([
        {
          alias: res.body.id,
          key: 'default',
          asset_code: 'BRL',
          available: '0',
          on_hold: '0',
          version: '1',
          account_type: 'deposit',
          allow_sending: true,
          allow_receiving: true,
          deleted: false,
        },
      ]);
      expect((await h.http.get(`${l.base}/accounts/${res.body.id}`).expect(200)).body).toEqual(
        res.body,
      );
    });

    it('should link portfolio, segment and parent, inherit the portfolio entityId and keep blocked', async () => {
      const { body: parent } = await createAccount({
        assetCode: 'BRL',
        type: 'deposit',
        alias: '@parent',
      }).expect(201);
      const res = await createAccount({
        assetCode: 'BRL',
        type: 'savings',
        name: 'Child savings',
        alias: '@child:1',
        parentAccountId: parent.id,
        portfolioId,
        segmentId,
        blocked: true,
        status: { code: 'PENDING', description: 'KYC' },
        metadata: { branch: 7 },
      }).expect(201);
      expect(res.body).toMatchObject({
        name: 'Child savings',
        alias: '@child:1',
        parentAccountId: parent.id,
        portfolioId,
        segmentId,
        entityId: 'CUST-1',
        blocked: true,
        status: { code: 'PENDING', description: 'KYC' },
        metadata: { branch: 7 },
      });
      const explicit = await createAccount({
        assetCode: 'BRL',
        type: 'savings',
        portfolioId,
        entityId: 'OWN',
      }).expect(201);
      expect(explicit.body.entityId).toBe('OWN');
    });

    it('should read accounts by alias and the external account by asset code', async () => {
      const { body: account } = await createAccount({
        assetCode: 'USD',
        type: 'deposit',
        alias: '@alice',
      }).expect(201);
      expect((await h.http.get(`${l.base}/accounts/alias/@alice`).expect(200)).body.id).toBe(
        account.id,
      );
      const external = await h.http.get(`${l.base}/accounts/external/USD`).expect(200);
      expect(external.body).toMatchObject({
        alias: '@external/USD',
        type: 'external',
        assetCode: 'USD',
      });
      expect(await balancesOf(external.body.id)).toEqual([
        expect.objectContaining({
          key: 'default',
          available: '0',
          account_type: 'external',
          deleted: false,
        }),
      ]);
      const missing = await h.http.get(`${l.base}/accounts/alias/@nobody`).expect(404);
      expect(missing.body).toMatchObject({ code: '0085', entityType: 'Account' });
      expect((await h.http.get(`${l.base}/accounts/external/EUR`).expect(404)).body.code).toBe(
        '0085',
      );
    });

    it('should refuse an asset code the ledger does not have with 0034', async () => {
      const res = await createAccount({ assetCode: 'EUR', type: 'deposit' }).expect(404);
      expect(res.body).toMatchObject({ code: '0034', title: 'Asset Code Not Found' });
    });

    it('should refuse an unknown parent with 0029 and a parent of another asset with 0030', async () => {
      const unknown = await createAccount({
        assetCode: 'BRL',
        type: 'deposit',
        parentAccountId: UNKNOWN_ID,
      }).expect(422);
      expect(unknown.body).toMatchObject({
        code: '0029',
        fields: { parentAccountId: expect.any(String) },
      });
      const { body: usd } = await createAccount({ assetCode: 'USD', type: 'deposit' }).expect(201);
      const mismatch = await createAccount({
        assetCode: 'BRL',
        type: 'deposit',
        parentAccountId: usd.id,
      }).expect(422);
      expect(mismatch.body.code).toBe('0030');
      const otherLedger = await newLedger(h.http, 'Parents elsewhere');
      await h.http
        .post(`${otherLedger.base}/assets`)
        .send({ name: 'Real', type: 'currency', code: 'BRL' })
        .expect(201);
      const { body: foreign } = await createAccount(
        { assetCode: 'BRL', type: 'deposit' },
        otherLedger,
      ).expect(201);
      expect(
        (
          await createAccount({ assetCode: 'BRL', type: 'x', parentAccountId: foreign.id }).expect(
            422,
          )
        ).body.code,
      ).toBe('0029');
    });

    it('should answer an unknown portfolio or segment with 404 0007 naming it', async () => {
      const portfolio = await createAccount({
        assetCode: 'BRL',
        type: 'deposit',
        portfolioId: UNKNOWN_ID,
      }).expect(404);
      expect(portfolio.body).toMatchObject({ code: '0007', entityType: 'Portfolio' });
      const segment = await createAccount({
        assetCode: 'BRL',
        type: 'deposit',
        segmentId: UNKNOWN_ID,
      }).expect(404);
      expect(segment.body).toMatchObject({ code: '0007', entityType: 'Segment' });
    });

    it('should refuse invalid alias characters with 0096 and the @external/ prefix with a 400 on alias', async () => {
      for (const alias of ['has space', 'semi;colon', 'dot.ted', '']) {
        const res = await createAccount({ assetCode: 'BRL', type: 'deposit', alias }).expect(400);
        expect(res.body).toMatchObject({ code: '0096', fields: { alias: expect.any(String) } });
      }
      const reserved = await createAccount({
        assetCode: 'BRL',
        type: 'deposit',
        alias: '@external/BRL',
      }).expect(400);
      expect(reserved.body.code).toBe('0047');
      expect(reserved.body.fields.alias).toContain('@external/');
      const long = await createAccount({
        assetCode: 'BRL',
        type: 'deposit',
        alias: 'a'.repeat(101),
      }).expect(400);
      expect(long.body.fields).toHaveProperty('alias');
    });

    it('should refuse a duplicate alias in the ledger with 0020 (409) but allow it in another ledger', async () => {
      await createAccount({ assetCode: 'BRL', type: 'deposit', alias: '@taken' }).expect(201);
      const dup = await createAccount({
        assetCode: 'USD',
        type: 'deposit',
        alias: '@taken',
      }).expect(409);
      expect(dup.body).toMatchObject({ code: '0020', entityType: 'Account' });
      const otherLedger = await newLedger(h.http, 'Alias elsewhere');
      await h.http
        .post(`${otherLedger.base}/assets`)
        .send({ name: 'Real', type: 'currency', code: 'BRL' })
        .expect(201);
      await createAccount(
        { assetCode: 'BRL', type: 'deposit', alias: '@taken' },
        otherLedger,
      ).expect(201);
    });

    it('should let exactly one of many concurrent creates of the same alias win, with one balance', async () => {
      const results = await Promise.all(
        Array.from({ length: 8 }, () =>
          createAccount({ assetCode: 'BRL', type: 'deposit', alias: '@race' }),
        ),
      );
      expect(results.filter((r) => r.status === 201)).toHaveLength(1);
      const losers = results.filter((r) => r.status !== 201);
      expect(losers.map((r) => [r.status, r.body.code])).toEqual(losers.map(() => [409, '0020']));
      const rows = await h.sql(
        `SELECT count(*)::int AS n FROM balance WHERE ledger_id = $1 AND alias = '@race' AND deleted_at IS NULL`,
        [l.ledgerId],
      );
      expect(rows).toEqual([{ n: 1 }]);
    });

    it('should refuse user-created accounts of type external with 0074', async () => {
      const res = await createAccount({
        assetCode: 'BRL',
        type: 'external',
        alias: '@fake_external',
      }).expect(422);
      expect(res.body.code).toBe('0074');
    });

    it('should answer missing and unknown fields with 0009 and 0053', async () => {
      const missing = await createAccount({ type: 'deposit' }).expect(400);
      expect(missing.body).toMatchObject({
        code: '0009',
        fields: { assetCode: expect.any(String) },
      });
      expect((await createAccount({ assetCode: 'BRL' }).expect(400)).body.fields).toHaveProperty(
        'type',
      );
      expect(
        (await createAccount({ assetCode: 'BRL', type: 'x', holderKey: UNKNOWN_ID }).expect(400))
          .body.code,
      ).toBe('0053');
      expect(
        (await createAccount({ assetCode: 'BRL', type: 'x', portfolioId: 'nope' }).expect(400)).body
          .fields,
      ).toHaveProperty('portfolioId');
    });
  });

  describe('external accounts', () => {
    it('should refuse to update or delete an external account with 0074', async () => {
      const { body: external } = await h.http.get(`${l.base}/accounts/external/BRL`).expect(200);
      const patch = await h.http
        .patch(`${l.base}/accounts/${external.id}`)
        .send({ name: 'Mine now' })
        .expect(422);
      expect(patch.body).toMatchObject({
        code: '0074',
        title: 'External Account Modification Prohibited',
      });
      expect((await h.http.delete(`${l.base}/accounts/${external.id}`).expect(422)).body.code).toBe(
        '0074',
      );
      expect((await h.http.get(`${l.base}/accounts/external/BRL`).expect(200)).body.name).toBe(
        external.name,
      );
    });
  });

  describe('list, filter, paginate, count', () => {
    let listLedger: LedgerPath;
    let p: string;
    let s: string;
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      listLedger = await newLedger(h.http, 'Account lists');
      for (const code of ['BRL', 'USD']) {
        await h.http
          .post(`${listLedger.base}/assets`)
          .send({ name: code, type: 'currency', code })
          .expect(201);
      }
      p = (await h.http.post(`${listLedger.base}/portfolios`).send({ name: 'P' }).expect(201)).body
        .id;
      s = (await h.http.post(`${listLedger.base}/segments`).send({ name: 'S' }).expect(201)).body
        .id;
      const specs: [string, Record<string, unknown>][] = [
        [
          'a',
          {
            assetCode: 'BRL',
            type: 'deposit',
            alias: '@shop_a',
            portfolioId: p,
            metadata: { tier: 1 },
          },
        ],
        [
          'b',
          {
            assetCode: 'BRL',
            type: 'savings',
            alias: '@shop_b',
            segmentId: s,
            blocked: true,
            metadata: { tier: '1', vip: true },
          },
        ],
        [
          'c',
          {
            assetCode: 'USD',
            type: 'deposit',
            alias: '@user_c',
            entityId: 'E-9',
            metadata: { tier: 2 },
          },
        ],
      ];
      for (const [key, spec] of specs)
        ids[key] = (await createAccount(spec, listLedger).expect(201)).body.id;
      ids.d = (
        await createAccount(
          { assetCode: 'BRL', type: 'deposit', alias: '@child_d', parentAccountId: ids.a },
          listLedger,
        ).expect(201)
      ).body.id;
    });

    const list = (query: string) => h.http.get(`${listLedger.base}/accounts?${query}`).expect(200);
    const EXTERNALS = 2;

    it('should list the external accounts and the users accounts, paged in creation order', async () => {
      const all = await list('limit=100');
      expect(all.body.items).toHaveLength(EXTERNALS + 4);
      expect(idsOf(all).slice(EXTERNALS)).toEqual([ids.a, ids.b, ids.c, ids.d]);
      expect(idsOf(await list('limit=2&page=2'))).toEqual([ids.a, ids.b]);
      expect(idsOf(await list('limit=2&page=1&sort_order=desc'))).toEqual([ids.d, ids.c]);
      expect(await countOf(h.http, `${listLedger.base}/accounts`)).toBe(EXTERNALS + 4);
    });

    it('should filter by alias prefix, asset_code, type, portfolio, segment, blocked, parent and entity', async () => {
      expect(idsOf(await list('alias=@SHOP'))).toEqual([ids.a, ids.b]);
      expect(idsOf(await list('alias=@external/'))).toHaveLength(EXTERNALS);
      expect(idsOf(await list('asset_code=USD&type=deposit'))).toEqual([ids.c]);
      expect(idsOf(await list('type=external'))).toHaveLength(EXTERNALS);
      expect(idsOf(await list(`portfolio_id=${p}`))).toEqual([ids.a]);
      expect(idsOf(await list(`segment_id=${s}`))).toEqual([ids.b]);
      expect(idsOf(await list('blocked=true'))).toEqual([ids.b]);
      expect(idsOf(await list('blocked=false&asset_code=BRL&type=deposit'))).toEqual([
        ids.a,
        ids.d,
      ]);
      expect(idsOf(await list(`parent_account_id=${ids.a}`))).toEqual([ids.d]);
      expect(idsOf(await list('entity_id=E-9'))).toEqual([ids.c]);
      expect(
        (await h.http.get(`${listLedger.base}/accounts?blocked=maybe`).expect(400)).body.fields,
      ).toHaveProperty('blocked');
      expect(
        (await h.http.get(`${listLedger.base}/accounts?portfolio_id=x`).expect(400)).body.fields,
      ).toHaveProperty('portfolio_id');
    });

    it('should filter by metadata', async () => {
      expect(idsOf(await list('metadata.tier=1'))).toEqual([ids.a, ids.b]);
      expect(idsOf(await list('metadata.tier=1&metadata.vip=true'))).toEqual([ids.b]);
      expect(idsOf(await list(`metadata=${encodeURIComponent('{"tier":1}')}`))).toEqual([ids.a]);
      expect(idsOf(await list('metadata.tier=2&asset_code=BRL'))).toEqual([]);
    });
  });

  describe('update and delete', () => {
    it('should patch name, blocked, status, links and metadata, refusing immutable fields', async () => {
      const { body: account } = await createAccount({
        assetCode: 'BRL',
        type: 'deposit',
        alias: '@patch_me',
        segmentId,
        metadata: { keep: 1, drop: 2 },
      }).expect(201);
      const patched = await h.http
        .patch(`${l.base}/accounts/${account.id}`)
        .send({
          name: 'Renamed',
          blocked: true,
          status: { code: 'INACTIVE' },
          portfolioId,
          segmentId: null,
          entityId: 'E-1',
          metadata: { drop: null, added: 'y' },
        })
        .expect(200);
      expect(patched.body).toMatchObject({
        id: account.id,
        alias: '@patch_me',
        name: 'Renamed',
        blocked: true,
        status: { code: 'INACTIVE', description: null },
        portfolioId,
        segmentId: null,
        entityId: 'E-1',
        metadata: { keep: 1, added: 'y' },
      });
      expect(patched.body.metadata).not.toHaveProperty('drop');
      expect((await h.http.get(`${l.base}/accounts/${account.id}`).expect(200)).body).toEqual(
        patched.body,
      );

      for (const field of [
        { alias: '@new' },
        { assetCode: 'USD' },
        { type: 'savings' },
        { parentAccountId: UNKNOWN_ID },
      ]) {
        const res = await h.http.patch(`${l.base}/accounts/${account.id}`).send(field).expect(400);
        expect(res.body.code).toBe('0053');
      }
      const badPortfolio = await h.http
        .patch(`${l.base}/accounts/${account.id}`)
        .send({ portfolioId: UNKNOWN_ID })
        .expect(404);
      expect(badPortfolio.body.entityType).toBe('Portfolio');
    });

    it('should soft delete the account and its balances, then answer 404 and free the alias', async () => {
      const { body: account } = await createAccount({
        assetCode: 'BRL',
        type: 'deposit',
        alias: '@leaving',
      }).expect(201);
      const before = await countOf(h.http, `${l.base}/accounts`);
      await h.http.delete(`${l.base}/accounts/${account.id}`).expect(204);
      expect((await h.http.get(`${l.base}/accounts/${account.id}`).expect(404)).body).toMatchObject(
        {
          code: '0007',
          entityType: 'Account',
        },
      );
      await h.http.get(`${l.base}/accounts/alias/@leaving`).expect(404);
      await h.http.delete(`${l.base}/accounts/${account.id}`).expect(404);
      await h.http.patch(`${l.base}/accounts/${account.id}`).send({ name: 'x' }).expect(404);
      expect(await countOf(h.http, `${l.base}/accounts`)).toBe(before - 1);
      expect(await balancesOf(account.id)).toEqual([
        expect.objectContaining({ key: 'default', deleted: true }),
      ]);
      const reborn = await createAccount({
        assetCode: 'BRL',
        type: 'deposit',
        alias: '@leaving',
      }).expect(201);
      expect(reborn.body.id).not.toBe(account.id);
    });

    it('should refuse to delete an account whose balance holds funds (0093) and change nothing', async () => {
      const { body: account } = await createAccount({
        assetCode: 'BRL',
        type: 'deposit',
        alias: '@funded',
      }).expect(201);
      await h.sql(
        `UPDATE balance SET on_hold = 0.000000000000000000000000000001 WHERE account_id = $1`,
        [account.id],
      );
      const refused = await h.http.delete(`${l.base}/accounts/${account.id}`).expect(422);
      expect(refused.body).toMatchObject({ code: '0093', entityType: 'Balance' });
      await h.http.get(`${l.base}/accounts/${account.id}`).expect(200);
      expect(await balancesOf(account.id)).toEqual([
        expect.objectContaining({ on_hold: '0.000000000000000000000000000001', deleted: false }),
      ]);
    });
  });

  describe('scoping', () => {
    it('should answer 404 for an unknown organization or ledger on every route', async () => {
      const noOrg = `/v1/organizations/${UNKNOWN_ID}/ledgers/${l.ledgerId}/accounts`;
      expect((await h.http.get(noOrg).expect(404)).body.entityType).toBe('Organization');
      const noLedger = `/v1/organizations/${l.organizationId}/ledgers/${UNKNOWN_ID}/accounts`;
      expect(
        (await h.http.post(noLedger).send({ assetCode: 'BRL', type: 'deposit' }).expect(404)).body
          .entityType,
      ).toBe('Ledger');
      expect((await h.http.get(`${noLedger}/alias/@alice`).expect(404)).body.entityType).toBe(
        'Ledger',
      );
      expect((await h.http.get(`${noLedger}/external/BRL`).expect(404)).body.entityType).toBe(
        'Ledger',
      );
      await h.http.head(`${noLedger}/metrics/count`).expect(404);
    });

    it("should not reach an account through another organization's or ledger's path", async () => {
      const { body: account } = await createAccount({
        assetCode: 'BRL',
        type: 'deposit',
        alias: '@mine',
      }).expect(201);
      const other = await newLedger(h.http, 'Intruder');
      const crossed = `/v1/organizations/${other.organizationId}/ledgers/${l.ledgerId}/accounts`;
      expect((await h.http.get(`${crossed}/${account.id}`).expect(404)).body.entityType).toBe(
        'Ledger',
      );
      expect((await h.http.get(`${crossed}/alias/@mine`).expect(404)).body.entityType).toBe(
        'Ledger',
      );
      expect(
        (await h.http.get(`${other.base}/accounts/${account.id}`).expect(404)).body.entityType,
      ).toBe('Account');
      expect((await h.http.get(`${other.base}/accounts/alias/@mine`).expect(404)).body.code).toBe(
        '0085',
      );
      await h.http.delete(`${other.base}/accounts/${account.id}`).expect(404);
      await h.http.get(`${l.base}/accounts/${account.id}`).expect(200);
    });
  });
});
