import { randomUUID } from 'node:crypto';
import { captureExchange, type ExchangeCapture } from '@finplat/testing';
import {
  managerCall,
  provisionTenant,
  startControlPlane,
  type ControlPlane,
  type ProvisionedTenant,
} from '../src/platform';
import { startApp, type RunningApp } from '../src/processes';

/** A key startControlPlane always accepts besides its generated one (see platform.ts). */
const SERVICE_API_KEY = 'other-key';
/** The same account, names, request id and transaction id in every tenant. */
const ACCOUNT = {
  accountId: '3f2b1c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
  type: 'checking',
  status: 'active',
};
const OTHER_ACCOUNT = {
  accountId: '7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d',
  type: 'checking',
  status: 'active',
};
const REQUEST_ID = randomUUID();
const TRANSACTION_ID = randomUUID();

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON of the tracer API
type Body = any;

/** What one tenant owns after seeding, by id. */
interface Owned {
  ruleId: string;
  limitId: string;
  validationId: string;
  reservationId: string;
  /** A transaction id reserved in this tenant only. */
  ownTransactionId: string;
}

/**
 * Tracer in multi-tenant mode, as a built process next to a real tenant-manager, serving two
 * SCHEMA tenants (one shared database and pool) and a DATABASE tenant with JWTs it issued:
 * rules, limits, counters, validations, reservations, audit chains, the rule cache and the
 * events are each tenant's own, and another tenant's id answers 404 on every endpoint.
 */
