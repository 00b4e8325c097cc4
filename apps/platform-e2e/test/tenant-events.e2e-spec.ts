import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { randomUUID } from 'node:crypto';
import { connect } from 'amqplib';
import {
  api,
  ledgerWithAccounts,
  tenantSql,
  transferBody,
  type LedgerFixture,
  type LedgerTarget,
} from '../src/ledger-client';
import {
  managerCall,
  provisionTenant,
  startPlatform,
  type Platform,
  type ProvisionedTenant,
} from '../src/platform';

/** A key startPlatform always accepts besides its generated one (see platform.ts). */
const SERVICE_API_KEY = 'other-key';
const MANAGEMENT_URL = 'http://127.0.0.1:15672';
const MANAGEMENT_AUTH = `Basic ${Buffer.from('guest:guest').toString('base64')}`;

interface RabbitSettings {
  host: string;
  port: number;
  vhost: string;
  username: string;
  password: string;
}

const amqpUrl = (r: RabbitSettings, vhost = r.vhost) =>
  `amqp://${encodeURIComponent(r.username)}:${encodeURIComponent(r.password)}@${r.host}:${r.port}/${encodeURIComponent(vhost)}`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Closes, through the management API, every broker connection of one user; returns how many. */
async function closeConnectionsOf(username: string): Promise<number> {
  const res = await fetch(`${MANAGEMENT_URL}/api/connections`, {
    headers: { Authorization: MANAGEMENT_AUTH },
  });
  const connections = ((await res.json()) as { name: string; user: string }[]).filter(
    (c) => c.user === username,
  );
  for (const { name } of connections) {
    await fetch(`${MANAGEMENT_URL}/api/connections/${encodeURIComponent(name)}`, {
      method: 'DELETE',
      headers: { Authorization: MANAGEMENT_AUTH },
    });
  }
  return connections.length;
}

async function eventually<T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await probe();
  while (!done(value) && Date.now() < deadline) {
    await sleep(200);
    value = await probe();
  }
  return value;
}

/** Asynchronous, so this process keeps serving its sockets while the broker stops. */
async function rabbitmqctl(command: 'stop_app' | 'start_app' | 'await_startup'): Promise<void> {
  await promisify(execFile)('rabbitmqctl', [command], { timeout: 60_000 });
}

/**
 * RabbitMQ per tenant, end to end: the built ledger writes each posting's event to the
 * tenant's outbox, relays it to the tenant's own vhost (provisioned by tenant-manager), and its
 * audit consumer records what arrives in the tenant's `received_events`.
 */
