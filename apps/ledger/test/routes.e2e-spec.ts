import {
  newLedger,
  startLedger,
  UNKNOWN_ID,
  type LedgerHarness,
  type LedgerPath,
} from './support/ledger-harness';

const entry = (debit: string, credit: string) => ({
  debit: { code: debit, description: `D ${debit}` },
  credit: { code: credit, description: `C ${credit}` },
});

describe('ledger: operation and transaction routes (single-tenant, real PostgreSQL)', () => {
  let h: LedgerHarness;
  let path: LedgerPath;

  beforeAll(async () => {
    h = await startLedger('ledger_routes_e2e');
    path = await newLedger(h.http, 'Routes');
    await h.http
      .post(`${path.base}/assets`)
      .send({ name: 'US Dollar', type: 'currency', code: 'USD' })
      .expect(201);
    for (const [alias, type] of [
      ['@alice', 'deposit'],
      ['@bob', 'deposit'],
      ['@card', 'creditCard'],
    ]) {
      await h.http
        .post(`${path.base}/accounts`)
        .send({ assetCode: 'USD', type, alias })
        .expect(201);
    }
    await h.http
      .post(`${path.base}/transactions/inflow`)
      .send({
        send: {
          asset: 'USD',
          value: '1000',
          distribute: { to: [{ accountAlias: '@alice', amount: { asset: 'USD', value: '1000' } }] },
        },
      })
      .expect(201);
  });

  afterAll(() => h?.close());

  const opRoute = (body: Record<string, unknown>) =>
    h.http.post(`${path.base}/operation-routes`).send(body);
  const txRoute = (body: Record<string, unknown>) =>
    h.http.post(`${path.base}/transaction-routes`).send(body);
  const settings = (validateRoutes: boolean) =>
    h.http.patch(`${path.base}/settings`).send({ accounting: { validateRoutes } }).expect(200);
  const transfer = (
    legs: { from: string; fromRoute?: string; to: string; toRoute?: string },
    extra: Record<string, unknown> = {},
    value = '10',
  ) =>
    h.http.post(`${path.base}/transactions/json`).send({
      ...extra,
      send: {
        asset: 'USD',
        value,
        source: {
          from: [
            {
              accountAlias: legs.from,
              amount: { asset: 'USD', value },
              ...(legs.fromRoute ? { routeId: legs.fromRoute } : {}),
            },
          ],
        },
        distribute: {
          to: [
            {
              accountAlias: legs.to,
              amount: { asset: 'USD', value },
              ...(legs.toRoute ? { routeId: legs.toRoute } : {}),
            },
          ],
        },
      },
    });

  describe('operation routes', () => {
    it('should create, get, list, update and delete, answering the contract shape', async () => {
      const created = await opRoute({
        title: 'Crud route',
        description: 'for the CRUD test',
        code: 'CRUD-1',
        operationType: 'source',
        account: { ruleType: 'alias', validIf: '@alice' },
        accountingEntries: { direct: entry('1000', '2000') },
        metadata: { team: 'ops' },
      }).expect(201);
      expect(created.body).toEqual({
        id: expect.any(String),
        organizationId: path.organizationId,
        ledgerId: path.ledgerId,
        title: 'Crud route',
        description: 'for the CRUD test',
        code: 'CRUD-1',
        operationType: 'source',
        account: { ruleType: 'alias', validIf: '@alice' },
        accountingEntries: { direct: entry('1000', '2000') },
        metadata: { team: 'ops' },
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
        deletedAt: null,
      });
      const id = created.body.id;
      expect((await h.http.get(`${path.base}/operation-routes/${id}`).expect(200)).body).toEqual(
        created.body,
      );
      const patched = await h.http
        .patch(`${path.base}/operation-routes/${id}`)
        .send({ title: 'Crud route 2', accountingEntries: { hold: entry('1001', '2001') } })
        .expect(200);
      expect(patched.body.title).toBe('Crud route 2');
      expect(Object.keys(patched.body.accountingEntries).sort()).toEqual(['direct', 'hold']);
      const list = await h.http
        .get(`${path.base}/operation-routes?limit=100&metadata.team=ops`)
        .expect(200);
      expect(list.body.items.map((r: { id: string }) => r.id)).toEqual([id]);
      await h.http.delete(`${path.base}/operation-routes/${id}`).expect(204);
      const gone = await h.http.get(`${path.base}/operation-routes/${id}`).expect(404);
      expect(gone.body.code).toBe('0007');
    });

    it.each([
      [{ title: 'x', operationType: 'sideways' }, 400, '0103'],
      [
        { title: 'x', operationType: 'source', account: { ruleType: 'name', validIf: 'a' } },
        400,
        '0111',
      ],
      [
        { title: 'x', operationType: 'source', account: { ruleType: 'alias', validIf: [] } },
        400,
        '0112',
      ],
      [{ operationType: 'source' }, 400, '0009'],
      [{ title: 'x', operationType: 'source', extra: 1 }, 400, '0053'],
    ])('should refuse %j with %s %s', async (body, status, code) => {
      const res = await opRoute(body).expect(status);
      expect(res.body.code).toBe(code);
    });

    it('should refuse a duplicate title with 409 0100', async () => {
      await opRoute({ title: 'Unique title', operationType: 'source' }).expect(201);
      const dup = await opRoute({ title: 'unique TITLE', operationType: 'destination' }).expect(
        409,
      );
      expect(dup.body.code).toBe('0100');
    });
  });

  describe('transaction routes', () => {
    it('should link operation routes, need both sides (0104), know them (0101), and block deleting a linked route (0107)', async () => {
      const source = (await opRoute({ title: 'Tr source', operationType: 'source' })).body;
      const destination = (await opRoute({ title: 'Tr dest', operationType: 'destination' })).body;
      const oneSided = await txRoute({ title: 'One side', operationRoutes: [source.id] });
      expect([oneSided.status, oneSided.body.code]).toEqual([422, '0104']);
      const unknown = await txRoute({ title: 'Unknown', operationRoutes: [source.id, UNKNOWN_ID] });
      expect([unknown.status, unknown.body.code]).toEqual([404, '0101']);
      const created = await txRoute({
        title: 'Settlement',
        description: 'both sides',
        operationRoutes: [source.id, destination.id],
      }).expect(201);
      expect(created.body.operationRoutes.map((r: { id: string }) => r.id).sort()).toEqual(
        [source.id, destination.id].sort(),
      );
      const linked = await h.http.delete(`${path.base}/operation-routes/${source.id}`);
      expect([linked.status, linked.body.code]).toEqual([422, '0107']);
      const list = await h.http.get(`${path.base}/transaction-routes`).expect(200);
      expect(list.body.items.some((r: { id: string }) => r.id === created.body.id)).toBe(true);
      const patched = await h.http
        .patch(`${path.base}/transaction-routes/${created.body.id}`)
        .send({ title: 'Settlement 2' })
        .expect(200);
      expect(patched.body.title).toBe('Settlement 2');
      await h.http.delete(`${path.base}/transaction-routes/${created.body.id}`).expect(204);
      // Unlinked by the deletion of its only transaction route, the route can go.
      await h.http.delete(`${path.base}/operation-routes/${source.id}`).expect(204);
    });

    it('should answer 404 for routes of another ledger', async () => {
      const other = await newLedger(h.http, 'Other routes');
      const route = (await opRoute({ title: 'Mine', operationType: 'source' })).body;
      await h.http.get(`${other.base}/operation-routes/${route.id}`).expect(404);
      await h.http.delete(`${other.base}/operation-routes/${route.id}`).expect(404);
    });
  });

  describe('route validation', () => {
    let debitAlice: string;
    let creditDeposits: string;
    let both: string;
    let route: string;
    let mirrorRoute: string;

    beforeAll(async () => {
      debitAlice = (
        await opRoute({
          title: 'Debit alice',
          code: 'DA',
          description: 'alice pays',
          operationType: 'source',
          account: { ruleType: 'alias', validIf: ['@alice'] },
          accountingEntries: {
            direct: entry('1100', '2100'),
            hold: entry('1110', '2110'),
            commit: entry('1120', '2120'),
            cancel: entry('1130', '2130'),
          },
        })
      ).body.id;
      creditDeposits = (
        await opRoute({
          title: 'Credit deposits',
          code: 'CD',
          operationType: 'destination',
          account: { ruleType: 'account_type', validIf: 'deposit' },
          accountingEntries: { direct: entry('3100', '4100'), commit: entry('3120', '4120') },
        })
      ).body.id;
      both = (
        await opRoute({
          title: 'Both ways',
          code: 'BW',
          operationType: 'bidirectional',
          accountingEntries: { direct: entry('5100', '6100'), revert: entry('5200', '6200') },
        })
      ).body.id;
      route = (
        await txRoute({ title: 'Alice to deposits', operationRoutes: [debitAlice, creditDeposits] })
      ).body.id;
      mirrorRoute = (await txRoute({ title: 'Mirror', operationRoutes: [both] })).body.id;
    });

    afterAll(() => settings(false));

    it('should ignore missing routes when validateRoutes is off, but know named ones', async () => {
      await settings(false);
      await transfer({ from: '@alice', to: '@bob' }).expect(201);
      const unknown = await transfer({ from: '@alice', to: '@bob' }, { routeId: UNKNOWN_ID });
      expect([unknown.status, unknown.body.code]).toEqual([404, '0105']);
      const tagged = await transfer(
        { from: '@alice', fromRoute: debitAlice, to: '@bob', toRoute: creditDeposits },
        { routeId: route },
      ).expect(201);
      expect(tagged.body.routeId).toBe(route);
      expect(tagged.body.operations[0]).toMatchObject({
        route: debitAlice,
        routeId: debitAlice,
        routeCode: 'DA',
        routeDescription: 'alice pays',
        chartOfAccounts: '1100',
      });
    });

    it('should enforce every route rule when validateRoutes is on', async () => {
      await settings(true);
      const cases: [Parameters<typeof transfer>[0], Record<string, unknown>, number, string][] = [
        [
          { from: '@alice', fromRoute: debitAlice, to: '@bob', toRoute: creditDeposits },
          {},
          422,
          '0114',
        ],
        [{ from: '@alice', to: '@bob', toRoute: creditDeposits }, { routeId: route }, 422, '0117'],
        [
          { from: '@alice', fromRoute: both, to: '@bob', toRoute: creditDeposits },
          { routeId: route },
          422,
          '0117',
        ],
        [
          { from: '@alice', fromRoute: creditDeposits, to: '@bob', toRoute: creditDeposits },
          { routeId: route },
          422,
          '0152',
        ],
        [
          { from: '@bob', fromRoute: debitAlice, to: '@alice', toRoute: creditDeposits },
          { routeId: route },
          422,
          '0118',
        ],
        [
          { from: '@alice', fromRoute: debitAlice, to: '@card', toRoute: creditDeposits },
          { routeId: route },
          422,
          '0119',
        ],
      ];
      for (const [legs, extra, status, code] of cases) {
        const res = await transfer(legs, extra);
        expect(`${JSON.stringify(legs)} ${res.status} ${res.body.code}`).toBe(
          `${JSON.stringify(legs)} ${status} ${code}`,
        );
      }
      const ok = await transfer(
        { from: '@alice', fromRoute: debitAlice, to: '@bob', toRoute: creditDeposits },
        { routeId: route },
      ).expect(201);
      expect(
        ok.body.operations.map((o: { type: string; chartOfAccounts: string; routeCode: string }) =>
          [o.type, o.chartOfAccounts, o.routeCode].join(' '),
        ),
      ).toEqual(['DEBIT 1100 DA', 'CREDIT 4100 CD']);
    });

    it('should split pending and cancel legs into single-field operations with their codes', async () => {
      await settings(true);
      const legs = { from: '@alice', fromRoute: debitAlice, to: '@bob', toRoute: creditDeposits };
      const held = await transfer(legs, { routeId: route, pending: true }, '7').expect(201);
      expect(
        held.body.operations.map(
          (o: {
            type: string;
            direction: string;
            chartOfAccounts: string;
            balance: { available: string; onHold: string };
            balanceAfter: { available: string; onHold: string };
          }) =>
            `${o.type} ${o.direction} ${o.chartOfAccounts} ${Number(o.balanceAfter.available) - Number(o.balance.available)}/${Number(o.balanceAfter.onHold) - Number(o.balance.onHold)}`,
        ),
      ).toEqual(['DEBIT debit 1110 -7/0', 'ON_HOLD credit 2110 0/7']);
      const canceled = await h.http
        .post(`${path.base}/transactions/${held.body.id}/cancel`)
        .expect(201);
      expect(
        canceled.body.operations
          .slice(2)
          .map((o: { type: string; chartOfAccounts: string }) => `${o.type} ${o.chartOfAccounts}`),
      ).toEqual(['RELEASE 1130', 'CREDIT 2130']);
      const again = await transfer(legs, { routeId: route, pending: true }, '3').expect(201);
      const committed = await h.http
        .post(`${path.base}/transactions/${again.body.id}/commit`)
        .expect(201);
      expect(
        committed.body.operations
          .slice(2)
          .map((o: { type: string; chartOfAccounts: string }) => `${o.type} ${o.chartOfAccounts}`),
      ).toEqual(['DEBIT 1120', 'CREDIT 4120']);
    });

    it('should revert only through bidirectional routes (0165), booking the revert entry', async () => {
      await settings(true);
      const oneWay = await transfer(
        { from: '@alice', fromRoute: debitAlice, to: '@bob', toRoute: creditDeposits },
        { routeId: route },
      ).expect(201);
      const refused = await h.http.post(`${path.base}/transactions/${oneWay.body.id}/revert`);
      expect([refused.status, refused.body.code]).toEqual([422, '0165']);
      const mirrored = await transfer(
        { from: '@alice', fromRoute: both, to: '@bob', toRoute: both },
        { routeId: mirrorRoute },
      ).expect(201);
      const reverted = await h.http
        .post(`${path.base}/transactions/${mirrored.body.id}/revert`)
        .expect(201);
      expect(
        reverted.body.operations.map(
          (o: { accountAlias: string; type: string; chartOfAccounts: string }) =>
            `${o.accountAlias} ${o.type} ${o.chartOfAccounts}`,
        ),
      ).toEqual(['@alice CREDIT 6200', '@bob DEBIT 5200']);
    });

    it('should need an overdraft entry for overdraft companions (0492)', async () => {
      await settings(true);
      const [card] = (await h.http.get(`${path.base}/accounts/alias/@card/balances`)).body.items;
      await h.http
        .patch(`${path.base}/balances/${card.id}`)
        .send({ settings: { allowOverdraft: true } })
        .expect(200);
      const res = await transfer(
        { from: '@card', fromRoute: both, to: '@bob', toRoute: both },
        { routeId: mirrorRoute },
      );
      expect([res.status, res.body.code]).toEqual([422, '0492']);
      await h.http
        .patch(`${path.base}/operation-routes/${both}`)
        .send({ accountingEntries: { overdraft: entry('7100', '8100') } })
        .expect(200);
      const ok = await transfer(
        { from: '@card', fromRoute: both, to: '@bob', toRoute: both },
        { routeId: mirrorRoute },
      ).expect(201);
      expect(
        ok.body.operations.map(
          (o: { type: string; chartOfAccounts: string }) => `${o.type} ${o.chartOfAccounts}`,
        ),
      ).toEqual(['DEBIT 5100', 'OVERDRAFT 7100', 'CREDIT 6100']);
    });
  });
});
