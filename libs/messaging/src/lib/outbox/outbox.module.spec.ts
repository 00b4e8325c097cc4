import { randomBytes } from 'node:crypto';
import { Injectable, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { AuthModule } from '@finplat/auth';
import { newId, PlatformModule } from '@finplat/platform';
import {
  createTestDatabase,
  createVhost,
  deleteVhost,
  vhostUrl,
  type TestDatabase,
} from '@finplat/testing';
import {
  loadTenantServiceConfig,
  TenancyModule,
  TenantContext,
  TenantDb,
  TenantRunner,
} from '@finplat/tenancy';
import type { ConsumeMessage } from 'amqplib';

import { decodeMessage, type MessageConsumer } from '../consumer/message-consumer';
import { OutboxModule } from './outbox.module';
import { OUTBOX_MIGRATIONS } from './outbox.migrations';
import type { OutboxModuleOptions } from './outbox.options';
import { OutboxWorkers } from './outbox-workers';
import { OutboxWriter } from './outbox-writer';

interface Received {
  id: string;
  type: string;
  body: unknown;
  tenantInContext: string;
}

const received: Received[] = [];

/** A consumer as an app declares one: a provider, injected with what it needs. */
@Injectable()
class RecordingConsumer implements MessageConsumer {
  constructor(readonly db: TenantDb) {}

  async handle(message: ConsumeMessage): Promise<void> {
    const decoded = decodeMessage<{ n: number }>(message);
    if (!decoded) return;
    received.push({ ...decoded, tenantInContext: TenantContext.current().tenantId });
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(check: () => boolean | Promise<boolean>, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check()) && Date.now() < deadline) await sleep(50);
}

/**
 * OutboxModule as an app other than the ledger registers it: its own exchange, event types
 * and consumer, on a real PostgreSQL (the app's single tenant) and a real RabbitMQ vhost.
 */
describe('OutboxModule (real PostgreSQL and RabbitMQ, single-tenant)', () => {
  // Booting an app, migrating its tenant and connecting to the broker takes seconds on a busy machine.
  jest.setTimeout(30_000);
  const vhost = `outbox-module-${randomBytes(3).toString('hex')}`;
  let database: TestDatabase | undefined;
  const apps: INestApplication[] = [];

  async function boot(overrides: Partial<OutboxModuleOptions> = {}) {
    const config = loadTenantServiceConfig('tracer', 0, { DATABASE_URL: database!.url });
    const moduleRef = await Test.createTestingModule({
      imports: [
        PlatformModule.forRoot({ service: 'tracer', logLevel: 'silent' }),
        AuthModule.forRoot(config.auth),
        TenancyModule.forRoot({
          service: 'tracer',
          tenancy: config.tenancy,
          databaseUrl: config.databaseUrl,
          entities: [],
          migrations: OUTBOX_MIGRATIONS,
        }),
        OutboxModule.register({
          exchange: 'spec.outbox',
          eventTypes: ['thing.created', 'thing.deleted'],
          rabbitmqUrl: vhostUrl(vhost),
          consumers: [
            { queue: 'spec.outbox.recorder', patterns: ['thing.#'], consumer: RecordingConsumer },
          ],
          relay: { pollMs: 50, nudgeDelayMs: 0 },
          ...overrides,
        }),
      ],
    }).compile();
    const app = moduleRef.createNestApplication({ bufferLogs: true });
    await app.init();
    apps.push(app);
    const runner = app.get(TenantRunner);
    const db = app.get(TenantDb);
    const writer = app.get(OutboxWriter);
    /** Writes events as the single tenant would in a request: in a transaction, then nudges. */
    const write = (events: { id: string; type: string; n: number }[], fail = false) =>
      runner.run('default', async () => {
        await db
          .transaction(async (m) => {
            await writer.enqueue(
              m,
              events.map((e) => ({ id: e.id, type: e.type, aggregateId: e.id, payload: e })),
            );
            if (fail) throw new Error('the change failed');
          })
          .catch((error: Error) => {
            if (!fail) throw error;
          });
        writer.committed();
      });
    const outbox = () =>
      runner.run('default', () =>
        db.statements((m) => m.query<{ id: string }[]>('SELECT id::text FROM outbox')),
      );
    return { app, write, outbox, writer };
  }

  beforeAll(async () => {
    database = await createTestDatabase('messaging_outbox_module');
    await createVhost(vhost);
  });

  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.close()));
    received.length = 0;
  });

  afterAll(async () => {
    await deleteVhost(vhost);
    await database?.drop();
  });

  it('relays committed events to the exchange and hands them to the consumer, once each', async () => {
    const { write, outbox } = await boot();
    const events = [
      { id: newId(), type: 'thing.created', n: 1 },
      { id: newId(), type: 'thing.deleted', n: 2 },
    ];
    await write(events);
    const ids = events.map((e) => e.id).sort();
    const mine = () => received.filter((r) => ids.includes(r.id));
    await until(async () => mine().length >= 2 && (await outbox()).length === 0);

    expect(
      mine()
        .map((r) => r.id)
        .sort(),
    ).toEqual(ids);
    expect(received.find((r) => r.id === events[1].id)).toEqual({
      id: events[1].id,
      type: 'thing.deleted',
      body: events[1],
      tenantInContext: 'default',
    });
    // Published rows leave the outbox (decision 0014).
    expect(await outbox()).toEqual([]);
  });

  it('never sends the events of a change that rolled back', async () => {
    const { write } = await boot();
    const lost = newId();
    const kept = newId();
    await write([{ id: lost, type: 'thing.created', n: 1 }], true);
    await write([{ id: kept, type: 'thing.created', n: 2 }]);
    await until(() => received.some((r) => r.id === kept));
    await sleep(200);
    expect(received.filter((r) => r.id === kept)).toHaveLength(1);
    expect(received.some((r) => r.id === lost)).toBe(false);
  });

  it('refuses an event type the module did not declare, writing nothing', async () => {
    const { write, outbox } = await boot({ workers: false });
    await expect(write([{ id: newId(), type: 'thing.exploded', n: 1 }])).rejects.toThrow(
      /thing\.exploded.*eventTypes/,
    );
    expect(await outbox()).toEqual([]);
  });

  it('only writes, and leaves relaying to another instance, when it runs no workers', async () => {
    const api = await boot({ workers: false });
    expect(api.app.get(OutboxWorkers).enabled).toBe(false);
    const id = newId();
    await api.write([{ id, type: 'thing.created', n: 1 }]);
    await sleep(300);
    expect(received.some((r) => r.id === id)).toBe(false);
    expect(await api.outbox()).toEqual([{ id }]);

    // A worker instance on the same database picks the row up without any nudge.
    await boot();
    await until(async () => received.some((r) => r.id === id) && (await api.outbox()).length === 0);
    expect(received.filter((r) => r.id === id)).toHaveLength(1);
    expect(await api.outbox()).toEqual([]);
  });
});
