import type { TenantConnections } from '@finplat/contracts';
import { DomainError, PlatformErrors } from '@finplat/platform';
import type { TenantConnectionsSource } from './tenant-connections.source';
import { TenantContext } from './tenant-context';
import type { TenantDataSources } from './tenant-data-sources';
import { TenantDb } from './tenant-db';
import type { TenantMigrator } from './tenant-migrator';

const connections = {
  id: 'acme',
  isolationMode: 'DATABASE',
  postgresql: {
    host: 'db',
    port: 5432,
    database: 'ledger_acme',
    username: 'ledger_acme',
    password: 'a',
  },
} as TenantConnections;

const moved = {
  ...connections,
  postgresql: { ...connections.postgresql, password: 'rotated' },
} as TenantConnections;
const gatewayTenant = {
  id: 'acme',
  isolationMode: 'SCHEMA',
  postgresql: {
    host: 'db',
    port: 5432,
    database: 'ledger_tenants',
    schema: 'acme',
    username: 'ledger_acme',
    password: 'p',
    gateway: { username: 'ledger_gateway', password: 'g' },
  },
} as unknown as TenantConnections;

function setup(
  failure: { code?: string; message: string },
  refetch: () => Promise<TenantConnections> = async () => moved,
  held: TenantConnections = connections,
) {
  const dataSources = {
    use: jest
      .fn()
      .mockRejectedValue(Object.assign(new Error(failure.message), { code: failure.code })),
    retire: jest.fn().mockResolvedValue(undefined),
  } as unknown as TenantDataSources;
  const migrator = { forget: jest.fn() } as unknown as TenantMigrator;
  const source = {
    invalidate: jest.fn(),
    get: jest.fn(refetch),
  } as unknown as TenantConnectionsSource;
  const db = new TenantDb(dataSources, migrator, source);
  const run = () =>
    TenantContext.run({ tenantId: 'acme', connections: held }, () =>
      db.transaction(async () => 'never'),
    );
  return { run, dataSources, source };
}

describe('TenantDb when a tenant moved under it', () => {
  it.each([
    ['3D000', 'database "ledger_acme" does not exist'],
    ['28P01', 'password authentication failed'],
    ['28000', 'role "ledger_acme" is not permitted to log in'],
    ['3F000', 'schema "acme" does not exist'],
    ['42P01', 'relation "organization" does not exist'],
    ['42704', 'role "ledger_acme" does not exist'],
    ['22023', 'role "ledger_acme" does not exist'],
    ['42501', 'permission denied to set role "tn_acme_ledger"'],
  ])(
    'should refetch the settings and answer 503 0161 with Retry-After on %s',
    async (code, message) => {
      const { run, dataSources, source } = setup({ code, message });
      const error = (await run().catch((e: unknown) => e)) as DomainError;
      expect(error).toBeInstanceOf(DomainError);
      expect(error.code).toBe('0161');
      expect(error.details.retryAfterSec).toBe(1);
      expect(source.invalidate).toHaveBeenCalledWith('acme');
      expect(source.get).toHaveBeenCalledWith('acme');
      expect(dataSources.retire).toHaveBeenCalledWith(connections);
    },
  );

  it('should answer 404 0160 and close the pool when the refetch says the tenant was deleted', async () => {
    const { run, dataSources } = setup({ code: '3D000', message: 'gone' }, async () => {
      throw new DomainError(PlatformErrors.TENANT_NOT_FOUND, 'Tenant acme does not exist.');
    });
    const error = (await run().catch((e: unknown) => e)) as DomainError;
    expect(error.code).toBe('0160');
    expect(dataSources.retire).toHaveBeenCalledWith(connections);
  });

  it("should answer 404 0160 for a deleted SCHEMA tenant but keep its database's shared gateway pool", async () => {
    const { run, dataSources } = setup(
      { code: '22023', message: 'role "ledger_acme" does not exist' },
      async () => {
        throw new DomainError(PlatformErrors.TENANT_NOT_FOUND, 'Tenant acme does not exist.');
      },
      gatewayTenant,
    );
    const error = (await run().catch((e: unknown) => e)) as DomainError;
    expect(error.code).toBe('0160');
    expect(dataSources.retire).not.toHaveBeenCalled();
  });

  it('should answer 503 when tenant-manager cannot be asked either', async () => {
    const { run } = setup({ code: '42P01', message: 'relation "x" does not exist' }, async () => {
      throw new Error('connect ECONNREFUSED');
    });
    const error = (await run().catch((e: unknown) => e)) as DomainError;
    expect(error.code).toBe('0161');
  });

  it.each([
    ['57P01', 'terminating connection due to administrator command'],
    [undefined, 'Connection terminated unexpectedly'],
  ])(
    'should leave a session ended under the query (%s) to the dependency-fault answer, without a refetch',
    async (code, message) => {
      const { run, source } = setup({ code, message });
      const error = (await run().catch((e: unknown) => e)) as DomainError;
      expect(error.code).toBe(PlatformErrors.DEPENDENCY_UNAVAILABLE.code);
      expect(source.get).not.toHaveBeenCalled();
    },
  );

  it('should pass other errors through untouched', async () => {
    const { run, source } = setup({ code: '42501', message: 'permission denied for table x' });
    await expect(run()).rejects.toThrow('permission denied for table x');
    expect(source.invalidate).not.toHaveBeenCalled();
  });

  it('should not take an invalid parameter that is not about a role for a vanished tenant', async () => {
    const { run, source } = setup({ code: '22023', message: 'invalid value for parameter' });
    await expect(run()).rejects.toThrow('invalid value for parameter');
    expect(source.invalidate).not.toHaveBeenCalled();
  });
});