describe('tracer multi-tenant isolation (real tenant-manager, SCHEMA and DATABASE tenants)', () => {
  let plane: ControlPlane;
  let tracer: RunningApp;
  let schemaA: ProvisionedTenant;
  let schemaB: ProvisionedTenant;
  let dedicated: ProvisionedTenant;
  const owned = new Map<string, Owned>();

  const call = async (
    tenant: ProvisionedTenant,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: Body }> => {
    const res = await fetch(`${tracer.url}/v1${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${tenant.token}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  const ok = async (
    tenant: ProvisionedTenant,
    method: string,
    path: string,
    status: number,
    body?: unknown,
  ) => {
    const res = await call(tenant, method, path, body);
    if (res.status !== status)
      throw new Error(`${tenant.id} ${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as Body;
  };
  const payload = (over: Record<string, unknown> = {}) => ({
    requestId: randomUUID(),
    transactionType: 'CARD',
    amount: '10.00',
    currency: 'USD',
    transactionTimestamp: new Date().toISOString(),
    account: ACCOUNT,
    ...over,
  });

  /**
   * The same things in each tenant: a global DENY rule above 500, a 100.00 daily limit on
   * ACCOUNT, a 60.00 validation (same request id everywhere), 30.00 reserved for the same
   * transaction id, and 5.00 for a transaction id of the tenant's own.
   */
  const seed = async (tenant: ProvisionedTenant): Promise<Owned> => {
    const rule = await ok(tenant, 'POST', '/rules', 201, {
      name: 'Deny above 500',
      expression: 'amount > 500.0',
      action: 'DENY',
    });
    await ok(tenant, 'POST', `/rules/${rule.ruleId}/activate`, 200);
    const limit = await ok(tenant, 'POST', '/limits', 201, {
      name: 'Daily cap',
      limitType: 'DAILY',
      maxAmount: '100.00',
      currency: 'USD',
      scopes: [{ accountId: ACCOUNT.accountId }],
    });
    await ok(tenant, 'POST', `/limits/${limit.limitId}/activate`, 200);
    // 201 in every tenant: a request id is a key of its tenant only.
    const validation = await ok(
      tenant,
      'POST',
      '/validations',
      201,
      payload({ requestId: REQUEST_ID, amount: '60.00' }),
    );
    expect(validation.decision).toBe('ALLOW');
    const reserve = (transactionId: string, amount: string) =>
      ok(tenant, 'POST', '/reservations', 200, { ...payload({ amount }), transactionId });
    const shared = await reserve(TRANSACTION_ID, '30.00');
    expect(shared).toMatchObject({ denied: false, reservationIds: [expect.any(String)] });
    const ownTransactionId = randomUUID();
    expect((await reserve(ownTransactionId, '5.00')).reservationIds).toHaveLength(1);
    return {
      ruleId: rule.ruleId,
      limitId: limit.limitId,
      validationId: validation.validationId,
      reservationId: shared.reservationIds[0],
      ownTransactionId,
    };
  };
  const mine = (tenant: ProvisionedTenant) => owned.get(tenant.id)!;
  const usage = async (tenant: ProvisionedTenant) =>
    (await ok(tenant, 'GET', `/limits/${mine(tenant).limitId}/usage`, 200)).currentUsage;
  const auditEvents = async (tenant: ProvisionedTenant) =>
    (await ok(tenant, 'GET', '/audit-events?limit=100', 200)).auditEvents as Body[];

  beforeAll(async () => {
    plane = await startControlPlane();
    // Tracer starts while tenant-manager provisions: neither needs the other yet.
    [tracer, schemaA, schemaB, dedicated] = await Promise.all([
      startApp('tracer', plane.appEnv),
      provisionTenant(plane, 'trc-sa', 'SCHEMA'),
      provisionTenant(plane, 'trc-sb', 'SCHEMA'),
      provisionTenant(plane, 'trc-db', 'DATABASE'),
    ]);
    const tenants = [schemaA, schemaB, dedicated];
    const seeded = await Promise.all(tenants.map(seed));
    tenants.forEach((tenant, i) => owned.set(tenant.id, seeded[i]));
  });

  afterAll(async () => {
    if (!plane) return;
    await Promise.all(
      [schemaA, schemaB, dedicated]
        .filter(Boolean)
        .map((tenant) => managerCall(plane, 'DELETE', `/v1/tenants/${tenant.id}`)),
    );
    await tracer?.stop();
    await plane.stop();
  });

  it("lists only the tenant's own rules, limits, validations and audit events", async () => {
    for (const tenant of [schemaA, schemaB, dedicated]) {
      const own = mine(tenant);
      expect((await ok(tenant, 'GET', '/rules', 200)).rules.map((r: Body) => r.ruleId)).toEqual([
        own.ruleId,
      ]);
      expect((await ok(tenant, 'GET', '/limits', 200)).limits.map((l: Body) => l.limitId)).toEqual([
        own.limitId,
      ]);
      const validations = (await ok(tenant, 'GET', '/validations', 200)).transactionValidations;
      expect(validations.map((v: Body) => v.validationId)).toEqual([own.validationId]);
      const resources = new Set((await auditEvents(tenant)).map((e) => e.resourceId));
      // A reservation's events are about its transaction.
      for (const id of [own.ruleId, own.limitId, own.validationId, own.ownTransactionId])
        expect(resources.has(id)).toBe(true);
      for (const other of [schemaA, schemaB, dedicated].filter((t) => t !== tenant)) {
        const theirs = mine(other);
        for (const id of [
          theirs.ruleId,
          theirs.limitId,
          theirs.validationId,
          theirs.ownTransactionId,
        ])
          expect(resources.has(id)).toBe(false);
      }
    }
  });

  it("keeps each tenant's counters: the same limit and account fill up separately", async () => {
    // 60.00 used + 30.00 + 5.00 held in each tenant, never the sum of the three.
    for (const tenant of [schemaA, schemaB, dedicated]) expect(await usage(tenant)).toBe('95');
    const denied = await ok(schemaA, 'POST', '/validations', 201, payload({ amount: '10.00' }));
    expect(denied).toMatchObject({ decision: 'DENY', reason: 'limit_exceeded' });
    const allowed = await ok(schemaB, 'POST', '/validations', 201, payload({ amount: '5.00' }));
    expect(allowed.decision).toBe('ALLOW');
    expect(await usage(schemaA)).toBe('95');
    expect(await usage(schemaB)).toBe('100');
    expect(await usage(dedicated)).toBe('95');
  });

  it('caches rules per tenant: a rule change in one tenant never decides for another', async () => {
    const big = () => payload({ amount: '600.00', account: OTHER_ACCOUNT });
    for (const tenant of [schemaA, schemaB, dedicated])
      expect((await ok(tenant, 'POST', '/validations', 201, big())).decision).toBe('DENY');
    await ok(schemaB, 'POST', `/rules/${mine(schemaB).ruleId}/deactivate`, 200);
    expect((await ok(schemaB, 'POST', '/validations', 201, big())).decision).toBe('ALLOW');
    for (const tenant of [schemaA, dedicated])
      expect((await ok(tenant, 'POST', '/validations', 201, big())).decision).toBe('DENY');
    await ok(schemaB, 'POST', `/rules/${mine(schemaB).ruleId}/activate`, 200);
    expect((await ok(schemaB, 'POST', '/validations', 201, big())).decision).toBe('DENY');
  });

  it.each([
    ['schema tenant', 'the other schema tenant', () => [schemaA, schemaB]],
    ['schema tenant', 'the database tenant', () => [schemaA, dedicated]],
    ['database tenant', 'a schema tenant', () => [dedicated, schemaB]],
  ])(
    "answers 404 to a %s on every endpoint of %s's ids, and changes nothing",
    async (_who, _whose, pair) => {
      const [intruder, owner] = pair();
      const their = mine(owner);
      const [theirAudit] = await auditEvents(owner);
      const requests: [string, string, unknown?][] = [
        ['GET', `/rules/${their.ruleId}`],
        ['PATCH', `/rules/${their.ruleId}`, { description: 'taken over' }],
        ['POST', `/rules/${their.ruleId}/activate`],
        ['POST', `/rules/${their.ruleId}/deactivate`],
        ['POST', `/rules/${their.ruleId}/draft`],
        ['DELETE', `/rules/${their.ruleId}`],
        ['GET', `/limits/${their.limitId}`],
        ['PATCH', `/limits/${their.limitId}`, { description: 'taken over' }],
        ['GET', `/limits/${their.limitId}/usage`],
        ['POST', `/limits/${their.limitId}/activate`],
        ['POST', `/limits/${their.limitId}/deactivate`],
        ['POST', `/limits/${their.limitId}/draft`],
        ['DELETE', `/limits/${their.limitId}`],
        ['GET', `/validations/${their.validationId}`],
        ['POST', `/reservations/${their.reservationId}/confirm`],
        ['POST', `/reservations/${their.reservationId}/release`],
        ['GET', `/audit-events/${theirAudit.eventId}`],
        ['GET', `/audit-events/${theirAudit.eventId}/verify`],
      ];
      for (const [method, path, body] of requests) {
        const res = await call(intruder, method, path, body);
        expect({ method, path, status: res.status }).toEqual({ method, path, status: 404 });
      }
      // By transaction id there is nothing to find either: the intruder has no holds on it.
      for (const action of ['confirm', 'release']) {
        const res = await ok(
          intruder,
          'POST',
          `/reservations/transaction/${their.ownTransactionId}/${action}`,
          200,
        );
        expect(res.flipped).toBe(0);
      }
      // Nothing moved in the owner's tenant, and its trail recorded nothing new.
      const rule = await ok(owner, 'GET', `/rules/${their.ruleId}`, 200);
      expect(rule).toMatchObject({ status: 'ACTIVE', description: null });
      const limit = await ok(owner, 'GET', `/limits/${their.limitId}`, 200);
      expect(limit).toMatchObject({ status: 'ACTIVE', description: null });
      expect((await auditEvents(owner))[0].eventId).toBe(theirAudit.eventId);
    },
  );

  it("settles each tenant's reservations of one transaction id in that tenant alone", async () => {
    const confirmed = await ok(
      schemaA,
      'POST',
      `/reservations/transaction/${TRANSACTION_ID}/confirm`,
      200,
    );
    expect(confirmed.flipped).toBe(1);
    // B and the dedicated tenant still hold theirs: they release them, A's stays confirmed.
    for (const tenant of [schemaB, dedicated]) {
      const released = await ok(
        tenant,
        'POST',
        `/reservations/${mine(tenant).reservationId}/release`,
        200,
      );
      expect(released.status).toBe('RELEASED');
    }
    expect(await usage(schemaA)).toBe('95');
    expect(await usage(schemaB)).toBe('70');
    expect(await usage(dedicated)).toBe('65');
  });

  it("keeps one hash chain per tenant, each verifying over that tenant's events alone", async () => {
    const counts: number[] = [];
    for (const tenant of [schemaA, schemaB, dedicated]) {
      const events = await auditEvents(tenant);
      const verdict = await ok(tenant, 'GET', `/audit-events/${events[0].eventId}/verify`, 200);
      expect(verdict).toMatchObject({ isValid: true, totalChecked: events.length });
      counts.push(events.length);
    }
    // Every tenant did the same seeding, then different things: the chains differ in length.
    expect(new Set(counts).size).toBe(counts.length);
  });

  it("publishes each tenant's events on that tenant's vhost alone", async () => {
    const rabbitOf = async (tenant: ProvisionedTenant) => {
      const res = await fetch(
        `${plane.manager.url}/v1/tenants/${tenant.id}/associations/tracer/connections`,
        { headers: { 'X-API-Key': SERVICE_API_KEY } },
      );
      const r = ((await res.json()) as { rabbitmq: Record<string, string> }).rabbitmq;
      return `amqp://${encodeURIComponent(r.username)}:${encodeURIComponent(r.password)}@${r.host}:${r.port}/${encodeURIComponent(r.vhost)}`;
    };
    const captures: ExchangeCapture[] = [];
    try {
      const tenants = [schemaA, dedicated];
      for (const tenant of tenants)
        captures.push(await captureExchange(await rabbitOf(tenant), 'tracer.events', 'rule.#'));
      const ruleIds: string[] = [];
      for (const tenant of tenants) {
        const rule = await ok(tenant, 'POST', '/rules', 201, {
          name: 'Evented',
          expression: 'amount > 1.0',
          action: 'REVIEW',
        });
        ruleIds.push(rule.ruleId);
      }
      for (const [i, capture] of captures.entries()) {
        await capture.until((messages) => messages.some((m) => m.body.ruleId === ruleIds[i]));
      }
      for (const [i, capture] of captures.entries()) {
        const seen = capture.messages.map((m) => m.body.ruleId);
        expect(seen).toContain(ruleIds[i]);
        expect(seen).not.toContain(ruleIds[1 - i]);
      }
    } finally {
      for (const capture of captures) await capture.close();
    }
  });
  // The ledger's batched calls (decision 0028) carry one token: every item is that tenant's.
  it("reserves and settles batches in the caller's tenant alone", async () => {
    const before = {
      a: await usage(schemaA),
      b: await usage(schemaB),
      d: await usage(dedicated),
    };
    const transactionId = randomUUID();
    const inDedicated = await ok(dedicated, 'POST', '/reservations/batch', 200, {
      reservations: [
        { ...payload({ amount: '5.00' }), transactionId },
        // Would pass the dedicated tenant's 100.00 cap, though not another tenant's.
        { ...payload({ amount: '31.00' }), transactionId: randomUUID() },
      ],
    });
    expect(inDedicated.results[0]).toMatchObject({ status: 200, reservation: { denied: false } });
    expect(inDedicated.results[1]).toMatchObject({
      status: 200,
      reservation: { denied: true, reason: 'limit_exceeded' },
    });
    const inB = await ok(schemaB, 'POST', '/reservations/batch', 200, {
      reservations: [{ ...payload({ amount: '5.00' }), transactionId }],
    });
    expect(inB.results[0].reservation.reservationIds).toHaveLength(1);
    expect(inB.results[0].reservation.reservationIds).not.toEqual(
      inDedicated.results[0].reservation.reservationIds,
    );
    const held = (a: number, b: number, d: number) => ({
      a: String(Number(before.a) + a),
      b: String(Number(before.b) + b),
      d: String(Number(before.d) + d),
    });
    const now = async () => ({
      a: await usage(schemaA),
      b: await usage(schemaB),
      d: await usage(dedicated),
    });
    expect(await now()).toEqual(held(0, 5, 5));
    // A settles the same transaction id and the dedicated tenant's own: nothing of theirs moves.
    const fromA = await ok(schemaA, 'POST', '/reservations/transactions/settle', 200, {
      settlements: [
        { transactionId, action: 'release' },
        { transactionId: mine(dedicated).ownTransactionId, action: 'release' },
      ],
    });
    expect(fromA.results.map((r: Body) => r.flipped)).toEqual([0, 0]);
    expect(await now()).toEqual(held(0, 5, 5));
    const own = await ok(dedicated, 'POST', '/reservations/transactions/settle', 200, {
      settlements: [{ transactionId, action: 'release' }],
    });
    expect(own.results).toEqual([{ transactionId, status: 'RELEASED', flipped: 1 }]);
    expect(await now()).toEqual(held(0, 5, 0));
  });
});
