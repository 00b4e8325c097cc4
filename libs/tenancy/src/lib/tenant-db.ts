import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import type { TenantConnections } from '@finplat/contracts';
import {
  DomainError,
  dependencyFaultOf,
  dependencyUnavailable,
  PlatformErrors,
} from '@finplat/platform';
import type { Pool, QueryResult } from 'pg';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { bindLiterals, tenantSessionSql } from './sql';
import { tenantUnavailable } from './tenancy.errors';
import type { TenantConnectionsSource } from './tenant-connections.source';
import { TenantContext, type TenantScope } from './tenant-context';
import { TenantDataSources } from './tenant-data-sources';
import { TenantMigrator } from './tenant-migrator';

/**
 * PostgreSQL errors that mean the settings this instance holds for a tenant no longer work:
 * its database is gone (3D000), its password changed (28P01, 28000), its schema (3F000), its
 * tables (42P01) or its role (42704; 22023 on SET ROLE) were dropped, or the gateway may no
 * longer act as its role (42501 on SET ROLE). A session ended under a query (57P01, the
 * connection terminated: DROP DATABASE ... WITH (FORCE) of a deleted tenant) is a dependency
 * fault (503, decision 0046); the retry then meets one of these. Typically a promotion or rotation whose event has not arrived yet, or a tenant deleted while
 * this instance still held its settings.
 */
const STALE_PLACEMENT_CODES = new Set(['3D000', '28P01', '28000', '3F000', '42P01', '42704']);
const ROLE_CODES = new Set(['42501', '22023']);

export function isStalePlacement(error: unknown): boolean {
  const candidate = error as {
    code?: unknown;
    message?: unknown;
    driverError?: { code?: unknown };
  };
  const code = candidate?.driverError?.code ?? candidate?.code;
  if (typeof code !== 'string') return false;
  if (STALE_PLACEMENT_CODES.has(code)) return true;
  return (
    ROLE_CODES.has(code) && /set role|role ".*" does not exist/i.test(String(candidate.message))
  );
}

const isAnswerAboutTenant = (error: unknown): error is DomainError =>
  error instanceof DomainError &&
  (error.code === PlatformErrors.TENANT_NOT_FOUND.code ||
    error.code === PlatformErrors.TENANT_SUSPENDED.code);

/**
 * The tenant's database is down, restarting or refusing connections: the unit of work rolled
 * back (or never began), so the request is refused with 503 and may be retried. A bare socket
 * error here can only come from PostgreSQL, which is what the tenant's pool talks to.
 */
function asDependencyFault(error: unknown): unknown {
  if (error instanceof DomainError) return error;
  const fault = dependencyFaultOf(error, 'postgresql');
  return fault ? dependencyUnavailable(fault) : error;
}

/**
 * One SQL statement at a time; what statement-level work needs (an EntityManager is one).
 * Rows come back as node-postgres returns them.
 */
export interface SqlStatements {
  query<R = unknown>(
    sql: string,
    parameters?: readonly unknown[],
    options?: StatementOptions,
  ): Promise<R>;
}

export interface StatementOptions {
  /**
   * A statement sent many times with the same text (the posting path's): parsed and planned
   * once per pooled connection, as a named prepared statement, when it runs straight on a
   * tenant database's pool (decision 0064). In SCHEMA mode (the text travels with the
   * tenant's session settings, literals bound) and inside a transaction it is sent as usual.
   */
  prepare?: boolean;
}

/** Names of prepared statement texts, one per text; past the cap a text is not prepared. */
const PREPARED_NAMES = new Map<string, string>();
const MAX_PREPARED_TEXTS = 256;

function preparedName(sql: string): string | undefined {
  let name = PREPARED_NAMES.get(sql);
  if (name === undefined && PREPARED_NAMES.size < MAX_PREPARED_TEXTS) {
    name = `finplat_${createHash('sha1').update(sql).digest('hex').slice(0, 20)}`;
    PREPARED_NAMES.set(sql, name);
  }
  return name;
}

interface UnitOfWork {
  scope: TenantScope;
  manager: EntityManager;
}

/**
 * The only door to tenant data. `transaction` runs work in one database transaction on the
 * current tenant's database or schema, whichever the tenant context names. Nested calls
 * join the outer transaction. Repositories are singletons that call this; nothing in them
 * chooses a database, schema or role.
 */
export class TenantDb {
  private readonly unitOfWork = new AsyncLocalStorage<UnitOfWork>();

  constructor(
    private readonly dataSources: TenantDataSources,
    private readonly migrator: TenantMigrator,
    private readonly source?: TenantConnectionsSource,
  ) {}

