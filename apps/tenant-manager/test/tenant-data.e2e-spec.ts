import type { INestApplication } from '@nestjs/common';
import { adminQuery, TEST_PG_ADMIN_URL } from '@finplat/testing';
import { Client } from 'pg';
import request from 'supertest';
import {
  ADMIN_KEY,
  bootTenantManager,
  connectAs,
  controlDatabaseUrl,
  databaseExists,
  dropDatabase,
  failureOf,
  forceRemoveTenant,
  leftovers,
  schemaExists,
  SERVICE_KEY,
  SharedInfrastructure,
  uniqueTenantId,
} from './support/tenant-manager.harness';
import {
  type DataPlace,
  fingerprint,
  placeOf,
  seedAuditTrail,
  seedTenantData,
  trailProtections,
} from './support/tenant-data.fixtures';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** An admin session switched to a tenant's role, as an app's pool would be. */
async function tenantSession(database: string, role: string, schema: string): Promise<Client> {
  const url = new URL(TEST_PG_ADMIN_URL);
  url.pathname = `/${database}`;
  const client = new Client({ connectionString: url.toString() });
  client.on('error', () => undefined);
  await client.connect();
  await client.query('BEGIN');
  await client.query(`SET LOCAL ROLE "${role}"`);
  await client.query(`SET LOCAL search_path = "${schema}"`);
  return client;
}

