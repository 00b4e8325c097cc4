import type { INestApplication } from '@nestjs/common';
import { TENANT_ID_PATTERN } from '@finplat/contracts';
import { RESERVED_TENANT_IDS } from '@finplat/tenant-manager-core';
import { adminQuery } from '@finplat/testing';
import { connect as amqpConnect } from 'amqplib';
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
  gatewayOf,
  rabbitStatus,
  roleExists,
  schemaExists,
  SERVICE_KEY,
  SharedInfrastructure,
  uniqueTenantId,
} from './support/tenant-manager.harness';

describe('tenant-manager: tenants, provisioning and connections (real PostgreSQL and RabbitMQ)', () => {
  const control = controlDatabaseUrl();
  const infrastructure = new SharedInfrastructure();
  /** Every tenant id this suite may have created, removed in afterAll whatever happened. */
  const touched = new Set<string>();
  let app: INestApplication;
  let http: ReturnType<typeof request>;

  const A = uniqueTenantId('e2e-a');
  const B = uniqueTenantId('e2e-b');
  let createdA: Record<string, unknown>;
  /** This deployment's tracer gateway login (named after the deployment, decision 0042). */
  let tracerGateway: string;

  beforeAll(async () => {
    await infrastructure.snapshot();
    app = await bootTenantManager({ DATABASE_URL: control.url });
    http = request(app.getHttpServer());
    tracerGateway = await gatewayOf(control.name, 'tracer');
  });

  // Cleanup may have to wait for a failed test's leftovers: give it room.
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

  const createTenant = (body: Record<string, unknown>) => {
    // Only well-formed ids can have been provisioned (and only they are safe to clean up by name).
    if (
      typeof body.id === 'string' &&
      TENANT_ID_PATTERN.test(body.id) &&
      !RESERVED_TENANT_IDS.includes(body.id)
    ) {
      touched.add(body.id);
    }
    return http.post('/v1/tenants').set('X-Admin-Key', ADMIN_KEY).send(body);
  };
  const connections = (id: string, service: string) =>
    http.get(`/v1/tenants/${id}/associations/${service}/connections`).set('X-API-Key', SERVICE_KEY);

  describe('boot', () => {
    it('should create its control-plane database and report itself ready', async () => {
      expect(await databaseExists(control.name)).toBe(true);
      const migrations = await adminQuery<{ name: string }>(
        'SELECT name FROM typeorm_migrations',
        [],
        control.name,
      );
      expect(migrations.map((m) => m.name)).toEqual([
        'CreateControlPlane1764500000000',
        'TenantBackups1764900000000',
        'TenantLifecycle1765300000000',
        'ReadOnlyLogins1765700000000',
      ]);
      await http.get('/health').expect(200, { status: 'ok' });
      const ready = await http.get('/readyz').expect(200);
      expect(ready.body.checks).toEqual({ database: 'up', 'provisioning-database': 'up' });
    });

    it('should publish its OpenAPI document', async () => {
      const docs = await http.get('/docs-json').expect(200);
      expect(docs.body.info.title).toBe('Tenant manager');
      expect(Object.keys(docs.body.paths)).toEqual(
        expect.arrayContaining([
          '/v1/tenants',
          '/v1/tenants/{id}',
          '/v1/tenants/{id}/clients',
          '/v1/tenants/{id}/associations/{service}/connections',
          '/v1/oauth/token',
          '/.well-known/jwks.json',
        ]),
      );
    });
  });

  describe('API keys', () => {
    const adminRoutes = (id: string) => [
      () => http.post('/v1/tenants').send({ id, name: 'Intruder' }),
      () => http.get('/v1/tenants'),
      () => http.get(`/v1/tenants/${id}`),
      () => http.patch(`/v1/tenants/${id}`).send({ status: 'suspended' }),
      () => http.delete(`/v1/tenants/${id}`),
      () => http.post(`/v1/tenants/${id}/clients`).send({ name: 'x' }),
    ];

    it('should answer 401 on every admin route without X-Admin-Key', async () => {
      for (const call of adminRoutes(uniqueTenantId('e2e-nokey'))) {
        const res = await call().expect(401);
        expect(res.body).toMatchObject({ code: 'TM-0007', title: 'API Key Missing' });
        expect(res.body.message).toContain('X-Admin-Key');
      }
    });

    it('should answer 401 on every admin route with a wrong key, the service key, or a near miss', async () => {
      const id = uniqueTenantId('e2e-badkey');
      for (const key of [
        'wrong',
        SERVICE_KEY,
        `${ADMIN_KEY}x`,
        ADMIN_KEY.slice(0, -1),
        ADMIN_KEY.toUpperCase(),
      ]) {
        for (const call of adminRoutes(id)) {
          const res = await call().set('X-Admin-Key', key).expect(401);
          expect(res.body.code).toBe('TM-0008');
        }
      }
      // The refused create touched nothing.
      await http.get(`/v1/tenants/${id}`).set('X-Admin-Key', ADMIN_KEY).expect(404);
      expect(await roleExists(`ledger_${id}`)).toBe(false);
    });

    it('should answer 401 on the connections route without X-API-Key, with a wrong one, or with the admin key', async () => {
      const path = `/v1/tenants/${uniqueTenantId('e2e-x')}/associations/ledger/connections`;
      expect((await http.get(path).expect(401)).body.code).toBe('TM-0007');
      for (const key of ['wrong', ADMIN_KEY, `${SERVICE_KEY}x`]) {
        expect((await http.get(path).set('X-API-Key', key).expect(401)).body.code).toBe('TM-0008');
      }
      // Either configured service key is accepted (the tenant does not exist: 404, not 401).
      await http.get(path).set('X-API-Key', 'another-service-key-000000').expect(404);
    });
  });

  describe('create', () => {
    it('should create tenant A with ledger=DATABASE, tracer=SCHEMA and reporter defaulting to SCHEMA', async () => {
      const res = await createTenant({
        id: A,
        name: 'Tenant A',
        isolation: { ledger: 'DATABASE', tracer: 'SCHEMA' },
      }).expect(201);
      createdA = res.body;
      expect(res.body).toEqual({
        id: A,
        name: 'Tenant A',
        status: 'active',
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
        services: {
          ledger: { isolationMode: 'DATABASE', database: `ledger_${A}`, status: 'provisioned' },
          tracer: {
            isolationMode: 'SCHEMA',
            database: 'tracer_tenants',
            schema: A,
            status: 'provisioned',
          },
          reporter: {
            isolationMode: 'SCHEMA',
            database: 'reporter_tenants',
            schema: A,
            status: 'provisioned',
          },
        },
        rabbitmq: { vhost: A, status: 'provisioned' },
      });
      expect(JSON.stringify(res.body).toLowerCase()).not.toContain('password');
    });

    it('should have created the database, schemas and least-privileged roles physically', async () => {
      expect(await databaseExists(`ledger_${A}`)).toBe(true);
      expect(await schemaExists('tracer_tenants', A)).toBe(true);
      expect(await schemaExists('reporter_tenants', A)).toBe(true);
      expect(await databaseExists(`tracer_${A}`)).toBe(false);

      const roles = await adminQuery<Record<string, unknown>>(
        `SELECT rolname, rolsuper, rolcreatedb, rolcreaterole, rolcanlogin, rolreplication, rolbypassrls
           FROM pg_roles WHERE rolname = ANY($1) ORDER BY rolname`,
        [[`ledger_${A}`, `tracer_${A}`, `reporter_${A}`]],
      );
      expect(roles).toHaveLength(3);
      for (const role of roles) {
        expect(role).toMatchObject({
          rolsuper: false,
          rolcreatedb: false,
          rolcreaterole: false,
          rolcanlogin: true,
          rolreplication: false,
          rolbypassrls: false,
        });
      }

      const [owner] = await adminQuery<{ owner: string }>(
        'SELECT pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = $1',
        [`ledger_${A}`],
      );
      expect(owner.owner).toBe(`ledger_${A}`);
      const [schemaOwner] = await adminQuery<{ owner: string }>(
        'SELECT pg_get_userbyid(nspowner) AS owner FROM pg_namespace WHERE nspname = $1',
        [A],
        'tracer_tenants',
      );
      expect(schemaOwner.owner).toBe(`tracer_${A}`);

      // The gateway holds no privilege of its own (NOINHERIT) but may switch to the tenant role.
      const [gateway] = await adminQuery<Record<string, unknown>>(
        `SELECT rolinherit, rolcanlogin, rolsuper,
                pg_has_role($2, $1, 'MEMBER') AS member,
                pg_has_role($2, $1, 'USAGE') AS inherits
           FROM pg_roles WHERE rolname = $2`,
        [`tracer_${A}`, tracerGateway],
      );
      expect(gateway).toEqual({
        rolinherit: false,
        rolcanlogin: true,
        rolsuper: false,
        member: true,
        inherits: false,
      });
    });

    it('should have created the RabbitMQ vhost, user and permissions', async () => {
      expect(await rabbitStatus(`/api/vhosts/${A}`)).toBe(200);
      expect(await rabbitStatus(`/api/users/tenant-${A}`)).toBe(200);
      expect(await rabbitStatus(`/api/permissions/${A}/tenant-${A}`)).toBe(200);
    });

    it('should create tenant B, and generate an id when none is given', async () => {
      await createTenant({ id: B, name: 'Tenant B', isolation: { ledger: 'DATABASE' } }).expect(
        201,
      );
      const generated = await http
        .post('/v1/tenants')
        .set('X-Admin-Key', ADMIN_KEY)
        .send({ name: 'No id' });
      if (generated.body.id) touched.add(generated.body.id);
      expect(generated.status).toBe(201);
      expect(generated.body.id).toMatch(/^t-[a-z0-9]{12}$/);
      expect(generated.body.services.ledger).toMatchObject({
        isolationMode: 'SCHEMA',
        schema: generated.body.id,
      });
      await http
        .delete(`/v1/tenants/${generated.body.id}`)
        .set('X-Admin-Key', ADMIN_KEY)
        .expect(204);
    });

    it.each([
      ['uppercase', 'Acme-Corp'],
      ['a double quote', 'acme"corp'],
      ['a quote that closes an identifier', 'x"; DROP DATABASE postgres; --'],
      ['a semicolon', 'acme;corp'],
      ['a dot', 'acme.corp'],
      ['a parent path', '..'],
      ['a slash', 'acme/corp'],
      ['an underscore', 'acme_corp'],
      ['a leading hyphen', '-acme'],
      ['too few characters', 'ab'],
      ['more than 63 characters', `a${'b'.repeat(63)}`],
      ['whitespace', 'acme corp'],
      ['an empty string', ''],
    ])('should refuse an id with %s: 400 TM-0001', async (_label, id) => {
      const res = await createTenant({ id, name: 'Bad' }).expect(400);
      expect(res.body).toMatchObject({ code: 'TM-0001', title: 'Invalid Tenant Id' });
      expect(res.body.fields).toHaveProperty('id');
    });

    it('should refuse a reserved id (it would name shared objects): 400 TM-0002', async () => {
      for (const id of ['public', 'tenants', 'gateway']) {
        const res = await createTenant({ id, name: 'Reserved' }).expect(400);
        expect(res.body.code).toBe('TM-0002');
      }
    });

    it('should refuse a non-string id and bad bodies with the platform codes', async () => {
      expect((await createTenant({ id: 42, name: 'x' }).expect(400)).body.code).toBe('0047');
      expect((await createTenant({ id: uniqueTenantId('e2e-n') }).expect(400)).body.code).toBe(
        '0009',
      );
      const badMode = await createTenant({ name: 'x', isolation: { ledger: 'TABLE' } }).expect(400);
      expect(badMode.body.code).toBe('0047');
      expect(badMode.body.fields).toHaveProperty(['isolation.ledger']);
      expect(
        (await createTenant({ name: 'x', isolation: { mongo: 'DATABASE' } }).expect(400)).body.code,
      ).toBe('0053');
      expect((await createTenant({ name: 'x', plan: 'gold' }).expect(400)).body.code).toBe('0053');
    });

    it('should answer 409 TM-0003 to a duplicate id and leave the existing tenant intact', async () => {
      const res = await createTenant({
        id: A,
        name: 'Again',
        isolation: { ledger: 'SCHEMA' },
      }).expect(409);
      expect(res.body.code).toBe('TM-0003');
      expect(await databaseExists(`ledger_${A}`)).toBe(true);
      expect(await roleExists(`ledger_${A}`)).toBe(true);
      expect(await rabbitStatus(`/api/vhosts/${A}`)).toBe(200);
      const read = await http.get(`/v1/tenants/${A}`).set('X-Admin-Key', ADMIN_KEY).expect(200);
      expect(read.body).toEqual(createdA);
    });
  });

  describe('isolation between tenants', () => {
    it("should not let a tenant's role connect to another tenant's database", async () => {
      const own = await connectAs(`ledger_${A}`, `ledger_${A}`);
      try {
        // Its own database: it owns the public schema and may create tables there.
        await own.query('CREATE TABLE isolation_probe (id int)');
        await own.query('DROP TABLE isolation_probe');
      } finally {
        await own.end();
      }
      for (const [role, database] of [
        [`ledger_${A}`, `ledger_${B}`],
        [`ledger_${B}`, `ledger_${A}`],
        [`tracer_${A}`, `ledger_${A}`],
        [tracerGateway, `ledger_${A}`],
      ]) {
        const error = await failureOf(connectAs(role, database));
        expect(error.code).toBe('42501');
        expect(error.message).toContain('permission denied for database');
      }
    });

    it('should confine a SCHEMA-mode tenant to its schema, even through the shared gateway login', async () => {
      const gateway = await connectAs(tracerGateway, 'tracer_tenants');
      try {
        await gateway.query('BEGIN');
        await gateway.query(`SET LOCAL ROLE "tracer_${A}"`);
        await gateway.query(`SET LOCAL search_path TO "${A}"`);
        await gateway.query('CREATE TABLE secrets (value text)');
        await gateway.query(`INSERT INTO secrets VALUES ('only for A')`);
        await gateway.query('COMMIT');

        // Tenant B's role, on the same pooled connection, cannot even see A's schema.
        await gateway.query('BEGIN');
        await gateway.query(`SET LOCAL ROLE "tracer_${B}"`);
        const crossTenant = await failureOf(gateway.query(`SELECT * FROM "${A}".secrets`));
        expect(crossTenant.code).toBe('42501');
        await gateway.query('ROLLBACK');

        // SET LOCAL ended with the transaction: the gateway alone has no access either.
        const [{ current_user: currentUser }] = (await gateway.query('SELECT current_user')).rows;
        expect(currentUser).toBe(tracerGateway);
        expect((await failureOf(gateway.query(`SELECT * FROM "${A}".secrets`))).code).toBe('42501');
      } finally {
        await gateway.end();
      }

      const direct = await connectAs(`tracer_${A}`, 'tracer_tenants');
      try {
        expect((await direct.query(`SELECT value FROM "${A}".secrets`)).rows).toEqual([
          { value: 'only for A' },
        ]);
        // Nobody may use the shared public schema to pass data between tenants.
        expect((await failureOf(direct.query('CREATE TABLE public.drop_box (x int)'))).code).toBe(
          '42501',
        );
      } finally {
        await direct.end();
      }
    });
  });

  describe('read and update', () => {
    it('should read a tenant back and list tenants without passwords', async () => {
      const read = await http.get(`/v1/tenants/${A}`).set('X-Admin-Key', ADMIN_KEY).expect(200);
      expect(read.body).toEqual(createdA);

      const list = await http
        .get('/v1/tenants?limit=100')
        .set('X-Admin-Key', ADMIN_KEY)
        .expect(200);
      expect(list.body).toMatchObject({ page: 1, limit: 100 });
      const ids = list.body.items.map((t: { id: string }) => t.id);
      expect(ids).toEqual(expect.arrayContaining([A, B]));
      expect(JSON.stringify(list.body).toLowerCase()).not.toContain('password');

      const first = await http.get('/v1/tenants?limit=1').set('X-Admin-Key', ADMIN_KEY).expect(200);
      expect(first.body.items).toHaveLength(1);
    });

    it('should answer 404 0160 for an unknown tenant and 400 TM-0001 for a malformed path id', async () => {
      const missing = await http
        .get(`/v1/tenants/${uniqueTenantId('e2e-none')}`)
        .set('X-Admin-Key', ADMIN_KEY)
        .expect(404);
      expect(missing.body.code).toBe('0160');
      expect(
        (await http.get('/v1/tenants/Bad.Id').set('X-Admin-Key', ADMIN_KEY).expect(400)).body.code,
      ).toBe('TM-0001');
    });

    it('should rename a tenant and validate PATCH bodies', async () => {
      const renamed = await http
        .patch(`/v1/tenants/${A}`)
        .set('X-Admin-Key', ADMIN_KEY)
        .send({ name: 'Tenant A2' })
        .expect(200);
      expect(renamed.body).toMatchObject({ id: A, name: 'Tenant A2', status: 'active' });
      expect(Date.parse(renamed.body.updatedAt)).toBeGreaterThanOrEqual(
        Date.parse(String(createdA.updatedAt)),
      );
      expect(
        (await http.patch(`/v1/tenants/${A}`).set('X-Admin-Key', ADMIN_KEY).send({}).expect(400))
          .body.code,
      ).toBe('0009');
      expect(
        (
          await http
            .patch(`/v1/tenants/${A}`)
            .set('X-Admin-Key', ADMIN_KEY)
            .send({ status: 'deleted' })
            .expect(400)
        ).body.code,
      ).toBe('0047');
      await http
        .patch(`/v1/tenants/${uniqueTenantId('e2e-none')}`)
        .set('X-Admin-Key', ADMIN_KEY)
        .send({ status: 'suspended' })
        .expect(404);
    });
  });

  describe('connections', () => {
    it('should give a DATABASE-mode service its own database and credentials, and the vhost', async () => {
      const res = await connections(A, 'ledger').expect(200);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.body).toEqual({
        id: A,
        status: 'active',
        service: 'ledger',
        isolationMode: 'DATABASE',
        postgresql: {
          host: '127.0.0.1',
          port: 5432,
          database: `ledger_${A}`,
          username: `ledger_${A}`,
          password: expect.stringMatching(/^[0-9a-f]{64}$/),
        },
        rabbitmq: {
          host: '127.0.0.1',
          port: 5672,
          vhost: A,
          username: `tenant-${A}`,
          password: expect.stringMatching(/^[0-9a-f]{64}$/),
        },
      });
      const { postgresql } = res.body;
      const client = await connectAs(postgresql.username, postgresql.database, postgresql.password);
      try {
        expect((await client.query('SELECT current_database() AS db')).rows[0].db).toBe(
          `ledger_${A}`,
        );
      } finally {
        await client.end();
      }
    });

    it('should give a SCHEMA-mode service the shared database, its schema, its role and the gateway', async () => {
      const res = await connections(A, 'tracer').expect(200);
      expect(res.body).toEqual({
        id: A,
        status: 'active',
        service: 'tracer',
        isolationMode: 'SCHEMA',
        postgresql: {
          host: '127.0.0.1',
          port: 5432,
          database: 'tracer_tenants',
          schema: A,
          username: `tracer_${A}`,
          password: expect.stringMatching(/^[0-9a-f]{64}$/),
          gateway: {
            username: tracerGateway,
            password: expect.stringMatching(/^[0-9a-f]{64}$/),
          },
        },
        rabbitmq: expect.objectContaining({ vhost: A, username: `tenant-${A}` }),
      });
      const ledger = await connections(A, 'ledger').expect(200);
      expect(res.body.postgresql.password).not.toBe(ledger.body.postgresql.password);
      // Every SCHEMA-mode tenant of a service shares one gateway login (one pool).
      const other = await connections(B, 'tracer').expect(200);
      expect(other.body.postgresql.gateway).toEqual(res.body.postgresql.gateway);
      expect(other.body.postgresql.username).toBe(`tracer_${B}`);
    });

    it("should hand out RabbitMQ credentials that open the tenant's vhost and no other", async () => {
      const a = (await connections(A, 'reporter').expect(200)).body.rabbitmq;
      const url = (vhost: string) =>
        `amqp://${encodeURIComponent(a.username)}:${a.password}@${a.host}:${a.port}/${encodeURIComponent(vhost)}`;
      const connection = await amqpConnect(url(A));
      await connection.close();
      await expect(amqpConnect(url(B))).rejects.toThrow();
      await expect(amqpConnect(url('/'))).rejects.toThrow();
    });

    it("should rotate a tenant's RabbitMQ password: the old one is refused, the new one served", async () => {
      const before = (await connections(A, 'ledger').expect(200)).body.rabbitmq;
      const url = (r: { username: string; password: string; host: string; port: number }) =>
        `amqp://${encodeURIComponent(r.username)}:${r.password}@${r.host}:${r.port}/${encodeURIComponent(A)}`;
      const open = await amqpConnect(url(before)); // opened before the rotation
      const rotated = await http
        .post(`/v1/tenants/${A}/rabbitmq/rotate-credentials`)
        .set('X-Admin-Key', ADMIN_KEY)
        .expect(200);
      expect(rotated.body).toEqual({
        tenantId: A,
        vhost: A,
        username: `tenant-${A}`,
        rotatedAt: expect.any(String),
      });
      expect(JSON.stringify(rotated.body)).not.toContain(before.password);
      for (const service of ['ledger', 'tracer', 'reporter']) {
        const after = (await connections(A, service).expect(200)).body.rabbitmq;
        expect(after.password).not.toBe(before.password);
        expect(after.username).toBe(before.username);
      }
      const after = (await connections(A, 'ledger').expect(200)).body.rabbitmq;
      await expect(amqpConnect(url(before))).rejects.toThrow();
      const fresh = await amqpConnect(url(after));
      await fresh.close();
      // A connection opened before the rotation is not cut off.
      const channel = await open.createChannel();
      await channel.close();
      await open.close();
      expect(
        (
          await http
            .post(`/v1/tenants/${uniqueTenantId('e2e-none')}/rabbitmq/rotate-credentials`)
            .set('X-Admin-Key', ADMIN_KEY)
            .expect(404)
        ).body.code,
      ).toBe('0160');
      await http.post(`/v1/tenants/${A}/rabbitmq/rotate-credentials`).expect(401);
    });

    it('should answer 404 for an unknown tenant or service', async () => {
      expect((await connections(uniqueTenantId('e2e-none'), 'ledger').expect(404)).body.code).toBe(
        '0160',
      );
      expect((await connections(A, 'mongodb').expect(404)).body.code).toBe('TM-0004');
      expect((await connections('Not.Valid', 'ledger').expect(400)).body.code).toBe('TM-0001');
    });

    it('should answer 403 0159 while the tenant is suspended, and serve it again once reactivated', async () => {
      const suspended = await http
        .patch(`/v1/tenants/${A}`)
        .set('X-Admin-Key', ADMIN_KEY)
        .send({ status: 'suspended' })
        .expect(200);
      expect(suspended.body.status).toBe('suspended');
      for (const service of ['ledger', 'tracer', 'reporter']) {
        const res = await connections(A, service).expect(403);
        expect(res.body.code).toBe('0159');
        expect(JSON.stringify(res.body)).not.toContain('password');
      }
      // Other tenants are unaffected.
      await connections(B, 'ledger').expect(200);

      await http
        .patch(`/v1/tenants/${A}`)
        .set('X-Admin-Key', ADMIN_KEY)
        .send({ status: 'active' })
        .expect(200);
      expect((await connections(A, 'ledger').expect(200)).body.status).toBe('active');
    });
  });

  describe('failure part-way through provisioning', () => {
    const C = uniqueTenantId('e2e-c');
    const squatter = `reporter_${C}`;

    afterAll(async () => {
      await adminQuery(`DROP ROLE IF EXISTS "${squatter}"`);
    });

    it('should roll back every object it created, keep what was not its own, and record no tenant', async () => {
      // A role of the name reporter provisioning needs, created by someone else: provisioning
      // gets through RabbitMQ, ledger and tracer first, then fails on it.
      await adminQuery(`CREATE ROLE "${squatter}" NOLOGIN`);
      const res = await createTenant({
        id: C,
        name: 'Tenant C',
        isolation: { ledger: 'DATABASE', tracer: 'DATABASE', reporter: 'SCHEMA' },
      }).expect(409);
      expect(res.body.code).toBe('TM-0005');
      expect(res.body.message).toContain(squatter);

      await http.get(`/v1/tenants/${C}`).set('X-Admin-Key', ADMIN_KEY).expect(404);
      await connections(C, 'ledger').expect(404);
      expect(await databaseExists(`ledger_${C}`)).toBe(false);
      expect(await databaseExists(`tracer_${C}`)).toBe(false);
      expect(await roleExists(`ledger_${C}`)).toBe(false);
      expect(await roleExists(`tracer_${C}`)).toBe(false);
      expect(await schemaExists('reporter_tenants', C)).toBe(false);
      expect(await rabbitStatus(`/api/vhosts/${C}`)).toBe(404);
      expect(await rabbitStatus(`/api/users/tenant-${C}`)).toBe(404);
      // Not ours: untouched.
      expect(await roleExists(squatter)).toBe(true);
      const rows = await adminQuery('SELECT 1 FROM tenants WHERE id = $1', [C], control.name);
      expect(rows).toHaveLength(0);
    });

    it('should then provision the same id cleanly once the obstacle is gone', async () => {
      await adminQuery(`DROP ROLE "${squatter}"`);
      await createTenant({
        id: C,
        name: 'Tenant C',
        isolation: { ledger: 'DATABASE', tracer: 'DATABASE' },
      }).expect(201);
      expect(await databaseExists(`tracer_${C}`)).toBe(true);
      await http.delete(`/v1/tenants/${C}`).set('X-Admin-Key', ADMIN_KEY).expect(204);
      expect(await databaseExists(`tracer_${C}`)).toBe(false);
    });
  });

  describe('RabbitMQ management API unreachable', () => {
    let unreachable: INestApplication;
    const D = uniqueTenantId('e2e-d');

    beforeAll(async () => {
      // A second instance on the same control plane, pointed at a port where nothing listens.
      unreachable = await bootTenantManager({
        DATABASE_URL: control.url,
        RABBITMQ_MANAGEMENT_URL: 'http://guest:guest@127.0.0.1:1',
      });
    });

    afterAll(async () => {
      await unreachable?.close();
    });

    it('should still provision PostgreSQL, and report the vhost as skipped, never silently', async () => {
      touched.add(D);
      const res = await request(unreachable.getHttpServer())
        .post('/v1/tenants')
        .set('X-Admin-Key', ADMIN_KEY)
        .send({ id: D, name: 'Tenant D' })
        .expect(201);
      expect(res.body.rabbitmq.vhost).toBe(D);
      expect(res.body.rabbitmq.status).toMatch(
        /^skipped: RabbitMQ management API at http:\/\/127\.0\.0\.1:1 is unreachable/,
      );
      expect(await rabbitStatus(`/api/vhosts/${D}`)).toBe(404);
      expect(await schemaExists('ledger_tenants', D)).toBe(true);

      // Visible through the first instance too (same control plane); no rabbitmq block.
      const read = await http.get(`/v1/tenants/${D}`).set('X-Admin-Key', ADMIN_KEY).expect(200);
      expect(read.body.rabbitmq).toEqual(res.body.rabbitmq);
      const conn = await connections(D, 'ledger').expect(200);
      expect(conn.body).not.toHaveProperty('rabbitmq');
      expect(conn.body.postgresql.schema).toBe(D);

      await request(unreachable.getHttpServer())
        .delete(`/v1/tenants/${D}`)
        .set('X-Admin-Key', ADMIN_KEY)
        .expect(204);
      expect(await schemaExists('ledger_tenants', D)).toBe(false);
    });
  });

  describe('delete', () => {
    it('should remove the databases, schemas, roles, vhost and user, even while in use, then answer 404', async () => {
      // Work in flight on both kinds of placement: a shared-pool connection switched to A's role
      // holding a lock in A's schema, and a session of A's own role inside A's database.
      const pooled = await connectAs(tracerGateway, 'tracer_tenants');
      const dedicated = await connectAs(`ledger_${A}`, `ledger_${A}`);
      try {
        await pooled.query('BEGIN');
        await pooled.query(`SET LOCAL ROLE "tracer_${A}"`);
        await pooled.query(`LOCK TABLE "${A}".secrets`);
        await dedicated.query('BEGIN');
        await dedicated.query('CREATE TABLE in_flight (id int)');

        await http.delete(`/v1/tenants/${A}`).set('X-Admin-Key', ADMIN_KEY).expect(204);

        // Their sessions were ended, as DROP DATABASE ... WITH (FORCE) does.
        expect((await failureOf(pooled.query('SELECT 1'))).message).toBeTruthy();
        expect((await failureOf(dedicated.query('SELECT 1'))).message).toBeTruthy();
      } finally {
        // Never leave a lock behind for the cleanup to wait on.
        await pooled.end().catch(() => undefined);
        await dedicated.end().catch(() => undefined);
      }

      expect(await databaseExists(`ledger_${A}`)).toBe(false);
      expect(await schemaExists('tracer_tenants', A)).toBe(false);
      expect(await schemaExists('reporter_tenants', A)).toBe(false);
      for (const service of ['ledger', 'tracer', 'reporter']) {
        expect(await roleExists(`${service}_${A}`)).toBe(false);
        expect((await connections(A, service).expect(404)).body.code).toBe('0160');
      }
      expect(await rabbitStatus(`/api/vhosts/${A}`)).toBe(404);
      expect(await rabbitStatus(`/api/users/tenant-${A}`)).toBe(404);
      await http.get(`/v1/tenants/${A}`).set('X-Admin-Key', ADMIN_KEY).expect(404);
      await http.delete(`/v1/tenants/${A}`).set('X-Admin-Key', ADMIN_KEY).expect(404);

      // Tenant B and the shared gateway are untouched.
      await connections(B, 'tracer').expect(200);
      expect(await roleExists(tracerGateway)).toBe(true);
    });

    it('should delete tenant B as well', async () => {
      await http.delete(`/v1/tenants/${B}`).set('X-Admin-Key', ADMIN_KEY).expect(204);
      expect(await databaseExists(`ledger_${B}`)).toBe(false);
      expect(await roleExists(`tracer_${B}`)).toBe(false);
      const remaining = await adminQuery('SELECT id FROM tenants', [], control.name);
      expect(remaining).toEqual([]);
    });
  });
});
