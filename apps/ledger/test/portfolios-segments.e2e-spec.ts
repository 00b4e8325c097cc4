import {
  countOf,
  idsOf,
  newLedger,
  startLedger,
  UNKNOWN_ID,
  type LedgerHarness,
  type LedgerPath,
} from './support/ledger-harness';

describe('ledger: portfolios and segments (single-tenant, real PostgreSQL)', () => {
  let h: LedgerHarness;
  let l: LedgerPath;

  beforeAll(async () => {
    h = await startLedger('ledger_portfolios_e2e');
    l = await newLedger(h.http, 'Groups');
  });

  afterAll(async () => {
    await h?.close();
  });

  describe('portfolios', () => {
    const path = () => `${l.base}/portfolios`;

    it('should create, read, patch and soft delete a portfolio', async () => {
      const created = await h.http
        .post(path())
        .send({ name: 'Retail', entityId: 'CUST-1', metadata: { desk: 'north' } })
        .expect(201);
      expect(created.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        organizationId: l.organizationId,
        ledgerId: l.ledgerId,
        name: 'Retail',
        entityId: 'CUST-1',
        status: { code: 'ACTIVE', description: null },
        metadata: { desk: 'north' },
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
        deletedAt: null,
      });
      const id = created.body.id;
      expect((await h.http.get(`${path()}/${id}`).expect(200)).body).toEqual(created.body);

      const patched = await h.http
        .patch(`${path()}/${id}`)
        .send({
          name: 'Retail 2',
          entityId: null,
          status: { code: 'SUSPENDED', description: 'audit' },
          metadata: { desk: null, x: 1 },
        })
        .expect(200);
      expect(patched.body).toMatchObject({
        name: 'Retail 2',
        status: { code: 'SUSPENDED', description: 'audit' },
        metadata: { x: 1 },
      });
      // Cleared: left out, as Midaz does, never null.
      expect(patched.body).not.toHaveProperty('entityId');
      expect(
        (await h.http.patch(`${path()}/${id}`).send({ ledgerId: UNKNOWN_ID }).expect(400)).body
          .code,
      ).toBe('0053');

      const before = await countOf(h.http, path());
      await h.http.delete(`${path()}/${id}`).expect(204);
      expect((await h.http.get(`${path()}/${id}`).expect(404)).body).toMatchObject({
        code: '0007',
        entityType: 'Portfolio',
      });
      expect(await countOf(h.http, path())).toBe(before - 1);
      await h.http.delete(`${path()}/${id}`).expect(404);
    });

    it('should validate the body', async () => {
      expect((await h.http.post(path()).send({}).expect(400)).body).toMatchObject({
        code: '0009',
        fields: { name: expect.any(String) },
      });
      expect(
        (
          await h.http
            .post(path())
            .send({ name: 'x', entityId: 'e'.repeat(257) })
            .expect(400)
        ).body.fields,
      ).toHaveProperty('entityId');
      expect(
        (
          await h.http
            .post(path())
            .send({ name: 'n'.repeat(257) })
            .expect(400)
        ).body.fields,
      ).toHaveProperty('name');
      expect(
        (
          await h.http
            .post(path())
            .send({ name: 'x', status: { code: 'WEIRD' } })
            .expect(400)
        ).body.fields,
      ).toHaveProperty(['status.code']);
    });

    it('should list with pages, name / entity_id / status / metadata filters', async () => {
      const ledger = await newLedger(h.http, 'Portfolio lists');
      const ids: string[] = [];
      const specs = [
        { name: 'Alpha', entityId: 'E1', metadata: { kind: 'retail', rank: 1 } },
        { name: 'Beta', entityId: 'E2', metadata: { kind: 'retail', rank: 2 } },
        {
          name: 'Alpine',
          entityId: 'E1',
          metadata: { kind: 'corporate' },
          status: { code: 'INACTIVE' },
        },
      ];
      for (const spec of specs)
        ids.push((await h.http.post(`${ledger.base}/portfolios`).send(spec).expect(201)).body.id);
      const list = (q: string) => h.http.get(`${ledger.base}/portfolios?${q}`).expect(200);
      expect((await list('limit=2')).body).toMatchObject({ page: 1, limit: 2 });
      expect(idsOf(await list('limit=2'))).toEqual([ids[0], ids[1]]);
      expect(idsOf(await list('limit=2&page=2'))).toEqual([ids[2]]);
      expect(idsOf(await list('name=alp'))).toEqual([ids[0], ids[2]]);
      expect(idsOf(await list('entity_id=E1'))).toEqual([ids[0], ids[2]]);
      expect(idsOf(await list('status=inactive'))).toEqual([ids[2]]);
      expect(idsOf(await list('metadata.kind=retail'))).toEqual([ids[0], ids[1]]);
      expect(idsOf(await list('metadata.kind=retail&metadata.rank=2'))).toEqual([ids[1]]);
      expect(await countOf(h.http, `${ledger.base}/portfolios`)).toBe(3);
    });
  });

  describe('segments', () => {
    const path = () => `${l.base}/segments`;

    it('should create, read, patch and soft delete a segment', async () => {
      const created = await h.http
        .post(path())
        .send({ name: 'South', metadata: { region: 's' } })
        .expect(201);
      expect(created.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        organizationId: l.organizationId,
        ledgerId: l.ledgerId,
        name: 'South',
        status: { code: 'ACTIVE', description: null },
        metadata: { region: 's' },
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
        deletedAt: null,
      });
      const id = created.body.id;
      const patched = await h.http
        .patch(`${path()}/${id}`)
        .send({ name: 'Deep South', metadata: { extra: true } })
        .expect(200);
      expect(patched.body).toMatchObject({
        name: 'Deep South',
        metadata: { region: 's', extra: true },
      });
      expect((await h.http.get(`${path()}/${id}`).expect(200)).body.name).toBe('Deep South');
      await h.http.delete(`${path()}/${id}`).expect(204);
      expect((await h.http.get(`${path()}/${id}`).expect(404)).body).toMatchObject({
        code: '0007',
        entityType: 'Segment',
      });
    });

    it('should refuse a duplicate name in the ledger with 0015 (409), on create and on patch', async () => {
      await h.http.post(path()).send({ name: 'East' }).expect(201);
      const dup = await h.http.post(path()).send({ name: 'EAST' }).expect(409);
      expect(dup.body).toMatchObject({
        code: '0015',
        entityType: 'Segment',
        title: 'Duplicate Segment Name Error',
      });
      const { body: west } = await h.http.post(path()).send({ name: 'West' }).expect(201);
      expect(
        (await h.http.patch(`${path()}/${west.id}`).send({ name: 'east' }).expect(409)).body.code,
      ).toBe('0015');
      // Renaming to its own name (any case) is not a conflict.
      expect(
        (await h.http.patch(`${path()}/${west.id}`).send({ name: 'WEST' }).expect(200)).body.name,
      ).toBe('WEST');
      // Another ledger may use the name.
      const other = await newLedger(h.http, 'Segments elsewhere');
      await h.http.post(`${other.base}/segments`).send({ name: 'East' }).expect(201);
    });

    it('should free the name of a deleted segment', async () => {
      const { body: segment } = await h.http.post(path()).send({ name: 'Transient' }).expect(201);
      await h.http.delete(`${path()}/${segment.id}`).expect(204);
      await h.http.post(path()).send({ name: 'Transient' }).expect(201);
    });

    it('should let exactly one of many concurrent creates of the same name win', async () => {
      const results = await Promise.all(
        Array.from({ length: 8 }, () => h.http.post(path()).send({ name: 'Race' })),
      );
      expect(results.filter((r) => r.status === 201)).toHaveLength(1);
      const losers = results.filter((r) => r.status !== 201);
      expect(losers.map((r) => [r.status, r.body.code])).toEqual(losers.map(() => [409, '0015']));
    });

    it('should list with pages, name / status / metadata filters and count', async () => {
      const ledger = await newLedger(h.http, 'Segment lists');
      const ids: string[] = [];
      for (const spec of [
        { name: 'North', metadata: { zone: 1 } },
        { name: 'Northeast', metadata: { zone: '1' } },
        { name: 'Center', metadata: { zone: 3 }, status: { code: 'PENDING' } },
      ]) {
        ids.push((await h.http.post(`${ledger.base}/segments`).send(spec).expect(201)).body.id);
      }
      const list = (q: string) => h.http.get(`${ledger.base}/segments?${q}`).expect(200);
      expect(idsOf(await list('sort_order=desc'))).toEqual([ids[2], ids[1], ids[0]]);
      expect(idsOf(await list('limit=1&page=3'))).toEqual([ids[2]]);
      expect(idsOf(await list('name=north'))).toEqual([ids[0], ids[1]]);
      expect(idsOf(await list('status=PENDING'))).toEqual([ids[2]]);
      expect(idsOf(await list('metadata.zone=1'))).toEqual([ids[0], ids[1]]);
      expect(idsOf(await list('metadata.zone=3'))).toEqual([ids[2]]);
      expect(await countOf(h.http, `${ledger.base}/segments`)).toBe(3);
    });
  });

  describe('scoping', () => {
    it('should answer 404 for unknown organizations and ledgers and for another organization', async () => {
      for (const resource of ['portfolios', 'segments']) {
        const noOrg = await h.http
          .get(`/v1/organizations/${UNKNOWN_ID}/ledgers/${l.ledgerId}/${resource}`)
          .expect(404);
        expect(noOrg.body).toMatchObject({ code: '0007', entityType: 'Organization' });
        const noLedger = await h.http
          .post(`/v1/organizations/${l.organizationId}/ledgers/${UNKNOWN_ID}/${resource}`)
          .send({ name: 'x' })
          .expect(404);
        expect(noLedger.body).toMatchObject({ code: '0007', entityType: 'Ledger' });
        const { body: item } = await h.http
          .post(`${l.base}/${resource}`)
          .send({ name: `Scoped ${resource}` })
          .expect(201);
        const other = await newLedger(h.http, `Other ${resource}`);
        const crossed = `/v1/organizations/${other.organizationId}/ledgers/${l.ledgerId}/${resource}/${item.id}`;
        expect((await h.http.get(crossed).expect(404)).body.entityType).toBe('Ledger');
        await h.http.patch(crossed).send({ name: 'hijack' }).expect(404);
        await h.http.delete(`${other.base}/${resource}/${item.id}`).expect(404);
        expect((await h.http.get(`${l.base}/${resource}/${item.id}`).expect(200)).body.name).toBe(
          `Scoped ${resource}`,
        );
      }
    });
  });
});