  async transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const scope = TenantContext.current();
    const outer = this.unitOfWork.getStore();
    if (outer && outer.scope === scope) return work(outer.manager);
    return this.onTenantPool(scope, async (dataSource) => {
      const runner = dataSource.createQueryRunner();
      const session = tenantSessionSql(scope.connections);
      if (session) beginWithSession(runner, session);
      try {
        return await runner.manager.transaction((manager) =>
          this.unitOfWork.run({ scope, manager }, () => work(manager)),
        );
      } finally {
        await runner.release();
      }
    });
  }

  /**
   * Runs work whose statements each stand alone (each is its own transaction): one round trip
   * per statement, with no BEGIN or COMMIT. A SCHEMA-mode tenant's role and search_path
   * travel in the same message as each statement and end with it (decision 0013). Inside a
   * unit of work the statements join its transaction.
   */
  async statements<T>(work: (sql: SqlStatements) => Promise<T>): Promise<T> {
    if (this.unitOfWork.getStore()) return this.transaction((manager) => work(rowsOf(manager)));
    const scope = TenantContext.current();
    const session = tenantSessionSql(scope.connections);
    return this.onTenantPool(scope, (dataSource) => work(statementsOn(dataSource, session)));
  }

  /**
   * Work on one connection of its own, outside any transaction: what statements that refuse a
   * transaction block need (CREATE INDEX CONCURRENTLY). A SCHEMA-mode tenant's role and
   * search_path are set for the session and reset before the connection goes back to the pool.
   * Refused inside a unit of work, whose transaction it could not join.
   */
  async session<T>(work: (sql: SqlStatements) => Promise<T>): Promise<T> {
    if (this.unitOfWork.getStore()) {
      throw new Error('TenantDb.session cannot run inside a transaction');
    }
    const scope = TenantContext.current();
    const settings = tenantSessionSql(scope.connections, 'session');
    return this.onTenantPool(scope, async (dataSource) => {
      const runner = dataSource.createQueryRunner();
      await runner.connect();
      try {
        if (settings) await runner.query(settings);
        return await work({
          query: async <R>(sql: string, parameters: readonly unknown[] = []) =>
            (await runner.query(sql, [...parameters])) as R,
        });
      } finally {
        try {
          if (settings) await runner.query('RESET ROLE; RESET search_path');
        } finally {
          await runner.release();
        }
      }
    });
  }

  private async onTenantPool<T>(
    scope: TenantScope,
    work: (dataSource: DataSource) => Promise<T>,
  ): Promise<T> {
    const { connections } = scope;
    try {
      return await this.dataSources.use(connections, async (dataSource) => {
        await this.migrator.ensure(connections, dataSource);
        return work(dataSource);
      });
    } catch (error) {
      if (!isStalePlacement(error)) throw asDependencyFault(error);
      throw await this.vanished(scope);
    }
  }

  /**
   * The tenant's objects are not where its settings say (issue 13): the settings are forgotten
   * and fetched again. Deleted or suspended: that answer (404 0160 / 403 0159) and its pool
   * closed. Moved, re-keyed or still there: 503 with Retry-After, and the retry meets the new
   * settings. Never a 500. A SCHEMA tenant's pool is its database's gateway pool, shared with
   * other tenants: closed only when the settings now lead to another one.
   */
  private async vanished(scope: TenantScope): Promise<DomainError> {
    const { tenantId, connections } = scope;
    this.migrator.forget(connections);
    await this.source?.invalidate(tenantId);
    let fresh: TenantConnections | undefined;
    let answer: unknown;
    try {
      fresh = await this.source?.get(tenantId);
    } catch (error) {
      answer = error;
    }
    const shared = connections.isolationMode === 'SCHEMA' && !!connections.postgresql?.gateway;
    const samePool =
      fresh !== undefined &&
      TenantDataSources.poolKey(fresh) === TenantDataSources.poolKey(connections);
    if (!shared || (fresh !== undefined && !samePool)) await this.dataSources.retire(connections);
    if (isAnswerAboutTenant(answer)) return answer;
    return tenantUnavailable('the tenant was moved, deleted or its credentials changed; retry', 1);
  }
}

/**
 * Statements on a transaction's connection, answering rows as the pool's driver does
 * (TypeORM answers an UPDATE with `[rows, count]`).
 */
function rowsOf(manager: EntityManager): SqlStatements {
  const runner = manager.queryRunner as QueryRunner;
  return {
    async query<R>(sql: string, parameters: readonly unknown[] = []): Promise<R> {
      return (await runner.query(sql, [...parameters], true)).records as R;
    },
  };
}

/**
 * Statements straight on the pool's driver (node-postgres), each on whichever connection is
 * free. With a session (SCHEMA mode) a statement is sent as `SET LOCAL …; SET LOCAL …;
 * <statement>` in one simple-protocol message: PostgreSQL runs such a message as one
 * implicit transaction, so the settings hold for the statement and are gone after it.
 */
function statementsOn(dataSource: DataSource, session: string | undefined): SqlStatements {
  const pool = (dataSource.driver as PostgresDriver).master as Pool;
  return {
    async query<R>(
      sql: string,
      parameters: readonly unknown[] = [],
      options?: StatementOptions,
    ): Promise<R> {
      if (!session) {
        const name = options?.prepare ? preparedName(sql) : undefined;
        const values = parameters as unknown[];
        const result = name
          ? await pool.query({ name, text: sql, values })
          : await pool.query(sql, values);
        return result.rows as R;
      }
      const results = (await pool.query(
        `${session}; ${bindLiterals(sql, parameters)}`,
      )) as unknown as QueryResult[];
      return results[results.length - 1].rows as R;
    },
  };
}

/**
 * Sends a SCHEMA-mode tenant's session settings (LOCAL role and search_path) in the same
 * round trip as the `START TRANSACTION` TypeORM issues for this runner, instead of one more.
 */
function beginWithSession(runner: QueryRunner, session: string): void {
  const query = runner.query.bind(runner) as (...args: unknown[]) => Promise<unknown>;
  runner.query = ((text: string, ...rest: unknown[]) =>
    query(
      text === 'START TRANSACTION' ? `START TRANSACTION; ${session}` : text,
      ...rest,
    )) as QueryRunner['query'];
}
