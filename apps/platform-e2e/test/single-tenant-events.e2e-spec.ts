import { randomBytes } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@finplat/testing';
import {
  api,
  ledgerWithAccounts,
  tenantSql,
  transferBody,
  type LedgerTarget,
} from '../src/ledger-client';
import { exitOf, freePort, runBuiltApp, startApp, type RunningApp } from '../src/processes';

const MANAGEMENT_URL = 'http://127.0.0.1:15672';
const MANAGEMENT_AUTH = `Basic ${Buffer.from('guest:guest').toString('base64')}`;

async function management(method: string, path: string, body?: unknown): Promise<void> {
  const res = await fetch(`${MANAGEMENT_URL}${path}`, {
    method,
    headers: { Authorization: MANAGEMENT_AUTH, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok && res.status !== 404) throw new Error(`${method} ${path}: ${res.status}`);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Single-tenant mode: RABBITMQ_URL is the broker of the tenant `default`; unset, no broker. */
describe('single-tenant ledger events', () => {
  const started: { app: RunningApp; database: TestDatabase }[] = [];
  const vhost = `st-events-${randomBytes(3).toString('hex')}`;

  const startLedger = async (
    env: Record<string, string>,
    database?: TestDatabase,
  ): Promise<LedgerTarget> => {
    database ??= await createTestDatabase('ledger_events');
    const app = await startApp('ledger', { DATABASE_URL: database.url, ...env });
    started.push({ app, database });
    return { label: 'single', url: app.url, placement: { database: database.name } };
  };
  const brokerUrl = () => `amqp://guest:guest@127.0.0.1:5672/${encodeURIComponent(vhost)}`;

  /** Waits until the outbox is empty and the audit consumer recorded the transaction. */
  async function relayed(target: LedgerTarget, transactionId: string) {
    const deadline = Date.now() + 20_000;
    let received: { aggregate_id: string; tenant_id: string }[] = [];
    let outbox: { id: string }[] = [];
    while (Date.now() < deadline) {
      // Published rows leave the outbox (decision 0014).
      outbox = await tenantSql(target, 'SELECT id::text FROM {t}outbox');
      received = await tenantSql(
        target,
        'SELECT aggregate_id::text, tenant_id FROM {t}received_events',
      );
      if (outbox.length === 0 && received.some((r) => r.aggregate_id === transactionId)) break;
      await sleep(200);
    }
    return { outbox, received };
  }

  const post = async (target: LedgerTarget) => {
    const fixture = await ledgerWithAccounts(target, ['alice', 'bob'], '100');
    const res = await api(
      target,
      'POST',
      `${fixture.base}/transactions/json`,
      transferBody('alice', 'bob', '1.00'),
    );
    expect(res.status).toBe(201);
    return res.body.id as string;
  };

  beforeAll(async () => {
    // A vhost of its own, so no other single-tenant ledger shares the audit queue.
    await management('PUT', `/api/vhosts/${vhost}`, {});
    await management('PUT', `/api/permissions/${vhost}/guest`, {
      configure: '.*',
      write: '.*',
      read: '.*',
    });
  });

  afterAll(async () => {
    for (const { app, database } of started) {
      await app.stop();
      await database.drop();
    }
    await management('DELETE', `/api/vhosts/${vhost}`);
  });

  it('relays the outbox to RABBITMQ_URL and consumes it back', async () => {
    const target = await startLedger({ RABBITMQ_URL: brokerUrl() });
    const transactionId = await post(target);
    const { outbox, received } = await relayed(target, transactionId);
    expect(outbox).toEqual([]);
    expect(received.map((r) => r.aggregate_id)).toContain(transactionId);
    expect(new Set(received.map((r) => r.tenant_id))).toEqual(new Set(['default']));
  });

  it('keeps events in the outbox when RABBITMQ_URL is unset, and postings still succeed', async () => {
    const target = await startLedger({});
    const transactionId = await post(target);
    await sleep(1_000);
    const outbox = await tenantSql<{ aggregate_id: string; attempts: number; claimed: boolean }>(
      target,
      'SELECT aggregate_id::text, attempts, claimed_until IS NOT NULL AS claimed FROM {t}outbox',
    );
    expect(outbox.map((r) => r.aggregate_id)).toContain(transactionId);
    expect(outbox.every((r) => r.attempts === 0 && !r.claimed)).toBe(true);
  });

  it('splits the API from the workers: RUN_MODE=api only writes, RUN_MODE=worker relays and consumes', async () => {
    // The earlier ledgers consume the same audit queue on this vhost: they would take the
    // worker's deliveries (competing consumers) and record them in their own databases.
    for (const { app } of started) await app.stop();
    const database = await createTestDatabase('ledger_events_split');
    const api = await startLedger({ RABBITMQ_URL: brokerUrl(), RUN_MODE: 'api' }, database);
    const transactionId = await post(api);
    await sleep(1_000);
    const waiting = await tenantSql<{ aggregate_id: string }>(
      api,
      'SELECT aggregate_id::text FROM {t}outbox',
    );
    expect(waiting.map((r) => r.aggregate_id)).toContain(transactionId);

    const worker = await startLedger({ RABBITMQ_URL: brokerUrl(), RUN_MODE: 'worker' }, database);
    const { outbox, received } = await relayed(api, transactionId);
    expect(outbox).toEqual([]);
    expect(received.map((r) => r.aggregate_id)).toContain(transactionId);

    // The worker serves its probes and metrics, and no API.
    expect((await fetch(`${worker.url}/health`)).status).toBe(200);
    expect(await (await fetch(`${worker.url}/metrics`)).text()).toContain(
      'outbox_events_published_total{exchange="ledger.events"',
    );
    const refused = await fetch(`${worker.url}/v1/organizations`);
    expect(refused.status).toBe(404);
    expect(await refused.json()).toMatchObject({
      title: 'Route Not Found',
      message: expect.stringContaining('RUN_MODE=worker'),
    });
  });

  it('refuses an unknown RUN_MODE at start-up, naming it', async () => {
    const run = runBuiltApp('ledger', { PORT: String(await freePort()), RUN_MODE: 'jobs' });
    expect(await exitOf(run.process)).not.toBe(0);
    expect(run.output()).toContain('RUN_MODE');
  });
});
