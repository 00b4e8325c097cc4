import { randomUUID } from 'node:crypto';
import { adminQuery } from '@finplat/testing';
import { decodeJwt } from 'jose';
import {
  api,
  ledgerWithAccounts,
  transferBody,
  type LedgerFixture,
  type LedgerTarget,
} from '../src/ledger-client';
import {
  managerCall,
  provisionTenant,
  startControlPlane,
  type ControlPlane,
  type ProvisionedTenant,
} from '../src/platform';
import { freePort, startApp, type RunningApp } from '../src/processes';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON of the tracer API
type Body = any;

/** One tenant as the suite drives it: its token, its ledger and its tracer placement. */
interface Side {
  tenant: ProvisionedTenant;
  target: LedgerTarget;
  fixture: LedgerFixture;
}

/**
 * The ledger consults the tracer in multi-tenant mode (issue 9 item 7): a real tenant-manager,
 * the built ledger and tracer both multi-tenant with auth on, a DATABASE tenant and a SCHEMA
 * tenant, each with its own ledger in tracer `enforce`. The tracer takes the tenant only from a
 * verified token, so every hold landing in the right tenant (with that tenant's subject as the
 * actor) proves the ledger reached it with the caller's token, never with a bare header.
 */
describe('ledger + tracer, multi-tenant (real tenant-manager, DATABASE and SCHEMA tenants)', () => {
  let plane: ControlPlane;
  let tracer: RunningApp;
  let tracerPort: number;
  let ledger: RunningApp;
  let a: Side; // DATABASE tenant
  let b: Side; // SCHEMA tenant

  const startTracer = async () => {
    tracer = await startApp('tracer', plane.appEnv, tracerPort);
  };
  const tracerCall = async (
    side: Side,
    method: string,
    path: string,
    status: number,
    body?: unknown,
  ): Promise<Body> => {
    const res = await fetch(`${tracer.url}/v1${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${side.tenant.token}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status !== status)
      throw new Error(`${side.tenant.id} ${method} ${path}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
  /** The tenant's holds for a ledger transaction, read in its own tracer database or schema. */
  const reservations = (side: Side, transactionId: string) => {
    const placement = side.tenant.body.services.tracer;
    const table = placement.schema
      ? `"${placement.schema}".usage_reservations`
      : 'public.usage_reservations';
    return adminQuery<{ status: string; amount: string }>(
      `SELECT status, amount::text FROM ${table} WHERE transaction_id = $1`,
      [transactionId],
      placement.database,
    );
  };
  /** Confirm and release go out after the answer: wait until the holds reach a status. */
  const holdsBecome = async (side: Side, transactionId: string, status: string) => {
    let rows = await reservations(side, transactionId);
    for (let i = 0; i < 100 && !(rows.length > 0 && rows.every((r) => r.status === status)); i++) {
      await sleep(100);
      rows = await reservations(side, transactionId);
    }
    return rows;
  };
  const settings = (side: Side, tracerBlock: Record<string, unknown>) =>
    api(side.target, 'PATCH', `${side.fixture.base}/settings`, { tracer: tracerBlock });
  const transfer = (side: Side, value: string) =>
    api(side.target, 'POST', `${side.fixture.base}/transactions/json`, {
      ...transferBody('@alice', '@bob', value),
    });
  const auditEvents = async (side: Side): Promise<Body[]> =>
    (await tracerCall(side, 'GET', '/audit-events?limit=100', 200)).auditEvents;

  /** A ledger with funded accounts in `enforce`, and a daily limit its postings hold against. */
  const prepare = async (tenant: ProvisionedTenant): Promise<Side> => {
    const target: LedgerTarget = {
      label: tenant.id,
      url: ledger.url,
      token: tenant.token,
      placement: tenant.body.services.ledger,
    };
    const side: Side = {
      tenant,
      target,
      fixture: await ledgerWithAccounts(target, ['@alice', '@bob'], '10000.00'),
    };
    const enforce = await settings(side, {
      mode: 'enforce',
      failPosture: 'closed',
      timeoutMs: 5000,
    });
    expect(enforce.status).toBe(200);
    const limit = await tracerCall(side, 'POST', '/limits', 201, {
      name: 'transfers daily',
      limitType: 'DAILY',
      maxAmount: '50000.00',
      currency: 'USD',
      scopes: [{ subType: 'transfer' }],
    });
    await tracerCall(side, 'POST', `/limits/${limit.limitId}/activate`, 200);
    return side;
  };

  beforeAll(async () => {
    plane = await startControlPlane();
    tracerPort = await freePort();
    const [, started, dedicated, schema] = await Promise.all([
      startTracer(),
      startApp('ledger', { ...plane.appEnv, TRACER_URL: `http://127.0.0.1:${tracerPort}` }),
      provisionTenant(plane, 'ltm-db', 'DATABASE'),
      provisionTenant(plane, 'ltm-sc', 'SCHEMA'),
    ]);
    ledger = started;
    [a, b] = await Promise.all([prepare(dedicated), prepare(schema)]);
  });

  afterAll(async () => {
    if (!plane) return;
    await Promise.all(
      [a, b]
        .filter(Boolean)
        .map((side) => managerCall(plane, 'DELETE', `/v1/tenants/${side.tenant.id}`)),
    );
    await ledger?.stop();
    await tracer?.stop();
    await plane.stop();
  });

  it("should refuse A's posting by A's DENY rule while the same posting for B posts", async () => {
    const rule = await tracerCall(a, 'POST', '/rules', 201, {
      name: 'Deny above 900',
      expression: 'amount > 900.0',
      action: 'DENY',
    });
    await tracerCall(a, 'POST', `/rules/${rule.ruleId}/activate`, 200);

    const denied = await transfer(a, '950.00');
    expect(denied.status).toBe(422);
    expect(denied.body.code).toBe('0177');
    expect(denied.body.message).toContain('Deny above 900');

    const posted = await transfer(b, '950.00');
    expect(posted.status).toBe(201);
    expect(posted.body).toMatchObject({ tracerSkipped: false, status: { code: 'APPROVED' } });
    expect(posted.body.status.description).toContain('Tracer ALLOW');
    // B's hold is in B's tracer placement and confirmed there; A's holds nothing for it.
    expect(await holdsBecome(b, posted.body.id, 'CONFIRMED')).toEqual([
      { status: 'CONFIRMED', amount: '950' },
    ]);
    expect(await reservations(a, posted.body.id)).toEqual([]);
    await tracerCall(a, 'POST', `/rules/${rule.ruleId}/deactivate`, 200);
  });

  it("should reach the tracer as the caller's tenant: holds and audit events stay in it", async () => {
    const fromA = await transfer(a, '21.00');
    const fromB = await transfer(b, '22.00');
    expect([fromA.status, fromB.status]).toEqual([201, 201]);
    expect(await holdsBecome(a, fromA.body.id, 'CONFIRMED')).toHaveLength(1);
    expect(await holdsBecome(b, fromB.body.id, 'CONFIRMED')).toHaveLength(1);
    expect(await reservations(a, fromB.body.id)).toEqual([]);
    expect(await reservations(b, fromA.body.id)).toEqual([]);

    // A validation straight to each tenant's tracer: each list holds its own alone.
    const validate = (side: Side) =>
      tracerCall(side, 'POST', '/validations', 201, {
        requestId: randomUUID(),
        transactionType: 'WIRE',
        amount: '5.00',
        currency: 'USD',
        transactionTimestamp: new Date().toISOString(),
        account: { accountId: randomUUID(), type: 'checking', status: 'active' },
      });
    const [ownA, ownB] = [await validate(a), await validate(b)];
    const listed = async (side: Side) =>
      (await tracerCall(side, 'GET', '/validations?limit=100', 200)).transactionValidations.map(
        (v: Body) => v.validationId,
      );
    expect(await listed(a)).toEqual([ownA.validationId]);
    expect(await listed(b)).toEqual([ownB.validationId]);

    // The ledger's reservations are audited in the caller's tenant, with its subject as actor.
    const reservedIn = async (side: Side) =>
      (await auditEvents(side)).filter((e) => e.eventType === 'RESERVATION_CREATED');
    const subjectOf = (side: Side) => decodeJwt(side.tenant.token).sub;
    const auditA = await reservedIn(a);
    const auditB = await reservedIn(b);
    expect(auditB.map((e) => e.resourceId)).toContain(fromB.body.id);
    expect(auditB.map((e) => e.resourceId)).not.toContain(fromA.body.id);
    expect(auditA.map((e) => e.resourceId)).toContain(fromA.body.id);
    expect(auditA.map((e) => e.resourceId)).not.toContain(fromB.body.id);
    expect(new Set(auditA.map((e) => e.actor.id))).toEqual(new Set([subjectOf(a)]));
    expect(new Set(auditB.map((e) => e.actor.id))).toEqual(new Set([subjectOf(b)]));
    expect(subjectOf(a)).not.toBe(subjectOf(b));
  });

  it('should refuse a bare tenant header at the tracer: only a verified token names a tenant', async () => {
    for (const headers of <Record<string, string>[]>[
      { 'X-Tenant-Id': b.tenant.id },
      { 'X-Tenant-Id': b.tenant.id, Authorization: 'Bearer not.a.jwt' },
    ]) {
      const reserve = await fetch(`${tracer.url}/v1/reservations`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...headers },
        body: JSON.stringify({ transactionId: randomUUID(), amount: '1', currency: 'USD' }),
      });
      expect(reserve.status).toBe(401);
      const list = await fetch(`${tracer.url}/v1/audit-events`, { headers });
      expect(list.status).toBe(401);
    }
  });

  it('should hold a REVIEW as pending in that tenant only, and confirm it on commit', async () => {
    const rule = await tracerCall(b, 'POST', '/rules', 201, {
      name: 'Review above 700',
      expression: 'amount > 700.0',
      action: 'REVIEW',
    });
    await tracerCall(b, 'POST', `/rules/${rule.ruleId}/activate`, 200);
    const reviewed = await transfer(b, '750.00');
    expect(reviewed.status).toBe(201);
    expect(reviewed.body.status.code).toBe('PENDING');
    expect(reviewed.body.status.description).toContain('Tracer REVIEW');
    expect(await reservations(b, reviewed.body.id)).toEqual([
      { status: 'RESERVED', amount: '750' },
    ]);
    const inA = await transfer(a, '750.00');
    expect(inA.status).toBe(201);
    expect(inA.body.status.code).toBe('APPROVED');

    const committed = await api(
      b.target,
      'POST',
      `${b.fixture.base}/transactions/${reviewed.body.id}/commit`,
    );
    expect(committed.status).toBe(201);
    expect(committed.body.status.code).toBe('APPROVED');
    expect(await holdsBecome(b, reviewed.body.id, 'CONFIRMED')).toHaveLength(1);
    await tracerCall(b, 'POST', `/rules/${rule.ruleId}/deactivate`, 200);
  });

  it("should follow each ledger's own mode: off asks nothing, advisory records without blocking", async () => {
    expect((await settings(a, { mode: 'off' })).status).toBe(200);
    expect((await settings(b, { mode: 'advisory' })).status).toBe(200);
    const rule = await tracerCall(b, 'POST', '/rules', 201, {
      name: 'Deny above 600',
      expression: 'amount > 600.0',
      action: 'DENY',
    });
    await tracerCall(b, 'POST', `/rules/${rule.ruleId}/activate`, 200);

    const off = await transfer(a, '650.00');
    expect(off.status).toBe(201);
    expect(off.body).toMatchObject({ tracerSkipped: false, status: { code: 'APPROVED' } });
    expect(off.body.status.description ?? '').not.toContain('Tracer');
    expect(await reservations(a, off.body.id)).toEqual([]);

    const advised = await transfer(b, '650.00');
    expect(advised.status).toBe(201);
    expect(advised.body.status.code).toBe('APPROVED');
    expect(advised.body.status.description).toContain('Tracer advisory DENY');
    await tracerCall(b, 'POST', `/rules/${rule.ruleId}/deactivate`, 200);
    const allowed = await transfer(b, '30.00');
    expect(allowed.body.status.description).toContain('Tracer advisory ALLOW');
    expect(await holdsBecome(b, allowed.body.id, 'CONFIRMED')).toHaveLength(1);
  });

  it('should answer by each ledger’s posture when the tracer stops mid-run, and consult it once back', async () => {
    expect(
      (await settings(a, { mode: 'enforce', failPosture: 'open', timeoutMs: 2000 })).status,
    ).toBe(200);
    expect(
      (await settings(b, { mode: 'enforce', failPosture: 'closed', timeoutMs: 2000 })).status,
    ).toBe(200);
    await tracer.stop();

    const open = await transfer(a, '13.00');
    expect(open.status).toBe(201);
    expect(open.body).toMatchObject({ tracerSkipped: true, status: { code: 'APPROVED' } });
    const stored = await api(a.target, 'GET', `${a.fixture.base}/transactions/${open.body.id}`);
    expect(stored.body.tracerSkipped).toBe(true);

    const closed = await transfer(b, '14.00');
    expect(closed.status).toBe(503);
    expect(closed.body.code).toBe('0178');

    await startTracer();
    for (const side of [a, b]) {
      const back = await transfer(side, '15.00');
      expect(back.status).toBe(201);
      expect(back.body).toMatchObject({ tracerSkipped: false, status: { code: 'APPROVED' } });
      expect(await holdsBecome(side, back.body.id, 'CONFIRMED')).toHaveLength(1);
    }
  });
});