describe('TenantDb.statements and transaction', () => {
  function fakeDataSource() {
    const sent: string[] = [];
    // A transaction's manager; its runner answers structured results, as TypeORM's does.
    const txManager = {
      queryRunner: {
        query: jest.fn(async (text: string, params: unknown[], structured?: boolean) => {
          sent.push(`${text} ${JSON.stringify(params)} structured=${structured}`);
          return { records: [{ answer: 'in the transaction' }], raw: [[], 1] };
        }),
      },
    };
    const runner: Record<string, unknown> = {
      query: jest.fn(async (text: string) => {
        sent.push(text);
        return [];
      }),
      release: jest.fn().mockResolvedValue(undefined),
    };
    runner.manager = {
      // As TypeORM does: START TRANSACTION through the runner, the work, COMMIT.
      transaction: async (work: (m: unknown) => Promise<unknown>) => {
        await (runner.query as (q: string) => Promise<unknown>)('START TRANSACTION');
        const result = await work(txManager);
        await (runner.query as (q: string) => Promise<unknown>)('COMMIT');
        return result;
      },
    };
    // The pool itself (node-postgres), which statements() use directly.
    const pool = {
      query: jest.fn(async (text: string, params?: unknown[]) => {
        sent.push(params ? `${text} ${JSON.stringify(params)}` : text);
        return text.includes(';')
          ? [{ rows: [] }, { rows: [] }, { rows: [{ answer: 'last' }] }]
          : { rows: [{ answer: 'only' }] };
      }),
    };
    const dataSource = { driver: { master: pool }, createQueryRunner: jest.fn(() => runner) };
    const dataSources = {
      use: jest.fn(async (_c: unknown, work: (ds: unknown) => Promise<unknown>) =>
        work(dataSource),
      ),
    } as unknown as TenantDataSources;
    const migrator = {
      ensure: jest.fn().mockResolvedValue(undefined),
    } as unknown as TenantMigrator;
    return {
      db: new TenantDb(dataSources, migrator),
      dataSource,
      runner,
      txManager,
      sent,
    };
  }

  const schemaTenant = {
    id: 'acme',
    isolationMode: 'SCHEMA',
    postgresql: { schema: 'acme', username: 'tn_acme_ledger', gateway: true },
  } as unknown as TenantConnections;

  it('should run the statements on their own, without a transaction, for a tenant database', async () => {
    const { db, dataSource, sent } = fakeDataSource();
    const own = { id: 'acme', isolationMode: 'DATABASE', postgresql: {} } as TenantConnections;
    const rows = await TenantContext.run({ tenantId: 'acme', connections: own }, () =>
      db.statements((sql) => sql.query('SELECT $1::int AS answer', [42])),
    );
    expect(rows).toEqual([{ answer: 'only' }]);
    expect(sent).toEqual(['SELECT $1::int AS answer [42]']);
    expect(dataSource.createQueryRunner).not.toHaveBeenCalled();
  });

  it('should send a SCHEMA tenant its role and search_path in the same message as each statement', async () => {
    const { db, dataSource, sent } = fakeDataSource();
    const rows = await TenantContext.run({ tenantId: 'acme', connections: schemaTenant }, () =>
      db.statements((sql) => sql.query('SELECT $1::text AS answer', ["it's"])),
    );
    expect(rows).toEqual([{ answer: 'last' }]);
    expect(sent).toEqual([
      `SET LOCAL ROLE "tn_acme_ledger"; SET LOCAL search_path TO "acme"; SELECT 'it''s'::text AS answer`,
    ]);
    expect(dataSource.createQueryRunner).not.toHaveBeenCalled();
  });

  it('should join the transaction of an enclosing unit of work, answering rows all the same', async () => {
    const { db, sent } = fakeDataSource();
    const rows = await TenantContext.run({ tenantId: 'acme', connections: schemaTenant }, () =>
      db.transaction(() =>
        db.statements((sql) => sql.query('UPDATE note SET body = $1 RETURNING id', ['x'])),
      ),
    );
    expect(rows).toEqual([{ answer: 'in the transaction' }]);
    expect(sent).toEqual([
      'START TRANSACTION; SET LOCAL ROLE "tn_acme_ledger"; SET LOCAL search_path TO "acme"',
      'UPDATE note SET body = $1 RETURNING id ["x"] structured=true',
      'COMMIT',
    ]);
  });

  it('should release the connection when the work fails', async () => {
    const { db, runner } = fakeDataSource();
    await expect(
      TenantContext.run({ tenantId: 'acme', connections: schemaTenant }, () =>
        db.transaction(async () => {
          throw new Error('refused');
        }),
      ),
    ).rejects.toThrow('refused');
    expect(runner.release).toHaveBeenCalled();
  });
});
