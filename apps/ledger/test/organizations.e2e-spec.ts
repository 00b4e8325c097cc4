import { startLedger, type LedgerHarness } from './support/ledger-harness';

describe('ledger: organizations and ledgers (single-tenant, real PostgreSQL)', () => {
  let ledger: LedgerHarness;
  let http: LedgerHarness['http'];

  beforeAll(async () => {
    ledger = await startLedger('ledger_e2e');
    http = ledger.http;
  });

  afterAll(async () => {
    await ledger?.close();
  });

  const createOrganization = (body: Record<string, unknown> = {}) =>
    http.post('/v1/organizations').send({
      legalName: 'Acme Ltd',
      legalDocument: '123456789',
      address: { country: 'BR' },
      ...body,
    });

  describe('organizations', () => {
    it('should create an organization without a token and read it back', async () => {
      const created = await createOrganization({ metadata: { region: 'south', tier: 2 } }).expect(
        201,
      );
      expect(created.body).toMatchObject({
        legalName: 'Acme Ltd',
        legalDocument: '123456789',
        doingBusinessAs: null,
        parentOrganizationId: null,
        address: { country: 'BR' },
        status: { code: 'ACTIVE', description: null },
        metadata: { region: 'south', tier: 2 },
        deletedAt: null,
      });
      expect(created.body.id).toMatch(/^[0-9a-f-]{36}$/);
      const read = await http.get(`/v1/organizations/${created.body.id}`).expect(200);
      expect(read.body).toEqual(created.body);
    });

    it('should reject a missing legalName with 0009 naming the field', async () => {
      const res = await http.post('/v1/organizations').send({ legalDocument: 'x' }).expect(400);
      expect(res.body.code).toBe('0009');
      expect(res.body.message).toContain('legalName');
      expect(res.body.fields).toHaveProperty('legalName');
    });

    it('should reject unknown fields with 0053', async () => {
      const res = await createOrganization({ surprise: true }).expect(400);
      expect(res.body.code).toBe('0053');
      expect(res.body.message).toContain('surprise');
    });

    it('should reject a non ISO-3166 country with 0032', async () => {
      const res = await createOrganization({ address: { country: 'ZZ' } }).expect(400);
      expect(res.body.code).toBe('0032');
    });

    it('should reject nested metadata with 0067 and long keys with 0050', async () => {
      expect((await createOrganization({ metadata: { a: { b: 1 } } }).expect(400)).body.code).toBe(
        '0067',
      );
      expect(
        (await createOrganization({ metadata: { ['k'.repeat(101)]: 1 } }).expect(400)).body.code,
      ).toBe('0050');
      expect(
        (await createOrganization({ metadata: { k: 'v'.repeat(2001) } }).expect(400)).body.code,
      ).toBe('0051');
    });

    it('should answer malformed JSON with 0094, not 500', async () => {
      const res = await http
        .post('/v1/organizations')
        .set('Content-Type', 'application/json')
        .send('{"legalName": ')
        .expect(400);
      expect(res.body.code).toBe('0094');
    });

    it('should answer a non-UUID id with 0065 and an unknown id with 0007', async () => {
      expect((await http.get('/v1/organizations/not-a-uuid').expect(400)).body.code).toBe('0065');
      const missing = await http
        .get('/v1/organizations/01890000-0000-7000-8000-000000000000')
        .expect(404);
      expect(missing.body).toMatchObject({ code: '0007', entityType: 'Organization' });
    });

    it('should patch fields and merge metadata, refusing legalDocument', async () => {
      const { body: org } = await createOrganization({
        metadata: { keep: 'yes', drop: 'me' },
      }).expect(201);
      const patched = await http
        .patch(`/v1/organizations/${org.id}`)
        .send({
          doingBusinessAs: 'Acme',
          metadata: { drop: null, added: true },
          status: { code: 'INACTIVE' },
        })
        .expect(200);
      expect(patched.body).toMatchObject({
        doingBusinessAs: 'Acme',
        metadata: { keep: 'yes', added: true },
        status: { code: 'INACTIVE' },
      });
      expect(patched.body.metadata).not.toHaveProperty('drop');
      const refused = await http
        .patch(`/v1/organizations/${org.id}`)
        .send({ legalDocument: 'new' })
        .expect(400);
      expect(refused.body.code).toBe('0053');
    });

    it('should list with pages and filters, count with HEAD, and hide deleted ones', async () => {
      const prefix = `List${Date.now()}`;
      for (let i = 0; i < 3; i += 1)
        await createOrganization({ legalName: `${prefix} ${i}` }).expect(201);
      const page1 = await http
        .get(`/v1/organizations?legal_name=${prefix}&limit=2&page=1`)
        .expect(200);
      expect(page1.body).toMatchObject({ page: 1, limit: 2 });
      expect(page1.body.items.map((o: { legalName: string }) => o.legalName)).toEqual([
        `${prefix} 0`,
        `${prefix} 1`,
      ]);
      const page2 = await http
        .get(`/v1/organizations?legal_name=${prefix}&limit=2&page=2`)
        .expect(200);
      expect(page2.body.items).toHaveLength(1);
      const desc = await http
        .get(`/v1/organizations?legal_name=${prefix}&sort_order=desc`)
        .expect(200);
      expect(desc.body.items[0].legalName).toBe(`${prefix} 2`);

      const before = Number(
        (await http.head('/v1/organizations/metrics/count').expect(204)).headers['x-total-count'],
      );
      await http.delete(`/v1/organizations/${page2.body.items[0].id}`).expect(204);
      const after = Number(
        (await http.head('/v1/organizations/metrics/count').expect(204)).headers['x-total-count'],
      );
      expect(after).toBe(before - 1);
      await http.get(`/v1/organizations/${page2.body.items[0].id}`).expect(404);
      await http.delete(`/v1/organizations/${page2.body.items[0].id}`).expect(404);
    });

    it('should filter by metadata.<key>=<value> (string, and the number or boolean it spells)', async () => {
      const tag = `m${Date.now()}`;
      const ids: string[] = [];
      for (const metadata of [
        { tag, tier: 2 },
        { tag, tier: '2', vip: true },
        { tag, tier: '02' },
      ]) {
        ids.push((await createOrganization({ metadata }).expect(201)).body.id);
      }
      const idsOf = async (query: string) =>
        (await http.get(`/v1/organizations?${query}`).expect(200)).body.items.map(
          (o: { id: string }) => o.id,
        );
      expect(await idsOf(`metadata.tag=${tag}`)).toEqual(ids);
      expect(await idsOf(`metadata.tag=${tag}&metadata.tier=2`)).toEqual([ids[0], ids[1]]);
      expect(await idsOf(`metadata.tag=${tag}&metadata.vip=true`)).toEqual([ids[1]]);
      expect(await idsOf(`metadata.tag=${tag}&metadata.tier=02&legal_name=Acme`)).toEqual([ids[2]]);
      expect(await idsOf(`metadata.tag=${tag}x`)).toEqual([]);
      expect((await http.get('/v1/organizations?metadata.=1').expect(400)).body.code).toBe('0082');
    });

    it('should validate pagination and date parameters', async () => {
      expect(
        (await http.get('/v1/organizations?limit=101').expect(400)).body.fields,
      ).toHaveProperty('limit');
      expect(
        (await http.get('/v1/organizations?start_date=2024-01-01').expect(400)).body.code,
      ).toBe('0083');
      expect(
        (await http.get('/v1/organizations?start_date=2024-02-01&end_date=2024-01-01').expect(400))
          .body.code,
      ).toBe('0078');
      expect(
        (await http.get('/v1/organizations?start_date=yesterday&end_date=2024-01-01').expect(400))
          .body.code,
      ).toBe('0131');
      const today = new Date().toISOString().slice(0, 10);
      const window = await http
        .get(`/v1/organizations?start_date=${today}&end_date=${today}`)
        .expect(200);
      expect(window.body.items.length).toBeGreaterThan(0);
    });
  });

  describe('ledgers', () => {
    let orgId: string;

    beforeAll(async () => {
      orgId = (await createOrganization({ legalName: 'Ledger Owner' }).expect(201)).body.id;
    });

    it('should create, read, list, count, patch and delete ledgers', async () => {
      const created = await http
        .post(`/v1/organizations/${orgId}/ledgers`)
        .send({ name: 'Treasury', metadata: { team: 'ops' } })
        .expect(201);
      expect(created.body).toMatchObject({
        organizationId: orgId,
        name: 'Treasury',
        status: { code: 'ACTIVE' },
        metadata: { team: 'ops' },
      });
      const id = created.body.id;
      await http.get(`/v1/organizations/${orgId}/ledgers/${id}`).expect(200);
      const list = await http.get(`/v1/organizations/${orgId}/ledgers`).expect(200);
      expect(list.body.items.map((l: { id: string }) => l.id)).toContain(id);
      const count = await http.head(`/v1/organizations/${orgId}/ledgers/metrics/count`).expect(204);
      expect(count.headers['x-total-count']).toBe('1');
      const patched = await http
        .patch(`/v1/organizations/${orgId}/ledgers/${id}`)
        .send({ name: 'Treasury 2' })
        .expect(200);
      expect(patched.body.name).toBe('Treasury 2');
      await http.delete(`/v1/organizations/${orgId}/ledgers/${id}`).expect(204);
      await http.get(`/v1/organizations/${orgId}/ledgers/${id}`).expect(404);
    });

    it('should filter ledgers by metadata', async () => {
      const { body: owner } = await createOrganization({ legalName: 'Metadata owner' }).expect(201);
      const ids: string[] = [];
      for (const [name, metadata] of [
        ['Blue', { color: 'blue', size: 1 }],
        ['Red', { color: 'red', size: 1 }],
        ['Navy', { color: 'blue', size: 3 }],
      ] as const) {
        ids.push(
          (
            await http
              .post(`/v1/organizations/${owner.id}/ledgers`)
              .send({ name, metadata })
              .expect(201)
          ).body.id,
        );
      }
      const idsOf = async (query: string) =>
        (
          await http.get(`/v1/organizations/${owner.id}/ledgers?${query}`).expect(200)
        ).body.items.map((l: { id: string }) => l.id);
      expect(await idsOf('metadata.color=blue')).toEqual([ids[0], ids[2]]);
      expect(await idsOf('metadata.size=1')).toEqual([ids[0], ids[1]]);
      expect(await idsOf('metadata.color=blue&metadata.size=3')).toEqual([ids[2]]);
      expect(await idsOf('metadata.color=green')).toEqual([]);
    });

    it('should refuse a duplicate name in the same organization with 0001 (409)', async () => {
      await http.post(`/v1/organizations/${orgId}/ledgers`).send({ name: 'Dup' }).expect(201);
      const res = await http
        .post(`/v1/organizations/${orgId}/ledgers`)
        .send({ name: 'dup' })
        .expect(409);
      expect(res.body.code).toBe('0001');
    });

    it('should allow only one of many concurrent creates with the same name', async () => {
      const results = await Promise.all(
        Array.from({ length: 8 }, () =>
          http.post(`/v1/organizations/${orgId}/ledgers`).send({ name: 'Race' }),
        ),
      );
      expect(results.filter((r) => r.status === 201)).toHaveLength(1);
      expect(results.filter((r) => r.status === 409)).toHaveLength(7);
    });

    it('should 404 a ledger under an unknown or other organization', async () => {
      const other = (await createOrganization({ legalName: 'Other' }).expect(201)).body.id;
      const { body: ledger } = await http
        .post(`/v1/organizations/${orgId}/ledgers`)
        .send({ name: 'Mine' })
        .expect(201);
      const res = await http.get(`/v1/organizations/${other}/ledgers/${ledger.id}`).expect(404);
      expect(res.body.entityType).toBe('Ledger');
      const unknownOrg = await http
        .post('/v1/organizations/01890000-0000-7000-8000-000000000000/ledgers')
        .send({ name: 'x' })
        .expect(404);
      expect(unknownOrg.body.entityType).toBe('Organization');
    });
  });

  describe('operability', () => {
    it('should serve health, readiness, OpenAPI and echo X-Request-Id', async () => {
      await http.get('/health').expect(200, { status: 'ok' });
      const ready = await http.get('/readyz').expect(200);
      expect(ready.body.checks).toEqual({ database: 'up' });
      const docs = await http.get('/docs-json').expect(200);
      expect(Object.keys(docs.body.paths)).toContain('/v1/organizations');
      const res = await http.get('/health').set('X-Request-Id', 'req-123').expect(200);
      expect(res.headers['x-request-id']).toBe('req-123');
      expect((await http.get('/health').expect(200)).headers['x-request-id']).toMatch(
        /[0-9a-f-]{36}/,
      );
    });

    it('should not hash response bodies into ETags', async () => {
      const res = await http.get('/v1/organizations').expect(200);
      expect(res.headers['etag']).toBeUndefined();
    });

    it('should answer unknown routes with 0484 and known paths with another method with 0485', async () => {
      const res = await http.get('/v1/nothing-here').expect(404);
      expect(res.body).toEqual({
        code: '0484',
        title: 'Route Not Found',
        message: 'No route matches GET /v1/nothing-here.',
      });
      const org = await createOrganization().expect(201);
      const wrong = await http.put(`/v1/organizations/${org.body.id}`).send({}).expect(405);
      expect(wrong.body).toMatchObject({ code: '0485', title: 'Method Not Allowed' });
      expect(wrong.headers['allow']).toBe('DELETE, GET, HEAD, PATCH');
      // A path that exists for no method stays a 404, whatever the method.
      expect((await http.delete('/v1/nothing-here').expect(404)).body.code).toBe('0484');
      // HEAD is answered wherever GET is.
      await http.head('/v1/organizations').expect(200);
    });
  });
});
