import type { INestApplication } from '@nestjs/common';
import { adminQuery } from '@finplat/testing';
import request from 'supertest';
import {
  ADMIN_KEY,
  bootTenantManager,
  controlDatabaseUrl,
  dropDatabase,
  forceRemoveTenant,
  inParallel,
  leftovers,
  SharedInfrastructure,
  uniqueTenantId,
} from './support/tenant-manager.harness';

/**
 * Lifecycle runs of many tenants at once against one PostgreSQL server (issue 13): catalog
 * contention (`tuple concurrently updated` on shared ACLs and role memberships) must never
 * fail a creation or a deletion, and a deletion leaves nothing behind.
 */
describe('tenant-manager: concurrent tenant lifecycles (real PostgreSQL and RabbitMQ)', () => {
  const control = controlDatabaseUrl();
  const infrastructure = new SharedInfrastructure();
  /** Unique to this run: every object of its tenants has it in its name. */
  const run = uniqueTenantId('lc');
  const touched = new Set<string>();
  let app: INestApplication;
  let http: ReturnType<typeof request>;

  beforeAll(async () => {
    await infrastructure.snapshot();
    app = await bootTenantManager({ DATABASE_URL: control.url });
    http = request(app.getHttpServer());
  });

  afterAll(async () => {
    try {
      // Only what a failed test left: tenants still recorded, then objects still on the server.
      const recorded = await adminQuery<{ id: string }>('SELECT id FROM tenants', [], control.name);
      await inParallel(recorded, 4, ({ id }) =>
        http
          ?.delete(`/v1/tenants/${id}`)
          .set('X-Admin-Key', ADMIN_KEY)
          .catch(() => undefined),
      );
      if ((await leftovers(run)).length) await inParallel([...touched], 4, forceRemoveTenant);
    } finally {
      await app?.close();
      await infrastructure.cleanUp(control.name);
      await dropDatabase(control.name);
    }
  }, 600_000);

  /** One in ten tenants has a dedicated ledger database; the rest share schemas. */
  const create = async (id: string, index: number) => {
    touched.add(id);
    const response = await http
      .post('/v1/tenants')
      .set('X-Admin-Key', ADMIN_KEY)
      .send({ id, name: id, isolation: { ledger: index % 10 === 0 ? 'DATABASE' : 'SCHEMA' } });
    return `${id} ${response.status}${response.status === 201 ? '' : ` ${response.text}`}`;
  };
  const remove = async (id: string) => {
    const response = await http.delete(`/v1/tenants/${id}`).set('X-Admin-Key', ADMIN_KEY);
    return `${id} ${response.status}${response.status === 204 ? '' : ` ${response.text}`}`;
  };
  const ids = (label: string, count: number) =>
    Array.from({ length: count }, (_, i) => `${run}-${label}${i}`);

  it('should delete 100 tenants eight at a time, every deletion succeeding and nothing left behind', async () => {
    const tenants = ids('d', 100);
    expect(await inParallel(tenants, 8, create)).toEqual(tenants.map((id) => `${id} 201`));

    expect(await inParallel(tenants, 8, remove)).toEqual(tenants.map((id) => `${id} 204`));

    expect(await leftovers(run)).toEqual([]);
    const rows = await adminQuery('SELECT id FROM tenants', [], control.name);
    expect(rows).toEqual([]);
  }, 600_000);

  it('should create and delete tenants interleaved, eight at a time, all succeeding', async () => {
    const first = ids('i', 24);
    expect(await inParallel(first, 8, create)).toEqual(first.map((id) => `${id} 201`));

    // Each slot either deletes one of the first tenants or creates a new one, alternating.
    const second = ids('j', 24);
    const work = first.flatMap((id, i) => [
      () => remove(id).then((r) => r.replace(/ 204$/, ' deleted')),
      () => create(second[i], i).then((r) => r.replace(/ 201$/, ' created')),
    ]);
    const outcomes = await inParallel(work, 8, (job) => job());
    expect(outcomes).toEqual(first.flatMap((id, i) => [`${id} deleted`, `${second[i]} created`]));

    const listed = await http.get('/v1/tenants?limit=100').set('X-Admin-Key', ADMIN_KEY);
    expect(listed.status).toBe(200);
    expect(
      (listed.body.items as { id: string; status: string }[])
        .map((t) => `${t.id} ${t.status}`)
        .sort(),
    ).toEqual(second.map((id) => `${id} active`).sort());

    expect(await inParallel(second, 8, remove)).toEqual(second.map((id) => `${id} 204`));
    expect(await leftovers(run)).toEqual([]);
  }, 600_000);
});
