import { metadataIndexNameOf } from '@finplat/ledger-database';
import {
  idsOf,
  newLedger,
  startLedger,
  type LedgerHarness,
  type LedgerPath,
} from './support/ledger-harness';

const INDEXES = '/v1/settings/metadata-indexes';

describe('ledger: metadata indexes (single-tenant, real PostgreSQL)', () => {
  let h: LedgerHarness;
  let l: LedgerPath;

  beforeAll(async () => {
    h = await startLedger('ledger_metadata_indexes_e2e');
    l = await newLedger(h.http, 'Indexed');
    await h.http
      .post(`${l.base}/assets`)
      .send({ name: 'Real', type: 'currency', code: 'BRL' })
      .expect(201);
  });

  afterAll(async () => {
    await h?.close();
  });

  const indexDef = async (name: string) =>
    (
      await h.sql<{ indexdef: string }>(`SELECT indexdef FROM pg_indexes WHERE indexname = $1`, [
        name,
      ])
    )[0]?.indexdef;

  it('should create a real sparse index on the key, list it, and refuse a second one', async () => {
    expect((await h.http.get(INDEXES).expect(200)).body).toEqual([]);
    const res = await h.http
      .post(`${INDEXES}/entities/account`)
      .send({ metadataKey: 'tier', sparse: true })
      .expect(201);
    const name = metadataIndexNameOf('account', 'tier');
    expect(res.body).toEqual({
      indexName: name,
      entityName: 'account',
      metadataKey: 'tier',
      unique: false,
      sparse: true,
      stats: expect.objectContaining({ accesses: 0 }),
    });
    const def = await indexDef(name);
    expect(def).toContain("((metadata -> 'tier'::text))");
    expect(def).toContain("(metadata ? 'tier'::text)");
    expect(def).toContain('(deleted_at IS NULL)');
    expect((await h.http.get(`${INDEXES}?entity_name=account`).expect(200)).body).toEqual([
      res.body,
    ]);
    expect((await h.http.get(`${INDEXES}?entity_name=ledger`).expect(200)).body).toEqual([]);
    const again = await h.http
      .post(`${INDEXES}/entities/account`)
      .send({ metadataKey: 'tier' })
      .expect(409);
    expect(again.body.code).toBe('0133');
  });

  it('should serve a metadata filter on the indexed key from that index (EXPLAIN and scan counts)', async () => {
    await h.sql(
      `INSERT INTO account (id, organization_id, ledger_id, name, alias, type, asset_code, metadata)
       SELECT gen_random_uuid(), $1, $2, 'bulk', 'bulk-' || g, 'deposit', 'BRL',
              CASE WHEN g % 10 = 0 THEN jsonb_build_object('tier', 't' || (g % 500)) ELSE '{}'::jsonb END
         FROM generate_series(1, 20000) g`,
      [l.organizationId, l.ledgerId],
    );
    await h.sql('ANALYZE account');
    const name = metadataIndexNameOf('account', 'tier');
    // The statement the account list sends, with its parameters bound as literals.
    const plan = await h.sql<{ 'QUERY PLAN': unknown }>(
      `EXPLAIN (FORMAT JSON)
       SELECT * FROM account a
        WHERE a.organization_id = '${l.organizationId}' AND a.ledger_id = '${l.ledgerId}'
          AND (a.metadata ? CAST('tier' AS text)
               AND a.metadata -> CAST('tier' AS text) IN (CAST('{"tier":"t40"}' AS jsonb) -> CAST('tier' AS text))
               AND (a.metadata @> CAST('{"tier":"t40"}' AS jsonb)))
          AND a.deleted_at IS NULL
        ORDER BY a.created_at, a.id LIMIT 10`,
    );
    expect(JSON.stringify(plan[0]['QUERY PLAN'])).toContain(name);

    const before = (await h.http.get(`${INDEXES}?entity_name=account`)).body[0].stats.accesses;
    const listed = await h.http.get(`${l.base}/accounts?metadata.tier=t40&limit=100`).expect(200);
    expect(listed.body.items).toHaveLength(40);
    expect(
      listed.body.items.every((a: { metadata: { tier: string } }) => a.metadata.tier === 't40'),
    ).toBe(true);
    let accesses = before;
    for (let attempt = 0; attempt < 40 && accesses === before; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      accesses = (await h.http.get(`${INDEXES}?entity_name=account`)).body[0].stats.accesses;
    }
    expect(accesses).toBeGreaterThan(before);
  });

  it('should keep filter results exact with the extra conditions (numbers, strings, absent keys)', async () => {
    const a = (
      await h.http
        .post(`${l.base}/accounts`)
        .send({ assetCode: 'BRL', type: 'x', metadata: { level: 2 } })
    ).body;
    const b = (
      await h.http
        .post(`${l.base}/accounts`)
        .send({ assetCode: 'BRL', type: 'x', metadata: { level: '2' } })
    ).body;
    await h.http
      .post(`${l.base}/accounts`)
      .send({ assetCode: 'BRL', type: 'x', metadata: { other: 2 } });
    await h.http.post(`${INDEXES}/entities/account`).send({ metadataKey: 'level' }).expect(201);
    const res = await h.http.get(`${l.base}/accounts?metadata.level=2&limit=100`).expect(200);
    expect(idsOf(res).sort()).toEqual([a.id, b.id].sort());
    const json = await h.http
      .get(`${l.base}/accounts?metadata=${encodeURIComponent('{"level":2}')}`)
      .expect(200);
    expect(idsOf(json)).toEqual([a.id]);
  });

  it('should honour unique: refuse existing duplicates, then refuse a duplicate write with 409 0136', async () => {
    for (const ref of ['R1', 'R1']) {
      await h.http
        .post(`${l.base}/accounts`)
        .send({ assetCode: 'BRL', type: 'x', metadata: { ref } })
        .expect(201);
    }
    const dup = await h.http
      .post(`${INDEXES}/entities/account`)
      .send({ metadataKey: 'ref', unique: true })
      .expect(422);
    expect(dup.body.code).toBe('0135');
    expect(await indexDef(metadataIndexNameOf('account', 'ref'))).toBeUndefined();

    const res = await h.http
      .post(`${INDEXES}/entities/segment`)
      .send({ metadataKey: 'code', unique: true })
      .expect(201);
    expect(res.body).toMatchObject({ unique: true, sparse: false });
    expect(await indexDef(res.body.indexName)).toContain('CREATE UNIQUE INDEX');
    await h.http
      .post(`${l.base}/segments`)
      .send({ name: 'S1', metadata: { code: 'A' } })
      .expect(201);
    const taken = await h.http
      .post(`${l.base}/segments`)
      .send({ name: 'S2', metadata: { code: 'A' } })
      .expect(409);
    expect(taken.body.code).toBe('0136');
    const other = (
      await h.http
        .post(`${l.base}/segments`)
        .send({ name: 'S3', metadata: { code: 'B' } })
        .expect(201)
    ).body;
    expect(
      (
        await h.http
          .patch(`${l.base}/segments/${other.id}`)
          .send({ metadata: { code: 'A' } })
          .expect(409)
      ).body.code,
    ).toBe('0136');
    expect(
      (
        await h.http
          .post(`${INDEXES}/entities/transaction`)
          .send({ metadataKey: 'k', unique: true })
          .expect(400)
      ).body.code,
    ).toBe('0132');
  });

  it('should drop the index, and answer a missing one with 404 0134', async () => {
    await h.http.post(`${INDEXES}/entities/ledger`).send({ metadataKey: 'region' }).expect(201);
    await h.http.delete(`${INDEXES}/entities/ledger/key/region`).expect(204);
    expect(await indexDef(metadataIndexNameOf('ledger', 'region'))).toBeUndefined();
    expect(
      (await h.http.delete(`${INDEXES}/entities/ledger/key/region`).expect(404)).body.code,
    ).toBe('0134');
  });

  it('should validate entity names and bodies', async () => {
    expect(
      (await h.http.post(`${INDEXES}/entities/wallet`).send({ metadataKey: 'k' }).expect(400)).body
        .code,
    ).toBe('0132');
    expect((await h.http.get(`${INDEXES}?entity_name=wallet`).expect(400)).body.code).toBe('0132');
    expect((await h.http.delete(`${INDEXES}/entities/wallet/key/k`).expect(400)).body.code).toBe(
      '0132',
    );
    expect((await h.http.post(`${INDEXES}/entities/account`).send({}).expect(400)).body.code).toBe(
      '0009',
    );
    expect(
      (
        await h.http
          .post(`${INDEXES}/entities/account`)
          .send({ metadataKey: 'x'.repeat(101) })
          .expect(400)
      ).body.fields,
    ).toHaveProperty('metadataKey');
    expect(
      (
        await h.http
          .post(`${INDEXES}/entities/account`)
          .send({ metadataKey: 'k', sparse: 'yes' })
          .expect(400)
      ).body.fields,
    ).toHaveProperty('sparse');
  });

  it('should build indexes in the tenant’s own database only', async () => {
    const other = await startLedger('ledger_metadata_indexes_other');
    try {
      await other.http.get('/v1/organizations').expect(200);
      expect((await other.http.get(INDEXES).expect(200)).body).toEqual([]);
      expect(
        await other.sql(`SELECT indexname FROM pg_indexes WHERE indexname LIKE 'mdx%'`),
      ).toEqual([]);
    } finally {
      await other.close();
    }
  });
});
