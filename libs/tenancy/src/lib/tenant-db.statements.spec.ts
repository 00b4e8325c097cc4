import { randomBytes } from 'node:crypto';
import type { TenantConnections } from '@finplat/contracts';
import { DomainError, PlatformErrors } from '@finplat/platform';
import { adminQuery, createTestDatabase, type TestDatabase } from '@finplat/testing';
import type { EntityManager } from 'typeorm';
import { postgresSettingsFromUrl } from './static-tenant.source';
import { TenantContext } from './tenant-context';
import { TenantDataSources } from './tenant-data-sources';
import { TenantDb } from './tenant-db';
import { TenantMigrator } from './tenant-migrator';

// Integration with a real PostgreSQL: SCHEMA-mode statements sent with their tenant's session
// settings in one message (decision 0013) are confined exactly as transactions are.
describe('TenantDb.statements in SCHEMA mode (PostgreSQL)', () => {
  const suffix = randomBytes(3).toString('hex');
  const gateway = `gw_${suffix}`;
  const roleOf = (tenant: string) => `tn_${tenant}_${suffix}`;
  let database: TestDatabase;
  let pools: TenantDataSources;
  let db: TenantDb;

  const schemaTenant = (tenant: string): TenantConnections => {
    const settings = postgresSettingsFromUrl(database.url);
    return {
      id: tenant,
      status: 'active',
      service: 'ledger',
      isolationMode: 'SCHEMA',
      postgresql: {
        ...settings,
        schema: tenant,
        username: roleOf(tenant),
        password: '',
        gateway: { username: gateway, password: '' },
        // One connection: every statement below reuses the one the previous statement used.
        maxConnections: 1,
      },
    };
  };
  const as = <T>(tenant: string, work: () => Promise<T>) =>
    TenantContext.run({ tenantId: tenant, connections: schemaTenant(tenant) }, work);
  const query = <R>(tenant: string, sql: string, params?: unknown[]) =>
    as(tenant, () => db.statements((s) => s.query<R>(sql, params)));

  beforeAll(async () => {
    database = await createTestDatabase('stmt_schema');
    await adminQuery(`CREATE ROLE ${gateway} LOGIN NOINHERIT`);
    for (const tenant of ['alpha', 'beta']) {
      await adminQuery(`CREATE ROLE ${roleOf(tenant)} NOLOGIN`);
      await adminQuery(`GRANT ${roleOf(tenant)} TO ${gateway}`);
      await adminQuery(
        `CREATE SCHEMA ${tenant} AUTHORIZATION ${roleOf(tenant)};
         SET ROLE ${roleOf(tenant)};
         CREATE TABLE ${tenant}.note (id int PRIMARY KEY, body text NOT NULL);
         INSERT INTO ${tenant}.note VALUES (1, 'note of ${tenant}');`,
        [],
        database.name,
      );
    }
    await adminQuery(`GRANT CONNECT ON DATABASE "${database.name}" TO ${gateway}`);
    pools = new TenantDataSources({
      entities: [],
      maxPools: 4,
      idleTimeoutSec: 60,
      applicationName: `stmt_${suffix}`,
    });
    db = new TenantDb(pools, new TenantMigrator('ledger', []));
  });

  afterAll(async () => {
    await pools?.closeAll();
    await database?.drop();
    for (const role of [gateway, roleOf('alpha'), roleOf('beta')]) {
      await adminQuery(`DROP ROLE IF EXISTS ${role}`);
    }
  });

  it("should read the tenant's own table as the tenant's role", async () => {
    const rows = await query<{ body: string; who: string }[]>(
      'alpha',
      'SELECT body, current_user::text AS who FROM note WHERE id = $1',
      [1],
    );
    expect(rows).toEqual([{ body: 'note of alpha', who: roleOf('alpha') }]);
    const beta = await query<{ body: string }[]>('beta', 'SELECT body FROM note');
    expect(beta).toEqual([{ body: 'note of beta' }]);
  });

  it("should refuse another tenant's schema even when named outright", async () => {
    await expect(query('alpha', 'SELECT body FROM beta.note')).rejects.toMatchObject({
      code: '42501',
    });
  });

  it('should leave nothing of the session on the pooled connection', async () => {
    await query('alpha', 'SELECT 1');
    // The same single connection, used outside any tenant's settings.
    const [state] = await pools.use(schemaTenant('alpha'), (ds) =>
      ds.query(
        `SELECT current_user::text AS who, current_setting('search_path') AS path,
                pg_backend_pid() AS pid`,
      ),
    );
    expect(state.who).toBe(gateway);
    expect(state.path).not.toContain('alpha');
    const [again] = await query<{ pid: number }[]>('beta', 'SELECT pg_backend_pid() AS pid');
    expect(again.pid).toBe(state.pid);
  });

  it('should run CREATE INDEX CONCURRENTLY in a session confined to the tenant, then reset it', async () => {
    const pid = await as('alpha', () =>
      db.session(async (sql) => {
        await sql.query('CREATE INDEX CONCURRENTLY IF NOT EXISTS note_body_idx ON note (body)');
        const [who] = await sql.query<{ who: string; pid: number }[]>(
          'SELECT current_user::text AS who, pg_backend_pid() AS pid',
        );
        expect(who.who).toBe(roleOf('alpha'));
        return who.pid;
      }),
    );
    const indexes = await adminQuery<{ schemaname: string }>(
      `SELECT schemaname FROM pg_indexes WHERE indexname = 'note_body_idx'`,
      [],
      database.name,
    );
    expect(indexes).toEqual([{ schemaname: 'alpha' }]);
    const [state] = await pools.use(schemaTenant('alpha'), (ds) =>
      ds.query(
        `SELECT current_user::text AS who, current_setting('search_path') AS path, pg_backend_pid() AS pid`,
      ),
    );
    expect(state).toMatchObject({ who: gateway, pid });
    expect(state.path).not.toContain('alpha');
    await expect(as('beta', () => db.transaction(() => db.session(async () => 1)))).rejects.toThrow(
      /inside a transaction/,
    );
  });

  it('should write nothing when the statement fails', async () => {
    await expect(
      query(
        'alpha',
        `WITH added AS (INSERT INTO note VALUES ($1, $2) RETURNING id) SELECT id / 0 FROM added`,
        [2, 'never'],
      ),
    ).rejects.toMatchObject({ code: '22012' });
    const rows = await query<{ n: number }[]>('alpha', 'SELECT count(*)::int AS n FROM note');
    expect(rows).toEqual([{ n: 1 }]);
  });

  it('should carry every kind of parameter exactly as the extended protocol does', async () => {
    const values: unknown[] = [
      "it's",
      'back\\slash and \\x00 text',
      '{"quote":"a\\"b","nested":{"k":"v\'"}}',
      ['plain', 'with "quotes"', 'with \\ backslash', "with ' apostrophe", null, ''],
      '123456789012345678901234567890.123456789',
      new Date('2026-11-28T10:11:12.345Z'),
      null,
      Buffer.from([0, 1, 2, 254, 255]),
      42,
      true,
      { amount: '1.50', memo: 'o\'neil \\ "x"' },
    ];
    const sql = `SELECT $1::text AS a, $2::text AS b, $3::jsonb AS c, $4::text[] AS d,
                        $5::numeric::text AS e, $6::timestamptz AS f, $7::text AS g,
                        $8::bytea AS h, $9::int AS i, $10::boolean AS j, $11::jsonb AS k`;
    // The same statement, parameters bound, on a DATABASE-mode pool of the same database.
    const direct: TenantConnections = {
      ...schemaTenant('alpha'),
      isolationMode: 'DATABASE',
      postgresql: postgresSettingsFromUrl(database.url),
    };
    const extended = await pools.use(direct, (ds) => ds.query(sql, values));
    const inlined = await query('alpha', sql, values);
    expect(inlined).toEqual(extended);
    expect((inlined as { e: string }[])[0].e).toBe('123456789012345678901234567890.123456789');
    expect((inlined as { d: unknown[] }[])[0].d).toEqual(values[3]);
  });

  it('should refuse a placeholder without a parameter', async () => {
    await expect(query('alpha', 'SELECT $1::int, $2::int', [1])).rejects.toThrow(/\$2/);
  });

  // The server ends a session that sits idle inside a transaction (DROP DATABASE ... WITH
  // (FORCE) of a deleted tenant, a restart): TypeORM releases the runner on the connection's
  // error event, and the work's next statement fails with QueryRunnerAlreadyReleasedError.
  // That is the dependency fault (503, retry safe), never a 500 (a CI flake in tenant deletion).
  it.each([
    ['the EntityManager', (manager: EntityManager) => manager.query('SELECT 1')],
    ['TenantDb.statements', () => db.statements((sql) => sql.query('SELECT 1'))],
  ])(
    'should answer 503 when the server ends the session between two statements of a transaction (next one through %s)',
    async (_through, nextStatement) => {
      const failure = await as('alpha', () =>
        db.transaction(async (manager) => {
          const [{ pid }] = (await manager.query('SELECT pg_backend_pid() AS pid')) as {
            pid: number;
          }[];
          await adminQuery('SELECT pg_terminate_backend($1)', [pid]);
          for (let i = 0; i < 100 && !manager.queryRunner?.isReleased; i++) {
            await new Promise((resolve) => setTimeout(resolve, 20));
          }
          expect(manager.queryRunner?.isReleased).toBe(true);
          await nextStatement(manager);
        }),
      ).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(DomainError);
      expect((failure as DomainError).code).toBe(PlatformErrors.DEPENDENCY_UNAVAILABLE.code);
      // The pool serves the next unit of work on a fresh connection.
      expect(await query('alpha', 'SELECT body FROM note WHERE id = $1', [1])).toEqual([
        { body: 'note of alpha' },
      ]);
    },
  );
});
