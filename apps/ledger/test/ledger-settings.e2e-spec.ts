import { newLedger, startLedger, UNKNOWN_ID, type LedgerHarness } from './support/ledger-harness';

describe('ledger: settings and request-level skips (single-tenant, real PostgreSQL)', () => {
  let h: LedgerHarness;

  beforeAll(async () => {
    h = await startLedger('ledger_settings_e2e');
  });

  afterAll(() => h?.close());

  const DEFAULTS = {
    accounting: { validateAccountType: false, validateRoutes: false, requireHolder: false },
    tracer: { mode: 'off', failPosture: 'open', timeoutMs: 250 },
    overrides: { allowFeeSkip: false, allowTracerSkip: false, allowHolderSkip: false },
  };

  it('should answer the defaults, then merge each PATCH field by field', async () => {
    const { base } = await newLedger(h.http, 'Settings');
    expect((await h.http.get(`${base}/settings`).expect(200)).body).toEqual(DEFAULTS);
    const patched = await h.http
      .patch(`${base}/settings`)
      .send({
        tracer: { mode: 'enforce', failPosture: 'closed' },
        accounting: { validateRoutes: true },
      })
      .expect(200);
    expect(patched.body).toEqual({
      ...DEFAULTS,
      accounting: { ...DEFAULTS.accounting, validateRoutes: true },
      tracer: { mode: 'enforce', failPosture: 'closed', timeoutMs: 250 },
    });
    await h.http
      .patch(`${base}/settings`)
      .send({ tracer: { timeoutMs: 900 } })
      .expect(200);
    expect((await h.http.get(`${base}/settings`).expect(200)).body.tracer).toEqual({
      mode: 'enforce',
      failPosture: 'closed',
      timeoutMs: 900,
    });
  });

  it.each([
    [{ accounting: { validateRoutes: true, surprise: 1 } }, 400, '0147'],
    [{ limits: {} }, 400, '0147'],
    [{ overrides: { allowFeeSkip: 'yes' } }, 400, '0148'],
    [{ tracer: { timeoutMs: '250' } }, 400, '0148'],
    [{ tracer: { mode: 'strict' } }, 400, '0176'],
    [{ tracer: { timeoutMs: -1 } }, 400, '0176'],
    [{ allowFeeSkip: true }, 400, '0149'],
  ])('should refuse %j with %s %s and change nothing', async (body, status, code) => {
    const { base } = await newLedger(h.http, `Bad ${code}`);
    const res = await h.http
      .patch(`${base}/settings`)
      .send({ overrides: { allowFeeSkip: true }, ...body })
      .expect(status);
    expect(res.body.code).toBe(code);
    expect((await h.http.get(`${base}/settings`).expect(200)).body).toEqual(DEFAULTS);
  });

  it('should answer 404 for an unknown ledger or organization and 400 for a bad id', async () => {
    const { organizationId } = await newLedger(h.http, 'Lookup');
    for (const path of [
      `/v1/organizations/${organizationId}/ledgers/${UNKNOWN_ID}/settings`,
      `/v1/organizations/${UNKNOWN_ID}/ledgers/${UNKNOWN_ID}/settings`,
    ]) {
      expect((await h.http.get(path).expect(404)).body.code).toBe('0007');
      expect((await h.http.patch(path).send({}).expect(404)).body.code).toBe('0007');
    }
    const bad = await h.http.get(`/v1/organizations/${organizationId}/ledgers/nope/settings`);
    expect(bad.status).toBe(400);
  });

  it('should not let a ledger of another organization be reached through this one', async () => {
    const a = await newLedger(h.http, 'Org A');
    const b = await newLedger(h.http, 'Org B');
    await h.http
      .patch(`${a.base}/settings`)
      .send({ overrides: { allowFeeSkip: true } })
      .expect(200);
    await h.http
      .get(`/v1/organizations/${b.organizationId}/ledgers/${a.ledgerId}/settings`)
      .expect(404);
    expect((await h.http.get(`${b.base}/settings`).expect(200)).body).toEqual(DEFAULTS);
  });

  describe('skips', () => {
    const fund = async (base: string) => {
      await h.http
        .post(`${base}/assets`)
        .send({ name: 'US Dollar', type: 'currency', code: 'USD' })
        .expect(201);
      await h.http
        .post(`${base}/accounts`)
        .send({ assetCode: 'USD', type: 'deposit', alias: '@skipper' })
        .expect(201);
    };
    const inflow = (base: string, skip?: Record<string, boolean>, key?: string) =>
      h.http
        .post(`${base}/transactions/inflow`)
        .set(key ? { 'X-Idempotency': key } : {})
        .send({
          ...(skip ? { skip } : {}),
          send: {
            asset: 'USD',
            value: '10',
            distribute: {
              to: [{ accountAlias: '@skipper', amount: { asset: 'USD', value: '10' } }],
            },
          },
        });

    it('should refuse a skip the ledger does not allow with 422 0490, writing nothing', async () => {
      const { base, ledgerId } = await newLedger(h.http, 'No Skips');
      await fund(base);
      const skips: Record<string, boolean>[] = [
        { fees: true },
        { tracer: true },
        { fees: true, tracer: true },
      ];
      for (const skip of skips) {
        const res = await inflow(base, skip, `refused-${JSON.stringify(skip)}`);
        expect(res.status).toBe(422);
        expect(res.body.code).toBe('0490');
      }
      const rows = await h.sql('SELECT id FROM "transaction" WHERE ledger_id = $1', [ledgerId]);
      expect(rows).toHaveLength(0);
      // The refused key was not taken: the same key posts once the skip is dropped.
      const ok = await inflow(base, { fees: false }, 'refused-{"fees":true}');
      expect(ok.status).toBe(201);
      expect([ok.body.feesSkipped, ok.body.tracerSkipped]).toEqual([false, false]);
    });

    it('should honour allowed skips and persist them on the transaction', async () => {
      const { base, ledgerId } = await newLedger(h.http, 'Skips');
      await fund(base);
      await h.http
        .patch(`${base}/settings`)
        .send({ overrides: { allowFeeSkip: true, allowTracerSkip: true } })
        .expect(200);
      const fees = await inflow(base, { fees: true }).expect(201);
      expect([fees.body.feesSkipped, fees.body.tracerSkipped]).toEqual([true, false]);
      const both = await inflow(base, { fees: true, tracer: true }, 'both').expect(201);
      expect([both.body.feesSkipped, both.body.tracerSkipped]).toEqual([true, true]);
      const plain = await inflow(base, undefined, 'plain').expect(201);
      expect([plain.body.feesSkipped, plain.body.tracerSkipped]).toEqual([false, false]);
      const rows = await h.sql<{ id: string; fees_skipped: boolean; tracer_skipped: boolean }>(
        'SELECT id, fees_skipped, tracer_skipped FROM "transaction" WHERE ledger_id = $1',
        [ledgerId],
      );
      expect(rows.find((r) => r.id === both.body.id)).toMatchObject({
        fees_skipped: true,
        tracer_skipped: true,
      });
      const read = await h.http.get(`${base}/transactions/${fees.body.id}`).expect(200);
      expect([read.body.feesSkipped, read.body.tracerSkipped]).toEqual([true, false]);
      // Withdrawing the permission later does not rewrite history, but refuses new skips.
      await h.http
        .patch(`${base}/settings`)
        .send({ overrides: { allowFeeSkip: false } })
        .expect(200);
      expect((await inflow(base, { fees: true }, 'late')).body.code).toBe('0490');
      const again = await h.http.get(`${base}/transactions/${fees.body.id}`).expect(200);
      expect(again.body.feesSkipped).toBe(true);
    });

    it('should refuse a skip that is not a boolean', async () => {
      const { base } = await newLedger(h.http, 'Typed Skip');
      await fund(base);
      const res = await h.http.post(`${base}/transactions/inflow`).send({
        skip: { fees: 'yes' },
        send: {
          asset: 'USD',
          value: '1',
          distribute: { to: [{ accountAlias: '@skipper', amount: { asset: 'USD', value: '1' } }] },
        },
      });
      expect(res.status).toBe(400);
      expect(Object.keys(res.body.fields ?? {})).toContain('skip.fees');
    });
  });
});