describe('tenant-manager: promotion, backup and restore of one tenant (real PostgreSQL)', () => {
  const control = controlDatabaseUrl();
  const infrastructure = new SharedInfrastructure();
  const touched = new Set<string>();
  let app: INestApplication;
  let http: ReturnType<typeof request>;

  beforeAll(async () => {
    await infrastructure.snapshot();
    app = await bootTenantManager({ DATABASE_URL: control.url, RABBITMQ_MANAGEMENT_URL: 'off' });
    http = request(app.getHttpServer());
  });

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
      await app?.close();
      await infrastructure.cleanUp(control.name);
      await dropDatabase(control.name);
    }
  }, 120_000);

  const createTenant = async (prefix: string, ledger: 'SCHEMA' | 'DATABASE') => {
    const id = uniqueTenantId(prefix);
    touched.add(id);
    const response = await http
      .post('/v1/tenants')
      .set('X-Admin-Key', ADMIN_KEY)
      .send({ id, name: id, isolation: { ledger } });
    expect(response.status).toBe(201);
    return id;
  };
  const admin = (path: string, body?: object) =>
    http.post(path).set('X-Admin-Key', ADMIN_KEY).send(body);
  const connections = (id: string) =>
    http.get(`/v1/tenants/${id}/associations/ledger/connections`).set('X-API-Key', SERVICE_KEY);

  it('should provision SCHEMA tenants of one shared database concurrently', async () => {
    // Their GRANTs on the shared database race (PostgreSQL: "tuple concurrently updated").
    const ids = Array.from({ length: 6 }, () => uniqueTenantId('e2e-conc'));
    ids.forEach((id) => touched.add(id));
    const responses = await Promise.all(
      ids.map((id) =>
        http.post('/v1/tenants').set('X-Admin-Key', ADMIN_KEY).send({ id, name: id }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(ids.map(() => 201));
    for (const id of ids) {
      expect((await http.delete(`/v1/tenants/${id}`).set('X-Admin-Key', ADMIN_KEY)).status).toBe(
        204,
      );
    }
  }, 60_000);

  describe('POST /v1/tenants/{id}/services/{service}/migrate', () => {
    let P: string;
    let other: string;

    beforeAll(async () => {
      P = await createTenant('e2e-prom', 'SCHEMA');
      other = await createTenant('e2e-peer', 'SCHEMA');
      await seedTenantData(placeOf('ledger', P, 'SCHEMA'), 'p');
      await seedTenantData(placeOf('ledger', other, 'SCHEMA'), 'o');
    }, 60_000);

    it('should refuse a target other than DATABASE, and unknown tenants', async () => {
      expect(
        (await admin(`/v1/tenants/${P}/services/ledger/migrate`, { to: 'SCHEMA' })).status,
      ).toBe(400);
      expect((await admin(`/v1/tenants/${P}/services/ledger/migrate`, {})).status).toBe(400);
      expect(
        (await admin(`/v1/tenants/e2e-nobody-0000/services/ledger/migrate`, { to: 'DATABASE' }))
          .status,
      ).toBe(404);
      const noKey = await http
        .post(`/v1/tenants/${P}/services/ledger/migrate`)
        .send({ to: 'DATABASE' });
      expect(noKey.status).toBe(401);
    });

    it('should hold services off with 503 while copying, keep committed writes, refuse late ones, verify and flip', async () => {
      const place = placeOf('ledger', P, 'SCHEMA');
      const otherBefore = await fingerprint(placeOf('ledger', other, 'SCHEMA'));

      // A write in flight when the promotion starts: the copy must wait for it and carry it.
      const inFlight = await tenantSession(place.database, place.role, place.schema);
      await inFlight.query(
        `INSERT INTO accounts (name, metadata) VALUES ('in-flight', '{"late": false}')`,
      );
      // What the copy must carry: the schema as it will be once that write commits.
      const before = await fingerprint(
        place,
        async <T>(sql: string, params: unknown[] = []) =>
          (await inFlight.query(sql, params)).rows as T[],
      );

      const promotion = admin(`/v1/tenants/${P}/services/ledger/migrate`, { to: 'DATABASE' }).then(
        (r) => r,
      );

      // Services asking for the tenant's settings meanwhile are told to come back.
      let held: request.Response | undefined;
      for (let i = 0; i < 50 && !held; i += 1) {
        const response = await connections(P);
        if (response.status === 503) held = response;
        else await sleep(50);
      }
      expect(held?.status).toBe(503);
      expect(held?.headers['retry-after']).toBeDefined();
      expect(held?.body.code).toBe('TM-0015');
      // Another tenant is served as usual.
      expect((await connections(other)).status).toBe(200);

      // Tenant-manager now waits for the in-flight write to release the tables.
      for (let i = 0; i < 100; i += 1) {
        const waiting = await adminQuery(
          `SELECT 1 FROM pg_stat_activity WHERE application_name = 'tenant-manager-data' AND wait_event_type = 'Lock'`,
        );
        if (waiting.length) break;
        await sleep(50);
      }
      // A write arriving after the tables were locked waits, and is refused, never applied.
      const late = await tenantSession(place.database, place.role, place.schema);
      const lateWrite = late
        .query(`INSERT INTO accounts (name) VALUES ('too-late')`)
        .then(() => late.query('COMMIT'))
        .then(
          () => 'committed',
          () => 'refused',
        );
      await sleep(200);
      await inFlight.query('COMMIT');
      await inFlight.end();

      const response = await promotion;
      expect(response.status).toBe(200);
      expect(await lateWrite).toBe('refused');
      await late.end().catch(() => undefined);

      const database = `ledger_${P}`;
      expect(response.body).toMatchObject({
        tenantId: P,
        service: 'ledger',
        isolationMode: 'DATABASE',
        database,
        status: 'provisioned',
        tables: { accounts: 41, entries: 200, schema_migrations: 2 },
      });
      expect(response.body.schema).toBeUndefined();
      expect(response.body.password).toBeUndefined();

      // The old schema is gone; the new database holds exactly what the schema held.
      expect(await schemaExists(place.database, P)).toBe(false);
      expect(await databaseExists(database)).toBe(true);
      expect(await fingerprint(placeOf('ledger', P, 'DATABASE'))).toEqual(before);
      const names = await adminQuery<{ name: string }>(
        'SELECT name FROM accounts WHERE name IN ($1, $2)',
        ['in-flight', 'too-late'],
        database,
      );
      expect(names.map((n) => n.name)).toEqual(['in-flight']);

      // The other tenant of the shared database did not notice.
      expect(await fingerprint(placeOf('ledger', other, 'SCHEMA'))).toEqual(otherBefore);
    }, 60_000);

    it('should hand services the new database, under the same tenant id, ready for app writes', async () => {
      const response = await connections(P);
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        id: P,
        service: 'ledger',
        isolationMode: 'DATABASE',
        postgresql: { database: `ledger_${P}`, username: `ledger_${P}` },
      });
      expect(response.body.postgresql.schema).toBeUndefined();
      expect(response.body.postgresql.gateway).toBeUndefined();

      const { username, password, database } = response.body.postgresql;
      const client = await connectAs(username, database, password);
      try {
        // Migrations are not run again: their ledger came along.
        const migrations = await client.query('SELECT name FROM schema_migrations ORDER BY name');
        expect(migrations.rows.map((r) => r.name)).toEqual([
          'Accounts1700000000001',
          'Init1700000000000',
        ]);
        // Defaults, identity, generated columns and foreign keys work as before.
        const account = await client.query(
          `INSERT INTO accounts (name) VALUES ('after-promotion') RETURNING id`,
        );
        const entry = await client.query(
          'INSERT INTO entries (account_id, amount) VALUES ($1, 7) RETURNING id, doubled',
          [account.rows[0].id],
        );
        expect(Number(entry.rows[0].id)).toBe(201);
        expect(entry.rows[0].doubled).toBe('14');
        const orphan = await failureOf(
          client.query(
            `INSERT INTO entries (account_id, amount) VALUES ('00000000-0000-0000-0000-000000000000', 1)`,
          ),
        );
        expect(orphan.code).toBe('23503');
        const duplicate = await failureOf(
          client.query(`INSERT INTO accounts (name) VALUES ('after-promotion')`),
        );
        expect(duplicate.code).toBe('23505');
        const indexes = await client.query(
          `SELECT indexname FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1`,
        );
        expect(indexes.rows.map((r) => r.indexname)).toEqual(
          expect.arrayContaining(['accounts_metadata_idx', 'entries_account_idx']),
        );
        const owners = await client.query(
          `SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'`,
        );
        expect(owners.rows).toEqual([{ tableowner: username }]);
      } finally {
        await client.end();
      }
      // Its role no longer reaches the shared database.
      const denied = await failureOf(connectAs(username, 'ledger_tenants', password));
      expect(denied.code).toBe('42501');
    });

    it('should refuse a schema holding objects the copy cannot carry, and change nothing', async () => {
      const V = await createTenant('e2e-view', 'SCHEMA');
      const place = placeOf('ledger', V, 'SCHEMA');
      await adminQuery(
        `BEGIN; SET LOCAL ROLE "${place.role}";
         CREATE TABLE "${V}".t (id int PRIMARY KEY); INSERT INTO "${V}".t VALUES (1);
         CREATE VIEW "${V}".v AS SELECT id FROM "${V}".t; COMMIT;`,
        [],
        place.database,
      );
      const response = await admin(`/v1/tenants/${V}/services/ledger/migrate`, { to: 'DATABASE' });
      expect(response.status).toBe(422);
      expect(response.body.code).toBe('TM-0016');
      expect(response.body.message).toContain('view v');
      expect(await databaseExists(`ledger_${V}`)).toBe(false);
      expect(await schemaExists(place.database, V)).toBe(true);
      const after = await connections(V);
      expect(after.status).toBe(200);
      expect(after.body).toMatchObject({ isolationMode: 'SCHEMA', postgresql: { schema: V } });
    });

    it('should answer 409 when the association is already DATABASE', async () => {
      const response = await admin(`/v1/tenants/${P}/services/ledger/migrate`, { to: 'DATABASE' });
      expect(response.status).toBe(409);
      expect(response.body.code).toBe('TM-0013');
    });
  });

  describe('POST .../backups and .../restore', () => {
    let S1: string;
    let S2: string;
    let D: string;

    beforeAll(async () => {
      S1 = await createTenant('e2e-bk-s1', 'SCHEMA');
      S2 = await createTenant('e2e-bk-s2', 'SCHEMA');
      D = await createTenant('e2e-bk-d', 'DATABASE');
      await seedTenantData(placeOf('ledger', S1, 'SCHEMA'), 's1');
      await seedTenantData(placeOf('ledger', S2, 'SCHEMA'), 's2');
      await seedTenantData(placeOf('ledger', D, 'DATABASE'), 'd');
    }, 60_000);

    /** Deletes, updates and inserts, so that a restore has something to undo. */
    const scramble = async (id: string, mode: 'SCHEMA' | 'DATABASE') => {
      const { database, schema } = placeOf('ledger', id, mode);
      await adminQuery(
        `SET search_path = "${schema}";
         DELETE FROM entries WHERE amount > 3;
         UPDATE accounts SET balance = balance + 1, metadata = '{"changed": true}';
         INSERT INTO accounts (name) VALUES ('new-1'), ('new-2');`,
        [],
        database,
      );
    };

    it.each([
      ['SCHEMA', () => S1],
      ['DATABASE', () => D],
    ] as const)(
      'should back up and restore a %s-mode tenant without touching the others',
      async (mode, tenant) => {
        const id = tenant();
        const place = placeOf('ledger', id, mode);
        const original = await fingerprint(place);
        const others = async () => ({
          s1: id === S1 ? undefined : await fingerprint(placeOf('ledger', S1, 'SCHEMA')),
          s2: await fingerprint(placeOf('ledger', S2, 'SCHEMA')),
          d: id === D ? undefined : await fingerprint(placeOf('ledger', D, 'DATABASE')),
        });
        const othersBefore = await others();

        const backup = await admin(`/v1/tenants/${id}/services/ledger/backups`);
        expect(backup.status).toBe(201);
        expect(backup.body).toEqual({
          backupId: expect.stringMatching(/^[0-9a-f-]{36}$/),
          createdAt: expect.any(String),
          tables: { accounts: 40, entries: 200, schema_migrations: 2 },
        });

        await scramble(id, mode);
        expect(await fingerprint(place)).not.toEqual(original);

        const restore = await admin(`/v1/tenants/${id}/services/ledger/restore`, {
          backupId: backup.body.backupId,
        });
        expect(restore.status).toBe(200);
        expect(restore.body).toMatchObject({
          backupId: backup.body.backupId,
          tables: { accounts: 40, entries: 200, schema_migrations: 2 },
        });
        expect(await fingerprint(place)).toEqual(original);
        expect(await others()).toEqual(othersBefore);

        // The identity sequence continues after the restored rows.
        const [next] = await adminQuery<{ id: string }>(
          `INSERT INTO "${place.schema}".entries (account_id, amount)
             SELECT id, 1 FROM "${place.schema}".accounts LIMIT 1 RETURNING id`,
          [],
          place.database,
        );
        expect(Number(next.id)).toBeGreaterThan(200);
      },
      60_000,
    );

    it("should answer 404 for an unknown backup, or another tenant's", async () => {
      const mine = await admin(`/v1/tenants/${S1}/services/ledger/backups`);
      expect(mine.status).toBe(201);
      for (const backupId of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
        const response = await admin(`/v1/tenants/${S1}/services/ledger/restore`, { backupId });
        expect(response.status).toBe(404);
        expect(response.body.code).toBe('TM-0014');
      }
      const foreign = await admin(`/v1/tenants/${S2}/services/ledger/restore`, {
        backupId: mine.body.backupId,
      });
      expect(foreign.status).toBe(404);
      const wrongService = await admin(`/v1/tenants/${S1}/services/tracer/restore`, {
        backupId: mine.body.backupId,
      });
      expect(wrongService.status).toBe(404);
      expect((await admin(`/v1/tenants/${S1}/services/ledger/restore`, {})).status).toBe(400);
    });

    it('should refuse to restore into tables that are not those of the backup', async () => {
      const backup = await admin(`/v1/tenants/${S2}/services/ledger/backups`);
      const place = placeOf('ledger', S2, 'SCHEMA');
      const before = await fingerprint(place);
      await adminQuery(
        `SET ROLE "${place.role}"; CREATE TABLE "${place.schema}".added (id int)`,
        [],
        place.database,
      );
      const response = await admin(`/v1/tenants/${S2}/services/ledger/restore`, {
        backupId: backup.body.backupId,
      });
      expect(response.status).toBe(422);
      expect(response.body.code).toBe('TM-0016');
      const { added, ...unchanged } = await fingerprint(place);
      expect(added).toBe('0:d41d8cd98f00b204e9800998ecf8427e');
      expect(unchanged).toEqual(before);
    });
  });
  describe('an append-only, hash-chained trail (functions, triggers, ACLs)', () => {
    /** Runs statements as the tenant's own role in its place, as the app would. */
    const asTenant = async <T extends Record<string, unknown>>(place: DataPlace, sql: string) => {
      const client = await connectAs(place.role, place.database);
      try {
        await client.query(`SET search_path = "${place.schema}"`);
        return (await client.query<T>(sql)).rows;
      } finally {
        await client.end();
      }
    };
    const verified = async (place: DataPlace) =>
      (await asTenant<{ ok: boolean }>(place, 'SELECT verify_trail() AS ok'))[0].ok;
    const append = async (place: DataPlace, body: string) =>
      Number(
        (
          await asTenant<{ id: string }>(
            place,
            `INSERT INTO trail (id, body, previous_hash, hash) VALUES (0, '${body}', '', '') RETURNING id`,
          )
        )[0].id,
      );
    /** Every way of rewriting the trail, each refused: by privilege for the tenant, by trigger for a superuser. */
    const expectProtected = async (place: DataPlace) => {
      expect(
        (await failureOf(asTenant(place, `UPDATE trail SET body = 'forged' WHERE id = 1`))).code,
      ).toBe('42501');
      expect((await failureOf(asTenant(place, 'DELETE FROM trail'))).code).toBe('42501');
      for (const sql of [
        `UPDATE "${place.schema}".trail SET body = 'forged' WHERE id = 1`,
        `DELETE FROM "${place.schema}".trail WHERE id = 1`,
        `TRUNCATE "${place.schema}".trail`,
        `TRUNCATE "${place.schema}".trail_head`,
      ]) {
        const refused = await failureOf(adminQuery(sql, [], place.database));
        expect(refused.message).toMatch(/append-only: (UPDATE|DELETE|TRUNCATE) refused/);
      }
    };

    it('should promote it with its chain intact, still chaining and still append-only', async () => {
      const id = await createTenant('e2e-trail', 'SCHEMA');
      const schemaPlace = placeOf('tracer', id, 'SCHEMA');
      await seedAuditTrail(schemaPlace, 50);
      expect(await verified(schemaPlace)).toBe(true);
      const before = await fingerprint(schemaPlace);
      const protections = await trailProtections(schemaPlace);
      expect(protections).toContain('trigger trail_switched_off on trail_head D');

      const response = await admin(`/v1/tenants/${id}/services/tracer/migrate`, { to: 'DATABASE' });
      expect(response.status).toBe(200);
      expect(response.body.tables).toEqual({ trail: 50, trail_head: 1 });

      const place = placeOf('tracer', id, 'DATABASE');
      expect(await fingerprint(place)).toEqual(before);
      // Same ACLs (grantor and grantee are the same roles), same triggers in the same states.
      expect(await trailProtections(place)).toEqual(protections);
      expect(await verified(place)).toBe(true);
      // The chain goes on from where it was: the trigger fires, links and hashes.
      expect(await append(place, 'after promotion')).toBe(51);
      expect(await verified(place)).toBe(true);
      await expectProtected(place);
    });

    it('should restore it to the backup, chain and protections as they were', async () => {
      const id = await createTenant('e2e-trail-bk', 'SCHEMA');
      const place = placeOf('tracer', id, 'SCHEMA');
      await seedAuditTrail(place, 20);
      const protections = await trailProtections(place);
      const backup = await admin(`/v1/tenants/${id}/services/tracer/backups`);
      expect(backup.status).toBe(201);
      expect(backup.body.tables).toEqual({ trail: 20, trail_head: 1 });
      const atBackup = await fingerprint(place);
      for (let i = 0; i < 5; i += 1) await append(place, `later ${i}`);
      expect(await fingerprint(place)).not.toEqual(atBackup);

      const restore = await admin(`/v1/tenants/${id}/services/tracer/restore`, {
        backupId: backup.body.backupId,
      });
      expect(restore.status).toBe(200);
      // The rows came back as stored: not re-chained by the trigger, not refused by the guards.
      expect(await fingerprint(place)).toEqual(atBackup);
      expect(await trailProtections(place)).toEqual(protections);
      expect(await verified(place)).toBe(true);
      expect(await append(place, 'after restore')).toBe(21);
      await expectProtected(place);
    });
  });

  describe('lifecycle runs racing data operations (one tenant lock)', () => {
    it('should let a DELETE sent during a promotion wait for it, then delete everything', async () => {
      const id = await createTenant('e2e-race', 'SCHEMA');
      const place = placeOf('ledger', id, 'SCHEMA');
      await seedTenantData(place, 'r');
      // Held open, so that the promotion is still copying when the DELETE arrives.
      const inFlight = await tenantSession(place.database, place.role, place.schema);
      await inFlight.query(`INSERT INTO accounts (name) VALUES ('in-flight')`);
      const promotion = admin(`/v1/tenants/${id}/services/ledger/migrate`, { to: 'DATABASE' }).then(
        (r) => r,
      );
      let moving = false;
      for (let i = 0; i < 100 && !moving; i += 1) {
        moving = (await connections(id)).status === 503;
        if (!moving) await sleep(50);
      }
      expect(moving).toBe(true);
      const deletion = http
        .delete(`/v1/tenants/${id}`)
        .set('X-Admin-Key', ADMIN_KEY)
        .then((r) => r);
      await sleep(500);
      await inFlight.query('COMMIT');
      await inFlight.end();

      expect((await promotion).status).toBe(200);
      expect((await deletion).status).toBe(204);
      // Neither the new database nor the old schema, role or anything else is left.
      expect(await leftovers(id)).toEqual([]);
      expect((await http.get(`/v1/tenants/${id}`).set('X-Admin-Key', ADMIN_KEY)).status).toBe(404);
      // And a data operation on the deleted tenant is a plain 404.
      const late = await admin(`/v1/tenants/${id}/services/ledger/rotate-credentials`);
      expect(late.status).toBe(404);
    }, 60_000);
  });
});
