import type { INestApplication } from '@nestjs/common';
import { TENANT_EVENTS_CHANNEL } from '@finplat/contracts';
import Redis from 'ioredis';
import { Client } from 'pg';
import request from 'supertest';
import {
  ADMIN_KEY,
  bootTenantManager,
  controlDatabaseUrl,
  databaseExists,
  dropDatabase,
  failureOf,
  forceRemoveTenant,
  type SecondCluster,
  SERVICE_KEY,
  SharedInfrastructure,
  startSecondCluster,
  uniqueTenantId,
} from './support/tenant-manager.harness';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Connects to the second cluster as `user` (it checks passwords, unlike the main one). */
async function connectTo(
  cluster: SecondCluster,
  user: string,
  password: string,
  database: string,
): Promise<Client> {
  const client = new Client({
    host: '127.0.0.1',
    port: cluster.port,
    user,
    password,
    database,
    connectionTimeoutMillis: 5_000,
  });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

describe('tenant-manager: placement on several PostgreSQL servers, credential rotation', () => {
  const control = controlDatabaseUrl();
  const infrastructure = new SharedInfrastructure();
  const touched = new Set<string>();
  let secondary: SecondCluster;
  let app: INestApplication;
  let http: ReturnType<typeof request>;
  let events: Redis;
  const received: { type: string; tenantId: string; service?: string }[] = [];

  beforeAll(async () => {
    await infrastructure.snapshot();
    secondary = await startSecondCluster();
    app = await bootTenantManager({
      DATABASE_URL: control.url,
      RABBITMQ_MANAGEMENT_URL: 'off',
      REDIS_URL,
      PROVISION_PG_TARGETS: JSON.stringify({ secondary: secondary.url }),
    });
    http = request(app.getHttpServer());
    events = new Redis(REDIS_URL);
    events.on('message', (_channel: string, message: string) => received.push(JSON.parse(message)));
    await events.subscribe(TENANT_EVENTS_CHANNEL);
  }, 120_000);

  afterAll(async () => {
    try {
      for (const id of touched) {
        await http
          ?.delete(`/v1/tenants/${id}`)
          .set('X-Admin-Key', ADMIN_KEY)
          .catch(() => undefined);
        await forceRemoveTenant(id);
      }
    } finally {
      events?.disconnect();
      await app?.close();
      await infrastructure.cleanUp(control.name);
      await dropDatabase(control.name);
      await secondary?.stop();
    }
  }, 120_000);

  const create = (body: Record<string, unknown>) => {
    if (typeof body.id === 'string') touched.add(body.id);
    return http.post('/v1/tenants').set('X-Admin-Key', ADMIN_KEY).send(body);
  };
  const connections = (id: string, service: string) =>
    http.get(`/v1/tenants/${id}/associations/${service}/connections`).set('X-API-Key', SERVICE_KEY);
  const onSecondary = async (database: string) =>
    (await secondary.query('SELECT 1 FROM pg_database WHERE datname = $1', [database])).length > 0;

  const T = uniqueTenantId('e2e-place');

  it('should report itself ready only while every provisioning target answers', async () => {
    const ready = await http.get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body.checks['provisioning-database']).toBe('up');
  });

  it('should refuse an unknown or malformed placement with 400, creating nothing', async () => {
    const id = uniqueTenantId('e2e-noplace');
    const unknown = await create({ id, name: 'x', placement: { ledger: 'tertiary' } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.code).toBe('TM-0012');
    expect((await create({ id, name: 'x', placement: 'tertiary' })).status).toBe(400);
    expect((await create({ id, name: 'x', placement: { bank: 'secondary' } })).status).toBe(400);
    expect((await create({ id, name: 'x', placement: 7 })).status).toBe(400);
    expect((await http.get(`/v1/tenants/${id}`).set('X-Admin-Key', ADMIN_KEY)).status).toBe(404);
  });

  it('should provision the chosen services on the second server and the others on the default one', async () => {
    const response = await create({
      id: T,
      name: 'placed',
      isolation: { ledger: 'DATABASE', tracer: 'SCHEMA' },
      placement: { ledger: 'secondary', tracer: 'secondary' },
    });
    expect(response.status).toBe(201);

    expect(await onSecondary(`ledger_${T}`)).toBe(true);
    expect(await databaseExists(`ledger_${T}`)).toBe(false);
    const schemas = await secondary.query(
      'SELECT 1 FROM pg_namespace WHERE nspname = $1',
      [T],
      'tracer_tenants',
    );
    expect(schemas).toHaveLength(1);

    const ledger = await connections(T, 'ledger');
    expect(ledger.status).toBe(200);
    expect(ledger.body.postgresql).toMatchObject({
      host: '127.0.0.1',
      port: secondary.port,
      database: `ledger_${T}`,
    });
    const tracer = await connections(T, 'tracer');
    expect(tracer.body.postgresql).toMatchObject({ port: secondary.port, schema: T });
    expect(tracer.body.postgresql.gateway).toBeDefined();
    const reporter = await connections(T, 'reporter');
    expect(reporter.body.postgresql.port).not.toBe(secondary.port);

    // The handed-out credentials open the tenant's database on that server.
    const { username, password, database } = ledger.body.postgresql;
    const client = await connectTo(secondary, username, password, database);
    await client.query('CREATE TABLE t (id int PRIMARY KEY)');
    await client.end();
  }, 60_000);

  it('should rotate a role password: the old one is refused, the new one works, the event is out', async () => {
    const before = await connections(T, 'ledger');
    const old = before.body.postgresql;
    received.length = 0;

    const response = await http
      .post(`/v1/tenants/${T}/services/ledger/rotate-credentials`)
      .set('X-Admin-Key', ADMIN_KEY);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      tenantId: T,
      service: 'ledger',
      isolationMode: 'DATABASE',
      database: `ledger_${T}`,
      username: old.username,
      port: secondary.port,
    });
    expect(JSON.stringify(response.body)).not.toContain('password');

    const after = (await connections(T, 'ledger')).body.postgresql;
    expect(after.password).not.toBe(old.password);
    const refused = await failureOf(connectTo(secondary, old.username, old.password, old.database));
    expect(refused.code).toBe('28P01');
    const client = await connectTo(secondary, after.username, after.password, after.database);
    expect((await client.query('SELECT count(*)::int AS n FROM t')).rows[0].n).toBe(0);
    await client.end();

    for (let i = 0; i < 40 && !received.length; i += 1) await new Promise((r) => setTimeout(r, 25));
    expect(received).toContainEqual(
      expect.objectContaining({
        type: 'tenant.credentials.rotated',
        tenantId: T,
        service: 'ledger',
      }),
    );

    const unknown = await http
      .post(`/v1/tenants/e2e-nobody-0000/services/ledger/rotate-credentials`)
      .set('X-Admin-Key', ADMIN_KEY);
    expect(unknown.status).toBe(404);
  });

  it('should back up and restore a tenant on the second server', async () => {
    const { username, password, database } = (await connections(T, 'ledger')).body.postgresql;
    const client = await connectTo(secondary, username, password, database);
    try {
      await client.query('INSERT INTO t SELECT generate_series(1, 12)');
      const backup = await http
        .post(`/v1/tenants/${T}/services/ledger/backups`)
        .set('X-Admin-Key', ADMIN_KEY);
      expect(backup.status).toBe(201);
      expect(backup.body.tables).toEqual({ t: 12 });
      await client.query('DELETE FROM t WHERE id > 3');
      const restore = await http
        .post(`/v1/tenants/${T}/services/ledger/restore`)
        .set('X-Admin-Key', ADMIN_KEY)
        .send({ backupId: backup.body.backupId });
      expect(restore.status).toBe(200);
    } finally {
      await client.end();
    }
    const again = await connectTo(secondary, username, password, database);
    expect((await again.query('SELECT count(*)::int AS n FROM t')).rows[0].n).toBe(12);
    await again.end();
  });

  it('should promote a SCHEMA tenant on the second server into a database on that server', async () => {
    const tracer = (await connections(T, 'tracer')).body.postgresql;
    await secondary.query(
      `BEGIN; SET LOCAL ROLE "${tracer.username}";
       CREATE TABLE "${T}".rules (id int PRIMARY KEY, body text);
       INSERT INTO "${T}".rules SELECT g, 'rule ' || g FROM generate_series(1, 25) g; COMMIT;`,
      [],
      'tracer_tenants',
    );
    received.length = 0;
    const response = await http
      .post(`/v1/tenants/${T}/services/tracer/migrate`)
      .set('X-Admin-Key', ADMIN_KEY)
      .send({ to: 'DATABASE' });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ port: secondary.port, tables: { rules: 25 } });
    expect(await onSecondary(`tracer_${T}`)).toBe(true);
    for (let i = 0; i < 40 && received.length < 2; i += 1)
      await new Promise((r) => setTimeout(r, 25));
    expect(received).toContainEqual(
      expect.objectContaining({ type: 'tenant.placement.changed', tenantId: T, service: 'tracer' }),
    );

    const moved = (await connections(T, 'tracer')).body.postgresql;
    const client = await connectTo(secondary, moved.username, moved.password, moved.database);
    expect((await client.query('SELECT count(*)::int AS n FROM rules')).rows[0].n).toBe(25);
    await client.end();
  }, 60_000);

  it('should deprovision on the server each association lives on', async () => {
    const response = await http.delete(`/v1/tenants/${T}`).set('X-Admin-Key', ADMIN_KEY);
    expect(response.status).toBe(204);
    expect(await onSecondary(`ledger_${T}`)).toBe(false);
    expect(await onSecondary(`tracer_${T}`)).toBe(false);
    const roles = await secondary.query('SELECT rolname FROM pg_roles WHERE rolname LIKE $1', [
      `%${T}`,
    ]);
    expect(roles).toEqual([]);
  }, 60_000);
});
