import { Money } from '@finplat/ledger-domain';
import {
  idsOf,
  newLedger,
  startLedger,
  UNKNOWN_ID,
  type LedgerHarness,
  type LedgerPath,
} from './support/ledger-harness';

const percent = (value: string, over: Record<string, unknown> = {}) => ({
  feeLabel: `Fee ${value}%`,
  calculationModel: {
    applicationRule: 'percentual',
    calculations: [{ type: 'percentage', value }],
  },
  referenceAmount: 'originalAmount',
  priority: 1,
  isDeductibleFrom: false,
  creditAccount: '@fees',
  ...over,
});

const flat = (value: string, over: Record<string, unknown> = {}) => ({
  feeLabel: `Flat ${value}`,
  calculationModel: { applicationRule: 'flatFee', calculations: [{ type: 'flat', value }] },
  referenceAmount: 'originalAmount',
  priority: 2,
  isDeductibleFrom: true,
  creditAccount: '@fees',
  ...over,
});

describe('ledger: fee packages, fees on transactions, estimates (single-tenant, real PostgreSQL)', () => {
  let h: LedgerHarness;
  let path: LedgerPath;
  let other: LedgerPath;
  let packageId: string;

  beforeAll(async () => {
    h = await startLedger('ledger_fees_e2e');
    path = await newLedger(h.http, 'Fees');
    other = await newLedger(h.http, 'Other');
    await h.http
      .post(`${path.base}/assets`)
      .send({ name: 'US Dollar', type: 'currency', code: 'USD' })
      .expect(201);
    for (const alias of ['@alice', '@bob', '@fees', '@vip', '@poor']) {
      await h.http
        .post(`${path.base}/accounts`)
        .send({ assetCode: 'USD', type: 'deposit', alias })
        .expect(201);
    }
    for (const [alias, value] of [
      ['@alice', '1000'],
      ['@vip', '100'],
      ['@poor', '100'],
    ]) {
      await inflow(alias, value).expect(201);
    }
  });

  afterAll(() => h?.close());

  const packages = (org = path.organizationId) => `/v1/organizations/${org}/packages`;
  const inflow = (alias: string, value: string) =>
    h.http.post(`${path.base}/transactions/inflow`).send({
      send: {
        asset: 'USD',
        value,
        distribute: { to: [{ accountAlias: alias, amount: { asset: 'USD', value } }] },
      },
    });
  const body = (from: string, to: string, value: string, extra: Record<string, unknown> = {}) => ({
    ...extra,
    send: {
      asset: 'USD',
      value,
      source: { from: [{ accountAlias: from, amount: { asset: 'USD', value } }] },
      distribute: { to: [{ accountAlias: to, amount: { asset: 'USD', value } }] },
    },
  });
  const transfer = (from: string, to: string, value: string, extra: Record<string, unknown> = {}) =>
    h.http.post(`${path.base}/transactions/json`).send(body(from, to, value, extra));
  const available = async (alias: string) =>
    (await h.http.get(`${path.base}/accounts/alias/${alias}/balances`).expect(200)).body.items[0]
      .available as string;
  const balances = async () =>
    Object.fromEntries(
      await Promise.all(
        ['@alice', '@bob', '@fees', '@vip', '@poor'].map(async (a) => [a, await available(a)]),
      ),
    );
  const legsOf = (res: {
    body: {
      operations: {
        accountAlias: string;
        type: string;
        amount: { value: string };
        description: string;
      }[];
    };
  }) =>
    res.body.operations.map(
      (o) =>
        `${o.accountAlias} ${o.type} ${o.amount.value}${o.description ? ` (${o.description})` : ''}`,
    );

  describe('fee packages', () => {
    const valid = () => ({
      feeGroupLabel: 'Standard',
      description: 'Two fees on transfers up to 500',
      ledgerId: path.ledgerId,
      minimumAmount: '10',
      maximumAmount: '500',
      waivedAccounts: ['@vip'],
      fees: { admin: percent('2'), service: flat('0.50') },
    });

    it('should refuse a malformed fee naming the field, with no row written', async () => {
      const cases: [Record<string, unknown>, number, string, string][] = [
        [
          {
            fees: {
              admin: percent('2', { calculationModel: { applicationRule: 'x', calculations: [] } }),
            },
          },
          400,
          '0181',
          'fees.admin.calculationModel.applicationRule',
        ],
        [
          { fees: { admin: percent('101') } },
          400,
          '0181',
          'fees.admin.calculationModel.calculations[0].value',
        ],
        [
          { fees: { admin: percent('2', { isDeductibleFrom: 'yes' }) } },
          400,
          '0181',
          'fees.admin.isDeductibleFrom',
        ],
        [{ fees: { a: percent('1'), b: percent('2') } }, 400, '0183', 'fees.b.priority'],
        [{ fees: {} }, 400, '0181', 'fees'],
        [{ minimumAmount: '600' }, 400, '0182', 'minimumAmount'],
        [{ maximumAmount: '1.2.3' }, 400, '0182', 'maximumAmount'],
      ];
      for (const [patch, status, code, field] of cases) {
        const res = await h.http.post(packages()).send({ ...valid(), ...patch });
        expect([res.status, res.body.code, Object.keys(res.body.fields ?? {})]).toEqual([
          status,
          code,
          [field],
        ]);
      }
      const unknown = await h.http.post(packages()).send({ ...valid(), surprise: 1 });
      expect([unknown.status, unknown.body.code]).toEqual([400, '0053']);
      const noLedger = await h.http.post(packages()).send({ ...valid(), ledgerId: UNKNOWN_ID });
      expect([noLedger.status, noLedger.body.code]).toEqual([404, '0007']);
      const foreignLedger = await h.http.post(packages(other.organizationId)).send({ ...valid() });
      expect([foreignLedger.status, foreignLedger.body.code]).toEqual([404, '0007']);
      expect(await h.sql('SELECT id FROM fee_package')).toEqual([]);
    });

    it('should create, get, list, update and delete a package', async () => {
      const created = await h.http.post(packages()).send(valid()).expect(201);
      packageId = created.body.id;
      expect(created.body).toMatchObject({
        feeGroupLabel: 'Standard',
        ledgerId: path.ledgerId,
        segmentId: '',
        transactionRoute: null,
        minimumAmount: '10',
        maximumAmount: '500',
        waivedAccounts: ['@vip'],
        enable: true,
        deletedAt: null,
      });
      expect(created.body.fees.admin.calculationModel.calculations).toEqual([
        { type: 'percentage', value: '2' },
      ]);
      expect((await h.http.get(`${packages()}/${packageId}`).expect(200)).body).toEqual(
        created.body,
      );
      const disabled = await h.http
        .post(packages())
        .send({ ...valid(), feeGroupLabel: 'Off', enable: false })
        .expect(201);
      const list = await h.http.get(packages()).query({ ledgerId: path.ledgerId }).expect(200);
      expect([idsOf(list), list.body.total, list.body.page, list.body.limit]).toEqual([
        [packageId, disabled.body.id],
        2,
        1,
        10,
      ]);
      const enabled = await h.http.get(packages()).query({ enable: 'true' }).expect(200);
      expect(idsOf(enabled)).toEqual([packageId]);
      const patched = await h.http
        .patch(`${packages()}/${disabled.body.id}`)
        .send({ description: 'now gone', maximumAmount: '20' })
        .expect(200);
      expect([patched.body.description, patched.body.maximumAmount]).toEqual(['now gone', '20']);
      const inverted = await h.http
        .patch(`${packages()}/${disabled.body.id}`)
        .send({ minimumAmount: '30' });
      expect([inverted.status, inverted.body.code]).toEqual([400, '0182']);
      const ledgerFixed = await h.http
        .patch(`${packages()}/${disabled.body.id}`)
        .send({ ledgerId: other.ledgerId });
      expect([ledgerFixed.status, ledgerFixed.body.code]).toEqual([400, '0053']);
      await h.http.delete(`${packages()}/${disabled.body.id}`).expect(204);
      for (const res of [
        await h.http.get(`${packages()}/${disabled.body.id}`),
        await h.http.delete(`${packages()}/${disabled.body.id}`),
        await h.http.get(`${packages()}/${UNKNOWN_ID}`),
      ]) {
        expect([res.status, res.body.code]).toEqual([404, '0179']);
      }
      expect(idsOf(await h.http.get(packages()).expect(200))).toEqual([packageId]);
    });

    it("should not show or change one organization's package from another", async () => {
      const foreign = `${packages(other.organizationId)}/${packageId}`;
      for (const res of [
        await h.http.get(foreign),
        await h.http.patch(foreign).send({ enable: false }),
        await h.http.delete(foreign),
      ]) {
        expect([res.status, res.body.code]).toEqual([404, '0179']);
      }
      const list = await h.http.get(packages(other.organizationId)).expect(200);
      expect([list.body.items, list.body.total]).toEqual([[], 0]);
      expect((await h.http.get(`${packages()}/${packageId}`).expect(200)).body.enable).toBe(true);
      const noOrg = await h.http.get(packages(UNKNOWN_ID));
      expect([noOrg.status, noOrg.body.code]).toEqual([404, '0007']);
    });
  });

  describe('fees on transactions', () => {
    it('should post the fees as legs of the transaction, exactly', async () => {
      const before = await balances();
      const res = await transfer('@alice', '@bob', '100.10').expect(201);
      // 2 % of 100.10 on top, paid by @alice; 0.50 taken off what @bob receives.
      expect(legsOf(res)).toEqual([
        '@alice DEBIT 100.1',
        '@alice DEBIT 2.002 (Fee: Fee 2%)',
        '@bob CREDIT 99.6',
        '@fees CREDIT 2.002 (Fee: Fee 2%)',
        '@fees CREDIT 0.5 (Fee: Flat 0.50)',
      ]);
      expect([res.body.amount, res.body.feesSkipped]).toEqual(['102.102', false]);
      expect(await balances()).toEqual({
        ...before,
        '@alice': '897.898',
        '@bob': '99.6',
        '@fees': '2.502',
      });
      const stored = await h.http.get(`${path.base}/transactions/${res.body.id}`).expect(200);
      expect(legsOf(stored)).toEqual(legsOf(res));
    });

    it('should charge nothing outside the amount range or for a waived source', async () => {
      const before = await balances();
      expect(legsOf(await transfer('@alice', '@bob', '5').expect(201))).toEqual([
        '@alice DEBIT 5',
        '@bob CREDIT 5',
      ]);
      expect(legsOf(await transfer('@vip', '@bob', '50').expect(201))).toEqual([
        '@vip DEBIT 50',
        '@bob CREDIT 50',
      ]);
      expect(await balances()).toEqual({
        ...before,
        '@alice': '892.898',
        '@bob': '154.6',
        '@vip': '50',
      });
    });

    it('should honour skip.fees only where the ledger allows it (0490 otherwise)', async () => {
      const refused = await transfer('@alice', '@bob', '20', { skip: { fees: true } });
      expect([refused.status, refused.body.code]).toEqual([422, '0490']);
      await h.http
        .patch(`${path.base}/settings`)
        .send({ overrides: { allowFeeSkip: true } })
        .expect(200);
      const skipped = await transfer('@alice', '@bob', '20', { skip: { fees: true } }).expect(201);
      expect(skipped.body.feesSkipped).toBe(true);
      expect(legsOf(skipped)).toEqual(['@alice DEBIT 20', '@bob CREDIT 20']);
    });

    it('should refuse, writing nothing, when the payer cannot cover its fee or deductible fees eat the amount', async () => {
      const before = await balances();
      const short = await transfer('@poor', '@bob', '100');
      expect([short.status, short.body.code]).toEqual([422, '0018']);
      await h.http
        .patch(`${packages()}/${packageId}`)
        .send({ fees: { admin: percent('2'), service: flat('30') } })
        .expect(200);
      const eaten = await transfer('@alice', '@bob', '30');
      expect([eaten.status, eaten.body.code]).toEqual([422, '0184']);
      expect(await balances()).toEqual(before);
      await h.http
        .patch(`${packages()}/${packageId}`)
        .send({ fees: { admin: percent('2'), service: flat('0.50') } })
        .expect(200);
    });

    it('should give the fees back when the transaction is reverted', async () => {
      const before = await balances();
      const tx = await transfer('@alice', '@bob', '50').expect(201);
      await h.http.post(`${path.base}/transactions/${tx.body.id}/revert`).expect(201);
      expect(await balances()).toEqual(before);
    });

    it('should hold the fees with a pending transfer, book them on commit and release them on cancel', async () => {
      const before = await balances();
      const pending = await transfer('@alice', '@bob', '100', { pending: true }).expect(201);
      expect(legsOf(pending)).toEqual(['@alice ON_HOLD 100', '@alice ON_HOLD 2 (Fee: Fee 2%)']);
      const held = await h.http.get(`${path.base}/accounts/alias/@alice/balances`).expect(200);
      expect(held.body.items[0].onHold).toBe('102');
      await h.http.post(`${path.base}/transactions/${pending.body.id}/commit`).expect(201);
      const canceled = await transfer('@alice', '@bob', '40', { pending: true }).expect(201);
      await h.http.post(`${path.base}/transactions/${canceled.body.id}/cancel`).expect(201);
      const after = await balances();
      expect(after).toEqual({
        ...before,
        '@alice': new Money(before['@alice']).minus('102').toFixed(),
        '@bob': new Money(before['@bob']).plus('99.5').toFixed(),
        '@fees': new Money(before['@fees']).plus('2.5').toFixed(),
      });
      const released = await h.http.get(`${path.base}/accounts/alias/@alice/balances`).expect(200);
      expect(released.body.items[0].onHold).toBe('0');
    });

    it("should prefer a package limited to the source accounts' segment, for those accounts only", async () => {
      const segment = await h.http
        .post(`${path.base}/segments`)
        .send({ name: 'Premium' })
        .expect(201);
      await h.http
        .post(`${path.base}/accounts`)
        .send({ assetCode: 'USD', type: 'deposit', alias: '@seg', segmentId: segment.body.id })
        .expect(201);
      await inflow('@seg', '50').expect(201);
      const limited = await h.http
        .post(packages())
        .send({
          feeGroupLabel: 'Premium',
          ledgerId: path.ledgerId,
          segmentId: segment.body.id,
          minimumAmount: '0',
          maximumAmount: '1000',
          fees: { flat: flat('1', { isDeductibleFrom: false, priority: 1 }) },
        })
        .expect(201);
      expect(legsOf(await transfer('@seg', '@bob', '20').expect(201))).toEqual([
        '@seg DEBIT 20',
        '@seg DEBIT 1 (Fee: Flat 1)',
        '@bob CREDIT 20',
        '@fees CREDIT 1 (Fee: Flat 1)',
      ]);
      expect(legsOf(await transfer('@alice', '@bob', '20').expect(201))).toEqual([
        '@alice DEBIT 20',
        '@alice DEBIT 0.4 (Fee: Fee 2%)',
        '@bob CREDIT 19.5',
        '@fees CREDIT 0.4 (Fee: Fee 2%)',
        '@fees CREDIT 0.5 (Fee: Flat 0.50)',
      ]);
      await h.http.delete(`${packages()}/${limited.body.id}`).expect(204);
      const unknownSegment = await h.http.post(packages()).send({
        feeGroupLabel: 'Nowhere',
        ledgerId: path.ledgerId,
        segmentId: UNKNOWN_ID,
        minimumAmount: '0',
        maximumAmount: '1',
        fees: { flat: flat('1') },
      });
      expect([unknownSegment.status, unknownSegment.body.code]).toEqual([404, '0007']);
    });

    it('should replay the first fee outcome for a reused idempotency key', async () => {
      const first = await h.http
        .post(`${path.base}/transactions/json`)
        .set('X-Idempotency', 'fees-replay-1')
        .send(body('@alice', '@bob', '40'))
        .expect(201);
      await h.http.patch(`${packages()}/${packageId}`).send({ enable: false }).expect(200);
      const again = await h.http
        .post(`${path.base}/transactions/json`)
        .set('X-Idempotency', 'fees-replay-1')
        .send(body('@alice', '@bob', '40'))
        .expect(201);
      expect(again.headers['x-idempotency-replayed']).toBe('true');
      expect(legsOf(again)).toEqual(legsOf(first));
      expect(legsOf(first)).toHaveLength(5);
      await h.http.patch(`${packages()}/${packageId}`).send({ enable: true }).expect(200);
    });
  });

  describe('fees in a ledger that validates routes', () => {
    it('should book fee legs through routeFrom / routeTo, and refuse fees without routes (0117)', async () => {
      const strict = await newLedger(h.http, 'Strict');
      await h.http
        .post(`${strict.base}/assets`)
        .send({ name: 'US Dollar', type: 'currency', code: 'USD' })
        .expect(201);
      for (const alias of ['@x', '@y', '@f']) {
        await h.http
          .post(`${strict.base}/accounts`)
          .send({ assetCode: 'USD', type: 'deposit', alias })
          .expect(201);
      }
      await h.http
        .post(`${strict.base}/transactions/inflow`)
        .send({
          send: {
            asset: 'USD',
            value: '100',
            distribute: { to: [{ accountAlias: '@x', amount: { asset: 'USD', value: '100' } }] },
          },
        })
        .expect(201);
      const route = async (title: string, operationType: string, alias: string) =>
        (
          await h.http
            .post(`${strict.base}/operation-routes`)
            .send({ title, operationType, account: { ruleType: 'alias', validIf: alias } })
            .expect(201)
        ).body.id as string;
      const src = await route('Pay', 'source', '@x');
      const dst = await route('Receive', 'destination', '@y');
      const feeSrc = await route('Fee paid', 'source', '@x');
      const feeDst = await route('Fee earned', 'destination', '@f');
      const tr = await h.http
        .post(`${strict.base}/transaction-routes`)
        .send({ title: 'Payment', operationRoutes: [src, dst, feeSrc, feeDst] })
        .expect(201);
      const routedFee = flat('1', { isDeductibleFrom: false, creditAccount: '@f' });
      const pkg = await h.http
        .post(packages(strict.organizationId))
        .send({
          feeGroupLabel: 'Routed',
          ledgerId: strict.ledgerId,
          minimumAmount: '0',
          maximumAmount: '1000',
          fees: { flat: { ...routedFee, routeFrom: feeSrc, routeTo: feeDst } },
        })
        .expect(201);
      await h.http
        .patch(`${strict.base}/settings`)
        .send({ accounting: { validateRoutes: true } })
        .expect(200);
      const send = () =>
        h.http.post(`${strict.base}/transactions/json`).send({
          routeId: tr.body.id,
          description: `routed ${Math.random()}`,
          send: {
            asset: 'USD',
            value: '10',
            source: {
              from: [{ accountAlias: '@x', routeId: src, amount: { asset: 'USD', value: '10' } }],
            },
            distribute: {
              to: [{ accountAlias: '@y', routeId: dst, amount: { asset: 'USD', value: '10' } }],
            },
          },
        });
      const paid = await send().expect(201);
      expect(
        paid.body.operations.map(
          (o: { accountAlias: string; amount: { value: string }; routeId: string }) =>
            `${o.accountAlias} ${o.amount.value} ${o.routeId}`,
        ),
      ).toEqual([`@x 10 ${src}`, `@x 1 ${feeSrc}`, `@y 10 ${dst}`, `@f 1 ${feeDst}`]);
      await h.http
        .patch(`${packages(strict.organizationId)}/${pkg.body.id}`)
        .send({ fees: { flat: routedFee } })
        .expect(200);
      const unrouted = await send();
      expect([unrouted.status, unrouted.body.code]).toEqual([422, '0117']);
    });
  });

  describe('estimates', () => {
    const estimates = (org = path.organizationId) => `/v1/organizations/${org}/estimates`;

    it('should price a transaction as posting would, writing nothing', async () => {
      const before = await balances();
      const res = await h.http
        .post(estimates())
        .send({ ledgerId: path.ledgerId, transaction: body('@alice', '@bob', '100.10') })
        .expect(200);
      expect(res.body).toMatchObject({
        packageId,
        feeGroupLabel: 'Standard',
        waived: false,
        totalFees: '2.502',
        fees: [
          { name: 'admin', amount: '2.002', payer: '@alice', isDeductibleFrom: false },
          { name: 'service', amount: '0.5', payer: '@bob', isDeductibleFrom: true },
        ],
      });
      expect(res.body.transaction.send.value).toBe('102.102');
      expect(
        res.body.transaction.send.distribute.to.map(
          (l: { accountAlias: string; amount: { value: string } }) =>
            `${l.accountAlias} ${l.amount.value}`,
        ),
      ).toEqual(['@bob 99.6', '@fees 2.002', '@fees 0.5']);
      const waived = await h.http
        .post(estimates())
        .send({ ledgerId: path.ledgerId, transaction: body('@vip', '@bob', '10') })
        .expect(200);
      expect([waived.body.waived, waived.body.fees, waived.body.totalFees]).toEqual([
        true,
        [],
        '0',
      ]);
      const none = await h.http
        .post(estimates())
        .send({ ledgerId: path.ledgerId, transaction: body('@alice', '@bob', '1000') })
        .expect(200);
      expect([none.body.packageId, none.body.fees]).toEqual(['', []]);
      const named = await h.http
        .post(estimates())
        .send({ ledgerId: path.ledgerId, packageId, transaction: body('@alice', '@bob', '1000') })
        .expect(200);
      expect(named.body.totalFees).toBe('20.5');
      expect(await balances()).toEqual(before);
    });

    it('should answer 404 for a package or ledger of another organization, 400 for a bad body', async () => {
      const foreign = await h.http
        .post(estimates(other.organizationId))
        .send({ ledgerId: path.ledgerId, transaction: body('@alice', '@bob', '10') });
      expect([foreign.status, foreign.body.code]).toEqual([404, '0007']);
      const foreignPackage = await h.http
        .post(estimates(other.organizationId))
        .send({ ledgerId: other.ledgerId, packageId, transaction: body('@alice', '@bob', '10') });
      expect([foreignPackage.status, foreignPackage.body.code]).toEqual([404, '0179']);
      const bad = await h.http
        .post(estimates())
        .send({ ledgerId: path.ledgerId, transaction: body('@alice', '@bob', '-1') });
      expect([bad.status, bad.body.code]).toEqual([400, '0125']);
      const missing = await h.http.post(estimates()).send({ ledgerId: path.ledgerId });
      expect(missing.status).toBe(400);
    });
  });

  describe('billing packages and billing/calculate', () => {
    let bill: LedgerPath;
    const billingPackages = (org = bill.organizationId) =>
      `/v1/organizations/${org}/billing-packages`;
    const calculate = (org = bill.organizationId) => `/v1/organizations/${org}/billing/calculate`;
    const period = new Date().toISOString().slice(0, 7);
    const volume = () => ({
      ledgerId: bill.ledgerId,
      label: 'Payments volume',
      type: 'volume',
      assetCode: 'USD',
      eventFilter: { transactionRoute: 'payment_route', status: 'APPROVED' },
      pricingModel: 'tiered',
      tiers: [
        { minQuantity: 0, maxQuantity: 2, unitPrice: '1.50' },
        { minQuantity: 3, unitPrice: '1.00' },
      ],
      freeQuota: 1,
      discountTiers: [{ minQuantity: 3, discountPercentage: '10' }],
      creditAccountAlias: '@rev',
    });
    const maintenance = () => ({
      ledgerId: bill.ledgerId,
      label: 'Monthly maintenance',
      type: 'maintenance',
      assetCode: 'USD',
      feeAmount: '5',
      maintenanceCreditAccount: '@m',
      accountTarget: { aliases: ['@a1', '@a2', '@m'] },
    });
    // Each body differs (description): identical bodies would be one idempotent request.
    const move = (from: string, value: string, route: string, n: number) =>
      h.http
        .post(`${bill.base}/transactions/json`)
        .send({
          route,
          description: `move ${n}`,
          send: {
            asset: 'USD',
            value,
            source: { from: [{ accountAlias: from, amount: { asset: 'USD', value } }] },
            distribute: { to: [{ accountAlias: '@a3', amount: { asset: 'USD', value } }] },
          },
        })
        .expect(201);
    let volumeId: string;
    let maintenanceId: string;

    beforeAll(async () => {
      bill = await newLedger(h.http, 'Billing');
      await h.http
        .post(`${bill.base}/assets`)
        .send({ name: 'US Dollar', type: 'currency', code: 'USD' })
        .expect(201);
      for (const alias of ['@a1', '@a2', '@a3', '@rev', '@m']) {
        await h.http
          .post(`${bill.base}/accounts`)
          .send({ assetCode: 'USD', type: 'deposit', alias })
          .expect(201);
      }
      for (const alias of ['@a1', '@a2']) {
        await h.http
          .post(`${bill.base}/transactions/inflow`)
          .send({
            send: {
              asset: 'USD',
              value: '100',
              distribute: { to: [{ accountAlias: alias, amount: { asset: 'USD', value: '100' } }] },
            },
          })
          .expect(201);
      }
      const payers = ['@a1', '@a1', '@a1', '@a2'];
      for (const [n, from] of payers.entries()) await move(from, '1', 'payment_route', n);
      await move('@a1', '1', 'other_route', 9);
    });

    it('should refuse terms its type does not take, naming the field', async () => {
      const cases: [Record<string, unknown>, string, string][] = [
        [{ ...volume(), eventFilter: undefined }, '0185', 'eventFilter'],
        [{ ...volume(), pricingModel: 'flat' }, '0185', 'tiers'],
        [
          {
            ...volume(),
            tiers: [
              { minQuantity: 0, maxQuantity: 5, unitPrice: '1' },
              { minQuantity: 3, unitPrice: '1' },
            ],
          },
          '0185',
          'tiers[1].minQuantity',
        ],
        [
          { ...volume(), discountTiers: [{ minQuantity: 1, discountPercentage: '120' }] },
          '0185',
          'discountTiers[0].discountPercentage',
        ],
        [{ ...maintenance(), tiers: [] }, '0185', 'tiers'],
        [{ ...maintenance(), accountTarget: undefined }, '0185', 'accountTarget'],
        [{ ...maintenance(), feeAmount: 'five' }, '0185', 'feeAmount'],
      ];
      for (const [dto, code, field] of cases) {
        const res = await h.http.post(billingPackages()).send(dto);
        expect([res.status, res.body.code, Object.keys(res.body.fields ?? {})]).toEqual([
          400,
          code,
          [field],
        ]);
      }
      const badType = await h.http.post(billingPackages()).send({ ...volume(), type: 'yearly' });
      expect([badType.status, badType.body.code]).toEqual([400, '0047']);
      const noLedger = await h.http
        .post(billingPackages())
        .send({ ...volume(), ledgerId: UNKNOWN_ID });
      expect([noLedger.status, noLedger.body.code]).toEqual([404, '0007']);
      expect(await h.sql('SELECT id FROM billing_package')).toEqual([]);
    });

    it('should create, get, list, update and delete billing packages', async () => {
      const v = await h.http.post(billingPackages()).send(volume()).expect(201);
      const mt = await h.http.post(billingPackages()).send(maintenance()).expect(201);
      volumeId = v.body.id;
      maintenanceId = mt.body.id;
      expect(v.body).toMatchObject({
        organizationId: bill.organizationId,
        ledgerId: bill.ledgerId,
        type: 'volume',
        enable: true,
        freeQuota: 1,
        countMode: 'perRoute',
        creditAccountAlias: '@rev',
      });
      expect(v.body).not.toHaveProperty('deletedAt');
      expect(mt.body).toMatchObject({
        feeAmount: '5',
        accountTarget: { aliases: ['@a1', '@a2', '@m'] },
      });
      expect((await h.http.get(`${billingPackages()}/${volumeId}`).expect(200)).body).toEqual(
        v.body,
      );
      const all = await h.http.get(billingPackages()).expect(200);
      expect([idsOf(all), all.body.total]).toEqual([[volumeId, maintenanceId], 2]);
      const only = await h.http.get(billingPackages()).query({ type: 'maintenance' }).expect(200);
      expect(idsOf(only)).toEqual([maintenanceId]);
      const temp = await h.http.post(billingPackages()).send(maintenance()).expect(201);
      const patched = await h.http
        .patch(`${billingPackages()}/${temp.body.id}`)
        .send({ feeAmount: '7.25', enable: false })
        .expect(200);
      expect([
        patched.body.feeAmount,
        patched.body.enable,
        patched.body.maintenanceCreditAccount,
      ]).toEqual(['7.25', false, '@m']);
      const wrongTerms = await h.http
        .patch(`${billingPackages()}/${temp.body.id}`)
        .send({ freeQuota: 3 });
      expect([wrongTerms.status, wrongTerms.body.code]).toEqual([400, '0185']);
      await h.http.delete(`${billingPackages()}/${temp.body.id}`).expect(204);
      for (const res of [
        await h.http.get(`${billingPackages()}/${temp.body.id}`),
        await h.http.patch(`${billingPackages()}/${temp.body.id}`).send({ label: 'x' }),
        await h.http.delete(`${billingPackages()}/${temp.body.id}`),
      ]) {
        expect([res.status, res.body.code]).toEqual([404, '0180']);
      }
    });

    it('should calculate the period exactly: tiers, free quota, discount, maintenance per account', async () => {
      const res = await h.http
        .post(calculate())
        .send({ ledgerId: bill.ledgerId, period })
        .expect(200);
      const [v, mt] = res.body.results;
      // @a1: 3 payments, 1 free, 2 at 1.50 = 3.00, less 10 % (3 reached) = 2.7; @a2: 1, free.
      expect(v).toMatchObject({
        billingPackageId: volumeId,
        billingType: 'volume',
        period,
        totalAccounts: 2,
        totalCharged: 1,
        totalSkipped: 1,
        totalNetAmount: '2.7',
      });
      expect(v.transactionPayload.send).toEqual({
        asset: 'USD',
        value: '2.7',
        source: { from: [{ accountAlias: '@a1', amount: { asset: 'USD', value: '2.7' } }] },
        distribute: { to: [{ accountAlias: '@rev', amount: { asset: 'USD', value: '2.7' } }] },
      });
      expect(mt).toMatchObject({
        billingPackageId: maintenanceId,
        totalAccounts: 3,
        totalCharged: 2,
        totalSkipped: 1,
        totalNetAmount: '10',
      });
      expect(res.body.summary).toEqual({
        totalResults: 2,
        totalVolume: 1,
        totalMaintenance: 1,
        totalNetAmount: '12.7',
      });
      // The payload is a transaction body the ledger posts as it is.
      await h.http.post(`${bill.base}/transactions/json`).send(v.transactionPayload).expect(201);
      const rev = await h.http.get(`${bill.base}/accounts/alias/@rev/balances`).expect(200);
      expect(rev.body.items[0].available).toBe('2.7');
      const empty = await h.http
        .post(calculate())
        .send({ ledgerId: bill.ledgerId, period: '2020-01', billingPackageIds: [volumeId] })
        .expect(200);
      expect(empty.body.results).toMatchObject([
        { totalAccounts: 0, totalCharged: 0, totalNetAmount: '0', transactionPayload: null },
      ]);
    });

    it('should refuse a bad period, unknown packages and other organizations', async () => {
      const bad = await h.http
        .post(calculate())
        .send({ ledgerId: bill.ledgerId, period: '2026-13' });
      expect([bad.status, bad.body.code]).toEqual([400, '0186']);
      const unknown = await h.http
        .post(calculate())
        .send({ ledgerId: bill.ledgerId, period, billingPackageIds: [UNKNOWN_ID] });
      expect([unknown.status, unknown.body.code]).toEqual([404, '0180']);
      const foreignLedger = await h.http
        .post(calculate(path.organizationId))
        .send({ ledgerId: bill.ledgerId, period });
      expect([foreignLedger.status, foreignLedger.body.code]).toEqual([404, '0007']);
      const foreign = `${billingPackages(path.organizationId)}/${volumeId}`;
      for (const res of [
        await h.http.get(foreign),
        await h.http.patch(foreign).send({ label: 'stolen' }),
        await h.http.delete(foreign),
      ]) {
        expect([res.status, res.body.code]).toEqual([404, '0180']);
      }
      const list = await h.http.get(billingPackages(path.organizationId)).expect(200);
      expect(list.body.items).toEqual([]);
      const noOrg = await h.http.get(billingPackages(UNKNOWN_ID));
      expect([noOrg.status, noOrg.body.code]).toEqual([404, '0007']);
    });
  });
});
