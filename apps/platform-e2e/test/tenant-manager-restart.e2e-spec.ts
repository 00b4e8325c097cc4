import { randomBytes } from 'node:crypto';
import {
  adminQuery,
  createTestDatabase,
  dropDeploymentGateways,
  TEST_PG_ADMIN_URL,
  type TestDatabase,
} from '@finplat/testing';
import { Client } from 'pg';
import { exitOf, freePort, startApp, type RunningApp } from '../src/processes';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const CATALOG_LOCK = 'finplat:tenant-manager:catalog-ddl';
const RABBIT = 'http://127.0.0.1:15672';
const RABBIT_AUTH = `Basic ${Buffer.from('guest:guest').toString('base64')}`;

/**
 * Tenant-manager killed (SIGKILL) in the middle of a deletion and of a provisioning (issue 13):
 * after a restart its reconciler completes both. The run is stopped at a known point by holding
 * the server's catalog lock, which every role statement of a lifecycle run waits for.
 */
describe('tenant-manager killed mid-lifecycle, then restarted', () => {
  let control: TestDatabase;
  let manager: RunningApp | undefined;
  let port: number;
  const adminKey = `admin-${randomBytes(12).toString('hex')}`;
  const run = `kr-${randomBytes(3).toString('hex')}`;
  const env = () => ({
    DATABASE_URL: control.url,
    TENANT_MANAGER_ADMIN_KEY: adminKey,
    TENANT_MANAGER_SERVICE_API_KEYS: 'svc-key-0123456789',
    TENANT_MANAGER_RECONCILE_INTERVAL_SEC: '0',
  });
  const start = async () => (manager = await startApp('tenant-manager', env(), port));
  const kill = async () => {
    manager?.process.kill('SIGKILL');
    if (manager) await exitOf(manager.process);
    manager = undefined;
  };
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${(manager as RunningApp).url}${path}`, {
      method,
      headers: { 'X-Admin-Key': adminKey, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  /** The tenant's row in the control plane (read directly: tenant-manager may be dead). */
  const row = async (id: string) =>
    (
      await adminQuery<{ status: string; lifecycle_step: string | null }>(
        'SELECT status, lifecycle_step FROM tenants WHERE id = $1',
        [id],
        control.name,
      )
    )[0];
  const until = async <T>(what: string, probe: () => Promise<T | undefined>, ms = 30_000) => {
    const deadline = Date.now() + ms;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await sleep(50);
    }
  };
  const objects = async (id: string) => {
    const roles = await adminQuery<{ rolname: string }>(
      'SELECT rolname FROM pg_roles WHERE rolname LIKE $1 ORDER BY 1',
      [`%${id}`],
    );
    const vhost = await fetch(`${RABBIT}/api/vhosts/${id}`, {
      headers: { Authorization: RABBIT_AUTH },
    });
    await vhost.text();
    return { roles: roles.map((r) => r.rolname), vhost: vhost.status === 200 };
  };

  /** Holds the catalog lock on its own session until released. */
  async function holdCatalog(): Promise<() => Promise<void>> {
    const client = new Client({ connectionString: TEST_PG_ADMIN_URL });
    await client.connect();
    await client.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [CATALOG_LOCK]);
    return async () => {
      await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [CATALOG_LOCK]);
      await client.end();
    };
  }

  beforeAll(async () => {
    control = await createTestDatabase('tm_restart');
    port = await freePort();
    await start();
  });

  afterAll(async () => {
    if (!manager && control) await start().catch(() => undefined);
    if (manager) {
      const listed = await call('GET', '/v1/tenants?limit=100').catch(() => undefined);
      for (const t of (listed?.body?.items ?? []) as { id: string }[])
        await call('DELETE', `/v1/tenants/${t.id}`).catch(() => undefined);
      await manager.stop();
    }
    if (control) await dropDeploymentGateways(control.name);
    await control?.drop();
  }, 120_000);

  it('should finish a deletion that tenant-manager died in the middle of', async () => {
    const id = `${run}-del`;
    expect(
      (await call('POST', '/v1/tenants', { id, name: id, isolation: { ledger: 'DATABASE' } }))
        .status,
    ).toBe(201);
    const release = await holdCatalog();
    let deletion: Promise<unknown> | undefined;
    try {
      deletion = call('DELETE', `/v1/tenants/${id}`).catch(() => undefined);
      // Marked deleting, announced, and now waiting for the catalog lock at its first role step.
      await until('the deletion to start', async () =>
        (await row(id))?.status === 'deleting' && (await row(id))?.lifecycle_step
          ? true
          : undefined,
      );
      await kill();
    } finally {
      await release();
    }
    await deletion;
    expect((await row(id)).status).toBe('deleting');
    expect((await objects(id)).roles.length).toBeGreaterThan(0);

    await start();
    await until('the reconciler to finish the deletion', async () =>
      (await row(id)) === undefined ? true : undefined,
    );
    expect(await objects(id)).toEqual({ roles: [], vhost: false });
    expect(
      await adminQuery('SELECT 1 FROM pg_database WHERE datname = $1', [`ledger_${id}`]),
    ).toEqual([]);
    expect((await call('GET', `/v1/tenants/${id}`)).status).toBe(404);
  });

  it('should complete a provisioning that tenant-manager died in the middle of', async () => {
    const id = `${run}-new`;
    const release = await holdCatalog();
    let creation: Promise<unknown> | undefined;
    try {
      creation = call('POST', '/v1/tenants', {
        id,
        name: id,
        isolation: { ledger: 'DATABASE' },
      }).catch(() => undefined);
      // Past its RabbitMQ step, waiting for the catalog lock at its first PostgreSQL step.
      await until('the provisioning to reach PostgreSQL', async () =>
        (await row(id))?.lifecycle_step === 'postgres:ledger' ? true : undefined,
      );
      await kill();
    } finally {
      await release();
    }
    await creation;
    expect((await row(id)).status).toBe('provisioning');
    expect((await objects(id)).vhost).toBe(true);

    await start();
    await until('the reconciler to finish the provisioning', async () =>
      (await row(id))?.status === 'active' ? true : undefined,
    );
    const tenant = await call('GET', `/v1/tenants/${id}`);
    expect(tenant.body).toMatchObject({
      status: 'active',
      services: {
        ledger: { isolationMode: 'DATABASE', status: 'provisioned' },
        tracer: { isolationMode: 'SCHEMA', status: 'provisioned' },
        reporter: { isolationMode: 'SCHEMA', status: 'provisioned' },
      },
      rabbitmq: { vhost: id, status: 'provisioned' },
    });
    expect(tenant.body).not.toHaveProperty('lifecycle');
    // With reporter's read-only ledger login (decision 0033).
    expect([...(await objects(id)).roles].sort()).toEqual(
      [`ledger_${id}`, `ledger_ro_${id}`, `reporter_${id}`, `tracer_${id}`].sort(),
    );
    // And served to apps like any tenant (the resumed run recorded the passwords it set).
    const conn = await fetch(
      `${(manager as RunningApp).url}/v1/tenants/${id}/associations/ledger/connections`,
      {
        headers: { 'X-API-Key': 'svc-key-0123456789' },
      },
    );
    expect(conn.status).toBe(200);

    expect((await call('DELETE', `/v1/tenants/${id}`)).status).toBe(204);
    expect(await objects(id)).toEqual({ roles: [], vhost: false });
  });
});
