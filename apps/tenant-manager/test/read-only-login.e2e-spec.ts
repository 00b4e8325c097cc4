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
  leftovers,
  roleExists,
  SERVICE_KEY,
  SharedInfrastructure,
  uniqueTenantId,
} from './support/tenant-manager.harness';
import { placeOf, seedTenantData, type DataPlace } from './support/tenant-data.fixtures';

type Mode = 'DATABASE' | 'SCHEMA';

/** 42501 insufficient_privilege: PostgreSQL itself refused. */
const DENIED = '42501';
/** 25006 read_only_sql_transaction: the login's default, a second line only. */
const READ_ONLY_TRANSACTION = '25006';

/**
 * Reporter's read-only login on a tenant's ledger data (decision 0033): tenant-manager makes
 * it, hands it to reporter only, and PostgreSQL itself refuses it every write and every other
 * tenant's data, in DATABASE and SCHEMA mode; it follows promotions and rotations, goes with
 * the tenant, and the reconciler checks it and adds it to tenants that predate it.
 */
describe('tenant-manager: the read-only ledger login (real PostgreSQL)', () => {
  const control = controlDatabaseUrl();
  const infrastructure = new SharedInfrastructure();
  const touched = new Set<string>();
  const sessions: Client[] = [];
  let app: INestApplication;
  let http: ReturnType<typeof request>;
  /** One tenant per mode, and a second SCHEMA tenant sharing the first one's database. */
  const tenants: Record<'dedicated' | 'schemaA' | 'schemaB', { id: string; mode: Mode }> = {
    dedicated: { id: uniqueTenantId('e2e-rod'), mode: 'DATABASE' },
    schemaA: { id: uniqueTenantId('e2e-roa'), mode: 'SCHEMA' },
    schemaB: { id: uniqueTenantId('e2e-rob'), mode: 'SCHEMA' },
  };

  beforeAll(async () => {
    await infrastructure.snapshot();
    app = await bootTenantManager({ DATABASE_URL: control.url, RABBITMQ_MANAGEMENT_URL: 'off' });
    http = request(app.getHttpServer());
    for (const { id, mode } of Object.values(tenants)) {
      touched.add(id);
      const created = await http
        .post('/v1/tenants')
        .set('X-Admin-Key', ADMIN_KEY)
        .send({ id, name: id, isolation: { ledger: mode, tracer: mode, reporter: mode } });
      expect(created.status).toBe(201);
      // The ledger's tables are made after provisioning, by its migrations, as its own role.
      await seedTenantData(placeOf('ledger', id, mode), id);
    }
  }, 60_000);

  afterAll(async () => {
    try {
      await Promise.all(sessions.map((s) => s.end().catch(() => undefined)));
      for (const id of touched) {
        await http
          ?.delete(`/v1/tenants/${id}`)
          .set('X-Admin-Key', ADMIN_KEY)
          .catch(() => undefined);
        await forceRemoveTenant(id);
      }
    } finally {
      await app?.close();
      await infrastructure.cleanUp(control.name);
      await dropDatabase(control.name);
    }
  }, 120_000);

  const connections = (id: string, service: string) =>
    http.get(`/v1/tenants/${id}/associations/${service}/connections`).set('X-API-Key', SERVICE_KEY);
  const readOnlyOf = async (id: string) => {
    const response = await connections(id, 'reporter');
    expect(response.status).toBe(200);
    return response.body.ledgerReadOnly as {
      host: string;
      port: number;
      database: string;
      schema?: string;
      username: string;
      password: string;
    };
  };
  /** A session as the tenant's read-only login (trust authentication: privileges are tested). */
  const readOnlySession = async (id: string, database?: string) => {
    const login = await readOnlyOf(id);
    const client = await connectAs(login.username, database ?? login.database);
    sessions.push(client);
    return client;
  };
  const placeOfTenant = (key: keyof typeof tenants): DataPlace =>
    placeOf('ledger', tenants[key].id, tenants[key].mode);
  const table = (place: DataPlace, name: string) => `"${place.schema}"."${name}"`;
  const codeOf = async (promise: Promise<unknown>) => (await failureOf(promise)).code;

  it('should hand reporter, and only reporter, a login on the ledger placement of the tenant', async () => {
    for (const key of Object.keys(tenants) as (keyof typeof tenants)[]) {
      const { id, mode } = tenants[key];
      const ledger = (await connections(id, 'ledger')).body;
      const login = await readOnlyOf(id);
      expect(login).toEqual({
        host: ledger.postgresql.host,
        port: ledger.postgresql.port,
        database: ledger.postgresql.database,
        ...(mode === 'SCHEMA' ? { schema: id } : {}),
        username: `ledger_ro_${id}`,
        password: expect.stringMatching(/^[0-9a-f]{32,}$/),
      });
      expect(login.password).not.toBe(ledger.postgresql.password);
      expect(ledger.ledgerReadOnly).toBeUndefined();
      expect((await connections(id, 'tracer')).body.ledgerReadOnly).toBeUndefined();
      const [role] = await adminQuery<Record<string, boolean | string[]>>(
        `SELECT rolsuper, rolcreatedb, rolcreaterole, rolinherit, rolbypassrls, rolreplication, rolconfig
           FROM pg_roles WHERE rolname = $1`,
        [login.username],
      );
      expect(role).toEqual({
        rolsuper: false,
        rolcreatedb: false,
        rolcreaterole: false,
        rolinherit: false,
        rolbypassrls: false,
        rolreplication: false,
        rolconfig: ['default_transaction_read_only=on'],
      });
    }
  });

  it.each(['dedicated', 'schemaA'] as const)(
    '%s: reads every ledger table of its tenant, also one its migrations create later',
    async (key) => {
      const place = placeOfTenant(key);
      const session = await readOnlySession(tenants[key].id);
      const accounts = await session.query(`SELECT name FROM ${table(place, 'accounts')}`);
      expect(accounts.rows).toHaveLength(40);
      for (const row of accounts.rows) expect(row.name).toMatch(new RegExp(`^${tenants[key].id}-`));
      const entries = await session.query(
        `SELECT count(*)::int AS n FROM ${table(place, 'entries')}`,
      );
      expect(entries.rows[0].n).toBe(200);

      await adminQuery(
        `BEGIN; SET LOCAL ROLE "${place.role}";
         CREATE TABLE ${table(place, 'later_migration')} (id int PRIMARY KEY, label text);
         INSERT INTO ${table(place, 'later_migration')} VALUES (1, 'added by a later migration');
         COMMIT;`,
        [],
        place.database,
      );
      const later = await session.query(`SELECT label FROM ${table(place, 'later_migration')}`);
      expect(later.rows).toEqual([{ label: 'added by a later migration' }]);
    },
  );

  it.each(['dedicated', 'schemaA'] as const)(
    '%s: PostgreSQL refuses every write and every DDL, even with read-write transactions',
    async (key) => {
      const place = placeOfTenant(key);
      const session = await readOnlySession(tenants[key].id);
      const accounts = table(place, 'accounts');
      // The login's default (read-only transactions) is only a second line.
      expect(await codeOf(session.query(`DELETE FROM ${accounts}`))).toBe(READ_ONLY_TRANSACTION);
      // The role may switch it off: what refuses it then is its privileges.
      await session.query('SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE');
      await session.query('SET default_transaction_read_only = off');
      const statements = [
        `INSERT INTO ${accounts} (name) VALUES ('forged')`,
        `UPDATE ${accounts} SET balance = 0`,
        `DELETE FROM ${accounts}`,
        `TRUNCATE ${accounts}`,
        `SELECT id FROM ${accounts} FOR UPDATE`,
        `ALTER TABLE ${accounts} ADD COLUMN forged text`,
        `DROP TABLE ${table(place, 'entries')}`,
        `CREATE TABLE ${table(place, 'forged')} (id int)`,
        `CREATE INDEX forged_idx ON ${accounts} (created_at)`,
        `CREATE VIEW ${table(place, 'forged_view')} AS SELECT 1`,
        'CREATE TEMPORARY TABLE forged_temp (id int)',
        'CREATE SCHEMA forged_schema',
        `CREATE FUNCTION ${table(place, 'forged_fn')}() RETURNS int LANGUAGE sql AS 'SELECT 1'`,
        `SET ROLE "${place.role}"`,
      ];
      for (const sql of statements) {
        expect({ sql, code: await codeOf(session.query(sql)) }).toEqual({ sql, code: DENIED });
      }
      const [count] = await adminQuery<{ n: number }>(
        `SELECT count(*)::int AS n FROM ${accounts}`,
        [],
        place.database,
      );
      expect(count.n).toBe(40);
    },
  );

  it("should refuse another tenant's ledger data and the tenant's other databases", async () => {
    const b = placeOfTenant('schemaB');
    const dedicated = placeOfTenant('dedicated');
    const schemaA = await readOnlySession(tenants.schemaA.id);
    // SCHEMA mode: same database, another tenant's schema.
    expect(await codeOf(schemaA.query(`SELECT * FROM ${table(b, 'accounts')}`))).toBe(DENIED);
    expect(
      (
        await schemaA.query(
          `SELECT count(*)::int AS n FROM information_schema.columns WHERE table_schema = $1`,
          [b.schema],
        )
      ).rows[0].n,
    ).toBe(0);
    // DATABASE mode: another tenant's database, and its own tenant's tracer and reporter ones.
    const ro = (key: keyof typeof tenants) => `ledger_ro_${tenants[key].id}`;
    for (const [user, database] of [
      [ro('schemaA'), dedicated.database],
      [ro('dedicated'), 'ledger_tenants'],
      [ro('dedicated'), `reporter_${tenants.dedicated.id}`],
      [ro('dedicated'), `tracer_${tenants.dedicated.id}`],
      [ro('schemaA'), 'reporter_tenants'],
    ]) {
      expect({ database, code: await codeOf(connectAs(user, database)) }).toEqual({
        database,
        code: DENIED,
      });
    }
  });

  it('should be checked by the reconciler, and added to tenants that have none', async () => {
    const reconciler = app.get(TenantReconciler);
    const place = placeOfTenant('schemaA');
    const role = `ledger_ro_${tenants.schemaA.id}`;
    expect((await reconciler.reconcile()).unresolved).toEqual([]);

    // A grant lost, and a write privilege added by hand: both reported.
    await adminQuery(
      `REVOKE SELECT ON ${table(place, 'entries')} FROM "${role}";
       GRANT INSERT ON ${table(place, 'accounts')} TO "${role}"`,
      [],
      place.database,
    );
    const report = await reconciler.reconcile();
    expect(report.unresolved).toEqual([
      `tenant ${tenants.schemaA.id} (ledger read-only login): role "${role}" cannot read entries`,
      `tenant ${tenants.schemaA.id} (ledger read-only login): role "${role}" may write accounts`,
    ]);

    // A tenant from before read-only logins: no login, no record. The reconciler adds it.
    await adminQuery(
      'DELETE FROM tenant_read_only_logins WHERE tenant_id = $1',
      [tenants.schemaA.id],
      control.name,
    );
    await adminQuery(`DROP OWNED BY "${role}"`, [], place.database);
    await adminQuery(`DROP ROLE "${role}"`);
    expect((await connections(tenants.schemaA.id, 'reporter')).body.ledgerReadOnly).toBeUndefined();
    const repaired = await reconciler.reconcile();
    expect(repaired.completed).toEqual([`${tenants.schemaA.id} read-only ledger login added`]);
    expect(repaired.unresolved).toEqual([]);
    const session = await readOnlySession(tenants.schemaA.id);
    expect(
      (await session.query(`SELECT count(*)::int AS n FROM ${table(place, 'entries')}`)).rows[0].n,
    ).toBe(200);
    expect(
      await codeOf(session.query(`INSERT INTO ${table(place, 'accounts')} (name) VALUES ('x')`)),
    ).toBe(READ_ONLY_TRANSACTION);
  });

  it("should rotate with reporter's credentials", async () => {
    const { id } = tenants.dedicated;
    const before = await readOnlyOf(id);
    const hash = async () =>
      (
        await adminQuery<{ p: string }>(
          'SELECT rolpassword AS p FROM pg_authid WHERE rolname = $1',
          [before.username],
        )
      )[0].p;
    const hashBefore = await hash();
    const rotated = await http
      .post(`/v1/tenants/${id}/services/reporter/rotate-credentials`)
      .set('X-Admin-Key', ADMIN_KEY);
    expect(rotated.status).toBe(200);
    const after = await readOnlyOf(id);
    expect(after.username).toBe(before.username);
    expect(after.password).not.toBe(before.password);
    expect(await hash()).not.toBe(hashBefore);
  });

  it('should follow the ledger when it is promoted from SCHEMA to DATABASE', async () => {
    const { id } = tenants.schemaA;
    const before = await readOnlyOf(id);
    const promoted = await http
      .post(`/v1/tenants/${id}/services/ledger/migrate`)
      .set('X-Admin-Key', ADMIN_KEY)
      .send({ to: 'DATABASE' });
    expect(promoted.status).toBe(200);
    const after = await readOnlyOf(id);
    expect(after).toEqual({ ...before, database: `ledger_${id}`, schema: undefined });
    const place = placeOf('ledger', id, 'DATABASE');
    const session = await readOnlySession(id);
    expect(
      (await session.query(`SELECT count(*)::int AS n FROM ${table(place, 'accounts')}`)).rows[0].n,
    ).toBe(40);
    await session.query('SET default_transaction_read_only = off');
    expect(await codeOf(session.query(`DELETE FROM ${table(place, 'accounts')}`))).toBe(DENIED);
    expect(await codeOf(connectAs(after.username, 'ledger_tenants'))).toBe(DENIED);
    expect((await app.get(TenantReconciler).reconcile()).unresolved).toEqual([]);
  }, 60_000);

  it('should go with the tenant', async () => {
    for (const { id } of [tenants.dedicated, tenants.schemaB]) {
      expect((await http.delete(`/v1/tenants/${id}`).set('X-Admin-Key', ADMIN_KEY)).status).toBe(
        204,
      );
      expect(await roleExists(`ledger_ro_${id}`)).toBe(false);
      expect(await leftovers(id)).toEqual([]);
    }
  }, 60_000);
});
