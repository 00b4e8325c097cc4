import { AsyncLocalStorage } from 'node:async_hooks';
import type { EntityManager } from 'typeorm';
import { tenantSessionSql } from './sql';
import { TenantContext, type TenantScope } from './tenant-context';
import { TenantDataSources } from './tenant-data-sources';
import { TenantMigrator } from './tenant-migrator';

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
  ) {}

  async transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const scope = TenantContext.current();
    const outer = this.unitOfWork.getStore();
    if (outer && outer.scope === scope) return work(outer.manager);

    const { connections } = scope;
    return this.dataSources.use(connections, async (dataSource) => {
      await this.migrator.ensure(connections, dataSource);
      return dataSource.transaction(async (manager) => {
        const session = tenantSessionSql(connections);
        if (session) await manager.query(session);
        return this.unitOfWork.run({ scope, manager }, () => work(manager));
      });
    });
  }
}
