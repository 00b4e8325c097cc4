import type { TenantConnections } from '@finplat/contracts';
import type { ConfirmChannelLike } from '../confirm-publish';
import type { TenantBrokers } from '../tenant-brokers';
import type { TenantPublishers } from '../tenant-publishers';
import { TenantContext, tenantNotFound, type TenantDb, type TenantRunner } from '@finplat/tenancy';
import { CLAIM_OUTBOX_SQL, MARK_FAILED_SQL, MARK_PUBLISHED_SQL } from './outbox-batch';
import { OutboxRelay } from './outbox-relay';

interface Row {
  id: string;
  event_type: string;
  payload: string;
  created_at: Date;
  published: boolean;
  claimed: boolean;
  attempts: number;
}

/** One in-memory outbox per tenant (claims lease rows), behind the relay's three statements. */
function fakeTenantData() {
  const outboxes = new Map<string, Row[]>();
  const add = (tenantId: string, id: string) => {
    const rows = outboxes.get(tenantId) ?? [];
    rows.push({
      id,
      event_type: 'transaction.created',
      payload: JSON.stringify({ id }),
      created_at: new Date(),
      published: false,
      claimed: false,
      attempts: 0,
    });
    outboxes.set(tenantId, rows);
  };
  const db = {
    async statements<T>(work: (m: unknown) => Promise<T>): Promise<T> {
      const rows = outboxes.get(TenantContext.current().tenantId) ?? [];
      return work({
        async query(sql: string, params: unknown[]) {
          if (sql === CLAIM_OUTBOX_SQL) {
            const due = rows
              .filter((r) => !r.published && !r.claimed)
              .slice(0, params[0] as number);
            for (const row of due) row.claimed = true;
            return due;
          }
          const ids = params[0] as string[];
          for (const row of rows.filter((r) => ids.includes(r.id))) {
            row.attempts += 1;
            row.claimed = false;
            if (sql === MARK_PUBLISHED_SQL) row.published = true;
            else if (sql !== MARK_FAILED_SQL) throw new Error(`unexpected SQL ${sql}`);
          }
          return [];
        },
      });
    },
  } as unknown as TenantDb;
  return { outboxes, add, db };
}

const runner = {
  async run<T>(tenantId: string, work: () => Promise<T>): Promise<T> {
    if (tenantId.startsWith('gone')) throw tenantNotFound(tenantId);
    return TenantContext.run(
      { tenantId, connections: { id: tenantId } as TenantConnections },
      work,
    );
  },
} as unknown as TenantRunner;

/** A broker per URL that confirms everything, or refuses connections while `down`. */
function fakeBroker() {
  const state = {
    down: false,
    published: [] as { url: string; id: string }[],
    closed: [] as string[],
  };
  const publishers = {
    async channel(url: string): Promise<ConfirmChannelLike> {
      if (state.down) throw new Error('connect ECONNREFUSED');
      return {
        publish(_exchange, _key, _content, options, callback) {
          state.published.push({ url, id: options.messageId });
          setImmediate(() => callback(null));
          return true;
        },
      };
    },
    async close(url: string) {
      state.closed.push(url);
    },
    async closeAll() {
      state.closed.push('*');
    },
  } as unknown as TenantPublishers;
  return { state, publishers };
}

const brokers = {
  async urlFor(tenantId: string) {
    return tenantId.startsWith('nobroker') ? undefined : `amqp://broker/${tenantId}`;
  },
} as unknown as TenantBrokers;

