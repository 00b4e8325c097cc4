import type { INestApplication } from '@nestjs/common';
import { TenantReconciler } from '@finplat/tenant-manager-core';
import { adminQuery } from '@finplat/testing';
import type { Client } from 'pg';
import request from 'supertest';
import {
  ADMIN_KEY,
  bootTenantManager,
  connectAs,
  controlDatabaseUrl,
  dropDatabase,
  failureOf,
  forceRemoveTenant,
  gatewayOf,
  inParallel,
  leftovers,
  rabbitDelete,
  rabbitStatus,
  SERVICE_KEY,
  SharedInfrastructure,
  uniqueTenantId,
} from './support/tenant-manager.harness';

/**
 * Two tenant-manager deployments (each its own control plane) provisioning on one PostgreSQL
 * server and one RabbitMQ (issue 13): each has its own gateway logins, never resets the
 * other's, and its reconciler removes only what it owns. Then the reconciler's own work:
 * orphans of its deployment removed, missing objects of its tenants reported.
 */
describe('tenant-manager: two deployments on one server, and the reconciler', () => {
  const controls = [controlDatabaseUrl(), controlDatabaseUrl()];
  const infrastructure = new SharedInfrastructure();
  const run = uniqueTenantId('dp');
  const touched = new Set<string>();
  let apps: INestApplication[] = [];
  const http = (d: number) => request(apps[d].getHttpServer());

  beforeAll(async () => {
    await infrastructure.snapshot();
    apps = await Promise.all(
      controls.map((c) =>
        bootTenantManager({ DATABASE_URL: c.url, TENANT_MANAGER_RECONCILE_INTERVAL_SEC: '0' }),
      ),
    );
  });

  afterAll(async () => {
    try {
      for (const [d, control] of controls.entries()) {
        const rows = await adminQuery<{ id: string }>('SELECT id FROM tenants', [], control.name);
        for (const { id } of rows)
          await http(d)
            .delete(`/v1/tenants/${id}`)
            .set('X-Admin-Key', ADMIN_KEY)
            .catch(() => undefined);
      }
      if ((await leftovers(run)).length) for (const id of touched) await forceRemoveTenant(id);
    } finally {
      await Promise.all(apps.map((app) => app.close()));
      for (const control of controls) {
        await infrastructure.cleanUp(control.name);
        await dropDatabase(control.name);
      }
    }
  }, 300_000);

  const create = async (d: number, id: string, ledger: 'SCHEMA' | 'DATABASE' = 'SCHEMA') => {
    touched.add(id);
    const res = await http(d)
      .post('/v1/tenants')
      .set('X-Admin-Key', ADMIN_KEY)
      .send({ id, name: id, isolation: { ledger } });
    return `${id} ${res.status}`;
  };
  const remove = async (d: number, id: string) =>
    `${id} ${(await http(d).delete(`/v1/tenants/${id}`).set('X-Admin-Key', ADMIN_KEY)).status}`;
  const ids = (d: number, count: number) =>
    Array.from({ length: count }, (_, i) => `${run}-${d}x${i}`);
  const passwordOf = async (role: string) =>
    (
      await adminQuery<{ rolpassword: string }>(
        'SELECT rolpassword FROM pg_authid WHERE rolname = $1',
        [role],
      )
    )[0]?.rolpassword;
  const reconciler = (d: number) => apps[d].get(TenantReconciler);

  /** Works as a SCHEMA tenant through a gateway login, as the app's shared pool does. */
  async function asTenant(gateway: string, tenant: string, work: (c: Client) => Promise<unknown>) {
    const client = await connectAs(gateway, 'ledger_tenants');
    try {
      await client.query('BEGIN');
      await client.query(`SET LOCAL ROLE "ledger_${tenant}"`);
      await client.query(`SET LOCAL search_path TO "${tenant}"`);
      await work(client);
      await client.query('COMMIT');
    } finally {
      await client.end();
    }
  }

  it('should provision and delete side by side, each with its own gateways, neither resetting the other', async () => {
    // Tenants 1 serve traffic through the gateways (SCHEMA); every fourth has its own database.
    const [first, second] = [ids(0, 8), ids(1, 8)];
    // Deployment 0 goes first, so its gateways exist before deployment 1 provisions.
    expect(await create(0, first[0], 'SCHEMA')).toBe(`${first[0]} 201`);
    const gateways = await Promise.all(controls.map((c) => gatewayOf(c.name, 'ledger')));
    expect(gateways[0]).not.toBe(gateways[1]);
    const before = await passwordOf(gateways[0]);
    expect(before).toBeTruthy();

    const created = await Promise.all([
      inParallel(first.slice(1), 4, (id, i) => create(0, id, i % 4 === 3 ? 'DATABASE' : 'SCHEMA')),
      inParallel(second, 4, (id, i) => create(1, id, i % 4 === 3 ? 'DATABASE' : 'SCHEMA')),
    ]);
    expect(created).toEqual([
      first.slice(1).map((id) => `${id} 201`),
      second.map((id) => `${id} 201`),
    ]);
    expect(await passwordOf(gateways[0])).toBe(before);

    // Each deployment hands out its own gateway, which may act only as its own tenants.
    for (const [d, id] of [
      [0, first[1]],
      [1, second[1]],
    ] as const) {
      const conn = await http(d)
        .get(`/v1/tenants/${id}/associations/ledger/connections`)
        .set('X-API-Key', SERVICE_KEY)
        .expect(200);
      expect(conn.body.postgresql.gateway.username).toBe(gateways[d]);
      await asTenant(gateways[d], id, (c) => c.query('CREATE TABLE notes (body text)'));
    }
    const crossed = await failureOf(asTenant(gateways[0], second[1], (c) => c.query('SELECT 1')));
    expect(crossed.code).toBe('42501');

    // Neither reconciler takes the other's tenants for orphans, nor finds anything wrong.
    for (const d of [0, 1]) {
      const report = await reconciler(d).reconcile();
      expect(report.orphansRemoved).toEqual([]);
      expect(report.unresolved).toEqual([]);
    }

    // Both serve a tenant each while they delete the rest side by side.
    let serving = true;
    const served: string[] = [];
    const traffic = [0, 1].map(async (d) => {
      const id = d === 0 ? first[1] : second[1];
      for (let i = 0; serving; i++) {
        await asTenant(gateways[d], id, (c) => c.query('INSERT INTO notes VALUES ($1)', [`n${i}`]))
          .then(() => served.push(`${d} ok`))
          .catch((e: Error) => served.push(`${d} ${e.message}`));
      }
    });
    const deleted = await Promise.all([
      inParallel(
        first.filter((id) => id !== first[1]),
        4,
        (id) => remove(0, id),
      ),
      inParallel(
        second.filter((id) => id !== second[1]),
        4,
        (id) => remove(1, id),
      ),
    ]);
    serving = false;
    await Promise.all(traffic);
    expect(deleted.flat().every((r) => r.endsWith(' 204'))).toBe(true);
    expect(served.filter((s) => !s.endsWith(' ok'))).toEqual([]);
    expect(served.filter((s) => s === '0 ok').length).toBeGreaterThan(0);
    expect(served.filter((s) => s === '1 ok').length).toBeGreaterThan(0);

    expect(await remove(0, first[1])).toBe(`${first[1]} 204`);
    expect(await remove(1, second[1])).toBe(`${second[1]} 204`);
    expect(await passwordOf(gateways[0])).toBe(before);
    expect(await leftovers(run)).toEqual([]);
  }, 300_000);

  it("should remove its own orphans (and only its own), and report its tenants' missing objects", async () => {
    const orphan = `${run}-orphan`;
    const damaged = `${run}-damaged`;
    expect(await create(0, orphan)).toBe(`${orphan} 201`);
    expect(await create(0, damaged)).toBe(`${damaged} 201`);
    // The control plane forgets one tenant (a restore from an old backup, a hand edit).
    await adminQuery('DELETE FROM tenants WHERE id = $1', [orphan], controls[0].name);
    // And another loses its tracer schema behind tenant-manager's back.
    await adminQuery(`DROP SCHEMA "${damaged}" CASCADE`, [], 'tracer_tenants');

    const other = await reconciler(1).reconcile();
    expect(other.orphansRemoved).toEqual([]);
    expect((await leftovers(orphan)).length).toBeGreaterThan(0);

    const report = await reconciler(0).reconcile();
    expect(report.orphansRemoved.sort()).toEqual(
      [
        `RabbitMQ vhost "${orphan}"`,
        `role "ledger_${orphan}" on 127.0.0.1:5432`,
        `role "ledger_ro_${orphan}" on 127.0.0.1:5432`,
        `role "reporter_${orphan}" on 127.0.0.1:5432`,
        `role "tracer_${orphan}" on 127.0.0.1:5432`,
      ].sort(),
    );
    expect(await leftovers(orphan)).toEqual([]);
    expect(report.unresolved).toEqual([
      `tenant ${damaged} (tracer, 127.0.0.1:5432): schema "${damaged}" in "tracer_tenants" is missing or not its own`,
    ]);
    const metrics = await http(0).get('/metrics').expect(200);
    expect(metrics.text).toMatch(/^tenant_manager_reconcile_unresolved\{[^}]*\} 1$/m);
    expect(metrics.text).toMatch(
      /^tenant_manager_reconcile_repairs_total\{[^}]*kind="orphan"[^}]*\} 5$/m,
    );

    expect(await remove(0, damaged)).toBe(`${damaged} 204`);
    expect(await leftovers(run)).toEqual([]);
  }, 300_000);
  it('should refuse a tenant id another deployment has on the server with 409 TM-0019, touching nothing of it', async () => {
    const shared = `${run}-taken`;
    expect(await create(0, shared)).toBe(`${shared} 201`);
    const [{ id: firstDeployment }] = await adminQuery<{ id: string }>(
      'SELECT id FROM deployment',
      [],
      controls[0].name,
    );
    const markerOf = async (role: string) =>
      (
        await adminQuery<{ comment: string | null }>(
          "SELECT shobj_description(oid, 'pg_authid') AS comment FROM pg_roles WHERE rolname = $1",
          [role],
        )
      )[0]?.comment;
    const marker = await markerOf(`ledger_${shared}`);
    expect(marker).toContain(firstDeployment);

    // The vhost comes first: it carries the first deployment's marker.
    const refused = await http(1)
      .post('/v1/tenants')
      .set('X-Admin-Key', ADMIN_KEY)
      .send({ id: shared, name: shared });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('TM-0019');
    expect(refused.body.message).toContain(
      `another tenant-manager deployment (deployment ${firstDeployment})`,
    );
    expect(refused.body.message).toContain(`RabbitMQ vhost "${shared}"`);

    // Without the vhost (lost, or a broker per environment) the role is what says whose it is.
    await rabbitDelete(`/api/users/${encodeURIComponent(`tenant-${shared}`)}`);
    await rabbitDelete(`/api/vhosts/${encodeURIComponent(shared)}`);
    const again = await http(1)
      .post('/v1/tenants')
      .set('X-Admin-Key', ADMIN_KEY)
      .send({ id: shared, name: shared });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('TM-0019');
    expect(again.body.message).toContain(`role "ledger_${shared}"`);
    // Its own vhost, made before the role was found, was taken back; the first one's role stays.
    expect(await rabbitStatus(`/api/vhosts/${encodeURIComponent(shared)}`)).toBe(404);
    expect(await markerOf(`ledger_${shared}`)).toBe(marker);
    expect((await http(1).get(`/v1/tenants/${shared}`).set('X-Admin-Key', ADMIN_KEY)).status).toBe(
      404,
    );
    const first = await http(0).get(`/v1/tenants/${shared}`).set('X-Admin-Key', ADMIN_KEY);
    expect(first.body.status).toBe('active');

    expect(await remove(0, shared)).toBe(`${shared} 204`);
    expect(await leftovers(shared)).toEqual([]);
  }, 120_000);

  it('should put its gateway logins back: a lost grant, a lost CONNECT, a dropped login; and take back a promoted tenant', async () => {
    const [a, b, d] = [`${run}-gwa`, `${run}-gwb`, `${run}-gwd`];
    for (const id of [a, b]) expect(await create(0, id)).toBe(`${id} 201`);
    expect(await create(0, d, 'DATABASE')).toBe(`${d} 201`);
    const [ledger, tracer, reporter] = await Promise.all(
      ['ledger', 'tracer', 'reporter'].map((s) => gatewayOf(controls[0].name, s)),
    );
    const where = (gateway: string, service: string) =>
      `gateway "${gateway}" (${service}, 127.0.0.1:5432/${service}_tenants)`;
    const membersOf = async (gateway: string) =>
      (
        await adminQuery<{ rolname: string }>(
          `SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid
            WHERE m.member = (SELECT oid FROM pg_roles WHERE rolname = $1) ORDER BY 1`,
          [gateway],
        )
      ).map((r) => r.rolname);
    expect(await reconciler(0).reconcile()).toMatchObject({ gatewaysRepaired: [], unresolved: [] });

    // Behind tenant-manager's back: a tenant's grant, a CONNECT, a whole login; and a grant of
    // a DATABASE tenant's role, as a promotion whose revoke failed would leave.
    await adminQuery(`REVOKE "ledger_${a}" FROM "${ledger}"`);
    await adminQuery(`REVOKE CONNECT ON DATABASE reporter_tenants FROM "${reporter}"`);
    await adminQuery(
      `REVOKE ALL ON DATABASE tracer_tenants FROM "${tracer}"; DROP ROLE "${tracer}"`,
    );
    await adminQuery(`GRANT "ledger_${d}" TO "${ledger}"`);
    const crossed = await failureOf(asTenant(ledger, a, (c) => c.query('SELECT 1')));
    expect(crossed.code).toBe('42501');

    const report = await reconciler(0).reconcile();
    expect(report.unresolved).toEqual([]);
    expect([...report.gatewaysRepaired].sort()).toEqual(
      [
        `${where(ledger, 'ledger')} may not act as tenant ${a} (role "ledger_${a}" not granted)`,
        `${where(ledger, 'ledger')} may still act as tenant ${d}, which has its own database (role "ledger_${d}" granted)`,
        `${where(reporter, 'reporter')} may not connect to "reporter_tenants"`,
        `${where(tracer, 'tracer')} is missing`,
        `${where(tracer, 'tracer')} may not act as tenant ${a} (role "tracer_${a}" not granted)`,
        `${where(tracer, 'tracer')} may not act as tenant ${b} (role "tracer_${b}" not granted)`,
        // Only its ledger has a database of its own.
        `${where(tracer, 'tracer')} may not act as tenant ${d} (role "tracer_${d}" not granted)`,
      ].sort(),
    );
    // The gateways work again, as each deployment's own, and only for their tenants.
    await asTenant(ledger, a, (c) => c.query('SELECT 1'));
    expect(await membersOf(ledger)).not.toContain(`ledger_${d}`);
    for (const id of [a, b, d]) {
      const client = await connectAs(tracer, 'tracer_tenants');
      try {
        await client.query('BEGIN');
        await client.query(`SET LOCAL ROLE "tracer_${id}"`);
        await client.query('COMMIT');
      } finally {
        await client.end();
      }
    }
    const [recreated] = await adminQuery<{ comment: string; inherits: boolean }>(
      `SELECT shobj_description(oid, 'pg_authid') AS comment, rolinherit AS inherits
         FROM pg_roles WHERE rolname = $1`,
      [tracer],
    );
    expect(recreated.comment).toMatch(/^finplat-tenant-manager deployment=\S+ gateway$/);
    expect(recreated.inherits).toBe(false);
    await (await connectAs(reporter, 'reporter_tenants')).end();
    const metrics = await http(0).get('/metrics').expect(200);
    expect(metrics.text).toMatch(
      /^tenant_manager_reconcile_repairs_total\{[^}]*kind="gateway"[^}]*\} 7$/m,
    );
    // Nothing left to repair.
    expect(await reconciler(0).reconcile()).toMatchObject({ gatewaysRepaired: [], unresolved: [] });

    for (const id of [a, b, d]) expect(await remove(0, id)).toBe(`${id} 204`);
    expect(await leftovers(run)).toEqual([]);
  }, 180_000);
});
