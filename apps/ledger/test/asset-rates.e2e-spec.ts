import { randomUUID } from 'node:crypto';
import {
  idsOf,
  newLedger,
  startLedger,
  UNKNOWN_ID,
  type LedgerHarness,
  type LedgerPath,
} from './support/ledger-harness';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('ledger: asset rates (single-tenant, real PostgreSQL)', () => {
  let h: LedgerHarness;
  let l: LedgerPath;

  beforeAll(async () => {
    h = await startLedger('ledger_asset_rates_e2e');
    l = await newLedger(h.http, 'Rates');
  });

  afterAll(async () => {
    await h?.close();
  });

  const put = (body: Record<string, unknown>, path: LedgerPath = l) =>
    h.http.put(`${path.base}/asset-rates`).send(body);

  const storedRate = async (id: string) =>
    (
      await h.sql<{ rate: string; ttl: string }>(
        'SELECT rate::text AS rate, ttl::text AS ttl FROM asset_rate WHERE id = $1',
        [id],
      )
    )[0];

  it('should document the asset rate routes in the OpenAPI document', async () => {
    const docs = await h.http.get('/docs-json').expect(200);
    const base = '/v1/organizations/{organization_id}/ledgers/{ledger_id}/asset-rates';
    expect(Object.keys(docs.body.paths[base])).toEqual(['put']);
    expect(Object.keys(docs.body.paths[`${base}/{external_id}`])).toEqual(['get']);
    expect(Object.keys(docs.body.paths[`${base}/from/{asset_code}`])).toEqual(['get']);
  });

  describe('PUT', () => {
    it('should create the rate of a pair and answer it in Midaz shape (200)', async () => {
      const res = await put({
        from: 'USD',
        to: 'BRL',
        rate: 5.25,
        scale: 2,
        source: 'Central Bank',
        ttl: 3600,
        metadata: { provider: 'ECB', tier: 1 },
      }).expect(200);
      expect(res.body).toEqual({
        id: expect.stringMatching(UUID),
        organizationId: l.organizationId,
        ledgerId: l.ledgerId,
        externalId: expect.stringMatching(UUID),
        from: 'USD',
        to: 'BRL',
        rate: 5.25,
        scale: 2,
        source: 'Central Bank',
        ttl: 3600,
        metadata: { provider: 'ECB', tier: 1 },
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      expect(res.body.externalId).not.toBe(res.body.id);
      expect(await storedRate(res.body.id)).toEqual({ rate: '5.25', ttl: '3600' });
      const read = await h.http.get(`${l.base}/asset-rates/${res.body.externalId}`).expect(200);
      expect(read.body).toEqual(res.body);
    });

    it('should update the same pair in place: same id and externalId, new values', async () => {
      const { body: first } = await put({
        from: 'EUR',
        to: 'BRL',
        rate: 6,
        scale: 4,
        source: 'A',
        ttl: 60,
        metadata: { a: 1, b: 'x' },
      }).expect(200);
      const { body: second } = await put({
        from: 'EUR',
        to: 'BRL',
        rate: '6.1234',
        metadata: { b: null, c: true },
      }).expect(200);
      expect(second).toMatchObject({
        id: first.id,
        externalId: first.externalId,
        createdAt: first.createdAt,
        rate: 6.1234,
        // Fields left out of a PUT take their defaults, as in Midaz.
        scale: 0,
        source: null,
        ttl: 0,
        // Metadata sent is merged; a null value removes its key.
        metadata: { a: 1, c: true },
      });
      expect(second.updatedAt >= first.updatedAt).toBe(true);
      const { body: third } = await put({ from: 'EUR', to: 'BRL', rate: 7 }).expect(200);
      expect(third).toMatchObject({ id: first.id, rate: 7, metadata: {} });
      const rows = await h.sql<{ n: number }>(
        `SELECT count(*)::int AS n FROM asset_rate WHERE ledger_id = $1 AND "from" = 'EUR' AND "to" = 'BRL'`,
        [l.ledgerId],
      );
      expect(rows[0].n).toBe(1);
    });

    it('should keep a decimal-string rate digit for digit in the database', async () => {
      const digits = '123456789012345678901234567890.123456789';
      const { body } = await put({ from: 'BTC', to: 'BRL', rate: digits }).expect(200);
      expect(await storedRate(body.id)).toEqual({ rate: digits, ttl: '0' });
      expect(typeof body.rate).toBe('number');
      expect(body.rate).toBe(Number(digits));
      const { body: small } = await put({
        from: 'BRL',
        to: 'BTC',
        rate: '0.00000000123400',
      }).expect(200);
      expect(await storedRate(small.id)).toEqual({ rate: '0.000000001234', ttl: '0' });
      expect(small.rate).toBe(0.000000001234);
    });

    it('should use the externalId given, keep it across updates unless another is sent', async () => {
      const externalId = randomUUID();
      const { body } = await put({ from: 'GBP', to: 'BRL', rate: 7, externalId }).expect(200);
      expect(body.externalId).toBe(externalId);
      await put({ from: 'GBP', to: 'BRL', rate: 7.5 }).expect(200);
      expect((await h.http.get(`${l.base}/asset-rates/${externalId}`).expect(200)).body.rate).toBe(
        7.5,
      );
      const replacement = randomUUID();
      await put({ from: 'GBP', to: 'BRL', rate: 8, externalId: replacement.toUpperCase() }).expect(
        200,
      );
      expect((await h.http.get(`${l.base}/asset-rates/${externalId}`).expect(404)).body.code).toBe(
        '0007',
      );
      const read = await h.http.get(`${l.base}/asset-rates/${replacement}`).expect(200);
      expect(read.body).toMatchObject({ id: body.id, externalId: replacement, rate: 8 });
    });

    it('should refuse an externalId another pair already uses with 422 0008, changing nothing', async () => {
      const { body: taken } = await put({ from: 'JPY', to: 'BRL', rate: 0.04 }).expect(200);
      const clash = await put({
        from: 'CHF',
        to: 'BRL',
        rate: 6,
        externalId: taken.externalId,
      }).expect(422);
      expect(clash.body).toMatchObject({
        code: '0008',
        fields: { externalId: expect.any(String) },
      });
      const { body: chf } = await put({ from: 'CHF', to: 'BRL', rate: 6 }).expect(200);
      const update = await put({
        from: 'CHF',
        to: 'BRL',
        rate: 9,
        externalId: taken.externalId,
      }).expect(422);
      expect(update.body.code).toBe('0008');
      expect(
        (await h.http.get(`${l.base}/asset-rates/${chf.externalId}`).expect(200)).body.rate,
      ).toBe(6);
      expect(
        (await h.http.get(`${l.base}/asset-rates/${taken.externalId}`).expect(200)).body.from,
      ).toBe('JPY');
    });

    it('should not require the codes to be assets of the ledger (Midaz checks their format only)', async () => {
      const res = await put({ from: 'XAU', to: 'XAG', rate: 80 }).expect(200);
      expect(res.body).toMatchObject({ from: 'XAU', to: 'XAG', rate: 80 });
    });

    it('should give one row to concurrent PUTs of the same pair', async () => {
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) => put({ from: 'AUD', to: 'NZD', rate: 1 + i / 100 })),
      );
      expect(results.map((res) => res.status)).toEqual(Array(10).fill(200));
      expect(new Set(results.map((res) => res.body.id)).size).toBe(1);
      const rows = await h.sql<{ n: number }>(
        `SELECT count(*)::int AS n FROM asset_rate WHERE ledger_id = $1 AND "from" = 'AUD'`,
        [l.ledgerId],
      );
      expect(rows[0].n).toBe(1);
    });

    it('should validate the body, naming the fields', async () => {
      const cases: [Record<string, unknown>, string, string][] = [
        [{ to: 'BRL', rate: 1 }, '0009', 'from'],
        [{ from: 'USD', rate: 1 }, '0009', 'to'],
        [{ from: 'USD', to: 'BRL' }, '0009', 'rate'],
        [{ from: 'U', to: 'BRL', rate: 1 }, '0047', 'from'],
        [{ from: 'USD', to: 'BRLBRLBRLBR', rate: 1 }, '0047', 'to'],
        [{ from: 'usd', to: 'BRL', rate: 1 }, '0004', 'from'],
        [{ from: 'USD', to: 'BR1', rate: 1 }, '0033', 'to'],
        [{ from: 'USD', to: 'BRL', rate: 0 }, '0047', 'rate'],
        [{ from: 'USD', to: 'BRL', rate: -2 }, '0047', 'rate'],
        [{ from: 'USD', to: 'BRL', rate: '1e3' }, '0047', 'rate'],
        [{ from: 'USD', to: 'BRL', rate: 'abc' }, '0047', 'rate'],
        [{ from: 'USD', to: 'BRL', rate: true }, '0047', 'rate'],
        [{ from: 'USD', to: 'BRL', rate: 1, scale: -1 }, '0047', 'scale'],
        [{ from: 'USD', to: 'BRL', rate: 1, scale: 1.5 }, '0047', 'scale'],
        [{ from: 'USD', to: 'BRL', rate: 1, ttl: -5 }, '0047', 'ttl'],
        [{ from: 'USD', to: 'BRL', rate: 1, ttl: '60' }, '0047', 'ttl'],
        [{ from: 'USD', to: 'BRL', rate: 1, source: 's'.repeat(201) }, '0047', 'source'],
        [{ from: 'USD', to: 'BRL', rate: 1, externalId: 'not-a-uuid' }, '0047', 'externalId'],
        [
          { from: 'USD', to: 'BRL', rate: 1, metadata: { nested: { a: 1 } } },
          '0067',
          'metadata.nested',
        ],
        [
          { from: 'USD', to: 'BRL', rate: 1, metadata: { ['k'.repeat(101)]: 1 } },
          '0050',
          `metadata.${'k'.repeat(20)}`,
        ],
        [{ from: 'USD', to: 'BRL', rate: 1, id: UNKNOWN_ID }, '0053', 'id'],
      ];
      for (const [body, code, field] of cases) {
        const res = await put(body).expect(400);
        expect({ body, code: res.body.code, fields: Object.keys(res.body.fields ?? {}) }).toEqual({
          body,
          code,
          fields: expect.arrayContaining([field]),
        });
      }
      // Nothing above was stored: USD→BRL still has the rate of the first test.
      const [row] = await h.sql<{ rate: string }>(
        `SELECT rate::text AS rate FROM asset_rate WHERE ledger_id = $1 AND "from" = 'USD' AND "to" = 'BRL'`,
        [l.ledgerId],
      );
      expect(row.rate).toBe('5.25');
    });

    it('should answer 404 0007 for an unknown organization or ledger', async () => {
      const res = await h.http
        .put(`/v1/organizations/${l.organizationId}/ledgers/${UNKNOWN_ID}/asset-rates`)
        .send({ from: 'USD', to: 'BRL', rate: 1 })
        .expect(404);
      expect(res.body).toMatchObject({ code: '0007', entityType: 'Ledger' });
      const org = await h.http
        .put(`/v1/organizations/${UNKNOWN_ID}/ledgers/${l.ledgerId}/asset-rates`)
        .send({ from: 'USD', to: 'BRL', rate: 1 })
        .expect(404);
      expect(org.body).toMatchObject({ code: '0007', entityType: 'Organization' });
    });
  });

  describe('GET by external id', () => {
    it('should answer 404 0007 for an unknown external id and 400 0065 for a malformed one', async () => {
      const missing = await h.http.get(`${l.base}/asset-rates/${UNKNOWN_ID}`).expect(404);
      expect(missing.body).toMatchObject({ code: '0007', entityType: 'AssetRate' });
      const bad = await h.http.get(`${l.base}/asset-rates/not-a-uuid`).expect(400);
      expect(bad.body).toMatchObject({ code: '0065', fields: { external_id: expect.any(String) } });
    });

    it('should keep rates inside their ledger and organization', async () => {
      const { body: rate } = await put({ from: 'CAD', to: 'BRL', rate: 4 }).expect(200);
      const other = await newLedger(h.http, 'Other rates');
      const otherLedger = await h.http
        .get(`${other.base}/asset-rates/${rate.externalId}`)
        .expect(404);
      expect(otherLedger.body).toMatchObject({ code: '0007', entityType: 'AssetRate' });
      const crossOrg = `/v1/organizations/${other.organizationId}/ledgers/${l.ledgerId}`;
      const foreign = await h.http.get(`${crossOrg}/asset-rates/${rate.externalId}`).expect(404);
      expect(foreign.body).toMatchObject({ code: '0007', entityType: 'Ledger' });
      expect((await h.http.get(`${crossOrg}/asset-rates/from/CAD`).expect(404)).body.code).toBe(
        '0007',
      );
      await h.http
        .put(`${crossOrg}/asset-rates`)
        .send({ from: 'CAD', to: 'BRL', rate: 99 })
        .expect(404);
      expect(idsOf(await h.http.get(`${other.base}/asset-rates/from/CAD`).expect(200))).toEqual([]);
      // The same pair in another ledger is another rate.
      const { body: mine } = await put({ from: 'CAD', to: 'BRL', rate: 3 }, other).expect(200);
      expect(mine.id).not.toBe(rate.id);
      expect(
        (await h.http.get(`${l.base}/asset-rates/${rate.externalId}`).expect(200)).body.rate,
      ).toBe(4);
    });
  });

  describe('GET from/{asset_code}', () => {
    let p: LedgerPath;
    let fromSek: { id: string; to: string }[];

    beforeAll(async () => {
      p = await newLedger(h.http, 'Rate lists');
      fromSek = [];
      for (const [to, rate] of [
        ['BRL', 0.5],
        ['EUR', 0.09],
        ['JPY', 14],
        ['GBP', 0.08],
        ['USD', 0.1],
      ] as const) {
        fromSek.push((await put({ from: 'SEK', to, rate }, p).expect(200)).body);
      }
      await put({ from: 'NOK', to: 'BRL', rate: 0.5 }, p).expect(200);
    });

    const list = (query = '') => h.http.get(`${p.base}/asset-rates/from/SEK?${query}`);

    it('should list the rates from the code in creation order, in the cursor envelope', async () => {
      const res = await list().expect(200);
      expect(res.body).toEqual({
        items: fromSek.map((rate) =>
          expect.objectContaining({ id: rate.id, from: 'SEK', to: rate.to }),
        ),
        limit: 10,
        next_cursor: undefined,
        prev_cursor: undefined,
      });
      expect(idsOf(await h.http.get(`${p.base}/asset-rates/from/DKK`).expect(200))).toEqual([]);
    });

    it('should filter by target codes, comma-separated or repeated', async () => {
      const tos = async (query: string) =>
        (await list(query).expect(200)).body.items.map((rate: { to: string }) => rate.to);
      expect(await tos('to=EUR,JPY')).toEqual(['EUR', 'JPY']);
      expect(await tos('to=USD&to=BRL')).toEqual(['BRL', 'USD']);
      expect(await tos('to=BRL,%20GBP,')).toEqual(['BRL', 'GBP']);
      expect(await tos('to=XXX')).toEqual([]);
    });

    it('should page by cursor both ways and in descending order', async () => {
      const ids = fromSek.map((rate) => rate.id);
      const first = await list('limit=2').expect(200);
      expect(idsOf(first)).toEqual(ids.slice(0, 2));
      const second = await list(
        `limit=2&cursor=${encodeURIComponent(first.body.next_cursor)}`,
      ).expect(200);
      expect(idsOf(second)).toEqual(ids.slice(2, 4));
      const third = await list(
        `limit=2&cursor=${encodeURIComponent(second.body.next_cursor)}`,
      ).expect(200);
      expect(idsOf(third)).toEqual(ids.slice(4));
      expect(third.body.next_cursor).toBeUndefined();
      const back = await list(
        `limit=2&cursor=${encodeURIComponent(third.body.prev_cursor)}`,
      ).expect(200);
      expect(idsOf(back)).toEqual(ids.slice(2, 4));
      const desc = await list('limit=3&sort_order=desc').expect(200);
      expect(idsOf(desc)).toEqual([...ids].reverse().slice(0, 3));
      const filtered = await list('limit=1&to=JPY,USD').expect(200);
      const next = await list(
        `limit=1&to=JPY,USD&cursor=${encodeURIComponent(filtered.body.next_cursor)}`,
      ).expect(200);
      expect([...idsOf(filtered), ...idsOf(next)]).toEqual([ids[2], ids[4]]);
    });

    it('should filter by creation date and refuse bad paging parameters', async () => {
      const today = new Date().toISOString().slice(0, 10);
      expect(idsOf(await list(`start_date=${today}&end_date=${today}`).expect(200))).toHaveLength(
        5,
      );
      expect(idsOf(await list('start_date=2020-01-01&end_date=2020-01-02').expect(200))).toEqual(
        [],
      );
      expect((await list('limit=101').expect(400)).body.fields).toHaveProperty('limit');
      expect((await list('cursor=%7B%7D').expect(400)).body).toMatchObject({ code: '0082' });
      expect((await list('end_date=2024-01-01').expect(400)).body.code).toBe('0083');
      const noLedger = await h.http
        .get(`/v1/organizations/${p.organizationId}/ledgers/${UNKNOWN_ID}/asset-rates/from/SEK`)
        .expect(404);
      expect(noLedger.body).toMatchObject({ code: '0007', entityType: 'Ledger' });
    });
  });
});