const options = {
  exchange: 'spec.events',
  pollMs: 20,
  idlePollMs: 60,
  batchSize: 2,
  failureBackoffMs: 100,
  idleMs: 60_000,
  pinned: [],
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A relay over the fakes with `overrides`, recording the tenants it stops following. */
function recordingRelay(
  data: ReturnType<typeof fakeTenantData>,
  broker: ReturnType<typeof fakeBroker>,
  overrides: Partial<typeof options> & { maxTenants?: number },
  tenantRunner: TenantRunner = runner,
) {
  const unfollowed: string[] = [];
  const created = new OutboxRelay(
    tenantRunner,
    data.db,
    brokers,
    broker.publishers,
    { ...options, ...overrides },
    (id) => unfollowed.push(id),
  );
  return { relay: created, unfollowed };
}

describe('OutboxRelay', () => {
  let relay: OutboxRelay;
  afterEach(async () => relay?.stop());

  it('relays a nudged tenant at once, in batches, to that tenant broker only', async () => {
    const data = fakeTenantData();
    const broker = fakeBroker();
    relay = new OutboxRelay(runner, data.db, brokers, broker.publishers, options);
    for (const id of ['e1', 'e2', 'e3']) data.add('t-one', id);
    data.add('t-two', 'x1');

    relay.nudge('t-one');
    await relay.relay('t-one');

    expect(broker.state.published).toEqual([
      { url: 'amqp://broker/t-one', id: 'e1' },
      { url: 'amqp://broker/t-one', id: 'e2' },
      { url: 'amqp://broker/t-one', id: 'e3' },
    ]);
    expect(data.outboxes.get('t-one')!.every((r) => r.published)).toBe(true);
    expect(data.outboxes.get('t-two')!.every((r) => !r.published)).toBe(true);
    expect(relay.tenants()).toEqual(['t-one']);
  });

  it('publishes with rotated credentials and closes the connection of the old ones', async () => {
    const data = fakeTenantData();
    const broker = fakeBroker();
    let password = 'old';
    const rotating = {
      urlFor: async (tenantId: string) => `amqp://u:${password}@broker/${tenantId}`,
    } as unknown as TenantBrokers;
    relay = new OutboxRelay(runner, data.db, rotating, broker.publishers, options);
    relay.track('t-one');
    data.add('t-one', 'e1');
    await relay.relay('t-one');
    password = 'new';
    data.add('t-one', 'e2');
    await relay.relay('t-one');
    expect(broker.state.published).toEqual([
      { url: 'amqp://u:old@broker/t-one', id: 'e1' },
      { url: 'amqp://u:new@broker/t-one', id: 'e2' },
    ]);
    expect(broker.state.closed).toEqual(['amqp://u:old@broker/t-one']);
  });

  it('keeps rows while the broker is down and sends them once it is back', async () => {
    const data = fakeTenantData();
    const broker = fakeBroker();
    relay = new OutboxRelay(runner, data.db, brokers, broker.publishers, options);
    relay.start();
    broker.state.down = true;
    data.add('t-one', 'e1');
    relay.nudge('t-one');
    await sleep(150);
    expect(broker.state.published).toEqual([]);
    expect(data.outboxes.get('t-one')![0].published).toBe(false);

    broker.state.down = false;
    await sleep(300); // backoff, then the next poll
    expect(broker.state.published.map((p) => p.id)).toEqual(['e1']);
    expect(data.outboxes.get('t-one')![0].published).toBe(true);
  });

  it('polls pinned tenants without a nudge', async () => {
    const data = fakeTenantData();
    const broker = fakeBroker();
    relay = new OutboxRelay(runner, data.db, brokers, broker.publishers, {
      ...options,
      pinned: ['default'],
    });
    relay.start();
    data.add('default', 'd1');
    await sleep(100);
    expect(broker.state.published.map((p) => p.id)).toEqual(['d1']);
  });

  it('polls a drained tenant at the idle interval, not at every tick', async () => {
    const data = fakeTenantData();
    const broker = fakeBroker();
    let rounds = 0;
    const counting = {
      ...runner,
      run: <T>(tenantId: string, work: () => Promise<T>) => {
        rounds += 1;
        return runner.run(tenantId, work);
      },
    } as unknown as TenantRunner;
    relay = new OutboxRelay(counting, data.db, brokers, broker.publishers, {
      ...options,
      idlePollMs: 10_000,
    });
    relay.start();
    relay.nudge('t-one');
    await sleep(300); // ~15 ticks
    expect(rounds).toBe(1);
    data.add('t-one', 'late');
    relay.nudge('t-one');
    await sleep(50);
    expect(broker.state.published.map((p) => p.id)).toEqual(['late']);
  });

  it('sends the events of nudges that come close together in one round', async () => {
    const data = fakeTenantData();
    const broker = fakeBroker();
    let rounds = 0;
    const counting = {
      run: (tenantId: string, work: () => Promise<unknown>) => {
        rounds += 1;
        return runner.run(tenantId, work);
      },
    } as unknown as TenantRunner;
    relay = new OutboxRelay(counting, data.db, brokers, broker.publishers, {
      ...options,
      batchSize: 10,
      pollMs: 60_000,
      idlePollMs: 60_000,
      nudgeDelayMs: 30,
    });
    for (const id of ['a', 'b', 'c']) {
      data.add('t-one', id);
      relay.nudge('t-one');
    }
    expect(broker.state.published).toEqual([]); // nothing yet: the first nudge is waiting
    await sleep(80);
    expect(broker.state.published.map((p) => p.id)).toEqual(['a', 'b', 'c']);
    expect(rounds).toBe(1);
  });

  it('leaves the outbox alone for a tenant without a broker', async () => {
    const data = fakeTenantData();
    const broker = fakeBroker();
    relay = new OutboxRelay(runner, data.db, brokers, broker.publishers, options);
    data.add('nobroker-1', 'n1');
    relay.nudge('nobroker-1');
    await relay.relay('nobroker-1');
    expect(broker.state.published).toEqual([]);
    expect(data.outboxes.get('nobroker-1')![0]).toMatchObject({ published: false, attempts: 0 });
  });

  it('polls a tenant without a broker at the idle interval, and lets go of it when idle', async () => {
    const data = fakeTenantData();
    const broker = fakeBroker();
    let rounds = 0;
    const counting = {
      run: <T>(tenantId: string, work: () => Promise<T>) => {
        rounds += 1;
        return runner.run(tenantId, work);
      },
    } as unknown as TenantRunner;
    const made = recordingRelay(data, broker, { idlePollMs: 10_000, idleMs: 150 }, counting);
    relay = made.relay;
    const { unfollowed } = made;
    relay.start();
    data.add('nobroker-2', 'n2');
    relay.nudge('nobroker-2');
    await sleep(100); // ~5 ticks of pollMs
    expect(rounds).toBe(1);
    await sleep(150); // past idleMs
    expect(relay.tenants()).toEqual([]);
    expect(unfollowed).toEqual(['nobroker-2']);
    expect(data.outboxes.get('nobroker-2')![0]).toMatchObject({ published: false, attempts: 0 });
  });

  it('forgets a tenant that is gone and tells the consumer side', async () => {
    const data = fakeTenantData();
    const broker = fakeBroker();
    const goneTenants: string[] = [];
    relay = new OutboxRelay(runner, data.db, brokers, broker.publishers, options, (id) =>
      goneTenants.push(id),
    );
    relay.nudge('gone-1');
    await relay.relay('gone-1');
    expect(relay.tenants()).toEqual([]);
    expect(goneTenants).toEqual(['gone-1']);
  });

  it('lets go of a tenant idle for idleMs: its publisher connection closes, its consumers stop', async () => {
    const data = fakeTenantData();
    const broker = fakeBroker();
    const made = recordingRelay(data, broker, { idleMs: 50 });
    relay = made.relay;
    const { unfollowed } = made;
    relay.start();
    data.add('t-idle', 'i1');
    relay.nudge('t-idle');
    await sleep(20);
    expect(broker.state.published.map((p) => p.id)).toEqual(['i1']);
    expect(relay.tenants()).toEqual(['t-idle']);
    await sleep(150); // past idleMs with nothing left to send
    expect(relay.tenants()).toEqual([]);
    expect(broker.state.closed).toEqual(['amqp://broker/t-idle']);
    expect(unfollowed).toEqual(['t-idle']);
    // A later write brings it back.
    data.add('t-idle', 'i2');
    relay.nudge('t-idle');
    await sleep(20);
    expect(broker.state.published.map((p) => p.id)).toEqual(['i1', 'i2']);
  });

  it('follows at most maxTenants, letting go of the least recently seen tenant with nothing to send', async () => {
    const data = fakeTenantData();
    const broker = fakeBroker();
    const made = recordingRelay(data, broker, { maxTenants: 3 });
    relay = made.relay;
    const { unfollowed } = made;
    for (const id of ['t-1', 't-2', 't-3']) {
      data.add(id, `${id}-e`);
      relay.nudge(id);
      await relay.relay(id);
    }
    relay.nudge('t-1'); // seen again: t-2 is now the least recently seen
    await relay.relay('t-1');
    for (let i = 4; i <= 10; i += 1) {
      const id = `t-${i}`;
      data.add(id, `${id}-e`);
      relay.nudge(id);
      await relay.relay(id);
      expect(relay.tenants().length).toBeLessThanOrEqual(3);
    }
    expect(unfollowed.slice(0, 2)).toEqual(['t-2', 't-3']);
    expect(unfollowed).not.toContain('t-10');
    expect(broker.state.closed).toEqual(unfollowed.map((id) => `amqp://broker/${id}`));
    expect(broker.state.published).toHaveLength(10); // every event still went out
  });

  it('never lets go of a tenant with events left to send, even past maxTenants', async () => {
    const data = fakeTenantData();
    const broker = fakeBroker();
    broker.state.down = true; // nothing can be sent: every tracked tenant keeps pending rows
    relay = new OutboxRelay(runner, data.db, brokers, broker.publishers, {
      ...options,
      maxTenants: 2,
    });
    for (const id of ['p-1', 'p-2', 'p-3']) {
      data.add(id, `${id}-e`);
      relay.nudge(id);
      await relay.relay(id);
    }
    expect(relay.tenants().sort()).toEqual(['p-1', 'p-2', 'p-3']);
    expect(broker.state.closed).toEqual([]);
  });
});
