import {
  countOf,
  idsOf,
  newLedger,
  startLedger,
  UNKNOWN_ID,
  type LedgerHarness,
  type LedgerPath,
} from './support/ledger-harness';

describe('ledger: account types (single-tenant, real PostgreSQL)', () => {
  let h: LedgerHarness;
  let l: LedgerPath;
  const path = () => `${l.base}/account-types`;

  beforeAll(async () => {
    h = await startLedger('ledger_account_types_e2e');
    l = await newLedger(h.http, 'Chart');
  });

  afterAll(async () => {
    await h?.close();
  });

  it('should create, read, patch and soft delete an account type', async () => {
    const created = await h.http
      .post(path())
      .send({
        name: 'Current Assets',
        description: 'Cash within a year',
        keyValue: 'current_assets',
        metadata: { group: 1 },
      })
      .expect(201);
    expect(created.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      organizationId: l.organizationId,
      ledgerId: l.ledgerId,
      name: 'Current Assets',
      description: 'Cash within a year',
      keyValue: 'current_assets',
      metadata: { group: 1 },
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      deletedAt: null,
    });
    const id = created.body.id;
    expect((await h.http.get(`${path()}/${id}`).expect(200)).body).toEqual(created.body);

    const patched = await h.http
      .patch(`${path()}/${id}`)
      .send({ name: 'Short-term assets', description: null, metadata: { group: null, v: 2 } })
      .expect(200);
    expect(patched.body).toMatchObject({
      name: 'Short-term assets',
      keyValue: 'current_assets',
      metadata: { v: 2 },
    });
    expect(patched.body).not.toHaveProperty('description');
    const immutable = await h.http.patch(`${path()}/${id}`).send({ keyValue: 'other' }).expect(400);
    expect(immutable.body.code).toBe('0053');

    await h.http.delete(`${path()}/${id}`).expect(204);
    expect((await h.http.get(`${path()}/${id}`).expect(404)).body).toMatchObject({
      code: '0007',
      entityType: 'AccountType',
    });
    await h.http.delete(`${path()}/${id}`).expect(404);
    // A deleted type's keyValue is free again.
    await h.http.post(path()).send({ name: 'Again', keyValue: 'current_assets' }).expect(201);
  });

  it('should refuse a duplicate keyValue in the ledger with 0108 (409) but allow it elsewhere', async () => {
    await h.http.post(path()).send({ name: 'Liabilities', keyValue: 'liabilities' }).expect(201);
    const dup = await h.http
      .post(path())
      .send({ name: 'Other name', keyValue: 'liabilities' })
      .expect(409);
    expect(dup.body).toMatchObject({
      code: '0108',
      entityType: 'AccountType',
      fields: { keyValue: expect.any(String) },
    });
    const other = await newLedger(h.http, 'Other chart');
    await h.http
      .post(`${other.base}/account-types`)
      .send({ name: 'Liabilities', keyValue: 'liabilities' })
      .expect(201);
  });

  it('should let exactly one of many concurrent creates of the same keyValue win', async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        h.http.post(path()).send({ name: `Equity ${i}`, keyValue: 'equity' }),
      ),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    const losers = results.filter((r) => r.status !== 201);
    expect(losers.map((r) => [r.status, r.body.code])).toEqual(losers.map(() => [409, '0108']));
  });

  it('should validate name, description and keyValue', async () => {
    expect((await h.http.post(path()).send({ name: 'x' }).expect(400)).body).toMatchObject({
      code: '0009',
      fields: { keyValue: expect.any(String) },
    });
    expect(
      (await h.http.post(path()).send({ keyValue: 'k' }).expect(400)).body.fields,
    ).toHaveProperty('name');
    const tooLong = [
      { name: 'n'.repeat(101), keyValue: 'a' },
      { name: 'n', description: 'd'.repeat(501), keyValue: 'b' },
      { name: 'n', keyValue: 'k'.repeat(51) },
      { name: 'n', keyValue: 'has space' },
    ];
    for (const body of tooLong) {
      const res = await h.http.post(path()).send(body).expect(400);
      expect(res.body.code).toBe('0047');
    }
  });

  it('should list with pages, key_value / name / metadata filters and count', async () => {
    const ledger = await newLedger(h.http, 'Types lists');
    const ids: string[] = [];
    for (const spec of [
      { name: 'Cash', keyValue: 'cash', metadata: { nature: 'debit' } },
      { name: 'Cards', keyValue: 'cards', metadata: { nature: 'debit', risky: true } },
      { name: 'Revenue', keyValue: 'revenue', metadata: { nature: 'credit' } },
    ]) {
      ids.push((await h.http.post(`${ledger.base}/account-types`).send(spec).expect(201)).body.id);
    }
    const list = (q: string) => h.http.get(`${ledger.base}/account-types?${q}`).expect(200);
    expect((await list('limit=2')).body).toMatchObject({ page: 1, limit: 2 });
    expect(idsOf(await list('limit=2'))).toEqual([ids[0], ids[1]]);
    expect(idsOf(await list('limit=2&page=2'))).toEqual([ids[2]]);
    expect(idsOf(await list('sort_order=desc&limit=1'))).toEqual([ids[2]]);
    expect(idsOf(await list('key_value=cards'))).toEqual([ids[1]]);
    expect(idsOf(await list('name=ca'))).toEqual([ids[0], ids[1]]);
    expect(idsOf(await list('metadata.nature=debit'))).toEqual([ids[0], ids[1]]);
    expect(idsOf(await list('metadata.risky=true'))).toEqual([ids[1]]);
    expect(await countOf(h.http, `${ledger.base}/account-types`)).toBe(3);
  });

  it('should answer 404 for unknown organizations and ledgers and for another organization', async () => {
    const noOrg = await h.http
      .get(`/v1/organizations/${UNKNOWN_ID}/ledgers/${l.ledgerId}/account-types`)
      .expect(404);
    expect(noOrg.body).toMatchObject({ code: '0007', entityType: 'Organization' });
    const noLedger = await h.http
      .post(`/v1/organizations/${l.organizationId}/ledgers/${UNKNOWN_ID}/account-types`)
      .send({ name: 'x', keyValue: 'x' })
      .expect(404);
    expect(noLedger.body).toMatchObject({ code: '0007', entityType: 'Ledger' });
    const { body: type } = await h.http
      .post(path())
      .send({ name: 'Scoped', keyValue: 'scoped' })
      .expect(201);
    const other = await newLedger(h.http, 'Intruder');
    const crossed = `/v1/organizations/${other.organizationId}/ledgers/${l.ledgerId}/account-types/${type.id}`;
    expect((await h.http.get(crossed).expect(404)).body.entityType).toBe('Ledger');
    expect(
      (await h.http.get(`${other.base}/account-types/${type.id}`).expect(404)).body.entityType,
    ).toBe('AccountType');
    expect((await h.http.get(`${path()}/not-a-uuid`).expect(400)).body.code).toBe('0065');
  });
});