describe('ledger events on per-tenant RabbitMQ vhosts', () => {
  let platform: Platform;
  let tenantA: ProvisionedTenant;
  let tenantB: ProvisionedTenant;
  let targetA: LedgerTarget;
  let targetB: LedgerTarget;
  let ledgerA: LedgerFixture;
  let ledgerB: LedgerFixture;

  const targetOf = (tenant: ProvisionedTenant): LedgerTarget => ({
    label: tenant.id,
    url: platform.ledger.url,
    token: tenant.token,
    placement: tenant.body.services.ledger,
  });

  const rabbitOf = async (tenant: ProvisionedTenant): Promise<RabbitSettings> => {
    const res = await fetch(
      `${platform.manager.url}/v1/tenants/${tenant.id}/associations/ledger/connections`,
      { headers: { 'X-API-Key': SERVICE_API_KEY } },
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as { rabbitmq?: RabbitSettings };
    if (!body.rabbitmq) throw new Error(`tenant ${tenant.id} has no RabbitMQ settings`);
    return body.rabbitmq;
  };

  const received = (target: LedgerTarget) =>
    tenantSql<{ event_id: string; event_type: string; aggregate_id: string; tenant_id: string }>(
      target,
      'SELECT event_id::text, event_type, aggregate_id::text, tenant_id FROM {t}received_events',
    );

  /** Events not yet confirmed by the broker: published ones leave the outbox (decision 0014). */
  const outbox = (target: LedgerTarget) =>
    tenantSql<{ id: string; event_type: string; aggregate_id: string }>(
      target,
      'SELECT id::text, event_type, aggregate_id::text FROM {t}outbox',
    );

  /**
   * Posts a transfer. Sent with an idempotency key and retried on a network error (an idle
   * keep-alive socket may be closed under the request), so it is applied exactly once.
   */
  const transfer = async (target: LedgerTarget, fixture: LedgerFixture, extra = {}) => {
    const key = randomUUID();
    for (let attempt = 1; ; attempt++) {
      try {
        const res = await fetch(`${target.url}${fixture.base}/transactions/json`, {
          method: 'POST',
          headers: {
            Authorization: `Bearer ${target.token}`,
            'Content-Type': 'application/json',
            'X-Idempotency': key,
          },
          body: JSON.stringify(transferBody('alice', 'bob', '1.00', extra)),
        });
        const body = (await res.json()) as { id: string };
        expect(res.status).toBe(201);
        return body.id;
      } catch (error) {
        if (attempt >= 3 || !(error instanceof TypeError)) throw error;
        await sleep(200);
      }
    }
  };

  beforeAll(async () => {
    platform = await startPlatform();
    [tenantA, tenantB] = await Promise.all([
      provisionTenant(platform, 'ev-a', 'DATABASE'),
      provisionTenant(platform, 'ev-b', 'SCHEMA'),
    ]);
    targetA = targetOf(tenantA);
    targetB = targetOf(tenantB);
    [ledgerA, ledgerB] = await Promise.all([
      ledgerWithAccounts(targetA, ['alice', 'bob'], '1000'),
      ledgerWithAccounts(targetB, ['alice', 'bob'], '1000'),
    ]);
  });

  afterAll(async () => {
    if (!platform) return;
    for (const tenant of [tenantA, tenantB]) {
      if (tenant) await managerCall(platform, 'DELETE', `/v1/tenants/${tenant.id}`);
    }
    await platform.stop();
  });

  it("delivers each tenant's events, of every posting path, to that tenant's consumer alone", async () => {
    const posted = { a: [] as string[], b: [] as string[] };
    for (const [target, fixture, ids] of [
      [targetA, ledgerA, posted.a],
      [targetB, ledgerB, posted.b],
    ] as const) {
      ids.push(await transfer(target, fixture));
      const pendingCommit = await transfer(target, fixture, { pending: true });
      const pendingCancel = await transfer(target, fixture, { pending: true });
      ids.push(pendingCommit, pendingCancel);
      const base = `${fixture.base}/transactions`;
      expect((await api(target, 'POST', `${base}/${pendingCommit}/commit`)).status).toBe(201);
      expect((await api(target, 'POST', `${base}/${pendingCancel}/cancel`)).status).toBe(201);
      const revert = await api(target, 'POST', `${base}/${ids[0]}/revert`);
      expect(revert.status).toBe(201);
      ids.push(revert.body.id);
    }

    // Every posting's event arrives once, on its own tenant's vhost, and the outbox empties.
    const typesOf = (rows: { event_type: string; aggregate_id: string }[], id: string) =>
      rows
        .filter((r) => r.aggregate_id === id)
        .map((r) => r.event_type)
        .sort();
    const expected = [
      ['transaction.created'],
      ['transaction.committed', 'transaction.created'],
      ['transaction.canceled', 'transaction.created'],
      ['transaction.reverted'],
    ];
    const expectAll = async (target: LedgerTarget, ids: string[]) => {
      const drained = await eventually(
        () => outbox(target),
        (rows) => rows.length === 0,
      );
      expect(drained).toEqual([]);
      return eventually(
        () => received(target),
        (rows) => ids.every((id, i) => typesOf(rows, id).length >= expected[i].length),
      );
    };
    const a = await expectAll(targetA, posted.a);
    const b = await expectAll(targetB, posted.b);

    for (const [mine, other, ownIds, otherIds, tenant] of [
      [a, b, posted.a, posted.b, tenantA],
      [b, a, posted.b, posted.a, tenantB],
    ] as const) {
      ownIds.forEach((id, i) => expect(typesOf(mine, id)).toEqual(expected[i]));
      const gotIds = mine.map((r) => r.event_id);
      expect(new Set(gotIds).size).toBe(gotIds.length);
      const aggregates = new Set(mine.map((r) => r.aggregate_id));
      for (const id of otherIds) expect(aggregates.has(id)).toBe(false);
      for (const e of other) expect(gotIds).not.toContain(e.event_id);
      // The consumer's tenant context came from the vhost it consumed.
      expect(new Set(mine.map((r) => r.tenant_id))).toEqual(new Set([tenant.id]));
    }
  });

  it("refuses tenant A's RabbitMQ credentials on tenant B's vhost", async () => {
    const rabbitA = await rabbitOf(tenantA);
    const rabbitB = await rabbitOf(tenantB);
    expect(rabbitA.vhost).toBe(tenantA.id);
    expect(rabbitB.vhost).toBe(tenantB.id);
    expect(rabbitA.username).not.toBe(rabbitB.username);

    // A's own vhost accepts A.
    const own = await connect(amqpUrl(rabbitA));
    await own.close();

    // The broker closes the handshake instead of opening the connection (RabbitMQ answers
    // connection.close 530 "access to vhost refused"; amqplib reports the unexpected close).
    const refusal = /Expected ConnectionOpenOk; got <ConnectionClose/;
    await expect(connect(amqpUrl(rabbitA, rabbitB.vhost))).rejects.toThrow(refusal);
    await expect(connect(amqpUrl(rabbitB, rabbitA.vhost))).rejects.toThrow(refusal);

    // Why: each tenant user holds permissions on its own vhost and nowhere else.
    for (const rabbit of [rabbitA, rabbitB]) {
      const res = await fetch(
        `${MANAGEMENT_URL}/api/users/${encodeURIComponent(rabbit.username)}/permissions`,
        { headers: { Authorization: MANAGEMENT_AUTH } },
      );
      expect(res.status).toBe(200);
      const permissions = (await res.json()) as { vhost: string }[];
      expect(permissions.map((p) => p.vhost)).toEqual([rabbit.vhost]);
    }
  });

  it("keeps relaying and consuming a tenant's events after its RabbitMQ password is rotated", async () => {
    const delivered = (id: string) =>
      eventually(
        () => received(targetA),
        (rows) => rows.some((r) => r.aggregate_id === id),
        30_000,
      );
    // The ledger relays and consumes for tenant A (connections open under the old password).
    const first = await transfer(targetA, ledgerA);
    expect((await delivered(first)).map((r) => r.aggregate_id)).toContain(first);

    const before = await rabbitOf(tenantA);
    const rotated = await managerCall(
      platform,
      'POST',
      `/v1/tenants/${tenantA.id}/rabbitmq/rotate-credentials`,
    );
    expect(rotated.status).toBe(200);
    const after = await rabbitOf(tenantA);
    expect(after.password).not.toBe(before.password);
    await expect(connect(amqpUrl(before))).rejects.toThrow();

    // Cut every connection of the tenant's user: the ledger's relay and consumer can only come
    // back with the new password, which they learn from tenant-manager after the event.
    await sleep(500);
    const closed = await eventually(
      () => closeConnectionsOf(after.username),
      (n) => n > 0,
      5_000,
    );
    expect(closed).toBeGreaterThan(0);
    const second = await transfer(targetA, ledgerA);
    expect((await delivered(second)).map((r) => r.aggregate_id)).toContain(second);
    const drained = await eventually(
      () => outbox(targetA),
      (rows) => rows.length === 0,
    );
    expect(drained).toEqual([]);
  });

  it('loses no event while the broker is down, and delivers each exactly once after', async () => {
    const before = new Set((await outbox(targetA)).map((r) => r.id));
    const during: string[] = [];
    let waiting: { id: string; aggregate_id: string }[] = [];
    try {
      await rabbitmqctl('stop_app');
      // Postings do not depend on the broker: the outbox decouples them.
      for (let i = 0; i < 5; i++) during.push(await transfer(targetA, ledgerA));
      await sleep(1_000);
      waiting = (await outbox(targetA)).filter((r) => !before.has(r.id));
      expect(waiting.map((r) => r.aggregate_id).sort()).toEqual([...during].sort());
    } finally {
      await rabbitmqctl('start_app');
      await rabbitmqctl('await_startup');
    }

    // The ledger rode out the outage.
    expect(platform.ledger.process.exitCode).toBeNull();
    const got = await eventually(
      () => received(targetA),
      (rows) => waiting.every((w) => rows.some((r) => r.event_id === w.id)),
      60_000,
    );
    const ids = got.map((r) => r.event_id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const w of waiting) expect(ids).toContain(w.id);
    const settled = await eventually(
      () => outbox(targetA),
      (rows) => rows.length === 0,
    );
    expect(settled).toEqual([]);
  });
});
