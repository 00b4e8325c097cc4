import { randomBytes, randomUUID } from 'node:crypto';
import type { TenantConnections } from '@finplat/contracts';
import { TenantContext, tenantSuspended } from '@finplat/tenancy';
import { connect } from 'amqplib';
import { publishConfirmed } from './confirm-publish';
import { TenantSubscriptions } from './tenant-subscriptions';
import { assertTopology, type Topology } from './topology';
import { createVhost, deleteVhost, vhostUrl as urlOf } from '@finplat/testing';

/** The multi-tenant consumer against a real RabbitMQ: two vhosts stand for two tenants. */
const EXCHANGE = 'spec.events';
const QUEUE = 'spec.events.consumer';
const TOPOLOGY: Topology = {
  exchanges: [{ name: EXCHANGE, type: 'topic' }],
  queues: [{ name: QUEUE, bindings: [{ exchange: EXCHANGE, pattern: '#' }] }],
};

const suffix = randomBytes(3).toString('hex');
const tenantA = `msg-a-${suffix}`;
const tenantB = `msg-b-${suffix}`;

async function publish(vhost: string, id: string, headers: Record<string, string> = {}) {
  const connection = await connect(urlOf(vhost));
  try {
    const channel = await connection.createConfirmChannel();
    await assertTopology(channel, TOPOLOGY);
    const { confirmed } = await publishConfirmed(channel, [
      { id, exchange: EXCHANGE, routingKey: 'thing.happened', body: { id }, headers },
    ]);
    expect(confirmed).toEqual([id]);
  } finally {
    await connection.close();
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check() && Date.now() < deadline) await sleep(50);
}

interface Handled {
  id: string;
  tenantInContext: string;
  subscription: string;
}

describe('TenantSubscriptions (real RabbitMQ, one vhost per tenant)', () => {
  const handled: Handled[] = [];
  const gone = new Set<string>();
  let failNext = 0;
  let subscriptions: TenantSubscriptions;

  beforeAll(async () => {
    for (const vhost of [tenantA, tenantB]) await createVhost(vhost);
  });

  beforeEach(() => {
    subscriptions = new TenantSubscriptions({
      queue: QUEUE,
      topology: TOPOLOGY,
      urlFor: async (tenantId) =>
        [tenantA, tenantB].includes(tenantId) ? urlOf(tenantId) : undefined,
      runner: {
        run: async (tenantId, work) => {
          if (gone.has(tenantId)) throw tenantSuspended(tenantId);
          const connections = { id: tenantId } as TenantConnections;
          return TenantContext.run({ tenantId, connections }, work);
        },
      },
      handle: async (message, tenantId) => {
        if (failNext > 0) {
          failNext -= 1;
          throw new Error('transient failure');
        }
        handled.push({
          id: String(message.properties.messageId),
          tenantInContext: TenantContext.current().tenantId,
          subscription: tenantId,
        });
      },
      retryDelayMs: 50,
      reconnectSec: 1,
    });
  });

  afterEach(async () => {
    await subscriptions.closeAll();
    gone.clear();
    failNext = 0;
  });

  afterAll(async () => {
    for (const vhost of [tenantA, tenantB]) await deleteVhost(vhost);
  });

  const handledIds = () => handled.map((h) => h.id);

  it('sets the tenant context from the vhost consumed, never from the message', async () => {
    await subscriptions.add(tenantA);
    await subscriptions.add(tenantB);
    await subscriptions.add(tenantA); // idempotent
    expect(subscriptions.tenants().sort()).toEqual([tenantA, tenantB].sort());

    const toA = randomUUID();
    const toB = randomUUID();
    // A header claiming another tenant changes nothing.
    await publish(tenantA, toA, { 'x-tenant-id': tenantB });
    await publish(tenantB, toB, { 'x-tenant-id': tenantA });
    await until(() => handledIds().includes(toA) && handledIds().includes(toB));

    expect(handled.find((h) => h.id === toA)).toEqual({
      id: toA,
      tenantInContext: tenantA,
      subscription: tenantA,
    });
    expect(handled.find((h) => h.id === toB)).toEqual({
      id: toB,
      tenantInContext: tenantB,
      subscription: tenantB,
    });
  });

  it('stops consuming a removed tenant; its messages wait for it to come back', async () => {
    await subscriptions.add(tenantA);
    await subscriptions.remove(tenantA);
    expect(subscriptions.has(tenantA)).toBe(false);

    const waiting = randomUUID();
    await publish(tenantA, waiting);
    await sleep(500);
    expect(handledIds()).not.toContain(waiting);

    await subscriptions.add(tenantA);
    await until(() => handledIds().includes(waiting));
    expect(handled.filter((h) => h.id === waiting)).toHaveLength(1);
  });

  it('removes itself when the tenant turns out suspended, keeping the message queued', async () => {
    await subscriptions.add(tenantB);
    gone.add(tenantB);
    const held = randomUUID();
    await publish(tenantB, held);
    await until(() => !subscriptions.has(tenantB));
    expect(subscriptions.has(tenantB)).toBe(false);
    expect(handledIds()).not.toContain(held);

    gone.delete(tenantB); // reactivated
    await subscriptions.add(tenantB);
    await until(() => handledIds().includes(held));
    expect(handledIds()).toContain(held);
  });

  it('requeues a message whose handling failed, and handles it on redelivery', async () => {
    await subscriptions.add(tenantA);
    failNext = 1;
    const retried = randomUUID();
    await publish(tenantA, retried);
    await until(() => handledIds().includes(retried));
    expect(handled.filter((h) => h.id === retried)).toHaveLength(1);
    expect(failNext).toBe(0);
  });

  it('ignores a tenant without a broker', async () => {
    await subscriptions.add('no-broker');
    expect(subscriptions.has('no-broker')).toBe(false);
  });
});
